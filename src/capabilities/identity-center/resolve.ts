import { LANDING_ZONE_PERMISSION_SETS, type PermissionSetDefinition } from "../../../modules/identity-center/defaults";
import { accountOfKind } from "../../config/topology";
import type { IdentityCenterConfig, IdentityCenterOrganization } from "./schema";

/** A permission set after defaults: the shipped sets, with the config's keys over them. */
export type ResolvedPermissionSet = PermissionSetDefinition &
  Pick<NonNullable<IdentityCenterConfig["permissionSets"][string]>, "customerManagedPolicies" | "inlinePolicy">;

export interface ResolvedIdentityCenter {
  /** The account and region whose stack holds the sets and assignments. */
  readonly accountName: string;
  readonly region: string;
  readonly permissionSets: Readonly<Record<string, ResolvedPermissionSet>>;
  /** `{ <group>: { <account>: [<set>] } }`, the config's or the defaults. */
  readonly assignments: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/**
 * The Identity Center config with its defaults applied: the management account in the home region,
 * the landing zone's permission sets, and, without assignments of the config's own, the security
 * team alone in the security account and the developers read-only in every prod account.
 */
export function resolveIdentityCenter(org: IdentityCenterOrganization): ResolvedIdentityCenter | undefined {
  const config = org.identityCenter;
  if (config === undefined) return undefined;
  const shipped: Record<string, ResolvedPermissionSet> = Object.fromEntries(
    Object.entries(LANDING_ZONE_PERMISSION_SETS).map(([key, set]) => [key, { ...set, customerManagedPolicies: [] }]),
  );
  return {
    accountName: config.account ?? accountOfKind(org, "management"),
    region: config.region ?? org.homeRegion,
    permissionSets: { ...shipped, ...config.permissionSets },
    assignments: config.assignments ?? defaultAssignments(org, config),
  };
}

function defaultAssignments(
  org: IdentityCenterOrganization,
  config: IdentityCenterConfig,
): Record<string, Record<string, string[]>> {
  const assignments: Record<string, Record<string, string[]>> = {};
  if (config.securityGroup in config.groups) {
    assignments[config.securityGroup] = {
      [accountOfKind(org, "security")]: ["securityAdministrator", "securityAudit"],
    };
  }
  const prod = Object.keys(org.accounts).filter(
    (name) => org.accounts[name].environment === "prod" && org.accounts[name].kind === "workload",
  );
  if (config.developersGroup in config.groups && prod.length > 0) {
    assignments[config.developersGroup] = Object.fromEntries(prod.map((name) => [name, ["readOnly"]]));
  }
  return assignments;
}
