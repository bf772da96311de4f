import {
  CloudwatchMetricAlarm,
  type CloudwatchMetricAlarmConfig,
} from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Op, Token } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, policyJson, type PolicyStatement } from "../iam/policy";
import { KmsKeyWithAlias } from "../kms-key";
import {
  DEFAULTS,
  FREE_STORAGE_BYTES_PER_GIB_PERCENT,
  freeStorageThresholdBytes,
  thresholdIssues,
  type AlarmDefault,
  type AlarmThreshold,
  type DatabaseAlarm,
  type EcsServiceAlarm,
  type LoadBalancerAlarm,
  type Thresholds,
} from "./defaults";

export {
  DEFAULTS,
  freeStorageThresholdBytes,
  type AlarmThreshold,
  type DatabaseAlarm,
  type EcsServiceAlarm,
  type LoadBalancerAlarm,
  type Severity,
  type Thresholds,
} from "./defaults";

export interface ServiceAlarmsProps {
  /**
   * Prefix of the topic, key alias and every alarm name (`<prefix>-<key>-cpu`), e.g.
   * `bankapp-prod-us-east-1`; the key admits alarms of this prefix only.
   */
  readonly namePrefix: string;
  readonly accountId: string;
  /** Region of the stack's provider: alarms and topic are regional. */
  readonly region: string;
  /**
   * Email addresses subscribed to the topic; each must follow SNS's confirmation link, and Terraform
   * cannot delete a subscription still pending.
   * @default []
   */
  readonly emailSubscriptions?: readonly string[];
  /** HTTPS endpoints subscribed to the topic (a chat or paging webhook); each must confirm. @default [] */
  readonly httpsSubscriptions?: readonly string[];
  /** Refuse `terraform destroy` of the topic's key. @default true */
  readonly deletionProtection?: boolean;
  /** Tags on every resource, besides the provider's default tags. @default {} */
  readonly tags?: Record<string, string>;
}

/** An ECS service to watch (`EcsService.serviceName` in `EcsCluster.clusterName`). */
export interface EcsServiceTarget {
  readonly clusterName: string;
  readonly serviceName: string;
  /** @default DEFAULTS.ecsService - CPU > 90 % (critical), memory > 80 % (warning), 5 minutes */
  readonly thresholds?: Thresholds<EcsServiceAlarm>;
}

/** An RDS instance to watch. */
export interface DatabaseTarget {
  readonly instanceIdentifier: string;
  /**
   * Allocated storage in GiB, from which the free-storage threshold is computed. Pass the instance's
   * `allocated_storage` attribute so the threshold follows storage autoscaling at the next apply.
   */
  readonly allocatedStorageGib: number;
  /** @default DEFAULTS.database - CPU > 85 % for 5 minutes, free storage < 10 % (both critical) */
  readonly thresholds?: Thresholds<DatabaseAlarm>;
}

/** An Application Load Balancer to watch (`Alb.ref`). */
export interface LoadBalancerTarget {
  /** `app/<name>/<id>` (`Alb.ref.arnSuffix`). */
  readonly arnSuffix: string;
  /** Target groups watched for unhealthy targets, by key (`Alb.ref.targetGroupArnSuffixes`). @default {} */
  readonly targetGroupArnSuffixes?: Readonly<Record<string, string>>;
  /** @default DEFAULTS.loadBalancer - 5xx > 10 a minute (critical), p99 > 2 s and unhealthy targets (warning) */
  readonly thresholds?: Thresholds<LoadBalancerAlarm>;
}

type AlarmMetric = Pick<
  CloudwatchMetricAlarmConfig,
  "namespace" | "metricName" | "dimensions" | "statistic" | "extendedStatistic" | "metricQuery" | "treatMissingData"
>;

/**
 * A KMS-encrypted SNS topic per account-region for the application's alarms, and factories for
 * the alarms 003 lists, per ECS service, database and load balancer; every alarm notifies the topic
 * when it fires and when it recovers.
 */
export class ServiceAlarms extends Construct {
  readonly topicArn: string;
  readonly kmsKeyArn: string;
  /** Alarm names by their construct id (`backend_cpu`). */
  readonly alarmNames: Record<string, string> = {};

