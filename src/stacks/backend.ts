import { CloudBackend, NamedCloudWorkspace, S3Backend, type TerraformStack } from "cdktf";
import type { CoreOrganization, S3BackendConfig } from "../config/shapes";
import { accountIdOf } from "../config/topology";

/** What a stack's state is called: its stack id, and the S3 key unless the config overrides it. */
export interface StateTarget {
  readonly stackId: string;
  readonly key: string;
}

/** The alias of the CMK that encrypts state objects (created by `bootstrap`). */
export function stateKeyAlias(org: CoreOrganization): string {
  return `alias/${org.name}-terraform-state`;
}

/** ARN of the role stacks assume for state access, in the account that owns the bucket. */
export function stateRoleArn(org: CoreOrganization, backend: S3BackendConfig): string {
  return `arn:aws:iam::${accountIdOf(org, backend.account)}:role/${backend.roleName}`;
}

/**
 * S3 state locked by the S3 lockfile (and a DynamoDB table when the config opts in), or one
 * Terraform Cloud workspace. The locking keys go in by override: S3Backend props are copied into
 * every consumer's `terraform_remote_state`, where they mean nothing and `dynamodb_table` warns.
 */
export function configureBackend(stack: TerraformStack, org: CoreOrganization, state: StateTarget): void {
  const backend = org.backend;
  if (backend.type === "cloud") {
    new CloudBackend(stack, {
      hostname: backend.hostname,
      organization: backend.organization,
      workspaces: new NamedCloudWorkspace(`${backend.workspacePrefix}${state.stackId}`),
    });
    return;
  }
  const ownerId = accountIdOf(org, backend.account);
  new S3Backend(stack, {
    bucket: backend.bucket,
    key: state.key,
    region: backend.region,
    encrypt: true,
    kmsKeyId: `arn:aws:kms:${backend.region}:${ownerId}:${stateKeyAlias(org)}`,
    assumeRole: { roleArn: stateRoleArn(org, backend), sessionName: `${org.name}-state-${state.stackId}` },
  });
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
  if (backend.lockTable !== undefined) stack.addOverride("terraform.backend.s3.dynamodb_table", backend.lockTable);
}
