import { z } from "zod";
import { BACKUP_SCHEDULES, MAX_RETENTION_DAYS } from "../../../modules/backup/defaults";
import { tagText } from "../../config/primitives";
import type { OrganizationWith } from "../../config/shapes";

const key = z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, "must be 1-50 lowercase letters, digits and underscores");
const retention = z.number().int().min(1).max(MAX_RETENTION_DAYS);

const RuleSchema = z.strictObject({
  /**
   * `daily` (05:00 UTC), `monthly` (the 1st, 05:00 UTC) or an AWS Backup `cron(...)` of six fields.
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html
   */
  schedule: z.union([
    z.enum(Object.keys(BACKUP_SCHEDULES) as [keyof typeof BACKUP_SCHEDULES]),
    z.string().regex(/^cron\(.+\)$/, 'must be "daily", "monthly" or cron(...)'),
  ]),
  /** Days each recovery point is kept (seed 002: monthly compliance snapshots 365). */
  retentionDays: retention,
  /**
   * Regions of the same residency zone whose vault (this account's `backups` there) receives a copy,
   * kept as long; for RDS these are the snapshot copies to the disaster-recovery region. @default []
   */
  copyTo: z.array(z.string()).default([]),
});

const PlanSchema = z.strictObject({
  /** Scheduled rules, by name (`daily`, `monthly`). */
  rules: z.record(key, RuleSchema).refine((rules) => Object.keys(rules).length > 0, "a plan needs a rule"),
  /**
   * What the plan backs up: every resource carrying one of these tags (RDS, DocumentDB, ...),
   * e.g. `{ databases: { tagKey: backup, tagValue: daily } }`.
   */
  selections: z
    .record(key, z.strictObject({ tagKey: tagText("key", 1, 128), tagValue: tagText("value", 0, 256) }))
    .refine((selections) => Object.keys(selections).length > 0, "a plan needs a selection"),
});

const VaultLockSchema = z.strictObject({
  /** `compliance` cannot be undone after `graceDays`; `governance` binds all but the lock's administrators. */
  mode: z.enum(["governance", "compliance"]),
  minRetentionDays: retention,
  maxRetentionDays: retention,
  /** Compliance only: days the lock can still be removed. @default 3 */
  graceDays: z.number().int().min(3).optional(),
});

const BackupsSchema = z.strictObject({
  /** Backup plans of this account-region's vault, by name. @default {} */
  plans: z.record(key, PlanSchema).default({}),
  /**
   * The vault's lock; `false` is no lock, which only accounts other than prod may have.
   * @default - prod: governance, 1-36500 days; others: none
   */
  vaultLock: z.union([VaultLockSchema, z.literal(false)]).optional(),
});

/** The backups capability's key on an account-region. */
export const BACKUPS_FRAGMENT = {
  /** An AWS Backup vault (CMK) with plans, selections by tag and copies inside the zone. @default - none */
  backups: BackupsSchema.optional(),
};

export type BackupsConfig = z.output<typeof BackupsSchema>;

/** An organization as the backups capability sees it. */
export type BackupsOrganization = OrganizationWith<typeof BACKUPS_FRAGMENT>;
