import { AccountBaseline, type AccountBaselineProps } from "../../modules/account-baseline";
import { resource, resourcesOf, synthModule } from "../helpers/synth";

const base: AccountBaselineProps = {
  accountId: "123456789014",
  logArchiveBucketName: "example-log-archive",
  logArchiveKmsKeyArn: "arn:aws:kms:us-east-1:123456789013:key/1234abcd-12ab-34cd-56ef-1234567890ab",
};
const synth = (props: Partial<AccountBaselineProps> = {}) =>
  synthModule((s) => new AccountBaseline(s, "baseline", { ...base, ...props }));
const ACCOUNT_GLOBAL = [
  "aws_s3_account_public_access_block",
  "aws_iam_account_password_policy",
  "aws_iam_service_linked_role",
];

describe("every account-region", () => {
  const json = synth();

  test("records all supported resources, without global types outside the home region", () => {
    expect(resource(json, "aws_config_configuration_recorder", "baseline_config_recorder")).toMatchObject({
      name: "default",
      role_arn: "arn:aws:iam::123456789014:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
      recording_group: { all_supported: true, include_global_resource_types: false },
    });
  });

  test("delivers to the log archive, encrypted with its key, and records", () => {
    expect(resource(json, "aws_config_delivery_channel", "baseline_config_delivery")).toMatchObject({
      s3_bucket_name: "example-log-archive",
      s3_kms_key_arn: base.logArchiveKmsKeyArn,
      depends_on: ["aws_config_configuration_recorder.baseline_config_recorder"],
    });
    expect(resource(json, "aws_config_configuration_recorder_status", "baseline_config_recorder_status")).toMatchObject(
      {
        is_enabled: true,
        depends_on: ["aws_config_delivery_channel.baseline_config_delivery"],
      },
    );
  });

  test("encrypts EBS by default and requires IMDSv2", () => {
    expect(resource(json, "aws_ebs_encryption_by_default", "baseline_ebs_encryption").enabled).toBe(true);
    expect(resource(json, "aws_ec2_instance_metadata_defaults", "baseline_instance_metadata")).toMatchObject({
      http_tokens: "required",
      http_put_response_hop_limit: 2,
    });
  });

  test("has none of the account-global resources", () => {
    for (const type of ACCOUNT_GLOBAL) expect(resourcesOf(json, type)).toEqual({});
    expect(resourcesOf(json, "aws_iam_role")).toEqual({});
  });
});

describe("the home region (accountGlobal)", () => {
  const json = synth({ accountGlobal: true });

  test("owns the account-global resources", () => {
    for (const type of ACCOUNT_GLOBAL) expect(Object.keys(resourcesOf(json, type))).toHaveLength(1);
  });

  test("blocks public S3 access account-wide with all four flags", () => {
    expect(resource(json, "aws_s3_account_public_access_block", "baseline_s3_public_access")).toEqual({
      account_id: "123456789014",
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test("sets a strong password policy", () => {
    expect(resource(json, "aws_iam_account_password_policy", "baseline_password_policy")).toMatchObject({
      minimum_password_length: 14,
      require_lowercase_characters: true,
      require_uppercase_characters: true,
      require_numbers: true,
      require_symbols: true,
      password_reuse_prevention: 24,
      max_password_age: 90,
    });
  });

  test("records global resource types and uses the service-linked role it creates", () => {
    expect(resource(json, "aws_config_configuration_recorder", "baseline_config_recorder")).toMatchObject({
      role_arn: "${aws_iam_service_linked_role.baseline_config_role.arn}",
      recording_group: { include_global_resource_types: true },
    });
    expect(resource(json, "aws_iam_service_linked_role", "baseline_config_role").aws_service_name).toBe(
      "config.amazonaws.com",
    );
    expect(json.import).toBeUndefined();
  });

  test("adopts an existing Config service-linked role with an import block", () => {
    expect(synth({ accountGlobal: true, configServiceLinkedRoleExists: true }).import).toEqual([
      {
        id: "arn:aws:iam::123456789014:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
        to: "aws_iam_service_linked_role.baseline_config_role",
      },
    ]);
  });
});

describe("the deploy role", () => {
  const deployer = "arn:aws:iam::123456789012:role/TerraformDeployer";
  const managed = synth({
    accountGlobal: true,
    manageDeployRole: true,
    trustedPrincipalArns: [deployer],
    organizationId: "o-exampleorg1",
  });

  test("is adopted with an import block, never created", () => {
    expect(managed.import).toEqual([{ id: "OrganizationAccountAccessRole", to: "aws_iam_role.baseline_deploy_role" }]);
  });

  test("trusts only the named principals, and only while they belong to the organization", () => {
    const role = resource(managed, "aws_iam_role", "baseline_deploy_role");
    expect(role.name).toBe("OrganizationAccountAccessRole");
    expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
      {
        Sid: "DeployPrincipalsOnly",
        Effect: "Allow",
        Principal: { AWS: [deployer] },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-exampleorg1" } },
      },
    ]);
    expect(role.assume_role_policy).not.toContain(":root");
    expect(role.lifecycle).toEqual({ prevent_destroy: true });
  });

  test("trusts roles with paths as written, and no organization condition without an organization id", () => {
    const sso = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Deploy_0123456789abcdef";
    const json = synth({ accountGlobal: true, manageDeployRole: true, trustedPrincipalArns: [sso, deployer] });
    const statement = JSON.parse(resource(json, "aws_iam_role", "baseline_deploy_role").assume_role_policy as string)
      .Statement[0] as Record<string, unknown>;
    expect(statement.Principal).toEqual({ AWS: [sso, deployer] });
    expect(statement).not.toHaveProperty("Condition");
  });

  test("is left alone unless manageDeployRole is set", () => {
    expect(resourcesOf(synth({ accountGlobal: true }), "aws_iam_role")).toEqual({});
  });

  test("reports manageDeployRole without trusted principals, or outside the home region", () => {
    expect(() => synth({ accountGlobal: true, manageDeployRole: true })).toThrow(
      /\[test\/baseline\] trustedPrincipalArns: required when manageDeployRole is true/,
    );
    expect(() => synth({ manageDeployRole: true, trustedPrincipalArns: [deployer] })).toThrow(
      /manageDeployRole: IAM roles are account-global/,
    );
  });
});
