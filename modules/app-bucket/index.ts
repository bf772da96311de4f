import type { S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { Token } from "cdktf";
import { Construct } from "constructs";
import type { PolicyStatement } from "../iam/policy";
import { KmsKeyWithAlias } from "../kms-key";
import { SecureBucket } from "../secure-bucket";
import { BucketReplication } from "../secure-bucket/replication";
import {
  BUCKET_ARN,
  BUCKET_ENCRYPTIONS,
  BUCKET_NAME,
  DEFAULTS,
  type AppBucketLifecycle,
  type BucketEncryption,
} from "./defaults";

export { BUCKET_ENCRYPTIONS, DEFAULTS, type AppBucketLifecycle, type BucketEncryption } from "./defaults";

/**
 * Live replication of every new object to one destination bucket. The caller chooses the
 * destination inside the residency zone and creates it (versioned) in that region's stack.
 */
export interface AppBucketReplication {
  /** `arn:aws:s3:::<bucket>` of the destination, versioned; a bucket of another account needs its policy to admit the role. */
  readonly destinationBucketArn: string;
  /** Region of the destination, for the KMS conditions of the role. */
  readonly destinationRegion: string;
  /**
   * CMK in the destination region that encrypts the replicas; required when this bucket is SSE-KMS
   * (S3 replicates SSE-KMS objects only with a replica key), refused when it is SSE-S3.
   * @default - none
   */
  readonly destinationKmsKeyArn?: string;
  /** Storage class of the replicas, e.g. `GLACIER_IR` for a cold copy. @default - the source object's */
  readonly storageClass?: string;
  /**
   * Replicate delete markers, so a delete shows in the copy too. Off, the copy keeps what the
   * source deletes: a recovery copy.
   * @default false
   */
  readonly replicateDeletes?: boolean;
  /** IAM name of the replication role (IAM is global: unique in the account). @default "<bucketName>-replication" */
  readonly roleName?: string;
}

export interface AppBucketProps {
  /** Globally unique bucket name, e.g. `acme-prod-us-east-1-uploads`. Changing it replaces the bucket. */
  readonly bucketName: string;
  /** Region of the stack's provider (KMS conditions of the replication role). */
  readonly region: string;
  /** Account of the bucket and, when the module creates it, the CMK. */
  readonly accountId: string;
  /**
   * `sse-kms`: a CMK with an S3 bucket key; `sse-s3`: S3-managed keys, for readers that cannot use
   * a CMK. Changing it affects only objects written afterwards.
   * @default "sse-kms"
   */
  readonly encryption?: BucketEncryption;
  /** With `sse-kms`: the CMK. @default - a new key with the alias `<bucketName>-s3` (dots as hyphens) */
  readonly kmsKeyArn?: string;
  /** Transitions and expiry. @default { noncurrentExpireAfterDays: 90 } */
  readonly lifecycle?: AppBucketLifecycle;
  /**
   * Bucket that receives the server access logs (prefix `<bucketName>/`); S3 requires it in the same
   * region and account, with the logging service allowed to write.
   */
  readonly accessLogBucket: string;
  /** Live replication to another bucket. @default - none */
  readonly replication?: AppBucketReplication;
  /** Statements added to the bucket policy after the TLS-only deny. @default [] */
  readonly policyStatements?: PolicyStatement[];
  /** `prevent_destroy`, and no force-destroy while objects remain; also on a created key. @default true */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * An application bucket on `SecureBucket` (versioned, public access blocked, owner-enforced,
 * TLS-only): SSE-KMS with a bucket key or SSE-S3, lifecycle transitions (Intelligent-Tiering,
 * Glacier) and expiry of current and noncurrent versions, server access logs, and optional
 * replication to a destination bucket the caller names, with its own least-privilege role.
 */
export class AppBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;
  /** The bucket's CMK; undefined for SSE-S3. */
  readonly kmsKeyArn?: string;
  readonly replicationRoleArn?: string;

  constructor(scope: Construct, id: string, props: AppBucketProps) {
    super(scope, id);
    const encryption = props.encryption ?? DEFAULTS.encryption;
    const protect = props.deletionProtection ?? true;
    const lifecycle = props.lifecycle ?? DEFAULTS.lifecycle;

    const issues = appBucketIssues(props, encryption, lifecycle);
    this.node.addValidation({ validate: () => issues });

    this.kmsKeyArn =
      encryption === "sse-s3"
        ? undefined
        : (props.kmsKeyArn ??
          new KmsKeyWithAlias(this, "key", {
            alias: `${props.bucketName.replace(/\./g, "-")}-s3`,
            description: `S3 bucket ${props.bucketName}: objects (SSE-KMS with a bucket key)`,
            accountId: props.accountId,
            deletionProtection: protect,
          }).keyArn);

    const bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      kmsKeyArn: this.kmsKeyArn,
      policyStatements: props.policyStatements,
      lifecycleRules: lifecycleRules(lifecycle),
      accessLogBucket: props.accessLogBucket,
      deletionProtection: protect,
      tags: { ...props.tags, Name: props.bucketName },
    });
    this.bucketName = bucket.bucketName;
    this.bucketArn = bucket.bucketArn;

    if (props.replication !== undefined) {
      this.replicationRoleArn = this.createReplication(props, props.replication, bucket);
    }
  }

  /** Lets an application role read and write objects (and use the key): nothing else of the bucket. */
  readWriteStatements(): PolicyStatement[] {
    return [
      { Sid: "ListAppBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: this.bucketArn },
      {
        Sid: "ReadWriteAppBucketObjects",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: `${this.bucketArn}/*`,
      },
      ...(this.kmsKeyArn === undefined
        ? []
        : [
            {
              Sid: "UseAppBucketKey",
              Effect: "Allow" as const,
              Action: ["kms:Decrypt", "kms:GenerateDataKey"],
              Resource: this.kmsKeyArn,
            },
          ]),
    ];
  }

  /** The replication role (read this bucket's versions, replicate into the destination) and the rule. */
  private createReplication(props: AppBucketProps, replication: AppBucketReplication, bucket: SecureBucket): string {
    return new BucketReplication(this, "replication", {
      sourceBucket: bucket.bucket.id,
      source: { bucketArn: bucket.bucketArn, region: props.region, kmsKeyArn: this.kmsKeyArn },
      destination: {
        bucketArn: replication.destinationBucketArn,
        region: replication.destinationRegion,
        kmsKeyArn: replication.destinationKmsKeyArn,
      },
      accountId: props.accountId,
      roleName: replication.roleName ?? `${props.bucketName}-replication`,
      storageClass: replication.storageClass,
      replicateDeletes: replication.replicateDeletes,
      // The destination lives in its region's stack, which this one follows.
      dependsOn: [bucket.versioning],
      tags: props.tags,
    }).roleArn;
  }
}

