import { policyDocument, type PolicyDocument, type PolicyStatement } from "../iam/policy";

/**
 * Typed service control policy documents. Each function returns a plain document (no Terraform
 * tokens: SCPs name accounts and roles by wildcard, never by resource reference), so its size can
 * be measured at synth time. Statement ids are unique across functions, so documents can be merged
 * with {@link mergePolicyDocuments} to stay under the five-SCPs-per-target quota.
 */

/** Shared by every guardrail: principals that the deny does not apply to. */
export interface GuardrailExemptions {
  /**
   * Principal ARN patterns (`arn:aws:iam::*:role/BreakGlass`) the deny does not apply to,
   * matched with `ArnNotLike` on `aws:PrincipalArn`.
   * @default [] - no exemptions
   */
  readonly exemptPrincipalArns?: string[];
}

/** A role, in every account, matched by name: `arn:aws:iam::*:role/<name>`. */
export function roleInAnyAccount(roleName: string): string {
  return `arn:aws:iam::*:role/${roleName}`;
}

function exempting(exemptPrincipalArns: readonly string[] | undefined): PolicyStatement["Condition"] {
  return exemptPrincipalArns !== undefined && exemptPrincipalArns.length > 0
    ? { ArnNotLike: { "aws:PrincipalArn": [...exemptPrincipalArns] } }
    : undefined;
}

function deny(sid: string, action: string[], resource: string | string[], exempt?: readonly string[]): PolicyStatement {
  const condition = exempting(exempt);
  return {
    Sid: sid,
    Effect: "Deny",
    Action: action,
    Resource: resource,
    ...(condition ? { Condition: condition } : {}),
  };
}

export type DenyLeaveOrganizationProps = GuardrailExemptions;

/** Member accounts cannot leave the organization (and take its guardrails off themselves). */
export function denyLeaveOrganization(props: DenyLeaveOrganizationProps = {}): PolicyDocument {
  return policyDocument(
    deny("DenyLeaveOrganization", ["organizations:LeaveOrganization"], "*", props.exemptPrincipalArns),
  );
}

export interface DenyRootUserProps {
  /**
   * Actions the root user may still perform (`NotAction`), e.g. for account recovery tasks that only
   * root can do.
   * @default [] - the root user can do nothing
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html
   */
  readonly allowedActions?: string[];
}

/**
 * The root user of a member account can do nothing. SCPs never apply to the management account,
 * whose root user is protected by MFA and a break-glass process instead.
 */
export function denyRootUser(props: DenyRootUserProps = {}): PolicyDocument {
  const allowed = props.allowedActions ?? [];
  return policyDocument({
    Sid: "DenyRootUser",
    Effect: "Deny",
    ...(allowed.length > 0 ? { NotAction: [...allowed] } : { Action: "*" }),
    Resource: "*",
    Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } },
  });
}

/**
 * Global services and account-level actions that the region guard must not block: their API
 * endpoints live in `us-east-1` (or are global) whatever region the caller works in. From the
 * AWS Organizations example "Deny access to AWS based on the requested AWS Region".
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html#example-scp-deny-region
 */
export const GLOBAL_SERVICE_ACTIONS: readonly string[] = [
  "a4b:*",
  "access-analyzer:*",
  "account:*",
  "acm:*",
  "aws-marketplace-management:*",
  "aws-marketplace:*",
  "aws-portal:*",
  "budgets:*",
  "ce:*",
  "chime:*",
  "cloudfront:*",
  "config:*",
  "cur:*",
  "directconnect:*",
  "ec2:DescribeRegions",
  "ec2:DescribeTransitGateways",
  "ec2:DescribeVpnGateways",
  "fms:*",
  "globalaccelerator:*",
  "health:*",
  "iam:*",
  "importexport:*",
  "kms:*",
  "mobileanalytics:*",
  "networkmanager:*",
  "organizations:*",
  "pricing:*",
  "route53:*",
  "route53domains:*",
  "route53-recovery-cluster:*",
  "route53-recovery-control-config:*",
  "route53-recovery-readiness:*",
  "s3:GetAccountPublic*",
  "s3:ListAllMyBuckets",
  "s3:ListMultiRegionAccessPoints",
  "s3:PutAccountPublic*",
  "shield:*",
  "sso:*",
  "sts:*",
  "support:*",
  "trustedadvisor:*",
  "waf-regional:*",
  "waf:*",
  "wafv2:*",
];

export interface AllowOnlyGovernedRegionsProps extends GuardrailExemptions {
  /** Regions where requests are allowed; every other region is denied (data residency). */
  readonly governedRegions: string[];
  /**
   * Actions exempt from the region check (`NotAction`): global services and account-level calls.
   * @default GLOBAL_SERVICE_ACTIONS
   */
  readonly globalActions?: readonly string[];
}

/**
 * The data-residency guard: any request to a region outside `governedRegions` is denied, except
 * the global services' actions, which have no region of their own.
 */
export function allowOnlyGovernedRegions(props: AllowOnlyGovernedRegionsProps): PolicyDocument {
  const exempt = exempting(props.exemptPrincipalArns);
  return policyDocument({
    Sid: "DenyUngovernedRegions",
    Effect: "Deny",
    NotAction: [...(props.globalActions ?? GLOBAL_SERVICE_ACTIONS)],
    Resource: "*",
    Condition: { StringNotEquals: { "aws:RequestedRegion": [...props.governedRegions] }, ...(exempt ?? {}) },
  });
}

