import { defaultAvailabilityZoneIds } from "../../../modules/vpc/availability-zones";
import { AZ_LETTERS, referenceSubnetCidrs, TIERS, type Tier } from "../../../modules/vpc/layout";
import { stackTargets, type StackTarget } from "../../config/topology";
import { Flowchart, mermaidBlock } from "../../diagram/mermaid";
import type { CrossRegionLink, Diagram, DiagramFacts, LinkEnd } from "../../diagram/types";
import type { NetworkConfig, NetworkOrganization } from "./schema";

type Target = StackTarget<NetworkOrganization>;

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
  readonly peer: Target;
  readonly ports: readonly number[];
  readonly owner: string;
}

function linksOf(target: Target, targets: readonly Target[]): VpcLink[] {
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

/** A tier's subgraph title: what runs there, from every capability, or what the tier is for. */
function tierTitle(hosts: readonly string[], tier: Tier): string {
  const listed = hosts.join(", ");
  if (tier === "public") return listed;
  if (tier === "application") return listed || "private workloads";
  return `${listed || "databases"}, no internet route`;
}

/**
 * One account-region's VPC: the CIDR, a subgraph per tier with a node per subnet, the internet
 * gateway and NAT paths, and the database-tier links to other regions.
 */
export function vpcChart(
  org: NetworkOrganization,
  target: Target,
  facts: DiagramFacts<NetworkOrganization>,
): Flowchart {
  const network = target.settings.network!;
  const subnets = subnetCidrs(network, target.region);
  const nat = network.natGateways ?? (target.account.environment === "prod" ? "perAz" : "single");
  const chart = new Flowchart("TB");
  chart.node("internet", "internet", "circle");
  chart.subgraph("vpc", `VPC ${network.cidr} · ${target.stackId} · ${network.availabilityZones} AZs`, () => {
    for (const tier of TIERS) {
      chart.subgraph(
        `tier:${tier}`,
        `${TIER_TITLES[tier]}: ${tierTitle(facts.tierHosts(target, tier), tier)}`,
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
function vpcTargets(org: NetworkOrganization): Target[] {
  return stackTargets(org).filter((target) => target.settings.network !== undefined);
}

/** Each link a stack owns, from the owner: VPC peering between the database tiers. */
function peeringLinks(org: NetworkOrganization, stackEnd: (stackId: string) => LinkEnd | undefined): CrossRegionLink[] {
  return stackTargets(org).flatMap((target) =>
    Object.entries(target.settings.network?.peers ?? {}).flatMap(([peer, link]) => {
      const to = stackEnd(peer);
      if (to === undefined || peer === target.stackId) return [];
      const ports = link.ports.join(", ");
      return [
        {
          style: "both" as const,
          from: stackEnd(target.stackId)!,
          to,
          label: ["VPC peering", `tcp ${ports}`],
          text: `\`${target.stackId}\` ↔ \`${peer}\`: VPC peering between the database tiers, tcp ${ports}, declared by \`${target.stackId}\``,
        },
      ];
    }),
  );
}

/** The network's part of docs/architecture.md: the VPC of each stack, its own section, and the peering links. */
export const networkDiagram: Diagram<NetworkOrganization> = {
  holdings: (target) => (target.settings.network ? [`VPC ${target.settings.network.cidr}`] : []),
  tierHosts: (_target, tier) => (tier === "public" ? ["load balancers, NAT gateways"] : []),
  links: peeringLinks,
  sections: (org, facts) => [
    "## VPCs",
    vpcTargets(org).length === 0
      ? "No account-region has a network."
      : "Each VPC with its tiers and subnets per availability zone: `network.subnets` where the config gives " +
        "them, the reference layout otherwise. Only the public tier reaches the internet directly; the " +
        "database tier has no internet route and reaches other regions only over its peering links.",
    ...vpcTargets(org).flatMap((target) => [
      `### \`${target.stackId}\`: ${target.settings.network!.cidr}`,
      mermaidBlock(vpcChart(org, target, facts)),
    ]),
  ],
};
