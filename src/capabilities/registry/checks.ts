import type { ConfigIssue } from "../../config/issues";
import { stackTargets } from "../../config/topology";
import type { RegistryOrganization } from "./schema";

/** The registry's owner is a stack of the organization; its replicas are other governed regions, once each. */
export function checkRegistry(org: RegistryOrganization): ConfigIssue[] {
  const targets = new Map(stackTargets(org).map((t) => [t.stackId, t]));
  const registry = org.registry;
  if (registry === undefined) return [];
  const owner = targets.get(registry.owner);
  if (owner === undefined) {
    return [{ path: "registry.owner", message: `unknown stack "${registry.owner}" (expected <account>-<region>)` }];
  }
  return registry.replicaRegions.flatMap((region, index) => {
    const path = `registry.replicaRegions[${index}]`;
    if (!(region in org.regions)) return [{ path, message: `region "${region}" is not governed` }];
    if (region === owner.region) return [{ path, message: `${region} is the owner's own region` }];
    if (registry.replicaRegions.indexOf(region) !== index) return [{ path, message: `${region} is listed twice` }];
    return [];
  });
}
