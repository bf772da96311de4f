import {
  BACKUP_SCHEDULES,
  backupNotificationStatement,
  BackupVaultWithPlans,
  parseVaultArn,
  type BackupVaultProps,
} from "../../modules/backup";
import { validSchedule } from "../../modules/backup/defaults";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const DR_VAULT = "arn:aws:backup:ca-central-1:123456789012:backup-vault:acme-prod-ca-central-1";

/** Seed 002: daily backups a month, monthly compliance snapshots a year, copied inside the zone. */
const base: BackupVaultProps = {
  name: "acme-prod-us-east-1",
  region: "us-east-1",
  accountId: "123456789012",
  plans: {
    databases: {
      rules: {
        daily: { schedule: BACKUP_SCHEDULES.daily, retentionDays: 35 },
        monthly: {
          schedule: BACKUP_SCHEDULES.monthly,
          retentionDays: 365,
          copyTo: [{ destinationVaultArn: DR_VAULT }],
        },
      },
      selections: { tagged: { tagKey: "backup", tagValue: "databases" } },
    },
  },
};

const synth = (props: Partial<BackupVaultProps> = {}): StackJson =>
  synthModule((s) => new BackupVaultWithPlans(s, "backup", { ...base, ...props }));

type Rule = Record<string, unknown>;
const rules = (json: StackJson, plan = "backup_databases") =>
  Object.fromEntries((resource(json, "aws_backup_plan", plan).rule as Rule[]).map((r) => [r.rule_name as string, r]));

