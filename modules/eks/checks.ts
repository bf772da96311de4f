import { Token } from "cdktf";
import { parseCidr } from "../network-acl/cidr";
import { ECR_REPOSITORY_NAME } from "./ecr";

/** Longest cluster name: it prefixes IAM role names (at most 64 characters) such as `<name>-system-nodes`. */
export const MAX_CLUSTER_NAME = 40;

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

/** `admin_platform_admins` from `arn:aws:iam::123456789012:role/platform/platform-admins`: the role name, snake_case. */
export function adminKey(roleArn: string): string {
  const name = ROLE_ARN.exec(roleArn)?.[1] ?? roleArn;
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "_");
}

export function clusterNameIssues(name: string): string[] {
  if (Token.isUnresolved(name))
    return ["name: must be a literal string, known at synth (it names IAM roles and log groups)"];
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name) || name.length > MAX_CLUSTER_NAME) {
    return [
      `name: "${name}" must be 1-${MAX_CLUSTER_NAME} letters, digits, "-" or "_", starting with a letter or digit (it prefixes IAM role names, at most 64 characters)`,
    ];
  }
  return [];
}

export function kubernetesVersionIssues(version: string): string[] {
  return /^1\.\d{2}$/.test(version)
    ? []
    : [`kubernetesVersion: "${version}" is not a Kubernetes minor version like "1.33" (^1\\.\\d{2}$)`];
}

export function adminIssues(roleArns: readonly string[]): string[] {
  if (roleArns.length === 0) {
    return [
      "adminRoleArns: give at least one IAM role; the cluster creator gets no access (bootstrap_cluster_creator_admin_permissions is off), so nobody could administer the cluster",
    ];
  }
  const issues: string[] = [];
  const seen = new Map<string, number>();
  roleArns.forEach((arn, i) => {
    if (Token.isUnresolved(arn) || !ROLE_ARN.test(arn)) {
      issues.push(
        `adminRoleArns[${i}]: "${arn}" is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>); access entries here are for roles only, never users or the caller identity`,
      );
      return;
    }
    const key = adminKey(arn);
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push(`adminRoleArns[${i}]: role name "${key}" is already used by adminRoleArns[${first}]`);
    } else {
      seen.set(key, i);
    }
  });
  return issues;
}

export interface NodeSizes {
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
}

export function nodeSizeIssues({ minSize, desiredSize, maxSize }: NodeSizes): string[] {
  const issues: string[] = [];
  for (const [field, value] of Object.entries({ minSize, desiredSize, maxSize })) {
    if (!Number.isInteger(value)) issues.push(`systemNodes.${field}: ${value} is not a whole number of nodes`);
  }
  if (minSize < 1) issues.push(`systemNodes.minSize: ${minSize} must be at least 1 (the system pods need nodes)`);
  if (maxSize < minSize) issues.push(`systemNodes.maxSize: ${maxSize} is below minSize (${minSize})`);
  if (desiredSize < minSize || desiredSize > maxSize) {
    issues.push(
      `systemNodes.desiredSize: ${desiredSize} must be between minSize (${minSize}) and maxSize (${maxSize})`,
    );
  }
  return issues;
}

export function publicAccessIssues(cidrs: readonly string[]): string[] {
  return cidrs.flatMap((cidr, i) => {
    const block = parseCidr(cidr);
    if (block === undefined || !block.aligned) return [`publicAccessCidrs[${i}]: "${cidr}" is not an IPv4 CIDR`];
    if (block.prefix === 0) {
      return [
        `publicAccessCidrs[${i}]: ${cidr} would open the API endpoint to the internet; list only the ranges that need it`,
      ];
    }
    return [];
  });
}

export function logRetentionIssues(days: number): string[] {
  return (LOG_RETENTION_DAYS as readonly number[]).includes(days)
    ? []
    : [`logRetentionDays: ${days} is not a CloudWatch Logs retention (${LOG_RETENTION_DAYS.join(", ")})`];
}

/** `orders_api` from `orders-api`: the address suffix of a repository. */
export function ecrKey(name: string): string {
  return name.replace(/[^a-z0-9]+/g, "_");
}

export function ecrIssues(names: readonly string[]): string[] {
  const issues: string[] = [];
  names.forEach((name, i) => {
    if (!ECR_REPOSITORY_NAME.test(name) || name.length > 256) {
      issues.push(
        `ecrRepositories[${i}]: "${name}" is not an ECR repository name (lowercase letters and digits, separated by ".", "_", "-" or "/")`,
      );
    }
    const first = names.findIndex((other) => ecrKey(other) === ecrKey(name));
    if (first !== i) {
      issues.push(
        `ecrRepositories[${i}]: "${name}" has the same address (ecr_${ecrKey(name)}) as ecrRepositories[${first}]`,
      );
    }
  });
  return issues;
}
