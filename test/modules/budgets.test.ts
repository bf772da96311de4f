import {
  CostGuardrails,
  DEFAULT_MONTHLY_BUDGET_USD,
  DEFAULT_THRESHOLDS,
  thresholdPercentIssue,
  type CostGuardrailsProps,
} from "../../modules/budgets";
import { policyOf, resource, resourcesOf, synthModule } from "../helpers/synth";

const MANAGEMENT = "123456789012";
const base: CostGuardrailsProps = {
  accountId: MANAGEMENT,
  namePrefix: "acme",
  budgets: {
    prod: { accountId: "123456789016", amount: DEFAULT_MONTHLY_BUDGET_USD.prod },
    dev: {
      accountId: "123456789014",
      amount: 250.5,
      thresholds: [
        { percent: 50, type: "ACTUAL" },
        { percent: 120, type: "FORECASTED" },
      ],
    },
  },
};

const synth = (props: Partial<CostGuardrailsProps> = {}) =>
  synthModule((s) => new CostGuardrails(s, "cost", { ...base, ...props }));
const json = synth();
const TOPIC = "${aws_sns_topic.cost_topic.arn}";

describe("budgets", () => {
  test("one monthly cost budget per account, filtered to that account", () => {
    expect(Object.keys(resourcesOf(json, "aws_budgets_budget")).sort()).toEqual([
      "cost_budget_dev",
      "cost_budget_prod",
    ]);
    expect(resource(json, "aws_budgets_budget", "cost_budget_prod")).toMatchObject({
      name: "acme-prod-monthly",
      account_id: MANAGEMENT,
      budget_type: "COST",
      time_unit: "MONTHLY",
      limit_amount: "5000",
      limit_unit: "USD",
      cost_filter: [{ name: "LinkedAccount", values: ["123456789016"] }],
      depends_on: ["aws_sns_topic_policy.cost_topic_policy"],
    });
    expect(resource(json, "aws_budgets_budget", "cost_budget_dev").limit_amount).toBe("250.5");
  });

  test("alerts at 80 % and 100 % spent and at 100 % forecast by default, to the topic", () => {
    expect(resource(json, "aws_budgets_budget", "cost_budget_prod").notification).toEqual(
      DEFAULT_THRESHOLDS.map((t) => ({
        notification_type: t.type,
        comparison_operator: "GREATER_THAN",
        threshold: t.percent,
        threshold_type: "PERCENTAGE",
        subscriber_sns_topic_arns: [TOPIC],
      })),
    );
  });

  test("given thresholds replace the defaults", () => {
    const notifications = resource(json, "aws_budgets_budget", "cost_budget_dev").notification as Record<
      string,
      unknown
    >[];
    expect(notifications.map((n) => [n.notification_type, n.threshold])).toEqual([
      ["ACTUAL", 50],
      ["FORECASTED", 120],
    ]);
  });

  test("emails are added to each notification; without the topic, only they are notified", () => {
    const emailed = synth({ notifications: { topic: false, emails: ["finops@example.com"] }, anomalyDetection: false });
    const notification = (
      resource(emailed, "aws_budgets_budget", "cost_budget_prod").notification as Record<string, unknown>[]
    )[0];
    expect(notification.subscriber_email_addresses).toEqual(["finops@example.com"]);
    expect(notification).not.toHaveProperty("subscriber_sns_topic_arns");
    expect(resourcesOf(emailed, "aws_sns_topic")).toEqual({});
    expect(resourcesOf(emailed, "aws_kms_key")).toEqual({});
  });
});

