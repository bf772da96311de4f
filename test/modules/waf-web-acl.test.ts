import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LOG_GROUP_PREFIX, WafWebAcl, type WafWebAclProps } from "../../modules/waf-web-acl";
import { policyOf, resource, synthModule, type StackJson } from "../helpers/synth";

const base: WafWebAclProps = { name: "bankapp-prod-alb", accountId: "123456789012", region: "us-east-1" };
const synth = (props: Partial<WafWebAclProps> = {}): StackJson =>
  synthModule((s) => new WafWebAcl(s, "waf", { ...base, ...props }));

interface Rule {
  name: string;
  priority: number;
  action?: unknown;
  override_action?: unknown;
  statement: Record<string, Record<string, unknown>>;
  visibility_config: unknown;
}
const rulesOf = (json: StackJson) => resource(json, "aws_wafv2_web_acl", "waf").rule as Rule[];

describe("web ACL", () => {
  const json = synth();
  const acl = resource(json, "aws_wafv2_web_acl", "waf");

  test("is regional, allows what no rule blocks, and reports metrics and samples", () => {
    expect(acl).toMatchObject({
      name: "bankapp-prod-alb",
      scope: "REGIONAL",
      default_action: { allow: {} },
      visibility_config: {
        cloudwatch_metrics_enabled: true,
        metric_name: "bankapp-prod-alb",
        sampled_requests_enabled: true,
      },
    });
  });

  test("rate-limits each client IP to 2000 requests per 5 minutes, before anything else", () => {
    expect(rulesOf(json)[0]).toEqual({
      name: "rate-limit-per-ip",
      priority: 0,
      action: { block: {} },
      statement: { rate_based_statement: { limit: 2000, aggregate_key_type: "IP", evaluation_window_sec: 300 } },
      visibility_config: {
        cloudwatch_metrics_enabled: true,
        metric_name: "bankapp-prod-alb-rate-limit-per-ip",
        sampled_requests_enabled: true,
      },
    });
  });

  test("runs the AWS managed groups the design names, blocking, in order", () => {
    const managed = rulesOf(json).slice(1);
    expect(managed.map((r) => [r.priority, r.statement.managed_rule_group_statement.name])).toEqual([
      [10, "AWSManagedRulesAmazonIpReputationList"],
      [20, "AWSManagedRulesCommonRuleSet"],
      [30, "AWSManagedRulesKnownBadInputsRuleSet"],
      [40, "AWSManagedRulesSQLiRuleSet"],
    ]);
    for (const rule of managed) {
      expect(rule.override_action).toEqual({ none: {} });
      expect(rule.statement.managed_rule_group_statement.vendor_name).toBe("AWS");
      expect(rule.action).toBeUndefined();
    }
  });

  test("a group can count first, and single rules can be overridden", () => {
    const json = synth({
      managedRuleGroups: [
        { name: "AWSManagedRulesCommonRuleSet", ruleActionOverrides: { SizeRestrictions_BODY: "count" } },
        { name: "AWSManagedRulesSQLiRuleSet", overrideAction: "count" },
      ],
      rateLimitPer5Minutes: 500,
    });
    const rules = rulesOf(json);
    expect(rules[0].statement.rate_based_statement.limit).toBe(500);
    expect(rules[1].statement.managed_rule_group_statement.rule_action_override).toEqual([
      { name: "SizeRestrictions_BODY", action_to_use: { count: {} } },
    ]);
    expect(rules[2].override_action).toEqual({ count: {} });
  });

  test("the rate rule can be left out", () => {
    expect(rulesOf(synth({ rateLimitPer5Minutes: false })).map((r) => r.name)).not.toContain("rate-limit-per-ip");
  });
});

