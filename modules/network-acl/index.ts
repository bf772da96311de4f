import { NetworkAcl } from "@cdktf/provider-aws/lib/network-acl";
import { NetworkAclRule } from "@cdktf/provider-aws/lib/network-acl-rule";
import { Token, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { formatCidr, parseCidr } from "./cidr";

/** Protocol and port range of a NACL rule; build it only through the factories. */
export class Traffic {
  /** Every protocol and port. */
  static all(): Traffic {
    return new Traffic("-1", 0, 0);
  }

  /** One TCP port, e.g. `Traffic.tcp(443)`. */
  static tcp(port: number): Traffic {
    return new Traffic("tcp", port, port);
  }

  /** A TCP port range, both ends included. */
  static tcpRange(from: number, to: number): Traffic {
    return new Traffic("tcp", from, to);
  }

  /**
   * Return traffic of TCP connections (1024-65535): NACLs are stateless, so every allowed
   * connection needs its reply allowed to the client's ephemeral port.
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html
   */
  static ephemeralTcp(): Traffic {
    return Traffic.tcpRange(1024, 65535);
  }

  private constructor(
    readonly protocol: "-1" | "tcp",
    readonly fromPort: number,
    readonly toPort: number,
  ) {}

  /** `all`, `tcp 443` or `tcp 1024-65535`, for messages and docs. */
  toString(): string {
    if (this.protocol === "-1") return "all";
    return this.fromPort === this.toPort ? `tcp ${this.fromPort}` : `tcp ${this.fromPort}-${this.toPort}`;
  }
}

export interface NaclRule {
  /** Evaluation order (first match wins) and address suffix (`in_100`); 1-32766. */
  readonly number: number;
  /** What the rule matches, e.g. `Traffic.tcp(5432)`. */
  readonly traffic: Traffic;
  /** IPv4 CIDR the traffic comes from (inbound) or goes to (outbound). */
  readonly cidr: string;
  /** @default "allow" */
  readonly action?: "allow" | "deny";
}

/** The two rule lists of one ACL. */
export interface TierRules {
  readonly inbound: NaclRule[];
  readonly outbound: NaclRule[];
}

export interface TierNetworkAclProps {
  /** VPC that owns the ACL. Changing it replaces the ACL and every rule. */
  readonly vpcId: string;
  /** Subnets of this tier; the ACL replaces their default ACL. */
  readonly subnetIds: string[];
  /**
   * Inbound rules. Anything unmatched is denied.
   * @default [] - deny all inbound
   * @see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
   */
  readonly inbound?: NaclRule[];
  /**
   * Outbound rules. Anything unmatched is denied.
   * @default [] - deny all outbound
   */
  readonly outbound?: NaclRule[];
  /**
   * Tags of the ACL, e.g. its `Name`.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * One network ACL for the subnets of a tier, one `aws_network_acl_rule` per rule, addressed by
 * direction and rule number (`in_100`, `out_130`): inserting a rule never readdresses the others.
 */
export class TierNetworkAcl extends Construct {
  /** For modules that need to reference this ACL (e.g. to add a link's rules). */
  readonly networkAclId: string;

  constructor(scope: Construct, id: string, props: TierNetworkAclProps) {
    super(scope, id);
    const acl = new NetworkAcl(this, "resource", {
      vpcId: props.vpcId,
      subnetIds: props.subnetIds,
      tags: props.tags,
    });
    this.networkAclId = acl.id;
    addNaclRules(this, acl.id, { inbound: props.inbound ?? [], outbound: props.outbound ?? [] });
  }
}

export interface NaclRuleOptions {
  /**
   * Provider of the ACL's region, for rules added to another region's ACL.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Prefix of the rules' construct ids (`peer_` gives `peer_in_300`).
   * @default "" - `in_<number>` / `out_<number>`
   */
  readonly idPrefix?: string;
  /**
   * Prefix of the paths in validation messages.
   * @default "" - `inbound[1].number`
   */
  readonly pathPrefix?: string;
}

/**
 * Adds `rules` to an existing ACL under `scope`, after registering a validation that reports every
 * problem of the rule lists at once. Nothing is created when the lists are invalid.
 */
export function addNaclRules(
  scope: Construct,
  networkAclId: string,
  rules: TierRules,
  options: NaclRuleOptions = {},
): void {
  const issues = naclRuleIssues(rules, options.pathPrefix ?? "");
  scope.node.addValidation({ validate: () => issues });
  if (issues.length > 0) return; // reported at validation time, together with every other issue
  for (const [dir, list] of [
    ["in", rules.inbound],
    ["out", rules.outbound],
  ] as const) {
    for (const rule of list) {
      new NetworkAclRule(scope, `${options.idPrefix ?? ""}${dir}_${rule.number}`, {
        provider: options.provider,
        networkAclId,
        egress: dir === "out",
        ruleNumber: rule.number,
        ruleAction: rule.action ?? "allow",
        protocol: rule.traffic.protocol,
        fromPort: rule.traffic.fromPort,
        toPort: rule.traffic.toPort,
        cidrBlock: rule.cidr,
      });
    }
  }
}

/** Every problem of two rule lists, as `inbound[1].number: ...` messages; empty when valid. */
export function naclRuleIssues(rules: TierRules, pathPrefix = ""): string[] {
  const issues: string[] = [];
  for (const [name, list] of [
    ["inbound", rules.inbound],
    ["outbound", rules.outbound],
  ] as const) {
    const seen = new Map<number, number>();
    list.forEach((rule, index) => {
      const path = `${pathPrefix}${name}[${index}]`;
      if (!Number.isInteger(rule.number) || rule.number < 1 || rule.number > 32766) {
        issues.push(`${path}.number: ${rule.number} is outside 1-32766 (32767 is the ACL's default rule)`);
      } else if (seen.has(rule.number)) {
        issues.push(`${path}.number: ${rule.number} is already used by ${pathPrefix}${name}[${seen.get(rule.number)}]`);
      } else {
        seen.set(rule.number, index);
      }
      const { protocol, fromPort, toPort } = rule.traffic;
      const validPort = (port: number): boolean => Number.isInteger(port) && port >= 0 && port <= 65535;
      if (protocol !== "-1" && (!validPort(fromPort) || !validPort(toPort) || fromPort > toPort)) {
        issues.push(
          `${path}.traffic: port range ${fromPort}-${toPort} is invalid; ports are 0-65535 and the range must not be reversed`,
        );
      }
      if (!Token.isUnresolved(rule.cidr)) {
        const block = parseCidr(rule.cidr);
        if (block === undefined) {
          issues.push(`${path}.cidr: "${rule.cidr}" is not an IPv4 CIDR such as 10.0.0.0/16`);
        } else if (!block.aligned) {
          issues.push(
            `${path}.cidr: ${rule.cidr} is not a network address; did you mean ${formatCidr(block.first, block.prefix)}?`,
          );
        }
      }
    });
  }
  return issues;
}

const ANYWHERE = "0.0.0.0/0";

/** Inputs of the public tier's reference rules. */
export interface PublicRuleInputs {
  /** The VPC's CIDR. */
  readonly vpcCidr: string;
  /**
   * Corporate ranges allowed to SSH (tcp 22) to public hosts, rules 130-139.
   * @default [] - no SSH from anywhere
   */
  readonly corporateCidrs?: readonly string[];
}

/**
 * The public tier of DESIGN.md "Reference network ACLs": web in, return traffic, SSH from the
 * corporate ranges, anything from the VPC. No rule is added (see the README for why).
 */
export function referencePublicRules(inputs: PublicRuleInputs): TierRules {
  const corporate = inputs.corporateCidrs ?? [];
  if (corporate.length > 10)
    throw new Error(`corporateCidrs: at most 10 ranges fit rules 130-139, got ${corporate.length}`);
  return {
    inbound: [
      { number: 100, traffic: Traffic.tcp(80), cidr: ANYWHERE },
      { number: 110, traffic: Traffic.tcp(443), cidr: ANYWHERE },
      { number: 120, traffic: Traffic.ephemeralTcp(), cidr: ANYWHERE },
      ...corporate.map((cidr, i) => ({ number: 130 + i, traffic: Traffic.tcp(22), cidr })),
      { number: 140, traffic: Traffic.all(), cidr: inputs.vpcCidr },
    ],
    outbound: [
      { number: 100, traffic: Traffic.tcp(80), cidr: ANYWHERE },
      { number: 110, traffic: Traffic.tcp(443), cidr: ANYWHERE },
      { number: 120, traffic: Traffic.ephemeralTcp(), cidr: ANYWHERE },
      { number: 130, traffic: Traffic.all(), cidr: inputs.vpcCidr },
    ],
  };
}

/** Inputs of the application tier's reference rules. */
export interface ApplicationRuleInputs {
  /** The VPC's CIDR. */
  readonly vpcCidr: string;
}

/**
 * The private application tier of DESIGN.md: anything within the VPC, web out through NAT and the
 * return traffic of those connections. No rule is added (see the README for why).
 */
export function referenceApplicationRules(inputs: ApplicationRuleInputs): TierRules {
  return {
    inbound: [
      { number: 100, traffic: Traffic.all(), cidr: inputs.vpcCidr },
      { number: 110, traffic: Traffic.ephemeralTcp(), cidr: ANYWHERE },
    ],
    outbound: [
      { number: 100, traffic: Traffic.all(), cidr: inputs.vpcCidr },
      { number: 110, traffic: Traffic.tcp(80), cidr: ANYWHERE },
      { number: 120, traffic: Traffic.tcp(443), cidr: ANYWHERE },
      { number: 130, traffic: Traffic.ephemeralTcp(), cidr: ANYWHERE },
    ],
  };
}

/** A cross-region link of this database tier with a peer region's database subnets. */
export interface DatabaseLinkRules {
  /** CIDRs of the peer region's database subnets, in its AZ order. */
  readonly peerDatabaseCidrs: readonly string[];
  /** TCP ports of the link on the serving side, e.g. `[3306]`. */
  readonly ports: readonly number[];
  /**
   * `serve`: the peer reaches `ports` in this tier; `connect`: this tier reaches `ports` in the peer.
   * @default "serve"
   */
  readonly side?: "serve" | "connect";
  /**
   * First rule number of the link: outbound return rules are `base + subnet`, inbound rules are
   * `base + 10 * (port + 1) + subnet`.
   * @default 200 + 50 * the link's position
   */
  readonly ruleNumberBase?: number;
}

/** Inputs of the database tier's reference rules. */
export interface DatabaseRuleInputs {
  /** The VPC's CIDR. */
  readonly vpcCidr: string;
  /** The application subnets, in AZ order: the only sources of database connections. */
  readonly applicationSubnetCidrs: readonly string[];
  /** The public subnets, in AZ order: denied explicitly (rules 90-99), see the README. */
  readonly publicSubnetCidrs: readonly string[];
  /**
   * Database ports the application subnets may reach: the first at 100+AZ, the next ones at
   * 105+AZ, 110+AZ, 115+AZ (at most 4 ports).
   * @default [5432] - add 3306 only where MariaDB runs
   */
  readonly databasePorts?: readonly number[];
  /**
   * Cross-region links whose peer database subnets reach this tier.
   * @default [] - no link
   */
  readonly links?: readonly DatabaseLinkRules[];
}

/**
 * The private database tier of DESIGN.md, plus one deny per public subnet (rules 90+) that the
 * reference tables need: without it, `in 120 tcp 1024-65535 from the VPC CIDR` admits the public
 * tier to 5432 and 3306. Link rules admit only the link's ports from the peer's database subnets.
 */
export function referenceDatabaseRules(inputs: DatabaseRuleInputs): TierRules {
  const ports = inputs.databasePorts ?? [5432];
  if (ports.length < 1 || ports.length > 4)
    throw new Error(`databasePorts: 1-4 ports fit rules 100-119, got ${ports.length}`);
  if (inputs.applicationSubnetCidrs.length > 5 || inputs.publicSubnetCidrs.length > 10) {
    throw new Error("at most 5 application and 10 public subnets fit the database tier's rule numbers");
  }
  const inbound: NaclRule[] = [
    ...inputs.publicSubnetCidrs.map((cidr, az) => ({
      number: 90 + az,
      traffic: Traffic.all(),
      cidr,
      action: "deny" as const,
    })),
    ...ports.flatMap((port, p) =>
      inputs.applicationSubnetCidrs.map((cidr, az) => ({ number: 100 + 5 * p + az, traffic: Traffic.tcp(port), cidr })),
    ),
    { number: 120, traffic: Traffic.ephemeralTcp(), cidr: inputs.vpcCidr },
  ];
  const outbound: NaclRule[] = [
    { number: 100, traffic: Traffic.all(), cidr: inputs.vpcCidr },
    ...inputs.applicationSubnetCidrs.map((cidr, az) => ({ number: 110 + az, traffic: Traffic.ephemeralTcp(), cidr })),
  ];
  (inputs.links ?? []).forEach((link, l) => {
    const rules = linkRules(link, link.ruleNumberBase ?? 200 + 50 * l, link.side ?? "serve");
    inbound.push(...rules.inbound);
    outbound.push(...rules.outbound);
  });
  return { inbound, outbound };
}

/**
 * The rules of one link on one side. `serve`: the side whose database is reached (ports in from the
 * peer, ephemeral return out). `connect`: the peer's side (ports out, ephemeral return in).
 */
export function linkRules(
  link: { readonly peerDatabaseCidrs: readonly string[]; readonly ports: readonly number[] },
  base: number,
  side: "serve" | "connect",
): TierRules {
  if (link.ports.length > 4 || link.peerDatabaseCidrs.length > 10) {
    throw new Error("a link fits at most 4 ports and 10 peer subnets in its 50 rule numbers");
  }
  const portRules = link.ports.flatMap((port, p) =>
    link.peerDatabaseCidrs.map((cidr, s) => ({ number: base + 10 * (p + 1) + s, traffic: Traffic.tcp(port), cidr })),
  );
  const returnRules = link.peerDatabaseCidrs.map((cidr, s) => ({
    number: base + s,
    traffic: Traffic.ephemeralTcp(),
    cidr,
  }));
  return side === "serve"
    ? { inbound: portRules, outbound: returnRules }
    : { inbound: returnRules, outbound: portRules };
}
