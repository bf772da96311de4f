import { isUnresolved } from "../hcl/tokens";
import { cidrContains, parseCidr } from "../network-acl/cidr";
import { ECR_REPOSITORY_NAME } from "./ecr";

/** Longest cluster name: it prefixes IAM role names (at most 64 characters) such as `<name>-system-nodes`. */
export const MAX_CLUSTER_NAME = 40;

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Account, path (`/` or `/platform/`) and name of a role ARN; undefined for anything else. */
export function parseRoleArn(roleArn: string): { accountId: string; path: string; name: string } | undefined {
  const match = /^arn:aws(?:-[a-z]+)*:iam::(\d{12}):role(\/(?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/.exec(roleArn);
  return match === null ? undefined : { accountId: match[1], path: match[2], name: match[3] };
}

/** `admin_platform_admins` from `arn:aws:iam::123456789012:role/platform/platform-admins`: the role name, snake_case. */
export function adminKey(roleArn: string): string {
  const name = parseRoleArn(roleArn)?.name ?? roleArn;
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "_");
}

export function clusterNameIssues(name: string): string[] {
  if (isUnresolved(name)) return ["name: must be a literal string, known at synth (it names IAM roles and log groups)"];
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
    if (isUnresolved(arn) || parseRoleArn(arn) === undefined) {
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

/** Security group ids: `sg-` and 8 or 17 hexadecimal digits. */
export const SECURITY_GROUP_ID = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/** Rule numbers of the application network ACL's inbound rules for the private endpoint: 300 + position. */
export const API_NACL_RULE_BASE = 300;
export const MAX_PRIVATE_CIDRS = 50;

/** The CIDR and security group lists of `EndpointAccess`, all given. */
export interface EndpointAccessLists {
  readonly privateCidrs: readonly string[];
  readonly privateSecurityGroupIds: readonly string[];
  readonly publicCidrs: readonly string[];
}

/** One problem of an `EndpointAccess`: the field below it (`publicCidrs[1]`) and what is wrong. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** `10_200_0_0_16` from `10.200.0.0/16`, `sg_0123abcd` from `sg-0123abcd`: address suffixes. */
export function sourceKey(cidrOrGroup: string): string {
  return cidrOrGroup.replace(/[^A-Za-z0-9]+/g, "_").toLowerCase();
}

/** Ranges that never reach the public endpoint: RFC 1918 and the shared address space of RFC 6598. */
const NON_PUBLIC = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map((c) => parseCidr(c)!);

/** Every problem of an endpoint access, with the field below `endpointAccess`; shared with the config checks. */
export function endpointAccessProblems(access: EndpointAccessLists): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const cidrs = (list: "privateCidrs" | "publicCidrs") =>
    access[list].forEach((cidr, i) => {
      const field = `${list}[${i}]`;
      const block = parseCidr(cidr);
      const first = access[list].indexOf(cidr);
      if (isUnresolved(cidr) || block === undefined) {
        problems.push({ field, message: `"${cidr}" is not a literal IPv4 CIDR such as 203.0.113.0/24` });
      } else if (!block.aligned) {
        problems.push({ field, message: `${cidr} is not a network address (host bits are set)` });
      } else if (block.prefix === 0) {
        const reach = list === "publicCidrs" ? "the internet" : "every network routed to the VPC";
        problems.push({
          field,
          message: `${cidr} would open the API endpoint to ${reach}; list only the ranges that need it`,
        });
      } else if (list === "publicCidrs" && NON_PUBLIC.some((range) => cidrContains(range, block))) {
        problems.push({
          field,
          message: `${cidr} is a private range, which the public endpoint never sees; list it in privateCidrs`,
        });
      } else if (first !== i) {
        problems.push({ field, message: `${cidr} is already listed at ${list}[${first}]` });
      }
    });
  cidrs("privateCidrs");
  cidrs("publicCidrs");
  if (access.privateCidrs.length > MAX_PRIVATE_CIDRS) {
    problems.push({
      field: "privateCidrs",
      message: `at most ${MAX_PRIVATE_CIDRS} (their network ACL rules are numbered ${API_NACL_RULE_BASE}-${API_NACL_RULE_BASE + MAX_PRIVATE_CIDRS - 1})`,
    });
  }
  access.privateSecurityGroupIds.forEach((id, i) => {
    const field = `privateSecurityGroupIds[${i}]`;
    const first = access.privateSecurityGroupIds.indexOf(id);
    if (isUnresolved(id) || !SECURITY_GROUP_ID.test(id)) {
      problems.push({ field, message: `"${id}" is not a literal security group id such as sg-0123456789abcdef0` });
    } else if (first !== i) {
      problems.push({ field, message: `${id} is already listed at privateSecurityGroupIds[${first}]` });
    }
  });
  return problems;
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

/**
 * What EKS does at the end of standard support.
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_UpgradePolicyRequest.html
 */
export const SUPPORT_TYPES = ["STANDARD", "EXTENDED"] as const;
export type SupportType = (typeof SUPPORT_TYPES)[number];

export function supportTypeIssues(supportType: string): string[] {
  return (SUPPORT_TYPES as readonly string[]).includes(supportType)
    ? []
    : [`supportType: "${supportType}" is not one of ${SUPPORT_TYPES.join(", ")}`];
}
