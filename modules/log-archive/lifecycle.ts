import type { S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";

/**
 * When the lifecycle of a versioned bucket acts on an object written once (a log file), so that
 * it is gone `retentionDays` after it was written. In a versioned bucket `expiration` only adds a
 * delete marker: the data stays as a noncurrent version until `noncurrent_version_expiration`,
 * counted from the day the version became noncurrent. The two add up to the time to deletion.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-configuration-examples.html
 */
export interface VersionedExpiry {
  /** Days after creation the current version gets its delete marker (hidden, still recoverable). */
  readonly markDeletedAfterDays: number;
  /** Days the version then stays noncurrent before S3 deletes it (at least 1, as S3 requires). */
  readonly noncurrentDays: number;
  /** Days from creation to deletion: the sum of the two. */
  readonly deletedAfterDays: number;
}

/** The noncurrent version goes one day after its delete marker; S3 refuses `NoncurrentDays` 0. */
export function versionedExpiry(retentionDays: number): VersionedExpiry {
  const noncurrentDays = 1;
  const markDeletedAfterDays = retentionDays - noncurrentDays;
  return { markDeletedAfterDays, noncurrentDays, deletedAfterDays: markDeletedAfterDays + noncurrentDays };
}

/** The shortest retention the rules can express: a delete marker after at least one day. */
export const MIN_RETENTION_DAYS = 2;

/**
 * Lifecycle rules that delete every object `retentionDays` after it was written, optionally moving
 * it to Glacier first, and then remove the delete markers left without versions. Two rules: S3
 * refuses `ExpiredObjectDeleteMarker` together with `Days` in one `Expiration`.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleExpiration.html
 */
export function expiringLogRules(
  id: string,
  retentionDays: number,
  glacierAfterDays?: number,
): S3BucketLifecycleConfigurationRule[] {
  const expiry = versionedExpiry(retentionDays);
  return [
    {
      id,
      status: "Enabled",
      filter: [{}],
      transition: glacierAfterDays === undefined ? undefined : [{ days: glacierAfterDays, storageClass: "GLACIER" }],
      expiration: [{ days: expiry.markDeletedAfterDays }],
      noncurrentVersionExpiration: [{ noncurrentDays: expiry.noncurrentDays }],
    },
    {
      id: "remove-expired-delete-markers",
      status: "Enabled",
      filter: [{}],
      expiration: [{ expiredObjectDeleteMarker: true }],
    },
  ];
}
