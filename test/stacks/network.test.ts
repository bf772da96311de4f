import type { TerraformStack } from "cdktf";
import { defaultInput, organization, resource, resourcesOf, synthApp, type StackJson } from "../helpers/synth";

const { json: stacks, app } = synthApp();
const prodUs = stacks["prod-us-east-1"];
const prodCa = stacks["prod-ca-central-1"];
/** CloudWatch log groups of VPC flow logs (the cluster's control-plane logs have their own). */
const flowLogGroups = (json: StackJson) =>
  Object.values(resourcesOf(json, "aws_cloudwatch_log_group")).filter((g) => String(g.name).startsWith("/aws/vpc/"));

describe("the network of the default organization", () => {
  test("prod us-east-1 reproduces the reference layout exactly", () => {
    expect(resource(prodUs, "aws_vpc", "vpc").cidr_block).toBe("10.0.0.0/16");
    const cidrs = Object.fromEntries(
      Object.entries(resourcesOf(prodUs, "aws_subnet")).map(([name, subnet]) => [name, subnet.cidr_block]),
    );
    expect(cidrs).toEqual({
      vpc_public_a: "10.0.1.0/24",
      vpc_public_b: "10.0.2.0/24",
      vpc_public_c: "10.0.3.0/24",
      vpc_application_a: "10.0.16.0/20",
      vpc_application_b: "10.0.32.0/20",
      vpc_application_c: "10.0.48.0/20",
      vpc_database_a: "10.0.64.0/21",
      vpc_database_b: "10.0.72.0/21",
      vpc_database_c: "10.0.80.0/21",
    });
  });

  test("prod us-east-1 keeps every reference public NACL rule with its number, port and source", () => {
    const rules = resourcesOf(prodUs, "aws_network_acl_rule");
    const row = (name: string) => {
      const r = rules[name];
      return [r.rule_action, r.protocol, r.from_port, r.to_port, r.cidr_block];
    };
    expect(row("vpc_public_nacl_in_100")).toEqual(["allow", "tcp", 80, 80, "0.0.0.0/0"]);
    expect(row("vpc_public_nacl_in_110")).toEqual(["allow", "tcp", 443, 443, "0.0.0.0/0"]);
    expect(row("vpc_public_nacl_in_120")).toEqual(["allow", "tcp", 1024, 65535, "0.0.0.0/0"]);
    expect(row("vpc_public_nacl_in_130")).toEqual(["allow", "tcp", 22, 22, "203.0.113.0/24"]);
    expect(row("vpc_public_nacl_in_140")).toEqual(["allow", "-1", 0, 0, "10.0.0.0/16"]);
    expect(row("vpc_database_nacl_in_100")).toEqual(["allow", "tcp", 5432, 5432, "10.0.16.0/20"]);
    expect(row("vpc_database_nacl_in_120")).toEqual(["allow", "tcp", 1024, 65535, "10.0.0.0/16"]);
  });

  test("NAT gateways: one per AZ in prod, one shared in dev and staging", () => {
    expect(Object.keys(resourcesOf(prodUs, "aws_nat_gateway")).sort()).toEqual(["vpc_nat_a", "vpc_nat_b", "vpc_nat_c"]);
    expect(Object.keys(resourcesOf(stacks["dev-us-east-1"], "aws_nat_gateway"))).toHaveLength(1);
    expect(Object.keys(resourcesOf(stacks["staging-us-east-1"], "aws_nat_gateway"))).toHaveLength(1);
  });

  test("accounts without a network capability get no VPC", () => {
    for (const id of ["management-us-east-1", "security-ca-central-1"]) {
      expect(resourcesOf(stacks[id], "aws_vpc")).toEqual({});
    }
  });

  test("flow logs of every VPC capture ALL traffic every 60 s into the organization log archive", () => {
    for (const id of ["dev-us-east-1", "staging-us-east-1", "prod-us-east-1", "prod-ca-central-1"]) {
      const logs = Object.values(resourcesOf(stacks[id], "aws_flow_log"));
      expect(logs).toEqual([
        expect.objectContaining({ traffic_type: "ALL", max_aggregation_interval: 60, log_destination_type: "s3" }),
      ]);
      expect(logs[0].log_destination).toBe(
        "${data.terraform_remote_state.cross_stack_reference_input_security_us_east_1.outputs.cross_stack_output_aws_s3_bucket_log_archive_bucket_arn}",
      );
      expect(flowLogGroups(stacks[id])).toEqual([]);
    }
  });

  test("flow logs can go to a KMS-encrypted CloudWatch log group with the configured retention instead", () => {
    const input = defaultInput();
    input.accounts.dev.regions["us-east-1"].network!.flowLogs = { destination: "cloudWatch", retentionDays: 90 };
    const dev = synthApp(organization(input)).json["dev-us-east-1"];
    expect(Object.values(resourcesOf(dev, "aws_flow_log"))).toEqual([
      expect.objectContaining({ traffic_type: "ALL", log_destination_type: "cloud-watch-logs" }),
    ]);
    expect(flowLogGroups(dev)).toEqual([
      expect.objectContaining({ kms_key_id: "${aws_kms_key.flow_logs_key.arn}", retention_in_days: 90 }),
    ]);
  });
});

