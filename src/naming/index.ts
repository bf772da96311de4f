/**
 * The one place that decides stack ids, state keys, Terraform names and Name tags.
 * Stack ids and Terraform names are addresses: changing one means destroy-and-create.
 */

export const BOOTSTRAP_STACK_ID = "bootstrap";

/** The stack of the organization itself (OUs, accounts, SCPs, trusted access), deployed before any account-region. */
export const ORGANIZATION_STACK_ID = "organization";

/** `acme/organization/terraform.tfstate`. */
export function organizationStateKey(org: string): string {
  return `${org}/${ORGANIZATION_STACK_ID}/terraform.tfstate`;
}

/** The stack that creates the Terraform Cloud workspaces of all others (`backend.manageWorkspaces`). */
export const TFC_STACK_ID = "tfc";

/** `prod-ca-central-1`: the stack (and Terraform Cloud workspace suffix) of one account-region. */
export function stackId(account: string, region: string): string {
  return `${account}-${region}`;
}

/** `acme/prod/ca-central-1/terraform.tfstate`, unless the config overrides it for adoption. */
export function stateKey(org: string, account: string, region: string, override?: string): string {
  return override ?? `${org}/${account}/${region}/terraform.tfstate`;
}

/** `prod-ca-central-1-k8s`: the Kubernetes layer of an account-region (Helm needs the cluster's outputs). */
export function k8sStackId(account: string, region: string): string {
  return `${stackId(account, region)}-k8s`;
}

/** `acme/prod/ca-central-1-k8s/terraform.tfstate`: the -k8s stack's own state. */
export function k8sStateKey(org: string, account: string, region: string): string {
  return `${org}/${account}/${region}-k8s/terraform.tfstate`;
}

/** EKS cluster name `acme-prod-us-east-1`; also the subnets' `karpenter.sh/discovery` tag. Replaces the cluster when changed. */
export function clusterName(org: string, stack: string): string {
  return `${org}-${stack}`;
}

/** Physical `Name` tag: `acme-prod-us-east-1-vpc-public`. Free to change in place. */
export function nameTag(org: string, stack: string, ...parts: string[]): string {
  return [org, stack, ...parts].join("-");
}

/**
 * Terraform name of an element from the construct ids below its stack: ids joined with `_`,
 * the id `resource` (a module's primary resource) omitted, lowercase snake_case, no hash.
 */
export function terraformName(constructIds: readonly string[]): string {
  return constructIds
    .filter((id) => id !== "resource")
    .join("_")
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_");
}

/** The log-archive bucket, in the security account: `acme-log-archive-222222222222` (at most 57 characters). */
export function logArchiveBucketName(org: string, securityAccountId: string): string {
  return `${org}-log-archive-${securityAccountId}`;
}

/** The log-archive bucket's server access log bucket: `acme-log-access-222222222222`. */
export function logAccessBucketName(org: string, securityAccountId: string): string {
  return `${org}-log-access-${securityAccountId}`;
}

/** The organization registry table, the same name in every replica region: `acme-organization-registry`. */
export function registryTableName(org: string): string {
  return `${org}-organization-registry`;
}

/** The global user directory beside the registry: `acme-user-directory`. */
export function userDirectoryTableName(org: string): string {
  return `${org}-user-directory`;
}

/** The organization trail, in the management account's home region: `acme-organization-trail`. */
export function organizationTrailName(org: string): string {
  return `${org}-organization-trail`;
}
