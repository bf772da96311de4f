import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { denyInsecureTransport, policyDocument, policyJson, type PolicyStatement } from "../iam/policy";

/** Every bucket's first lifecycle rule: parts of uploads never completed are billed until removed. */
export const ABORT_INCOMPLETE_UPLOADS: S3BucketLifecycleConfigurationRule = {
  id: "abort-incomplete-multipart-uploads",
  status: "Enabled",
  filter: [{}],
  abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
};

export interface SecureBucketProps {
  /** Globally unique bucket name. Changing it replaces the bucket. */
  readonly bucketName: string;
  /**
   * ARN of the CMK for SSE-KMS (with an S3 bucket key, to cut KMS requests). Without one the
   * bucket uses SSE-S3 (AES256), for readers and writers that cannot use a CMK (ALB access logs).
   * Changing it re-encrypts only objects written afterwards.
   * @default - SSE-S3
   */
  readonly kmsKeyArn?: string;
  /**
   * Statements added to the bucket policy after the TLS-only deny.
   * @default [] - only the TLS-only deny
   */
  readonly policyStatements?: PolicyStatement[];
  /**
   * Lifecycle rules. An abort-incomplete-multipart rule is always added.
   * @default [] - objects and versions are kept forever
   */
  readonly lifecycleRules?: S3BucketLifecycleConfigurationRule[];
  /**
   * Bucket that receives this bucket's server access logs.
   * @default - no access logging (justify it where used)
   */
  readonly accessLogBucket?: string;
  /**
   * Enable S3 Object Lock. Only possible at creation: turning it on later replaces the bucket.
   * @default false
   */
  readonly objectLockEnabled?: boolean;
  /**
   * Protect the bucket from `terraform destroy` and from deletion while it holds objects.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /** Tags on the bucket, besides the provider's default tags. @default {} */
  readonly tags?: Record<string, string>;
  /** Provider of the bucket's region (a replica in another region). @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

/**
 * An S3 bucket with the hardening every bucket here needs: versioning, SSE-KMS with a bucket key
 * (SSE-S3 where no key is given), all four public-access-block flags, BucketOwnerEnforced, and a
 * policy that denies non-TLS access.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  /** Versioning; replication and Object Lock settings must wait for it. */
  readonly versioning: S3BucketVersioningA;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const protect = props.deletionProtection ?? true;
    const provider = props.provider;
    this.bucket = new S3Bucket(this, "resource", {
      provider,
      bucket: props.bucketName,
      forceDestroy: !protect,
      objectLockEnabled: props.objectLockEnabled,
      tags: props.tags,
      lifecycle: { preventDestroy: protect },
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;

    this.versioning = new S3BucketVersioningA(this, "versioning", {
      provider,
      bucket: this.bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      provider,
      bucket: this.bucket.id,
      rule: [
        props.kmsKeyArn === undefined
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
          : {
              applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn },
              bucketKeyEnabled: true,
            },
      ],
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, "public_access", {
      provider,
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      provider,
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketPolicy(this, "policy", {
      provider,
      bucket: this.bucket.id,
      policy: policyJson(policyDocument(denyInsecureTransport(this.bucket.arn), ...(props.policyStatements ?? []))),
      dependsOn: [publicAccess],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      provider,
      bucket: this.bucket.id,
      rule: [ABORT_INCOMPLETE_UPLOADS, ...(props.lifecycleRules ?? [])],
    });
    if (props.accessLogBucket !== undefined) {
      new S3BucketLoggingA(this, "logging", {
        provider,
        bucket: this.bucket.id,
        targetBucket: props.accessLogBucket,
        targetPrefix: `${props.bucketName}/`,
      });
    }
  }
}
