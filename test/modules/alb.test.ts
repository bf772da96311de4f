import { Alb, DEFAULTS, ELB_LOG_DELIVERY_PRINCIPAL, MODERN_SSL_POLICY, type AlbProps } from "../../modules/alb";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const ACCOUNT = "123456789012";
const CERTIFICATE = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789`;

const base: AlbProps = {
  name: "bankapp-prod",
  accountId: ACCOUNT,
  region: "us-east-1",
  vpcId: "vpc-0123",
  subnetIds: ["subnet-public-a", "subnet-public-b"],
  securityGroup: { securityGroupId: "sg-lb", key: "lb" },
  certificateArn: CERTIFICATE,
  targetGroups: {
    frontend: { port: 8080 },
    backend: { port: 3001, healthCheck: { path: "/api/health" }, stickinessSeconds: 3600 },
  },
  defaultTargetGroup: "frontend",
  rules: { api: { priority: 10, pathPatterns: ["/api/*"], targetGroup: "backend" } },
  accessLogs: { bucketName: "acme-bankapp-prod-us-east-1-alb-logs" },
};

const synth = (props: Partial<AlbProps> = {}): StackJson =>
  synthModule((s) => new Alb(s, "alb", { ...base, ...props }));

describe("load balancer", () => {
  const json = synth();
  const lb = resource(json, "aws_lb", "alb");

  test("is internet-facing in the given subnets behind the given group", () => {
    expect(lb).toMatchObject({
      name: "bankapp-prod",
      load_balancer_type: "application",
      internal: false,
      subnets: ["subnet-public-a", "subnet-public-b"],
      security_groups: ["sg-lb"],
    });
  });

  test("drops invalid header fields and is protected from deletion", () => {
    expect(lb.drop_invalid_header_fields).toBe(true);
    expect(lb.enable_deletion_protection).toBe(true);
    expect(lb.lifecycle).toEqual({ prevent_destroy: true });
  });

  test("logs every request to its bucket, after the bucket admits ELB", () => {
    expect(lb.access_logs).toEqual({
      bucket: "${aws_s3_bucket.alb_access_logs.bucket}",
      prefix: "bankapp-prod",
      enabled: true,
    });
    expect(lb.depends_on).toEqual(["aws_s3_bucket_policy.alb_access_logs_policy"]);
  });

  test("deletion protection can be turned off (dev)", () => {
    const dev = synth({ deletionProtection: false });
    expect(resource(dev, "aws_lb", "alb").enable_deletion_protection).toBe(false);
    expect(resource(dev, "aws_s3_bucket", "alb_access_logs").force_destroy).toBe(true);
  });
});

describe("listeners", () => {
  const json = synth();
  const listeners = resourcesOf(json, "aws_lb_listener");

  test("HTTPS uses the certificate and AWS's recommended TLS 1.2+ policy, and sends HSTS", () => {
    expect(listeners.alb_https).toMatchObject({
      port: 443,
      protocol: "HTTPS",
      certificate_arn: CERTIFICATE,
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
      routing_http_response_strict_transport_security_header_value: "max-age=31536000; includeSubDomains",
      default_action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.alb_tg_frontend.arn}" }],
    });
  });

  test("plain HTTP is never forwarded: port 80 only redirects to HTTPS, and no rule sits on it", () => {
    const plain = Object.entries(listeners).filter(([, l]) => l.protocol === "HTTP");
    expect(plain.map(([name]) => name)).toEqual(["alb_http"]);
    expect(plain[0][1].default_action).toEqual([
      { type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } },
    ]);
    const onHttp = Object.values(resourcesOf(json, "aws_lb_listener_rule")).filter(
      (r) => r.listener_arn === "${aws_lb_listener.alb_http.arn}",
    );
    expect(onHttp).toEqual([]);
  });

  test("without a default target group, unmatched requests get a 404", () => {
    const json = synth({ defaultTargetGroup: undefined });
    expect(resource(json, "aws_lb_listener", "alb_https").default_action).toEqual([
      {
        type: "fixed-response",
        fixed_response: { content_type: "text/plain", status_code: "404", message_body: "Not Found" },
      },
    ]);
  });

  test("routes /api/* to the backend by priority", () => {
    expect(resource(json, "aws_lb_listener_rule", "alb_https_rule_api")).toMatchObject({
      listener_arn: "${aws_lb_listener.alb_https.arn}",
      priority: 10,
      action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.alb_tg_backend.arn}" }],
      condition: [{ path_pattern: { values: ["/api/*"] } }],
    });
  });

  test("SNI certificates are added to the HTTPS listener", () => {
    const other = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/99999999-4e5f-6789-abcd-ef0123456789`;
    const json = synth({ additionalCertificateArns: [other] });
    expect(resource(json, "aws_lb_listener_certificate", "alb_https_certificate_1")).toEqual({
      listener_arn: "${aws_lb_listener.alb_https.arn}",
      certificate_arn: other,
    });
  });
});

