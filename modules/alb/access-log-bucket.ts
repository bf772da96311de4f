import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { denyInsecureTransport, policyDocument, policyJson, type PolicyStatement } from "../iam/policy";
import { expiringLogRules } from "../log-archive/lifecycle";

/**
 * The service principal Elastic Load Balancing delivers access logs as, in every Region. Regions that
 * existed before August 2022 also accept the older policy naming the Region's ELB account
 * (us-east-1 127311923021, ca-central-1 985666609251); AWS keeps it working but recommends this one,
 * and Regions outside that list support only this one.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
export const ELB_LOG_DELIVERY_PRINCIPAL = "logdelivery.elasticloadbalancing.amazonaws.com";

export interface AlbAccessLogBucketProps {
  /** Globally unique bucket name. Changing it replaces the bucket. */
  readonly bucketName: string;
  /** Account of the load balancers that write here: the only one in the resource path. */
  readonly accountId: string;
  /** Prefix of the log objects; never containing `AWSLogs`. */
  readonly prefix: string;
  /** Days from a log's arrival to its deletion. */
  readonly retentionDays: number;
  /** Refuse `terraform destroy` and deletion while objects remain. */
  readonly deletionProtection: boolean;
  readonly tags: Record<string, string>;
}

/**
 * The access log bucket of an ALB: versioned, public access blocked, objects owned by the bucket
 * owner, TLS only, logs expired after the retention. Encrypted with SSE-S3: "the only server-side
 * encryption option that's supported is Amazon S3-managed keys (SSE-S3)" for ELB access logs, so
 * `SecureBucket` (SSE-KMS) cannot serve here.
 */
export class AlbAccessLogBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;
  /** The bucket policy: the load balancer must wait for it (ELB writes a test object when logging is turned on). */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: AlbAccessLogBucketProps) {
    super(scope, id);
    const bucket = new S3Bucket(this, "resource", {
      bucket: props.bucketName,
      forceDestroy: !props.deletionProtection,
      tags: { ...props.tags, Name: props.bucketName },
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
    const delivery: PolicyStatement = {
      Sid: "ElbAccessLogDelivery",
      Effect: "Allow",
      Principal: { Service: ELB_LOG_DELIVERY_PRINCIPAL },
      Action: "s3:PutObject",
      // The account in the path is what keeps other accounts' load balancers out (AWS's wording).
      Resource: `${bucket.arn}/${props.prefix}/AWSLogs/${props.accountId}/*`,
    };
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket: bucket.id,
      policy: policyJson(policyDocument(denyInsecureTransport(bucket.arn), delivery)),
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
        ...expiringLogRules("expire-access-logs", props.retentionDays),
      ],
    });
  }
}
