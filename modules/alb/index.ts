import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener, type LbListenerDefaultAction } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerCertificate } from "@cdktf/provider-aws/lib/lb-listener-certificate";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { MIN_RETENTION_DAYS } from "../log-archive/lifecycle";
import type { SecurityGroupRef } from "../vpc";
import { LogBucket, LogWriter } from "../log-bucket";
import { albNameIssues, DEFAULTS, ELB_NAME, ruleIssues, sslPolicyIssues } from "./defaults";

export { ELB_LOG_DELIVERY_PRINCIPAL } from "../log-bucket/defaults";
export { DEFAULTS, MODERN_SSL_POLICY, ruleIssues, sslPolicyIssues, type RuleShape } from "./defaults";

/** Health check of a target group; every field has the module's default. */
export interface HealthCheckProps {
  /** @default "/" */
  readonly path?: string;
  /** @default 30 */
  readonly intervalSeconds?: number;
  /** @default 5 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly healthyThreshold?: number;
  /** @default 3 */
  readonly unhealthyThreshold?: number;
  /** HTTP codes counted as healthy. @default "200-399" */
  readonly matcher?: string;
}

/**
 * A target group of Fargate tasks (`target_type = ip`) reached over HTTP inside the VPC. Changing
 * `port` or `name` replaces it, which fails while a listener forwards to it: add the new one first.
 */
export interface TargetGroupProps {
  /** Port of the tasks (the service's container port, e.g. 3001). */
  readonly port: number;
  /** @default "<alb name>-<key with hyphens>" */
  readonly name?: string;
  /** @default DEFAULTS.healthCheck */
  readonly healthCheck?: HealthCheckProps;
  /**
   * Load balancer cookie stickiness (003's "sticky sessions"), in seconds of cookie life.
   * @default - off
   */
  readonly stickinessSeconds?: number;
  /** @default 30 */
  readonly deregistrationDelaySeconds?: number;
}

/** A path- or host-based rule of the HTTPS listener, forwarding to a target group of this module. */
export interface ListenerRuleProps {
  /** Evaluation order, lowest first (1-50000), unique. */
  readonly priority: number;
  /** Key of a target group in `targetGroups`. */
  readonly targetGroup: string;
  /** e.g. `["/api/*"]`. @default [] */
  readonly pathPatterns?: readonly string[];
  /** e.g. `["api.bankapp.example.com"]`. @default [] */
  readonly hostHeaders?: readonly string[];
}

export interface AlbProps {
  /** Load balancer name (1-32 letters, digits, hyphens). Changing it replaces the load balancer and its DNS name. */
  readonly name: string;
  readonly accountId: string;
  /** Region of the stack's provider; the certificate must be of this region. */
  readonly region: string;
  readonly vpcId: string;
  /** The public subnets (or the application subnets for an internal load balancer), at least two AZs. */
  readonly subnetIds: readonly string[];
  /** The load balancer's group (`vpc.securityGroups.loadBalancer`, with `loadBalancer: true` on the Vpc). */
  readonly securityGroup: SecurityGroupRef;
  /**
   * Reachable from inside the VPC only. Changing it replaces the load balancer.
   * @default false
   */
  readonly internal?: boolean;
  /** ACM certificate of the HTTPS listener, in this region (DNS-validated through Route 53 elsewhere). */
  readonly certificateArn: string;
  /** More certificates for SNI (other host names). @default [] */
  readonly additionalCertificateArns?: readonly string[];
  /**
   * TLS policy of the HTTPS listener; TLS 1.2 at least.
   * @default "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
   */
  readonly sslPolicy?: string;
  /**
   * `Strict-Transport-Security` the listener adds to every response; `false` leaves it to the application.
   * @default "max-age=31536000; includeSubDomains"
   */
  readonly strictTransportSecurity?: string | false;
  /**
   * Listen on port 80 to redirect to HTTPS (301); it never forwards. `false`: no port 80 listener.
   * @default true
   */
  readonly httpRedirect?: boolean;
  /** Target groups keyed by a stable snake_case name (`frontend`, `backend`). */
  readonly targetGroups: Readonly<Record<string, TargetGroupProps>>;
  /**
   * Target group of requests no rule matches (003/004: the frontend).
   * @default - a fixed 404 response
   */
  readonly defaultTargetGroup?: string;
  /** Rules keyed by a stable snake_case name (`api`: `/api/*` to `backend`). @default {} */
  readonly rules?: Readonly<Record<string, ListenerRuleProps>>;
  /** Access logs to a bucket the module creates (SSE-S3, the only encryption ELB log delivery supports). */
  readonly accessLogs: {
    /** Globally unique bucket name. Changing it replaces the bucket. */
    readonly bucketName: string;
    /** @default - the load balancer's name */
    readonly prefix?: string;
    /** @default 365 */
    readonly retentionDays?: number;
  };
  /**
   * A regional WAFv2 web ACL of this region to associate (`WafWebAcl.webAclArn`).
   * @default - none
   */
  readonly webAclArn?: string;
  /** @default 60 */
  readonly idleTimeoutSeconds?: number;
  /**
   * `enable_deletion_protection` and `prevent_destroy` on the load balancer and the log bucket.
   * Turn it off only in dev.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /** Tags on every resource, besides the provider's default tags. @default {} */
  readonly tags?: Record<string, string>;
}

