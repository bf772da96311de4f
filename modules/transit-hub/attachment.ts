import { Ec2TransitGatewayRouteTableAssociation } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route-table-association";
import { Ec2TransitGatewayRouteTablePropagation } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route-table-propagation";
import { Ec2TransitGatewayVpcAttachment } from "@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment";
import { Ec2TransitGatewayVpcAttachmentAccepter } from "@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment-accepter";
import { Route } from "@cdktf/provider-aws/lib/route";
import { Token, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { cidrIssue, tablesLearning, type TransitHubRef } from "./index";

/** The consuming VPC, in the stack's (its owner's) account and region. */
export interface AttachedVpcRef {
  readonly vpcId: string;
  /** Region of the VPC (a literal). */
  readonly region: string;
  /** The account that owns the VPC. */
  readonly accountId: string;
}

export interface TransitAttachmentProps {
  /** The hub of the VPC's region (`TransitHub.hub`, a cross-stack hand-off). */
  readonly hub: TransitHubRef;
  /** Segment (environment) of the VPC: its attachment associates with that segment's table only. */
  readonly segment: string;
  readonly vpc: AttachedVpcRef;
  /**
   * Subnets the attachment places an interface in, one per AZ the VPC uses (small dedicated
   * subnets are best: the hub's interfaces take their addresses). Changing them updates the attachment.
   */
  readonly subnetIds: readonly string[];
  /**
   * Provider of the VPC's account and region.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Provider of the hub's account in the same region, for the accepter, the association and the
   * propagations. Needed when the VPC's account is not the hub's.
   * @default - `provider` (the VPC is in the hub's account)
   */
  readonly hubProvider?: TerraformProvider;
  /**
   * VPC route tables (by a stable key) that send `destinations` to the hub.
   * @default {}
   */
  readonly vpcRouteTableIds?: Readonly<Record<string, string>>;
  /**
   * Destinations (by a stable key) routed to the hub from `vpcRouteTableIds`, such as the
   * organization's supernet; the hub's tables decide what is actually reachable.
   * @default {}
   */
  readonly destinations?: Readonly<Record<string, string>>;
  /** `Name` tag of the attachment. */
  readonly name: string;
  /**
   * Tags on the attachment and its accepter, besides `Name`.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * A VPC's attachment to the transit hub of its region. The attachment is made in the VPC owner's
 * account; the hub's account accepts it (shared attachments are never auto-accepted), associates
 * it with its segment's route table and propagates its routes into every table that learns the
 * segment, so it can reach exactly what the routing policy allows.
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html
 */
export class TransitAttachment extends Construct {
  /** The attachment id, once the hub's account has accepted it. */
  readonly attachmentId: string;

  constructor(scope: Construct, id: string, props: TransitAttachmentProps) {
    super(scope, id);
    const crossAccount = !sameLiteral(props.vpc.accountId, props.hub.accountId);
    const issues = transitAttachmentIssues(props, crossAccount);
    this.node.addValidation({ validate: () => issues });
    const tags = { ...props.tags, Name: props.name };
    const hubProvider = props.hubProvider ?? props.provider;

    // A RAM-shared gateway's default tables cannot be set from the attaching account; the accepter does it.
    const attachment = new Ec2TransitGatewayVpcAttachment(this, "resource", {
      provider: props.provider,
      transitGatewayId: props.hub.transitGatewayId,
      vpcId: props.vpc.vpcId,
      subnetIds: [...props.subnetIds],
      dnsSupport: "enable",
      ...(crossAccount
        ? {}
        : { transitGatewayDefaultRouteTableAssociation: false, transitGatewayDefaultRouteTablePropagation: false }),
      tags,
    });
    this.attachmentId = crossAccount
      ? new Ec2TransitGatewayVpcAttachmentAccepter(this, "accepter", {
          provider: hubProvider,
          transitGatewayAttachmentId: attachment.id,
          transitGatewayDefaultRouteTableAssociation: false,
          transitGatewayDefaultRouteTablePropagation: false,
          tags,
        }).transitGatewayAttachmentId
      : attachment.id;

    const table = props.hub.routeTableIds[props.segment];
    if (table === undefined) return; // reported
    const association = new Ec2TransitGatewayRouteTableAssociation(this, "association", {
      provider: hubProvider,
      transitGatewayAttachmentId: this.attachmentId,
      transitGatewayRouteTableId: table,
    });
    for (const learner of tablesLearning(props.hub.segments, props.segment)) {
      new Ec2TransitGatewayRouteTablePropagation(this, `propagation_${learner}`, {
        provider: hubProvider,
        transitGatewayAttachmentId: this.attachmentId,
        transitGatewayRouteTableId: props.hub.routeTableIds[learner],
      });
    }
    for (const [tableKey, routeTableId] of Object.entries(props.vpcRouteTableIds ?? {})) {
      for (const [destinationKey, cidr] of Object.entries(props.destinations ?? {})) {
        new Route(this, `route_${tableKey}_to_${destinationKey}`, {
          provider: props.provider,
          routeTableId,
          destinationCidrBlock: cidr,
          transitGatewayId: props.hub.transitGatewayId,
          // A route to an attachment that is not yet accepted and associated would black-hole.
          dependsOn: [association],
        });
      }
    }
  }
}

/** Both literal and equal; two tokens, or a token and a literal, count as different accounts. */
function sameLiteral(a: string, b: string): boolean {
  return !Token.isUnresolved(a) && !Token.isUnresolved(b) && a === b;
}

function transitAttachmentIssues(props: TransitAttachmentProps, crossAccount: boolean): string[] {
  const issues: string[] = [];
  const segments = Object.keys(props.hub.routeTableIds);
  if (props.hub.routeTableIds[props.segment] === undefined) {
    issues.push(`segment: "${props.segment}" is not a segment of the hub (${segments.join(", ")})`);
  }
  if (!Token.isUnresolved(props.vpc.region) && props.vpc.region !== props.hub.region) {
    issues.push(
      `vpc.region: ${props.vpc.region} is not the hub's region ${props.hub.region}; a VPC attaches only to the transit gateway of its own region`,
    );
  }
  if (props.subnetIds.length === 0) issues.push("subnetIds: give one subnet per AZ the VPC uses");
  if (crossAccount && props.hubProvider === undefined) {
    issues.push(
      `hubProvider: the VPC's account ${props.vpc.accountId} is not the hub's ${props.hub.accountId}; give the hub account's provider to accept the attachment`,
    );
  }
  for (const [key, cidr] of Object.entries(props.destinations ?? {})) {
    const problem = cidrIssue(cidr);
    if (problem !== undefined) issues.push(`destinations.${key}: ${problem}`);
  }
  for (const [prop, keys] of [
    ["destinations", Object.keys(props.destinations ?? {})],
    ["vpcRouteTableIds", Object.keys(props.vpcRouteTableIds ?? {})],
  ] as const) {
    for (const key of keys) {
      if (!/^[a-z][a-z0-9_]*$/.test(key)) issues.push(`${prop}.${key}: keys are snake_case (they name routes)`);
    }
  }
  return issues;
}