  private readonly prefix: string;
  private readonly tags: Record<string, string>;
  private readonly issues: string[] = [];

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    this.prefix = props.namePrefix;
    this.tags = props.tags ?? {};
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(props.namePrefix)) {
      this.issues.push(
        `namePrefix: "${props.namePrefix}" must be letters, digits, "-" or "_" (it prefixes alarm names)`,
      );
    }
    this.node.addValidation({ validate: () => this.issues });

    const fromTheseAlarms = {
      ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${props.region}:${props.accountId}:alarm:${props.namePrefix}-*` },
      StringEquals: { "aws:SourceAccount": props.accountId },
    };
    const key = new KmsKeyWithAlias(this, "key", {
      alias: `${props.namePrefix}-alarms`,
      description: `Alarm topic ${props.namePrefix}-alarms`,
      accountId: props.accountId,
      deletionProtection: props.deletionProtection ?? true,
      // CloudWatch publishes to an encrypted topic with these two only.
      // @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
      policyStatements: [
        {
          Sid: "AlarmsEncryptForTheTopic",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
          Resource: "*",
          Condition: fromTheseAlarms,
        },
      ],
    });
    this.kmsKeyArn = key.keyArn;
    const topic = new SnsTopic(this, "topic", {
      name: `${props.namePrefix}-alarms`,
      kmsMasterKeyId: key.keyArn,
      tags: { ...this.tags, Name: `${props.namePrefix}-alarms` },
    });
    this.topicArn = topic.arn;
    const publish: PolicyStatement = {
      Sid: "AlarmsPublish",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Resource: topic.arn,
      Condition: fromTheseAlarms,
    };
    const tlsOnly: PolicyStatement = {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: ["sns:Publish", "sns:Subscribe"],
      Resource: topic.arn,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
    new SnsTopicPolicy(this, "topic_policy", { arn: topic.arn, policy: policyJson(policyDocument(publish, tlsOnly)) });

    const endpoints = [
      ...(props.emailSubscriptions ?? []).map((endpoint) => ["email", endpoint] as const),
      ...(props.httpsSubscriptions ?? []).map((endpoint) => ["https", endpoint] as const),
    ];
    for (const [protocol, endpoint] of endpoints) {
      const key = `${protocol}_${endpoint
        .replace(/^https:\/\//, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "_")}`;
      if (this.node.tryFindChild(key) !== undefined) {
        this.issues.push(`${protocol}Subscriptions: ${endpoint} is listed twice`);
        continue;
      }
      if (protocol === "https" && !endpoint.startsWith("https://")) {
        this.issues.push(`httpsSubscriptions: "${endpoint}" is not an https:// URL`);
      }
      new SnsTopicSubscription(this, key, { topicArn: topic.arn, protocol, endpoint });
    }
  }

  /** CPU (critical) and memory (warning) of an ECS service. */
  monitorEcsService(key: string, target: EcsServiceTarget): void {
    const dimensions = { ClusterName: target.clusterName, ServiceName: target.serviceName };
    const metric = (metricName: string): AlarmMetric => ({
      namespace: "AWS/ECS",
      metricName,
      dimensions,
      statistic: "Average",
    });
    this.family(key, "monitorEcsService", DEFAULTS.ecsService, target.thresholds ?? {}, {
      cpuPercent: ["cpu", `ECS service ${key}: average CPU`, ">", metric("CPUUtilization")],
      memoryPercent: ["memory", `ECS service ${key}: average memory`, ">", metric("MemoryUtilization")],
    });
  }

  /**
   * CPU and free storage of an RDS instance. Free storage is compared with an absolute threshold:
   * `freeStoragePercent` of `allocatedStorageGib` in bytes (computed at plan when the size is an attribute).
   */
  monitorDatabase(key: string, target: DatabaseTarget): void {
    const dimensions = { DBInstanceIdentifier: target.instanceIdentifier };
    const given = target.thresholds ?? {};
    const storage = given.freeStoragePercent;
    const percent = storage === false ? 0 : (storage?.threshold ?? DEFAULTS.database.freeStoragePercent.threshold);
    const bytes = Token.isUnresolved(target.allocatedStorageGib)
      ? Op.mul(target.allocatedStorageGib, FREE_STORAGE_BYTES_PER_GIB_PERCENT * percent)
      : freeStorageThresholdBytes(target.allocatedStorageGib, percent);
    if (!Token.isUnresolved(target.allocatedStorageGib) && !(target.allocatedStorageGib > 0)) {
      this.issues.push(
        `monitorDatabase(${key}).allocatedStorageGib: ${target.allocatedStorageGib} is not a storage size`,
      );
    }
    this.family(key, "monitorDatabase", DEFAULTS.database, given, {
      cpuPercent: [
        "cpu",
        `RDS ${key}: average CPU`,
        ">",
        { namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions, statistic: "Average" },
      ],
      freeStoragePercent: [
        "free_storage",
        `RDS ${key}: free storage (bytes, ${percent} % of the allocated storage)`,
        "<",
        { namespace: "AWS/RDS", metricName: "FreeStorageSpace", dimensions, statistic: "Minimum" },
        bytes,
      ],
    });
  }

  /** 5xx responses (critical), p99 target response time and unhealthy targets (warnings) of an ALB. */
  monitorLoadBalancer(key: string, target: LoadBalancerTarget): void {
    const lb = { LoadBalancer: target.arnSuffix };
    const count = (id: string, metricName: string) => ({
      id,
      returnData: false,
      metric: { namespace: "AWS/ApplicationELB", metricName, dimensions: lb, period: 60, stat: "Sum" },
    });
    const given = target.thresholds ?? {};
    this.family(
      key,
      "monitorLoadBalancer",
      DEFAULTS.loadBalancer,
      { ...given, unhealthyTargets: false },
      {
        http5xxPerMinute: [
          "http_5xx",
          `ALB ${key}: 5xx responses per minute (load balancer and targets)`,
          ">",
          {
            metricQuery: [
              count("elb", "HTTPCode_ELB_5XX_Count"),
              count("target", "HTTPCode_Target_5XX_Count"),
              { id: "errors", expression: "FILL(elb, 0) + FILL(target, 0)", label: "5xx responses", returnData: true },
            ],
            // No request, no error.
            treatMissingData: "notBreaching",
          },
        ],
        responseTimeP99Seconds: [
          "response_time_p99",
          `ALB ${key}: p99 target response time (seconds)`,
          ">",
          {
            namespace: "AWS/ApplicationELB",
            metricName: "TargetResponseTime",
            dimensions: lb,
            extendedStatistic: "p99",
          },
        ],
      },
    );
    if (given.unhealthyTargets === false) return;
    for (const [group, suffix] of Object.entries(target.targetGroupArnSuffixes ?? {})) {
      this.family(
        `${key}_${group}`,
        "monitorLoadBalancer",
        DEFAULTS.loadBalancer,
        { unhealthyTargets: given.unhealthyTargets },
        {
          unhealthyTargets: [
            "unhealthy_targets",
            `ALB ${key}, target group ${group}: unhealthy targets`,
            ">",
            {
              namespace: "AWS/ApplicationELB",
              metricName: "UnHealthyHostCount",
              dimensions: { ...lb, TargetGroup: suffix },
              statistic: "Maximum",
            },
          ],
        },
      );
    }
  }

  /**
   * One alarm per entry of `alarms` that `given` does not turn off: `<key>_<suffix>`, named
   * `<prefix>-<key>-<suffix>`, over one-minute periods.
   */
  private family<K extends string>(
    key: string,
    method: string,
    defaults: Readonly<Record<K, AlarmDefault>>,
    given: Thresholds<K>,
    alarms: Partial<
      Record<K, [suffix: string, what: string, operator: ">" | "<", metric: AlarmMetric, threshold?: number]>
    >,
  ): void {
    if (!/^[a-z][a-z0-9_]*$/.test(key)) this.issues.push(`${method}(${key}): the key names the alarms; use snake_case`);
    this.issues.push(...thresholdIssues(`${method}(${key}).thresholds`, defaults, given));
    for (const [alarm, spec] of Object.entries(alarms) as [K, NonNullable<(typeof alarms)[K]>][]) {
      const value = given[alarm];
      if (value === false) continue;
      const [suffix, what, operator, metric, threshold] = spec;
      const settings: AlarmThreshold & AlarmDefault = { ...defaults[alarm], ...value };
      const id = `${key}_${suffix}`;
      const alarmName = `${this.prefix}-${id.replace(/_/g, "-")}`;
      new CloudwatchMetricAlarm(this, id, {
        alarmName,
        alarmDescription:
          `[${settings.severity}] ${what} ${operator} ${threshold ?? settings.threshold} for ${settings.minutes} minute(s)` +
          ` (003: "${settings.source}")`,
        ...metric,
        period: metric.metricQuery === undefined ? 60 : undefined,
        evaluationPeriods: settings.minutes,
        datapointsToAlarm: settings.minutes,
        threshold: threshold ?? settings.threshold,
        comparisonOperator: operator === ">" ? "GreaterThanThreshold" : "LessThanThreshold",
        actionsEnabled: true,
        alarmActions: [this.topicArn],
        okActions: [this.topicArn],
        tags: { ...this.tags, Name: alarmName, Severity: settings.severity },
      });
      this.alarmNames[id] = alarmName;
    }
  }
}
