import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { OrganizationInput } from "../../src/config/schema";
import { NaclModel } from "../modules/nacl-flow";
import { defaultInput, organization, resource, resourcesOf, synthApp } from "../helpers/synth";
import { securityGroupRules } from "../helpers/security-group-rules";

const bankapp = parse(readFileSync(join(__dirname, "../../examples/bankapp.yaml"), "utf8")) as OrganizationInput;
const { json } = synthApp(organization(bankapp));
const prod = json["prod-us-east-1"];
const dev = json["dev-us-east-1"];

describe("BankApp's application tier (examples/bankapp.yaml)", () => {
  test("the frontend and backend run on Fargate in the application subnets, with no public IP", () => {
    for (const key of ["service_frontend", "service_backend"]) {
      expect(resource(prod, "aws_ecs_service", key)).toMatchObject({
        network_configuration: {
          assign_public_ip: false,
          subnets: ["${aws_subnet.vpc_application_a.id}", "${aws_subnet.vpc_application_b.id}"],
        },
      });
    }
  });

  test("the cluster has Container Insights", () => {
    expect(resource(prod, "aws_ecs_cluster", "ecs").setting).toEqual([
      { name: "containerInsights", value: "enhanced" },
    ]);
  });

  test("dev and staging run on Fargate Spot, prod on demand", () => {
    expect(resource(dev, "aws_ecs_service", "service_backend").capacity_provider_strategy).toEqual([
      expect.objectContaining({ capacity_provider: "FARGATE_SPOT", weight: 1 }),
    ]);
    expect(resource(prod, "aws_ecs_service", "service_backend").capacity_provider_strategy).toEqual([
      expect.objectContaining({ capacity_provider: "FARGATE" }),
    ]);
  });

  test("the ALB is in the public subnets behind the VPC's load balancer group, with invalid headers dropped", () => {
    expect(resource(prod, "aws_lb", "alb_public")).toMatchObject({
      internal: false,
      subnets: ["${aws_subnet.vpc_public_a.id}", "${aws_subnet.vpc_public_b.id}"],
      security_groups: ["${aws_security_group.vpc_lb_sg.id}"],
      drop_invalid_header_fields: true,
      enable_deletion_protection: true,
    });
    expect(resource(dev, "aws_lb", "alb_public").enable_deletion_protection).toBe(false);
  });

  test("HTTPS with the DNS-validated certificate and a TLS 1.2+ policy; HTTP only redirects", () => {
    expect(resource(prod, "aws_lb_listener", "alb_public_https")).toMatchObject({
      protocol: "HTTPS",
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
      certificate_arn: "${aws_acm_certificate_validation.alb_public_certificate_validation.certificate_arn}",
    });
    expect(resource(prod, "aws_lb_listener", "alb_public_http").default_action).toEqual([
      expect.objectContaining({ type: "redirect" }),
    ]);
    expect(resource(prod, "aws_acm_certificate", "alb_public_certificate")).toMatchObject({
      domain_name: "api.bankapp.example.com",
      validation_method: "DNS",
    });
  });

  test("/api/* goes to the backend, the rest to the frontend; the backend is sticky", () => {
    expect(resource(prod, "aws_lb_listener_rule", "alb_public_https_rule_api")).toMatchObject({
      action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.alb_public_tg_backend.arn}" }],
      condition: [{ path_pattern: { values: ["/api/*"] } }],
    });
    expect(resource(prod, "aws_lb_target_group", "alb_public_tg_backend")).toMatchObject({
      port: 3001,
      target_type: "ip",
      stickiness: { type: "lb_cookie", enabled: true, cookie_duration: 3600 },
      health_check: expect.objectContaining({ path: "/api/health" }),
    });
  });

  test("a regional web ACL guards the ALB; access logs go to an SSE-S3 bucket", () => {
    expect(resource(prod, "aws_wafv2_web_acl", "alb_public_waf").scope).toBe("REGIONAL");
    expect(resource(prod, "aws_wafv2_web_acl_association", "alb_public_web_acl")).toMatchObject({
      web_acl_arn: "${aws_wafv2_web_acl.alb_public_waf.arn}",
    });
    const encryption = resource(
      prod,
      "aws_s3_bucket_server_side_encryption_configuration",
      "alb_public_access_logs_encryption",
    );
    expect(JSON.stringify(encryption)).toContain('"sse_algorithm":"AES256"');
  });

  test("a secret given by name is read at plan for its ARN, which the execution role may read", () => {
    expect(prod.data?.aws_secretsmanager_secret?.service_backend_secret_jwt_secret).toEqual({
      name: "bankapp/prod/jwt",
    });
    expect(JSON.stringify(resource(prod, "aws_iam_role_policy", "service_backend_execution_role_policy"))).toContain(
      "data.aws_secretsmanager_secret.service_backend_secret_jwt_secret.arn",
    );
  });
});

