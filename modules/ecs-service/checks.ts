import { Token } from "cdktf";
import type { EcsServiceProps } from ".";
import {
  BANKAPP_STEP_SCALING,
  CPU_ARCHITECTURES,
  DEFAULTS,
  ECR_REPOSITORY_URL,
  ENVIRONMENT_NAME,
  fargateSizeIssues,
  imageTagIssues,
  PARAMETER_ARN,
  PARAMETER_NAME,
  SECRET_ARN,
  SERVICE_NAME,
} from "./defaults";

/**
 * Where a secret variable's value comes from, read by ECS when the task starts.
 * - Secrets Manager: the secret's full ARN (with its six-character suffix, as `aws_secretsmanager_secret.arn`
 *   gives it), optionally one key of its JSON value.
 * - SSM Parameter Store: the parameter's name (`/bankapp/prod/jwt-secret`) or ARN.
 * `kmsKeyArn`: the customer managed key the value is encrypted with, if any; the execution role may
 * decrypt with it through Secrets Manager or SSM only.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html
 */
export type ContainerSecret =
  | { readonly secretsManagerArn: string; readonly jsonKey?: string; readonly kmsKeyArn?: string }
  | { readonly parameter: string; readonly kmsKeyArn?: string };

/** The props with the defaults the checks need resolved. */
export interface ResolvedService extends EcsServiceProps {
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, ContainerSecret>>;
  readonly executeCommand: boolean;
  readonly readonlyRootFilesystem: boolean;
  readonly scratchPaths: readonly string[];
  readonly minimumHealthyPercent: number;
  readonly maximumPercent: number;
  readonly loadBalancers: NonNullable<EcsServiceProps["loadBalancers"]>;
}

/** What the container definition and the execution role need of the secrets. */
export function secretSources(
  region: string,
  accountId: string,
  secrets: Readonly<Record<string, ContainerSecret>>,
): {
  valueFrom: { name: string; valueFrom: string }[];
  secretArns: string[];
  parameterArns: string[];
  kmsKeyArns: string[];
} {
  const valueFrom: { name: string; valueFrom: string }[] = [];
  const secretArns = new Set<string>();
  const parameterArns = new Set<string>();
  const kmsKeyArns = new Set<string>();
  for (const [name, secret] of Object.entries(secrets)) {
    if ("secretsManagerArn" in secret) {
      secretArns.add(secret.secretsManagerArn);
      valueFrom.push({
        name,
        valueFrom:
          secret.jsonKey === undefined ? secret.secretsManagerArn : `${secret.secretsManagerArn}:${secret.jsonKey}::`,
      });
    } else {
      const arn = parameterArn(region, accountId, secret.parameter);
      parameterArns.add(arn);
      valueFrom.push({ name, valueFrom: arn });
    }
    if (secret.kmsKeyArn !== undefined) kmsKeyArns.add(secret.kmsKeyArn);
  }
  return { valueFrom, secretArns: [...secretArns], parameterArns: [...parameterArns], kmsKeyArns: [...kmsKeyArns] };
}

/** The ARN of a parameter given by name or ARN; a name with slashes is fully qualified (leading `/`). */
function parameterArn(region: string, accountId: string, parameter: string): string {
  if (parameter.startsWith("arn:")) return parameter;
  return `arn:aws:ssm:${region}:${accountId}:parameter${parameter.startsWith("/") ? "" : "/"}${parameter}`;
}

/** Every problem of the props, by prop path. */
export function serviceIssues(s: ResolvedService): string[] {
  return [
    ...nameIssues(s),
    ...imageIssues(s),
    ...fargateSizeIssues(s.cpu, s.memory),
    ...portIssues(s),
    ...environmentIssues(s),
    ...s.scratchPaths.flatMap((path, i) =>
      path.startsWith("/") && s.scratchPaths.indexOf(path) === i
        ? []
        : [`scratchPaths[${i}]: "${path}" must be an absolute path, listed once`],
    ),
    ...executeCommandIssues(s),
    ...deploymentIssues(s),
    ...autoscalingIssues(s),
    ...Object.entries(s.egress ?? {}).flatMap(([key, rule]) => [
      ...(/^[a-z][a-z0-9_]*$/.test(key) ? [] : [`egress.${key}: the key names the rule's address; use snake_case`]),
      ...(validPort(rule.port) ? [] : [`egress.${key}.port: ${rule.port} is not a TCP port (1-65535)`]),
    ]),
    ...(s.network.subnetIds.length === 0 ? ["network.subnetIds: give the application subnets"] : []),
    ...((CPU_ARCHITECTURES as readonly string[]).includes(s.cpuArchitecture ?? "X86_64")
      ? []
      : [`cpuArchitecture: "${s.cpuArchitecture}" is not one of ${CPU_ARCHITECTURES.join(", ")}`]),
  ];
}

