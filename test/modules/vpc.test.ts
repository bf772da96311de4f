import { Vpc, type VpcProps } from "../../modules/vpc";
import { resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";
import { NaclModel } from "./nacl-flow";

const prod: VpcProps = {
  cidr: "10.0.0.0/16",
  region: "us-east-1",
  namePrefix: "acme-prod-us-east-1-vpc",
  organizationId: "o-a1b2c3d4e5",
  corporateCidrs: ["192.0.2.0/24"],
  flowLogs: { type: "s3", bucketArn: "arn:aws:s3:::acme-log-archive/vpc-flow-logs" },
};

const synthVpc = (overrides: Partial<VpcProps> = {}, after?: (vpc: Vpc) => void): StackJson =>
  synthModule((s) => {
    const vpc = new Vpc(s, "vpc", { ...prod, ...overrides });
    after?.(vpc);
  });

const json = synthVpc();

/** `in 100 allow tcp 80-80 0.0.0.0/0` per rule of one ACL, in evaluation order. */
function aclTable(stack: StackJson, acl: string): string[] {
  return Object.values(resourcesOf(stack, "aws_network_acl_rule"))
    .filter((r) => r.network_acl_id === `\${aws_network_acl.${acl}.id}`)
    .sort((a, b) => Number(a.egress) - Number(b.egress) || Number(a.rule_number) - Number(b.rule_number))
    .map(
      (r) =>
        `${r.egress ? "out" : "in"} ${r.rule_number} ${r.rule_action} ${r.protocol === "-1" ? "all" : `${r.protocol} ${r.from_port}-${r.to_port}`} ${r.cidr_block}`,
    );
}

const routesOf = (stack: StackJson, table: string) =>
  Object.values(resourcesOf(stack, "aws_route")).filter((r) => r.route_table_id === `\${aws_route_table.${table}.id}`);

describe("reference layout (prod us-east-1, 10.0.0.0/16)", () => {
  test("reproduces the reference subnets, keyed by tier and position, placed by AZ ID", () => {
    const subnets = Object.fromEntries(
      Object.entries(resourcesOf(json, "aws_subnet")).map(([name, s]) => [
        name,
        `${s.cidr_block} ${s.availability_zone_id}`,
      ]),
    );
    // use1-az3 is skipped: EKS refuses cluster subnets there.
    expect(subnets).toEqual({
      vpc_public_a: "10.0.1.0/24 use1-az1",
      vpc_public_b: "10.0.2.0/24 use1-az2",
      vpc_public_c: "10.0.3.0/24 use1-az4",
      vpc_application_a: "10.0.16.0/20 use1-az1",
      vpc_application_b: "10.0.32.0/20 use1-az2",
      vpc_application_c: "10.0.48.0/20 use1-az4",
      vpc_database_a: "10.0.64.0/21 use1-az1",
      vpc_database_b: "10.0.72.0/21 use1-az2",
      vpc_database_c: "10.0.80.0/21 use1-az4",
    });
    expect(Object.values(resourcesOf(json, "aws_subnet")).filter((s) => "availability_zone" in s)).toEqual([]);
  });

  test("the VPC resolves and names DNS, and no subnet hands out public IPs", () => {
    expect(resource(json, "aws_vpc", "vpc")).toMatchObject({
      cidr_block: "10.0.0.0/16",
      enable_dns_support: true,
      enable_dns_hostnames: true,
      tags: { Name: "acme-prod-us-east-1-vpc" },
    });
    expect(Object.values(resourcesOf(json, "aws_subnet")).map((s) => s.map_public_ip_on_launch)).toEqual(
      Array(9).fill(false),
    );
  });

  test("public NACL: the reference rule numbers, ports and sources, nothing else", () => {
    expect(aclTable(json, "vpc_public_nacl")).toEqual([
      "in 100 allow tcp 80-80 0.0.0.0/0",
      "in 110 allow tcp 443-443 0.0.0.0/0",
      "in 120 allow tcp 1024-65535 0.0.0.0/0",
      "in 130 allow tcp 22-22 192.0.2.0/24",
      "in 140 allow all 10.0.0.0/16",
      "out 100 allow tcp 80-80 0.0.0.0/0",
      "out 110 allow tcp 443-443 0.0.0.0/0",
      "out 120 allow tcp 1024-65535 0.0.0.0/0",
      "out 130 allow all 10.0.0.0/16",
    ]);
  });

  test("application NACL: the reference rules, nothing else", () => {
    expect(aclTable(json, "vpc_application_nacl")).toEqual([
      "in 100 allow all 10.0.0.0/16",
      "in 110 allow tcp 1024-65535 0.0.0.0/0",
      "out 100 allow all 10.0.0.0/16",
      "out 110 allow tcp 80-80 0.0.0.0/0",
      "out 120 allow tcp 443-443 0.0.0.0/0",
      "out 130 allow tcp 1024-65535 0.0.0.0/0",
    ]);
  });

  test("database NACL: the reference rules plus only the public-subnet denies (90-92)", () => {
    expect(aclTable(json, "vpc_database_nacl")).toEqual([
      "in 90 deny all 10.0.1.0/24",
      "in 91 deny all 10.0.2.0/24",
      "in 92 deny all 10.0.3.0/24",
      "in 100 allow tcp 5432-5432 10.0.16.0/20",
      "in 101 allow tcp 5432-5432 10.0.32.0/20",
      "in 102 allow tcp 5432-5432 10.0.48.0/20",
      "in 120 allow tcp 1024-65535 10.0.0.0/16",
      "out 100 allow all 10.0.0.0/16",
      "out 110 allow tcp 1024-65535 10.0.16.0/20",
      "out 111 allow tcp 1024-65535 10.0.32.0/20",
      "out 112 allow tcp 1024-65535 10.0.48.0/20",
    ]);
  });

  test("each tier's ACL holds exactly that tier's subnets", () => {
    for (const tier of ["public", "application", "database"]) {
      expect(resource(json, "aws_network_acl", `vpc_${tier}_nacl`).subnet_ids).toEqual(
        ["a", "b", "c"].map((az) => `\${aws_subnet.vpc_${tier}_${az}.id}`),
      );
    }
  });

  test("MariaDB adds 3306 to the database NACL and security group only when on", () => {
    const withMariadb = synthVpc({ databasePorts: [5432, 3306] });
    expect(aclTable(withMariadb, "vpc_database_nacl").filter((l) => l.includes("3306"))).toEqual([
      "in 105 allow tcp 3306-3306 10.0.16.0/20",
      "in 106 allow tcp 3306-3306 10.0.32.0/20",
      "in 107 allow tcp 3306-3306 10.0.48.0/20",
    ]);
    expect(
      resource(withMariadb, "aws_vpc_security_group_ingress_rule", "vpc_database_sg_in_3306_from_nodes"),
    ).toMatchObject({
      from_port: 3306,
      referenced_security_group_id: "${aws_security_group.vpc_nodes_sg.id}",
    });
    expect(JSON.stringify(resourcesOf(json, "aws_network_acl_rule"))).not.toContain("3306");
    expect(Object.keys(resourcesOf(json, "aws_vpc_security_group_ingress_rule")).join()).not.toContain("3306");
  });

  test("a database link admits only its ports from the peer's database subnets", () => {
    const linked = synthVpc({
      databaseLinks: [
        { name: "prod_ca_central_1", peerDatabaseCidrs: ["10.1.64.0/21", "10.1.72.0/21"], ports: [3306] },
      ],
    });
    expect(aclTable(linked, "vpc_database_nacl").filter((l) => l.includes("10.1."))).toEqual([
      "in 210 allow tcp 3306-3306 10.1.64.0/21",
      "in 211 allow tcp 3306-3306 10.1.72.0/21",
      "out 200 allow tcp 1024-65535 10.1.64.0/21",
      "out 201 allow tcp 1024-65535 10.1.72.0/21",
    ]);
    expect(JSON.stringify(resourcesOf(json, "aws_network_acl_rule"))).not.toContain("10.1.");
    const sgRules = Object.entries(resourcesOf(linked, "aws_vpc_security_group_ingress_rule"))
      .filter(([, r]) => String(r.cidr_ipv4).startsWith("10.1."))
      .map(([name, r]) => `${name} ${r.from_port}-${r.to_port} ${r.cidr_ipv4}`);
    expect(sgRules).toEqual([
      "vpc_database_sg_in_3306_from_prod_ca_central_1_a 3306-3306 10.1.64.0/21",
      "vpc_database_sg_in_3306_from_prod_ca_central_1_b 3306-3306 10.1.72.0/21",
    ]);
  });
});

describe("routing", () => {
  test("public subnets route to the internet gateway", () => {
    expect(routesOf(json, "vpc_public_routes")).toEqual([
      {
        route_table_id: "${aws_route_table.vpc_public_routes.id}",
        destination_cidr_block: "0.0.0.0/0",
        gateway_id: "${aws_internet_gateway.vpc_igw.id}",
      },
    ]);
  });

  test("each application AZ routes to its own NAT gateway", () => {
    for (const az of ["a", "b", "c"]) {
      expect(routesOf(json, `vpc_application_routes_${az}`)).toEqual([
        expect.objectContaining({
          destination_cidr_block: "0.0.0.0/0",
          nat_gateway_id: `\${aws_nat_gateway.vpc_nat_${az}.id}`,
        }),
      ]);
      expect(resource(json, "aws_nat_gateway", `vpc_nat_${az}`).subnet_id).toBe(`\${aws_subnet.vpc_public_${az}.id}`);
      expect(resource(json, "aws_eip", `vpc_eip_${az}`).domain).toBe("vpc");
    }
  });

  test("a single NAT gateway serves every application AZ", () => {
    const single = synthVpc({ natGateways: "single" });
    expect(Object.keys(resourcesOf(single, "aws_nat_gateway"))).toEqual(["vpc_nat_a"]);
    expect(Object.keys(resourcesOf(single, "aws_eip"))).toEqual(["vpc_eip_a"]);
    for (const az of ["a", "b", "c"]) {
      expect(routesOf(single, `vpc_application_routes_${az}`)[0].nat_gateway_id).toBe(
        "${aws_nat_gateway.vpc_nat_a.id}",
      );
    }
  });

  test("the database route table has no route at all: no 0.0.0.0/0, no gateway, no NAT", () => {
    expect(routesOf(json, "vpc_database_routes")).toEqual([]);
    const dbTable = resource(json, "aws_route_table", "vpc_database_routes");
    expect(dbTable).not.toHaveProperty("route");
    const associations = Object.values(resourcesOf(json, "aws_route_table_association")).filter((a) =>
      String(a.subnet_id).includes("vpc_database_"),
    );
    expect(associations.map((a) => a.route_table_id)).toEqual(
      Array(3).fill("${aws_route_table.vpc_database_routes.id}"),
    );
  });

  test("gateway endpoints for S3 and DynamoDB sit on the application and database route tables only", () => {
    for (const service of ["s3", "dynamodb"]) {
      expect(resource(json, "aws_vpc_endpoint", `vpc_${service}_endpoint`)).toMatchObject({
        service_name: `com.amazonaws.us-east-1.${service}`,
        vpc_endpoint_type: "Gateway",
        route_table_ids: [
          "${aws_route_table.vpc_application_routes_a.id}",
          "${aws_route_table.vpc_application_routes_b.id}",
          "${aws_route_table.vpc_application_routes_c.id}",
          "${aws_route_table.vpc_database_routes.id}",
        ],
      });
    }
  });
});

describe("defaults locked down", () => {
  test("the default network ACL and security group keep no rule", () => {
    const acl = resource(json, "aws_default_network_acl", "vpc_default_nacl");
    expect(acl.default_network_acl_id).toBe("${aws_vpc.vpc.default_network_acl_id}");
    expect(acl).not.toHaveProperty("ingress");
    expect(acl).not.toHaveProperty("egress");
    const sg = resource(json, "aws_default_security_group", "vpc_default_sg");
    expect(sg.vpc_id).toBe("${aws_vpc.vpc.id}");
    expect(sg).not.toHaveProperty("ingress");
    expect(sg).not.toHaveProperty("egress");
  });
});

describe("security groups", () => {
  const withLoadBalancer = synthVpc({ loadBalancer: true });
  const ingress = resourcesOf(withLoadBalancer, "aws_vpc_security_group_ingress_rule");
  const into = (group: string) =>
    Object.entries(ingress)
      .filter(([, r]) => r.security_group_id === `\${aws_security_group.vpc_${group}_sg.id}`)
      .map(([name]) => name)
      .sort();

  test("the load balancer takes 443 and 80 from anywhere and reaches only the nodes' port", () => {
    expect(into("lb")).toEqual(["vpc_lb_sg_in_443", "vpc_lb_sg_in_80"]);
    expect(ingress.vpc_lb_sg_in_443).toMatchObject({
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
      cidr_ipv4: "0.0.0.0/0",
    });
    expect(
      resource(withLoadBalancer, "aws_vpc_security_group_egress_rule", "vpc_lb_sg_out_8080_to_nodes"),
    ).toMatchObject({
      from_port: 8080,
      to_port: 8080,
      referenced_security_group_id: "${aws_security_group.vpc_nodes_sg.id}",
    });
  });

  test("nodes take the application port from the load balancer and anything from each other", () => {
    expect(into("nodes")).toEqual(["vpc_nodes_sg_in_8080_from_lb", "vpc_nodes_sg_in_all_from_self"]);
    expect(ingress.vpc_nodes_sg_in_8080_from_lb).toMatchObject({
      from_port: 8080,
      referenced_security_group_id: "${aws_security_group.vpc_lb_sg.id}",
    });
    expect(ingress.vpc_nodes_sg_in_all_from_self).toMatchObject({
      ip_protocol: "-1",
      referenced_security_group_id: "${aws_security_group.vpc_nodes_sg.id}",
    });
  });

  test("the application ports are a prop, and node ports a subset of them", () => {
    const ports = synthVpc({ loadBalancer: true, applicationPorts: [3000, 3001], nodePorts: [3000] });
    expect(
      Object.keys(resourcesOf(ports, "aws_vpc_security_group_ingress_rule")).filter((n) => /from_lb/.test(n)),
    ).toEqual(["vpc_nodes_sg_in_3000_from_lb"]);
  });

  test("with a load balancer the public tier reaches the application tier on the application ports only", () => {
    const net = new NaclModel(synthVpc({ loadBalancer: true, applicationPorts: [3001] }));
    const alb = "10.0.1.20";
    for (const task of ["10.0.16.5", "10.0.40.5", "10.0.50.5"]) {
      expect(net.tcp(alb, task, 3001)).toMatchObject({ allowed: true });
      for (const port of [22, 443, 3000, 5432, 8080, 10250]) expect(net.tcp(alb, task, port).allowed).toBe(false);
    }
  });

  test("the application tier still reaches the internet through NAT and gets the replies", () => {
    const net = new NaclModel(synthVpc({ loadBalancer: true, applicationPorts: [3001] }));
    expect(net.tcpViaNat("10.0.16.5", "10.0.1.50", "203.0.113.10", 443)).toMatchObject({ allowed: true });
  });

  test("without a load balancer the application ACL keeps the reference rules only", () => {
    const numbers = Object.values(resourcesOf(json, "aws_network_acl_rule"))
      .filter((r) => r.network_acl_id === "${aws_network_acl.vpc_application_nacl.id}" && !r.egress)
      .map((r) => r.rule_number);
    expect(numbers.sort()).toEqual([100, 110]);
  });

  test("without a load balancer there is no load balancer group and the nodes admit nothing from one", () => {
    expect(Object.keys(resourcesOf(json, "aws_security_group"))).not.toContain("vpc_lb_sg");
    const rules = [
      ...Object.keys(resourcesOf(json, "aws_vpc_security_group_ingress_rule")),
      ...Object.keys(resourcesOf(json, "aws_vpc_security_group_egress_rule")),
    ];
    expect(rules.filter((name) => name.includes("lb"))).toEqual([]);
  });

  test("databases take 5432 from the nodes only, never from a CIDR", () => {
    expect(into("database")).toEqual(["vpc_database_sg_in_5432_from_nodes"]);
    expect(ingress.vpc_database_sg_in_5432_from_nodes).not.toHaveProperty("cidr_ipv4");
    expect(
      Object.keys(resourcesOf(json, "aws_vpc_security_group_egress_rule")).filter((n) => n.includes("database")),
    ).toEqual([]);
  });

  test("allowDatabaseFrom adds one rule named after the caller's key", () => {
    const stack = synthVpc({}, (vpc) =>
      vpc.allowDatabaseFrom({ securityGroupId: "sg-0123456789abcdef0", key: "dms" }, 3306),
    );
    expect(resource(stack, "aws_vpc_security_group_ingress_rule", "vpc_database_sg_in_3306_from_dms")).toMatchObject({
      security_group_id: "${aws_security_group.vpc_database_sg.id}",
      referenced_security_group_id: "sg-0123456789abcdef0",
      from_port: 3306,
      to_port: 3306,
    });
  });

  test("interface endpoints take 443 from the VPC CIDR only", () => {
    expect(into("endpoints")).toEqual(["vpc_endpoints_sg_in_443_from_vpc"]);
    expect(ingress.vpc_endpoints_sg_in_443_from_vpc).toMatchObject({
      from_port: 443,
      to_port: 443,
      cidr_ipv4: "10.0.0.0/16",
    });
  });
});

describe("interface endpoints", () => {
  const endpoints = Object.values(resourcesOf(json, "aws_vpc_endpoint")).filter(
    (e) => e.vpc_endpoint_type === "Interface",
  );

  test("one per service, in the application subnets, with private DNS and the endpoint group", () => {
    expect(endpoints.map((e) => String(e.service_name).replace("com.amazonaws.us-east-1.", "")).sort()).toEqual(
      ["ec2", "ecr.api", "ecr.dkr", "eks", "logs", "secretsmanager", "sqs", "sts"].sort(),
    );
    for (const e of endpoints) {
      expect(e).toMatchObject({
        private_dns_enabled: true,
        subnet_ids: ["a", "b", "c"].map((az) => `\${aws_subnet.vpc_application_${az}.id}`),
        security_group_ids: ["${aws_security_group.vpc_endpoints_sg.id}"],
      });
    }
  });

  test("policies admit only principals of the organization", () => {
    for (const e of endpoints) {
      const policy = JSON.parse(String(e.policy)) as { Statement: { Effect: string; Condition: unknown }[] };
      expect(policy.Statement[0]).toMatchObject({
        Effect: "Allow",
        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
      });
      expect(policy.Statement.every((s) => s.Condition !== undefined)).toBe(true);
    }
  });
});

describe("flow logs", () => {
  test("capture ALL traffic every 60 s into the given bucket", () => {
    expect(resource(json, "aws_flow_log", "vpc_flow_log")).toMatchObject({
      vpc_id: "${aws_vpc.vpc.id}",
      traffic_type: "ALL",
      max_aggregation_interval: 60,
      log_destination_type: "s3",
      log_destination: "arn:aws:s3:::acme-log-archive/vpc-flow-logs",
    });
    expect(resourcesOf(json, "aws_iam_role")).toEqual({});
  });

  test("or into an encrypted log group through a role only this account's flow logs can assume", () => {
    const cw = synthVpc({
      flowLogs: {
        type: "cloudwatch",
        kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/mock",
        accountId: "123456789012",
        retentionDays: 90,
      },
    });
    expect(resource(cw, "aws_cloudwatch_log_group", "vpc_flow_log_group")).toMatchObject({
      kms_key_id: "arn:aws:kms:us-east-1:123456789012:key/mock",
      retention_in_days: 90,
    });
    expect(resource(cw, "aws_flow_log", "vpc_flow_log")).toMatchObject({
      traffic_type: "ALL",
      max_aggregation_interval: 60,
      log_destination_type: "cloud-watch-logs",
      log_destination: "${aws_cloudwatch_log_group.vpc_flow_log_group.arn}",
      iam_role_arn: "${aws_iam_role.vpc_flow_log_role.arn}",
    });
    const trust = JSON.parse(String(resource(cw, "aws_iam_role", "vpc_flow_log_role").assume_role_policy));
    expect(trust.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Condition: expect.objectContaining({ StringEquals: { "aws:SourceAccount": "123456789012" } }),
      }),
    ]);
  });
});