/** Lifecycle rules of the current and the noncurrent versions, and the clean-up of bare delete markers. */
function lifecycleRules(l: AppBucketLifecycle): S3BucketLifecycleConfigurationRule[] {
  const transitions = [
    l.intelligentTieringAfterDays === undefined
      ? undefined
      : { days: l.intelligentTieringAfterDays, storageClass: "INTELLIGENT_TIERING" },
    l.glacierAfterDays === undefined ? undefined : { days: l.glacierAfterDays, storageClass: "GLACIER" },
  ].filter((t) => t !== undefined);
  const rules: S3BucketLifecycleConfigurationRule[] = [];
  if (transitions.length > 0 || l.expireAfterDays !== undefined) {
    rules.push({
      id: "current-versions",
      status: "Enabled",
      filter: [{}],
      transition: transitions.length > 0 ? transitions : undefined,
      expiration: l.expireAfterDays === undefined ? undefined : [{ days: l.expireAfterDays }],
    });
  }
  if (l.noncurrentGlacierAfterDays !== undefined || l.noncurrentExpireAfterDays !== undefined) {
    rules.push({
      id: "noncurrent-versions",
      status: "Enabled",
      filter: [{}],
      noncurrentVersionTransition:
        l.noncurrentGlacierAfterDays === undefined
          ? undefined
          : [{ noncurrentDays: l.noncurrentGlacierAfterDays, storageClass: "GLACIER" }],
      noncurrentVersionExpiration:
        l.noncurrentExpireAfterDays === undefined ? undefined : [{ noncurrentDays: l.noncurrentExpireAfterDays }],
    });
  }
  if (l.expireAfterDays !== undefined) {
    // Separate rule: S3 refuses ExpiredObjectDeleteMarker together with Days in one Expiration.
    rules.push({
      id: "remove-expired-delete-markers",
      status: "Enabled",
      filter: [{}],
      expiration: [{ expiredObjectDeleteMarker: true }],
    });
  }
  return rules;
}

