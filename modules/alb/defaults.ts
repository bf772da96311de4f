/**
 * What a config layer needs of an Application Load Balancer without loading a construct: defaults,
 * name and limit rules, and the pure checks of listener rules and target groups.
 */

export const DEFAULTS = {
  /**
   * AWS's recommendation for HTTPS listeners: hybrid post-quantum key exchange, TLS 1.3 and 1.2 only.
   * (Created through the API without a policy, a listener gets the old ELBSecurityPolicy-2016-08.)
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
   */
  sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  idleTimeoutSeconds: 60,
  /** ALB's default is 300 s; Fargate tasks drain faster, so rolling deployments finish sooner. */
  deregistrationDelaySeconds: 30,
  healthCheck: {
    path: "/",
    /** 003: "ALB health checks every 30 seconds". */
    intervalSeconds: 30,
    timeoutSeconds: 5,
    healthyThreshold: 3,
    /** Unhealthy after three failures in a row: 003's "failed health checks > 2 consecutive". */
    unhealthyThreshold: 3,
    matcher: "200-399",
  },
  stickinessSeconds: 86400,
  /** HSTS on every HTTPS response: browsers then refuse plain HTTP to the host for a year. */
  strictTransportSecurity: "max-age=31536000; includeSubDomains",
  accessLogRetentionDays: 365,
} as const;

/**
 * Security policies with TLS 1.2 as the lowest version. Anything older (`ELBSecurityPolicy-2016-08`,
 * `-TLS13-1-0-`, `-TLS13-1-1-`, `-TLS-1-1-`) is refused: the design asks for TLS 1.2+ in transit.
 */
export const MODERN_SSL_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-[A-Za-z0-9-]+$/;

/** Load balancer and target group names: 1-32 letters, digits and hyphens, no hyphen at either end. */
export const ELB_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;

/** Condition values of one listener rule (ELB quota "condition values per rule"). */
export const MAX_CONDITION_VALUES = 5;

/** One path-pattern or host-header value: up to 128 characters, `*` and `?` as wildcards. */
export const CONDITION_VALUE = /^[A-Za-z0-9_\-.$/~"'@:+&()!,;=*?]{1,128}$/;

/** Listener rule priorities. */
export const PRIORITIES = { min: 1, max: 50000 } as const;

export function albNameIssues(path: string, name: string): string[] {
  if (!ELB_NAME.test(name) || name.toLowerCase().startsWith("internal-")) {
    return [
      `${path}: "${name}" must be 1-32 letters, digits or hyphens, no hyphen at either end, not starting with "internal-"`,
    ];
  }
  return [];
}

export function sslPolicyIssues(policy: string): string[] {
  return MODERN_SSL_POLICY.test(policy)
    ? []
    : [
        `sslPolicy: "${policy}" allows TLS below 1.2 or is not an ELB policy; use ${DEFAULTS.sslPolicy} or another TLS 1.2+ policy`,
      ];
}

/** One listener rule as the checks see it. */
export interface RuleShape {
  readonly priority: number;
  readonly targetGroup: string;
  readonly pathPatterns?: readonly string[];
  readonly hostHeaders?: readonly string[];
}

/**
 * Rules must name a known target group, have a unique priority in range, at least one condition,
 * and at most five condition values.
 */
export function ruleIssues(rules: Readonly<Record<string, RuleShape>>, targetGroups: readonly string[]): string[] {
  const issues: string[] = [];
  const byPriority = new Map<number, string>();
  for (const [key, rule] of Object.entries(rules)) {
    const at = `rules.${key}`;
    if (!/^[a-z][a-z0-9_]*$/.test(key)) issues.push(`${at}: the key names the rule's address; use snake_case`);
    if (!targetGroups.includes(rule.targetGroup)) {
      issues.push(
        `${at}.targetGroup: "${rule.targetGroup}" is not a target group (${targetGroups.join(", ") || "none defined"})`,
      );
    }
    if (!Number.isInteger(rule.priority) || rule.priority < PRIORITIES.min || rule.priority > PRIORITIES.max) {
      issues.push(`${at}.priority: ${rule.priority} is outside ${PRIORITIES.min}-${PRIORITIES.max}`);
    } else {
      const other = byPriority.get(rule.priority);
      if (other !== undefined) issues.push(`${at}.priority: ${rule.priority} is already rules.${other}.priority`);
      byPriority.set(rule.priority, key);
    }
    const values = [...(rule.pathPatterns ?? []), ...(rule.hostHeaders ?? [])];
    if (values.length === 0)
      issues.push(`${at}: give pathPatterns or hostHeaders; a rule without a condition matches nothing`);
    if (values.length > MAX_CONDITION_VALUES) {
      issues.push(`${at}: ${values.length} condition values; a rule takes at most ${MAX_CONDITION_VALUES}`);
    }
    for (const [field, list] of [
      ["pathPatterns", rule.pathPatterns],
      ["hostHeaders", rule.hostHeaders],
    ] as const) {
      (list ?? []).forEach((value, i) => {
        if (!CONDITION_VALUE.test(value))
          issues.push(`${at}.${field}[${i}]: "${value}" is not a condition value (1-128 characters)`);
      });
    }
    (rule.pathPatterns ?? []).forEach((pattern, i) => {
      if (!pattern.startsWith("/") && !pattern.startsWith("*")) {
        issues.push(`${at}.pathPatterns[${i}]: "${pattern}" must start with "/" (paths are matched from the root)`);
      }
    });
  }
  return issues;
}