/** What alarms and DNS records need of a load balancer. */
export interface AlbRef {
  readonly loadBalancerArn: string;
  /** `app/<name>/<id>`: the `LoadBalancer` dimension of the AWS/ApplicationELB metrics. */
  readonly arnSuffix: string;
  readonly dnsName: string;
  readonly zoneId: string;
  /** `TargetGroup` dimensions by target group key. */
  readonly targetGroupArnSuffixes: Readonly<Record<string, string>>;
}

/**
 * An Application Load Balancer that serves HTTPS only: a TLS 1.2+ listener with an ACM certificate
 * and path rules to ip target groups, port 80 redirecting to it, invalid headers dropped, access logs
 * to an SSE-S3 bucket, deletion protection, and an optional WAF web ACL.
 */
export class Alb extends Construct {
  readonly loadBalancerArn: string;
  readonly dnsName: string;
  readonly zoneId: string;
  readonly httpsListenerArn: string;
  /** Target group ARNs by key, for `EcsService.loadBalancers`. */
  readonly targetGroupArns: Readonly<Record<string, string>>;
  readonly securityGroup: SecurityGroupRef;
  readonly accessLogBucketName: string;
  readonly ref: AlbRef;

  private readonly tags: Record<string, string>;

  constructor(scope: Construct, id: string, props: AlbProps) {
    super(scope, id);
    this.tags = props.tags ?? {};
    const protect = props.deletionProtection ?? true;
    const rules = props.rules ?? {};
    const groups = Object.keys(props.targetGroups);
    const logRetention = props.accessLogs.retentionDays ?? DEFAULTS.accessLogRetentionDays;
    const logPrefix = props.accessLogs.prefix ?? props.name;
    const issues = [
      ...albNameIssues("name", props.name),
      ...sslPolicyIssues(props.sslPolicy ?? DEFAULTS.sslPolicy),
      ...ruleIssues(rules, groups),
      ...targetGroupIssues(props),
      ...certificateIssues(props),
      ...(props.subnetIds.length < 2
        ? ["subnetIds: an Application Load Balancer needs subnets in at least two AZs"]
        : []),
      ...(logRetention < MIN_RETENTION_DAYS
        ? [`accessLogs.retentionDays: ${logRetention} is below ${MIN_RETENTION_DAYS}`]
        : []),
      ...(logPrefix.includes("AWSLogs") || logPrefix.startsWith("/") || logPrefix.endsWith("/")
        ? [`accessLogs.prefix: "${logPrefix}" must not contain "AWSLogs" nor start or end with "/"`]
        : []),
      ...(props.idleTimeoutSeconds !== undefined && (props.idleTimeoutSeconds < 1 || props.idleTimeoutSeconds > 4000)
        ? [`idleTimeoutSeconds: ${props.idleTimeoutSeconds} is outside 1-4000`]
        : []),
      ...(props.defaultTargetGroup !== undefined && !groups.includes(props.defaultTargetGroup)
        ? [`defaultTargetGroup: "${props.defaultTargetGroup}" is not a target group (${groups.join(", ")})`]
        : []),
    ];
    this.node.addValidation({ validate: () => issues });

    // ELB access logs support SSE-S3 only: "the only server-side encryption option that's supported
    // is Amazon S3-managed keys (SSE-S3)".
    // @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
    const logs = new LogBucket(this, "access_logs", {
      bucketName: props.accessLogs.bucketName,
      writers: [LogWriter.elasticLoadBalancing({ accountId: props.accountId, prefix: logPrefix })],
      retentionDays: logRetention,
      deletionProtection: protect,
      tags: this.tagged(props.accessLogs.bucketName),
    });
    this.accessLogBucketName = logs.bucketName;

    const lb = new Lb(this, "resource", {
      name: props.name,
      loadBalancerType: "application",
      internal: props.internal ?? false,
      subnets: [...props.subnetIds],
      securityGroups: [props.securityGroup.securityGroupId],
      ipAddressType: "ipv4",
      dropInvalidHeaderFields: true,
      enableDeletionProtection: protect,
      idleTimeout: props.idleTimeoutSeconds ?? DEFAULTS.idleTimeoutSeconds,
      accessLogs: { bucket: logs.bucketName, prefix: logPrefix, enabled: true },
      tags: this.tagged(props.name),
      dependsOn: [logs.policy],
      lifecycle: { preventDestroy: protect },
    });
    this.loadBalancerArn = lb.arn;
    this.dnsName = lb.dnsName;
    this.zoneId = lb.zoneId;
    this.securityGroup = props.securityGroup;

    const targetGroups = this.createTargetGroups(props);
    this.targetGroupArns = Object.fromEntries(Object.entries(targetGroups).map(([key, tg]) => [key, tg.arn]));

    const https = this.createListeners(props, lb, targetGroups);
    this.httpsListenerArn = https.arn;
    for (const [key, rule] of Object.entries(rules)) {
      const target = targetGroups[rule.targetGroup];
      if (target === undefined) continue; // reported by ruleIssues
      new LbListenerRule(this, `https_rule_${key}`, {
        listenerArn: https.arn,
        priority: rule.priority,
        action: [{ type: "forward", targetGroupArn: target.arn }],
        condition: [
          ...((rule.pathPatterns ?? []).length > 0
            ? [{ pathPattern: { values: [...(rule.pathPatterns ?? [])] } }]
            : []),
          ...((rule.hostHeaders ?? []).length > 0 ? [{ hostHeader: { values: [...(rule.hostHeaders ?? [])] } }] : []),
        ],
        tags: this.tagged(`${props.name}-${key}`),
      });
    }
    if (props.webAclArn !== undefined) {
      new Wafv2WebAclAssociation(this, "web_acl", { resourceArn: lb.arn, webAclArn: props.webAclArn });
    }

    this.ref = {
      loadBalancerArn: lb.arn,
      arnSuffix: lb.arnSuffix,
      dnsName: lb.dnsName,
      zoneId: lb.zoneId,
      targetGroupArnSuffixes: Object.fromEntries(Object.entries(targetGroups).map(([key, tg]) => [key, tg.arnSuffix])),
    };
  }

