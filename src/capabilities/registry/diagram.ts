import type { CrossRegionLink, Diagram, LinkEnd } from "../../diagram/types";
import { stackTargets } from "../../config/topology";
import { registryTableName } from "../../naming";
import type { RegistryOrganization } from "./schema";

/** The registry's replication, from the owner's table to each replica region. */
function replicationLinks(org: RegistryOrganization): CrossRegionLink[] {
  const registry = org.registry;
  const owner = stackTargets(org).find((t) => t.stackId === registry?.owner);
  if (registry === undefined || owner === undefined) return [];
  const table = registryTableName(org.name);
  const ownerEnd: LinkEnd = {
    key: `registry:${owner.region}`,
    region: owner.region,
    lines: [table, `registry table in ${owner.stackId}`],
    shape: "cylinder",
  };
  return [...new Set(registry.replicaRegions)]
    .filter((region) => region !== owner.region)
    .map((region) => ({
      style: "thick" as const,
      from: ownerEnd,
      to: { key: `registry:${region}`, region, lines: [table, `replica in ${region}`], shape: "cylinder" as const },
      label: ["registry replication"],
      text: `\`${owner.stackId}\` → ${region}: registry replication of the DynamoDB global table \`${table}\` to its replica there`,
    }));
}

/** The registry's part of docs/architecture.md: the table in its owner, and its replication. */
export const registryDiagram: Diagram<RegistryOrganization> = {
  holdings: (target, org) =>
    org.registry?.owner === target.stackId
      ? ["registry", ...(org.registry.userDirectory ? ["user directory"] : [])]
      : [],
  links: replicationLinks,
};
