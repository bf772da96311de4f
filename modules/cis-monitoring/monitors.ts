/**
 * The CIS monitoring recommendations as metric filters over the CloudTrail log group. Security Hub
 * compares a filter's pattern text with the one its control publishes ("This control fails if the
 * exact metric filters prescribed by CIS are not used. Additional fields or terms cannot be added"),
 * so each pattern below is copied character for character from the control's remediation section.
 * No constructs here: tests and the config read the list.
 */

/** One monitored event class: a metric filter and its alarm. */
export interface CisMonitor {
  /** Address and name suffix, e.g. `root_usage` → `aws_cloudwatch_log_metric_filter.<id>_root_usage`. */
  readonly key: string;
  /** Security Hub control id, or the CIS recommendation where Security Hub has no control. */
  readonly control: string;
  /** What the alarm means, for its description. */
  readonly description: string;
  /** The filter pattern exactly as published. */
  readonly pattern: string;
  /** The page that publishes the pattern. */
  readonly source: string;
}

const CONTROLS = "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html";

/**
 * CloudWatch.1-14 (CIS v1.2.0 3.x / v1.4.0 4.x) and the CIS v3.0.0 recommendation 4.15 on AWS
 * Organizations changes, which Security Hub does not evaluate (CIS publishes the pattern).
 */
export const CIS_MONITORS: readonly CisMonitor[] = [
  {
    key: "root_usage",
    control: "CloudWatch.1",
    description: 'Usage of the "root" user',
    pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    source: `${CONTROLS}#cloudwatch-1`,
  },
  {
    key: "unauthorized_api_calls",
    control: "CloudWatch.2",
    description: "Unauthorized API calls",
    pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
    source: `${CONTROLS}#cloudwatch-2`,
  },
  {
    key: "console_signin_without_mfa",
    control: "CloudWatch.3",
    description: "Management Console sign-in without MFA",
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    source: `${CONTROLS}#cloudwatch-3`,
  },
  {
    key: "iam_policy_changes",
    control: "CloudWatch.4",
    description: "IAM policy changes",
    pattern:
      "{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}",
    source: `${CONTROLS}#cloudwatch-4`,
  },
  {
    key: "cloudtrail_changes",
    control: "CloudWatch.5",
    description: "CloudTrail configuration changes",
    pattern:
      "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}",
    source: `${CONTROLS}#cloudwatch-5`,
  },
  {
    key: "console_authentication_failures",
    control: "CloudWatch.6",
    description: "Management Console authentication failures",
    pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    source: `${CONTROLS}#cloudwatch-6`,
  },
  {
    key: "cmk_disabled_or_deleted",
    control: "CloudWatch.7",
    description: "Customer managed keys disabled or scheduled for deletion",
    pattern: "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}",
    source: `${CONTROLS}#cloudwatch-7`,
  },
  {
    key: "s3_bucket_policy_changes",
    control: "CloudWatch.8",
    description: "S3 bucket policy changes",
    pattern:
      "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}",
    source: `${CONTROLS}#cloudwatch-8`,
  },
  {
    key: "config_changes",
    control: "CloudWatch.9",
    description: "AWS Config configuration changes",
    pattern:
      "{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}",
    source: `${CONTROLS}#cloudwatch-9`,
  },
  {
    key: "security_group_changes",
    control: "CloudWatch.10",
    description: "Security group changes",
    pattern:
      "{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}",
    source: `${CONTROLS}#cloudwatch-10`,
  },
  {
    key: "nacl_changes",
    control: "CloudWatch.11",
    description: "Network ACL changes",
    pattern:
      "{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}",
    source: `${CONTROLS}#cloudwatch-11`,
  },
  {
    key: "network_gateway_changes",
    control: "CloudWatch.12",
    description: "Network gateway changes",
    pattern:
      "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}",
    source: `${CONTROLS}#cloudwatch-12`,
  },
  {
    key: "route_table_changes",
    control: "CloudWatch.13",
    description: "Route table changes",
    pattern:
      "{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}",
    source: `${CONTROLS}#cloudwatch-13`,
  },
  {
    key: "vpc_changes",
    control: "CloudWatch.14",
    description: "VPC changes",
    pattern:
      "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}",
    source: `${CONTROLS}#cloudwatch-14`,
  },
  {
    key: "organizations_changes",
    control: "CIS 3.0.0 4.15",
    description: "AWS Organizations changes",
    pattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
    source: "https://www.cisecurity.org/benchmark/amazon_web_services (v3.0.0, recommendation 4.15)",
  },
];

/** Alarm settings of Security Hub's remediation steps: Sum over 5 minutes, at least 1, to SNS. */
export const CIS_ALARM = {
  namespace: "LogMetrics",
  period: 300,
  evaluationPeriods: 1,
  threshold: 1,
  statistic: "Sum",
  comparisonOperator: "GreaterThanOrEqualToThreshold",
} as const;
