import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { ConfigConfigurationAggregator } from "@cdktf/provider-aws/lib/config-configuration-aggregator";
import { GuarddutyDetector } from "@cdktf/provider-aws/lib/guardduty-detector";
import { GuarddutyOrganizationConfiguration } from "@cdktf/provider-aws/lib/guardduty-organization-configuration";
import { GuarddutyOrganizationConfigurationFeature } from "@cdktf/provider-aws/lib/guardduty-organization-configuration-feature";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityhubAccount } from "@cdktf/provider-aws/lib/securityhub-account";
import { SecurityhubFindingAggregator } from "@cdktf/provider-aws/lib/securityhub-finding-aggregator";
import { SecurityhubOrganizationConfiguration } from "@cdktf/provider-aws/lib/securityhub-organization-configuration";
import { SecurityhubStandardsSubscription } from "@cdktf/provider-aws/lib/securityhub-standards-subscription";
import type { ITerraformDependable, TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, policyJson } from "../iam/policy";

/** A GuardDuty protection plan enabled for every member, with its additional configuration. */
export interface GuardDutyFeature {
  /** Feature name as GuardDuty spells it (`S3_DATA_EVENTS`). */
  readonly name: string;
  /** Additional configuration names (`EKS_ADDON_MANAGEMENT`), also auto-enabled for all members. */
  readonly additionalConfiguration?: string[];
}

/** Protection plans enabled organization-wide; RUNTIME_MONITORING manages the EKS agent add-on. */
export const GUARDDUTY_FEATURES: readonly GuardDutyFeature[] = [
  { name: "S3_DATA_EVENTS" },
  { name: "EKS_AUDIT_LOGS" },
  { name: "RUNTIME_MONITORING", additionalConfiguration: ["EKS_ADDON_MANAGEMENT"] },
  { name: "EBS_MALWARE_PROTECTION" },
  { name: "RDS_LOGIN_EVENTS" },
];

/** Security Hub standards by address key; ARNs are built per region. */
export const SECURITY_HUB_STANDARDS: Readonly<Record<string, string>> = {
  fsbp: "aws-foundational-security-best-practices/v/1.0.0",
  cis_1_4: "cis-aws-foundations-benchmark/v/1.4.0",
};

/** `arn:aws:securityhub:<region>::standards/<standard>`. */
export function standardArn(region: string, standard: string): string {
  return `arn:aws:securityhub:${region}::standards/${standard}`;
}

export interface SecurityServicesProps {
  /** Region of this stack; standards ARNs are built from it. */
  readonly region: string;
  /** Governed regions, all of which the home region's aggregators cover. */
  readonly governedRegions: string[];
  /**
   * This is the organization's home region: it also holds the Security Hub finding aggregator,
   * the organization Config aggregator and its IAM role.
   * @default false
   */
  readonly homeRegion?: boolean;
  /**
   * GuardDuty protection plans enabled for every member (`auto_enable = ALL`).
   * @default GUARDDUTY_FEATURES
   */
  readonly guardDutyFeatures?: readonly GuardDutyFeature[];
  /**
   * How often GuardDuty publishes updated findings.
   * @default "FIFTEEN_MINUTES"
   */
  readonly findingPublishingFrequency?: "FIFTEEN_MINUTES" | "ONE_HOUR" | "SIX_HOURS";
  /**
   * Id of the detector GuardDuty already created here (designating the delegated administrator
   * enables GuardDuty in it): adopt it with an `import` block.
   * @default - the detector is created
   */
  readonly existingDetectorId?: string;
  /**
   * Security Hub is already enabled here: adopt it with an `import` block (id: this account id).
   * @default - Security Hub is enabled by this construct
   */
  readonly existingSecurityHubAccountId?: string;
  /**
   * Security Hub standards subscribed, keyed by address suffix.
   * @default SECURITY_HUB_STANDARDS - FSBP v1.0.0 and CIS v1.4.0
   */
  readonly securityHubStandards?: Readonly<Record<string, string>>;
  /**
   * Standards Security Hub enables in new member accounts.
   * @default "DEFAULT"
   */
  readonly autoEnableStandards?: "DEFAULT" | "NONE";
  /**
   * Name prefix of the Config aggregator, its role and the access analyzer.
   * @default "organization"
   */
  readonly namePrefix?: string;
  /**
   * The delegated administrator designations (and anything else) that must exist first.
   * @default []
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The security account's regional tooling as delegated administrator: GuardDuty and Security Hub
 * for every member, an organization access analyzer; in the home region, the finding aggregator
 * over the governed regions and the organization Config aggregator.
 */
export class SecurityServices extends Construct {
  readonly detectorId: string;
  readonly analyzerArn: string;
  readonly configAggregatorArn?: string;

