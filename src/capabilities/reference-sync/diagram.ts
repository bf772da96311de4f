import { stackTargets } from "../../config/topology";
import type { CrossRegionLink, Diagram, LinkEnd } from "../../diagram/types";
import type { ReferenceSyncOrganization } from "./schema";

/** Label lines listing items two by two, so a long table list stays readable. */
function pairs(items: readonly string[]): string[] {
  return items.flatMap((_item, i) => (i % 2 === 0 ? [items.slice(i, i + 2).join(", ")] : []));
}

/** Each DMS reference sync, from its source to its target. */
function syncLinks(
  org: ReferenceSyncOrganization,
  stackEnd: (stackId: string) => LinkEnd | undefined,
): CrossRegionLink[] {
  return stackTargets(org).flatMap((target) => {
    const sync = target.settings.referenceSync;
    const from = sync === undefined ? undefined : stackEnd(sync.source);
    if (sync === undefined || from === undefined || sync.source === target.stackId) return [];
    return [
      {
        style: "solid" as const,
        from,
        to: stackEnd(target.stackId)!,
        label: ["DMS reference sync", ...pairs(sync.tables)],
        text: `\`${sync.source}\` → \`${target.stackId}\`: DMS reference sync (full load and CDC) of ${sync.tables.map((t) => `\`${t}\``).join(", ")}`,
      },
    ];
  });
}

/** The reference sync's part of docs/architecture.md: DMS in its target's database tier, and the sync link. */
export const referenceSyncDiagram: Diagram<ReferenceSyncOrganization> = {
  holdings: (target) => (target.settings.referenceSync ? ["DMS"] : []),
  tierHosts: (target, tier) => (tier === "database" && target.settings.referenceSync ? ["DMS"] : []),
  links: syncLinks,
};
