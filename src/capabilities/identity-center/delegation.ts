import { OrganizationsDelegatedAdministrator } from "@cdktf/provider-aws/lib/organizations-delegated-administrator";
import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import { accountIdOf, accountOfKind } from "../../config/topology";
import { resolveIdentityCenter } from "./resolve";
import type { IdentityCenterOrganization } from "./schema";

/**
 * Identity Center's service principal, with which its delegated administrator is registered through
 * AWS Organizations ("AWS services that you can use with AWS Organizations",
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services_list.html).
 */
export const IDENTITY_CENTER_PRINCIPAL = "sso.amazonaws.com";

/**
 * In the organization stack: registers `identityCenter.account`, when it is not the management
 * account, as Identity Center's delegated administrator. Only the management account may register
 * one, and the instance answers `aws_ssoadmin_instances` in the member account only afterwards
 * ("Register a member account", https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin.html),
 * so the sets' stack, which deploys after this one, finds it on a first deploy.
 */
export function registerIdentityCenterAdministrator(
  scope: Construct,
  org: IdentityCenterOrganization,
  organization: ITerraformDependable,
): OrganizationsDelegatedAdministrator | undefined {
  const resolved = resolveIdentityCenter(org);
  if (resolved === undefined || resolved.accountName === accountOfKind(org, "management")) return undefined;
  return new OrganizationsDelegatedAdministrator(scope, "identity_center_administrator", {
    accountId: accountIdOf(org, resolved.accountName),
    servicePrincipal: IDENTITY_CENTER_PRINCIPAL,
    dependsOn: [organization],
  });
}
