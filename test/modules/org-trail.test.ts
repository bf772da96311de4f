import { OrgTrail, type OrgTrailProps } from "../../modules/org-trail";
import { policyOf, resource, resourcesOf, synthModule } from "../helpers/synth";

const keyArn = "arn:aws:kms:us-east-1:123456789013:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const synth = (props: Partial<OrgTrailProps> = {}) =>
  synthModule(
    (s) => new OrgTrail(s, "org_trail", { s3BucketName: "example-log-archive", kmsKeyArn: keyArn, ...props }),
  );

describe("OrgTrail", () => {
  const trail = resource(synth(), "aws_cloudtrail", "org_trail");

  test("covers the organization, every region and global service events", () => {
    expect(trail).toMatchObject({
      is_organization_trail: true,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_logging: true,
    });
  });

  test("validates log files and encrypts them with the log-archive key into its bucket", () => {
    expect(trail).toMatchObject({
      enable_log_file_validation: true,
      kms_key_id: keyArn,
      s3_bucket_name: "example-log-archive",
      name: "organization-trail",
    });
    expect(trail.s3_key_prefix).toBeUndefined();
  });

  test("cannot be destroyed by default", () => {
    expect(trail.lifecycle).toEqual({ prevent_destroy: true });
  });

  test("accepts an alias ARN", () => {
    const alias = "arn:aws:kms:us-east-1:123456789013:alias/log-archive";
    expect(resource(synth({ kmsKeyArn: alias }), "aws_cloudtrail", "org_trail").kms_key_id).toBe(alias);
  });

  test("reports a key id or alias name that is not an ARN", () => {
    expect(() => synth({ kmsKeyArn: "alias/log-archive" })).toThrow(
      /\[test\/org_trail\] kmsKeyArn: "alias\/log-archive" is not a KMS key or alias ARN/,
    );
  });

  test("delivers nowhere but S3 unless asked", () => {
    expect(trail).not.toHaveProperty("cloud_watch_logs_group_arn");
    expect(resourcesOf(synth(), "aws_cloudwatch_log_group")).toEqual({});
  });
});

describe("OrgTrail delivery to CloudWatch Logs", () => {
  const json = synth({
    name: "acme-organization-trail",
    cloudWatchLogs: { accountId: "123456789012", region: "us-east-1", organizationId: "o-exampleorg1" },
  });
  const trail = resource(json, "aws_cloudtrail", "org_trail");

  test("the trail writes to a log group (with the stream wildcard CloudTrail requires) through its role", () => {
    expect(trail).toMatchObject({
      cloud_watch_logs_group_arn: "${aws_cloudwatch_log_group.org_trail_logs.arn}:*",
      cloud_watch_logs_role_arn: "${aws_iam_role.org_trail_logs_role.arn}",
    });
    expect(trail.depends_on).toEqual(["aws_iam_role_policy.org_trail_logs_policy"]);
  });

  test("the log group is KMS-encrypted with its own key, kept a year by default, and protected", () => {
    expect(resource(json, "aws_cloudwatch_log_group", "org_trail_logs")).toEqual({
      name: "/aws/cloudtrail/acme-organization-trail",
      retention_in_days: 365,
      kms_key_id: "${aws_kms_key.org_trail_logs_key.arn}",
      lifecycle: { prevent_destroy: true },
    });
    const statements = policyOf(resource(json, "aws_kms_key", "org_trail_logs_key")).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Principal: { Service: "logs.us-east-1.amazonaws.com" },
        Condition: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn":
              "arn:aws:logs:us-east-1:123456789012:log-group:/aws/cloudtrail/acme-organization-trail",
          },
        },
      }),
    );
  });

  test("only this trail may assume the role, which writes only the trail's log streams", () => {
    const role = resource(json, "aws_iam_role", "org_trail_logs_role");
    expect(policyOf(role, "assume_role_policy").Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:123456789012:trail/acme-organization-trail" },
        },
      },
    ]);
    expect(policyOf(resource(json, "aws_iam_role_policy", "org_trail_logs_policy")).Statement).toEqual([
      {
        Sid: "TrailLogStreams",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [
          "${aws_cloudwatch_log_group.org_trail_logs.arn}:log-stream:123456789012_CloudTrail_us-east-1*",
          "${aws_cloudwatch_log_group.org_trail_logs.arn}:log-stream:o-exampleorg1_*",
        ],
      },
    ]);
  });

  test("retention follows the props", () => {
    const logs = {
      accountId: "123456789012",
      region: "us-east-1",
      organizationId: "o-exampleorg1",
      retentionDays: 731,
    };
    expect(
      resource(synth({ cloudWatchLogs: logs }), "aws_cloudwatch_log_group", "org_trail_logs").retention_in_days,
    ).toBe(731);
  });
});