function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

function nameIssues(s: ResolvedService): string[] {
  if (Token.isUnresolved(s.name) || !SERVICE_NAME.test(s.name)) {
    return [
      `name: "${s.name}" must be a literal of letters, digits, "-" or "_" (it names the roles and the log group)`,
    ];
  }
  const role = `${s.name}-${s.region}-execution`;
  return role.length > 64
    ? [`name: "${s.name}" is too long: the execution role "${role}" exceeds IAM's 64 characters`]
    : [];
}

function imageIssues(s: ResolvedService): string[] {
  const issues = Token.isUnresolved(s.image.tag) ? [] : imageTagIssues("image.tag", s.image.tag);
  if (!Token.isUnresolved(s.image.repositoryUrl)) {
    const match = ECR_REPOSITORY_URL.exec(s.image.repositoryUrl);
    if (match === null) {
      issues.push(
        `image.repositoryUrl: "${s.image.repositoryUrl}" is not a private ECR repository (<account>.dkr.ecr.<region>.amazonaws.com/<name>, without a tag)`,
      );
    } else if (match[2] !== s.region) {
      issues.push(
        `image.repositoryUrl: the repository is in ${match[2]}; pull from a repository (or replica) in ${s.region}`,
      );
    }
  }
  return issues;
}

function portIssues(s: ResolvedService): string[] {
  const issues: string[] = [];
  if (s.ports.length === 0) issues.push("ports: give the port the container listens on");
  s.ports.forEach((port, i) => {
    if (!validPort(port)) issues.push(`ports[${i}]: ${port} is not a TCP port (1-65535)`);
    else if (s.ports.indexOf(port) !== i)
      issues.push(`ports[${i}]: ${port} is already ports[${s.ports.indexOf(port)}]`);
  });
  s.loadBalancers.forEach((lb, i) => {
    const port = lb.containerPort ?? s.ports[0];
    if (port !== undefined && !s.ports.includes(port)) {
      issues.push(
        `loadBalancers[${i}].containerPort: ${port} is not a port of the task definition (ports: ${s.ports.join(", ")})`,
      );
    }
  });
  return issues;
}

function environmentIssues(s: ResolvedService): string[] {
  const issues: string[] = [];
  for (const name of Object.keys(s.environment)) {
    if (!ENVIRONMENT_NAME.test(name))
      issues.push(`environment.${name}: not a variable name (${ENVIRONMENT_NAME.source})`);
  }
  for (const [name, secret] of Object.entries(s.secrets)) {
    const at = `secrets.${name}`;
    if (!ENVIRONMENT_NAME.test(name)) issues.push(`${at}: not a variable name (${ENVIRONMENT_NAME.source})`);
    if (name in s.environment) issues.push(`${at}: environment.${name} sets the same variable; keep one`);
    if ("secretsManagerArn" in secret) {
      issues.push(
        ...arnIssues(
          `${at}.secretsManagerArn`,
          secret.secretsManagerArn,
          SECRET_ARN,
          s.region,
          "a Secrets Manager secret ARN with its 6-character suffix",
        ),
      );
      if (secret.jsonKey !== undefined && !/^[A-Za-z0-9_.-]+$/.test(secret.jsonKey)) {
        issues.push(`${at}.jsonKey: "${secret.jsonKey}" is not a JSON key ECS can select (letters, digits, _ . -)`);
      }
    } else if (secret.parameter.startsWith("arn:")) {
      issues.push(...arnIssues(`${at}.parameter`, secret.parameter, PARAMETER_ARN, s.region, "an SSM parameter ARN"));
    } else if (
      !Token.isUnresolved(secret.parameter) &&
      (!PARAMETER_NAME.test(secret.parameter) || (secret.parameter.includes("/") && !secret.parameter.startsWith("/")))
    ) {
      issues.push(
        `${at}.parameter: "${secret.parameter}" is not a parameter name (letters, digits, _ . - /; a name with "/" starts with "/")`,
      );
    }
  }
  return issues;
}

