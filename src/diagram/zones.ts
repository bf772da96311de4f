import type { Organization } from "../config/schema";
import type { Flowchart } from "./mermaid";

/** Node styles of residency zones, in the order zones first appear in `regions`; reused past the last. */
const ZONE_STYLES = [
  "fill:#dbeafe,stroke:#1d4ed8,color:#1e3a8a",
  "fill:#fee2e2,stroke:#b91c1c,color:#7f1d1d",
  "fill:#dcfce7,stroke:#15803d,color:#14532d",
  "fill:#fef3c7,stroke:#b45309,color:#78350f",
  "fill:#ede9fe,stroke:#6d28d9,color:#4c1d95",
  "fill:#ccfbf1,stroke:#0f766e,color:#134e4a",
] as const;

/** The residency zones of the governed regions, in config order, each once. */
export function residencyZones(org: Organization): string[] {
  return [...new Set(Object.values(org.regions).map((region) => region.residency))];
}

/** The Mermaid class of a residency zone: `zone_us`. */
export function zoneClass(zone: string): string {
  return `zone_${zone.replace(/[^a-z0-9]/g, "_")}`;
}

/** Defines one class per residency zone on the chart, coloured by the zone's place in `regions`. */
export function defineZoneClasses(chart: Flowchart, org: Organization): void {
  residencyZones(org).forEach((zone, index) =>
    chart.classDef(zoneClass(zone), ZONE_STYLES[index % ZONE_STYLES.length]),
  );
}

/** Puts a node into its region's zone class; a region outside `regions` has no zone and no colour. */
export function colourByZone(chart: Flowchart, org: Organization, key: string, region: string): void {
  const zone = org.regions[region]?.residency;
  if (zone !== undefined) chart.addClass(key, zoneClass(zone));
}

/** The governed regions in config order, then any other region of `used` (such as a backend's) in first-use order. */
export function regionsInOrder(org: Organization, used: readonly string[]): string[] {
  return [...new Set([...Object.keys(org.regions), ...used])];
}

/** `us-east-1 · zone us · home region`, or `eu-west-3 · not governed`. */
export function regionTitle(org: Organization, region: string): string {
  const zone = org.regions[region]?.residency;
  return [
    region,
    zone === undefined ? "not governed" : `zone ${zone}`,
    ...(region === org.homeRegion ? ["home region"] : []),
  ].join(" · ");
}
