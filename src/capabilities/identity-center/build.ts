import { IdentityCenter, type PermissionSetProps } from "../../../modules/identity-center";
import { policyDocument } from "../../../modules/iam/policy";
import { accountIdOf } from "../../config/topology";
import type { CapabilityBuilder } from "../capability";
import { resolveIdentityCenter, type ResolvedPermissionSet } from "./resolve";
import type { IdentityCenterOrganization } from "./schema";

/**
 * Permission sets and group assignments, in the stack of the account and region whose Identity
 * Center instance they belong to (the management account's home region unless the config says
 * otherwise). IAM users stay denied by the guardrail SCP: this is the way in.
 */
export const identityCenterBuilder: CapabilityBuilder<IdentityCenterOrganization> = {
  build({ scope, org, target }) {
    const resolved = resolveIdentityCenter(org);
    if (resolved === undefined || target.accountName !== resolved.accountName || target.region !== resolved.region) {
      return;
    }
    const config = org.identityCenter!;
    const accounts = [...new Set(Object.values(resolved.assignments).flatMap((byAccount) => Object.keys(byAccount)))];
    new IdentityCenter(scope, "identity_center", {
      permissionSets: Object.fromEntries(
        Object.entries(resolved.permissionSets).map(([key, set]) => [key, permissionSetProps(set)]),
      ),
      groups: config.groups,
      accounts: Object.fromEntries(accounts.map((name) => [name, accountIdOf(org, name)])),
      assignments: resolved.assignments,
      verifyGroups: config.verifyGroups,
    });
  },
};

function permissionSetProps(set: ResolvedPermissionSet): PermissionSetProps {
  return {
    name: set.name,
    description: set.description,
    sessionDuration: set.sessionDuration,
    awsManagedPolicyArns: set.awsManagedPolicyArns,
    customerManagedPolicies: set.customerManagedPolicies,
    inlinePolicy: set.inlinePolicy === undefined ? undefined : policyDocument(...set.inlinePolicy),
  };
}
