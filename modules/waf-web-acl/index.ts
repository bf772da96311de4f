import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { Wafv2WebAcl, type Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { Token, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { retentionIssues } from "../ecs-cluster/defaults";
import { postconditionBlocksInHcl } from "../hcl/postconditions";
import { cloudWatchLogsStatement, KmsKeyWithAlias } from "../kms-key";
import {
  CLOUDFRONT_REGION,
  DEFAULTS,
  LOG_GROUP_PREFIX,
  RATE_LIMIT,
  scopeIssues,
  WEB_ACL_NAME,
  type ManagedRuleGroup,
  type WebAclScope,
} from "./defaults";

export {
  CLOUDFRONT_REGION,
  DEFAULTS,
  LOG_GROUP_PREFIX,
  SCOPES,
  scopeIssues,
  type ManagedRuleGroup,
  type OverrideAction,
  type WebAclScope,
} from "./defaults";

export interface WafWebAclProps {
  /** Web ACL name; the log group is `aws-waf-logs-<name>`. Changing it replaces the web ACL. */
  readonly name: string;
  readonly accountId: string;
  /** Region of `provider` (`us-east-1` for CLOUDFRONT). */
  readonly region: string;
  /**
   * `REGIONAL` for ALBs and API Gateway of the region, `CLOUDFRONT` for distributions (created in
   * us-east-1 only, so give that region's provider). Changing it replaces the web ACL.
   * @default "REGIONAL"
   */
  readonly scope?: WebAclScope;
  /**
   * Provider of `region`, for a CLOUDFRONT web ACL in a stack whose default provider is elsewhere.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * AWS managed rule groups, evaluated in this order after the rate rule.
   * @default DEFAULTS.managedRuleGroups - IP reputation, core rule set, known bad inputs, SQL injection
   */
  readonly managedRuleGroups?: readonly ManagedRuleGroup[];
  /**
   * Requests one client IP may send in 5 minutes before it is blocked; `false` for no rate rule.
   * @default 2000
   */
  readonly rateLimitPer5Minutes?: number | false;
  /** @default 90 */
  readonly logRetentionDays?: number;
  /** Header names kept out of the logs. @default ["authorization", "cookie"] */
  readonly redactedHeaders?: readonly string[];
  /** Refuse `terraform destroy` of the log key and group. @default true */
  readonly deletionProtection?: boolean;
  /** Tags on every resource, besides the provider's default tags. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * A WAFv2 web ACL allowing what no rule blocks: a per-IP rate rule, AWS managed rule groups,
 * CloudWatch metrics and sampled requests per rule, and full logs to a KMS-encrypted log group.
 */
export class WafWebAcl extends Construct {
  readonly webAclArn: string;
  readonly webAclId: string;
  readonly webAclName: string;
  readonly scope: WebAclScope;
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: WafWebAclProps) {
    super(scope, id);
    const tags = props.tags ?? {};
    const protect = props.deletionProtection ?? true;
    const aclScope = props.scope ?? DEFAULTS.scope;
    const groups = props.managedRuleGroups ?? DEFAULTS.managedRuleGroups;
    const rate = props.rateLimitPer5Minutes ?? DEFAULTS.rateLimitPer5Minutes;
    const retention = props.logRetentionDays ?? DEFAULTS.logRetentionDays;
    const issues = [
      ...(Token.isUnresolved(props.name) || !WEB_ACL_NAME.test(props.name)
        ? [`name: "${props.name}" must be a literal of 1-128 letters, digits, "-" or "_"`]
        : []),
      ...scopeIssues(aclScope, props.region),
      ...ruleGroupIssues(groups),
      ...(rate !== false && (!Number.isInteger(rate) || rate < RATE_LIMIT.min || rate > RATE_LIMIT.max)
        ? [`rateLimitPer5Minutes: ${rate} is outside ${RATE_LIMIT.min}-${RATE_LIMIT.max}`]
        : []),
      ...retentionIssues("logRetentionDays", retention),
    ];
    this.node.addValidation({ validate: () => issues });
    this.scope = aclScope;
    if (aclScope === "CLOUDFRONT") this.checkProviderRegion(props.provider);

    const acl = new Wafv2WebAcl(this, "resource", {
      name: props.name,
      description: `${aclScope === "CLOUDFRONT" ? "CloudFront" : props.region} web ACL ${props.name}`,
      scope: aclScope,
      defaultAction: { allow: {} },
      rule: [
        ...(rate === false ? [] : [rateRule(props.name, rate)]),
        ...groups.map((g, i) => managedRule(props.name, g, i)),
      ],
      visibilityConfig: visibility(props.name),
      tags: { ...tags, Name: props.name },
      provider: props.provider,
    });
    this.webAclArn = acl.arn;
    this.webAclId = acl.id;
    this.webAclName = acl.name;

    const logGroupName = `${LOG_GROUP_PREFIX}${props.name}`;
    const key = new KmsKeyWithAlias(this, "logs_key", {
      alias: `${props.name}-waf-logs`,
      description: `Logs of WAF web ACL ${props.name}`,
      accountId: props.accountId,
      deletionProtection: protect,
      provider: props.provider,
      policyStatements: [
        cloudWatchLogsStatement(
          props.region,
          `arn:aws:logs:${props.region}:${props.accountId}:log-group:${logGroupName}`,
        ),
      ],
    });
    const logs = new CloudwatchLogGroup(this, "logs", {
      name: logGroupName,
      kmsKeyId: key.keyArn,
      retentionInDays: retention,
      tags: { ...tags, Name: logGroupName },
      lifecycle: { preventDestroy: protect },
      provider: props.provider,
    });
    this.logGroupName = logs.name;
    // WAF adds the log group's resource policy itself when logging is turned on.
    new Wafv2WebAclLoggingConfiguration(this, "logging", {
      resourceArn: acl.arn,
      logDestinationConfigs: [logs.arn],
      redactedFields: (props.redactedHeaders ?? DEFAULTS.redactedHeaders).map((name) => ({
        singleHeader: { name: name.toLowerCase() },
      })),
      provider: props.provider,
    });
  }

  /** A real plan fails before the web ACL when the provider given for CLOUDFRONT is not us-east-1's. */
  private checkProviderRegion(provider: TerraformProvider | undefined): void {
    const region = new DataAwsRegion(this, "region", {
      provider,
      lifecycle: {
        postcondition: [
          {
            condition: `\${self.name == "${CLOUDFRONT_REGION}"}`,
            errorMessage: `A CLOUDFRONT web ACL is created through a ${CLOUDFRONT_REGION} provider; this one is \${self.name}'s`,
          },
        ],
      },
    });
    postconditionBlocksInHcl(region);
  }
}

/** Metric names: letters, digits, `-` and `_` (at most 255). */
function visibility(metricName: string): {
  cloudwatchMetricsEnabled: boolean;
  metricName: string;
  sampledRequestsEnabled: boolean;
} {
  return { cloudwatchMetricsEnabled: true, metricName: metricName.slice(0, 255), sampledRequestsEnabled: true };
}

/** Blocks a client IP past `limit` requests in the last 5 minutes; first, so a flood costs nothing else. */
function rateRule(aclName: string, limit: number): Wafv2WebAclRule {
  return {
    name: "rate-limit-per-ip",
    priority: 0,
    action: { block: {} },
    // `statement` is untyped in the provider bindings: Terraform's own (snake_case) block names.
    statement: { rate_based_statement: { limit, aggregate_key_type: "IP", evaluation_window_sec: 300 } },
    visibilityConfig: visibility(`${aclName}-rate-limit-per-ip`),
  };
}

function managedRule(aclName: string, group: ManagedRuleGroup, index: number): Wafv2WebAclRule {
  const overrides = Object.entries(group.ruleActionOverrides ?? {});
  return {
    name: group.name,
    priority: (index + 1) * 10,
    overrideAction: (group.overrideAction ?? "none") === "count" ? { count: {} } : { none: {} },
    statement: {
      managed_rule_group_statement: {
        name: group.name,
        vendor_name: group.vendor ?? "AWS",
        rule_action_override:
          overrides.length === 0
            ? undefined
            : overrides.map(([name, action]) => ({ name, action_to_use: { [action]: {} } })),
      },
    },
    visibilityConfig: visibility(`${aclName}-${group.name}`),
  };
}

function ruleGroupIssues(groups: readonly ManagedRuleGroup[]): string[] {
  const issues: string[] = [];
  groups.forEach((group, i) => {
    const at = `managedRuleGroups[${i}]`;
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(group.name)) issues.push(`${at}.name: "${group.name}" is not a rule group name`);
    const first = groups.findIndex((g) => g.name === group.name && (g.vendor ?? "AWS") === (group.vendor ?? "AWS"));
    if (first !== i) issues.push(`${at}.name: ${group.name} is already managedRuleGroups[${first}]`);
    if (!["none", "count"].includes(group.overrideAction ?? "none")) {
      issues.push(`${at}.overrideAction: "${group.overrideAction}" is not none or count`);
    }
    for (const [rule, action] of Object.entries(group.ruleActionOverrides ?? {})) {
      if (!["count", "allow", "block"].includes(action)) {
        issues.push(`${at}.ruleActionOverrides.${rule}: "${action}" is not count, allow or block`);
      }
    }
  });
  return issues;
}
