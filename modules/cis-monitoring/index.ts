import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import { policyDocument, policyJson, type PolicyStatement } from "../iam/policy";
import { KmsKeyWithAlias } from "../kms-key";
import { CIS_ALARM, CIS_MONITORS, type CisMonitor } from "./monitors";

export { CIS_ALARM, CIS_MONITORS, type CisMonitor } from "./monitors";

export interface CisMonitoringProps {
  /** CloudWatch Logs log group the organization trail delivers to (`OrgTrail.logGroupName`). */
  readonly logGroupName: string;
  /** Account of the log group, the alarms and the topic (the management account). */
  readonly accountId: string;
  /** Region of the log group (the trail's home region). */
  readonly region: string;
  /**
   * Prefix of the filter, metric, alarm, topic and key names (`<prefix>-cis-root-usage`).
   * @default "organization"
   */
  readonly namePrefix?: string;
  /**
   * The monitored event classes. Security Hub passes CloudWatch.1-14 only for the patterns as it
   * publishes them, so change this list only to add monitors.
   * @default CIS_MONITORS - CloudWatch.1-14 and CIS 3.0.0 4.15 (Organizations changes)
   */
  readonly monitors?: readonly CisMonitor[];
  /**
   * Email addresses subscribed to the alarm topic. SNS mails each a confirmation link; until it is
   * followed the subscription is pending, and Terraform cannot delete a pending one.
   * @default []
   * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/sns_topic_subscription
   */
  readonly emailSubscriptions?: readonly string[];
  /**
   * HTTPS endpoints subscribed to the alarm topic; each must confirm the subscription.
   * @default []
   */
  readonly httpsSubscriptions?: readonly string[];
  /**
   * Refuse `terraform destroy` of the topic's key.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * The CIS monitoring controls over the organization trail's log group: per event class a metric
 * filter with the published pattern and an alarm (Sum ≥ 1 over 5 minutes), all to one SNS topic
 * encrypted with its own CMK whose policy admits CloudWatch alarms of this account.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
 */
export class CisMonitoring extends Construct {
  readonly topicArn: string;
  readonly kmsKeyArn: string;
  /** Alarm names by monitor key. */
  readonly alarmNames: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: CisMonitoringProps) {
    super(scope, id);
    const prefix = `${props.namePrefix ?? "organization"}-cis`;
    const alarmArns = `arn:aws:cloudwatch:${props.region}:${props.accountId}:alarm:${prefix}-*`;
    const fromOurAlarms = {
      ArnLike: { "aws:SourceArn": alarmArns },
      StringEquals: { "aws:SourceAccount": props.accountId },
    };

    const key = new KmsKeyWithAlias(this, "key", {
      alias: `${prefix}-alarms`,
      description: "CIS monitoring alarm topic",
      accountId: props.accountId,
      policyStatements: [alarmsUseKey(fromOurAlarms)],
      deletionProtection: props.deletionProtection ?? true,
    });
    this.kmsKeyArn = key.keyArn;
    const topic = new SnsTopic(this, "topic", { name: `${prefix}-alarms`, kmsMasterKeyId: key.keyArn });
    this.topicArn = topic.arn;
    new SnsTopicPolicy(this, "topic_policy", {
      arn: topic.arn,
      policy: policyJson(
        policyDocument(
          {
            Sid: "CisAlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topic.arn,
            Condition: fromOurAlarms,
          },
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: ["sns:Publish", "sns:Subscribe"],
            Resource: topic.arn,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ),
      ),
    });
    this.createSubscriptions(topic, props);

    const names: Record<string, string> = {};
    for (const monitor of props.monitors ?? CIS_MONITORS) {
      const name = `${prefix}-${monitor.key.replace(/_/g, "-")}`;
      new CloudwatchLogMetricFilter(this, `${monitor.key}_filter`, {
        name,
        logGroupName: props.logGroupName,
        pattern: monitor.pattern,
        metricTransformation: { name, namespace: CIS_ALARM.namespace, value: "1" },
      });
      new CloudwatchMetricAlarm(this, monitor.key, {
        alarmName: name,
        alarmDescription: `${monitor.description} (${monitor.control})`,
        namespace: CIS_ALARM.namespace,
        metricName: name,
        statistic: CIS_ALARM.statistic,
        period: CIS_ALARM.period,
        evaluationPeriods: CIS_ALARM.evaluationPeriods,
        threshold: CIS_ALARM.threshold,
        comparisonOperator: CIS_ALARM.comparisonOperator,
        treatMissingData: "notBreaching",
        actionsEnabled: true,
        alarmActions: [topic.arn],
      });
      names[monitor.key] = name;
    }
    this.alarmNames = names;
  }

  /** One subscription per endpoint, addressed by the endpoint (a change replaces it anyway). */
  private createSubscriptions(topic: SnsTopic, props: CisMonitoringProps): void {
    const endpoints = [
      ...(props.emailSubscriptions ?? []).map((endpoint) => ({ protocol: "email", endpoint })),
      ...(props.httpsSubscriptions ?? []).map((endpoint) => ({ protocol: "https", endpoint })),
    ];
    const issues: string[] = [];
    const seen = new Map<string, string>();
    for (const { protocol, endpoint } of endpoints) {
      const id = `${protocol}_${endpoint
        .replace(/^https:\/\//, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "_")}`;
      const earlier = seen.get(id);
      if (earlier !== undefined) {
        issues.push(`${protocol}Subscriptions: ${endpoint} has the same address as ${earlier}; list each once`);
        continue;
      }
      seen.set(id, endpoint);
      new SnsTopicSubscription(this, id, { topicArn: topic.arn, protocol, endpoint });
    }
    this.node.addValidation({ validate: () => issues });
  }
}

/**
 * CloudWatch alarms publish to an encrypted topic only with the key's GenerateDataKey and Decrypt,
 * here limited to this account's CIS alarms.
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 */
function alarmsUseKey(fromOurAlarms: PolicyStatement["Condition"]): PolicyStatement {
  return {
    Sid: "CisAlarmsPublishToEncryptedTopic",
    Effect: "Allow",
    Principal: { Service: "cloudwatch.amazonaws.com" },
    Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
    Resource: "*",
    Condition: fromOurAlarms,
  };
}
