import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, policyJson } from "../iam/policy";
import { cloudWatchLogsStatement, KmsKeyWithAlias } from "../kms-key";

/** Where the trail delivers a copy of its events for real-time monitoring (metric filters). */
export interface TrailCloudWatchLogs {
  /** The trail's account (the management account), which owns the log group, role and key. */
  readonly accountId: string;
  /** The trail's home region, where the log group lives. */
  readonly region: string;
  /** The organization id: member accounts' events arrive in log streams named `<org id>_*`. */
  readonly organizationId: string;
  /**
   * Days the log group keeps events; a CloudWatch Logs retention value.
   * @default 365 - Security Hub CloudWatch.16 asks for at least a year
   */
  readonly retentionDays?: number;
}

export interface OrgTrailProps {
  /**
   * Trail name. Changing it replaces the trail (a gap in logging).
   * @default "organization-trail"
   */
  readonly name?: string;
  /** Log-archive bucket (in the security account) whose policy admits this organization's trail. */
  readonly s3BucketName: string;
  /**
   * Key prefix inside the bucket, before `AWSLogs/`.
   * @default - none: logs land under `AWSLogs/<org id>/`, which the log-archive policy expects
   */
  readonly s3KeyPrefix?: string;
  /** ARN of the log-archive CMK, or of its alias (`arn:aws:kms:<region>:<account>:alias/<name>`). */
  readonly kmsKeyArn: string;
  /**
   * Refuse `terraform destroy` of the trail.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * What must exist first: the organization with trusted access for CloudTrail.
   * @default []
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Also deliver to a KMS-encrypted CloudWatch Logs log group, through a role only this trail may
   * assume (Security Hub CloudTrail.5, and the log group the CIS metric filters read).
   * @default - no CloudWatch Logs delivery
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
   */
  readonly cloudWatchLogs?: TrailCloudWatchLogs;
}

const KMS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/;

/**
 * The organization CloudTrail, in the management account's home region: every account, every
 * region, global service events, log file validation, SSE-KMS into the log archive.
 */
export class OrgTrail extends Construct {
  readonly trailArn: string;
  /** The CloudWatch Logs log group, when `cloudWatchLogs` is set. */
  readonly logGroupName?: string;

  constructor(scope: Construct, id: string, props: OrgTrailProps) {
    super(scope, id);
    const protect = props.deletionProtection ?? true;
    const name = props.name ?? "organization-trail";
    const delivery =
      props.cloudWatchLogs === undefined ? undefined : this.createLogDelivery(name, props.cloudWatchLogs, protect);
    const first = [...(props.dependsOn ?? []), ...(delivery === undefined ? [] : [delivery.policy])];
    const trail = new Cloudtrail(this, "resource", {
      name,
      s3BucketName: props.s3BucketName,
      s3KeyPrefix: props.s3KeyPrefix,
      kmsKeyId: props.kmsKeyArn,
      isOrganizationTrail: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      // CloudTrail requires the log stream wildcard after the log group ARN.
      cloudWatchLogsGroupArn: delivery === undefined ? undefined : `${delivery.logGroupArn}:*`,
      cloudWatchLogsRoleArn: delivery?.roleArn,
      // CloudTrail checks at create that the role can already write to the log group.
      dependsOn: first.length > 0 ? first : undefined,
      lifecycle: { preventDestroy: protect },
    });
    this.trailArn = trail.arn;
    this.logGroupName = delivery?.logGroupName;
    this.node.addValidation({
      validate: () =>
        Token.isUnresolved(props.kmsKeyArn) || KMS_ARN.test(props.kmsKeyArn)
          ? []
          : [`kmsKeyArn: "${props.kmsKeyArn}" is not a KMS key or alias ARN; CloudTrail needs the full ARN`],
    });
  }

  /**
   * The log group (encrypted with its own CMK) and the role CloudTrail delivers with: trusted by
   * cloudtrail.amazonaws.com for this trail only (`aws:SourceArn`), writing only the streams of the
   * management account and of the organization's members.
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
   */
  private createLogDelivery(
    trailName: string,
    logs: TrailCloudWatchLogs,
    protect: boolean,
  ): { logGroupArn: string; logGroupName: string; roleArn: string; policy: IamRolePolicy } {
    const logGroupName = `/aws/cloudtrail/${trailName}`;
    const logGroupArn = `arn:aws:logs:${logs.region}:${logs.accountId}:log-group:${logGroupName}`;
    const trailArn = `arn:aws:cloudtrail:${logs.region}:${logs.accountId}:trail/${trailName}`;
    const key = new KmsKeyWithAlias(this, "logs_key", {
      alias: `${trailName}-logs`,
      description: `CloudWatch Logs copy of ${trailName}`,
      accountId: logs.accountId,
      policyStatements: [cloudWatchLogsStatement(logs.region, logGroupArn)],
      deletionProtection: protect,
    });
    const group = new CloudwatchLogGroup(this, "logs", {
      name: logGroupName,
      retentionInDays: logs.retentionDays ?? 365,
      kmsKeyId: key.keyArn,
      lifecycle: { preventDestroy: protect },
    });
    const role = new IamRole(this, "logs_role", {
      name: `${trailName}-cloudwatch-logs`,
      description: `CloudTrail delivers ${trailName} to ${logGroupName}`,
      assumeRolePolicy: policyJson(
        policyDocument({
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceArn": trailArn } },
        }),
      ),
    });
    const policy = new IamRolePolicy(this, "logs_policy", {
      role: role.name,
      name: "deliver-to-log-group",
      policy: policyJson(
        policyDocument({
          Sid: "TrailLogStreams",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: [
            `${group.arn}:log-stream:${logs.accountId}_CloudTrail_${logs.region}*`,
            `${group.arn}:log-stream:${logs.organizationId}_*`,
          ],
        }),
      ),
    });
    return { logGroupArn: group.arn, logGroupName: group.name, roleArn: role.arn, policy };
  }
}
