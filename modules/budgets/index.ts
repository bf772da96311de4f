import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import { CeAnomalyMonitor } from "@cdktf/provider-aws/lib/ce-anomaly-monitor";
import {
  CeAnomalySubscription,
  type CeAnomalySubscriptionThresholdExpression,
} from "@cdktf/provider-aws/lib/ce-anomaly-subscription";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, policyJson, type PolicyStatement } from "../iam/policy";
import { KmsKeyWithAlias } from "../kms-key";
import {
  BUDGET_LIMITS,
  COST_ANOMALY_DEFAULTS,
  DEFAULT_THRESHOLDS,
  thresholdPercentIssue,
  type AnomalyFrequency,
  type BudgetThreshold,
} from "./defaults";

export {
  BUDGET_LIMITS,
  COST_ANOMALY_DEFAULTS,
  DEFAULT_MONTHLY_BUDGET_USD,
  DEFAULT_THRESHOLDS,
  thresholdPercentIssue,
  type AnomalyFrequency,
  type BudgetThreshold,
} from "./defaults";

/** A monthly cost budget of one member account. */
export interface AccountBudget {
  /** The account whose cost is budgeted (a `LinkedAccount` cost filter). */
  readonly accountId: string;
  /** Monthly amount. */
  readonly amount: number;
  /**
   * Currency of the amount.
   * @default "USD"
   */
  readonly currency?: string;
  /**
   * When to alert.
   * @default DEFAULT_THRESHOLDS - 80 % and 100 % spent, 100 % forecast
   */
  readonly thresholds?: readonly BudgetThreshold[];
}

/** What a Cost Anomaly Detection monitor watches. */
export type AnomalyMonitorScope =
  /** Every AWS service, each evaluated on its own (an AWS managed `SERVICE` monitor). */
  | { readonly type: "services" }
  /** The total of up to 10 linked accounts (a customer managed monitor). */
  | { readonly type: "linkedAccounts"; readonly accountIds: readonly string[] };

export interface CostAnomalyDetectionProps {
  /**
   * Monitors by a stable key (it names the monitor's address).
   * @default { services: { type: "services" } }
   */
  readonly monitors?: Readonly<Record<string, AnomalyMonitorScope>>;
  /**
   * `IMMEDIATE` alerts go to the topic (needs `notifications.topic`), `DAILY`/`WEEKLY` summaries to
   * `notifications.emails`.
   * @default "IMMEDIATE"
   */
  readonly frequency?: AnomalyFrequency;
  /**
   * Alert when an anomaly's total impact reaches this many USD.
   * @default 100
   */
  readonly impactAbsoluteUsd?: number;
  /**
   * Alert only when the impact is also at least this percentage of the expected spend.
   * @default - the absolute impact alone decides
   */
  readonly impactPercentage?: number;
}

export interface BudgetNotifications {
  /**
   * Send to an SNS topic this module creates, encrypted with its own CMK; subscribe chat or paging
   * tools to `topicArn`.
   * @default true
   */
  readonly topic?: boolean;
  /**
   * Email addresses each budget notification goes to (at most 10).
   * @default []
   */
  readonly emails?: readonly string[];
}

