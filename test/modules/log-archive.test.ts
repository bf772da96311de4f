import { LogArchive, versionedExpiry, type LogArchiveProps } from "../../modules/log-archive";
import type { PolicyDocument, PolicyStatement } from "../../modules/iam/policy";
import { resource, resourcesOf, synthModule } from "../helpers/synth";

const base: LogArchiveProps = {
  bucketName: "example-log-archive",
  accessLogBucketName: "example-log-archive-access",
  accountId: "123456789013",
  organizationId: "o-exampleorg1",
  managementAccountId: "123456789012",
  organizationTrailArn: "arn:aws:cloudtrail:us-east-1:123456789012:trail/example-organization-trail",
};
const synth = (props: Partial<LogArchiveProps> = {}) =>
  synthModule((s) => new LogArchive(s, "log_archive", { ...base, ...props }));
const document = (value: unknown): PolicyDocument => JSON.parse(value as string) as PolicyDocument;
const sid = (doc: PolicyDocument, id: string): PolicyStatement => {
  const found = doc.Statement.find((s) => s.Sid === id);
  if (found === undefined) throw new Error(`no statement ${id}; have ${doc.Statement.map((s) => s.Sid).join(", ")}`);
  return found;
};
const ORG = { "aws:SourceOrgID": "o-exampleorg1" };
const TRAIL = { "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:123456789012:trail/example-organization-trail" };

