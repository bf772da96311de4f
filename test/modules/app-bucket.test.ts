import { AppBucket, type AppBucketProps } from "../../modules/app-bucket";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const base: AppBucketProps = {
  bucketName: "acme-prod-us-east-1-uploads",
  region: "us-east-1",
  accountId: "123456789012",
  accessLogBucket: "acme-prod-us-east-1-access-logs",
};

const REPLICA = {
  destinationBucketArn: "arn:aws:s3:::acme-prod-us-west-2-uploads",
  destinationRegion: "us-west-2",
  destinationKmsKeyArn: "arn:aws:kms:us-west-2:123456789012:key/replica",
};

const synth = (props: Partial<AppBucketProps> = {}): StackJson =>
  synthModule((s) => new AppBucket(s, "uploads", { ...base, ...props }));

type Rule = Record<string, unknown>;
const lifecycle = (json: StackJson) =>
  Object.fromEntries(
    (resource(json, "aws_s3_bucket_lifecycle_configuration", "uploads_bucket_lifecycle").rule as Rule[]).map((r) => [
      r.id as string,
      r,
    ]),
  );

describe("AppBucket defaults", () => {
  const json = synth();

  test("is versioned, private, owner-enforced and TLS-only (the SecureBucket hardening)", () => {
    expect(resource(json, "aws_s3_bucket_versioning", "uploads_bucket_versioning").versioning_configuration).toEqual({
      status: "Enabled",
    });
    expect(resource(json, "aws_s3_bucket_public_access_block", "uploads_bucket_public_access")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(policyOf(resource(json, "aws_s3_bucket_policy", "uploads_bucket_policy")).Statement[0]).toMatchObject({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  test("encrypts with its own CMK and an S3 bucket key", () => {
    expect(
      resource(json, "aws_s3_bucket_server_side_encryption_configuration", "uploads_bucket_encryption").rule,
    ).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: "aws:kms",
          kms_master_key_id: "${aws_kms_key.uploads_key.arn}",
        },
        bucket_key_enabled: true,
      },
    ]);
    expect(resource(json, "aws_kms_alias", "uploads_key_alias").name).toBe("alias/acme-prod-us-east-1-uploads-s3");
  });

  test("logs access to the given bucket under its own prefix", () => {
    expect(resource(json, "aws_s3_bucket_logging", "uploads_bucket_logging")).toMatchObject({
      target_bucket: "acme-prod-us-east-1-access-logs",
      target_prefix: "acme-prod-us-east-1-uploads/",
    });
  });

  test("deletes noncurrent versions after 90 days and never expires current objects by default", () => {
    const rules = lifecycle(json);
    expect(Object.keys(rules).sort()).toEqual(["abort-incomplete-multipart-uploads", "noncurrent-versions"]);
    expect(rules["noncurrent-versions"].noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
  });

  test("cannot be destroyed with its objects", () => {
    expect(resource(json, "aws_s3_bucket", "uploads_bucket")).toMatchObject({
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
      tags: { Name: "acme-prod-us-east-1-uploads" },
    });
    expect(resourcesOf(json, "aws_s3_bucket_replication_configuration")).toEqual({});
  });
});

describe("SSE-S3", () => {
  const json = synth({ encryption: "sse-s3" });

  test("uses S3-managed keys and creates no CMK", () => {
    expect(
      resource(json, "aws_s3_bucket_server_side_encryption_configuration", "uploads_bucket_encryption").rule,
    ).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
    expect(resourcesOf(json, "aws_kms_key")).toEqual({});
  });

  test("refuses a CMK it would not use", () => {
    expect(() => synth({ encryption: "sse-s3", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k" })).toThrow(
      /kmsKeyArn: an SSE-S3 bucket uses no CMK/,
    );
  });
});

describe("lifecycle", () => {
  test("moves current versions to Intelligent-Tiering, then Glacier, then hides them, and cleans bare delete markers", () => {
    const rules = lifecycle(
      synth({
        lifecycle: {
          intelligentTieringAfterDays: 0,
          glacierAfterDays: 90,
          expireAfterDays: 365,
          noncurrentGlacierAfterDays: 30,
          noncurrentExpireAfterDays: 180,
        },
      }),
    );
    expect(rules["current-versions"]).toMatchObject({
      transition: [
        { days: 0, storage_class: "INTELLIGENT_TIERING" },
        { days: 90, storage_class: "GLACIER" },
      ],
      expiration: [{ days: 365 }],
    });
    expect(rules["noncurrent-versions"]).toMatchObject({
      noncurrent_version_transition: [{ noncurrent_days: 30, storage_class: "GLACIER" }],
      noncurrent_version_expiration: [{ noncurrent_days: 180 }],
    });
    expect(rules["remove-expired-delete-markers"].expiration).toEqual([{ expired_object_delete_marker: true }]);
  });

  test("refuses transitions out of order and expiry before the last transition", () => {
    expect(() => synth({ lifecycle: { intelligentTieringAfterDays: 90, glacierAfterDays: 30 } })).toThrow(
      /lifecycle\.glacierAfterDays: 30 must come after intelligentTieringAfterDays 90/,
    );
    expect(() => synth({ lifecycle: { glacierAfterDays: 90, expireAfterDays: 60 } })).toThrow(
      /lifecycle\.expireAfterDays: 60 must come after the last transition \(day 90\)/,
    );
    expect(() => synth({ lifecycle: { noncurrentGlacierAfterDays: 30, noncurrentExpireAfterDays: 30 } })).toThrow(
      /lifecycle\.noncurrentExpireAfterDays: 30 must come after noncurrentGlacierAfterDays 30/,
    );
    expect(() => synth({ lifecycle: { noncurrentExpireAfterDays: 0 } })).toThrow(
      /lifecycle\.noncurrentExpireAfterDays: 0 must be a whole number of days, 1 or more/,
    );
  });
});

describe("replication", () => {
  const json = synth({ replication: REPLICA });
  const config = resource(json, "aws_s3_bucket_replication_configuration", "uploads_replication");

  test("replicates every new object, SSE-KMS objects with the destination's key, once versioning is on", () => {
    expect(config).toMatchObject({
      bucket: "${aws_s3_bucket.uploads_bucket.id}",
      role: "${aws_iam_role.uploads_replication_role.arn}",
      rule: [
        {
          id: "replicate-everything",
          status: "Enabled",
          priority: 1,
          filter: {},
          delete_marker_replication: { status: "Disabled" },
          source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
          destination: {
            bucket: "arn:aws:s3:::acme-prod-us-west-2-uploads",
            encryption_configuration: { replica_kms_key_id: "arn:aws:kms:us-west-2:123456789012:key/replica" },
          },
        },
      ],
    });
    expect(config.depends_on).toEqual([
      "aws_s3_bucket_versioning.uploads_bucket_versioning",
      "aws_iam_role_policy.uploads_replication_policy",
    ]);
  });

  test("its role is trusted by S3 of this account and may only read this bucket and write replicas there", () => {
    const role = resource(json, "aws_iam_role", "uploads_replication_role");
    expect(role.name).toBe("acme-prod-us-east-1-uploads-replication");
    expect(policyOf(role, "assume_role_policy").Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "s3.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
    expect(policyOf(resource(json, "aws_iam_role_policy", "uploads_replication_policy")).Statement).toEqual([
      {
        Sid: "ReadReplicationConfiguration",
        Effect: "Allow",
        Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
        Resource: "${aws_s3_bucket.uploads_bucket.arn}",
      },
      {
        Sid: "ReadSourceVersions",
        Effect: "Allow",
        Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
        Resource: "${aws_s3_bucket.uploads_bucket.arn}/*",
      },
      {
        Sid: "WriteReplicas",
        Effect: "Allow",
        Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
        Resource: "arn:aws:s3:::acme-prod-us-west-2-uploads/*",
      },
      {
        Sid: "DecryptSourceObjects",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: "${aws_kms_key.uploads_key.arn}",
        Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
      },
      {
        Sid: "EncryptReplicas",
        Effect: "Allow",
        Action: ["kms:Encrypt", "kms:GenerateDataKey"],
        Resource: "arn:aws:kms:us-west-2:123456789012:key/replica",
        Condition: { StringEquals: { "kms:ViaService": "s3.us-west-2.amazonaws.com" } },
      },
    ]);
  });

  test("delete markers replicate only when asked, and a storage class is passed on", () => {
    const rule = (
      resource(
        synth({ replication: { ...REPLICA, replicateDeletes: true, storageClass: "GLACIER_IR" } }),
        "aws_s3_bucket_replication_configuration",
        "uploads_replication",
      ).rule as Rule[]
    )[0];
    expect(rule.delete_marker_replication).toEqual({ status: "Enabled" });
    expect(rule.destination).toMatchObject({ storage_class: "GLACIER_IR" });
  });

  test("an SSE-S3 bucket replicates without keys", () => {
    const plain = synth({
      encryption: "sse-s3",
      replication: { destinationBucketArn: REPLICA.destinationBucketArn, destinationRegion: "us-west-2" },
    });
    const rule = (resource(plain, "aws_s3_bucket_replication_configuration", "uploads_replication").rule as Rule[])[0];
    expect(rule).not.toHaveProperty("source_selection_criteria");
    expect(rule.destination).not.toHaveProperty("encryption_configuration");
    const actions = policyOf(resource(plain, "aws_iam_role_policy", "uploads_replication_policy")).Statement.flatMap(
      (s) => s.Action,
    );
    expect(actions.filter((a) => String(a).startsWith("kms:"))).toEqual([]);
  });

  test("refuses a destination that is not a bucket ARN, this bucket, or an SSE-KMS copy without a replica key", () => {
    expect(() => synth({ replication: { ...REPLICA, destinationBucketArn: "acme-prod-us-west-2-uploads" } })).toThrow(
      /replication\.destinationBucketArn: "acme-prod-us-west-2-uploads" is not an S3 bucket ARN/,
    );
    expect(() =>
      synth({ replication: { ...REPLICA, destinationBucketArn: "arn:aws:s3:::acme-prod-us-east-1-uploads" } }),
    ).toThrow(/replication\.destinationBucketArn: is this bucket/);
    expect(() =>
      synth({ replication: { destinationBucketArn: REPLICA.destinationBucketArn, destinationRegion: "us-west-2" } }),
    ).toThrow(
      /replication\.destinationKmsKeyArn: an SSE-KMS bucket replicates only with a CMK of the destination region/,
    );
  });

  test("refuses a replica key of another region than the destination, and a role name IAM would reject", () => {
    expect(() => synth({ replication: { ...REPLICA, destinationRegion: "ca-central-1" } })).toThrow(
      /replication\.destinationKmsKeyArn: the key is in us-west-2, not the destination region ca-central-1/,
    );
    expect(() => synth({ bucketName: `acme-${"x".repeat(50)}`, replication: REPLICA })).toThrow(
      /replication\.roleName: "acme-x+-replication" is not an IAM role name of at most 64 characters/,
    );
  });
});

describe("AppBucket validation and grants", () => {
  test("refuses a bucket name S3 would reject", () => {
    expect(() => synth({ bucketName: "Acme_Uploads" })).toThrow(/bucketName: "Acme_Uploads" must be 3-63 lowercase/);
  });

  test("readWriteStatements grants the objects, the listing and the key, nothing else", () => {
    let bucket: AppBucket | undefined;
    synthModule((s) => {
      bucket = new AppBucket(s, "uploads", base);
    });
    const statements = bucket?.readWriteStatements() ?? [];
    expect(statements.map((s) => s.Action)).toEqual([
      "s3:ListBucket",
      ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      ["kms:Decrypt", "kms:GenerateDataKey"],
    ]);
    expect(statements.map((s) => s.Resource)).toEqual([bucket?.bucketArn, `${bucket?.bucketArn}/*`, bucket?.kmsKeyArn]);
  });
});