describe("subnet tags and names", () => {
  const tags = (name: string) => resource(json, "aws_subnet", name).tags as Record<string, string>;

  test("public subnets are for internet-facing load balancers only", () => {
    expect(tags("vpc_public_a")).toEqual({ Name: "acme-prod-us-east-1-vpc-public-a", "kubernetes.io/role/elb": "1" });
  });

  test("application subnets are for internal load balancers and Karpenter", () => {
    expect(tags("vpc_application_b")).toEqual({
      Name: "acme-prod-us-east-1-vpc-application-b",
      "kubernetes.io/role/internal-elb": "1",
      "karpenter.sh/discovery": "acme-prod-us-east-1-vpc",
    });
    expect(
      (resource(synthVpc({ clusterName: "prod" }), "aws_subnet", "vpc_application_a").tags as Record<string, string>)[
        "karpenter.sh/discovery"
      ],
    ).toBe("prod");
  });

  test("database subnets carry no discovery tag", () => {
    expect(tags("vpc_database_c")).toEqual({ Name: "acme-prod-us-east-1-vpc-database-c" });
  });

  test("the DB subnet group spans the database subnets", () => {
    expect(resource(json, "aws_db_subnet_group", "vpc_db_subnet_group")).toMatchObject({
      name: "acme-prod-us-east-1-vpc-database",
      subnet_ids: ["a", "b", "c"].map((az) => `\${aws_subnet.vpc_database_${az}.id}`),
    });
  });
});