export interface CostGuardrailsProps {
  /**
   * The account that owns the budgets, the topic and the anomaly monitors: the management account,
   * which sees every member's cost. AWS Budgets publishes only to a topic of its own account.
   */
  readonly accountId: string;
  /** Prefix of budget, monitor, topic and key names (`acme-prod-monthly`). */
  readonly namePrefix: string;
  /** Budgets by a stable key (the account key: `prod`); a change of key replaces the budget. */
  readonly budgets: Readonly<Record<string, AccountBudget>>;
  /**
   * Who hears of a budget alert.
   * @default { topic: true }
   */
  readonly notifications?: BudgetNotifications;
  /**
   * Cost Anomaly Detection, or `false` for none. Detection itself costs nothing.
   * @default {} - a SERVICE monitor alerting the topic at 100 USD of impact
   */
  readonly anomalyDetection?: CostAnomalyDetectionProps | false;
  /**
   * Refuse `terraform destroy` of the topic's key.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Tags of the budgets, monitors, subscription and topic.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * Cost guardrails of the organization, in the management account: a monthly AWS Budgets cost budget
 * per account with alert thresholds, and Cost Anomaly Detection, both notifying an encrypted SNS
 * topic (whose key and topic policies admit only this account's budgets and anomaly alerts) and/or
 * email addresses.
 * @see https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-managing-costs.html
 * @see https://docs.aws.amazon.com/cost-management/latest/userguide/manage-ad.html
 */
export class CostGuardrails extends Construct {
  /** The alert topic; undefined when `notifications.topic` is false. */
  readonly topicArn?: string;
  readonly kmsKeyArn?: string;
  /** Budget names by key. */
  readonly budgetNames: Readonly<Record<string, string>>;
  /** Anomaly monitor ARNs by key. */
  readonly monitorArns: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: CostGuardrailsProps) {
    super(scope, id);
    const issues = costGuardrailsIssues(props);
    this.node.addValidation({ validate: () => issues });
    const tags = props.tags ?? {};
    const emails = [...(props.notifications?.emails ?? [])];
    const anomaly = props.anomalyDetection === false ? undefined : (props.anomalyDetection ?? {});
    const frequency = anomaly?.frequency ?? COST_ANOMALY_DEFAULTS.frequency;

    const topic =
      (props.notifications?.topic ?? true)
        ? this.createTopic(props, anomaly !== undefined && frequency === "IMMEDIATE")
        : undefined;
    this.topicArn = topic?.topicArn;
    this.kmsKeyArn = topic?.kmsKeyArn;

    const names: Record<string, string> = {};
    for (const [key, budget] of Object.entries(props.budgets)) {
      const name = `${props.namePrefix}-${key}-monthly`;
      new BudgetsBudget(this, `budget_${key}`, {
        name,
        accountId: props.accountId,
        budgetType: "COST",
        timeUnit: "MONTHLY",
        limitAmount: String(budget.amount),
        limitUnit: budget.currency ?? "USD",
        costFilter: [{ name: "LinkedAccount", values: [budget.accountId] }],
        notification: (budget.thresholds ?? DEFAULT_THRESHOLDS).map((threshold) => ({
          notificationType: threshold.type,
          comparisonOperator: "GREATER_THAN",
          threshold: threshold.percent,
          thresholdType: "PERCENTAGE",
          subscriberSnsTopicArns: topic === undefined ? undefined : [topic.topicArn],
          subscriberEmailAddresses: emails.length === 0 ? undefined : emails,
        })),
        tags,
        // Budgets checks its right to publish when the notification is saved.
        dependsOn: topic === undefined ? undefined : [topic.policy],
      });
      names[key] = name;
    }
    this.budgetNames = names;
    this.monitorArns = anomaly === undefined ? {} : this.createAnomalyDetection(props, anomaly, topic);
  }

