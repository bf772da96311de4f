import type { Organization } from "../config/schema";
import { stackTargets } from "../config/topology";
import { registryTableName, stackId } from "../naming";
import { Flowchart, type Arrow } from "./mermaid";
import { colourByZone, defineZoneClasses, residencyZones } from "./zones";

/** An end of a cross-region link: a stack, or a registry replica. */
export interface LinkEnd {
  /** Chart key: `stack:<id>` or `registry:<region>`. */
  readonly key: string;
  readonly region: string;
  readonly lines: readonly string[];
  readonly shape: "box" | "cylinder";
}

export interface CrossRegionLink {
  readonly kind: "peering" | "dms" | "registry" | "replica";
  readonly from: LinkEnd;
  readonly to: LinkEnd;
  /** Label lines on the diagram. */
  readonly label: readonly string[];
  /** The same link as a Markdown list item (without the leading dash). */
  readonly text: string;
}

const ARROW: Record<CrossRegionLink["kind"], Arrow> = {
  peering: "both",
  dms: "solid",
  registry: "thick",
  replica: "solid",
};

/** Label lines listing items two by two, so a long table list stays readable. */
function pairs(items: readonly string[]): string[] {
  return items.flatMap((_item, i) => (i % 2 === 0 ? [items.slice(i, i + 2).join(", ")] : []));
}

/**
 * Every link that crosses a region, in config order: network peers (from the owner), the DMS
 * reference sync (source → target), the registry's replication (owner → each replica region) and
 * RDS disaster-recovery replicas (primary → replica region).
 */
export function crossRegionLinks(org: Organization): CrossRegionLink[] {
  const targets = stackTargets(org);
  const byId = new Map(targets.map((t) => [t.stackId, t]));
  const stackEnd = (id: string): LinkEnd | undefined => {
    const target = byId.get(id);
    return target === undefined
      ? undefined
      : {
          key: `stack:${id}`,
          region: target.region,
          lines: [id, ...(target.settings.network ? [`VPC ${target.settings.network.cidr}`] : [])],
          shape: "box",
        };
  };
  const zoneOf = (region: string) => org.regions[region]?.residency ?? "none";
  const links: CrossRegionLink[] = [];
  const add = (kind: CrossRegionLink["kind"], from: LinkEnd, to: LinkEnd, label: string[], text: string) =>
    links.push({
      kind,
      from,
      to,
      label,
      text: `${text} (zone ${zoneOf(from.region)} ${kind === "peering" ? "↔" : "→"} ${zoneOf(to.region)})`,
    });

  for (const target of targets) {
    const owner = stackEnd(target.stackId)!;
    for (const [peer, link] of Object.entries(target.settings.network?.peers ?? {})) {
      const to = stackEnd(peer);
      if (to === undefined || peer === target.stackId) continue;
      const ports = link.ports.join(", ");
      add(
        "peering",
        owner,
        to,
        ["VPC peering", `tcp ${ports}`],
        `\`${target.stackId}\` ↔ \`${peer}\`: VPC peering between the database tiers, tcp ${ports}, declared by \`${target.stackId}\``,
      );
    }
  }
  for (const target of targets) {
    const sync = target.settings.referenceSync;
    const from = sync === undefined ? undefined : stackEnd(sync.source);
    if (sync === undefined || from === undefined || sync.source === target.stackId) continue;
    add(
      "dms",
      from,
      stackEnd(target.stackId)!,
      ["DMS reference sync", ...pairs(sync.tables)],
      `\`${sync.source}\` → \`${target.stackId}\`: DMS reference sync (full load and CDC) of ${sync.tables.map((t) => `\`${t}\``).join(", ")}`,
    );
  }
  const registry = org.registry;
  const owner = registry === undefined ? undefined : byId.get(registry.owner);
  if (registry !== undefined && owner !== undefined) {
    const table = registryTableName(org.name);
    const ownerEnd: LinkEnd = {
      key: `registry:${owner.region}`,
      region: owner.region,
      lines: [table, `registry table in ${owner.stackId}`],
      shape: "cylinder",
    };
    for (const region of new Set(registry.replicaRegions)) {
      if (region === owner.region) continue;
      add(
        "registry",
        ownerEnd,
        { key: `registry:${region}`, region, lines: [table, `replica in ${region}`], shape: "cylinder" },
        ["registry replication"],
        `\`${owner.stackId}\` → ${region}: registry replication of the DynamoDB global table \`${table}\` to its replica there`,
      );
    }
  }
  for (const target of targets) {
    for (const [engine, database] of Object.entries(target.settings.databases ?? {})) {
      const region = database?.disasterRecoveryRegion;
      const replica = region === undefined ? undefined : stackId(target.accountName, region);
      const to = replica === undefined ? undefined : stackEnd(replica);
      if (to === undefined || region === target.region) continue;
      add(
        "replica",
        stackEnd(target.stackId)!,
        to,
        [`RDS ${engine} DR replica`],
        `\`${target.stackId}\` → \`${replica}\`: RDS ${engine} disaster-recovery replica`,
      );
    }
  }
  return links;
}

/**
 * The cross-region links between residency zones (subgraphs) and regions (nested subgraphs), each
 * end coloured by its zone; links that leave their zone are drawn thicker in orange.
 */
export function linksChart(org: Organization, links: readonly CrossRegionLink[]): Flowchart {
  const chart = new Flowchart("LR");
  defineZoneClasses(chart, org);
  chart.linkStyle("crossZone", "stroke:#ea580c,stroke-width:3px");
  const ends = new Map<string, LinkEnd>();
  for (const link of links) for (const end of [link.from, link.to]) if (!ends.has(end.key)) ends.set(end.key, end);
  const inRegion = (region: string) => [...ends.values()].filter((end) => end.region === region);
  // Every end is in a governed region: stacks and registry replicas outside them fail the config checks.
  for (const zone of residencyZones(org)) {
    const regions = Object.keys(org.regions).filter((r) => org.regions[r].residency === zone && inRegion(r).length > 0);
    if (regions.length === 0) continue;
    chart.subgraph(`residency:${zone}`, `residency zone ${zone}`, () => {
      for (const region of regions) {
        chart.subgraph(`region:${region}`, region, () => {
          for (const end of inRegion(region)) {
            chart.node(end.key, end.lines, end.shape);
            colourByZone(chart, org, end.key, region);
          }
        });
      }
    });
  }
  for (const link of links) {
    const crosses = org.regions[link.from.region]?.residency !== org.regions[link.to.region]?.residency;
    chart.link(link.from.key, link.to.key, {
      arrow: ARROW[link.kind],
      label: link.label,
      style: crosses ? "crossZone" : undefined,
    });
  }
  return chart;
}