describe("BackupVaultWithPlans", () => {
  const json = synth();

  test("the vault is encrypted with the module's CMK, never force-destroyed, and kept from destroy", () => {
    expect(resource(json, "aws_backup_vault", "backup")).toMatchObject({
      name: "acme-prod-us-east-1",
      kms_key_arn: "${aws_kms_key.backup_key.arn}",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(resource(json, "aws_kms_alias", "backup_key_alias").name).toBe("alias/acme-prod-us-east-1-backup");
  });

  test("a daily rule keeps recovery points 35 days on the daily cron, in the vault", () => {
    expect(rules(json).daily).toMatchObject({
      schedule: "cron(0 5 ? * * *)",
      target_vault_name: "${aws_backup_vault.backup.name}",
      start_window: 60,
      completion_window: 1440,
      lifecycle: { delete_after: 35 },
      copy_action: [],
    });
  });

  test("a monthly rule keeps a year and copies to the given vault with the same retention", () => {
    expect(rules(json).monthly).toMatchObject({
      schedule: "cron(0 5 1 * ? *)",
      lifecycle: { delete_after: 365 },
      copy_action: [{ destination_vault_arn: DR_VAULT, lifecycle: { delete_after: 365 } }],
    });
  });

  test("selects resources by tag with the service role", () => {
    expect(resource(json, "aws_backup_selection", "backup_databases_tagged")).toMatchObject({
      name: "databases-tagged",
      plan_id: "${aws_backup_plan.backup_databases.id}",
      iam_role_arn: "${aws_iam_role.backup_role.arn}",
      selection_tag: [{ type: "STRINGEQUALS", key: "backup", value: "databases" }],
      depends_on: [
        "aws_iam_role_policy_attachment.backup_role_backup",
        "aws_iam_role_policy_attachment.backup_role_restores",
      ],
    });
  });

  test("the service role is trusted by AWS Backup of this account and carries exactly the managed backup and restore policies", () => {
    expect(policyOf(resource(json, "aws_iam_role", "backup_role"), "assume_role_policy").Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "backup.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
    expect(
      Object.values(resourcesOf(json, "aws_iam_role_policy_attachment"))
        .map((a) => a.policy_arn)
        .sort(),
    ).toEqual([
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    ]);
    expect(resourcesOf(json, "aws_iam_role_policy")).toEqual({});
  });

  test("has no lock and no notifications unless asked", () => {
    expect(resourcesOf(json, "aws_backup_vault_lock_configuration")).toEqual({});
    expect(resourcesOf(json, "aws_backup_vault_notifications")).toEqual({});
  });

  test("writes nothing through another provider: copies only name the caller's destination", () => {
    for (const byName of Object.values(json.resource ?? {})) {
      for (const r of Object.values(byName)) expect(r).not.toHaveProperty("provider");
    }
  });
});

describe("vault lock", () => {
  test("governance mode sets the bounds without a grace period", () => {
    const lock = resource(
      synth({ vaultLock: { mode: "governance", minRetentionDays: 7, maxRetentionDays: 3650 } }),
      "aws_backup_vault_lock_configuration",
      "backup_lock",
    );
    expect(lock).toEqual({
      backup_vault_name: "${aws_backup_vault.backup.name}",
      min_retention_days: 7,
      max_retention_days: 3650,
    });
  });

  test("compliance mode sets the grace days (3 by default), after which the lock cannot be removed", () => {
    const json = synth({ vaultLock: { mode: "compliance", minRetentionDays: 7, maxRetentionDays: 3650 } });
    expect(resource(json, "aws_backup_vault_lock_configuration", "backup_lock").changeable_for_days).toBe(3);
  });

  test("refuses rules whose retention the lock would fail, and bad bounds", () => {
    expect(() => synth({ vaultLock: { mode: "governance", minRetentionDays: 60, maxRetentionDays: 3650 } })).toThrow(
      /plans\.databases\.rules\.daily\.retentionDays: 35 is outside the vault lock's 60-3650 days; AWS Backup fails such jobs/,
    );
    expect(() => synth({ vaultLock: { mode: "governance", minRetentionDays: 10, maxRetentionDays: 5 } })).toThrow(
      /vaultLock: minRetentionDays 10 and maxRetentionDays 5 must be whole days with 1 ≤ min ≤ max ≤ 36500/,
    );
    expect(() =>
      synth({ vaultLock: { mode: "compliance", minRetentionDays: 1, maxRetentionDays: 3650, graceDays: 1 } }),
    ).toThrow(/vaultLock\.graceDays: 1 must be at least 3 days/);
  });
});

describe("notifications", () => {
  test("send the vault's job events to the given topic", () => {
    const topic = "arn:aws:sns:us-east-1:123456789012:acme-backup-events";
    expect(
      resource(synth({ notificationTopicArn: topic }), "aws_backup_vault_notifications", "backup_notifications"),
    ).toEqual({
      backup_vault_name: "${aws_backup_vault.backup.name}",
      sns_topic_arn: topic,
      backup_vault_events: [
        "BACKUP_JOB_COMPLETED",
        "RESTORE_JOB_COMPLETED",
        "COPY_JOB_FAILED",
        "RECOVERY_POINT_MODIFIED",
      ],
    });
    expect(backupNotificationStatement(topic, "123456789012")).toEqual({
      Sid: "AwsBackupPublishesVaultEvents",
      Effect: "Allow",
      Principal: { Service: "backup.amazonaws.com" },
      Action: "sns:Publish",
      Resource: topic,
      Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
  });
});

describe("cold storage", () => {
  test("moves recovery points after the given days and keeps them 90 more at least", () => {
    const json = synth({
      plans: {
        files: {
          rules: { monthly: { schedule: BACKUP_SCHEDULES.monthly, retentionDays: 365, coldStorageAfterDays: 30 } },
          selections: { tagged: { tagKey: "backup", tagValue: "files" } },
        },
      },
    });
    expect(rules(json, "backup_files").monthly).toMatchObject({
      lifecycle: { delete_after: 365, cold_storage_after: 30 },
    });
  });

  test("refuses a retention under cold storage + 90 days, for rules and copies", () => {
    const plan = (copyRetention?: number) => ({
      plans: {
        files: {
          rules: {
            monthly: {
              schedule: BACKUP_SCHEDULES.monthly,
              retentionDays: 100,
              coldStorageAfterDays: 30,
              copyTo: [{ destinationVaultArn: DR_VAULT, retentionDays: copyRetention }],
            },
          },
          selections: { tagged: { tagKey: "backup", tagValue: "files" } },
        },
      },
    });
    expect(() => synth(plan())).toThrow(
      /plans\.files\.rules\.monthly\.retentionDays: 100 must be at least 120 \(cold storage after 30 days/,
    );
    expect(() => synth(plan(60))).toThrow(
      /plans\.files\.rules\.monthly\.copyTo\[0\]\.retentionDays: 60 must be at least 120/,
    );
  });
});

describe("copy destinations", () => {
  const withCopy = (destinationVaultArn: string) =>
    synth({
      plans: {
        databases: {
          rules: { daily: { schedule: BACKUP_SCHEDULES.daily, retentionDays: 35, copyTo: [{ destinationVaultArn }] } },
          selections: { tagged: { tagKey: "backup", tagValue: "databases" } },
        },
      },
    });

  test("refuses a copy into the vault itself", () => {
    expect(() => withCopy("arn:aws:backup:us-east-1:123456789012:backup-vault:acme-prod-us-east-1")).toThrow(
      /plans\.databases\.rules\.daily\.copyTo\[0\]\.destinationVaultArn: copies into the vault the rule already writes to/,
    );
  });

  test("refuses something that is not a vault ARN", () => {
    expect(() => withCopy("arn:aws:s3:::acme-backups")).toThrow(
      /copyTo\[0\]\.destinationVaultArn: "arn:aws:s3:::acme-backups" is not a backup vault ARN/,
    );
  });

  test("accepts a vault of the same name in another region or account", () => {
    expect(() => withCopy("arn:aws:backup:ca-central-1:123456789012:backup-vault:acme-prod-us-east-1")).not.toThrow();
    expect(() => withCopy("arn:aws:backup:us-east-1:210987654321:backup-vault:acme-prod-us-east-1")).not.toThrow();
  });

  test("parseVaultArn gives a residency check the region and account", () => {
    expect(parseVaultArn(DR_VAULT)).toEqual({
      region: "ca-central-1",
      accountId: "123456789012",
      name: "acme-prod-ca-central-1",
    });
    expect(parseVaultArn("arn:aws:backup:ca-central-1:123456789012:recovery-point:x")).toBeUndefined();
  });
});

describe("backup validation", () => {
  test("refuses malformed schedules, empty plans and bad keys, with their paths", () => {
    expect(() =>
      synth({
        plans: {
          Nightly: {
            rules: { daily: { schedule: "rate(1 day)", retentionDays: 0 } },
            selections: {},
          },
        },
      }),
    ).toThrow(
      /plans\.Nightly: the key must be snake_case[\s\S]*plans\.Nightly\.selections: a plan needs at least one tag selection[\s\S]*plans\.Nightly\.rules\.daily\.schedule: "rate\(1 day\)" is not an AWS Backup cron expression[\s\S]*plans\.Nightly\.rules\.daily\.retentionDays: 0 is outside 1-36500/,
    );
  });

  test("refuses a vault name AWS Backup would reject and a short start window", () => {
    expect(() => synth({ name: "acme prod" })).toThrow(/name: "acme prod" must be 2-50 letters/);
    expect(() =>
      synth({
        plans: {
          databases: {
            rules: { daily: { schedule: BACKUP_SCHEDULES.daily, retentionDays: 35, startWindowMinutes: 30 } },
            selections: { tagged: { tagKey: "backup", tagValue: "databases" } },
          },
        },
      }),
    ).toThrow(/plans\.databases\.rules\.daily\.startWindowMinutes: 30 must be at least 60/);
  });

  test("the cron check wants six fields and exactly one '?'", () => {
    expect(validSchedule(BACKUP_SCHEDULES.daily)).toBe(true);
    expect(validSchedule(BACKUP_SCHEDULES.monthly)).toBe(true);
    expect(validSchedule("cron(0 5 * * * *)")).toBe(false);
    expect(validSchedule("cron(0 5 ? * ? *)")).toBe(false);
    expect(validSchedule("cron(0 5 ? * *)")).toBe(false);
  });
});
