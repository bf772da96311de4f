import { LocalBackend, TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { StateBackend } from "../../modules/state-backend";
import type { Organization, S3BackendConfig } from "../config/schema";
import { deployPrincipalArns } from "../config/deploy-principals";
import { accountIdOf } from "../config/topology";
import { BOOTSTRAP_STACK_ID } from "../naming";
import { adoptResources } from "./adopt";
import { configureAwsProvider } from "./aws-provider";
import { configureBackend, stateKeyAlias } from "./backend";
import { BaseStack } from "./base-stack";

/**
 * Creates what remote state needs, on local state first (see the README for the migration).
 * Only for the S3 backend: Terraform Cloud keeps state itself.
 */
export class BootstrapStack extends BaseStack {
  constructor(scope: Construct, org: Organization, backend: S3BackendConfig) {
    super(scope, BOOTSTRAP_STACK_ID);
    const ownerId = accountIdOf(org, backend.account);
    if (backend.bootstrapMigrated) {
      configureBackend(this, org, { stackId: BOOTSTRAP_STACK_ID, key: `${org.name}/bootstrap/terraform.tfstate` });
    } else {
      new LocalBackend(this, { path: "terraform.tfstate" });
    }
    configureAwsProvider(this, org, {
      accountName: backend.account,
      region: backend.region,
      stack: BOOTSTRAP_STACK_ID,
    });
    const state = new StateBackend(this, "state", {
      bucketName: backend.bucket,
      lockTableName: backend.lockTable,
      keyAlias: stateKeyAlias(org).replace(/^alias\//, ""),
      accountId: ownerId,
      accessRoleName: backend.roleName,
      trustedPrincipalArns: deployPrincipalArns(org),
      organizationId: org.organizationId,
      keyPrefix: `${org.name}/`,
    });
    adoptResources(this, backend.adopt, "backend.adopt");
    new TerraformOutput(this, "bucket", { value: state.bucketName });
    if (state.lockTableName !== undefined) new TerraformOutput(this, "lock_table_name", { value: state.lockTableName });
    new TerraformOutput(this, "kms_key_arn", { value: state.keyArn });
    new TerraformOutput(this, "access_role_arn", { value: state.accessRoleArn });
  }
}
