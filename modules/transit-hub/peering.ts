import { Ec2TransitGatewayPeeringAttachment } from "@cdktf/provider-aws/lib/ec2-transit-gateway-peering-attachment";
import { Ec2TransitGatewayPeeringAttachmentAccepter } from "@cdktf/provider-aws/lib/ec2-transit-gateway-peering-attachment-accepter";
import { Ec2TransitGatewayRoute } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route";
import { Ec2TransitGatewayRouteTableAssociation } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route-table-association";
import { Token, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { cidrsOverlap, parseCidr } from "../network-acl/cidr";
import { DEFAULT_PEERING_SEGMENT, tablesLearning } from "./defaults";
import { cidrIssue, type TransitHubRef } from "./index";

/** CIDRs behind one hub, by segment, each under a stable name (`prod_us_east_1`) that names its routes. */
export type SegmentCidrs = Readonly<Record<string, Readonly<Record<string, string>>>>;

export interface TransitHubPeeringProps {
  /** The requesting hub. */
  readonly local: TransitHubRef;
  /**
   * Provider of the local hub's account and region.
   * @default - the stack's default provider
   */
  readonly localProvider?: TerraformProvider;
  /** The accepting hub, in another region (and possibly account). */
  readonly peer: TransitHubRef;
  /** Provider of the peer hub's account and region (an aliased provider in this stack). */
  readonly peerProvider: TerraformProvider;
  /**
   * The VPC CIDRs attached to the local hub, by segment: the peer routes each into the tables that
   * learn its segment. Peerings carry static routes only.
   */
  readonly localCidrs: SegmentCidrs;
  /** The VPC CIDRs attached to the peer hub, by segment, routed into the local tables that learn their segment. */
  readonly peerCidrs: SegmentCidrs;
  /**
   * Segment whose table, on each side, carries what arrives over the peering; it must learn every
   * segment the other side reaches.
   * @default "shared"
   */
  readonly arrivalSegment?: string;
  /** `Name` tag of the peering. */
  readonly name: string;
  /**
   * Tags of the peering and its accepter, besides `Name`.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * A peering between the hubs of two regions, which the caller has checked lie in one residency
 * zone. Each segment's CIDRs on one side are routed, on the other side, into exactly the tables that
 * learn that segment, so the routing policy holds across the peering: prod in one region reaches
 * prod (and shared) in the other, never nonprod. What arrives is routed by the arrival segment's table.
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html
 */
export class TransitHubPeering extends Construct {
  /** The peering attachment id, once the peer has accepted it. */
  readonly attachmentId: string;

  constructor(scope: Construct, id: string, props: TransitHubPeeringProps) {
    super(scope, id);
    const arrival = props.arrivalSegment ?? DEFAULT_PEERING_SEGMENT;
    const issues = peeringIssues(props, arrival);
    this.node.addValidation({ validate: () => issues });
    const tags = { ...props.tags, Name: props.name };

    const peering = new Ec2TransitGatewayPeeringAttachment(this, "resource", {
      provider: props.localProvider,
      transitGatewayId: props.local.transitGatewayId,
      peerTransitGatewayId: props.peer.transitGatewayId,
      peerRegion: props.peer.region,
      peerAccountId: props.peer.accountId,
      tags,
    });
    const accepter = new Ec2TransitGatewayPeeringAttachmentAccepter(this, "accepter", {
      provider: props.peerProvider,
      transitGatewayAttachmentId: peering.id,
      tags,
    });
    // Everything below references the accepter, so it waits for the peering to be accepted.
    this.attachmentId = accepter.transitGatewayAttachmentId;
    if (issues.length > 0) return;

    for (const [side, hub, provider, farCidrs] of [
      ["local", props.local, props.localProvider, props.peerCidrs],
      ["peer", props.peer, props.peerProvider, props.localCidrs],
    ] as const) {
      new Ec2TransitGatewayRouteTableAssociation(this, `${side}_association`, {
        provider,
        transitGatewayAttachmentId: this.attachmentId,
        transitGatewayRouteTableId: hub.routeTableIds[arrival],
      });
      for (const [segment, cidrs] of Object.entries(farCidrs)) {
        for (const table of tablesLearning(hub.segments, segment)) {
          for (const [name, cidr] of Object.entries(cidrs)) {
            new Ec2TransitGatewayRoute(this, `${side}_${table}_to_${name}`, {
              provider,
              transitGatewayRouteTableId: hub.routeTableIds[table],
              destinationCidrBlock: cidr,
              transitGatewayAttachmentId: this.attachmentId,
            });
          }
        }
      }
    }
  }
}

function peeringIssues(props: TransitHubPeeringProps, arrival: string): string[] {
  const issues: string[] = [];
  if (!Token.isUnresolved(props.peer.region) && props.peer.region === props.local.region) {
    issues.push(
      `peer.region: ${props.peer.region} is the local hub's region; this construct peers hubs of two regions`,
    );
  }
  const all: { path: string; cidr: string }[] = [];
  for (const [prop, hub, cidrs, farHub] of [
    ["localCidrs", props.local, props.localCidrs, props.peer],
    ["peerCidrs", props.peer, props.peerCidrs, props.local],
  ] as const) {
    for (const [segment, named] of Object.entries(cidrs)) {
      if (hub.segments[segment] === undefined) {
        issues.push(
          `${prop}.${segment}: "${segment}" is not a segment of that hub (${Object.keys(hub.segments).join(", ")})`,
        );
      } else if (farHub.segments[segment] === undefined) {
        issues.push(`${prop}.${segment}: the other hub has no segment "${segment}" to route it into`);
      }
      if (hub.segments[arrival] !== undefined && !hub.segments[arrival].learnsFrom.includes(segment)) {
        issues.push(
          `${prop}.${segment}: the arrival segment "${arrival}" of that hub does not learn ${segment}, so traffic from the peering cannot reach it`,
        );
      }
      for (const [name, cidr] of Object.entries(named)) {
        const path = `${prop}.${segment}.${name}`;
        if (!/^[a-z][a-z0-9_]*$/.test(name)) issues.push(`${path}: names are snake_case (they name routes)`);
        const problem = cidrIssue(cidr);
        if (problem !== undefined) issues.push(`${path}: ${problem}`);
        else all.push({ path, cidr });
      }
    }
  }
  for (const hub of [props.local, props.peer]) {
    if (hub.routeTableIds[arrival] === undefined) {
      issues.push(`arrivalSegment: "${arrival}" is not a segment of the hub in ${hub.region}`);
    }
  }
  all.forEach((b, i) => {
    const block = parseCidr(b.cidr);
    all.slice(0, i).forEach((a) => {
      const other = parseCidr(a.cidr);
      if (block !== undefined && other !== undefined && cidrsOverlap(block, other)) {
        issues.push(
          `${b.path}: ${b.cidr} overlaps ${a.cidr} (${a.path}); routes across the peering need distinct CIDRs`,
        );
      }
    });
  });
  return issues;
}
