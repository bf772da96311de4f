import { sessionDurationIssue } from "../../../modules/identity-center/defaults";
import type { ConfigIssue } from "../../config/issues";
import { accountOfKind } from "../../config/topology";
import { resolveIdentityCenter } from "./resolve";
import type { IdentityCenterOrganization } from "./schema";

const PATH = "identityCenter";

/**
 * Where Identity Center lives, what each assignment names, and who reaches the security account,
 * every issue at its field's path.
 */
export function checkIdentityCenter(org: IdentityCenterOrganization): ConfigIssue[] {
  const config = org.identityCenter;
  // The core checks report a missing management or security account.
  const kinds = new Set(Object.values(org.accounts).map((account) => account.kind));
  if (config === undefined || !kinds.has("management") || !kinds.has("security")) return [];
  const resolved = resolveIdentityCenter(org)!;
  const issues: ConfigIssue[] = [];
  const management = accountOfKind(org, "management");
  const security = accountOfKind(org, "security");
  const home = org.accounts[resolved.accountName];
  if (home === undefined) {
    issues.push({ path: `${PATH}.account`, message: `account "${resolved.accountName}" is not in accounts` });
  } else if (home.id === undefined || !(resolved.region in home.regions)) {
    issues.push({
      path: config.region === undefined ? `${PATH}.account` : `${PATH}.region`,
      message: `Identity Center needs a stack at accounts.${resolved.accountName}.regions.${resolved.region} (an account with an id and that region)`,
    });
  }
  for (const [key, set] of Object.entries(config.permissionSets)) {
    const issue = sessionDurationIssue(set.sessionDuration);
    if (issue !== undefined) issues.push({ path: `${PATH}.permissionSets.${key}.sessionDuration`, message: issue });
  }
  const sets = Object.keys(resolved.permissionSets);
  for (const [group, accounts] of Object.entries(resolved.assignments)) {
    const groupPath = `${PATH}.assignments.${group}`;
    if (!(group in config.groups)) {
      issues.push({
        path: groupPath,
        message: `group "${group}" is not in identityCenter.groups (${list(config.groups)})`,
      });
    }
    for (const [accountName, setKeys] of Object.entries(accounts)) {
      const path = `${groupPath}.${accountName}`;
      const account = org.accounts[accountName];
      if (account === undefined) {
        issues.push({ path, message: `account "${accountName}" is not in accounts (${list(org.accounts)})` });
      } else if (account.id === undefined) {
        issues.push({ path, message: `accounts.${accountName} has no id yet; assign it once the account exists` });
      }
      // A delegated administrator cannot manage access to the management account: AWS IAM Identity
      // Center user guide, "Delegated administration" (https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin.html).
      if (accountName === management && resolved.accountName !== management) {
        issues.push({
          path,
          message: `Identity Center is administered from ${resolved.accountName}, a delegated administrator, which cannot manage access to the management account`,
        });
      }
      if (accountName === security && group !== config.securityGroup) {
        issues.push({
          path,
          message: `only the security team (identityCenter.securityGroup "${config.securityGroup}") may access the security account`,
        });
      }
      setKeys.forEach((setKey, i) => {
        if (!sets.includes(setKey)) {
          issues.push({
            path: `${path}[${i}]`,
            message: `permission set "${setKey}" is not in permissionSets (${sets.join(", ")})`,
          });
        }
      });
    }
  }
  return issues;
}

const list = (record: object): string => Object.keys(record).join(", ") || "none";