  /** Target groups `tg_<key>` of ip targets over HTTP, with health checks, deregistration delay and stickiness. */
  private createTargetGroups(props: AlbProps): Record<string, LbTargetGroup> {
    const groups: Record<string, LbTargetGroup> = {};
    for (const [key, group] of Object.entries(props.targetGroups)) {
      const check = { ...DEFAULTS.healthCheck, ...group.healthCheck };
      const name = targetGroupName(props.name, key, group);
      groups[key] = new LbTargetGroup(this, `tg_${key}`, {
        name,
        targetType: "ip",
        protocol: "HTTP",
        port: group.port,
        vpcId: props.vpcId,
        deregistrationDelay: String(group.deregistrationDelaySeconds ?? DEFAULTS.deregistrationDelaySeconds),
        healthCheck: {
          enabled: true,
          protocol: "HTTP",
          port: "traffic-port",
          path: check.path,
          interval: check.intervalSeconds,
          timeout: check.timeoutSeconds,
          healthyThreshold: check.healthyThreshold,
          unhealthyThreshold: check.unhealthyThreshold,
          matcher: check.matcher,
        },
        stickiness:
          group.stickinessSeconds === undefined
            ? { type: "lb_cookie", enabled: false }
            : { type: "lb_cookie", enabled: true, cookieDuration: group.stickinessSeconds },
        tags: this.tagged(name),
      });
    }
    return groups;
  }

  /** HTTPS with the certificate(s) and the TLS policy; HTTP only ever redirects to it. */
  private createListeners(props: AlbProps, lb: Lb, targetGroups: Record<string, LbTargetGroup>): LbListener {
    const defaultTarget = props.defaultTargetGroup === undefined ? undefined : targetGroups[props.defaultTargetGroup];
    const defaultAction: LbListenerDefaultAction =
      defaultTarget === undefined
        ? {
            type: "fixed-response",
            fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not Found" },
          }
        : { type: "forward", targetGroupArn: defaultTarget.arn };
    const hsts = props.strictTransportSecurity ?? DEFAULTS.strictTransportSecurity;
    const https = new LbListener(this, "https", {
      loadBalancerArn: lb.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: props.sslPolicy ?? DEFAULTS.sslPolicy,
      certificateArn: props.certificateArn,
      defaultAction: [defaultAction],
      routingHttpResponseStrictTransportSecurityHeaderValue: hsts === false ? undefined : hsts,
      tags: this.tagged(`${props.name}-https`),
    });
    (props.additionalCertificateArns ?? []).forEach((certificateArn, i) => {
      new LbListenerCertificate(this, `https_certificate_${i + 1}`, { listenerArn: https.arn, certificateArn });
    });
    if (props.httpRedirect ?? true) {
      new LbListener(this, "http", {
        loadBalancerArn: lb.arn,
        port: 80,
        protocol: "HTTP",
        defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
        tags: this.tagged(`${props.name}-http-redirect`),
      });
    }
    return https;
  }

