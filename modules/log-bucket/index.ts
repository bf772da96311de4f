import { DataAwsCanonicalUserId } from "@cdktf/provider-aws/lib/data-aws-canonical-user-id";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketAcl } from "@cdktf/provider-aws/lib/s3-bucket-acl";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { denyInsecureTransport, policyDocument, policyJson, type PolicyStatement } from "../iam/policy";
import { expiringLogRules } from "../log-archive/lifecycle";
import { ABORT_INCOMPLETE_UPLOADS } from "../secure-bucket";
import { AWSLOGSDELIVERY_CANONICAL_ID, ELB_LOG_DELIVERY_PRINCIPAL, S3_LOG_DELIVERY_PRINCIPAL } from "./defaults";

export { AWSLOGSDELIVERY_CANONICAL_ID, ELB_LOG_DELIVERY_PRINCIPAL, S3_LOG_DELIVERY_PRINCIPAL } from "./defaults";

/** A service that delivers logs into the bucket; build it only through the factories. */
export class LogWriter {
  /**
   * S3 server access logs of the named buckets (ARNs or `ArnLike` patterns) of one account, under
   * `prefix` (e.g. `s3/`).
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
   */
  static s3ServerAccessLogs(props: {
    readonly sourceAccountId: string;
    readonly sourceBucketArns: string | string[];
    readonly prefix?: string;
  }): LogWriter {
    return new LogWriter(
      (bucketArn) => ({
        Sid: "S3ServerAccessLogDelivery",
        Effect: "Allow",
        Principal: { Service: S3_LOG_DELIVERY_PRINCIPAL },
        Action: "s3:PutObject",
        Resource: `${bucketArn}/${props.prefix ?? ""}*`,
        Condition: {
          ArnLike: { "aws:SourceArn": props.sourceBucketArns },
          StringEquals: { "aws:SourceAccount": props.sourceAccountId },
        },
      }),
      false,
    );
  }

  /**
   * Access logs of one account's load balancers, under `<prefix>/AWSLogs/<account>/`: the account in
   * the path is what keeps other accounts' load balancers out (AWS's wording).
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
   */
  static elasticLoadBalancing(props: { readonly accountId: string; readonly prefix: string }): LogWriter {
    return new LogWriter(
      (bucketArn) => ({
        Sid: "ElbAccessLogDelivery",
        Effect: "Allow",
        Principal: { Service: ELB_LOG_DELIVERY_PRINCIPAL },
        Action: "s3:PutObject",
        Resource: `${bucketArn}/${props.prefix}/AWSLogs/${props.accountId}/*`,
      }),
      false,
    );
  }

  /**
   * CloudFront standard logging (legacy): it writes through the bucket ACL, granting the
   * `awslogsdelivery` account FULL_CONTROL, and refuses a bucket with ACLs disabled
   * (BucketOwnerEnforced). No policy statement.
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html
   */
  static cloudFrontStandardLogs(): LogWriter {
    return new LogWriter(() => undefined, true);
  }

  private constructor(
    /** The bucket policy statement admitting the service, if it writes by policy. */
    readonly statementFor: (bucketArn: string) => PolicyStatement | undefined,
    /** The service writes through the bucket ACL. */
    readonly needsAcl: boolean,
  ) {}
}

export interface LogBucketProps {
  /** Globally unique bucket name. Changing it replaces the bucket. */
  readonly bucketName: string;
  /** The services that deliver here: their policy statements, and the ACL CloudFront's legacy logging needs. */
  readonly writers: readonly LogWriter[];
  /** Days from a log's arrival to its deletion (at least 2: a delete marker, then the version a day later). */
  readonly retentionDays: number;
  /** Id of the expiry rule. @default "expire-access-logs" */
  readonly expirationRuleId?: string;
  /** Refuse `terraform destroy`, and deletion while objects remain. @default true */
  readonly deletionProtection?: boolean;
  /** Tags on the bucket, besides the provider's default tags. @default - none */
  readonly tags?: Record<string, string>;
  /** Provider of the bucket's region: delivery services write to a bucket of their own region. @default - the stack's */
  readonly provider?: TerraformProvider;
}

/**
 * A bucket that log delivery services write to: ALB access logs, CloudFront standard logs and S3
 * server access logs, none of which can write to an SSE-KMS bucket, so it is SSE-S3 (AES256) and
 * otherwise hardened like `SecureBucket`: versioned, all four public-access-block flags, TLS-only,
 * logs expired after the retention. Object Ownership is BucketOwnerEnforced (ACLs disabled) unless a
 * writer needs the ACL (CloudFront's legacy logging): then BucketOwnerPreferred, and the ACL is
 * managed here with exactly the owner and awslogsdelivery (the grant CloudFront would otherwise add
 * behind Terraform's back); grants to canonical users are not public, so public access stays blocked.
 * Addresses (id `logs`): `aws_s3_bucket.logs` (+ `_versioning`, `_encryption`, `_public_access`,
 * `_ownership`, `_policy`, `_lifecycle`; with the ACL `_acl` and `data.aws_canonical_user_id.logs_owner`).
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 */
export class LogBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;
  /** `<bucket>.s3.amazonaws.com`, as CloudFront's `logging_config.bucket` wants it. */
  readonly bucketDomainName: string;
  /** The bucket policy: a load balancer must wait for it (ELB writes a test object when logging is turned on). */
  readonly policy: S3BucketPolicy;
  /** The ACL, when a writer needs it: a distribution logging here must be created after it. */
  readonly acl?: S3BucketAcl;

  constructor(scope: Construct, id: string, props: LogBucketProps) {
    super(scope, id);
    const protect = props.deletionProtection ?? true;
    const provider = props.provider;
    const bucket = new S3Bucket(this, "resource", {
      provider,
      bucket: props.bucketName,
      forceDestroy: !protect,
      tags: props.tags,
      lifecycle: { preventDestroy: protect },
    });
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.bucketDomainName = bucket.bucketDomainName;

    new S3BucketVersioningA(this, "versioning", {
      provider,
      bucket: bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      provider,
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, "public_access", {
      provider,
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const withAcl = props.writers.some((writer) => writer.needsAcl);
    const ownership = new S3BucketOwnershipControls(this, "ownership", {
      provider,
      bucket: bucket.id,
      rule: { objectOwnership: withAcl ? "BucketOwnerPreferred" : "BucketOwnerEnforced" },
    });
    if (withAcl) {
      const owner = new DataAwsCanonicalUserId(this, "owner", { provider });
      this.acl = new S3BucketAcl(this, "acl", {
        provider,
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
    }
    const statements = props.writers
      .map((writer) => writer.statementFor(bucket.arn))
      .filter((statement) => statement !== undefined);
    this.policy = new S3BucketPolicy(this, "policy", {
      provider,
      bucket: bucket.id,
      policy: policyJson(policyDocument(denyInsecureTransport(bucket.arn), ...statements)),
      dependsOn: [publicAccess],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      provider,
      bucket: bucket.id,
      rule: [
        ABORT_INCOMPLETE_UPLOADS,
        ...expiringLogRules(props.expirationRuleId ?? "expire-access-logs", props.retentionDays),
      ],
    });
  }
}