  constructor(scope: Construct, id: string, props: SecurityServicesProps) {
    super(scope, id);
    const prefix = props.namePrefix ?? "organization";
    const home = props.homeRegion ?? false;

    const detector = new GuarddutyDetector(this, "guardduty", {
      enable: true,
      findingPublishingFrequency: props.findingPublishingFrequency ?? "FIFTEEN_MINUTES",
      dependsOn: props.dependsOn,
    });
    if (props.existingDetectorId !== undefined) detector.importFrom(props.existingDetectorId);
    this.detectorId = detector.id;
    new GuarddutyOrganizationConfiguration(this, "guardduty_organization", {
      detectorId: detector.id,
      autoEnableOrganizationMembers: "ALL",
    });
    // One feature at a time: GuardDuty rejects concurrent organization configuration updates.
    let previous: TerraformResource | undefined;
    for (const feature of props.guardDutyFeatures ?? GUARDDUTY_FEATURES) {
      previous = new GuarddutyOrganizationConfigurationFeature(this, `guardduty_${feature.name.toLowerCase()}`, {
        detectorId: detector.id,
        name: feature.name,
        autoEnable: "ALL",
        additionalConfiguration: (feature.additionalConfiguration ?? []).map((name) => ({ name, autoEnable: "ALL" })),
        dependsOn: previous === undefined ? undefined : [previous],
      });
    }

    const hub = new SecurityhubAccount(this, "securityhub", {
      enableDefaultStandards: false,
      autoEnableControls: true,
      dependsOn: props.dependsOn,
    });
    if (props.existingSecurityHubAccountId !== undefined) hub.importFrom(props.existingSecurityHubAccountId);
    new SecurityhubOrganizationConfiguration(this, "securityhub_organization", {
      autoEnable: true,
      autoEnableStandards: props.autoEnableStandards ?? "DEFAULT",
      dependsOn: [hub],
    });
    for (const [key, standard] of Object.entries(props.securityHubStandards ?? SECURITY_HUB_STANDARDS)) {
      new SecurityhubStandardsSubscription(this, `securityhub_${key}`, {
        standardsArn: standardArn(props.region, standard),
        dependsOn: [hub],
      });
    }

    const analyzer = new AccessanalyzerAnalyzer(this, "access_analyzer", {
      analyzerName: `${prefix}-${props.region}`,
      type: "ORGANIZATION",
      dependsOn: props.dependsOn,
    });
    this.analyzerArn = analyzer.arn;

    if (!home) return;
    const linked = props.governedRegions.filter((region) => region !== props.region);
    if (linked.length > 0) {
      new SecurityhubFindingAggregator(this, "securityhub_aggregator", {
        linkingMode: "SPECIFIED_REGIONS",
        specifiedRegions: linked,
        dependsOn: [hub],
      });
    }
    const role = new IamRole(this, "config_aggregator_role", {
      name: `${prefix}-config-aggregator`,
      description: "Lets AWS Config read the organization for the organization aggregator",
      assumeRolePolicy: policyJson(
        policyDocument({
          Effect: "Allow",
          Principal: { Service: "config.amazonaws.com" },
          Action: "sts:AssumeRole",
        }),
      ),
    });
    const attachment = new IamRolePolicyAttachment(this, "config_aggregator_policy", {
      role: role.name,
      policyArn: "arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations",
    });
    const aggregator = new ConfigConfigurationAggregator(this, "config_aggregator", {
      name: prefix,
      organizationAggregationSource: { roleArn: role.arn, regions: props.governedRegions, allRegions: false },
      dependsOn: [attachment, ...(props.dependsOn ?? [])],
    });
    this.configAggregatorArn = aggregator.arn;
  }
}
