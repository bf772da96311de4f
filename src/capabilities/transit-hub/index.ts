import type { Capability } from "../capability";
import { NETWORK_FRAGMENT } from "../network/schema";
import type * as build from "./build";
import { checkTransitHub, transitHubDependencies } from "./checks";
import { attachedTargets, hubStackId, transitPeersOf } from "./placement";
import { TRANSIT_ATTACHMENT_FRAGMENT, TRANSIT_HUB_FRAGMENT } from "./schema";

/**
 * The network hub (`transitHub`, `transitAttachment`): a Transit Gateway per region in the network
 * account, shared with the organization, route tables that keep prod and nonprod apart, peerings
 * inside a residency zone.
 */
export const transitHub = {
  name: "transit hub",
  accountRegion: { ...NETWORK_FRAGMENT, ...TRANSIT_ATTACHMENT_FRAGMENT },
  organization: TRANSIT_HUB_FRAGMENT,
  checks: checkTransitHub,
  dependencies: transitHubDependencies,
  // The attached VPC's application tier admits the hub's ports from what its segment reaches.
  needs: (target, org) =>
    attachedTargets(org).some((t) => t.stackId === target.stackId) ? { transitPeers: transitPeersOf(org, target) } : {},
  diagram: {
    holdings: (target, org) => [
      ...(org.transitHub !== undefined &&
      target.region in org.transitHub.regions &&
      target.stackId === hubStackId(org, target.region)
        ? ["Transit Gateway hub"]
        : []),
      ...(attachedTargets(org).some((t) => t.stackId === target.stackId) ? ["transit attachment"] : []),
    ],
  },
  builder: () => (require("./build") as typeof build).transitHubBuilder,
} satisfies Capability<typeof NETWORK_FRAGMENT & typeof TRANSIT_ATTACHMENT_FRAGMENT, typeof TRANSIT_HUB_FRAGMENT>;
