import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LambdaFunction as LambdaFunctionResource } from "@cdktf/provider-aws/lib/lambda-function";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { AssetType, TerraformAsset, Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { logRetentionIssues } from "../eks/checks";
import { policyDocument, policyJson, type PolicyStatement } from "../iam/policy";
import { KmsKeyWithAlias, logGroupKeyStatement } from "../kms-key";
import { type LambdaCode } from "./code";
import {
  DEFAULTS,
  FUNCTION_NAME,
  MAX_TIMEOUT_SECONDS,
  MEMORY_RANGE_MB,
  NODE_RUNTIMES,
  RUNTIMES_NEWER_THAN_PROVIDER,
  type NodeRuntime,
} from "./defaults";

export { LambdaCode, repositoryDirectory } from "./code";
export { DEFAULTS, NODE_RUNTIMES, type NodeRuntime } from "./defaults";

/** What an API integration or an event source needs of a function. */
export interface LambdaFunctionRef {
  readonly functionName: string;
  readonly functionArn: string;
  /** The ARN API Gateway integrations call (`invoke_arn`). */
  readonly invokeArn: string;
}

/**
 * One outbound rule of the function's security group: TCP (or UDP) to exactly one of a CIDR, a
 * managed prefix list (e.g. DynamoDB's, for its gateway endpoint) or another security group.
 */
export interface LambdaEgressRule {
  /** Why the function goes there; shown on the rule. */
  readonly description: string;
  /** First port (and the only one unless `toPort` is given). */
  readonly port: number;
  /** @default - `port` */
  readonly toPort?: number;
  /** @default "tcp" */
  readonly protocol?: "tcp" | "udp";
  readonly cidrIpv4?: string;
  readonly prefixListId?: string;
  readonly securityGroupId?: string;
}

/** Where the function runs when it is in a VPC: the application subnets, and what it may reach. */
export interface LambdaFunctionNetwork {
  readonly vpcId: string;
  /** Private application subnets (at least two AZs, so one AZ's outage leaves the function running). */
  readonly subnetIds: string[];
  /**
   * Outbound rules, keyed by a stable name (the address suffix `<id>_sg_out_<key>`). Nothing else
   * leaves the function: the group has no other egress and no ingress.
   */
  readonly egress: Readonly<Record<string, LambdaEgressRule>>;
}

/** Where failed asynchronous invocations go. */
export interface LambdaDeadLetterTarget {
  readonly type: "sqs" | "sns";
  /** Queue or topic ARN. */
  readonly arn: string;
}

export interface LambdaFunctionProps {
  /** Function name, e.g. `acme-prod-organization-lookup`; changing it replaces the function. */
  readonly functionName: string;
  /** @default - none */
  readonly description?: string;
  /** Region of the stack's provider: the function, its role's log permissions and its key live there. */
  readonly region: string;
  /** Account that owns the function and, when the module creates it, the CMK. */
  readonly accountId: string;
  /** The code, archived at synth: `LambdaCode.fromTypeScript(dir)` or `LambdaCode.fromDirectory(dir)`. */
  readonly code: LambdaCode;
  /** `<file>.<export>` inside the archive. @default "index.handler" */
  readonly handler?: string;
  /**
   * Node.js runtime; changing it updates the function in place.
   * @default "nodejs22.x"
   * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
   */
  readonly runtime?: NodeRuntime;
  /** Changing it updates the function in place. @default "arm64" */
  readonly architecture?: "arm64" | "x86_64";
  /** Memory in MB (128-10240), which also sets the CPU share; cost grows with it. @default 256 */
  readonly memorySizeMb?: number;
  /** Timeout in seconds (1-900). @default 10 */
  readonly timeoutSeconds?: number;
  /**
   * Environment variables, encrypted at rest with the CMK (`kms_key_arn`). Never secrets: pass a
   * Secrets Manager ARN and grant it through `policyStatements` instead.
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * CMK of the environment variables and the log group. A key you pass must let
   * `logs.<region>.amazonaws.com` use it for `/aws/lambda/<functionName>` (`cloudWatchLogsStatement`).
   * @default - a new key with the alias `<functionName>-lambda` ($1 a month)
   */
  readonly kmsKeyArn?: string;
  /** Days the log group keeps events (a CloudWatch Logs retention value). @default 365 */
  readonly logRetentionDays?: number;
  /**
   * Run in the VPC's application subnets with a security group of its own.
   * @default - outside any VPC (it reaches only public AWS endpoints)
   * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
   */
  readonly network?: LambdaFunctionNetwork;
  /**
   * What the function may do besides writing its own logs (and, in a VPC, managing its network
   * interfaces): least privilege, with resources named.
   * @default [] - nothing else
   */
  readonly policyStatements?: readonly PolicyStatement[];
  /**
   * Concurrency reserved for (and capping) this function; 0 stops all invocations.
   * @default - unreserved: the function shares the account's regional pool
   */
  readonly reservedConcurrency?: number;
  /** X-Ray active tracing (traces are billed per trace recorded). @default false */
  readonly tracing?: boolean;
  /**
   * SQS queue or SNS topic (in the function's region) that receives the events of failed
   * asynchronous invocations. An encrypted target's key must admit the role: add it through `policyStatements`.
   * @default - none
   */
  readonly deadLetter?: LambdaDeadLetterTarget;
  /** `prevent_destroy` on the log group and a created CMK. @default true */
  readonly deletionProtection?: boolean;
  /** Tags on every resource, besides the provider's default tags. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * A Lambda function from source in the repository: the code archived at synth, a pinned Node.js
 * runtime, a least-privilege execution role, its own KMS-encrypted log group created first, a
 * KMS-encrypted environment, and optionally a VPC placement with a security group that reaches only
 * what the caller names.
 */
export class LambdaFunction extends Construct {
  readonly function: LambdaFunctionResource;
  readonly functionName: string;
  readonly functionArn: string;
  readonly invokeArn: string;
  readonly roleArn: string;
  readonly roleName: string;
  readonly logGroupName: string;
  readonly logGroupArn: string;
  readonly kmsKeyArn: string;
  /** The function's security group, when it runs in a VPC. */
  readonly securityGroupId?: string;
  readonly ref: LambdaFunctionRef;

  private readonly tags: Record<string, string>;

  constructor(scope: Construct, id: string, props: LambdaFunctionProps) {
    super(scope, id);
    const protect = props.deletionProtection ?? true;
    this.tags = props.tags ?? {};
    const issues = lambdaFunctionIssues(props);
    this.node.addValidation({ validate: () => issues });

    const logGroupName = `/aws/lambda/${props.functionName}`;
    this.kmsKeyArn = props.kmsKeyArn ?? this.createKey(props, logGroupName, protect);
    // Created before the function, with the key and retention: Lambda would otherwise create it on
    // the first invocation, unencrypted and kept forever. The role cannot create log groups.
    const logGroup = new CloudwatchLogGroup(this, "logs", {
      name: logGroupName,
      kmsKeyId: this.kmsKeyArn,
      retentionInDays: props.logRetentionDays ?? DEFAULTS.logRetentionDays,
      tags: this.tagged(logGroupName),
      lifecycle: { preventDestroy: protect },
    });
    this.logGroupName = logGroup.name;
    this.logGroupArn = logGroup.arn;

    const { role, grants } = this.createRole(props, logGroup);
    this.roleArn = role.arn;
    this.roleName = role.name;
    this.securityGroupId = props.network === undefined ? undefined : this.createSecurityGroup(props, props.network);

    // A missing source is reported by the validation above, which fails the synth before any file is written.
    const asset =
      props.code.problems().length === 0
        ? new TerraformAsset(this, "code", { path: props.code.packageDirectory(), type: AssetType.ARCHIVE })
        : undefined;
    const environment = props.environment ?? {};
    this.function = new LambdaFunctionResource(this, "resource", {
      functionName: props.functionName,
      description: props.description,
      role: role.arn,
      filename: asset?.path ?? "missing-code.zip",
      // A change sentinel only (the provider compares it with its last value, never with the zip):
      // the hash of the packaged files, so Terraform need not read the archive to plan.
      // https://github.com/hashicorp/terraform-provider-aws/issues/40095
      sourceCodeHash: asset?.assetHash,
      handler: props.handler ?? DEFAULTS.handler,
      runtime: props.runtime ?? DEFAULTS.runtime,
      architectures: [props.architecture ?? DEFAULTS.architecture],
      memorySize: props.memorySizeMb ?? DEFAULTS.memorySizeMb,
      timeout: props.timeoutSeconds ?? DEFAULTS.timeoutSeconds,
      kmsKeyArn: this.kmsKeyArn,
      environment: Object.keys(environment).length === 0 ? undefined : { variables: { ...environment } },
      loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
      vpcConfig:
        props.network === undefined || this.securityGroupId === undefined
          ? undefined
          : { subnetIds: props.network.subnetIds, securityGroupIds: [this.securityGroupId] },
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracingConfig: props.tracing === true ? { mode: "Active" } : undefined,
      deadLetterConfig: props.deadLetter === undefined ? undefined : { targetArn: props.deadLetter.arn },
      tags: this.tagged(props.functionName),
      // CreateFunction checks the role's VPC permissions (and the DLQ's) when it is called.
      dependsOn: [logGroup, ...grants],
    });
    this.functionName = this.function.functionName;
    this.functionArn = this.function.arn;
    this.invokeArn = this.function.invokeArn;
    this.ref = { functionName: this.functionName, functionArn: this.functionArn, invokeArn: this.invokeArn };
  }

  private createKey(props: LambdaFunctionProps, logGroupName: string, protect: boolean): string {
    const key = new KmsKeyWithAlias(this, "key", {
      alias: `${props.functionName}-lambda`,
      description: `Environment and logs of Lambda function ${props.functionName}`,
      accountId: props.accountId,
      deletionProtection: protect,
      policyStatements: [logGroupKeyStatement(props.region, props.accountId, logGroupName)],
    });
    return key.keyArn;
  }

  /**
   * The execution role: trusted by Lambda only; writes its own log group's streams, decrypts its
   * environment; in a VPC, the AWS managed AWSLambdaVPCAccessExecutionRole (network interfaces);
   * X-Ray and the dead-letter target only when used; then the caller's statements.
   */
  private createRole(
    props: LambdaFunctionProps,
    logGroup: CloudwatchLogGroup,
  ): { role: IamRole; grants: ITerraformDependable[] } {
    const role = new IamRole(this, "role", {
      name: roleName(props),
      description: `Execution role of Lambda function ${props.functionName}`,
      assumeRolePolicy: policyJson(
        policyDocument({
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
        }),
      ),
      tags: this.tagged(roleName(props)),
    });
    const statements: PolicyStatement[] = [
      {
        Sid: "WriteOwnLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${logGroup.arn}:*`,
      },
      // Lambda decrypts the environment through a grant it creates on the key; the explicit
      // permission keeps the function working when that grant is lost (a role recreated).
      { Sid: "DecryptEnvironment", Effect: "Allow", Action: "kms:Decrypt", Resource: this.kmsKeyArn },
      ...(props.tracing === true
        ? [
            {
              // PutTraceSegments and PutTelemetryRecords take no resource-level permissions.
              Sid: "WriteTraces",
              Effect: "Allow" as const,
              Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
              Resource: "*",
            },
          ]
        : []),
      ...deadLetterStatements(props.deadLetter),
      ...(props.policyStatements ?? []),
    ];
    const grants: ITerraformDependable[] = [
      new IamRolePolicy(this, "role_policy", {
        role: role.id,
        name: "function",
        policy: policyJson(policyDocument(...statements)),
      }),
    ];
    if (props.network !== undefined) {
      grants.push(
        new IamRolePolicyAttachment(this, "role_vpc_access", {
          role: role.name,
          policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
        }),
      );
    }
    return { role, grants };
  }

  /**
   * A group with no ingress and only the caller's egress rules. The provider removes the default
   * allow-all egress rule AWS adds to a new group when the resource declares none.
   * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/security_group
   */
  private createSecurityGroup(props: LambdaFunctionProps, network: LambdaFunctionNetwork): string {
    const group = new SecurityGroup(this, "sg", {
      name: `${props.functionName}-lambda`,
      description: `Lambda function ${props.functionName}: no ingress, egress only where its rules say`,
      vpcId: network.vpcId,
      revokeRulesOnDelete: true,
      tags: this.tagged(`${props.functionName}-lambda`),
    });
    for (const [key, rule] of Object.entries(network.egress)) {
      new VpcSecurityGroupEgressRule(this, `sg_out_${key}`, {
        securityGroupId: group.id,
        description: rule.description,
        ipProtocol: rule.protocol ?? "tcp",
        fromPort: rule.port,
        toPort: rule.toPort ?? rule.port,
        cidrIpv4: rule.cidrIpv4,
        prefixListId: rule.prefixListId,
        referencedSecurityGroupId: rule.securityGroupId,
      });
    }
    return group.id;
  }

  private tagged(name: string): Record<string, string> {
    return { ...this.tags, Name: name };
  }
}

/** IAM role names are account-wide: the region keeps the same function in two regions apart. */
const roleName = (props: LambdaFunctionProps): string => `${props.functionName}-${props.region}`;

function deadLetterStatements(target: LambdaDeadLetterTarget | undefined): PolicyStatement[] {
  if (target === undefined) return [];
  return [
    {
      Sid: "SendFailedEvents",
      Effect: "Allow",
      Action: target.type === "sns" ? "sns:Publish" : "sqs:SendMessage",
      Resource: target.arn,
    },
  ];
}

/** Every problem with the props, as `<prop path>: <message>`. */
export function lambdaFunctionIssues(props: LambdaFunctionProps): string[] {
  const issues: string[] = [];
  const literal = (value: string | undefined): value is string => value !== undefined && !Token.isUnresolved(value);
  if (!literal(props.functionName)) {
    issues.push("functionName: must be a literal string (it names the log group, the role and the key)");
  } else if (!FUNCTION_NAME.test(props.functionName)) {
    issues.push(`functionName: "${props.functionName}" must be 1-64 letters, digits, "-" or "_"`);
  } else if (roleName(props).length > 64) {
    issues.push(
      `functionName: the role name "${roleName(props)}" (<functionName>-<region>) is longer than IAM's 64 characters`,
    );
  }
  issues.push(...props.code.problems().map((problem) => `code: ${problem}`));
  const runtime: string = props.runtime ?? DEFAULTS.runtime;
  if ((RUNTIMES_NEWER_THAN_PROVIDER as readonly string[]).includes(runtime)) {
    issues.push(
      `runtime: ${runtime} is not known to the pinned AWS provider (5.100.0); use one of ${NODE_RUNTIMES.join(", ")}`,
    );
  } else if (!(NODE_RUNTIMES as readonly string[]).includes(runtime)) {
    issues.push(`runtime: "${runtime}" is not a supported Node.js runtime (${NODE_RUNTIMES.join(", ")})`);
  }
  const memory = props.memorySizeMb ?? DEFAULTS.memorySizeMb;
  if (!Number.isInteger(memory) || memory < MEMORY_RANGE_MB.min || memory > MEMORY_RANGE_MB.max) {
    issues.push(`memorySizeMb: ${memory} is outside ${MEMORY_RANGE_MB.min}-${MEMORY_RANGE_MB.max}`);
  }
  const timeout = props.timeoutSeconds ?? DEFAULTS.timeoutSeconds;
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > MAX_TIMEOUT_SECONDS) {
    issues.push(`timeoutSeconds: ${timeout} is outside 1-${MAX_TIMEOUT_SECONDS}`);
  }
  issues.push(...logRetentionIssues(props.logRetentionDays ?? DEFAULTS.logRetentionDays));
  if (
    props.reservedConcurrency !== undefined &&
    (!Number.isInteger(props.reservedConcurrency) || props.reservedConcurrency < 0)
  ) {
    issues.push(`reservedConcurrency: ${props.reservedConcurrency} must be a whole number, 0 or more`);
  }
  for (const [name, value] of Object.entries(props.environment ?? {})) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
      issues.push(`environment.${name}: names are letters, digits and "_", starting with a letter`);
    } else if (name.startsWith("AWS_")) {
      issues.push(`environment.${name}: AWS_ names are reserved by the Lambda runtime`);
    }
    if (literal(value) && /^(?:AKIA|ASIA)[A-Z0-9]{16}$/.test(value)) {
      issues.push(`environment.${name}: looks like an access key id; functions get credentials from their role`);
    }
  }
  for (const [path, arn, service] of [
    ["kmsKeyArn", props.kmsKeyArn, "kms"],
    ["deadLetter.arn", props.deadLetter?.arn, props.deadLetter?.type],
  ] as const) {
    if (!literal(arn)) continue;
    const [, , arnService, region] = arn.split(":");
    if (arnService !== service) issues.push(`${path}: ${arn} is not an ${service} ARN`);
    if (region !== props.region) {
      issues.push(
        `${path}: ${arn} is in ${region}, not in the function's region ${props.region} (a function uses its own region's resources)`,
      );
    }
  }
  if (props.network !== undefined) issues.push(...networkIssues(props.network));
  return issues;
}

