import type { ConfigIssue } from "../../config/issues";
import { stackTargets } from "../../config/topology";
import { USER_DIRECTORY_ROUTING_ATTRIBUTES, type RegistryOrganization } from "./schema";

/** The registry's owner is a stack of the organization; its replicas are other governed regions, once each. */
export function checkRegistry(org: RegistryOrganization): ConfigIssue[] {
  const targets = new Map(stackTargets(org).map((t) => [t.stackId, t]));
  const registry = org.registry;
  if (registry === undefined) return [];
  const owner = targets.get(registry.owner);
  if (owner === undefined) {
    return [
      { path: "registry.owner", message: `unknown stack "${registry.owner}" (expected <account>-<region>)` },
      ...userDirectoryIssues(org),
    ];
  }
  return [...replicaIssues(org, owner.region), ...userDirectoryIssues(org)];
}

function replicaIssues(org: RegistryOrganization, ownerRegion: string): ConfigIssue[] {
  const registry = org.registry!;
  return registry.replicaRegions.flatMap((region, index) => {
    const path = `registry.replicaRegions[${index}]`;
    if (!(region in org.regions)) return [{ path, message: `region "${region}" is not governed` }];
    if (region === ownerRegion) return [{ path, message: `${region} is the owner's own region` }];
    if (registry.replicaRegions.indexOf(region) !== index) return [{ path, message: `${region} is listed twice` }];
    return [];
  });
}

/** The user directory crosses residency zones, so it may declare routing attributes only. */
function userDirectoryIssues(org: RegistryOrganization): ConfigIssue[] {
  const attributes = org.registry?.userDirectory?.attributes ?? [];
  const routing: readonly string[] = USER_DIRECTORY_ROUTING_ATTRIBUTES;
  return attributes.flatMap((attribute, index) =>
    routing.includes(attribute)
      ? []
      : [
          {
            path: `registry.userDirectory.attributes[${index}]`,
            message:
              `"${attribute}" is not routing data: the user directory is replicated to every residency zone ` +
              `and may hold only ${routing.join(", ")}; keep user attributes in the user pool of the user's home region`,
          },
        ],
  );
}
