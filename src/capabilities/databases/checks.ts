import type { ConfigIssue } from "../../config/issues";
import { accountHomeRegion, stackTargets, type StackEdge, type StackTarget } from "../../config/topology";
import { stackId } from "../../naming";
import type { DatabasesOrganization } from "./schema";

/** Placement, protection and residency of every account-region's databases, at their fields' paths. */
export function checkDatabases(org: DatabasesOrganization): ConfigIssue[] {
  return stackTargets(org).flatMap((target) => checkDatabasesOf(org, target));
}

function checkDatabasesOf(org: DatabasesOrganization, target: StackTarget<DatabasesOrganization>): ConfigIssue[] {
  const databases = target.settings.databases;
  if (databases === undefined) return [];
  const path = `${target.path}.databases`;
  const issues: ConfigIssue[] = [];
  if (!target.settings.network) {
    issues.push({ path, message: `needs the network capability at ${target.path}.network, which is off` });
  }
  for (const [engine, database] of Object.entries(databases)) {
    if (database === undefined) continue;
    if (!database.deletionProtection && target.account.environment !== "dev") {
      issues.push({
        path: `${path}.${engine}.deletionProtection`,
        message: `only a dev account may turn deletion protection off; accounts.${target.accountName} is ${target.account.environment}`,
      });
    }
    const dr = database.disasterRecoveryRegion;
    if (dr === undefined) continue;
    const drPath = `${path}.${engine}.disasterRecoveryRegion`;
    const zone = org.regions[target.region]?.residency;
    if (!(dr in org.regions)) {
      issues.push({ path: drPath, message: `region "${dr}" is not governed` });
    } else if (dr === target.region) {
      issues.push({ path: drPath, message: "a disaster-recovery replica goes to another region" });
    } else if (org.regions[dr].residency !== zone) {
      issues.push({
        path: drPath,
        message:
          `${dr} is in residency zone "${org.regions[dr].residency}", ${target.region} in "${zone}": ` +
          "only the registry and the reference tables may leave their zone",
      });
    } else if (dr === accountHomeRegion(org, target.account)) {
      issues.push({
        path: drPath,
        message:
          `${dr} is the account's home region, whose stack every other stack of the account follows; ` +
          "a replica's stack follows its source's, so the primary belongs in the home region",
      });
    } else if (!target.account.regions[dr]?.network) {
      issues.push({
        path: drPath,
        message: `the replica needs a network in accounts.${target.accountName}.regions.${dr}`,
      });
    }
  }
  return issues;
}

/**
 * A disaster-recovery replica lives in the account's stack of that region, after its source's
 * (only a replica the checks accept: same residency zone, another region, not the home region).
 */
export function recoveryReplicaDependencies(org: DatabasesOrganization): StackEdge[] {
  return stackTargets(org).flatMap((t) =>
    Object.entries(t.settings.databases ?? {}).flatMap(([engine, database]) =>
      database?.disasterRecoveryRegion === undefined ||
      database.disasterRecoveryRegion === t.region ||
      database.disasterRecoveryRegion === accountHomeRegion(org, t.account) ||
      org.regions[database.disasterRecoveryRegion]?.residency !== org.regions[t.region]?.residency ||
      !(database.disasterRecoveryRegion in t.account.regions)
        ? []
        : [
            {
              from: stackId(t.accountName, database.disasterRecoveryRegion),
              to: t.stackId,
              path: `${t.path}.databases.${engine}.disasterRecoveryRegion`,
              reason: "DR replica",
            },
          ],
    ),
  );
}