describe("target groups", () => {
  const groups = resourcesOf(synth(), "aws_lb_target_group");

  test("take Fargate tasks by IP over HTTP, with the defaults' health checks", () => {
    expect(groups.alb_tg_frontend).toMatchObject({
      name: "bankapp-prod-frontend",
      target_type: "ip",
      protocol: "HTTP",
      port: 8080,
      vpc_id: "vpc-0123",
      deregistration_delay: "30",
      health_check: {
        enabled: true,
        path: "/",
        port: "traffic-port",
        interval: 30,
        timeout: 5,
        healthy_threshold: 3,
        unhealthy_threshold: 3,
        matcher: "200-399",
      },
      stickiness: { type: "lb_cookie", enabled: false },
    });
  });

  test("health check path and stickiness as configured", () => {
    expect(groups.alb_tg_backend).toMatchObject({
      port: 3001,
      health_check: { path: "/api/health" },
      stickiness: { type: "lb_cookie", enabled: true, cookie_duration: 3600 },
    });
  });
});

describe("access log bucket", () => {
  const json = synth();

  test("is encrypted with SSE-S3, never SSE-KMS, which ELB log delivery cannot write to", () => {
    expect(
      resource(json, "aws_s3_bucket_server_side_encryption_configuration", "alb_access_logs_encryption").rule,
    ).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
  });

  test("admits the ELB log delivery service to this account's log path only, over TLS", () => {
    const statements = policyOf(resource(json, "aws_s3_bucket_policy", "alb_access_logs_policy")).Statement;
    expect(statements.map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "ElbAccessLogDelivery"]);
    expect(statements[1]).toEqual({
      Sid: "ElbAccessLogDelivery",
      Effect: "Allow",
      Principal: { Service: ELB_LOG_DELIVERY_PRINCIPAL },
      Action: "s3:PutObject",
      Resource: `\${aws_s3_bucket.alb_access_logs.arn}/bankapp-prod/AWSLogs/${ACCOUNT}/*`,
    });
    expect(ELB_LOG_DELIVERY_PRINCIPAL).toBe("logdelivery.elasticloadbalancing.amazonaws.com");
  });

  test("is private, versioned, and deletes logs after the retention", () => {
    expect(resource(json, "aws_s3_bucket_public_access_block", "alb_access_logs_public_access")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resource(json, "aws_s3_bucket_versioning", "alb_access_logs_versioning").versioning_configuration).toEqual({
      status: "Enabled",
    });
    const rules = resource(json, "aws_s3_bucket_lifecycle_configuration", "alb_access_logs_lifecycle").rule as {
      id: string;
      expiration?: { days?: number }[];
      noncurrent_version_expiration?: { noncurrent_days: number }[];
    }[];
    const expire = rules.find((r) => r.id === "expire-access-logs");
    expect(expire?.expiration).toEqual([{ days: 364 }]);
    expect(expire?.noncurrent_version_expiration).toEqual([{ noncurrent_days: 1 }]);
  });
});