  private tagged(name: string): Record<string, string> {
    return { ...this.tags, Name: name };
  }
}

function targetGroupName(albName: string, key: string, group: TargetGroupProps): string {
  return group.name ?? `${albName}-${key.replace(/_/g, "-")}`;
}

function targetGroupIssues(props: AlbProps): string[] {
  const issues: string[] = [];
  const entries = Object.entries(props.targetGroups);
  if (entries.length === 0) issues.push("targetGroups: give at least one target group");
  const names = new Map<string, string>();
  for (const [key, group] of entries) {
    const at = `targetGroups.${key}`;
    if (!/^[a-z][a-z0-9_]*$/.test(key)) issues.push(`${at}: the key names the target group's address; use snake_case`);
    const name = targetGroupName(props.name, key, group);
    if (!ELB_NAME.test(name)) {
      issues.push(`${at}.name: "${name}" must be 1-32 letters, digits or hyphens (give a shorter name)`);
    }
    const other = names.get(name);
    if (other !== undefined) issues.push(`${at}.name: "${name}" is already targetGroups.${other}'s name`);
    names.set(name, key);
    if (!Number.isInteger(group.port) || group.port < 1 || group.port > 65535) {
      issues.push(`${at}.port: ${group.port} is not a TCP port (1-65535)`);
    }
    const check = { ...DEFAULTS.healthCheck, ...group.healthCheck };
    if (!check.path.startsWith("/")) issues.push(`${at}.healthCheck.path: "${check.path}" must start with "/"`);
    if (check.timeoutSeconds >= check.intervalSeconds) {
      issues.push(
        `${at}.healthCheck.timeoutSeconds: ${check.timeoutSeconds} must be below intervalSeconds ${check.intervalSeconds}`,
      );
    }
    for (const field of ["healthyThreshold", "unhealthyThreshold"] as const) {
      if (!Number.isInteger(check[field]) || check[field] < 2 || check[field] > 10) {
        issues.push(`${at}.healthCheck.${field}: ${check[field]} is outside 2-10`);
      }
    }
    if (group.stickinessSeconds !== undefined && (group.stickinessSeconds < 1 || group.stickinessSeconds > 604800)) {
      issues.push(`${at}.stickinessSeconds: ${group.stickinessSeconds} is outside 1-604800 (one week)`);
    }
  }
  return issues;
}

/**
 * ACM certificates are regional and an ALB takes only its own region's (CloudFront's live in
 * us-east-1); a regional web ACL's ARN reads `regional/webacl`, a CloudFront one `global/webacl`.
 * @see https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html
 */
function certificateIssues(props: AlbProps): string[] {
  const issues: string[] = [];
  const certificates = [
    ["certificateArn", props.certificateArn] as const,
    ...(props.additionalCertificateArns ?? []).map((arn, i) => [`additionalCertificateArns[${i}]`, arn] as const),
  ];
  for (const [path, arn] of certificates) {
    if (Token.isUnresolved(arn)) continue;
    const match = /^arn:aws:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/.exec(arn);
    if (match === null) issues.push(`${path}: "${arn}" is not an ACM certificate ARN`);
    else if (match[1] !== props.region) {
      issues.push(
        `${path}: the certificate is in ${match[1]}; an ALB in ${props.region} needs a certificate of ${props.region}`,
      );
    }
  }
  if (props.webAclArn !== undefined && !Token.isUnresolved(props.webAclArn)) {
    const match = /^arn:aws:wafv2:([a-z0-9-]+):\d{12}:(regional|global)\/webacl\/.+$/.exec(props.webAclArn);
    if (match === null) issues.push(`webAclArn: "${props.webAclArn}" is not a WAFv2 web ACL ARN`);
    else if (match[2] !== "regional" || match[1] !== props.region) {
      issues.push(
        `webAclArn: an ALB takes a REGIONAL web ACL of ${props.region}; this one is ${match[2] === "global" ? "CLOUDFRONT-scoped" : `in ${match[1]}`}`,
      );
    }
  }
  return issues;
}
