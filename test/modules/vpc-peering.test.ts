import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import { Vpc, type VpcProps } from "../../modules/vpc";
import { databaseLinkFor, VpcPeering, type VpcPeeringProps } from "../../modules/vpc-peering";
import { resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";
import { NaclModel } from "./nacl-flow";

const common = {
  organizationId: "o-a1b2c3d4e5",
  databasePorts: [5432, 3306],
  flowLogs: { type: "s3", bucketArn: "arn:aws:s3:::acme-log-archive" },
} as const;

/**
 * Both regions in one test stack, so the evaluator sees both database ACLs: the local VPC in
 * us-east-1 owns a link that lets the peer's (ca-central-1) DMS reach MariaDB on 3306.
 */
function synthLink(overrides: Partial<VpcPeeringProps> = {}, ports: number[] = [3306]): StackJson {
  return synthModule((s: Construct) => {
    const peerProvider = new AwsProvider(s, "aws_peer", { alias: "peer", region: "ca-central-1" });
    const peerProps: VpcProps = {
      ...common,
      cidr: "10.1.0.0/16",
      region: "ca-central-1",
      namePrefix: "acme-prod-ca-central-1-vpc",
    };
    const peer = new Vpc(s, "peer_vpc", peerProps);
    const local = new Vpc(s, "vpc", {
      ...common,
      cidr: "10.0.0.0/16",
      region: "us-east-1",
      namePrefix: "acme-prod-us-east-1-vpc",
      databaseLinks: [databaseLinkFor("prod_ca_central_1", peer.databaseTier, ports)],
    });
    new VpcPeering(s, "peering", {
      local: local.databaseTier,
      peer: peer.databaseTier,
      peerProvider,
      ports,
      name: "acme-prod-us-east-1-to-prod-ca-central-1",
      ...overrides,
    });
  });
}

const json = synthLink();

describe("VpcPeering resources", () => {
  test("requests a cross-region peering and accepts it with the peer provider", () => {
    expect(resource(json, "aws_vpc_peering_connection", "peering")).toMatchObject({
      vpc_id: "${aws_vpc.vpc.id}",
      peer_vpc_id: "${aws_vpc.peer_vpc.id}",
      peer_region: "ca-central-1",
    });
    expect(resource(json, "aws_vpc_peering_connection", "peering")).not.toHaveProperty("auto_accept");
    expect(resource(json, "aws_vpc_peering_connection_accepter", "peering_accepter")).toMatchObject({
      provider: "aws.peer",
      vpc_peering_connection_id: "${aws_vpc_peering_connection.peering.id}",
      auto_accept: true,
    });
  });

  test("routes only between the two database tiers, each side with its own provider", () => {
    const routes = Object.entries(resourcesOf(json, "aws_route"))
      .filter(([, r]) => r.vpc_peering_connection_id !== undefined)
      .map(([name, r]) => `${name} ${r.provider ?? "default"} ${r.route_table_id} ${r.destination_cidr_block}`)
      .sort();
    expect(routes).toEqual([
      "peering_local_database_routes_to_a default ${aws_route_table.vpc_database_routes.id} 10.1.64.0/21",
      "peering_local_database_routes_to_b default ${aws_route_table.vpc_database_routes.id} 10.1.72.0/21",
      "peering_local_database_routes_to_c default ${aws_route_table.vpc_database_routes.id} 10.1.80.0/21",
      "peering_peer_database_routes_to_a aws.peer ${aws_route_table.peer_vpc_database_routes.id} 10.0.64.0/21",
      "peering_peer_database_routes_to_b aws.peer ${aws_route_table.peer_vpc_database_routes.id} 10.0.72.0/21",
      "peering_peer_database_routes_to_c aws.peer ${aws_route_table.peer_vpc_database_routes.id} 10.0.80.0/21",
    ]);
  });

  test("adds to the peer database ACL only the link's port out and its return path in", () => {
    const rules = Object.entries(resourcesOf(json, "aws_network_acl_rule"))
      .filter(([name]) => name.startsWith("peering_"))
      .map(
        ([name, r]) =>
          `${name} ${r.provider} ${r.network_acl_id} ${r.egress ? "out" : "in"} ${r.protocol} ${r.from_port}-${r.to_port} ${r.cidr_block}`,
      )
      .sort();
    const acl = "${aws_network_acl.peer_vpc_database_nacl.id}";
    expect(rules).toEqual([
      `peering_peer_nacl_in_300 aws.peer ${acl} in tcp 1024-65535 10.0.64.0/21`,
      `peering_peer_nacl_in_301 aws.peer ${acl} in tcp 1024-65535 10.0.72.0/21`,
      `peering_peer_nacl_in_302 aws.peer ${acl} in tcp 1024-65535 10.0.80.0/21`,
      `peering_peer_nacl_out_310 aws.peer ${acl} out tcp 3306-3306 10.0.64.0/21`,
      `peering_peer_nacl_out_311 aws.peer ${acl} out tcp 3306-3306 10.0.72.0/21`,
      `peering_peer_nacl_out_312 aws.peer ${acl} out tcp 3306-3306 10.0.80.0/21`,
    ]);
  });
});

describe("VpcPeering validation", () => {
  test("reports peers in the same region", () => {
    expect(() =>
      synthModule((s) => {
        const provider = new AwsProvider(s, "aws_peer", { alias: "peer", region: "us-east-1" });
        const tier = {
          vpcId: "vpc-1",
          cidr: "10.0.0.0/16",
          region: "us-east-1",
          subnetCidrs: {},
          routeTableIds: {},
          networkAclId: "acl-1",
          securityGroupId: "sg-1",
        };
        new VpcPeering(s, "peering", {
          local: tier,
          peer: { ...tier, cidr: "10.0.128.0/17" },
          peerProvider: provider,
          ports: [70000],
          name: "x",
        });
      }),
    ).toThrow(
      /\[test\/peering\] ports\[0\]: 70000 is not a TCP port[\s\S]*peer\.cidr: 10\.0\.128\.0\/17 overlaps local\.cidr 10\.0\.0\.0\/16[\s\S]*peer\.region: us-east-1 is the local region/,
    );
  });

  test("reports peer rule numbers that leave the ACL's range, with the peer_nacl path", () => {
    expect(() => synthLink({ peerRuleNumberBase: 32760 })).toThrow(
      /peer_nacl\.outbound\[0\]\.number: 32770 is outside 1-32766/,
    );
  });
});

describe("flows across the link (both regions' synthesized ACLs)", () => {
  const net = new NaclModel(json);
  const peerDms = "10.1.64.5"; // peer database a
  const peerNode = "10.1.17.5"; // peer application a
  const localDb = "10.0.72.5"; // local database b
  const localNode = "10.0.33.5"; // local application b
  const linux: [number, number] = [32768, 60999];

  test("the peer's DMS reaches the local database on the link's port", () => {
    expect(net.tcp(peerDms, localDb, 3306)).toMatchObject({ allowed: true });
  });

  test("the peer's DMS reaches no other port of the local database", () => {
    for (const port of [22, 443, 5432, 8080, 40000])
      expect(net.tcp(peerDms, localDb, port)).toMatchObject({ possible: false });
  });

  test("the peer's DMS reaches no other local tier", () => {
    for (const port of [3306, 443, 8080]) {
      expect(net.tcp(peerDms, localNode, port)).toMatchObject({ possible: false });
      expect(net.tcp(peerDms, "10.0.1.10", port)).toMatchObject({ possible: false });
    }
  });

  test("other peer tiers cannot use the link", () => {
    expect(net.tcp(peerNode, localDb, 3306)).toMatchObject({ possible: false });
  });

  test("the link is one way: the local database cannot open connections into the peer's", () => {
    for (const port of [3306, 5432, 40000])
      expect(net.tcp(localDb, peerDms, port, linux)).toMatchObject({ possible: false });
  });

  test("each side's application tier still reaches its own database", () => {
    expect(net.tcp(localNode, localDb, 3306)).toMatchObject({ allowed: true });
    expect(net.tcp(peerNode, peerDms, 5432)).toMatchObject({ allowed: true });
  });
});

describe("a link whose owner connects (DMS in the owner reads the peer's MariaDB)", () => {
  /** The default organization's layout: prod-ca-central-1 owns the link and reads prod-us-east-1:3306. */
  const connecting = synthModule((s: Construct) => {
    const peerProvider = new AwsProvider(s, "aws_peer", { alias: "peer", region: "us-east-1" });
    const source = new Vpc(s, "peer_vpc", {
      ...common,
      cidr: "10.0.0.0/16",
      region: "us-east-1",
      namePrefix: "acme-prod-us-east-1-vpc",
    });
    const owner = new Vpc(s, "vpc", {
      ...common,
      cidr: "10.1.0.0/16",
      region: "ca-central-1",
      namePrefix: "acme-prod-ca-central-1-vpc",
      databaseLinks: [databaseLinkFor("prod_us_east_1", source.databaseTier, [3306], "connect")],
    });
    new VpcPeering(s, "peering", {
      local: owner.databaseTier,
      peer: source.databaseTier,
      peerProvider,
      ports: [3306],
      localSide: "connect",
      name: "acme-prod-ca-central-1-to-prod-us-east-1",
    });
  });
  const net = new NaclModel(connecting);
  const dms = "10.1.64.5"; // owner database a
  const sourceDb = "10.0.72.5"; // peer database b

  test("the owner's DMS reaches the peer's MariaDB and nothing else there", () => {
    expect(net.tcp(dms, sourceDb, 3306)).toMatchObject({ allowed: true });
    for (const port of [22, 5432, 40000]) expect(net.tcp(dms, sourceDb, port)).toMatchObject({ possible: false });
  });

  test("the peer cannot open connections into the owner's database tier", () => {
    expect(net.tcp(sourceDb, dms, 3306, [32768, 60999])).toMatchObject({ possible: false });
  });

  test("the peer's database security group admits the owner's database subnets on 3306 only, with the peer provider", () => {
    const rules = Object.entries(resourcesOf(connecting, "aws_vpc_security_group_ingress_rule")).filter(([name]) =>
      name.startsWith("peering_peer_database_sg_in_"),
    );
    expect(rules.map(([name]) => name).sort()).toEqual([
      "peering_peer_database_sg_in_3306_from_a",
      "peering_peer_database_sg_in_3306_from_b",
      "peering_peer_database_sg_in_3306_from_c",
    ]);
    for (const [, rule] of rules) {
      expect(rule).toMatchObject({ provider: "aws.peer", from_port: 3306, to_port: 3306, ip_protocol: "tcp" });
    }
    expect(rules.map(([, rule]) => rule.cidr_ipv4).sort()).toEqual(["10.1.64.0/21", "10.1.72.0/21", "10.1.80.0/21"]);
  });

  test("the owner's own security group is not opened to the peer", () => {
    const opened = Object.keys(resourcesOf(connecting, "aws_vpc_security_group_ingress_rule")).filter((name) =>
      name.startsWith("vpc_database_sg_in_3306_from_prod_us_east_1"),
    );
    expect(opened).toEqual([]);
  });
});