describe("the log-archive bucket", () => {
  const json = synth();

  test("has Object Lock enabled at creation and cannot be destroyed", () => {
    expect(resource(json, "aws_s3_bucket", "log_archive_bucket")).toMatchObject({
      bucket: "example-log-archive",
      object_lock_enabled: true,
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  test("locks every new version by default for the retention, in GOVERNANCE mode", () => {
    expect(resource(json, "aws_s3_bucket_object_lock_configuration", "log_archive_object_lock").rule).toEqual({
      default_retention: { mode: "GOVERNANCE", days: 2557 },
    });
  });

  test("lock mode and days follow props", () => {
    const lock = resource(
      synth({ objectLockMode: "COMPLIANCE", objectLockDays: 365 }),
      "aws_s3_bucket_object_lock_configuration",
      "log_archive_object_lock",
    );
    expect(lock.rule).toEqual({ default_retention: { mode: "COMPLIANCE", days: 365 } });
  });

  interface Rule {
    id: string;
    transition?: unknown;
    expiration?: { days?: number; expired_object_delete_marker?: boolean }[];
    noncurrent_version_expiration?: { noncurrent_days: number }[];
    noncurrent_version_transition?: unknown;
  }
  const rulesOf = (j = json, name = "log_archive_bucket_lifecycle") =>
    resource(j, "aws_s3_bucket_lifecycle_configuration", name).rule as Rule[];
  /** Days from a version's creation to its deletion under the rules: delete marker, then noncurrent days. */
  const daysToDeletion = (rules: Rule[]) => {
    const expiring = rules.filter((r) => r.expiration?.[0]?.days !== undefined);
    expect(expiring).toHaveLength(1);
    return expiring[0].expiration![0].days! + expiring[0].noncurrent_version_expiration![0].noncurrent_days;
  };

  test("moves logs to Glacier after 90 days and deletes them seven years after they arrive, not fourteen", () => {
    const archive = rulesOf().find((r) => r.id === "archive-then-expire-logs");
    expect(archive?.transition).toEqual([{ days: 90, storage_class: "GLACIER" }]);
    expect(archive?.expiration).toEqual([{ days: 2556 }]);
    expect(archive?.noncurrent_version_expiration).toEqual([{ noncurrent_days: 1 }]);
    expect(archive).not.toHaveProperty("noncurrent_version_transition");
    expect(daysToDeletion(rulesOf())).toBe(2557);
    expect(daysToDeletion(rulesOf(synth({ retentionDays: 400, objectLockDays: 400 })))).toBe(400);
  });

  test("removes the delete markers left behind, in a rule of their own (S3 refuses them beside Days)", () => {
    const markers = rulesOf().filter((r) => r.expiration?.some((e) => e.expired_object_delete_marker));
    expect(markers).toEqual([
      {
        id: "remove-expired-delete-markers",
        status: "Enabled",
        filter: [{}],
        expiration: [{ expired_object_delete_marker: true }],
      },
    ]);
    for (const rule of rulesOf()) {
      for (const expiration of rule.expiration ?? []) {
        expect(expiration.days !== undefined && expiration.expired_object_delete_marker !== undefined).toBe(false);
      }
    }
  });

  test("never deletes a version before its Object Lock ends", () => {
    for (const [retentionDays, objectLockDays] of [
      [2557, undefined],
      [3650, 2557],
      [400, 400],
    ] as const) {
      const j = synth({ retentionDays, objectLockDays });
      const lock = resource(j, "aws_s3_bucket_object_lock_configuration", "log_archive_object_lock").rule as {
        default_retention: { days: number };
      };
      expect(daysToDeletion(rulesOf(j))).toBeGreaterThanOrEqual(lock.default_retention.days);
    }
  });

  test("the arithmetic: marker a day before the retention ends, version deleted on its last day", () => {
    for (const retentionDays of [2, 90, 2557, 3653]) {
      const expiry = versionedExpiry(retentionDays);
      expect(expiry.markDeletedAfterDays + expiry.noncurrentDays).toBe(retentionDays);
      expect(expiry.deletedAfterDays).toBe(retentionDays);
      expect(expiry.markDeletedAfterDays).toBeGreaterThanOrEqual(1);
      expect(expiry.noncurrentDays).toBeGreaterThanOrEqual(1);
    }
  });

  test("reports a Glacier transition on or after the day logs are marked deleted", () => {
    expect(() => synth({ retentionDays: 91, objectLockDays: 30, glacierAfterDays: 90 })).toThrow(
      /glacierAfterDays: 90 must be less than 90, the day logs are marked deleted \(retentionDays - 1\)/,
    );
  });

  test("is encrypted with the log-archive CMK", () => {
    const sse = resource(json, "aws_s3_bucket_server_side_encryption_configuration", "log_archive_bucket_encryption");
    expect(JSON.stringify(sse.rule)).toContain("${aws_kms_key.log_archive_key.arn}");
  });

  test("reports a lock longer than the retention", () => {
    expect(() => synth({ retentionDays: 365, objectLockDays: 400 })).toThrow(
      /\[test\/log_archive\] objectLockDays: 400 exceeds retentionDays 365/,
    );
  });
});

describe("the bucket policy", () => {
  const policy = document(resource(synth(), "aws_s3_bucket_policy", "log_archive_bucket_policy").policy);

  test("still denies insecure transport", () => {
    expect(sid(policy, "DenyInsecureTransport").Effect).toBe("Deny");
  });

  test("CloudTrail checks the ACL and writes under AWSLogs/<org id>/, for the organization trail only", () => {
    expect(sid(policy, "CloudTrailAclCheck")).toMatchObject({
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: "arn:aws:s3:::example-log-archive",
      Condition: { StringEquals: TRAIL },
    });
    const write = sid(policy, "CloudTrailWrite");
    expect(write.Resource).toContain("arn:aws:s3:::example-log-archive/AWSLogs/o-exampleorg1/*");
    expect(write.Condition).toEqual({
      StringEquals: { ...TRAIL, "s3:x-amz-acl": "bucket-owner-full-control" },
    });
  });

  test("Config lists, checks the ACL and writes, for this organization only", () => {
    expect(sid(policy, "ConfigAclCheckAndList")).toMatchObject({
      Principal: { Service: "config.amazonaws.com" },
      Action: ["s3:GetBucketAcl", "s3:ListBucket"],
      Condition: { StringEquals: ORG },
    });
    expect(sid(policy, "ConfigWrite")).toMatchObject({
      Action: "s3:PutObject",
      Resource: "arn:aws:s3:::example-log-archive/AWSLogs/*/Config/*",
      Condition: { StringEquals: { ...ORG, "s3:x-amz-acl": "bucket-owner-full-control" } },
    });
  });

  test("VPC flow logs deliver through delivery.logs.amazonaws.com, for this organization only", () => {
    expect(sid(policy, "FlowLogsAclCheck").Action).toContain("s3:GetBucketAcl");
    expect(sid(policy, "FlowLogsWrite")).toMatchObject({
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: "s3:PutObject",
      Condition: { StringEquals: { ...ORG, "s3:x-amz-acl": "bucket-owner-full-control" } },
    });
  });

  test("every Allow is scoped to the organization, or to its trail for CloudTrail", () => {
    for (const statement of policy.Statement.filter((s) => s.Effect === "Allow")) {
      const cloudTrail = (statement.Principal as { Service: string }).Service === "cloudtrail.amazonaws.com";
      expect(statement.Condition?.StringEquals).toMatchObject(cloudTrail ? TRAIL : ORG);
    }
  });
});

describe("the log-archive key", () => {
  const key = resource(synth(), "aws_kms_key", "log_archive_key");
  const policy = document(key.policy);

  test("rotates and cannot be destroyed", () => {
    expect(key).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
  });

  test("exactly CloudTrail, Config and log delivery may use it, each scoped to the organization or its trail", () => {
    const services = policy.Statement.flatMap((s) =>
      typeof s.Principal === "object" && s.Principal.Service !== undefined ? [s.Principal.Service] : [],
    );
    expect([...new Set(services)].sort()).toEqual([
      "cloudtrail.amazonaws.com",
      "config.amazonaws.com",
      "delivery.logs.amazonaws.com",
    ]);
    for (const statement of policy.Statement.filter(
      (s) => s.Principal !== undefined && s.Sid !== "AccountAdministers",
    )) {
      const cloudTrail = (statement.Principal as { Service: string }).Service === "cloudtrail.amazonaws.com";
      expect(statement.Condition?.StringEquals).toEqual(cloudTrail ? TRAIL : ORG);
    }
  });

  test("CloudTrail may encrypt only for the management account's trails", () => {
    expect(sid(policy, "CloudTrailEncryptsOrganizationTrailLogs").Condition?.StringLike).toEqual({
      "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:123456789012:trail/*",
    });
  });
});

describe("the access-log bucket", () => {
  test("deletes access logs after the log retention too, not 30 days later, and removes the markers", () => {
    const rules = resource(synth(), "aws_s3_bucket_lifecycle_configuration", "log_archive_access_logs_lifecycle")
      .rule as { id: string; expiration?: unknown; noncurrent_version_expiration?: unknown }[];
    expect(rules.find((r) => r.id === "expire-access-logs")).toMatchObject({
      expiration: [{ days: 2556 }],
      noncurrent_version_expiration: [{ noncurrent_days: 1 }],
    });
    expect(rules.find((r) => r.id === "remove-expired-delete-markers")?.expiration).toEqual([
      { expired_object_delete_marker: true },
    ]);
  });

  const json = synth();

  test("receives the log-archive bucket's server access logs", () => {
    expect(resource(json, "aws_s3_bucket_logging", "log_archive_bucket_logging").target_bucket).toBe(
      "${aws_s3_bucket.log_archive_access_logs.bucket}",
    );
  });

  test("is encrypted with SSE-S3, which server access logging requires", () => {
    const sse = resource(
      json,
      "aws_s3_bucket_server_side_encryption_configuration",
      "log_archive_access_logs_encryption",
    );
    expect(sse.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
  });

  test("has no Object Lock but the rest of the hardening", () => {
    const bucket = resource(json, "aws_s3_bucket", "log_archive_access_logs");
    expect(bucket.object_lock_enabled).toBeUndefined();
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(resource(json, "aws_s3_bucket_public_access_block", "log_archive_access_logs_public_access")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(
      resource(json, "aws_s3_bucket_versioning", "log_archive_access_logs_versioning").versioning_configuration,
    ).toEqual({
      status: "Enabled",
    });
  });

  test("admits only S3 log delivery from the log-archive bucket", () => {
    const policy = document(resource(json, "aws_s3_bucket_policy", "log_archive_access_logs_policy").policy);
    expect(sid(policy, "S3ServerAccessLogDelivery")).toMatchObject({
      Principal: { Service: "logging.s3.amazonaws.com" },
      Condition: {
        ArnLike: { "aws:SourceArn": ["arn:aws:s3:::example-log-archive"] },
        StringEquals: { "aws:SourceAccount": "123456789013" },
      },
    });
    expect(sid(policy, "DenyInsecureTransport").Effect).toBe("Deny");
  });

  test("only one bucket has Object Lock", () => {
    const locked = Object.values(resourcesOf(json, "aws_s3_bucket")).filter((b) => b.object_lock_enabled === true);
    expect(locked).toHaveLength(1);
  });
});