describe("the load balancer reaches the service port and nothing else", () => {
  const nacl = new NaclModel(prod);
  const ingress = securityGroupRules(prod, "aws_vpc_security_group_ingress_rule");
  const egress = securityGroupRules(prod, "aws_vpc_security_group_egress_rule");
  const ALB = "10.2.1.20";
  const TASK = "10.2.32.7";
  const sgAllows = (to: string, port: number) =>
    egress.some((r) => r.group === "vpc_lb_sg" && r.peer === to && r.from <= port && port <= r.to) &&
    ingress.some((r) => r.group === to && r.peer === "vpc_lb_sg" && r.from <= port && port <= r.to);

  test("3001 passes the ACLs and both groups, for each service", () => {
    expect(nacl.tcp(ALB, TASK, 3001)).toMatchObject({ allowed: true });
    expect(sgAllows("service_backend_sg", 3001)).toBe(true);
    expect(sgAllows("service_frontend_sg", 3001)).toBe(true);
  });

  test("no other port passes the application ACL from the public tier", () => {
    for (const port of [22, 80, 443, 3000, 3002, 5432, 8080]) {
      expect([port, nacl.tcp(ALB, TASK, port).allowed]).toEqual([port, false]);
    }
  });

  test("the load balancer group reaches the services on 3001 only, and no node or database", () => {
    expect(egress.filter((r) => r.group === "vpc_lb_sg")).toEqual([
      expect.objectContaining({ peer: "service_backend_sg", from: 3001, to: 3001 }),
      expect.objectContaining({ peer: "service_frontend_sg", from: 3001, to: 3001 }),
    ]);
  });

  test("the backend reaches PostgreSQL; the frontend does not", () => {
    expect(ingress.filter((r) => r.group === "vpc_database_sg").map((r) => r.peer)).toEqual(
      expect.arrayContaining(["service_backend_sg"]),
    );
    expect(ingress.some((r) => r.group === "vpc_database_sg" && r.peer === "service_frontend_sg")).toBe(false);
  });
});

describe("alarms", () => {
  test("003's alarms per service, load balancer and database, to the KMS-encrypted topic", () => {
    const alarms = Object.keys(resourcesOf(prod, "aws_cloudwatch_metric_alarm")).filter((n) => n.startsWith("alarms_"));
    expect(alarms).toEqual(
      expect.arrayContaining([
        "alarms_service_backend_cpu",
        "alarms_service_frontend_memory",
        "alarms_alb_public_http_5xx",
        "alarms_alb_public_response_time_p99",
        "alarms_db_postgres_cpu",
        "alarms_db_postgres_free_storage",
      ]),
    );
    expect(resource(prod, "aws_sns_topic", "alarms_topic").kms_master_key_id).toBe("${aws_kms_key.alarms_key.arn}");
  });
});

describe("target groups without a service (EKS pods through a TargetGroupBinding)", () => {
  const input = defaultInput();
  input.accounts.prod.regions["us-east-1"].loadBalancers = {
    public: {
      certificate: { domainName: "app.example.com", hostedZone: "example.com" },
      targetGroups: { pods: { port: 8443 } },
      defaultTargetGroup: "pods",
    },
  };
  const stack = synthApp(organization(input)).json["prod-us-east-1"];

  test("the nodes admit the port from the load balancer group, and the ACL from the public tier", () => {
    expect(resource(stack, "aws_vpc_security_group_ingress_rule", "vpc_nodes_sg_in_8443_from_lb")).toMatchObject({
      referenced_security_group_id: "${aws_security_group.vpc_lb_sg.id}",
    });
    const nacl = new NaclModel(stack);
    expect(nacl.tcp("10.0.1.20", "10.0.16.9", 8443)).toMatchObject({ allowed: true });
    expect(nacl.tcp("10.0.1.20", "10.0.16.9", 10250).allowed).toBe(false);
  });

  test("a zone given by domain is looked up when no capability provides it", () => {
    expect(stack.data?.aws_route53_zone?.alb_public_zone).toEqual({ name: "example.com", private_zone: false });
  });
});
