/**
 * What a config layer needs of a WAFv2 web ACL without loading a construct: scopes, the managed
 * rule groups of the default, the log group prefix and the region rule of CloudFront.
 */

export const SCOPES = ["REGIONAL", "CLOUDFRONT"] as const;
export type WebAclScope = (typeof SCOPES)[number];

/**
 * A CLOUDFRONT-scoped web ACL (and its log group) is created in US East (N. Virginia) only.
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/how-aws-waf-works-resources.html
 */
export const CLOUDFRONT_REGION = "us-east-1";

/**
 * WAF logs only to destinations whose name starts with this: "The name that you give the
 * destination must start with aws-waf-logs-".
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html
 */
export const LOG_GROUP_PREFIX = "aws-waf-logs-";

/** What a rule group does with its rules' matches: `none` keeps them (block), `count` only counts. */
export type OverrideAction = "none" | "count";

/**
 * An AWS managed rule group, by its name in the WAF console.
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html
 */
export interface ManagedRuleGroup {
  /** e.g. `AWSManagedRulesCommonRuleSet`. */
  readonly name: string;
  /** @default "AWS" */
  readonly vendor?: string;
  /** `count` to watch a group before it blocks. @default "none" */
  readonly overrideAction?: OverrideAction;
  /** Per-rule actions inside the group, e.g. `{ SizeRestrictions_BODY: "count" }` for large uploads. @default {} */
  readonly ruleActionOverrides?: Readonly<Record<string, "count" | "allow" | "block">>;
}

export const DEFAULTS = {
  scope: "REGIONAL",
  /**
   * The groups the design names: IP reputation first (cheapest, 25 WCU), then the core rule set
   * (XSS and the OWASP basics, 700), known bad inputs (200), SQL injection (200): 1127 WCU with
   * the rate rule (2), under the 1500 a web ACL has before capacity costs more.
   * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-waf-capacity-units.html
   */
  managedRuleGroups: [
    { name: "AWSManagedRulesAmazonIpReputationList" },
    { name: "AWSManagedRulesCommonRuleSet" },
    { name: "AWSManagedRulesKnownBadInputsRuleSet" },
    { name: "AWSManagedRulesSQLiRuleSet" },
  ],
  /** Requests per client IP per 5 minutes before it is blocked (WAF's own example value). */
  rateLimitPer5Minutes: 2000,
  logRetentionDays: 90,
  /** Headers that carry credentials stay out of the logs. */
  redactedHeaders: ["authorization", "cookie"],
} as const satisfies {
  scope: WebAclScope;
  managedRuleGroups: readonly ManagedRuleGroup[];
  rateLimitPer5Minutes: number;
  logRetentionDays: number;
  redactedHeaders: readonly string[];
};

/** Web ACL names: 1-128 letters, digits, `-` and `_`; the log group adds the prefix. */
export const WEB_ACL_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** Rate-based rule limits WAF accepts (a lower bound of 100 holds for every provider version). */
export const RATE_LIMIT = { min: 100, max: 2_000_000_000 } as const;

/** Every problem of the scope and region, by prop path. */
export function scopeIssues(scope: string, region: string): string[] {
  if (!(SCOPES as readonly string[]).includes(scope)) return [`scope: "${scope}" is not one of ${SCOPES.join(", ")}`];
  if (scope === "CLOUDFRONT" && region !== CLOUDFRONT_REGION) {
    return [
      `scope: a CLOUDFRONT web ACL is created in ${CLOUDFRONT_REGION} only; pass the ${CLOUDFRONT_REGION} provider and region "${CLOUDFRONT_REGION}" (got ${region})`,
    ];
  }
  return [];
}