describe("the cross-region link prod-ca-central-1 → prod-us-east-1", () => {
  test("is owned by the DMS side, which depends on the peer stack and never the reverse", () => {
    const ids = (id: string) => (app.node.findChild(id) as TerraformStack).dependencies;
    expect(ids("prod-ca-central-1").map((s) => s.node.id)).toContain("prod-us-east-1");
    expect(ids("prod-us-east-1").map((s) => s.node.id)).not.toContain("prod-ca-central-1");
    expect(Object.keys(resourcesOf(prodUs, "aws_vpc_peering_connection"))).toEqual([]);
  });

  test("peers the two VPCs across regions and accepts with the peer account's provider", () => {
    const connection = resource(prodCa, "aws_vpc_peering_connection", "link_prod_us_east_1");
    expect(connection).toMatchObject({ peer_region: "us-east-1", peer_owner_id: "555555555555" });
    const accepter = resource(prodCa, "aws_vpc_peering_connection_accepter", "link_prod_us_east_1_accepter");
    expect(accepter.provider).toBe("aws.peer_prod_us_east_1");
    const peerProvider = prodCa.provider!.aws.find((p) => p.alias === "peer_prod_us_east_1")!;
    expect(peerProvider).toMatchObject({ region: "us-east-1", allowed_account_ids: ["555555555555"] });
  });

  test("routes only between the two database tiers", () => {
    const routes = Object.values(resourcesOf(prodCa, "aws_route")).filter((r) => r.vpc_peering_connection_id);
    expect(routes.map((r) => r.destination_cidr_block).sort()).toEqual([
      "10.0.64.0/21",
      "10.0.72.0/21",
      "10.0.80.0/21",
      "10.1.64.0/21",
      "10.1.72.0/21",
      "10.1.80.0/21",
    ]);
  });

  test("opens the peer's database ACL, through the peer provider, for 3306 and its return path only", () => {
    const peerRules = Object.entries(resourcesOf(prodCa, "aws_network_acl_rule")).filter(([name]) =>
      name.startsWith("link_prod_us_east_1_peer_nacl_"),
    );
    expect(peerRules.length).toBe(6);
    for (const [, rule] of peerRules) {
      expect(rule.provider).toBe("aws.peer_prod_us_east_1");
      expect(String(rule.network_acl_id)).toMatch(/^\$\{data\.terraform_remote_state\./);
      expect(["10.1.64.0/21", "10.1.72.0/21", "10.1.80.0/21"]).toContain(rule.cidr_block);
    }
    const ports = peerRules.map(([, r]) => [r.egress, r.from_port, r.to_port]);
    expect(ports.filter(([egress]) => egress === false).every(([, from, to]) => from === 3306 && to === 3306)).toBe(
      true,
    );
    expect(ports.filter(([egress]) => egress === true).every(([, from, to]) => from === 1024 && to === 65535)).toBe(
      true,
    );
  });
});
