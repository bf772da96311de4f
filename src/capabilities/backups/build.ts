import {
  BACKUP_SCHEDULES,
  BackupVaultWithPlans,
  MAX_RETENTION_DAYS,
  type BackupPlanSpec,
} from "../../../modules/backup";
import type { CapabilityBuilder } from "../capability";
import { vaultArn, vaultName } from "./names";
import type { BackupsConfig, BackupsOrganization } from "./schema";

/**
 * The account-region's AWS Backup vault with its plans; copies go to the vaults of this account's
 * other regions of the same zone (the checks refuse any other), named by ARN.
 */
export const backupsBuilder: CapabilityBuilder<BackupsOrganization> = {
  build(context) {
    const { scope, org, target } = context;
    const backups = target.settings.backups;
    if (backups === undefined) return;
    new BackupVaultWithPlans(scope, "backup", {
      name: vaultName(org.name, target.accountName, target.region),
      region: target.region,
      accountId: target.accountId,
      vaultLock: vaultLockOf(backups, target.account.environment),
      plans: Object.fromEntries(
        Object.entries(backups.plans).map(([planKey, plan]): [string, BackupPlanSpec] => [
          planKey,
          {
            selections: plan.selections,
            rules: Object.fromEntries(
              Object.entries(plan.rules).map(([ruleKey, rule]) => [
                ruleKey,
                {
                  schedule:
                    rule.schedule in BACKUP_SCHEDULES ? BACKUP_SCHEDULES[rule.schedule as "daily"] : rule.schedule,
                  retentionDays: rule.retentionDays,
                  copyTo: rule.copyTo.map((region) => ({
                    destinationVaultArn: vaultArn(org.name, target.accountName, target.accountId, region),
                  })),
                },
              ]),
            ),
          },
        ]),
      ),
    });
  },
};

/** The configured lock; prod's default is governance over every retention AWS Backup allows. */
function vaultLockOf(backups: BackupsConfig, environment: string) {
  if (backups.vaultLock === false) return undefined;
  if (backups.vaultLock !== undefined) return backups.vaultLock;
  return environment === "prod"
    ? { mode: "governance" as const, minRetentionDays: 1, maxRetentionDays: MAX_RETENTION_DAYS }
    : undefined;
}
