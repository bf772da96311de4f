import { OrgTrail, type OrgTrailProps } from "../../modules/org-trail";
import { resource, synthModule } from "../helpers/synth";

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
});