  /**
   * The alert topic and its CMK. Budgets (and, for immediate alerts, Cost Anomaly Detection) may use
   * the key and publish only on behalf of this account: `aws:SourceAccount`, and for Budgets
   * `aws:SourceArn` on this account's budgets, as AWS documents for the topic policy.
   * @see https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html
   * @see https://docs.aws.amazon.com/cost-management/latest/userguide/ad-SNS.html
   * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
   */
  private createTopic(
    props: CostGuardrailsProps,
    anomalyAlerts: boolean,
  ): { topicArn: string; kmsKeyArn: string; policy: SnsTopicPolicy } {
    const name = `${props.namePrefix}-cost-alerts`;
    const publishers: { sid: string; service: string; condition: PolicyStatement["Condition"] }[] = [
      {
        sid: "Budgets",
        service: "budgets.amazonaws.com",
        condition: {
          StringEquals: { "aws:SourceAccount": props.accountId },
          ArnLike: { "aws:SourceArn": `arn:aws:budgets::${props.accountId}:*` },
        },
      },
      ...(anomalyAlerts
        ? [
            {
              sid: "CostAnomalyDetection",
              service: "costalerts.amazonaws.com",
              condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
            },
          ]
        : []),
    ];
    const key = new KmsKeyWithAlias(this, "key", {
      alias: name,
      description: "Budget and cost anomaly alert topic",
      accountId: props.accountId,
      policyStatements: publishers.map(({ sid, service, condition }) => ({
        Sid: `${sid}UseKeyToPublish`,
        Effect: "Allow",
        Principal: { Service: service },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
        Condition: condition,
      })),
      deletionProtection: props.deletionProtection ?? true,
    });
    const topic = new SnsTopic(this, "topic", { name, kmsMasterKeyId: key.keyArn, tags: props.tags ?? {} });
    const policy = new SnsTopicPolicy(this, "topic_policy", {
      arn: topic.arn,
      policy: policyJson(
        policyDocument(
          ...publishers.map(({ sid, service, condition }): PolicyStatement => ({
            Sid: `${sid}Publish`,
            Effect: "Allow",
            Principal: { Service: service },
            Action: "sns:Publish",
            Resource: topic.arn,
            Condition: condition,
          })),
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
    return { topicArn: topic.arn, kmsKeyArn: key.keyArn, policy };
  }

  private createAnomalyDetection(
    props: CostGuardrailsProps,
    anomaly: CostAnomalyDetectionProps,
    topic: { topicArn: string; policy: SnsTopicPolicy } | undefined,
  ): Record<string, string> {
    const tags = props.tags ?? {};
    const arns: Record<string, string> = {};
    for (const [key, scope] of Object.entries(anomaly.monitors ?? { services: { type: "services" } })) {
      const name = `${props.namePrefix}-${key}`;
      const monitor =
        scope.type === "services"
          ? new CeAnomalyMonitor(this, `monitor_${key}`, {
              name,
              monitorType: "DIMENSIONAL",
              monitorDimension: "SERVICE",
              tags,
            })
          : new CeAnomalyMonitor(this, `monitor_${key}`, {
              name,
              monitorType: "CUSTOM",
              monitorSpecification: JSON.stringify({
                And: null,
                CostCategories: null,
                Dimensions: { Key: "LINKED_ACCOUNT", MatchOptions: null, Values: [...scope.accountIds] },
                Not: null,
                Or: null,
                Tags: null,
              }),
              tags,
            });
      arns[key] = monitor.arn;
    }
    const frequency = anomaly.frequency ?? COST_ANOMALY_DEFAULTS.frequency;
    const immediate = frequency === "IMMEDIATE";
    if (Object.keys(arns).length === 0 || (immediate && topic === undefined)) return arns; // reported
    new CeAnomalySubscription(this, "anomaly_subscription", {
      name: `${props.namePrefix}-cost-anomalies`,
      accountId: props.accountId,
      frequency,
      monitorArnList: Object.values(arns),
      subscriber: immediate
        ? [{ type: "SNS", address: topic!.topicArn }]
        : (props.notifications?.emails ?? []).map((address) => ({ type: "EMAIL", address })),
      thresholdExpression: impactExpression(anomaly),
      tags,
      dependsOn: immediate ? [topic!.policy] : undefined,
    });
    return arns;
  }
}

/**
 * `ANOMALY_TOTAL_IMPACT_ABSOLUTE >= usd`, and with a percentage also `ANOMALY_TOTAL_IMPACT_PERCENTAGE >= pct`.
 * @see https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_AnomalySubscription.html
 */
function impactExpression(anomaly: CostAnomalyDetectionProps): CeAnomalySubscriptionThresholdExpression {
  const atLeast = (key: string, value: number) => ({
    dimension: { key, matchOptions: ["GREATER_THAN_OR_EQUAL"], values: [String(value)] },
  });
  const absolute = atLeast(
    "ANOMALY_TOTAL_IMPACT_ABSOLUTE",
    anomaly.impactAbsoluteUsd ?? COST_ANOMALY_DEFAULTS.impactAbsoluteUsd,
  );
  if (anomaly.impactPercentage === undefined) return absolute;
  return { and: [absolute, atLeast("ANOMALY_TOTAL_IMPACT_PERCENTAGE", anomaly.impactPercentage)] };
}

const ACCOUNT_ID = /^\d{12}$/;
const SNAKE_KEY = /^[a-z][a-z0-9_]*$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Every invariant of the props, as `<prop path>: message`. */
export function costGuardrailsIssues(props: CostGuardrailsProps): string[] {
  const issues: string[] = [];
  const literalAccount = (path: string, id: string) => {
    if (!Token.isUnresolved(id) && !ACCOUNT_ID.test(id)) issues.push(`${path}: "${id}" is not a 12-digit account id`);
  };
  literalAccount("accountId", props.accountId);
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(props.namePrefix)) {
    issues.push(`namePrefix: "${props.namePrefix}" must be letters, digits, ".", "_" or "-" (it names the topic)`);
  }
  for (const [key, budget] of Object.entries(props.budgets)) {
    const path = `budgets.${key}`;
    if (!SNAKE_KEY.test(key)) issues.push(`${path}: keys are snake_case (they name the budget's address)`);
    literalAccount(`${path}.accountId`, budget.accountId);
    if (!(budget.amount > 0)) issues.push(`${path}.amount: ${budget.amount} must be a positive amount`);
    if (budget.currency !== undefined && !/^[A-Z]{3}$/.test(budget.currency)) {
      issues.push(`${path}.currency: "${budget.currency}" is not a currency code such as USD`);
    }
    const thresholds = budget.thresholds ?? DEFAULT_THRESHOLDS;
    if (thresholds.length === 0) issues.push(`${path}.thresholds: give at least one, or the budget never alerts`);
    if (thresholds.length > BUDGET_LIMITS.notificationsPerBudget) {
      issues.push(
        `${path}.thresholds: ${thresholds.length} exceed the ${BUDGET_LIMITS.notificationsPerBudget} notifications a budget may have`,
      );
    }
    thresholds.forEach((threshold, i) => {
      const problem = thresholdPercentIssue(threshold.percent);
      if (problem !== undefined) issues.push(`${path}.thresholds[${i}].percent: ${problem}`);
      const first = thresholds.findIndex((t) => t.type === threshold.type && t.percent === threshold.percent);
      if (first < i)
        issues.push(`${path}.thresholds[${i}]: ${threshold.type} ${threshold.percent} % repeats thresholds[${first}]`);
    });
  }
  const topic = props.notifications?.topic ?? true;
  const emails = props.notifications?.emails ?? [];
  if (!topic && emails.length === 0) {
    issues.push("notifications: with topic off, give emails; otherwise no alert reaches anyone");
  }
  if (emails.length > BUDGET_LIMITS.emailsPerNotification) {
    issues.push(
      `notifications.emails: ${emails.length} exceed the ${BUDGET_LIMITS.emailsPerNotification} addresses a notification may have; subscribe a list to the topic`,
    );
  }
  emails.forEach((email, i) => {
    if (!EMAIL.test(email)) issues.push(`notifications.emails[${i}]: "${email}" is not an email address`);
  });
  if (props.anomalyDetection !== false) issues.push(...anomalyIssues(props.anomalyDetection ?? {}, topic, emails));
  return issues;
}

function anomalyIssues(anomaly: CostAnomalyDetectionProps, topic: boolean, emails: readonly string[]): string[] {
  const issues: string[] = [];
  const monitors = anomaly.monitors ?? { services: { type: "services" } };
  if (Object.keys(monitors).length === 0) {
    issues.push("anomalyDetection.monitors: give at least one monitor, or set anomalyDetection to false");
  }
  for (const [key, scope] of Object.entries(monitors)) {
    if (!SNAKE_KEY.test(key))
      issues.push(`anomalyDetection.monitors.${key}: keys are snake_case (they name the monitor's address)`);
    if (scope.type !== "linkedAccounts") continue;
    const path = `anomalyDetection.monitors.${key}.accountIds`;
    const count = scope.accountIds.length;
    if (count === 0 || count > BUDGET_LIMITS.linkedAccountsPerMonitor) {
      issues.push(
        `${path}: ${count} accounts; a linked-account monitor watches 1-${BUDGET_LIMITS.linkedAccountsPerMonitor}`,
      );
    }
    scope.accountIds.forEach((id, i) => {
      if (!Token.isUnresolved(id) && !ACCOUNT_ID.test(id))
        issues.push(`${path}[${i}]: "${id}" is not a 12-digit account id`);
    });
  }
  const frequency = anomaly.frequency ?? COST_ANOMALY_DEFAULTS.frequency;
  if (frequency === "IMMEDIATE" && !topic) {
    issues.push(
      "anomalyDetection.frequency: IMMEDIATE alerts go to an SNS topic; turn notifications.topic on or choose DAILY",
    );
  }
  if (frequency !== "IMMEDIATE" && emails.length === 0) {
    issues.push(`anomalyDetection.frequency: ${frequency} summaries go to email; give notifications.emails`);
  }
  const absolute = anomaly.impactAbsoluteUsd ?? COST_ANOMALY_DEFAULTS.impactAbsoluteUsd;
  if (!(absolute > 0)) issues.push(`anomalyDetection.impactAbsoluteUsd: ${absolute} must be a positive amount`);
  if (anomaly.impactPercentage !== undefined && !(anomaly.impactPercentage > 0)) {
    issues.push(`anomalyDetection.impactPercentage: ${anomaly.impactPercentage} must be a positive percentage`);
  }
  return issues;
}
