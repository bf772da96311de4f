import { MAX_RETENTION_DAYS, VAULT_NAME } from "../../../modules/backup/defaults";
import type { ConfigIssue } from "../../config/issues";
import { stackTargets, type StackTarget } from "../../config/topology";
import { vaultName } from "./names";
import type { BackupsOrganization } from "./schema";

/** Vault names, the prod vault lock, lock bounds, and every copy's destination, at their paths. */
export function checkBackups(org: BackupsOrganization): ConfigIssue[] {
  return stackTargets(org).flatMap((target) => checkBackupsOf(org, target));
}

function checkBackupsOf(org: BackupsOrganization, target: StackTarget<BackupsOrganization>): ConfigIssue[] {
  const backups = target.settings.backups;
  if (backups === undefined) return [];
  const path = `${target.path}.backups`;
  const issues: ConfigIssue[] = [];
  const name = vaultName(org.name, target.accountName, target.region);
  if (!VAULT_NAME.test(name)) {
    issues.push({ path, message: `makes the vault name "${name}", which is not 2-50 letters, digits, - and _` });
  }
  if (backups.vaultLock === false && target.account.environment === "prod") {
    issues.push({
      path: `${path}.vaultLock`,
      message: `a prod vault is locked; accounts.${target.accountName} is prod`,
    });
  }
  const lock = backups.vaultLock || undefined;
  if (lock !== undefined && lock.minRetentionDays > lock.maxRetentionDays) {
    issues.push({ path: `${path}.vaultLock.minRetentionDays`, message: "is above maxRetentionDays" });
  }
  const zone = org.regions[target.region]?.residency;
  for (const [planKey, plan] of Object.entries(backups.plans)) {
    for (const [ruleKey, rule] of Object.entries(plan.rules)) {
      const rulePath = `${path}.plans.${planKey}.rules.${ruleKey}`;
      const bounds = lock ?? { minRetentionDays: 1, maxRetentionDays: MAX_RETENTION_DAYS };
      if (rule.retentionDays < bounds.minRetentionDays || rule.retentionDays > bounds.maxRetentionDays) {
        issues.push({
          path: `${rulePath}.retentionDays`,
          message: `${rule.retentionDays} is outside the vault lock's ${bounds.minRetentionDays}-${bounds.maxRetentionDays} days; AWS Backup would fail the jobs`,
        });
      }
      rule.copyTo.forEach((region, i) => {
        const copyPath = `${rulePath}.copyTo[${i}]`;
        const message = copyIssue(org, target, region, zone);
        if (message !== undefined) issues.push({ path: copyPath, message });
      });
    }
  }
  return issues;
}

/** Why a copy to `region` is refused: another zone, the same region, or no vault there. */
function copyIssue(
  org: BackupsOrganization,
  target: StackTarget<BackupsOrganization>,
  region: string,
  zone: string | undefined,
): string | undefined {
  if (!(region in org.regions)) return `region "${region}" is not governed`;
  if (region === target.region) return "a copy goes to another region's vault";
  if (org.regions[region].residency !== zone) {
    return (
      `${region} is in residency zone "${org.regions[region].residency}", ${target.region} in "${zone}": ` +
      "a backup copy stays in its zone"
    );
  }
  if (target.account.regions[region]?.backups === undefined) {
    return `the copy needs a vault: accounts.${target.accountName}.regions.${region}.backups`;
  }
  return undefined;
}
