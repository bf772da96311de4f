/**
 * What a config layer needs of the `backup` module, without loading a construct: schedules,
 * limits, name and ARN formats, and the vault-ARN parser a residency check can share.
 */

/**
 * Schedules as AWS Backup cron expressions (UTC; six fields, `?` in day-of-month or day-of-week):
 * daily at 05:00 (AWS Backup's own default) and monthly on the 1st at 05:00.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
 */
export const BACKUP_SCHEDULES = {
  daily: "cron(0 5 ? * * *)",
  monthly: "cron(0 5 1 * ? *)",
} as const;

export const DEFAULTS = {
  /** A job that has not started within an hour is cancelled (AWS Backup wants 60 minutes at least). */
  startWindowMinutes: 60,
  /** A started job must finish within a day, before the next daily run. */
  completionWindowMinutes: 1440,
  /** Compliance-mode grace period: the lock can still be removed for this many days (AWS's minimum is 3). */
  complianceGraceDays: 3,
  /**
   * The vault events sent to the topic: every finished backup and restore job (the message says
   * whether it failed), failed copies, and changed recovery points.
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultNotifications.html
   */
  notificationEvents: ["BACKUP_JOB_COMPLETED", "RESTORE_JOB_COMPLETED", "COPY_JOB_FAILED", "RECOVERY_POINT_MODIFIED"],
} as const;

/** Recovery points are kept at most 100 years. */
export const MAX_RETENTION_DAYS = 36500;
/** A recovery point in cold storage stays there at least 90 days: retention ≥ cold storage + 90. */
export const MIN_COLD_STORAGE_DAYS = 90;
/** Vault names: 2-50 letters, digits, hyphens and underscores. */
export const VAULT_NAME = /^[a-zA-Z0-9_-]{2,50}$/;
/** Plan, rule and selection names: 1-50 letters, digits, hyphens, underscores and dots. */
export const BACKUP_NAME = /^[a-zA-Z0-9_.-]{1,50}$/;

/** Region, account and name of a backup vault ARN; undefined when it is not one. */
export function parseVaultArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const match =
    /^arn:aws(?:-[a-z]+)*:backup:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):backup-vault:([a-zA-Z0-9_-]{2,50})$/.exec(arn);
  return match === null ? undefined : { region: match[1], accountId: match[2], name: match[3] };
}

/** An AWS Backup cron expression: `cron(` six fields `)`, with `?` in day-of-month or day-of-week. */
export function validSchedule(expression: string): boolean {
  const match = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/.exec(expression);
  return match !== null && (match[3] === "?") !== (match[5] === "?");
}
