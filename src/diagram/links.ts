import { capabilities } from "../config/capabilities";
import type { Organization } from "../config/schema";
import { stackTargets } from "../config/topology";
import { Flowchart } from "./mermaid";
import type { CrossRegionLink, LinkEnd } from "./types";
import { colourByZone, defineZoneClasses, residencyZones } from "./zones";

/**
 * Every link that crosses a region, from every capability in registry order (network peers from
 * the owner, DR replicas from the primary, the DMS sync from source to target, the registry's
 * replication from the owner), each with the residency zones of its ends.
 */
export function crossRegionLinks(org: Organization): CrossRegionLink[] {
  const byId = new Map(stackTargets(org).map((t) => [t.stackId, t]));
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
  return capabilities
    .flatMap((capability) => capability.diagram?.links?.(org, stackEnd) ?? [])
    .map((link) => ({
      ...link,
      text: `${link.text} (zone ${zoneOf(link.from.region)} ${link.style === "both" ? "↔" : "→"} ${zoneOf(link.to.region)})`,
    }));
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
      arrow: link.style,
      label: link.label,
      style: crosses ? "crossZone" : undefined,
    });
  }
  return chart;
}
