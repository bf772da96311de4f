import { DataAwsCanonicalUserId } from "@cdktf/provider-aws/lib/data-aws-canonical-user-id";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketAcl } from "@cdktf/provider-aws/lib/s3-bucket-acl";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { denyInsecureTransport, policyDocument, policyJson } from "../iam/policy";
import { expiringLogRules } from "../log-archive/lifecycle";
import { AWSLOGSDELIVERY_CANONICAL_ID } from "./defaults";

export interface EdgeLogBucketProps {
  readonly bucketName: string;
  readonly accountId: string;
  /** ARN of the bucket whose S3 server access logs come here (under `s3/`). */
  readonly siteBucketArn: string;
  readonly retentionDays: number;
  readonly deletionProtection: boolean;
  readonly tags?: Record<string, string>;
}

/**
 * Where the distribution's standard logs (under `cloudfront/`) and the site bucket's server access
 * logs (under `s3/`) go. Unlike every other bucket here it has ACLs enabled: CloudFront standard
 * logging (legacy) writes through the bucket ACL, granting the `awslogsdelivery` account FULL_CONTROL,
 * and refuses a bucket whose Object Ownership is BucketOwnerEnforced (ACLs disabled). So Object
 * Ownership is BucketOwnerPreferred, and the ACL is managed here with exactly the owner and
 * awslogsdelivery (the grant CloudFront would otherwise add by itself, which Terraform would then
 * not know). Default encryption is SSE-S3: S3 server access logging supports no other.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 */
export class EdgeLogBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;
  /** `<bucket>.s3.amazonaws.com`, as CloudFront's `logging_config.bucket` wants it. */
  readonly bucketDomainName: string;
  /** The ACL resource: a distribution logging here must be created after it. */
  readonly acl: S3BucketAcl;

  constructor(scope: Construct, id: string, props: EdgeLogBucketProps) {
    super(scope, id);
    const protect = props.deletionProtection;
    const bucket = new S3Bucket(this, "resource", {
      bucket: props.bucketName,
      forceDestroy: !protect,
      tags: { ...props.tags, Name: props.bucketName },
      lifecycle: { preventDestroy: protect },
    });
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.bucketDomainName = bucket.bucketDomainName;

    new S3BucketVersioningA(this, "versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    // Grants to canonical users are not public: all four flags stay on.
    const publicAccess = new S3BucketPublicAccessBlock(this, "public_access", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const ownership = new S3BucketOwnershipControls(this, "ownership", {
      bucket: bucket.id,
      rule: { objectOwnership: "BucketOwnerPreferred" },
    });
    const owner = new DataAwsCanonicalUserId(this, "owner");
    this.acl = new S3BucketAcl(this, "acl", {
      bucket: bucket.id,
      accessControlPolicy: {
        owner: { id: owner.id },
        grant: [
          { grantee: { type: "CanonicalUser", id: owner.id }, permission: "FULL_CONTROL" },
          { grantee: { type: "CanonicalUser", id: AWSLOGSDELIVERY_CANONICAL_ID }, permission: "FULL_CONTROL" },
        ],
      },
      dependsOn: [ownership, publicAccess],
    });
    new S3BucketPolicy(this, "policy", {
      bucket: bucket.id,
      policy: policyJson(
        policyDocument(denyInsecureTransport(bucket.arn), {
          Sid: "S3ServerAccessLogDelivery",
          Effect: "Allow",
          Principal: { Service: "logging.s3.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${bucket.arn}/s3/*`,
          Condition: {
            ArnLike: { "aws:SourceArn": props.siteBucketArn },
            StringEquals: { "aws:SourceAccount": props.accountId },
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
        ...expiringLogRules("expire-edge-logs", props.retentionDays),
      ],
    });
  }
}
