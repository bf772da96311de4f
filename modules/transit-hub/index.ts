import { Ec2TransitGateway } from "@cdktf/provider-aws/lib/ec2-transit-gateway";
import { Ec2TransitGatewayRoute } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route";
import { Ec2TransitGatewayRouteTable } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route-table";
import { RamPrincipalAssociation } from "@cdktf/provider-aws/lib/ram-principal-association";
import { RamResourceAssociation } from "@cdktf/provider-aws/lib/ram-resource-association";
import { RamResourceShare } from "@cdktf/provider-aws/lib/ram-resource-share";
import { Token, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { parseCidr } from "../network-acl/cidr";
import {
  DEFAULT_ISOLATED_SEGMENTS,
  DEFAULT_SEGMENTS,
  isPrivateAsn,
  segmentIssues,
  TRANSIT_HUB_DEFAULTS,
  type TransitSegment,
} from "./defaults";

export {
  DEFAULT_ISOLATED_SEGMENTS,
  DEFAULT_PEERING_SEGMENT,
  DEFAULT_SEGMENTS,
  isPrivateAsn,
  PRIVATE_ASN_RANGES,
  segmentIssues,
  tablesLearning,
  TRANSIT_HUB_DEFAULTS,
  type TransitSegment,
} from "./defaults";

/** What attachments and peerings need of a hub: a small hand-off, possibly across stacks. */
export interface TransitHubRef {
  readonly transitGatewayId: string;
  /** Region of the transit gateway (a literal): attachments and peerings check theirs against it. */
  readonly region: string;
  /** The network account that owns the hub. */
  readonly accountId: string;
  /** Route table id of each segment. */
  readonly routeTableIds: Readonly<Record<string, string>>;
  /** The routing policy: which segments each segment's table learns. */
  readonly segments: Readonly<Record<string, TransitSegment>>;
}

export interface TransitHubProps {
  /** Region of the hub; the provider's region. */
  readonly region: string;
  /** The network account that owns the hub. */
  readonly accountId: string;
  /** Prefix of `Name` tags and the share name (`acme-network-us-east-1-tgw`). */
  readonly namePrefix: string;
  /**
   * ARN of the organization (`arn:aws:organizations::<management>:organization/o-…`): the transit
   * gateway is shared with it through RAM, never outside it. RAM sharing with the organization must
   * be enabled in the management account (`aws_ram_sharing_with_organization`).
   * @see https://docs.aws.amazon.com/ram/latest/userguide/getting-started-sharing.html#getting-started-sharing-orgs
   */
  readonly organizationArn: string;
  /**
   * Private ASN of the Amazon side (64512-65534 or 4200000000-4294967294). Changing it replaces the
   * transit gateway and every attachment. Give peered hubs distinct ASNs.
   * @default 64512
   */
  readonly amazonSideAsn?: number;
  /**
   * Segments and what each one's route table learns. Renaming one replaces its table.
   * @default DEFAULT_SEGMENTS - prod and nonprod learn themselves and shared; shared learns all
   */
  readonly segments?: Readonly<Record<string, TransitSegment>>;
  /**
   * Segment pairs that must never route to each other; a policy that would is refused.
   * @default DEFAULT_ISOLATED_SEGMENTS - prod and nonprod
   */
  readonly isolatedSegments?: readonly (readonly [string, string])[];
  /**
   * Per segment, named CIDRs its table drops (blackhole routes), e.g. the prod supernet in the
   * nonprod table: they outrank any propagated route of the same or a shorter prefix.
   * @default {}
   */
  readonly blackholes?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Refuse `terraform destroy` of the transit gateway: every attachment and route goes with it.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Provider of the hub's account and region.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Tags on every resource, besides `Name`.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * A transit gateway in the network account of one region, shared with the organization through RAM
 * (no external principals), with one route table per segment and no default route table: an
 * attachment reaches nothing until `TransitAttachment` associates it with its segment's table and
 * propagates it into the tables that learn that segment. Shared attachments are never accepted
 * automatically.
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html
 */
export class TransitHub extends Construct {
  readonly transitGatewayId: string;
  readonly transitGatewayArn: string;
  /** Route table id by segment. */
  readonly routeTableIds: Readonly<Record<string, string>>;
  readonly resourceShareArn: string;
  /** The hand-off to attachments and peerings. */
  readonly hub: TransitHubRef;

  constructor(scope: Construct, id: string, props: TransitHubProps) {
    super(scope, id);
    const segments = props.segments ?? DEFAULT_SEGMENTS;
    const issues = transitHubIssues(props, segments);
    this.node.addValidation({ validate: () => issues });
    const tags = props.tags ?? {};
    const provider = props.provider;

    const gateway = new Ec2TransitGateway(this, "resource", {
      provider,
      description: `Network hub of ${props.region}`,
      amazonSideAsn: props.amazonSideAsn ?? TRANSIT_HUB_DEFAULTS.amazonSideAsn,
      // Every attachment is placed deliberately: no default table to land in, nothing accepted unseen.
      defaultRouteTableAssociation: "disable",
      defaultRouteTablePropagation: "disable",
      autoAcceptSharedAttachments: "disable",
      dnsSupport: "enable",
      tags: { ...tags, Name: props.namePrefix },
      lifecycle: { preventDestroy: props.deletionProtection ?? true },
    });
    this.transitGatewayId = gateway.id;
    this.transitGatewayArn = gateway.arn;

    const tables: Record<string, string> = {};
    for (const segment of Object.keys(segments)) {
      const table = new Ec2TransitGatewayRouteTable(this, `${segment}_routes`, {
        provider,
        transitGatewayId: gateway.id,
        tags: { ...tags, Name: `${props.namePrefix}-${segment}` },
      });
      tables[segment] = table.id;
      for (const [name, cidr] of Object.entries(props.blackholes?.[segment] ?? {})) {
        new Ec2TransitGatewayRoute(this, `${segment}_routes_blackhole_${name}`, {
          provider,
          transitGatewayRouteTableId: table.id,
          destinationCidrBlock: cidr,
          blackhole: true,
        });
      }
    }
    this.routeTableIds = tables;

    const share = new RamResourceShare(this, "share", {
      provider,
      name: props.namePrefix,
      allowExternalPrincipals: false,
      tags: { ...tags, Name: props.namePrefix },
    });
    new RamResourceAssociation(this, "share_transit_gateway", {
      provider,
      resourceArn: gateway.arn,
      resourceShareArn: share.arn,
    });
    new RamPrincipalAssociation(this, "share_organization", {
      provider,
      principal: props.organizationArn,
      resourceShareArn: share.arn,
    });
    this.resourceShareArn = share.arn;

    this.hub = {
      transitGatewayId: gateway.id,
      region: props.region,
      accountId: props.accountId,
      routeTableIds: tables,
      segments,
    };
  }
}

/** The problem with a literal route destination, or undefined (tokens are checked by AWS). */
export function cidrIssue(cidr: string): string | undefined {
  if (Token.isUnresolved(cidr)) return undefined;
  const block = parseCidr(cidr);
  if (block === undefined) return `"${cidr}" is not an IPv4 CIDR`;
  if (!block.aligned) return `"${cidr}" has host bits set; give the network address`;
  return undefined;
}

const ORGANIZATION_ARN = /^arn:aws(?:-[a-z]+)*:organizations::\d{12}:organization\/o-[a-z0-9]{10,32}$/;

function transitHubIssues(props: TransitHubProps, segments: Readonly<Record<string, TransitSegment>>): string[] {
  const issues = segmentIssues(segments, props.isolatedSegments ?? DEFAULT_ISOLATED_SEGMENTS);
  const asn = props.amazonSideAsn ?? TRANSIT_HUB_DEFAULTS.amazonSideAsn;
  if (!isPrivateAsn(asn)) {
    issues.push(`amazonSideAsn: ${asn} is not a private ASN (64512-65534 or 4200000000-4294967294)`);
  }
  if (!Token.isUnresolved(props.organizationArn) && !ORGANIZATION_ARN.test(props.organizationArn)) {
    issues.push(
      `organizationArn: "${props.organizationArn}" is not an organization ARN (arn:aws:organizations::<management>:organization/o-…)`,
    );
  }
  if (!Token.isUnresolved(props.accountId) && !/^\d{12}$/.test(props.accountId)) {
    issues.push(`accountId: "${props.accountId}" is not a 12-digit account id`);
  }
  for (const [segment, routes] of Object.entries(props.blackholes ?? {})) {
    if (segments[segment] === undefined) issues.push(`blackholes.${segment}: "${segment}" is not a segment`);
    for (const [name, cidr] of Object.entries(routes)) {
      if (!/^[a-z][a-z0-9_]*$/.test(name)) issues.push(`blackholes.${segment}.${name}: names are snake_case`);
      const problem = cidrIssue(cidr);
      if (problem !== undefined) issues.push(`blackholes.${segment}.${name}: ${problem}`);
    }
  }
  return issues;
}
