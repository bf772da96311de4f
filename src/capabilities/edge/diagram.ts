import type { Diagram } from "../../diagram/types";
import type { EdgeOrganization } from "./schema";

/** The edge's part of docs/architecture.md: what each stack holds of it. */
export const edgeDiagram: Diagram<EdgeOrganization> = {
  holdings: (target) => {
    const edge = target.settings.edge;
    if (edge === undefined) return [];
    const count = (n: number, what: string) => (n === 0 ? [] : [`${n} ${what}`]);
    return [
      ...Object.keys(edge.zones).map((zone) => `Route 53 ${zone}`),
      ...Object.entries(edge.sites).map(
        ([key, site]) =>
          `CloudFront site ${key}${site.failover === undefined ? "" : ` (replica in ${site.failover.region})`}`,
      ),
      ...count(Object.keys(edge.records).length, "DNS records"),
      ...Object.keys(edge.accelerators).map((key) => `Global Accelerator ${key}`),
      ...Object.keys(edge.acceleratorEndpoints).map((key) => `${key} endpoint group`),
    ];
  },
};