describe("two AZs and explicit subnets", () => {
  test("two AZs give a and b only", () => {
    const two = synthVpc({ availabilityZones: 2, cidr: "10.2.0.0/16", region: "ca-central-1" });
    expect(Object.keys(resourcesOf(two, "aws_subnet")).filter((n) => n.endsWith("_c"))).toEqual([]);
    expect(resource(two, "aws_subnet", "vpc_database_b")).toMatchObject({
      cidr_block: "10.2.72.0/21",
      availability_zone_id: "cac1-az2",
    });
  });

  test("explicit subnet CIDRs replace the reference layout of their tier", () => {
    const given = synthVpc({ subnetCidrs: { public: ["10.0.4.0/24", "10.0.5.0/24", "10.0.6.0/24"] } });
    expect(resource(given, "aws_subnet", "vpc_public_c").cidr_block).toBe("10.0.6.0/24");
    expect(resource(given, "aws_subnet", "vpc_application_c").cidr_block).toBe("10.0.48.0/20");
    expect(aclTable(given, "vpc_database_nacl")[0]).toBe("in 90 deny all 10.0.4.0/24");
  });
});

describe("availability zones by ID", () => {
  test("ca-central-1 uses cac1-az1, az2 and az4: the region has no zone c for most accounts and EKS refuses az3", () => {
    const canada = synthVpc({ region: "ca-central-1", cidr: "10.1.0.0/16" });
    expect(
      ["a", "b", "c"].map((p) => resource(canada, "aws_subnet", `vpc_application_${p}`).availability_zone_id),
    ).toEqual(["cac1-az1", "cac1-az2", "cac1-az4"]);
  });

  test("explicit AZ IDs are placed by position, keeping the addresses", () => {
    const given = synthVpc({ availabilityZoneIds: ["use1-az6", "use1-az4", "use1-az2"] });
    expect(resource(given, "aws_subnet", "vpc_database_a").availability_zone_id).toBe("use1-az6");
    expect(resource(given, "aws_subnet", "vpc_public_c").availability_zone_id).toBe("use1-az2");
  });

  test("a plan fails before any subnet when the account is not offered a zone", () => {
    const zones = json.data?.aws_availability_zones ?? {};
    const check = (zones.vpc_zones.lifecycle as { postcondition: { condition: string; error_message: string }[] })
      .postcondition[0];
    expect(check.condition).toBe(
      '${alltrue([for id in ["use1-az1","use1-az2","use1-az4"] : contains(self.zone_ids, id)])}',
    );
    expect(check.error_message).toContain("set network.availabilityZoneIds");
    for (const subnet of Object.values(resourcesOf(json, "aws_subnet"))) {
      expect(subnet.depends_on).toContain("data.aws_availability_zones.vpc_zones");
    }
  });

  test("reports zones of another region, repeats, too few, and EKS-refused zones with their positions", () => {
    const build = () =>
      synthVpc({ availabilityZoneIds: ["use1-az1", "cac1-az1", "use1-az1", "use1-az3"], eksSubnets: true });
    expect(build).toThrow(/availabilityZoneIds: 4 given for 3 availability zones/);
    expect(build).toThrow(
      /availabilityZoneIds\[1\]: "cac1-az1" is not an AZ ID of us-east-1 \(they look like use1-az1\)/,
    );
    expect(build).toThrow(/availabilityZoneIds\[2\]: use1-az1 is already at position 0/);
    expect(build).toThrow(/availabilityZoneIds\[3\]: EKS does not support cluster subnets in use1-az3/);
    expect(() => synthVpc({ availabilityZoneIds: ["use1-az1"] })).toThrow(
      /availabilityZoneIds: 1 given for 3 availability zones/,
    );
  });

  test("a region without default zones needs them given", () => {
    expect(() => synthVpc({ region: "ap-northeast-1" })).toThrow(
      /availabilityZoneIds: no default zones for ap-northeast-1; give its AZ IDs/,
    );
    expect(() =>
      synthVpc({ region: "ap-northeast-1", availabilityZoneIds: ["apne1-az1", "apne1-az2", "apne1-az4"] }),
    ).not.toThrow();
  });
});

