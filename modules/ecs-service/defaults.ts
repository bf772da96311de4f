/**
 * What a config layer needs of an ECS Fargate service without loading a construct: defaults, the
 * Fargate task sizes, the step policies of 003, and the pure checks of sizes, images and names.
 */

/**
 * Task memory (MiB) Fargate offers for each task CPU value (CPU units, 1024 = 1 vCPU), Linux.
 * 8 and 16 vCPU need platform version 1.4.0 or later (`LATEST` is).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html
 */
export const FARGATE_TASK_SIZES: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: steps(1024, 4096, 1024),
  1024: steps(2048, 8192, 1024),
  2048: steps(4096, 16384, 1024),
  4096: steps(8192, 30720, 1024),
  8192: steps(16384, 61440, 4096),
  16384: steps(32768, 122880, 8192),
};

function steps(from: number, to: number, by: number): number[] {
  return Array.from({ length: (to - from) / by + 1 }, (_, i) => from + i * by);
}

/** 003's scaling policy in production: +1 task at CPU > 70 % for 2 minutes, -1 at < 30 % for 5 minutes. */
export const BANKAPP_STEP_SCALING = {
  scaleOut: { cpuPercent: 70, minutes: 2, tasks: 1 },
  scaleIn: { cpuPercent: 30, minutes: 5, tasks: 1 },
} as const;

export const DEFAULTS = {
  desiredCount: 1,
  /** Rolling deployments keep every running task until its replacement is healthy. */
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  /** Time a new task has before the load balancer's health checks count against it. */
  healthCheckGracePeriodSeconds: 60,
  logRetentionDays: 90,
  cpuArchitecture: "X86_64",
  /** 003's target ("Auto-Scaling: ECS tasks scale based on CPU (target 70%)"). */
  cpuTargetPercent: 70,
  /** Below 003's memory warning (80 % for 5 minutes), so scaling acts before the warning fires. */
  memoryTargetPercent: 75,
  scaleOutCooldownSeconds: 60,
  scaleInCooldownSeconds: 300,
  stepScaling: BANKAPP_STEP_SCALING,
  /** HTTPS out: ECR, CloudWatch Logs, Secrets Manager and SSM through the VPC endpoints or NAT. */
  egress: {
    https: { port: 443, cidr: "0.0.0.0/0", description: "HTTPS to AWS APIs (endpoints or NAT) and external APIs" },
  },
} as const;

export const CPU_ARCHITECTURES = ["X86_64", "ARM64"] as const;
export type CpuArchitecture = (typeof CPU_ARCHITECTURES)[number];

/** `<cpu>` and `<memory>` must be a Fargate task size; both problems at once, with the values that fit. */
export function fargateSizeIssues(cpu: number, memory: number): string[] {
  const memories = FARGATE_TASK_SIZES[cpu];
  if (memories === undefined) {
    return [`cpu: ${cpu} is not a Fargate task CPU value (${Object.keys(FARGATE_TASK_SIZES).join(", ")} CPU units)`];
  }
  if (memories.includes(memory)) return [];
  const range =
    memories.length <= 4
      ? memories.join(", ")
      : `${memories[0]}-${memories[memories.length - 1]} in steps of ${memories[1] - memories[0]}`;
  const fits = Object.entries(FARGATE_TASK_SIZES)
    .filter(([, m]) => m.includes(memory))
    .map(([c]) => c);
  return [
    `memory: ${memory} MiB is not offered with cpu ${cpu} (${range} MiB)` +
      (fits.length > 0 ? `; ${memory} MiB goes with cpu ${fits.join(" or ")}` : ""),
  ];
}

/** Docker tag grammar: up to 128 word characters, `.` and `-`, not starting with `.` or `-`. */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** A private ECR repository URL: `<account>.dkr.ecr.<region>.amazonaws.com/<name>`. */
export const ECR_REPOSITORY_URL = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([a-z0-9]+(?:[._/-][a-z0-9]+)*)$/;

/**
 * The image tag must name one build: `latest` moves under a running service, so a task replaced
 * tomorrow could run other code than the one deployed today (and ECR immutable tags refuse pushing it twice).
 */
export function imageTagIssues(path: string, tag: string): string[] {
  if (tag.toLowerCase() === "latest") {
    return [`${path}: "latest" is refused: give the tag of one build (a version or a commit SHA)`];
  }
  if (!IMAGE_TAG.test(tag)) return [`${path}: "${tag}" is not a Docker image tag (${IMAGE_TAG.source})`];
  return [];
}

/** Environment variable names the container gets, as POSIX shells accept them. */
export const ENVIRONMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** ECS service names (and task definition families): up to 255 letters, digits, `-` and `_`. */
export const SERVICE_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** A Secrets Manager secret's full ARN: region, account, and the name with its 6-character suffix. */
export const SECRET_ARN = /^arn:aws:secretsmanager:([a-z0-9-]+):(\d{12}):secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;
/** An SSM parameter's ARN: region and account. */
export const PARAMETER_ARN = /^arn:aws:ssm:([a-z0-9-]+):(\d{12}):parameter\/[A-Za-z0-9_.\-/]+$/;
/** An SSM parameter's name (a name with `/` is fully qualified and starts with it). */
export const PARAMETER_NAME = /^[A-Za-z0-9_.\-/]{1,2048}$/;
