/**
 * What a config layer needs of the Lambda module, with no construct import: defaults, the runtimes
 * allowed, name limits.
 */

/**
 * Node.js runtimes a function may use: supported by AWS Lambda and known to the pinned provider.
 * `nodejs22.x` (Node.js 22 LTS on Amazon Linux 2023) is the newest runtime hashicorp/aws 5.100.0
 * accepts; its Lambda deprecation date is 2027-04-30. `nodejs24.x` exists in Lambda since 2025-11 but
 * 5.100.0's enum does not list it (terraform validate refuses it); `nodejs18.x` reached end of
 * support on 2025-09-01.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 */
export const NODE_RUNTIMES = ["nodejs20.x", "nodejs22.x"] as const;
export type NodeRuntime = (typeof NODE_RUNTIMES)[number];

/** Runtimes AWS has announced but the pinned provider (5.100.0) does not know: refused with that reason. */
export const RUNTIMES_NEWER_THAN_PROVIDER = ["nodejs24.x"] as const;

/** Defaults resolved once. */
export const DEFAULTS = {
  runtime: "nodejs22.x" as NodeRuntime,
  /** Graviton: the same Node.js code, about 20% cheaper per GB-second than x86_64. */
  architecture: "arm64" as "arm64" | "x86_64",
  handler: "index.handler",
  memorySizeMb: 256,
  timeoutSeconds: 10,
  /** CloudWatch Logs retention of the function's log group, in days (Security Hub CloudWatch.16 asks for a year). */
  logRetentionDays: 365,
} as const;

/**
 * Function names: 1-64 letters, digits, `-` or `_`. They also name the log group `/aws/lambda/<name>`
 * and, with a suffix, the role and security group.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#lambda-CreateFunction-request-FunctionName
 */
export const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Longest function name that leaves room for the role name `<name>-lambda` (IAM role names: at most 64). */
export const MAX_FUNCTION_NAME = 57;

/** Memory Lambda accepts, in MB, and the longest timeout, in seconds. */
export const MEMORY_RANGE_MB = { min: 128, max: 10240 } as const;
export const MAX_TIMEOUT_SECONDS = 900;