export type ProtectSecurityServicesProps = GuardrailExemptions;

/** Nobody in a member account can stop or delete CloudTrail, Config, GuardDuty or Security Hub. */
export function protectSecurityServices(props: ProtectSecurityServicesProps = {}): PolicyDocument {
  const exempt = props.exemptPrincipalArns;
  return policyDocument(
    deny(
      "ProtectCloudTrail",
      ["cloudtrail:DeleteTrail", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"],
      "*",
      exempt,
    ),
    deny(
      "ProtectConfig",
      [
        "config:DeleteConfigRule",
        "config:DeleteConfigurationAggregator",
        "config:DeleteConfigurationRecorder",
        "config:DeleteDeliveryChannel",
        "config:DeleteRetentionConfiguration",
        "config:StopConfigurationRecorder",
      ],
      "*",
      exempt,
    ),
    deny(
      "ProtectGuardDuty",
      [
        "guardduty:DeleteDetector",
        "guardduty:DeleteMembers",
        "guardduty:DisassociateFromAdministratorAccount",
        "guardduty:DisassociateFromMasterAccount",
        "guardduty:DisassociateMembers",
        "guardduty:StopMonitoringMembers",
      ],
      "*",
      exempt,
    ),
    deny(
      "ProtectSecurityHub",
      [
        "securityhub:BatchDisableStandards",
        "securityhub:DeleteMembers",
        "securityhub:DisableSecurityHub",
        "securityhub:DisassociateFromAdministratorAccount",
        "securityhub:DisassociateFromMasterAccount",
        "securityhub:DisassociateMembers",
      ],
      "*",
      exempt,
    ),
  );
}

export interface ProtectAccountBaselineProps extends GuardrailExemptions {
  /**
   * Role that stacks assume in every account; only it (and `exemptPrincipalArns`) may change the
   * baseline settings, and nobody else may change the role itself.
   */
  readonly deployRoleName: string;
}

/**
 * The account baseline (S3 account public-access block, EBS encryption by default, IMDSv2
 * defaults) and the deploy role can be changed only by the deploy role itself, so the
 * management account's automation keeps managing them and nobody else can.
 */
export function protectAccountBaseline(props: ProtectAccountBaselineProps): PolicyDocument {
  const exempt = [roleInAnyAccount(props.deployRoleName), ...(props.exemptPrincipalArns ?? [])];
  return policyDocument(
    deny(
      "ProtectS3AccountPublicAccessBlock",
      ["s3:PutAccountPublicAccessBlock", "s3:DeleteAccountPublicAccessBlock"],
      "*",
      exempt,
    ),
    deny(
      "ProtectEbsDefaultEncryption",
      [
        "ec2:DisableEbsEncryptionByDefault",
        "ec2:ModifyEbsDefaultKmsKeyId",
        "ec2:ResetEbsDefaultKmsKeyId",
        "ec2:ModifyInstanceMetadataDefaults",
      ],
      "*",
      exempt,
    ),
    deny(
      "ProtectDeployRole",
      [
        "iam:AttachRolePolicy",
        "iam:DeleteRole",
        "iam:DeleteRolePermissionsBoundary",
        "iam:DeleteRolePolicy",
        "iam:DetachRolePolicy",
        "iam:PutRolePermissionsBoundary",
        "iam:PutRolePolicy",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
      ],
      roleInAnyAccount(props.deployRoleName),
      exempt,
    ),
  );
}

export type DenyIamUsersProps = GuardrailExemptions;

/** No long-lived credentials: nobody creates IAM users, their passwords or access keys. */
export function denyIamUsers(props: DenyIamUsersProps = {}): PolicyDocument {
  return policyDocument(
    deny(
      "DenyIamUserCredentials",
      ["iam:CreateUser", "iam:CreateLoginProfile", "iam:CreateAccessKey"],
      "*",
      props.exemptPrincipalArns,
    ),
  );
}

export interface ProtectTablesProps extends GuardrailExemptions {
  /** DynamoDB table names, in every account and region. */
  readonly tableNames: readonly string[];
}

/**
 * Nobody deletes these tables or any of their replicas. Provider 5.100.0's inline `replica`
 * block has no deletion protection, and dropping one from the list deletes that replica in place:
 * this deny is what stops it.
 */
export function protectTables(props: ProtectTablesProps): PolicyDocument {
  return policyDocument(
    deny(
      "ProtectDynamoDbTables",
      ["dynamodb:DeleteTable", "dynamodb:DeleteTableReplica"],
      props.tableNames.map((name) => `arn:aws:dynamodb:*:*:table/${name}`),
      props.exemptPrincipalArns,
    ),
  );
}

/**
 * One document with the statements of several, in order; statement ids must stay unique.
 * Use it to stay within five SCPs per target (one of which is usually `FullAWSAccess`).
 */
export function mergePolicyDocuments(...documents: PolicyDocument[]): PolicyDocument {
  return policyDocument(...documents.flatMap((document) => document.Statement));
}

/** The size AWS counts against the SCP limit: the minified JSON, whitespace excluded. */
export function policySize(document: PolicyDocument): number {
  return JSON.stringify(document).length;
}

/** Maximum size of one service control policy, in characters without whitespace. */
export const SCP_MAX_CHARACTERS = 5120;
