import { defaultAvailabilityZoneIds } from "../../modules/vpc/availability-zones";
import { AZ_LETTERS, referenceSubnetCidrs, TIERS, type Tier } from "../../modules/vpc/layout";
import type { NetworkConfig, Organization } from "../config/schema";
import { stackTargets, type StackTarget } from "../config/topology";
import { Flowchart } from "./mermaid";

/** One subnet: its AZ ID (`use1-az1`) and CIDR. */
export interface SubnetCidr {
  readonly availabilityZone: string;
  readonly cidr: string;
}

/**
 * The subnets of a VPC per tier, in AZ order: `network.subnets` where given, else the reference
 * layout of modules/vpc (public x.x.1-3.0/24, application x.x.16/32/48.0/20, database x.x.64/72/80.0/21).
 */
export function subnetCidrs(network: NetworkConfig, region: string): Record<Tier, SubnetCidr[]> {
  const letters = AZ_LETTERS.slice(0, network.availabilityZones);
  const reference = referenceSubnetCidrs(network.cidr, letters.length);
  const zoneIds = network.availabilityZoneIds ?? defaultAvailabilityZoneIds(region) ?? [];
  return Object.fromEntries(
    TIERS.map((tier) => [
      tier,
      letters.map((letter, i) => ({
        availabilityZone: zoneIds[i] ?? `${region} zone ${letter}`,
        cidr: network.subnets?.[tier][letter] ?? reference[tier][i],
      })),
    ]),
  ) as Record<Tier, SubnetCidr[]>;
}

/** A database-tier link of a VPC, seen from either side. */
interface VpcLink {
  readonly peer: StackTarget;
  readonly ports: readonly number[];
  readonly owner: string;
}

function linksOf(target: StackTarget, targets: readonly StackTarget[]): VpcLink[] {
  const byId = new Map(targets.map((t) => [t.stackId, t]));
  const owned = Object.entries(target.settings.network?.peers ?? {}).flatMap(([peer, link]) => {
    const found = byId.get(peer);
    return found?.settings.network ? [{ peer: found, ports: link.ports, owner: target.stackId }] : [];
  });
  const declaredByPeers = targets.flatMap((other) => {
    const link = other.settings.network?.peers[target.stackId];
    return link === undefined || other === target ? [] : [{ peer: other, ports: link.ports, owner: other.stackId }];
  });
  return [...owned, ...declaredByPeers];
}

const TIER_TITLES: Record<Tier, string> = {
  public: "public tier",
  application: "application tier",
  database: "database tier",
};

function tierHosts(target: StackTarget, tier: Tier): string {
  const { databases, cluster, referenceSync } = target.settings;
  if (tier === "public") return "load balancers, NAT gateways";
  if (tier === "application") return cluster ? "EKS nodes and pods" : "private workloads";
  const hosts = [
    ...(databases?.postgres ? ["PostgreSQL"] : []),
    ...(databases?.mariadb ? ["MariaDB"] : []),
    ...(referenceSync ? ["DMS"] : []),
  ];
  return `${hosts.length > 0 ? hosts.join(", ") : "databases"}, no internet route`;
}

/**
 * One account-region's VPC: the CIDR, a subgraph per tier with a node per subnet, the internet
 * gateway and NAT paths, and the database-tier links to other regions.
 */
export function vpcChart(org: Organization, target: StackTarget): Flowchart {
  const network = target.settings.network!;
  const subnets = subnetCidrs(network, target.region);
  const nat = network.natGateways ?? (target.account.environment === "prod" ? "perAz" : "single");
  const chart = new Flowchart("TB");
  chart.node("internet", "internet", "circle");
  chart.subgraph("vpc", `VPC ${network.cidr} · ${target.stackId} · ${network.availabilityZones} AZs`, () => {
    for (const tier of TIERS) {
      chart.subgraph(
        `tier:${tier}`,
        `${TIER_TITLES[tier]}: ${tierHosts(target, tier)}`,
        () => {
          for (const subnet of subnets[tier]) {
            chart.node(`subnet:${tier}:${subnet.availabilityZone}`, [subnet.availabilityZone, subnet.cidr]);
          }
        },
        "LR",
      );
    }
  });
  chart.link("internet", "tier:public", { arrow: "both", label: "internet gateway" });
  chart.link("tier:application", "tier:public", {
    label: nat === "perAz" ? "egress via a NAT gateway per AZ" : "egress via one NAT gateway",
  });
  for (const link of linksOf(target, stackTargets(org))) {
    const peerNetwork = link.peer.settings.network!;
    const databaseSubnets = subnetCidrs(peerNetwork, link.peer.region).database.map((subnet) => subnet.cidr);
    chart.node(`peer:${link.peer.stackId}`, [
      `${link.peer.stackId} database tier`,
      `VPC ${peerNetwork.cidr}`,
      databaseSubnets.join(", "),
    ]);
    chart.link("tier:database", `peer:${link.peer.stackId}`, {
      arrow: "both",
      label: [`VPC peering, tcp ${link.ports.join(", ")}`, `declared by ${link.owner}`],
    });
  }
  return chart;
}

/** The account-regions with a VPC, in config order. */
export function vpcTargets(org: Organization): StackTarget[] {
  return stackTargets(org).filter((target) => target.settings.network !== undefined);
}