describe("web ACL", () => {
  test("is associated only when given", () => {
    expect(resourcesOf(synth(), "aws_wafv2_web_acl_association")).toEqual({});
    const acl = `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/bankapp/0123`;
    expect(resource(synth({ webAclArn: acl }), "aws_wafv2_web_acl_association", "alb_web_acl")).toEqual({
      resource_arn: "${aws_lb.alb.arn}",
      web_acl_arn: acl,
    });
  });
});

describe("validation", () => {
  const fails = (props: Partial<AlbProps>, message: RegExp) => expect(() => synth(props)).toThrow(message);

  test("a rule pointing to an unknown target group, and priorities used twice", () => {
    fails(
      {
        rules: {
          api: { priority: 10, pathPatterns: ["/api/*"], targetGroup: "api" },
          admin: { priority: 10, pathPatterns: ["/admin/*"], targetGroup: "backend" },
        },
      },
      /rules\.api\.targetGroup: "api" is not a target group \(frontend, backend\)[\s\S]*rules\.admin\.priority: 10 is already rules\.api\.priority/,
    );
  });

  test("a rule without conditions, or with too many", () => {
    fails(
      { rules: { none: { priority: 1, targetGroup: "backend" } } },
      /rules\.none: give pathPatterns or hostHeaders/,
    );
    fails(
      { rules: { many: { priority: 1, targetGroup: "backend", pathPatterns: ["/a", "/b", "/c", "/d", "/e", "/f"] } } },
      /rules\.many: 6 condition values; a rule takes at most 5/,
    );
  });

  test("an unknown default target group", () => {
    fails({ defaultTargetGroup: "web" }, /defaultTargetGroup: "web" is not a target group \(frontend, backend\)/);
  });

  test("a certificate of another region, and a CloudFront web ACL", () => {
    fails(
      {
        certificateArn: `arn:aws:acm:ca-central-1:${ACCOUNT}:certificate/0a1b2c3d`,
        webAclArn: `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/edge/0123`,
      },
      /certificateArn: the certificate is in ca-central-1; an ALB in us-east-1 needs a certificate of us-east-1[\s\S]*webAclArn: an ALB takes a REGIONAL web ACL of us-east-1; this one is CLOUDFRONT-scoped/,
    );
  });

  test("a TLS policy that allows TLS below 1.2", () => {
    fails({ sslPolicy: "ELBSecurityPolicy-2016-08" }, /sslPolicy: "ELBSecurityPolicy-2016-08" allows TLS below 1\.2/);
    fails({ sslPolicy: "ELBSecurityPolicy-TLS13-1-0-2021-06" }, /sslPolicy: .* allows TLS below 1\.2/);
    expect(MODERN_SSL_POLICY.test(DEFAULTS.sslPolicy)).toBe(true);
    expect(MODERN_SSL_POLICY.test("ELBSecurityPolicy-TLS13-1-2-2021-06")).toBe(true);
  });

  test("names ELB refuses and a log prefix ELB refuses", () => {
    fails(
      { name: "bankapp-production-us-east-1-public", accessLogs: { bucketName: "b", prefix: "x/AWSLogs" } },
      /name: "bankapp-production-us-east-1-public" must be 1-32 letters[\s\S]*accessLogs\.prefix: "x\/AWSLogs" must not contain "AWSLogs"/,
    );
    fails(
      {
        name: "bankapp-production-useast1",
        targetGroups: { frontend: { port: 8080 } },
        rules: {},
        defaultTargetGroup: undefined,
      },
      /targetGroups\.frontend\.name: "bankapp-production-useast1-frontend" must be 1-32 letters/,
    );
  });

  test("health check timing the ELB API refuses", () => {
    fails(
      {
        targetGroups: { frontend: { port: 8080, healthCheck: { timeoutSeconds: 30, unhealthyThreshold: 1 } } },
        rules: {},
      },
      /targetGroups\.frontend\.healthCheck\.timeoutSeconds: 30 must be below intervalSeconds 30[\s\S]*targetGroups\.frontend\.healthCheck\.unhealthyThreshold: 1 is outside 2-10/,
    );
  });
});
