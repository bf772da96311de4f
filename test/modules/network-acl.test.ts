import {
  naclRuleIssues,
  referenceApplicationRules,
  referenceDatabaseRules,
  referencePublicRules,
  TierNetworkAcl,
  Traffic,
  type NaclRule,
  type TierNetworkAclProps,
  type TierRules,
} from "../../modules/network-acl";
import { resource, resourcesOf, synthModule } from "../helpers/synth";

const base: TierNetworkAclProps = { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0"] };
const pg100: NaclRule = { number: 100, traffic: Traffic.tcp(5432), cidr: "10.0.16.0/20" };

const synthAcl = (props: Partial<TierNetworkAclProps>) =>
  synthModule((s) => new TierNetworkAcl(s, "db_nacl", { ...base, ...props }));
const rulesOf = (props: Partial<TierNetworkAclProps>) => resourcesOf(synthAcl(props), "aws_network_acl_rule");

/** `in 100 allow tcp 5432 10.0.16.0/20`: one line per rule, in evaluation order. */
function table(rules: TierRules): string[] {
  const line = (dir: string) => (r: NaclRule) =>
    `${dir} ${r.number} ${r.action ?? "allow"} ${r.traffic.toString()} ${r.cidr}`;
  const sorted = (list: NaclRule[]) => [...list].sort((a, b) => a.number - b.number);
  return [...sorted(rules.inbound).map(line("in")), ...sorted(rules.outbound).map(line("out"))];
}

describe("Traffic", () => {
  test("renders the protocol and port range of each factory", () => {
    expect([Traffic.all(), Traffic.tcp(443), Traffic.tcpRange(1024, 2048), Traffic.ephemeralTcp()].map(String)).toEqual(
      ["all", "tcp 443", "tcp 1024-2048", "tcp 1024-65535"],
    );
    expect(Traffic.all()).toMatchObject({ protocol: "-1", fromPort: 0, toPort: 0 });
  });
});

describe("TierNetworkAcl", () => {
  test("creates one ACL for the tier's subnets", () => {
    const acl = resource(synthAcl({}), "aws_network_acl", "db_nacl");
    expect(acl.subnet_ids).toEqual(["subnet-0123456789abcdef0"]);
    expect(acl.vpc_id).toBe("vpc-0123456789abcdef0");
    expect(acl).not.toHaveProperty("ingress");
    expect(acl).not.toHaveProperty("egress");
  });

  test("addresses each rule by direction and number, never by position", () => {
    const rules = rulesOf({
      inbound: [pg100, { number: 90, traffic: Traffic.all(), cidr: "10.0.1.0/24", action: "deny" }],
      outbound: [{ number: 110, traffic: Traffic.ephemeralTcp(), cidr: "10.0.16.0/20" }],
    });
    expect(Object.keys(rules).sort()).toEqual(["db_nacl_in_100", "db_nacl_in_90", "db_nacl_out_110"]);
  });

  test("renders each rule's fields exactly", () => {
    const rules = rulesOf({
      inbound: [pg100, { number: 90, traffic: Traffic.all(), cidr: "10.0.1.0/24", action: "deny" }],
      outbound: [{ number: 110, traffic: Traffic.ephemeralTcp(), cidr: "10.0.16.0/20" }],
    });
    expect(rules.db_nacl_in_100).toEqual({
      network_acl_id: "${aws_network_acl.db_nacl.id}",
      egress: false,
      rule_number: 100,
      rule_action: "allow",
      protocol: "tcp",
      from_port: 5432,
      to_port: 5432,
      cidr_block: "10.0.16.0/20",
    });
    expect(rules.db_nacl_in_90).toMatchObject({ rule_action: "deny", protocol: "-1", from_port: 0, to_port: 0 });
    expect(rules.db_nacl_out_110).toMatchObject({ egress: true, from_port: 1024, to_port: 65535 });
  });

  test("without rules, the ACL denies everything", () => {
    expect(rulesOf({})).toEqual({});
  });
});

describe("TierNetworkAcl validation", () => {
  test("reports a duplicate rule number with both paths", () => {
    expect(() => rulesOf({ inbound: [pg100, pg100] })).toThrow(
      /\[test\/db_nacl\] inbound\[1\]\.number: 100 is already used by inbound\[0\]/,
    );
  });

  test("the same number in both directions is fine", () => {
    expect(Object.keys(rulesOf({ inbound: [pg100], outbound: [pg100] }))).toHaveLength(2);
  });

  test("reports numbers outside 1-32766", () => {
    const message = () =>
      rulesOf({
        outbound: [
          { ...pg100, number: 0 },
          { ...pg100, number: 32767 },
        ],
      });
    expect(message).toThrow(/outbound\[0\]\.number: 0 is outside 1-32766/);
    expect(message).toThrow(/outbound\[1\]\.number: 32767 is outside 1-32766/);
  });

  test("reports malformed and misaligned CIDRs, offering the fix", () => {
    const message = () =>
      rulesOf({
        inbound: [
          { ...pg100, cidr: "10.0.0.0/33" },
          { ...pg100, number: 101, cidr: "10.0.16.7/20" },
        ],
      });
    expect(message).toThrow(/inbound\[0\]\.cidr: "10\.0\.0\.0\/33" is not an IPv4 CIDR/);
    expect(message).toThrow(
      /inbound\[1\]\.cidr: 10\.0\.16\.7\/20 is not a network address; did you mean 10\.0\.16\.0\/20\?/,
    );
  });

  test("reports reversed and out-of-range port ranges", () => {
    const message = () =>
      rulesOf({
        inbound: [
          { ...pg100, traffic: Traffic.tcpRange(2000, 1000) },
          { ...pg100, number: 101, traffic: Traffic.tcp(70000) },
        ],
      });
    expect(message).toThrow(/inbound\[0\]\.traffic: port range 2000-1000 is invalid/);
    expect(message).toThrow(/inbound\[1\]\.traffic: port range 70000-70000 is invalid/);
  });

  test("reports every problem at once and creates no rule", () => {
    const issues = naclRuleIssues({
      inbound: [pg100, pg100, { ...pg100, number: -1, cidr: "nope" }],
      outbound: [{ ...pg100, traffic: Traffic.tcpRange(5, 1) }],
    });
    expect(issues).toEqual([
      "inbound[1].number: 100 is already used by inbound[0]",
      "inbound[2].number: -1 is outside 1-32766 (32767 is the ACL's default rule)",
      'inbound[2].cidr: "nope" is not an IPv4 CIDR such as 10.0.0.0/16',
      "outbound[0].traffic: port range 5-1 is invalid; ports are 0-65535 and the range must not be reversed",
    ]);
  });

  test("the reference tables are valid", () => {
    const db = referenceDatabaseRules({
      vpcCidr: "10.0.0.0/16",
      applicationSubnetCidrs: ["10.0.16.0/20", "10.0.32.0/20", "10.0.48.0/20"],
      publicSubnetCidrs: ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"],
      databasePorts: [5432, 3306],
      links: [{ peerDatabaseCidrs: ["10.1.64.0/21", "10.1.72.0/21", "10.1.80.0/21"], ports: [3306, 5432] }],
    });
    expect(naclRuleIssues(db)).toEqual([]);
    expect(naclRuleIssues(referencePublicRules({ vpcCidr: "10.0.0.0/16", corporateCidrs: ["192.0.2.0/24"] }))).toEqual(
      [],
    );
    expect(naclRuleIssues(referenceApplicationRules({ vpcCidr: "10.0.0.0/16" }))).toEqual([]);
  });
});

describe("reference rule tables (DESIGN.md)", () => {
  const vpcCidr = "10.0.0.0/16";
  const applicationSubnetCidrs = ["10.0.16.0/20", "10.0.32.0/20", "10.0.48.0/20"];
  const publicSubnetCidrs = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"];

  test("public: web in, ephemeral return, SSH from each corporate range, anything from the VPC", () => {
    expect(table(referencePublicRules({ vpcCidr, corporateCidrs: ["192.0.2.0/24", "198.51.100.0/24"] }))).toEqual([
      "in 100 allow tcp 80 0.0.0.0/0",
      "in 110 allow tcp 443 0.0.0.0/0",
      "in 120 allow tcp 1024-65535 0.0.0.0/0",
      "in 130 allow tcp 22 192.0.2.0/24",
      "in 131 allow tcp 22 198.51.100.0/24",
      "in 140 allow all 10.0.0.0/16",
      "out 100 allow tcp 80 0.0.0.0/0",
      "out 110 allow tcp 443 0.0.0.0/0",
      "out 120 allow tcp 1024-65535 0.0.0.0/0",
      "out 130 allow all 10.0.0.0/16",
    ]);
  });

  test("public without corporate ranges has no SSH rule", () => {
    expect(table(referencePublicRules({ vpcCidr })).filter((line) => line.includes("tcp 22 "))).toEqual([]);
  });

  test("application: the VPC, web out, ephemeral return", () => {
    expect(table(referenceApplicationRules({ vpcCidr }))).toEqual([
      "in 100 allow all 10.0.0.0/16",
      "in 110 allow tcp 1024-65535 0.0.0.0/0",
      "out 100 allow all 10.0.0.0/16",
      "out 110 allow tcp 80 0.0.0.0/0",
      "out 120 allow tcp 443 0.0.0.0/0",
      "out 130 allow tcp 1024-65535 0.0.0.0/0",
    ]);
  });

  test("database: 5432 from each application subnet, the public subnets denied first", () => {
    expect(table(referenceDatabaseRules({ vpcCidr, applicationSubnetCidrs, publicSubnetCidrs }))).toEqual([
      "in 90 deny all 10.0.1.0/24",
      "in 91 deny all 10.0.2.0/24",
      "in 92 deny all 10.0.3.0/24",
      "in 100 allow tcp 5432 10.0.16.0/20",
      "in 101 allow tcp 5432 10.0.32.0/20",
      "in 102 allow tcp 5432 10.0.48.0/20",
      "in 120 allow tcp 1024-65535 10.0.0.0/16",
      "out 100 allow all 10.0.0.0/16",
      "out 110 allow tcp 1024-65535 10.0.16.0/20",
      "out 111 allow tcp 1024-65535 10.0.32.0/20",
      "out 112 allow tcp 1024-65535 10.0.48.0/20",
    ]);
  });

  test("database: 3306 only when MariaDB is present", () => {
    const without = table(referenceDatabaseRules({ vpcCidr, applicationSubnetCidrs, publicSubnetCidrs }));
    const withMariadb = table(
      referenceDatabaseRules({ vpcCidr, applicationSubnetCidrs, publicSubnetCidrs, databasePorts: [5432, 3306] }),
    );
    expect(without.filter((l) => l.includes("3306"))).toEqual([]);
    expect(withMariadb.filter((l) => l.includes("3306"))).toEqual([
      "in 105 allow tcp 3306 10.0.16.0/20",
      "in 106 allow tcp 3306 10.0.32.0/20",
      "in 107 allow tcp 3306 10.0.48.0/20",
    ]);
  });

  test("database: a link admits only its ports from the peer's database subnets, and replies to them", () => {
    const peer = ["10.1.64.0/21", "10.1.72.0/21", "10.1.80.0/21"];
    const rules = referenceDatabaseRules({
      vpcCidr,
      applicationSubnetCidrs,
      publicSubnetCidrs,
      links: [{ peerDatabaseCidrs: peer, ports: [3306] }],
    });
    const peerLines = table(rules).filter((l) => l.includes("10.1."));
    expect(peerLines).toEqual([
      "in 210 allow tcp 3306 10.1.64.0/21",
      "in 211 allow tcp 3306 10.1.72.0/21",
      "in 212 allow tcp 3306 10.1.80.0/21",
      "out 200 allow tcp 1024-65535 10.1.64.0/21",
      "out 201 allow tcp 1024-65535 10.1.72.0/21",
      "out 202 allow tcp 1024-65535 10.1.80.0/21",
    ]);
    expect(table(referenceDatabaseRules({ vpcCidr, applicationSubnetCidrs, publicSubnetCidrs })).join()).not.toContain(
      "10.1.",
    );
  });

  test("the database tier admits nothing from the internet", () => {
    const rules = referenceDatabaseRules({
      vpcCidr,
      applicationSubnetCidrs,
      publicSubnetCidrs,
      databasePorts: [5432, 3306],
      links: [{ peerDatabaseCidrs: ["10.1.64.0/21"], ports: [3306] }],
    });
    expect([...rules.inbound, ...rules.outbound].filter((r) => r.cidr === "0.0.0.0/0")).toEqual([]);
  });
});
