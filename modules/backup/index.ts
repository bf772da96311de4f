import { BackupPlan, type BackupPlanRule } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { BackupVaultNotifications } from "@cdktf/provider-aws/lib/backup-vault-notifications";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { policyDocument, policyJson, type PolicyStatement } from "../iam/policy";
import { KmsKeyWithAlias } from "../kms-key";
import {
  BACKUP_NAME,
  DEFAULTS,
  MAX_RETENTION_DAYS,
  MIN_COLD_STORAGE_DAYS,
  parseVaultArn,
  validSchedule,
  VAULT_NAME,
} from "./defaults";

export { BACKUP_SCHEDULES, DEFAULTS, MAX_RETENTION_DAYS, parseVaultArn } from "./defaults";

/** A copy of each recovery point of a rule into another vault (another region or account). */
export interface BackupCopy {
  /**
   * ARN of the destination vault, `arn:aws:backup:<region>:<account>:backup-vault:<name>`. The
   * caller decides it is inside the residency zone; the module checks the shape and that it is not
   * this vault. A cross-account destination needs a vault access policy admitting this account.
   */
  readonly destinationVaultArn: string;
  /** Days the copy is kept. @default - the rule's retentionDays */
  readonly retentionDays?: number;
  /** Days until the copy moves to cold storage (supported resource types only). @default - the rule's */
  readonly coldStorageAfterDays?: number;
}

/** One schedule of a plan and what becomes of its recovery points. */
export interface BackupRule {
  /** AWS Backup cron expression in UTC, e.g. `BACKUP_SCHEDULES.daily` or `BACKUP_SCHEDULES.monthly`. */
  readonly schedule: string;
  /** Days a recovery point is kept (1-36500), e.g. 35 for daily, 365 for monthly compliance snapshots. */
  readonly retentionDays: number;
  /**
   * Days after which a recovery point moves to cold storage; retention must exceed it by 90 days.
   * Only the resource types AWS lists for cold storage (EFS, DynamoDB with advanced features, EBS,
   * EC2, Timestream, SAP HANA, VMware, ...) move; AWS Backup ignores it for RDS, Aurora, DocumentDB.
   * @default - none: recovery points stay warm
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html#features-by-resource
   */
  readonly coldStorageAfterDays?: number;
  /** Copies of every recovery point of the rule. @default [] */
  readonly copyTo?: readonly BackupCopy[];
  /** @default 60 */
  readonly startWindowMinutes?: number;
  /** @default 1440 */
  readonly completionWindowMinutes?: number;
}

/** Resources a plan backs up: those carrying the tag `key` = `value`. */
export interface BackupTagSelection {
  readonly tagKey: string;
  readonly tagValue: string;
}

/** A backup plan: its rules and its tag selections, keyed by stable snake_case names (addresses). */
export interface BackupPlanSpec {
  readonly rules: Readonly<Record<string, BackupRule>>;
  readonly selections: Readonly<Record<string, BackupTagSelection>>;
}

/**
 * Vault lock. `governance`: the lock's retention bounds bind everyone except principals allowed
 * `backup:DeleteBackupVaultLockConfiguration`, and it can be removed. `compliance`: after
 * `graceDays` the lock is **irreversible** — nobody, not the root user nor AWS, can remove it,
 * shorten retention, or delete the vault before its last recovery point expires.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
 */
export type BackupVaultLock =
  | { readonly mode: "governance"; readonly minRetentionDays: number; readonly maxRetentionDays: number }
  | {
      readonly mode: "compliance";
      readonly minRetentionDays: number;
      readonly maxRetentionDays: number;
      /** Days during which the lock can still be removed (3 at least). @default 3 */
      readonly graceDays?: number;
    };

