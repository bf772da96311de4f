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
import { DEFAULT_CIS_VERSION, securityHubStandards, type CisVersion } from "./standards";

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

export {
  CIS_VERSIONS,
  DEFAULT_CIS_VERSION,
  cisStandardArn,
  fsbpStandardArn,
  securityHubStandards,
  type CisVersion,
} from "./standards";

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
   * Id of the detector that already exists here (an earlier designation, or GuardDuty enabled by
   * hand): adopt it with an `import` block instead of creating it.
   * @default - the detector is created, before the designation
   */
  readonly existingDetectorId?: string;
  /**
   * Security Hub is already enabled here: adopt it with an `import` block (id: this account id).
   * @default - Security Hub is enabled by this construct, before the designation
   */
  readonly existingSecurityHubAccountId?: string;
  /**
   * CIS AWS Foundations Benchmark version subscribed beside FSBP v1.0.0. A change replaces the
   * subscription (its address carries the version: `securityhub_cis_5_0`).
   * @default DEFAULT_CIS_VERSION - "5.0.0"
   * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cis-aws-foundations-benchmark.html
   */
  readonly cisVersion?: CisVersion;
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
}

/**
 * The security account's regional tooling as delegated administrator, in the order AWS documents:
 * the constructor enables GuardDuty and Security Hub in this account (`enabledServices`, what the
 * designations wait for); `administerOrganization(designations)` then adds what needs the account
 * to be the administrator: the organization configurations, an organization access analyzer, and,
 * in the home region, the finding aggregator over the governed regions and the Config aggregator.
 */
export class SecurityServices extends Construct {
  readonly detectorId: string;
  /** The detector and the hub: the designations of this account depend on them. */
  readonly enabledServices: { readonly guardDuty: ITerraformDependable; readonly securityHub: ITerraformDependable };
  analyzerArn?: string;
  configAggregatorArn?: string;

  private readonly props: SecurityServicesProps;
  private readonly detector: GuarddutyDetector;
  private readonly hub: SecurityhubAccount;
  private administered = false;

  constructor(scope: Construct, id: string, props: SecurityServicesProps) {
    super(scope, id);
    this.props = props;

    this.detector = new GuarddutyDetector(this, "guardduty", {
      enable: true,
      findingPublishingFrequency: props.findingPublishingFrequency ?? "FIFTEEN_MINUTES",
    });
    if (props.existingDetectorId !== undefined) this.detector.importFrom(props.existingDetectorId);
    this.detectorId = this.detector.id;

    this.hub = new SecurityhubAccount(this, "securityhub", {
      enableDefaultStandards: false,
      autoEnableControls: true,
    });
    if (props.existingSecurityHubAccountId !== undefined) this.hub.importFrom(props.existingSecurityHubAccountId);
    for (const [key, arn] of Object.entries(
      securityHubStandards(props.region, props.cisVersion ?? DEFAULT_CIS_VERSION),
    )) {
      new SecurityhubStandardsSubscription(this, `securityhub_${key}`, { standardsArn: arn, dependsOn: [this.hub] });
    }
    this.enabledServices = { guardDuty: this.detector, securityHub: this.hub };
    this.node.addValidation({
      validate: () =>
        this.administered ? [] : ["administerOrganization: never called; the organization configurations are missing"],
    });
  }

  /**
   * What this account does as delegated administrator, once `designations` (the management
   * account's designations of it, and the Organizations registrations) exist.
   */
  administerOrganization(designations: readonly ITerraformDependable[]): void {
    this.administered = true;
    const props = this.props;
    const prefix = props.namePrefix ?? "organization";
    const after = [...designations];

    const organization = new GuarddutyOrganizationConfiguration(this, "guardduty_organization", {
      detectorId: this.detector.id,
      autoEnableOrganizationMembers: "ALL",
      dependsOn: after,
    });
    // One feature at a time: GuardDuty rejects concurrent organization configuration updates.
    let previous: TerraformResource = organization;
    for (const feature of props.guardDutyFeatures ?? GUARDDUTY_FEATURES) {
      previous = new GuarddutyOrganizationConfigurationFeature(this, `guardduty_${feature.name.toLowerCase()}`, {
        detectorId: this.detector.id,
        name: feature.name,
        autoEnable: "ALL",
        additionalConfiguration: (feature.additionalConfiguration ?? []).map((name) => ({ name, autoEnable: "ALL" })),
        dependsOn: [previous],
      });
    }

    new SecurityhubOrganizationConfiguration(this, "securityhub_organization", {
      autoEnable: true,
      autoEnableStandards: props.autoEnableStandards ?? "DEFAULT",
      dependsOn: [this.hub, ...after],
    });

    const analyzer = new AccessanalyzerAnalyzer(this, "access_analyzer", {
      analyzerName: `${prefix}-${props.region}`,
      type: "ORGANIZATION",
      dependsOn: after,
    });
    this.analyzerArn = analyzer.arn;

    if (!(props.homeRegion ?? false)) return;
    const linked = props.governedRegions.filter((region) => region !== props.region);
    if (linked.length > 0) {
      new SecurityhubFindingAggregator(this, "securityhub_aggregator", {
        linkingMode: "SPECIFIED_REGIONS",
        specifiedRegions: linked,
        dependsOn: [this.hub, ...after],
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
      dependsOn: [attachment, ...after],
    });
    this.configAggregatorArn = aggregator.arn;
  }
}
