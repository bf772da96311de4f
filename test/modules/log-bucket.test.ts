import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LogBucket, LogWriter, type LogBucketProps } from "../../modules/log-bucket";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const synth = (props: Partial<LogBucketProps>): StackJson =>
  synthModule((s) => new LogBucket(s, "logs", { bucketName: "acme-logs", writers: [], retentionDays: 90, ...props }));

const elb = LogWriter.elasticLoadBalancing({ accountId: "123456789012", prefix: "alb" });
const s3 = LogWriter.s3ServerAccessLogs({
  sourceAccountId: "123456789012",
  sourceBucketArns: ["arn:aws:s3:::acme-site"],
  prefix: "s3/",
});

describe("LogBucket", () => {
  describe("for every writer", () => {
    const json = synth({ writers: [elb] });

    test("is SSE-S3, versioned, public access blocked, TLS-only and protected", () => {
      expect(resource(json, "aws_s3_bucket", "logs")).toMatchObject({
        bucket: "acme-logs",
        force_destroy: false,
        lifecycle: { prevent_destroy: true },
      });
      expect(resource(json, "aws_s3_bucket_server_side_encryption_configuration", "logs_encryption").rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
      ]);
      expect(resource(json, "aws_s3_bucket_versioning", "logs_versioning").versioning_configuration).toEqual({
        status: "Enabled",
      });
      expect(resource(json, "aws_s3_bucket_public_access_block", "logs_public_access")).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(policyOf(resource(json, "aws_s3_bucket_policy", "logs_policy")).Statement[0]?.Sid).toBe(
        "DenyInsecureTransport",
      );
    });

    test("expires logs after the retention under the rule id given, expire-access-logs by default", () => {
      const ids = (j: StackJson) =>
        (resource(j, "aws_s3_bucket_lifecycle_configuration", "logs_lifecycle").rule as { id: string }[]).map(
          (r) => r.id,
        );
      expect(ids(json)).toEqual([
        "abort-incomplete-multipart-uploads",
        "expire-access-logs",
        "remove-expired-delete-markers",
      ]);
      expect(ids(synth({ expirationRuleId: "expire-edge-logs" }))).toContain("expire-edge-logs");
    });

    test("deletionProtection false lets destroy empty the bucket", () => {
      expect(resource(synth({ deletionProtection: false }), "aws_s3_bucket", "logs")).toMatchObject({
        force_destroy: true,
        lifecycle: { prevent_destroy: false },
      });
    });

    test("is created through the provider given (a bucket of another region)", () => {
      const json = synthModule((s) => {
        const provider = new AwsProvider(s, "west", { alias: "west", region: "us-west-2" });
        new LogBucket(s, "logs", { bucketName: "acme-logs", writers: [s3], retentionDays: 90, provider });
      });
      const providers = Object.values(json.resource!)
        .flatMap((byName) => Object.values(byName))
        .map((r) => (r as { provider?: string }).provider);
      expect(new Set(providers)).toEqual(new Set(["aws.west"]));
    });
  });

  describe("writers", () => {
    test("ELB: its service principal, only under the account's AWSLogs path; ACLs stay disabled", () => {
      const json = synth({ writers: [elb] });
      expect(policyOf(resource(json, "aws_s3_bucket_policy", "logs_policy")).Statement[1]).toEqual({
        Sid: "ElbAccessLogDelivery",
        Effect: "Allow",
        Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: "${aws_s3_bucket.logs.arn}/alb/AWSLogs/123456789012/*",
      });
      expect(resource(json, "aws_s3_bucket_ownership_controls", "logs_ownership").rule).toEqual({
        object_ownership: "BucketOwnerEnforced",
      });
      expect(resourcesOf(json, "aws_s3_bucket_acl")).toEqual({});
    });

    test("S3 server access logs: the logging service, from the named buckets of the account, under the prefix", () => {
      const json = synth({ writers: [s3] });
      expect(policyOf(resource(json, "aws_s3_bucket_policy", "logs_policy")).Statement[1]).toEqual({
        Sid: "S3ServerAccessLogDelivery",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: "${aws_s3_bucket.logs.arn}/s3/*",
        Condition: {
          ArnLike: { "aws:SourceArn": ["arn:aws:s3:::acme-site"] },
          StringEquals: { "aws:SourceAccount": "123456789012" },
        },
      });
    });

    test("CloudFront standard logs: ACLs enabled with exactly the owner and awslogsdelivery, no policy statement", () => {
      const json = synth({ writers: [LogWriter.cloudFrontStandardLogs()] });
      expect(resource(json, "aws_s3_bucket_ownership_controls", "logs_ownership").rule).toEqual({
        object_ownership: "BucketOwnerPreferred",
      });
      const acl = resource(json, "aws_s3_bucket_acl", "logs_acl");
      expect(
        (acl.access_control_policy as { grant: { grantee: { id: string } }[] }).grant.map((g) => g.grantee.id),
      ).toEqual([
        "${data.aws_canonical_user_id.logs_owner.id}",
        "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0",
      ]);
      expect(acl.depends_on).toEqual([
        "aws_s3_bucket_ownership_controls.logs_ownership",
        "aws_s3_bucket_public_access_block.logs_public_access",
      ]);
      expect(policyOf(resource(json, "aws_s3_bucket_policy", "logs_policy")).Statement.map((s) => s.Sid)).toEqual([
        "DenyInsecureTransport",
      ]);
    });
  });
});
