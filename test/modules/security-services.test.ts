import { SecurityServices, type SecurityServicesProps } from "../../modules/security-services";
import { resource, resourcesOf, synthModule } from "../helpers/synth";

const base: SecurityServicesProps = { region: "ca-central-1", governedRegions: ["us-east-1", "ca-central-1"] };
const synth = (props: Partial<SecurityServicesProps> = {}) =>
  synthModule((s) => new SecurityServices(s, "security", { ...base, ...props }));

describe("GuardDuty", () => {
  const json = synth();

  test("a detector that auto-enables every member of the organization", () => {
    expect(resource(json, "aws_guardduty_detector", "security_guardduty").enable).toBe(true);
    expect(resource(json, "aws_guardduty_organization_configuration", "security_guardduty_organization")).toMatchObject(
      {
        auto_enable_organization_members: "ALL",
        detector_id: "${aws_guardduty_detector.security_guardduty.id}",
      },
    );
  });

  test("enables the protection plans for all members, one at a time", () => {
    const features = resourcesOf(json, "aws_guardduty_organization_configuration_feature");
    expect(
      Object.values(features)
        .map((f) => f.name)
        .sort(),
    ).toEqual(["EBS_MALWARE_PROTECTION", "EKS_AUDIT_LOGS", "RDS_LOGIN_EVENTS", "RUNTIME_MONITORING", "S3_DATA_EVENTS"]);
    for (const feature of Object.values(features)) expect(feature.auto_enable).toBe("ALL");
    expect(features.security_guardduty_eks_audit_logs.depends_on).toEqual([
      "aws_guardduty_organization_configuration_feature.security_guardduty_s3_data_events",
    ]);
  });

  test("runtime monitoring manages the EKS add-on", () => {
    const runtime = resource(
      json,
      "aws_guardduty_organization_configuration_feature",
      "security_guardduty_runtime_monitoring",
    );
    expect(runtime.additional_configuration).toEqual([{ name: "EKS_ADDON_MANAGEMENT", auto_enable: "ALL" }]);
  });

  test("adopts the detector that delegation created", () => {
    expect(synth({ existingDetectorId: "12abc34d567e8fa901bc2d34e56789f0" }).import).toEqual([
      { id: "12abc34d567e8fa901bc2d34e56789f0", to: "aws_guardduty_detector.security_guardduty" },
    ]);
  });
});

describe("Security Hub", () => {
  const json = synth();

  test("auto-enables members", () => {
    expect(
      resource(json, "aws_securityhub_organization_configuration", "security_securityhub_organization"),
    ).toMatchObject({ auto_enable: true });
  });

  test("subscribes FSBP v1.0.0 and CIS v1.4.0 with the region's ARNs", () => {
    const arns = Object.values(resourcesOf(json, "aws_securityhub_standards_subscription")).map((s) => s.standards_arn);
    expect(arns.sort()).toEqual([
      "arn:aws:securityhub:ca-central-1::standards/aws-foundational-security-best-practices/v/1.0.0",
      "arn:aws:securityhub:ca-central-1::standards/cis-aws-foundations-benchmark/v/1.4.0",
    ]);
  });
});

describe("home-region only resources", () => {
  test("a non-home region has no finding aggregator, Config aggregator or IAM role", () => {
    const json = synth();
    expect(resourcesOf(json, "aws_securityhub_finding_aggregator")).toEqual({});
    expect(resourcesOf(json, "aws_config_configuration_aggregator")).toEqual({});
    expect(resourcesOf(json, "aws_iam_role")).toEqual({});
  });

  test("the home region aggregates findings from the other governed regions only", () => {
    const json = synth({ region: "us-east-1", homeRegion: true });
    expect(resource(json, "aws_securityhub_finding_aggregator", "security_securityhub_aggregator")).toMatchObject({
      linking_mode: "SPECIFIED_REGIONS",
      specified_regions: ["ca-central-1"],
    });
  });

  test("the home region aggregates Config across the organization's governed regions", () => {
    const json = synth({ region: "us-east-1", homeRegion: true });
    const aggregator = resource(json, "aws_config_configuration_aggregator", "security_config_aggregator");
    expect(aggregator.organization_aggregation_source).toEqual({
      all_regions: false,
      regions: ["us-east-1", "ca-central-1"],
      role_arn: "${aws_iam_role.security_config_aggregator_role.arn}",
    });
    expect(resource(json, "aws_iam_role_policy_attachment", "security_config_aggregator_policy").policy_arn).toBe(
      "arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations",
    );
  });
});

describe("IAM Access Analyzer", () => {
  test("one organization analyzer per region", () => {
    expect(resource(synth(), "aws_accessanalyzer_analyzer", "security_access_analyzer")).toMatchObject({
      type: "ORGANIZATION",
      analyzer_name: "organization-ca-central-1",
    });
  });
});
