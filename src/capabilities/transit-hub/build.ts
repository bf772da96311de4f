import { TransitHub, type TransitHubRef } from "../../../modules/transit-hub";
import { TransitAttachment } from "../../../modules/transit-hub/attachment";
import { TransitHubPeering } from "../../../modules/transit-hub/peering";
import { accountIdOf, accountOfKind } from "../../config/topology";
import { nameTag, terraformName } from "../../naming";
import { Slot, type BuildContext, type CapabilityBuilder } from "../capability";
import { VPC } from "../network/build";
import { attachedTargets, hubStackId, peerings, reachableCidrs, segmentCidrs, segmentOf } from "./placement";
import type { TransitHubOrganization } from "./schema";

/** The hub of the region, for the attachments of later stacks and the peering of the other region. */
export const TRANSIT_HUB = new Slot<TransitHubRef>("transit-hub");

/**
 * In the hub account's stack of a hub region: the Transit Gateway shared with the organization,
 * and the peerings it owns. In an attached account-region: its VPC's attachment, associated with
 * its segment's table, and routes from its private route tables to what that segment reaches.
 */
export const transitHubBuilder: CapabilityBuilder<TransitHubOrganization> = {
  build(context) {
    const hub = context.org.transitHub;
    if (hub === undefined || !(context.target.region in hub.regions)) return;
    if (context.target.stackId === hubStackId(context.org, context.target.region)) buildHub(context);
    if (attachedTargets(context.org).some((t) => t.stackId === context.target.stackId)) buildAttachment(context);
  },
};

function buildHub(context: BuildContext<TransitHubOrganization>): void {
  const { org, target } = context;
  const management = accountIdOf(org, accountOfKind(org, "management"));
  const hub = new TransitHub(context.scope, "transit_hub", {
    region: target.region,
    accountId: target.accountId,
    namePrefix: nameTag(org.name, target.stackId, "tgw"),
    amazonSideAsn: org.transitHub!.regions[target.region].amazonSideAsn,
    // The organization's ARN: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html
    organizationArn: `arn:aws:organizations::${management}:organization/${context.organizationId()}`,
  });
  context.provide(TRANSIT_HUB, hub.hub);
  for (const peering of peerings(org).filter((p) => p.owner === target.region)) {
    const peerStack = hubStackId(org, peering.peer);
    new TransitHubPeering(context.scope, `transit_peering_${terraformName([peering.peer])}`, {
      local: hub.hub,
      peer: context.get(TRANSIT_HUB, peerStack)!,
      peerProvider: context.providerIn(peering.peer),
      localCidrs: segmentCidrs(org, target.region),
      peerCidrs: segmentCidrs(org, peering.peer),
      name: nameTag(org.name, target.stackId, "to", peerStack),
    });
  }
}

function buildAttachment(context: BuildContext<TransitHubOrganization>): void {
  const { org, target } = context;
  const vpc = context.get(VPC)!;
  const hubStack = hubStackId(org, target.region);
  const hub = context.get(TRANSIT_HUB, hubStack)!;
  const own = hubStack === target.stackId;
  // Application and database tiers send to the hub; the public tier keeps its internet route only.
  const routeTables = Object.fromEntries(
    [...vpc.routeTableIds.application.map((id, i) => [`application_${vpc.azLetters[i]}`, id]), ["database", vpc.routeTableIds.database[0]]],
  ); // prettier-ignore
  new TransitAttachment(context.scope, "transit_attachment", {
    hub,
    segment: segmentOf(target),
    vpc: { vpcId: vpc.vpcId, region: target.region, accountId: target.accountId },
    subnetIds: vpc.subnetIds.application,
    hubProvider: own ? undefined : context.providerOf(org.transitHub!.account, target.region, "transit_hub"),
    vpcRouteTableIds: routeTables,
    destinations: reachableCidrs(org, target),
    name: nameTag(org.name, target.stackId, "tgw"),
  });
}
