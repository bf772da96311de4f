import { DEFAULT_SEGMENTS } from "../../../modules/transit-hub/defaults";
import { accountHomeRegion, stackTargets, type StackTarget } from "../../config/topology";
import { stackId } from "../../naming";
import type { CapabilityNeeds } from "../capability";
import type { Segment, TransitHubOrganization } from "./schema";

type Target = StackTarget<TransitHubOrganization>;

/** The hub stack of a region. */
export function hubStackId(org: TransitHubOrganization, region: string): string {
  return stackId(org.transitHub!.account, region);
}

/** The segment of an attachment: the config's, else the account's environment's. */
export function segmentOf(target: Target): Segment {
  return target.settings.transitAttachment?.segment ?? (target.account.environment === "prod" ? "prod" : "nonprod");
}

/** Account-regions whose VPC attaches to a hub the config has, in config order. */
export function attachedTargets(org: TransitHubOrganization): Target[] {
  const hub = org.transitHub;
  if (hub === undefined) return [];
  return stackTargets(org).filter(
    (t) => t.settings.transitAttachment !== undefined && t.settings.network !== undefined && t.region in hub.regions,
  );
}

/**
 * The peerings the config asks for whose regions are both hubs of one zone, each with its owner:
 * the region whose stack is built second. A hub account's stacks follow its home-region stack, so
 * a peering with the home region is owned by the other region; else by the pair's second region.
 */
export function peerings(org: TransitHubOrganization): { owner: string; peer: string; path: string }[] {
  const hub = org.transitHub;
  if (hub === undefined) return [];
  const account = org.accounts[hub.account];
  const home = account === undefined ? undefined : accountHomeRegion(org, account);
  return hub.peerings.flatMap(([a, b], i) => {
    const zone = (region: string) => org.regions[region]?.residency;
    if (a === b || !(a in hub.regions) || !(b in hub.regions) || zone(a) !== zone(b)) return [];
    const [peer, owner] = b === home ? [b, a] : [a, b];
    return [{ owner, peer, path: `transitHub.peerings[${i}]` }];
  });
}

/** Regions joined to `region` through the hub: itself and its peers. */
function connectedRegions(org: TransitHubOrganization, region: string): string[] {
  const joined = peerings(org).flatMap(({ owner, peer }) =>
    owner === region ? [peer] : peer === region ? [owner] : [],
  );
  return [region, ...joined];
}

/**
 * The CIDRs an attached VPC's route tables send to the hub: every other attached VPC, in its region
 * or a peered one, whose segment its segment's table learns (and which learns it back).
 */
export function reachableCidrs(org: TransitHubOrganization, target: Target): Record<string, string> {
  const regions = connectedRegions(org, target.region);
  const mine = segmentOf(target);
  return Object.fromEntries(
    attachedTargets(org)
      .filter((other) => other.stackId !== target.stackId && regions.includes(other.region))
      .filter((other) => learns(mine, segmentOf(other)) && learns(segmentOf(other), mine))
      .map((other) => [other.stackId.replace(/-/g, "_"), other.settings.network!.cidr]),
  );
}

/**
 * What the network of an attached VPC opens for the hub: the VPCs it reaches, the hub's ports, and
 * every other attached VPC of the connected hubs (those it does not reach), which it denies.
 */
export function transitPeersOf(
  org: TransitHubOrganization,
  target: Target,
): NonNullable<CapabilityNeeds["transitPeers"]> {
  const regions = connectedRegions(org, target.region);
  const cidrs = reachableCidrs(org, target);
  const deniedCidrs = Object.fromEntries(
    attachedTargets(org)
      .filter((other) => other.stackId !== target.stackId && regions.includes(other.region))
      .map((other) => [other.stackId.replace(/-/g, "_"), other.settings.network!.cidr] as const)
      .filter(([name]) => !(name in cidrs)),
  );
  return { cidrs, ports: org.transitHub!.ports, deniedCidrs };
}

function learns(table: Segment, from: Segment): boolean {
  return DEFAULT_SEGMENTS[table].learnsFrom.includes(from);
}

/** The CIDRs attached to a region's hub, by segment and attachment name (the peering's routes). */
export function segmentCidrs(org: TransitHubOrganization, region: string): Record<string, Record<string, string>> {
  const cidrs: Record<string, Record<string, string>> = {};
  for (const target of attachedTargets(org).filter((t) => t.region === region)) {
    cidrs[segmentOf(target)] = {
      ...cidrs[segmentOf(target)],
      [target.stackId.replace(/-/g, "_")]: target.settings.network!.cidr,
    };
  }
  return cidrs;
}