/** Every problem with the props, named by prop path. */
function appBucketIssues(props: AppBucketProps, encryption: BucketEncryption, l: AppBucketLifecycle): string[] {
  const issues: string[] = [];
  if (!BUCKET_NAME.test(props.bucketName)) {
    issues.push(
      `bucketName: "${props.bucketName}" must be 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit`,
    );
  }
  if (!(BUCKET_ENCRYPTIONS as readonly string[]).includes(encryption)) {
    issues.push(`encryption: "${encryption}" is not one of ${BUCKET_ENCRYPTIONS.join(", ")}`);
  }
  if (encryption === "sse-s3" && props.kmsKeyArn !== undefined) {
    issues.push('kmsKeyArn: an SSE-S3 bucket uses no CMK; drop it or set encryption "sse-kms"');
  }
  issues.push(...lifecycleIssues(l));
  const r = props.replication;
  if (r !== undefined) {
    if (!Token.isUnresolved(r.destinationBucketArn) && !BUCKET_ARN.test(r.destinationBucketArn)) {
      issues.push(
        `replication.destinationBucketArn: "${r.destinationBucketArn}" is not an S3 bucket ARN (arn:aws:s3:::<bucket>)`,
      );
    } else if (r.destinationBucketArn.endsWith(`:::${props.bucketName}`)) {
      issues.push("replication.destinationBucketArn: is this bucket; replicate into another one");
    }
    if (encryption === "sse-kms" && r.destinationKmsKeyArn === undefined) {
      issues.push(
        "replication.destinationKmsKeyArn: an SSE-KMS bucket replicates only with a CMK of the destination region for the replicas",
      );
    }
    if (encryption === "sse-s3" && r.destinationKmsKeyArn !== undefined) {
      issues.push(
        "replication.destinationKmsKeyArn: SSE-S3 objects replicate as SSE-S3; a replica key applies to SSE-KMS objects only",
      );
    }
    const keyRegion = r.destinationKmsKeyArn?.split(":")[3];
    if (
      r.destinationKmsKeyArn !== undefined &&
      !Token.isUnresolved(r.destinationKmsKeyArn) &&
      keyRegion !== r.destinationRegion
    ) {
      issues.push(
        `replication.destinationKmsKeyArn: the key is in ${keyRegion}, not the destination region ${r.destinationRegion}`,
      );
    }
    const roleName = r.roleName ?? `${props.bucketName}-replication`;
    if (!/^[\w+=,.@-]{1,64}$/.test(roleName)) {
      issues.push(
        `replication.roleName: "${roleName}" is not an IAM role name of at most 64 characters; give a shorter one`,
      );
    }
  }
  return issues;
}

function lifecycleIssues(l: AppBucketLifecycle): string[] {
  const issues: string[] = [];
  const days = (field: keyof AppBucketLifecycle, minimum: number) => {
    const value = l[field];
    if (value !== undefined && !(Number.isInteger(value) && value >= minimum)) {
      issues.push(`lifecycle.${field}: ${value} must be a whole number of days, ${minimum} or more`);
    }
  };
  days("intelligentTieringAfterDays", 0);
  days("glacierAfterDays", 0);
  days("expireAfterDays", 1);
  days("noncurrentGlacierAfterDays", 1);
  days("noncurrentExpireAfterDays", 1);
  const it = l.intelligentTieringAfterDays;
  const glacier = l.glacierAfterDays;
  if (it !== undefined && glacier !== undefined && glacier <= it) {
    issues.push(`lifecycle.glacierAfterDays: ${glacier} must come after intelligentTieringAfterDays ${it}`);
  }
  const lastTransition = Math.max(it ?? -1, glacier ?? -1);
  if (l.expireAfterDays !== undefined && l.expireAfterDays <= lastTransition) {
    issues.push(
      `lifecycle.expireAfterDays: ${l.expireAfterDays} must come after the last transition (day ${lastTransition})`,
    );
  }
  const nGlacier = l.noncurrentGlacierAfterDays;
  if (nGlacier !== undefined && l.noncurrentExpireAfterDays !== undefined && l.noncurrentExpireAfterDays <= nGlacier) {
    issues.push(
      `lifecycle.noncurrentExpireAfterDays: ${l.noncurrentExpireAfterDays} must come after noncurrentGlacierAfterDays ${nGlacier}`,
    );
  }
  return issues;
}
