import type { ConfigIssue } from "./issues";
import { DEFAULT_DEPLOY_PRINCIPAL_ROLE } from "./security";
import type { CoreOrganization } from "./shapes";
import { accountOfKind } from "./topology";

/** The trusted deploy principals: the config's, or the default role in the management account. */
export function deployPrincipalArns(org: CoreOrganization): string[] {
  if (org.deployPrincipalArns !== undefined) return [...org.deployPrincipalArns];
  const management = org.accounts[accountOfKind(org, "management")];
  return [`arn:aws:iam::${management.id}:role/${DEFAULT_DEPLOY_PRINCIPAL_ROLE}`];
}

/** The account id of a role ARN the schema accepted. */
export function principalAccountId(arn: string): string {
  return arn.split(":")[4];
}

/**
 * Deploy principals must be roles of this organization's accounts (the trusts keep an
 * `aws:PrincipalOrgID` condition), each listed once.
 */
export function checkDeployPrincipals(org: CoreOrganization): ConfigIssue[] {
  const arns = org.deployPrincipalArns ?? [];
  const accountIds = new Set(Object.values(org.accounts).flatMap((account) => (account.id ? [account.id] : [])));
  const roleKey = (arn: string) => `${principalAccountId(arn)}/${arn.slice(arn.lastIndexOf("/") + 1)}`;
  return arns.flatMap((arn, index): ConfigIssue[] => {
    const path = `deployPrincipalArns[${index}]`;
    const first = arns.findIndex((other) => roleKey(other) === roleKey(arn));
    if (first !== index) {
      return [
        {
          path,
          message: `names the role of deployPrincipalArns[${first}] again (role names are unique in an account, whatever the path)`,
        },
      ];
    }
    const account = principalAccountId(arn);
    if (!accountIds.has(account)) {
      return [
        {
          path,
          message: `account ${account} is not an account of this organization (with an id): the trusts' aws:PrincipalOrgID condition would refuse it`,
        },
      ];
    }
    return [];
  });
}
