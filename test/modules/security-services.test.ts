import { DelegatedAdmins } from "../../modules/delegated-admins";
import {
  cisStandardArn,
  CIS_VERSIONS,
  SecurityServices,
  type CisVersion,
  type SecurityServicesProps,
} from "../../modules/security-services";
import { resource, resourcesOf, synthModule } from "../helpers/synth";

const base: SecurityServicesProps = { region: "ca-central-1", governedRegions: ["us-east-1", "ca-central-1"] };
/** The services with the designations of the security account, in AWS's order. */
const synth = (props: Partial<SecurityServicesProps> = {}) =>
  synthModule((s) => {
    const services = new SecurityServices(s, "security", { ...base, ...props });
    const admins = new DelegatedAdmins(s, "admins", {
      adminAccountId: "123456789013",
      enabledFirst: services.enabledServices,
    });
    services.administerOrganization(admins.designations);
  });

describe("order: enabled in the account, then designated, then the organization configured", () => {
  const json = synth();

  test("the detector and the hub wait for nothing; each designation waits for its service", () => {
    expect(resource(json, "aws_guardduty_detector", "security_guardduty")).not.toHaveProperty("depends_on");
    expect(resource(json, "aws_securityhub_account", "security_securityhub")).not.toHaveProperty("depends_on");
    expect(resource(json, "aws_guardduty_organization_admin_account", "admins_guardduty").depends_on).toEqual([
      "aws_guardduty_detector.security_guardduty",
    ]);
    expect(resource(json, "aws_securityhub_organization_admin_account", "admins_securityhub").depends_on).toEqual([
      "aws_securityhub_account.security_securityhub",
    ]);
  });

  test("the organization configurations and the analyzer wait for the designations", () => {
    const designations = [
      "aws_guardduty_organization_admin_account.admins_guardduty",
      "aws_securityhub_organization_admin_account.admins_securityhub",
    ];
    for (const [type, name] of [
      ["aws_guardduty_organization_configuration", "security_guardduty_organization"],
      ["aws_securityhub_organization_configuration", "security_securityhub_organization"],
      ["aws_accessanalyzer_analyzer", "security_access_analyzer"],
    ]) {
      expect([name, resource(json, type, name).depends_on]).toEqual([name, expect.arrayContaining(designations)]);
    }
  });

  test("reports services whose organization part was never configured", () => {
    expect(() => synthModule((s) => new SecurityServices(s, "security", base))).toThrow(
      /administerOrganization: never called/,
    );
  });
});

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
    expect(features.security_guardduty_s3_data_events.depends_on).toEqual([
      "aws_guardduty_organization_configuration.security_guardduty_organization",
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

  test("subscribes FSBP v1.0.0 and, by default, CIS v5.0.0 with the region's ARNs", () => {
    const subscriptions = resourcesOf(json, "aws_securityhub_standards_subscription");
    expect(Object.keys(subscriptions).sort()).toEqual(["security_securityhub_cis_5_0", "security_securityhub_fsbp"]);
    expect(
      Object.values(subscriptions)
        .map((s) => s.standards_arn)
        .sort(),
    ).toEqual([
      "arn:aws:securityhub:ca-central-1::standards/aws-foundational-security-best-practices/v/1.0.0",
      "arn:aws:securityhub:ca-central-1::standards/cis-aws-foundations-benchmark/v/5.0.0",
    ]);
  });

  test("any CIS version Security Hub supports; v1.2.0 is the global ruleset ARN", () => {
    const cisOf = (cisVersion: CisVersion) =>
      Object.entries(resourcesOf(synth({ cisVersion }), "aws_securityhub_standards_subscription")).filter(([name]) =>
        name.includes("_cis_"),
      );
    expect(cisOf("1.2.0")).toEqual([
      [
        "security_securityhub_cis_1_2",
        expect.objectContaining({
          standards_arn: "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0",
        }),
      ],
    ]);
    expect(cisOf("3.0.0")[0][1].standards_arn).toBe(
      "arn:aws:securityhub:ca-central-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
    );
    expect(CIS_VERSIONS).toEqual(["5.0.0", "3.0.0", "1.4.0", "1.2.0"]);
    expect(cisStandardArn("us-east-1", "1.4.0")).toBe(
      "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/1.4.0",
    );
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
