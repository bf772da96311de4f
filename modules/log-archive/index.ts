import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { Construct } from "constructs";
import { KmsKeyWithAlias } from "../kms-key";
import { SecureBucket } from "../secure-bucket";
import { LogBucket, LogWriter } from "../log-bucket";
import { expiringLogRules, MIN_RETENTION_DAYS, versionedExpiry } from "./lifecycle";
import { logArchiveBucketStatements, logArchiveKeyStatements } from "./policies";

export { logArchiveBucketStatements, logArchiveKeyStatements } from "./policies";
export { versionedExpiry, type VersionedExpiry } from "./lifecycle";

export interface LogArchiveProps {
  /** Log-archive bucket name. Changing it replaces the bucket (and loses its Object Lock history). */
  readonly bucketName: string;
  /** Bucket that receives the log-archive bucket's server access logs (SSE-S3). */
  readonly accessLogBucketName: string;
  /** The security account, which owns bucket and key (its IAM policies administer the key). */
  readonly accountId: string;
  /** Organization id (`o-exampleorg1`); only its accounts' services may write. */
  readonly organizationId: string;
  /** Management account, which owns the organization trail. */
  readonly managementAccountId: string;
  /** ARN of the organization trail that writes here (`arn:aws:cloudtrail:<home>:<management>:trail/<name>`). */
  readonly organizationTrailArn: string;
  /**
   * Alias of the log-archive CMK, without `alias/`.
   * @default "log-archive"
   */
  readonly keyAlias?: string;
  /**
   * Object Lock mode of the default retention. COMPLIANCE cannot be shortened or lifted by anyone,
   * root included, until it expires.
   * @default "GOVERNANCE"
   */
  readonly objectLockMode?: "GOVERNANCE" | "COMPLIANCE";
  /**
   * Days every new object version is locked.
   * @default - retentionDays
   */
  readonly objectLockDays?: number;
  /**
   * Days from a log's arrival to its deletion: its delete marker comes a day earlier, and the
   * version is deleted on this day (never before its Object Lock ends).
   * @default 2557 - seven years
   */
  readonly retentionDays?: number;
  /**
   * Days before logs move to S3 Glacier Flexible Retrieval (cheaper, slower to read).
   * @default 90
   */
  readonly glacierAfterDays?: number;
  /**
   * Refuse `terraform destroy` of both buckets and the key.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

export const LOG_ARCHIVE_DEFAULTS = {
  keyAlias: "log-archive",
  objectLockMode: "GOVERNANCE",
  retentionDays: 2557,
  glacierAfterDays: 90,
} as const;

/**
 * The organization's log archive, in the security account's home region: a CMK for CloudTrail,
 * Config and flow logs; an Object Lock bucket that only this organization's log writers can
 * write to; and an SSE-S3 bucket for its server access logs.
 */
export class LogArchive extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly kmsKeyArn: string;
  readonly accessLogBucketName: string;

  constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    const protect = props.deletionProtection ?? true;
    const retentionDays = props.retentionDays ?? LOG_ARCHIVE_DEFAULTS.retentionDays;
    const lockDays = props.objectLockDays ?? retentionDays;
    const glacierAfterDays = props.glacierAfterDays ?? LOG_ARCHIVE_DEFAULTS.glacierAfterDays;
    const issues = logArchiveIssues(retentionDays, lockDays, glacierAfterDays);
    this.node.addValidation({ validate: () => issues });
    const scope_ = {
      organizationId: props.organizationId,
      managementAccountId: props.managementAccountId,
      organizationTrailArn: props.organizationTrailArn,
    };

    const key = new KmsKeyWithAlias(this, "key", {
      alias: props.keyAlias ?? LOG_ARCHIVE_DEFAULTS.keyAlias,
      description: "Organization log archive: CloudTrail, Config, VPC flow logs",
      accountId: props.accountId,
      policyStatements: logArchiveKeyStatements(scope_),
      deletionProtection: protect,
    });

    const bucketArn = `arn:aws:s3:::${props.bucketName}`;
    const accessLogs = new LogBucket(this, "access_logs", {
      bucketName: props.accessLogBucketName,
      writers: [LogWriter.s3ServerAccessLogs({ sourceAccountId: props.accountId, sourceBucketArns: [bucketArn] })],
      retentionDays,
      deletionProtection: protect,
    });
    const bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      kmsKeyArn: key.keyArn,
      objectLockEnabled: true,
      accessLogBucket: accessLogs.bucketName,
      deletionProtection: protect,
      policyStatements: logArchiveBucketStatements(bucketArn, scope_),
      lifecycleRules: expiringLogRules("archive-then-expire-logs", retentionDays, glacierAfterDays),
    });
    new S3BucketObjectLockConfigurationA(this, "object_lock", {
      bucket: bucket.bucket.id,
      rule: {
        defaultRetention: { mode: props.objectLockMode ?? LOG_ARCHIVE_DEFAULTS.objectLockMode, days: lockDays },
      },
    });

    this.bucketName = bucket.bucketName;
    this.bucketArn = bucket.bucketArn;
    this.kmsKeyArn = key.keyArn;
    this.accessLogBucketName = accessLogs.bucketName;
  }
}

function logArchiveIssues(retentionDays: number, lockDays: number, glacierAfterDays: number): string[] {
  const issues: string[] = [];
  const positive = { retentionDays, objectLockDays: lockDays, glacierAfterDays };
  for (const [prop, value] of Object.entries(positive)) {
    if (!Number.isInteger(value) || value < 1) issues.push(`${prop}: must be a whole number of days, at least 1`);
  }
  if (retentionDays < MIN_RETENTION_DAYS) {
    issues.push(`retentionDays: ${retentionDays} is too short; a log is marked deleted a day before it is deleted`);
  }
  if (lockDays > retentionDays) {
    issues.push(
      `objectLockDays: ${lockDays} exceeds retentionDays ${retentionDays}; locked versions would outlive expiry`,
    );
  }
  const markedDeleted = versionedExpiry(retentionDays).markDeletedAfterDays;
  if (glacierAfterDays >= markedDeleted) {
    issues.push(
      `glacierAfterDays: ${glacierAfterDays} must be less than ${markedDeleted}, the day logs are marked deleted (retentionDays - 1)`,
    );
  }
  return issues;
}
