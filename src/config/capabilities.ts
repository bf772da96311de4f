import { CAPABILITIES } from "../capabilities";
import type { CapabilityBuilder, CapabilityNeeds } from "../capabilities/capability";
import type { Diagram } from "../diagram/types";
import type { ConfigIssue } from "./issues";
import type { Organization } from "./schema";
import type { StackEdge, StackTarget } from "./topology";

/** A capability as the core loops over it: each function takes the whole organization. */
export interface OrganizationCapability {
  readonly name: string;
  readonly checks?: (org: Organization) => ConfigIssue[];
  readonly dependencies?: (org: Organization) => StackEdge[];
  readonly needs?: (target: StackTarget<Organization>, org: Organization) => CapabilityNeeds;
  readonly diagram?: Diagram<Organization>;
  readonly builder?: () => CapabilityBuilder<Organization>;
}

/**
 * The registry (src/capabilities/index.ts) for the core: the organization has every capability's
 * keys, so it is what each capability's functions take (each is typed with its own keys only).
 */
export const capabilities = CAPABILITIES as readonly unknown[] as readonly OrganizationCapability[];

/** What every capability asks of an account-region, merged: the ports and flags of all of them. */
export function needsOf(org: Organization, target: StackTarget<Organization>): CapabilityNeeds {
  const all = capabilities.map((capability) => capability.needs?.(target, org) ?? {});
  const databasePorts = [...new Set(all.flatMap((needs) => needs.databasePorts ?? []))];
  return {
    ...(databasePorts.length > 0 ? { databasePorts } : {}),
    clusterName: all.find((needs) => needs.clusterName !== undefined)?.clusterName,
    changeDataCapture: all.some((needs) => needs.changeDataCapture),
    ...(all.some((needs) => needs.loadBalancer)
      ? {
          loadBalancer: true,
          applicationPorts: mergedPorts(all.map((needs) => needs.applicationPorts)),
          nodePorts: mergedPorts(all.map((needs) => needs.nodePorts)),
        }
      : {}),
    // Only the transit hub asks for it.
    transitPeers: all.find((needs) => needs.transitPeers !== undefined)?.transitPeers,
  };
}

/** The union of the capabilities' port lists, in ascending order. */
function mergedPorts(lists: readonly (readonly number[] | undefined)[]): number[] {
  return [...new Set(lists.flatMap((ports) => ports ?? []))].sort((a, b) => a - b);
}
