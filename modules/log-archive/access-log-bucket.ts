import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { denyInsecureTransport, policyDocument, policyJson } from "../iam/policy";
import { expiringLogRules } from "./lifecycle";

export interface AccessLogBucketProps {
  /** Globally unique bucket name. Changing it replaces the bucket. */
  readonly bucketName: string;
  /** Account whose buckets deliver server access logs here. */
  readonly sourceAccountId: string;
  /** ARNs of the buckets allowed to deliver their access logs here. */
  readonly sourceBucketArns: string[];
  /** Days from an access log's arrival to its deletion. */
  readonly expirationDays: number;
  /** Refuse `terraform destroy` and deletion while objects remain. */
  readonly deletionProtection: boolean;
}

/**
 * Target of S3 server access logs. `SecureBucket` minus SSE-KMS: server access log delivery
 * supports only SSE-S3 (AES256) as the target bucket's default encryption, so this one bucket
 * is built here with the same hardening otherwise.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 */
export class AccessLogBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    const bucket = new S3Bucket(this, "resource", {
      bucket: props.bucketName,
      forceDestroy: !props.deletionProtection,
      lifecycle: { preventDestroy: props.deletionProtection },
    });
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;

    new S3BucketVersioningA(this, "versioning", {
      bucket: bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, "public_access", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      bucket: bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketPolicy(this, "policy", {
      bucket: bucket.id,
      policy: policyJson(
        policyDocument(denyInsecureTransport(bucket.arn), {
          Sid: "S3ServerAccessLogDelivery",
          Effect: "Allow",
          Principal: { Service: "logging.s3.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${bucket.arn}/*`,
          Condition: {
            ArnLike: { "aws:SourceArn": props.sourceBucketArns },
            StringEquals: { "aws:SourceAccount": props.sourceAccountId },
          },
        }),
      ),
      dependsOn: [publicAccess],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: bucket.id,
      rule: [
        {
          id: "abort-incomplete-multipart-uploads",
          status: "Enabled",
          filter: [{}],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
        ...expiringLogRules("expire-access-logs", props.expirationDays),
      ],
    });
  }
}