describe("logging", () => {
  const json = synth();

  test("goes to a log group with the prefix WAF requires, encrypted with its own key, kept 90 days", () => {
    expect(LOG_GROUP_PREFIX).toBe("aws-waf-logs-");
    expect(resource(json, "aws_cloudwatch_log_group", "waf_logs")).toMatchObject({
      name: "aws-waf-logs-bankapp-prod-alb",
      kms_key_id: "${aws_kms_key.waf_logs_key.arn}",
      retention_in_days: 90,
      lifecycle: { prevent_destroy: true },
    });
    const key = policyOf(resource(json, "aws_kms_key", "waf_logs_key")).Statement[1];
    expect(key.Condition).toEqual({
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn":
          "arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-bankapp-prod-alb",
      },
    });
  });

  test("logs every request of the web ACL, with credentials redacted", () => {
    expect(resource(json, "aws_wafv2_web_acl_logging_configuration", "waf_logging")).toEqual({
      resource_arn: "${aws_wafv2_web_acl.waf.arn}",
      log_destination_configs: ["${aws_cloudwatch_log_group.waf_logs.arn}"],
      redacted_fields: [{ single_header: { name: "authorization" } }, { single_header: { name: "cookie" } }],
    });
  });
});

describe("CLOUDFRONT scope", () => {
  const json = synthModule((s) => {
    const usEast1 = new AwsProvider(s, "us_east_1", { region: "us-east-1", alias: "us_east_1" });
    new WafWebAcl(s, "edge_waf", { ...base, name: "bankapp-prod-edge", scope: "CLOUDFRONT", provider: usEast1 });
  });

  test("creates the web ACL, its key and its log group through the us-east-1 provider", () => {
    expect(resource(json, "aws_wafv2_web_acl", "edge_waf")).toMatchObject({
      scope: "CLOUDFRONT",
      provider: "aws.us_east_1",
    });
    expect(resource(json, "aws_cloudwatch_log_group", "edge_waf_logs").provider).toBe("aws.us_east_1");
    expect(resource(json, "aws_kms_key", "edge_waf_logs_key").provider).toBe("aws.us_east_1");
    expect(resource(json, "aws_wafv2_web_acl_logging_configuration", "edge_waf_logging").provider).toBe(
      "aws.us_east_1",
    );
  });

  test("a real plan fails early when that provider is not us-east-1's", () => {
    const region = json.data?.aws_region?.edge_waf_region as {
      provider: string;
      lifecycle: { postcondition: unknown[] };
    };
    expect(region.provider).toBe("aws.us_east_1");
    expect(region.lifecycle.postcondition).toEqual([
      {
        condition: '${self.name == "us-east-1"}',
        error_message: "A CLOUDFRONT web ACL is created through a us-east-1 provider; this one is ${self.name}'s",
      },
    ]);
  });

  test("a REGIONAL web ACL reads no region", () => {
    expect(synth().data?.aws_region).toBeUndefined();
  });
});

describe("validation", () => {
  const fails = (props: Partial<WafWebAclProps>, message: RegExp) => expect(() => synth(props)).toThrow(message);

  test("a CLOUDFRONT web ACL outside us-east-1 is refused", () => {
    fails(
      { scope: "CLOUDFRONT", region: "ca-central-1" },
      /scope: a CLOUDFRONT web ACL is created in us-east-1 only; pass the us-east-1 provider and region "us-east-1" \(got ca-central-1\)/,
    );
  });

  test("limits, retention, names and duplicate groups", () => {
    fails(
      {
        name: "bank app",
        rateLimitPer5Minutes: 10,
        logRetentionDays: 45,
        managedRuleGroups: [{ name: "AWSManagedRulesSQLiRuleSet" }, { name: "AWSManagedRulesSQLiRuleSet" }],
      },
      /name: "bank app" must be a literal[\s\S]*managedRuleGroups\[1\]\.name: AWSManagedRulesSQLiRuleSet is already managedRuleGroups\[0\][\s\S]*rateLimitPer5Minutes: 10 is outside 100-2000000000[\s\S]*logRetentionDays: 45 is not a CloudWatch Logs retention/,
    );
  });
});