function networkIssues(network: LambdaFunctionNetwork): string[] {
  const issues: string[] = [];
  if (!Token.isUnresolved(network.subnetIds) && network.subnetIds.length < 2) {
    issues.push("network.subnetIds: give subnets in at least two availability zones");
  }
  for (const [key, rule] of Object.entries(network.egress)) {
    const path = `network.egress.${key}`;
    if (!/^[a-z0-9_]+$/.test(key))
      issues.push(`${path}: keys are lowercase letters, digits and "_" (an address suffix)`);
    const targets = [rule.cidrIpv4, rule.prefixListId, rule.securityGroupId].filter((t) => t !== undefined);
    if (targets.length !== 1) {
      issues.push(`${path}: give exactly one of cidrIpv4, prefixListId, securityGroupId`);
    }
    if (rule.cidrIpv4 === "0.0.0.0/0") {
      issues.push(`${path}.cidrIpv4: 0.0.0.0/0 lets the function reach anything; name what it needs`);
    }
    const toPort = rule.toPort ?? rule.port;
    if (!Number.isInteger(rule.port) || rule.port < 0 || toPort > 65535 || toPort < rule.port) {
      issues.push(`${path}: ports ${rule.port}-${toPort} are not a range within 0-65535`);
    }
  }
  return issues;
}
