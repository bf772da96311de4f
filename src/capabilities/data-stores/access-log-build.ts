import type { Construct } from "constructs";
import { LogBucket, LogWriter } from "../../../modules/log-bucket";
import type { StackTarget } from "../../config/topology";
import { nameTag } from "../../naming";

/** Days the server access logs of an account-region's buckets are kept. */
const ACCESS_LOG_DAYS = 365;

const made = new WeakMap<Construct, LogBucket>();

/**
 * The account-region's bucket for the server access logs of its application and scripts buckets,
 * made once per stack by whichever capability asks first. S3 delivers access logs only to a bucket
 * of the same region and account, encrypted with SSE-S3, so the log archive cannot take them.
 * Every bucket this stack names `<org>-<account>-<region>-*` may deliver.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 */
export function stackAccessLogBucket(scope: Construct, org: string, target: StackTarget): string {
  const existing = made.get(scope);
  if (existing !== undefined) return existing.bucketName;
  const prefix = nameTag(org, target.stackId);
  const bucket = new LogBucket(scope, "s3_access_logs", {
    bucketName: `${prefix}-s3-access-logs`,
    writers: [
      LogWriter.s3ServerAccessLogs({
        sourceAccountId: target.accountId,
        sourceBucketArns: [`arn:aws:s3:::${prefix}-*`],
      }),
    ],
    retentionDays: ACCESS_LOG_DAYS,
    deletionProtection: target.account.environment !== "dev",
  });
  made.set(scope, bucket);
  return bucket.bucketName;
}
