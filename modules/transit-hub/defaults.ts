/**
 * The routing policy of the transit hub as plain data, so a config can check it without loading a
 * construct. Each segment (environment) has one route table; every attachment of a segment
 * associates with that segment's table, and propagates its VPC's routes into the table of every
 * segment that learns from it. A segment's table routes only to what it learned, so two segments
 * that learn nothing of each other cannot exchange a packet through the hub.
 */

/** One environment's route table. */
export interface TransitSegment {
  /**
   * Segments whose attachments' routes this table learns, itself included when its own VPCs may
   * reach each other. Traffic between two segments needs each to learn the other (the reply too).
   */
  readonly learnsFrom: readonly string[];
}

/**
 * Prod and nonprod learn only themselves and shared; shared learns everything, so shared services
 * serve both, while prod and nonprod never route to each other.
 */
export const DEFAULT_SEGMENTS: Readonly<Record<string, TransitSegment>> = {
  prod: { learnsFrom: ["prod", "shared"] },
  nonprod: { learnsFrom: ["nonprod", "shared"] },
  shared: { learnsFrom: ["prod", "nonprod", "shared"] },
};

/** Segment pairs that must never route to each other: 002's "no direct routing between environments". */
export const DEFAULT_ISOLATED_SEGMENTS: readonly (readonly [string, string])[] = [["prod", "nonprod"]];

/** The segment whose table carries traffic arriving over a peering: it learns every segment. */
export const DEFAULT_PEERING_SEGMENT = "shared";

/**
 * Private ASNs the Amazon side of a transit gateway may use.
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-transit-gateways.html
 */
export const PRIVATE_ASN_RANGES: readonly (readonly [number, number])[] = [
  [64512, 65534],
  [4200000000, 4294967294],
];

export const TRANSIT_HUB_DEFAULTS = { amazonSideAsn: 64512 } as const;

/** The segments whose tables learn the routes of `segment`'s attachments: where they propagate. */
export function tablesLearning(segments: Readonly<Record<string, TransitSegment>>, segment: string): string[] {
  return Object.entries(segments)
    .filter(([, table]) => table.learnsFrom.includes(segment))
    .map(([name]) => name);
}

/**
 * Every problem with a routing policy, as `<path>: message`: unknown segments, a learned route
 * that would connect an isolated pair, and one-way learning (requests with no route back).
 */
export function segmentIssues(
  segments: Readonly<Record<string, TransitSegment>>,
  isolatedSegments: readonly (readonly [string, string])[],
  pathPrefix = "",
): string[] {
  const issues: string[] = [];
  const names = Object.keys(segments);
  const known = (name: string) => segments[name] !== undefined;
  if (names.length === 0) issues.push(`${pathPrefix}segments: give at least one segment`);
  for (const name of names) {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) {
      issues.push(`${pathPrefix}segments.${name}: segment names are snake_case (they name route tables)`);
    }
  }
  for (const [name, table] of Object.entries(segments)) {
    table.learnsFrom.forEach((source, i) => {
      const path = `${pathPrefix}segments.${name}.learnsFrom[${i}]`;
      if (!known(source)) {
        issues.push(`${path}: "${source}" is not a segment (${names.join(", ")})`);
        return;
      }
      isolatedSegments.forEach(([a, b], k) => {
        if ((name === a && source === b) || (name === b && source === a)) {
          issues.push(
            `${path}: learning "${source}" routes ${name} to ${source}, which ${pathPrefix}isolatedSegments[${k}] forbids`,
          );
        }
      });
      if (source !== name && !segments[source].learnsFrom.includes(name)) {
        issues.push(
          `${path}: ${name} learns ${source} but ${source} does not learn ${name}, so replies have no route; add "${name}" to ${pathPrefix}segments.${source}.learnsFrom`,
        );
      }
    });
  }
  isolatedSegments.forEach((pair, k) => {
    pair.forEach((name, j) => {
      if (!known(name)) issues.push(`${pathPrefix}isolatedSegments[${k}][${j}]: "${name}" is not a segment`);
    });
    if (pair[0] === pair[1])
      issues.push(`${pathPrefix}isolatedSegments[${k}]: a segment cannot be isolated from itself`);
  });
  return issues;
}

/** Whether an ASN is one the Amazon side of a transit gateway accepts. */
export function isPrivateAsn(asn: number): boolean {
  return Number.isInteger(asn) && PRIVATE_ASN_RANGES.some(([low, high]) => asn >= low && asn <= high);
}