export interface BackupVaultProps {
  /** Vault name and prefix of the plans and the role, e.g. `acme-prod-us-east-1` (2-50 characters). Changing it replaces the vault. */
  readonly name: string;
  /** Region of the stack's provider: this vault's ARN, to refuse a copy into itself. */
  readonly region: string;
  /** Account of the vault and, when the module creates it, the CMK. */
  readonly accountId: string;
  /** Plans keyed by a stable snake_case name (`aws_backup_plan.<id>_<plan>`). @default {} */
  readonly plans?: Readonly<Record<string, BackupPlanSpec>>;
  /**
   * Vault lock; a compliance lock cannot be undone after its grace period. Every rule's retention
   * must lie within its bounds, or AWS Backup fails the jobs.
   * @default - no lock (a config layer turns it on in prod)
   */
  readonly vaultLock?: BackupVaultLock;
  /**
   * SNS topic for the vault's job events; its policy must let `backup.amazonaws.com` publish
   * (`backupNotificationStatement`), and a KMS-encrypted topic's key must admit the service too.
   * @default - no notifications
   */
  readonly notificationTopicArn?: string;
  /** CMK of the vault's recovery points. Changing it replaces the vault. @default - a new key `<name>-backup` */
  readonly kmsKeyArn?: string;
  /** `prevent_destroy` on the vault and a created key; the vault is never force-destroyed. @default true */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * An AWS Backup vault encrypted with a CMK, optionally locked, with plans of scheduled rules
 * (retention, cold storage, copies to vaults the caller names), tag selections backed up by a
 * service role with the AWS managed backup and restore policies, and optional SNS notifications.
 * The module creates nothing in another region: copies go to destination vaults the caller passes.
 */
export class BackupVaultWithPlans extends Construct {
  readonly vaultName: string;
  readonly vaultArn: string;
  readonly kmsKeyArn: string;
  readonly serviceRoleArn: string;
  /** Plan ids by plan key. */
  readonly planIds: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: BackupVaultProps) {
    super(scope, id);
    const protect = props.deletionProtection ?? true;
    const tags = props.tags ?? {};
    const tagged = (name: string) => ({ ...tags, Name: name });
    const plans = props.plans ?? {};

    const issues = backupIssues(props);
    this.node.addValidation({ validate: () => issues });

    this.kmsKeyArn =
      props.kmsKeyArn ??
      new KmsKeyWithAlias(this, "key", {
        alias: `${props.name}-backup`,
        description: `AWS Backup vault ${props.name}: recovery points`,
        accountId: props.accountId,
        deletionProtection: protect,
      }).keyArn;

    const vault = new BackupVault(this, "resource", {
      name: props.name,
      kmsKeyArn: this.kmsKeyArn,
      forceDestroy: false,
      tags: tagged(props.name),
      lifecycle: { preventDestroy: protect },
    });
    this.vaultName = vault.name;
    this.vaultArn = vault.arn;

    if (props.vaultLock !== undefined) {
      const lock = props.vaultLock;
      new BackupVaultLockConfiguration(this, "lock", {
        backupVaultName: vault.name,
        minRetentionDays: lock.minRetentionDays,
        maxRetentionDays: lock.maxRetentionDays,
        // Present: compliance mode, immutable once the grace days pass. Absent: governance mode.
        changeableForDays: lock.mode === "compliance" ? (lock.graceDays ?? DEFAULTS.complianceGraceDays) : undefined,
      });
    }

    if (props.notificationTopicArn !== undefined) {
      new BackupVaultNotifications(this, "notifications", {
        backupVaultName: vault.name,
        snsTopicArn: props.notificationTopicArn,
        backupVaultEvents: [...DEFAULTS.notificationEvents],
      });
    }

    const role = new IamRole(this, "role", {
      name: `${props.name}-backup`,
      description: `AWS Backup backs up and restores the resources selected by ${props.name}'s plans`,
      assumeRolePolicy: policyJson(
        policyDocument({
          Effect: "Allow",
          Principal: { Service: "backup.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
        }),
      ),
      tags: tagged(`${props.name}-backup`),
    });
    const attachments = (["Backup", "Restores"] as const).map(
      (kind) =>
        new IamRolePolicyAttachment(this, `role_${kind.toLowerCase()}`, {
          role: role.name,
          policyArn: `arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyFor${kind}`,
        }),
    );
    this.serviceRoleArn = role.arn;

    const planIds: Record<string, string> = {};
    for (const [planKey, spec] of Object.entries(plans)) {
      const planName = `${props.name}-${planKey}`;
      const plan = new BackupPlan(this, planKey, {
        name: planName,
        rule: Object.entries(spec.rules).map(([ruleKey, rule]) => planRule(ruleKey, rule, vault.name)),
        tags: tagged(planName),
      });
      planIds[planKey] = plan.id;
      for (const [selectionKey, selection] of Object.entries(spec.selections)) {
        new BackupSelection(this, `${planKey}_${selectionKey}`, {
          name: `${planKey}-${selectionKey}`,
          planId: plan.id,
          iamRoleArn: role.arn,
          selectionTag: [{ type: "STRINGEQUALS", key: selection.tagKey, value: selection.tagValue }],
          // A job started before the role has its policies fails on the first run.
          dependsOn: attachments,
        });
      }
    }
    this.planIds = planIds;
  }
}

/** The statement a notification topic's policy needs so that this account's AWS Backup can publish. */
export function backupNotificationStatement(topicArn: string, accountId: string): PolicyStatement {
  return {
    Sid: "AwsBackupPublishesVaultEvents",
    Effect: "Allow",
    Principal: { Service: "backup.amazonaws.com" },
    Action: "sns:Publish",
    Resource: topicArn,
    Condition: { StringEquals: { "aws:SourceAccount": accountId } },
  };
}

function planRule(ruleKey: string, rule: BackupRule, vaultName: string): BackupPlanRule {
  return {
    ruleName: ruleKey,
    targetVaultName: vaultName,
    schedule: rule.schedule,
    startWindow: rule.startWindowMinutes ?? DEFAULTS.startWindowMinutes,
    completionWindow: rule.completionWindowMinutes ?? DEFAULTS.completionWindowMinutes,
    lifecycle: { deleteAfter: rule.retentionDays, coldStorageAfter: rule.coldStorageAfterDays },
    copyAction: (rule.copyTo ?? []).map((copy) => ({
      destinationVaultArn: copy.destinationVaultArn,
      lifecycle: {
        deleteAfter: copy.retentionDays ?? rule.retentionDays,
        coldStorageAfter: copy.coldStorageAfterDays ?? rule.coldStorageAfterDays,
      },
    })),
  };
}

/** Every problem with the props, named by prop path. */
function backupIssues(props: BackupVaultProps): string[] {
  const issues: string[] = [];
  if (!VAULT_NAME.test(props.name)) {
    issues.push(`name: "${props.name}" must be 2-50 letters, digits, hyphens and underscores`);
  }
  const lock = props.vaultLock;
  if (lock !== undefined) {
    if (
      !Number.isInteger(lock.minRetentionDays) ||
      lock.minRetentionDays < 1 ||
      !Number.isInteger(lock.maxRetentionDays) ||
      lock.maxRetentionDays > MAX_RETENTION_DAYS ||
      lock.minRetentionDays > lock.maxRetentionDays
    ) {
      issues.push(
        `vaultLock: minRetentionDays ${lock.minRetentionDays} and maxRetentionDays ${lock.maxRetentionDays} must be whole days with 1 ≤ min ≤ max ≤ ${MAX_RETENTION_DAYS}`,
      );
    }
    if (
      lock.mode === "compliance" &&
      lock.graceDays !== undefined &&
      !(Number.isInteger(lock.graceDays) && lock.graceDays >= 3)
    ) {
      issues.push(
        `vaultLock.graceDays: ${lock.graceDays} must be at least 3 days, AWS Backup's minimum before a compliance lock sets`,
      );
    }
  }
  for (const [planKey, plan] of Object.entries(props.plans ?? {})) {
    const planPath = `plans.${planKey}`;
    if (!/^[a-z][a-z0-9_]*$/.test(planKey) || `${props.name}-${planKey}`.length > 50) {
      issues.push(`${planPath}: the key must be snake_case and leave "${props.name}-${planKey}" within 50 characters`);
    }
    if (Object.keys(plan.rules).length === 0) issues.push(`${planPath}.rules: a plan needs at least one rule`);
    if (Object.keys(plan.selections).length === 0) {
      issues.push(`${planPath}.selections: a plan needs at least one tag selection, or it backs up nothing`);
    }
    for (const [ruleKey, rule] of Object.entries(plan.rules)) {
      issues.push(...ruleIssues(`${planPath}.rules.${ruleKey}`, ruleKey, rule, props));
    }
    for (const [selectionKey, selection] of Object.entries(plan.selections)) {
      const path = `${planPath}.selections.${selectionKey}`;
      if (!/^[a-z][a-z0-9_]*$/.test(selectionKey) || !BACKUP_NAME.test(`${planKey}-${selectionKey}`)) {
        issues.push(`${path}: the key must be snake_case and leave "${planKey}-${selectionKey}" within 50 characters`);
      }
      if (selection.tagKey.trim() === "") issues.push(`${path}.tagKey: must not be empty`);
    }
  }
  return issues;
}

function ruleIssues(path: string, ruleKey: string, rule: BackupRule, props: BackupVaultProps): string[] {
  const issues: string[] = [];
  if (!BACKUP_NAME.test(ruleKey)) issues.push(`${path}: the rule name must be 1-50 letters, digits, "-", "_" or "."`);
  if (!validSchedule(rule.schedule)) {
    issues.push(
      `${path}.schedule: "${rule.schedule}" is not an AWS Backup cron expression such as "cron(0 5 ? * * *)" (six fields, "?" in day-of-month or day-of-week)`,
    );
  }
  issues.push(...lifecycleIssues(path, rule.retentionDays, rule.coldStorageAfterDays));
  const lock = props.vaultLock;
  if (
    lock !== undefined &&
    (rule.retentionDays < lock.minRetentionDays || rule.retentionDays > lock.maxRetentionDays)
  ) {
    issues.push(
      `${path}.retentionDays: ${rule.retentionDays} is outside the vault lock's ${lock.minRetentionDays}-${lock.maxRetentionDays} days; AWS Backup fails such jobs`,
    );
  }
  const start = rule.startWindowMinutes ?? DEFAULTS.startWindowMinutes;
  const completion = rule.completionWindowMinutes ?? DEFAULTS.completionWindowMinutes;
  if (!(start >= 60)) issues.push(`${path}.startWindowMinutes: ${start} must be at least 60`);
  if (!(completion > start))
    issues.push(`${path}.completionWindowMinutes: ${completion} must exceed the start window ${start}`);
  (rule.copyTo ?? []).forEach((copy, i) => {
    const copyPath = `${path}.copyTo[${i}]`;
    const target = parseVaultArn(copy.destinationVaultArn);
    if (target === undefined) {
      issues.push(
        `${copyPath}.destinationVaultArn: "${copy.destinationVaultArn}" is not a backup vault ARN (arn:aws:backup:<region>:<account>:backup-vault:<name>)`,
      );
    } else if (target.region === props.region && target.accountId === props.accountId && target.name === props.name) {
      issues.push(
        `${copyPath}.destinationVaultArn: copies into the vault the rule already writes to; name another vault`,
      );
    }
    issues.push(
      ...lifecycleIssues(
        copyPath,
        copy.retentionDays ?? rule.retentionDays,
        copy.coldStorageAfterDays ?? rule.coldStorageAfterDays,
      ),
    );
  });
  return issues;
}

function lifecycleIssues(path: string, retentionDays: number, coldStorageAfterDays: number | undefined): string[] {
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS) {
    return [`${path}.retentionDays: ${retentionDays} is outside 1-${MAX_RETENTION_DAYS}`];
  }
  if (coldStorageAfterDays === undefined) return [];
  if (!Number.isInteger(coldStorageAfterDays) || coldStorageAfterDays < 1) {
    return [`${path}.coldStorageAfterDays: ${coldStorageAfterDays} must be a whole number of days, 1 or more`];
  }
  return retentionDays >= coldStorageAfterDays + MIN_COLD_STORAGE_DAYS
    ? []
    : [
        `${path}.retentionDays: ${retentionDays} must be at least ${coldStorageAfterDays + MIN_COLD_STORAGE_DAYS} (cold storage after ${coldStorageAfterDays} days keeps a recovery point there ${MIN_COLD_STORAGE_DAYS} days at least)`,
      ];
}
