/**
 * A small stateless network ACL evaluator over SYNTHESIZED Terraform JSON: subnets
 * (`aws_subnet.cidr_block`), their ACLs (`aws_network_acl.subnet_ids`) and the rules
 * (`aws_network_acl_rule`). First match by rule number wins, anything unmatched is denied, a subnet
 * without a tier ACL has the emptied default ACL (deny all), an address in no subnet (the internet,
 * an unsynthesized VPC) has no ACL. Packets within one subnet are not evaluated, as in AWS.
 *
 * A TCP connection from A to B:port works only if A's ACL lets it out, B's lets it in, B's lets the
 * reply out to A's ephemeral port and A's lets that reply in. Replies are checked over the whole
 * client port range: `allowed` means every client port works, `possible` that at least one does.
 */
import type { StackJson } from "../helpers/synth";

type Range = readonly [number, number];

interface Block {
  readonly first: number;
  readonly last: number;
}

interface Entry {
  readonly name: string;
  readonly number: number;
  readonly egress: boolean;
  readonly action: "allow" | "deny";
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
  readonly block: Block;
}

interface SubnetInfo {
  readonly name: string;
  readonly block: Block;
  /** Rules of the subnet's ACL, sorted by number; empty for the default ACL. */
  readonly entries: readonly Entry[];
  readonly acl: string;
}

/** The ephemeral range AWS recommends ACLs allow: NAT gateways and ELBs use all of it. */
export const EPHEMERAL: Range = [1024, 65535];

export interface FlowResult {
  /** Every client (and NAT) port works. */
  readonly allowed: boolean;
  /** At least one client port works. */
  readonly possible: boolean;
  /** Which leg failed, for test messages. */
  readonly why: string;
}