/** A literal ARN must have the shape and be of the service's region: secrets stay in their residency zone. */
function arnIssues(path: string, arn: string, shape: RegExp, region: string, what: string): string[] {
  if (Token.isUnresolved(arn)) return [];
  const match = shape.exec(arn);
  if (match === null) return [`${path}: "${arn}" is not ${what}`];
  return match[1] === region
    ? []
    : [`${path}: the value is in ${match[1]}; a task of ${region} reads ${region}'s secrets only`];
}

function executeCommandIssues(s: ResolvedService): string[] {
  if (!s.executeCommand) return [];
  const issues: string[] = [];
  if (s.cluster.executeCommand === undefined) {
    issues.push("executeCommand: the cluster has no ECS Exec configuration; turn on executeCommand of the EcsCluster");
  }
  if (s.readonlyRootFilesystem) {
    issues.push("readonlyRootFilesystem: ECS Exec's agent needs a writable root filesystem; turn one of them off");
  }
  return issues;
}

function deploymentIssues(s: ResolvedService): string[] {
  const issues: string[] = [];
  const min = s.minimumHealthyPercent;
  const max = s.maximumPercent;
  if (!Number.isInteger(min) || min < 0 || min > 100) issues.push(`minimumHealthyPercent: ${min} is outside 0-100`);
  if (!Number.isInteger(max) || max < 100) issues.push(`maximumPercent: ${max} must be at least 100`);
  else if (max <= min) {
    issues.push(
      `maximumPercent: ${max} leaves no room above minimumHealthyPercent ${min}, so no deployment could start a task`,
    );
  }
  const desired = s.desiredCount ?? DEFAULTS.desiredCount;
  if (!Number.isInteger(desired) || desired < 0) issues.push(`desiredCount: ${desired} is not a task count`);
  if (s.healthCheckGracePeriodSeconds !== undefined && s.loadBalancers.length === 0) {
    issues.push(
      "healthCheckGracePeriodSeconds: applies to load balancer health checks; the service has no loadBalancers",
    );
  }
  return issues;
}

function autoscalingIssues(s: ResolvedService): string[] {
  const scaling = s.autoscaling;
  if (scaling === undefined) return [];
  const issues: string[] = [];
  if (s.desiredCount !== undefined) {
    issues.push("desiredCount: autoscaling sets the task count (minTasks to maxTasks); remove desiredCount");
  }
  if (!Number.isInteger(scaling.minTasks) || scaling.minTasks < 0) {
    issues.push(`autoscaling.minTasks: ${scaling.minTasks} is not a task count`);
  }
  if (!Number.isInteger(scaling.maxTasks) || scaling.maxTasks < Math.max(1, scaling.minTasks)) {
    issues.push(
      `autoscaling.maxTasks: ${scaling.maxTasks} must be at least 1 and at least minTasks (${scaling.minTasks})`,
    );
  }
  for (const key of ["cpuTargetPercent", "memoryTargetPercent"] as const) {
    const value = scaling[key];
    if (value !== undefined && !(value > 0 && value <= 100))
      issues.push(`autoscaling.${key}: ${value} is outside (0, 100]`);
  }
  if (scaling.stepScaling !== undefined) {
    const out = { ...BANKAPP_STEP_SCALING.scaleOut, ...scaling.stepScaling.scaleOut };
    const inn = { ...BANKAPP_STEP_SCALING.scaleIn, ...scaling.stepScaling.scaleIn };
    for (const [key, step] of [
      ["scaleOut", out],
      ["scaleIn", inn],
    ] as const) {
      const at = `autoscaling.stepScaling.${key}`;
      if (!(step.cpuPercent > 0 && step.cpuPercent < 100))
        issues.push(`${at}.cpuPercent: ${step.cpuPercent} is outside (0, 100)`);
      if (!Number.isInteger(step.minutes) || step.minutes < 1)
        issues.push(`${at}.minutes: ${step.minutes} is not a whole number of minutes`);
      if (!Number.isInteger(step.tasks) || step.tasks < 1)
        issues.push(`${at}.tasks: ${step.tasks} is not a task count`);
    }
    if (inn.cpuPercent >= out.cpuPercent) {
      issues.push(
        `autoscaling.stepScaling.scaleIn.cpuPercent: ${inn.cpuPercent} must be below scaleOut.cpuPercent ${out.cpuPercent}, or the policies fight`,
      );
    }
  }
  return issues;
}