describe("validation", () => {
  test("reports a malformed VPC CIDR with its path", () => {
    expect(() => synthVpc({ cidr: "10.0.0/16" })).toThrow(/\[test\/vpc\] cidr: "10\.0\.0\/16" is not an IPv4 CIDR/);
  });

  test("a non-/16 needs explicit subnets, and says which", () => {
    expect(() => synthVpc({ cidr: "10.0.0.0/20" })).toThrow(
      /cidr: the reference subnet layout needs a \/16; give subnetCidrs\.public, subnetCidrs\.application, subnetCidrs\.database for a \/20/,
    );
  });

  test("reports every subnet problem at once, with paths", () => {
    const build = () =>
      synthVpc({
        subnetCidrs: {
          public: ["10.0.1.0/24", "10.9.2.0/24"],
          database: ["10.0.16.0/21", "10.0.72.0/21", "10.0.80.0/21"],
        },
      });
    expect(build).toThrow(/subnetCidrs\.public: 2 CIDRs given for 3 availability zones/);
    expect(build).toThrow(/subnetCidrs\.public\[1\]: 10\.9\.2\.0\/24 is outside the VPC's 10\.0\.0\.0\/16/);
    expect(build).toThrow(/subnetCidrs\.database\[0\]: 10\.0\.16\.0\/21 overlaps subnetCidrs\.application\[0\]/);
  });

  test("reports an application port outside 1-65535, and a node port that is not an application port", () => {
    const build = () => synthVpc({ applicationPorts: [0], nodePorts: [8080] });
    expect(build).toThrow(/applicationPorts\[0\]: 0 is not a TCP port/);
    expect(build).toThrow(/nodePorts\[0\]: 8080 is not one of applicationPorts \(0\)/);
  });
});

describe("traffic flows through the synthesized NACLs", () => {
  const net = new NaclModel(json);
  const internet = "203.0.113.10";
  const corporate = "192.0.2.15";
  const alb = "10.0.1.10"; // public a
  const nat = "10.0.2.20"; // public b
  const node = "10.0.33.5"; // application b
  const db = "10.0.80.5"; // database c

  test("internet -> load balancer 443 and 80 are allowed, replies included", () => {
    expect(net.tcp(internet, alb, 443)).toMatchObject({ allowed: true });
    expect(net.tcp(internet, alb, 80)).toMatchObject({ allowed: true });
  });

  test("load balancer -> nodes on the application port is allowed", () => {
    expect(net.tcp(alb, node, 8080)).toMatchObject({ allowed: true });
  });

  test("nodes -> database 5432 is allowed", () => {
    expect(net.tcp(node, db, 5432)).toMatchObject({ allowed: true });
  });

  test("nodes -> internet 443 and 80 through NAT are allowed", () => {
    expect(net.tcpViaNat(node, nat, internet, 443)).toMatchObject({ allowed: true });
    expect(net.tcpViaNat(node, nat, internet, 80)).toMatchObject({ allowed: true });
  });

  test("the NAT path is really evaluated: SSH out through NAT is denied", () => {
    expect(net.tcpViaNat(node, nat, internet, 22)).toMatchObject({ possible: false });
  });

  test("internet -> database is denied on every port", () => {
    for (const port of [22, 443, 3306, 5432, 8080, 40000]) {
      expect(net.tcp(internet, db, port)).toMatchObject({ possible: false });
    }
  });

  test("internet -> nodes on any non-ephemeral port is denied", () => {
    for (const port of [1, 22, 80, 443, 1023]) expect(net.tcp(internet, node, port)).toMatchObject({ possible: false });
  });

  test("database -> internet is denied, directly and through NAT", () => {
    for (const port of [80, 443, 5432]) {
      expect(net.tcp(db, internet, port)).toMatchObject({ possible: false });
      expect(net.tcpViaNat(db, nat, internet, port)).toMatchObject({ possible: false });
    }
  });

  test("SSH reaches the public tier only from the corporate ranges", () => {
    expect(net.tcp(corporate, alb, 22)).toMatchObject({ allowed: true });
    expect(net.tcp(internet, alb, 22)).toMatchObject({ possible: false });
    expect(net.tcp(corporate, node, 22)).toMatchObject({ possible: false });
    expect(net.tcp(corporate, db, 22)).toMatchObject({ possible: false });
  });

  test("the public tier cannot reach the database on any port (deny rules 90-92)", () => {
    for (const port of [22, 3306, 5432, 8080, 40000]) {
      expect(net.tcp(alb, db, port)).toMatchObject({ possible: false });
      expect(net.tcp(nat, db, port)).toMatchObject({ possible: false });
    }
  });

  test("the database cannot open connections into the public tier either", () => {
    expect(net.tcp(db, alb, 443)).toMatchObject({ possible: false });
  });

  test("without rules 90-92 the reference table lets the public tier reach 5432 (the hole they close)", () => {
    const rules = Object.fromEntries(
      Object.entries(resourcesOf(json, "aws_network_acl_rule")).filter(
        ([name]) => !/^vpc_database_nacl_in_9\d$/.test(name),
      ),
    );
    const referenceOnly = new NaclModel({ resource: { ...json.resource, aws_network_acl_rule: rules } });
    expect(referenceOnly.tcp(alb, db, 5432)).toMatchObject({ allowed: true });
    expect(referenceOnly.tcp(node, db, 5432)).toMatchObject({ allowed: true });
  });

  test("accepted residual: the stateless ACLs admit internet TCP to ephemeral ports of public and application hosts", () => {
    // NAT return traffic arrives on these ports from arbitrary internet addresses; only state can tell
    // them apart. Routing is the control: no subnet maps public IPs, only the public tier routes to the IGW.
    expect(net.tcp(internet, alb, 8443)).toMatchObject({ allowed: true });
    expect(net.tcp(internet, node, 8080)).toMatchObject({ allowed: true });
    const gatewayRoutes = Object.values(resourcesOf(json, "aws_route")).filter((r) => r.gateway_id !== undefined);
    expect(gatewayRoutes.map((r) => r.route_table_id)).toEqual(["${aws_route_table.vpc_public_routes.id}"]);
  });
});

describe("transit peers (another VPC through a transit hub)", () => {
  const cidrOf = (i: number) => `10.${100 + i}.0.0/16`;
  const named = (count: number, from = 0) =>
    Object.fromEntries([...Array(count).keys()].map((i) => [`vpc_${from + i}`, cidrOf(from + i)]));

  test("the application ACL denies the other segments first, then opens the ports both ways", () => {
    const stack = synthVpc({ transitPeers: { cidrs: named(1), ports: [443], deniedCidrs: named(1, 1) } });
    const table = aclTable(stack, "vpc_application_nacl");
    expect(table.slice(0, 2)).toEqual(["in 1 deny all 10.101.0.0/16", "in 20 allow tcp 443-443 10.100.0.0/16"]);
    expect(table).toContain("out 20 allow tcp 443-443 10.100.0.0/16");
    expect(resource(stack, "aws_vpc_security_group_ingress_rule", "vpc_nodes_sg_in_443_from_vpc_0")).toMatchObject({
      cidr_ipv4: "10.100.0.0/16",
      from_port: 443,
    });
  });

  test("the rule numbers' blocks and the ACL quota of 20 rules each way are checked, all at once", () => {
    const build = () =>
      synthVpc({
        loadBalancer: true,
        transitPeers: { cidrs: named(11), ports: [443, 0], deniedCidrs: named(20, 20) },
      });
    expect(build).toThrow(/transitPeers\.deniedCidrs: 20 VPCs; the application ACL's rules 1-19 hold 19/);
    expect(build).toThrow(/transitPeers: 22 CIDR and port pairs; the application ACL's rules 20-39 hold 20/);
    expect(build).toThrow(/transitPeers\.ports\[1\]: 0 is not a TCP port/);
    expect(build).toThrow(/application ACL: \d+ inbound rules; a network ACL holds 20 each way/);
  });
});