export function ipToInt(ip: string): number {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
    throw new Error(`bad IP ${ip}`);
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

export function cidrToBlock(cidr: string): Block {
  const [ip, prefix] = cidr.split("/");
  const size = 2 ** (32 - Number(prefix));
  const first = ipToInt(ip) - (ipToInt(ip) % size);
  return { first, last: first + size - 1 };
}

/** `${aws_subnet.vpc_public_a.id}` -> `vpc_public_a` */
function refName(ref: unknown, type: string): string {
  const match = new RegExp(`^\\$\\{${type}\\.([a-z0-9_]+)\\.id\\}$`).exec(String(ref));
  if (!match) throw new Error(`expected a reference to ${type}, got ${String(ref)}`);
  return match[1];
}

function protocolMatches(ruleProtocol: string, protocol: string): boolean {
  if (ruleProtocol === "-1" || ruleProtocol === "all") return true;
  const number = { tcp: "6", udp: "17", icmp: "1" }[ruleProtocol] ?? ruleProtocol;
  const wanted = { tcp: "6", udp: "17", icmp: "1" }[protocol] ?? protocol;
  return number === wanted;
}

export class NaclModel {
  private readonly subnets: SubnetInfo[];

  /** Builds the model from one or more synthesized stacks (e.g. both regions of a link). */
  constructor(...stacks: StackJson[]) {
    const subnetCidr = new Map<string, string>();
    const subnetAcl = new Map<string, string>();
    const rules = new Map<string, Entry[]>();
    for (const json of stacks) {
      for (const [name, subnet] of Object.entries(json.resource?.aws_subnet ?? {})) {
        subnetCidr.set(name, String(subnet.cidr_block));
      }
      for (const [name, acl] of Object.entries(json.resource?.aws_network_acl ?? {})) {
        for (const ref of (acl.subnet_ids as unknown[] | undefined) ?? []) {
          const subnet = refName(ref, "aws_subnet");
          if (subnetAcl.has(subnet)) throw new Error(`subnet ${subnet} is in two ACLs`);
          subnetAcl.set(subnet, name);
        }
      }
      for (const [name, rule] of Object.entries(json.resource?.aws_network_acl_rule ?? {})) {
        const acl = refName(rule.network_acl_id, "aws_network_acl");
        const list = rules.get(acl) ?? [];
        list.push({
          name,
          number: Number(rule.rule_number),
          egress: rule.egress === true,
          action: rule.rule_action as "allow" | "deny",
          protocol: String(rule.protocol),
          from: Number(rule.from_port ?? 0),
          to: Number(rule.to_port ?? 0),
          block: cidrToBlock(String(rule.cidr_block)),
        });
        rules.set(acl, list);
      }
    }
    for (const [acl, list] of rules) {
      for (const egress of [true, false]) {
        const numbers = list.filter((e) => e.egress === egress).map((e) => e.number);
        if (new Set(numbers).size !== numbers.length) throw new Error(`${acl} has duplicate rule numbers`);
      }
    }
    this.subnets = [...subnetCidr].map(([name, cidr]) => {
      const acl = subnetAcl.get(name) ?? "(default)";
      return {
        name,
        block: cidrToBlock(cidr),
        acl,
        entries: [...(rules.get(acl) ?? [])].sort((a, b) => a.number - b.number),
      };
    });
  }

  /** The subnet holding an address, or undefined outside every synthesized subnet. */
  subnetOf(ip: string): SubnetInfo | undefined {
    const address = ipToInt(ip);
    return this.subnets.find((s) => s.block.first <= address && address <= s.block.last);
  }

  /** The ports of `ports` that one ACL direction allows for `protocol` with peer address `peer`. */
  allowedPorts(subnet: SubnetInfo, egress: boolean, peer: string, protocol: string, ports: Range): Range[] {
    const address = ipToInt(peer);
    const rules = subnet.entries.filter(
      (e) =>
        e.egress === egress &&
        e.block.first <= address &&
        address <= e.block.last &&
        protocolMatches(e.protocol, protocol),
    );
    // The decision is constant between rule boundaries: evaluate each segment once.
    const cuts = new Set<number>([ports[0], ports[1] + 1]);
    for (const rule of rules) {
      if (rule.protocol === "-1") continue;
      for (const cut of [rule.from, rule.to + 1]) if (cut > ports[0] && cut <= ports[1]) cuts.add(cut);
    }
    const sorted = [...cuts].sort((a, b) => a - b);
    const allowed: Range[] = [];
    for (let i = 0; i + 1 < sorted.length; i++) {
      const port = sorted[i];
      const match = rules.find((r) => r.protocol === "-1" || (r.from <= port && port <= r.to));
      if (match?.action === "allow") allowed.push([port, sorted[i + 1] - 1]);
    }
    return allowed;
  }

  /**
   * Ports of `ports` on which a packet with header `src -> dst` passes, travelling physically from
   * `fromIp`'s subnet to `toIp`'s (they differ from the header when a NAT gateway forwards it).
   */
  crossing(
    header: { src: string; dst: string; protocol: string; ports: Range },
    fromIp: string,
    toIp: string,
  ): Range[] {
    const from = this.subnetOf(fromIp);
    const to = this.subnetOf(toIp);
    let allowed: Range[] = [header.ports];
    if (from !== undefined && to !== undefined && from.name === to.name) return allowed;
    if (from !== undefined)
      allowed = intersect(allowed, this.allowedPorts(from, true, header.dst, header.protocol, header.ports));
    if (to !== undefined)
      allowed = intersect(allowed, this.allowedPorts(to, false, header.src, header.protocol, header.ports));
    return allowed;
  }

  /** A TCP connection from `client` to `server:port`, replies to every client port in `clientPorts`. */
  tcp(client: string, server: string, port: number, clientPorts: Range = EPHEMERAL): FlowResult {
    const forward = this.crossing({ src: client, dst: server, protocol: "tcp", ports: [port, port] }, client, server);
    const reply = this.crossing({ src: server, dst: client, protocol: "tcp", ports: clientPorts }, server, client);
    return result([
      ["request", forward, [port, port]],
      ["reply", reply, clientPorts],
    ]);
  }

  /** A TCP connection from `client` through the NAT gateway at `nat` to `server:port`. */
  tcpViaNat(client: string, nat: string, server: string, port: number, clientPorts: Range = EPHEMERAL): FlowResult {
    const single: Range = [port, port];
    return result([
      [
        "client to NAT",
        this.crossing({ src: client, dst: server, protocol: "tcp", ports: single }, client, nat),
        single,
      ],
      ["NAT to server", this.crossing({ src: nat, dst: server, protocol: "tcp", ports: single }, nat, server), single],
      [
        "reply to NAT",
        this.crossing({ src: server, dst: nat, protocol: "tcp", ports: EPHEMERAL }, server, nat),
        EPHEMERAL,
      ],
      [
        "reply to client",
        this.crossing({ src: server, dst: client, protocol: "tcp", ports: clientPorts }, nat, client),
        clientPorts,
      ],
    ]);
  }
}

function intersect(a: readonly Range[], b: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (const x of a) {
    for (const y of b) {
      const lo = Math.max(x[0], y[0]);
      const hi = Math.min(x[1], y[1]);
      if (lo <= hi) out.push([lo, hi]);
    }
  }
  return out;
}

function covers(ranges: readonly Range[], wanted: Range): boolean {
  const total = ranges.reduce((sum, [lo, hi]) => sum + hi - lo + 1, 0);
  return total === wanted[1] - wanted[0] + 1; // ranges come from disjoint segments of `wanted`
}

function result(legs: [string, Range[], Range][]): FlowResult {
  const allowed = legs.every(([, ranges, wanted]) => covers(ranges, wanted));
  const possible = legs.every(([, ranges]) => ranges.length > 0);
  const failed = legs.filter(([, ranges, wanted]) => !covers(ranges, wanted)).map(([name]) => name);
  return { allowed, possible, why: failed.length === 0 ? "allowed" : `blocked at: ${failed.join(", ")}` };
}