describe("the alert topic", () => {
  test("is encrypted with its own CMK, which rotates and survives destroy", () => {
    expect(resource(json, "aws_sns_topic", "cost_topic")).toEqual({
      name: "acme-cost-alerts",
      kms_master_key_id: "${aws_kms_key.cost_key.arn}",
      tags: {},
    });
    expect(resource(json, "aws_kms_key", "cost_key")).toMatchObject({
      enable_key_rotation: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  test("the topic policy admits Budgets and Cost Anomaly Detection of this account only, over TLS", () => {
    const policy = policyOf(resource(json, "aws_sns_topic_policy", "cost_topic_policy"));
    expect(policy.Statement).toEqual([
      {
        Sid: "BudgetsPublish",
        Effect: "Allow",
        Principal: { Service: "budgets.amazonaws.com" },
        Action: "sns:Publish",
        Resource: TOPIC,
        Condition: {
          StringEquals: { "aws:SourceAccount": MANAGEMENT },
          ArnLike: { "aws:SourceArn": `arn:aws:budgets::${MANAGEMENT}:*` },
        },
      },
      {
        Sid: "CostAnomalyDetectionPublish",
        Effect: "Allow",
        Principal: { Service: "costalerts.amazonaws.com" },
        Action: "sns:Publish",
        Resource: TOPIC,
        Condition: { StringEquals: { "aws:SourceAccount": MANAGEMENT } },
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: ["sns:Publish", "sns:Subscribe"],
        Resource: TOPIC,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  test("the key policy lets the same publishers encrypt, under the same conditions, and nobody else", () => {
    const statements = policyOf(resource(json, "aws_kms_key", "cost_key")).Statement;
    expect(statements.map((s) => s.Sid)).toEqual([
      "AccountAdministers",
      "BudgetsUseKeyToPublish",
      "CostAnomalyDetectionUseKeyToPublish",
    ]);
    expect(statements[1]).toEqual({
      Sid: "BudgetsUseKeyToPublish",
      Effect: "Allow",
      Principal: { Service: "budgets.amazonaws.com" },
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": MANAGEMENT },
        ArnLike: { "aws:SourceArn": `arn:aws:budgets::${MANAGEMENT}:*` },
      },
    });
    expect(statements[2].Condition).toEqual({ StringEquals: { "aws:SourceAccount": MANAGEMENT } });
  });

  test("without anomaly detection, Cost Anomaly Detection is not admitted", () => {
    const noAnomaly = synth({ anomalyDetection: false });
    const sids = policyOf(resource(noAnomaly, "aws_sns_topic_policy", "cost_topic_policy")).Statement.map((s) => s.Sid);
    expect(sids).toEqual(["BudgetsPublish", "DenyInsecureTransport"]);
    expect(resourcesOf(noAnomaly, "aws_ce_anomaly_monitor")).toEqual({});
    expect(resourcesOf(noAnomaly, "aws_ce_anomaly_subscription")).toEqual({});
  });
});

describe("cost anomaly detection", () => {
  test("a SERVICE monitor alerts the topic immediately at 100 USD of impact by default", () => {
    expect(resourcesOf(json, "aws_ce_anomaly_monitor")).toEqual({
      cost_monitor_services: {
        name: "acme-services",
        monitor_type: "DIMENSIONAL",
        monitor_dimension: "SERVICE",
        tags: {},
      },
    });
    expect(resource(json, "aws_ce_anomaly_subscription", "cost_anomaly_subscription")).toEqual({
      name: "acme-cost-anomalies",
      account_id: MANAGEMENT,
      frequency: "IMMEDIATE",
      monitor_arn_list: ["${aws_ce_anomaly_monitor.cost_monitor_services.arn}"],
      subscriber: [{ type: "SNS", address: TOPIC }],
      threshold_expression: {
        dimension: { key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", match_options: ["GREATER_THAN_OR_EQUAL"], values: ["100"] },
      },
      tags: {},
      depends_on: ["aws_sns_topic_policy.cost_topic_policy"],
    });
  });

  test("linked-account monitors watch the given accounts; daily summaries go to email with both impact thresholds", () => {
    const custom = synth({
      notifications: { emails: ["finops@example.com"] },
      anomalyDetection: {
        monitors: { workloads: { type: "linkedAccounts", accountIds: ["123456789014", "123456789016"] } },
        frequency: "DAILY",
        impactAbsoluteUsd: 250,
        impactPercentage: 20,
      },
    });
    const monitor = resource(custom, "aws_ce_anomaly_monitor", "cost_monitor_workloads");
    expect(monitor.monitor_type).toBe("CUSTOM");
    expect(monitor).not.toHaveProperty("monitor_dimension");
    expect(JSON.parse(monitor.monitor_specification as string)).toEqual({
      And: null,
      CostCategories: null,
      Dimensions: { Key: "LINKED_ACCOUNT", MatchOptions: null, Values: ["123456789014", "123456789016"] },
      Not: null,
      Or: null,
      Tags: null,
    });
    const subscription = resource(custom, "aws_ce_anomaly_subscription", "cost_anomaly_subscription");
    expect(subscription).toMatchObject({
      frequency: "DAILY",
      subscriber: [{ type: "EMAIL", address: "finops@example.com" }],
      threshold_expression: {
        and: [
          {
            dimension: {
              key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE",
              match_options: ["GREATER_THAN_OR_EQUAL"],
              values: ["250"],
            },
          },
          {
            dimension: {
              key: "ANOMALY_TOTAL_IMPACT_PERCENTAGE",
              match_options: ["GREATER_THAN_OR_EQUAL"],
              values: ["20"],
            },
          },
        ],
      },
    });
    expect(subscription).not.toHaveProperty("depends_on");
  });
});

describe("CostGuardrails validation", () => {
  test("a threshold outside 1-1000 % is refused with its path", () => {
    expect(thresholdPercentIssue(1)).toBeUndefined();
    expect(thresholdPercentIssue(1000)).toBeUndefined();
    expect(() =>
      synth({
        budgets: {
          prod: {
            accountId: "123456789016",
            amount: 100,
            thresholds: [
              { percent: 80, type: "ACTUAL" },
              { percent: 1001, type: "FORECASTED" },
              { percent: 0, type: "ACTUAL" },
            ],
          },
        },
      }),
    ).toThrow(
      /budgets\.prod\.thresholds\[1\]\.percent: 1001 is outside 1-1000 %[\s\S]*budgets\.prod\.thresholds\[2\]\.percent: 0 is outside 1-1000 %/,
    );
  });

  test("refuses a repeated threshold, a bad amount, currency or account", () => {
    expect(() =>
      synth({
        budgets: {
          prod: {
            accountId: "12345",
            amount: 0,
            currency: "usd",
            thresholds: [
              { percent: 80, type: "ACTUAL" },
              { percent: 80, type: "ACTUAL" },
            ],
          },
        },
      }),
    ).toThrow(
      /budgets\.prod\.accountId: "12345" is not a 12-digit account id[\s\S]*budgets\.prod\.amount: 0 must be a positive amount[\s\S]*budgets\.prod\.currency: "usd" is not a currency code[\s\S]*budgets\.prod\.thresholds\[1\]: ACTUAL 80 % repeats thresholds\[0\]/,
    );
  });

  test("keys name addresses, so they are snake_case", () => {
    expect(() =>
      synth({
        budgets: { "shared-services": { accountId: "123456789016", amount: 100 } },
        anomalyDetection: { monitors: { allServices: { type: "services" } } },
      }),
    ).toThrow(
      /budgets\.shared-services: keys are snake_case[\s\S]*anomalyDetection\.monitors\.allServices: keys are snake_case/,
    );
  });

  test("an alert must reach someone", () => {
    expect(() => synth({ notifications: { topic: false }, anomalyDetection: false })).toThrow(
      /notifications: with topic off, give emails/,
    );
    expect(() => synth({ notifications: { topic: false, emails: ["a@example.com"] } })).toThrow(
      /anomalyDetection\.frequency: IMMEDIATE alerts go to an SNS topic/,
    );
    expect(() => synth({ anomalyDetection: { frequency: "WEEKLY" } })).toThrow(
      /anomalyDetection\.frequency: WEEKLY summaries go to email; give notifications\.emails/,
    );
  });

  test("refuses more than 10 emails or linked accounts, and malformed ones", () => {
    const emails = Array.from({ length: 11 }, (_, i) => `person${i}@example.com`);
    expect(() => synth({ notifications: { emails: [...emails.slice(0, 10), "nobody"] } })).toThrow(
      /notifications\.emails\[10\]: "nobody" is not an email address/,
    );
    expect(() => synth({ notifications: { emails } })).toThrow(/notifications\.emails: 11 exceed the 10 addresses/);
    const ids = Array.from({ length: 11 }, (_, i) => `1234567890${String(i).padStart(2, "0")}`);
    expect(() =>
      synth({ anomalyDetection: { monitors: { all: { type: "linkedAccounts", accountIds: ids } } } }),
    ).toThrow(/anomalyDetection\.monitors\.all\.accountIds: 11 accounts; a linked-account monitor watches 1-10/);
  });
});
