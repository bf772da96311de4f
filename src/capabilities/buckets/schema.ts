import { z } from "zod";
import { BUCKET_ENCRYPTIONS } from "../../../modules/app-bucket/defaults";
import type { OrganizationWith } from "../../config/shapes";

const days = z.number().int().min(0);

const BucketSchema = z.strictObject({
  /** `sse-kms`: a CMK of the bucket, with an S3 bucket key; `sse-s3` for readers that cannot use a CMK. @default "sse-kms" */
  encryption: z.enum(BUCKET_ENCRYPTIONS).default("sse-kms"),
  /**
   * Transitions and expiry (modules/app-bucket). In a versioned bucket `expireAfterDays` only adds a
   * delete marker; the data goes `noncurrentExpireAfterDays` later. @default { noncurrentExpireAfterDays: 90 }
   */
  lifecycle: z
    .strictObject({
      intelligentTieringAfterDays: days.optional(),
      glacierAfterDays: days.optional(),
      expireAfterDays: days.optional(),
      noncurrentGlacierAfterDays: days.optional(),
      noncurrentExpireAfterDays: days.optional(),
    })
    .optional(),
  /**
   * A region of the same residency zone where this account has a bucket of the same name, which
   * receives a live copy of every new object (not the deletes). @default - none
   */
  replicateTo: z.string().optional(),
  /** `prevent_destroy` and no force-destroy; only a dev account may turn it off. @default true */
  deletionProtection: z.boolean().default(true),
});

/** The buckets capability's key on an account-region. */
export const BUCKETS_FRAGMENT = {
  /**
   * Application buckets by name (`uploads`): versioned, encrypted, public access blocked, TLS-only,
   * lifecycle, server access logs, replication only inside the zone. @default - none
   */
  buckets: z
    .record(z.string().regex(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/, "bucket names are lowercase letters, digits and hyphens"), BucketSchema)
    .optional(),
}; // prettier-ignore

export type BucketConfig = z.output<typeof BucketSchema>;

/** An organization as the buckets capability sees it. */
export type BucketsOrganization = OrganizationWith<typeof BUCKETS_FRAGMENT>;
