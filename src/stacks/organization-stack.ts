import { RamSharingWithOrganization } from "@cdktf/provider-aws/lib/ram-sharing-with-organization";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { Organization } from "../config/schema";
import { registerIdentityCenterAdministrator } from "../capabilities/identity-center/delegation";
import { accountOfKind } from "../config/topology";
import { ORGANIZATION_STACK_ID, organizationStateKey } from "../naming";
import { configureAwsProvider } from "./aws-provider";
import { configureBackend } from "./backend";
import { BaseStack } from "./base-stack";
import { buildOrganization } from "./governance";

/**
 * The organization, its trusted access, OUs, member accounts and SCPs, in the management account's
 * home region: a stack of its own, because every other stack needs what it sets first (the
 * delegated administrators need trusted access; member stacks need their accounts) while the
 * management account's own stacks write into the log archive of the security account.
 */
export class OrganizationStack extends BaseStack {
  constructor(scope: Construct, org: Organization) {
    super(scope, ORGANIZATION_STACK_ID);
    configureAwsProvider(this, org, {
      accountName: accountOfKind(org, "management"),
      region: org.homeRegion,
      stack: ORGANIZATION_STACK_ID,
    });
    configureBackend(this, org, { stackId: ORGANIZATION_STACK_ID, key: organizationStateKey(org.name) });
    const organization = buildOrganization(this, org);
    if (org.transitHub !== undefined) {
      // The transit hubs share their gateways with the organization: RAM sharing with AWS Organizations
      // is enabled from the management account, after RAM's trusted access
      // (https://docs.aws.amazon.com/ram/latest/userguide/getting-started-sharing.html#getting-started-sharing-orgs).
      new RamSharingWithOrganization(this, "ram_sharing", { dependsOn: [organization.organization] });
    }
    registerIdentityCenterAdministrator(this, org, organization.organization);
    // Ids of the accounts this stack creates go into the config (accounts.<name>.id) before their stacks exist.
    new TerraformOutput(this, "account_ids", { value: organization.accountIds });
    new TerraformOutput(this, "organization_id", { value: organization.organizationId });
  }
}
