/** What a config layer needs of the `app-bucket` module, without loading a construct. */

/** Where the bucket's objects are encrypted: a CMK (SSE-KMS with a bucket key) or S3-managed keys. */
export const BUCKET_ENCRYPTIONS = ["sse-kms", "sse-s3"] as const;
export type BucketEncryption = (typeof BUCKET_ENCRYPTIONS)[number];

/**
 * When objects change storage class or go. Current versions move to Intelligent-Tiering, then to
 * Glacier Flexible Retrieval, then get a delete marker; noncurrent (overwritten or deleted)
 * versions may move to Glacier and are deleted. In a versioned bucket `expireAfterDays` only hides
 * an object: its data goes `noncurrentExpireAfterDays` later.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
 */
export interface AppBucketLifecycle {
  /** Days after creation a current version moves to INTELLIGENT_TIERING. @default - never */
  readonly intelligentTieringAfterDays?: number;
  /** Days after creation a current version moves to GLACIER (Flexible Retrieval; 90 days billed at least). @default - never */
  readonly glacierAfterDays?: number;
  /** Days after creation a current version gets its delete marker. @default - never */
  readonly expireAfterDays?: number;
  /** Days after a version became noncurrent that it moves to GLACIER. @default - never */
  readonly noncurrentGlacierAfterDays?: number;
  /** Days after a version became noncurrent that S3 deletes it. @default 90 */
  readonly noncurrentExpireAfterDays?: number;
}

export const DEFAULTS = {
  encryption: "sse-kms" as BucketEncryption,
  /** Old versions stay recoverable for 90 days, then go: a versioned bucket does not grow forever. */
  lifecycle: { noncurrentExpireAfterDays: 90 } satisfies AppBucketLifecycle,
} as const;

/** S3 bucket names: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit. */
export const BUCKET_NAME = /^(?!.*\.\.)(?!xn--)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Account-less S3 bucket ARNs, `arn:aws:s3:::<bucket>`. */
export const BUCKET_ARN = /^arn:aws(?:-[a-z]+)*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
