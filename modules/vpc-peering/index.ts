import { Route } from "@cdktf/provider-aws/lib/route";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { VpcPeeringConnection } from "@cdktf/provider-aws/lib/vpc-peering-connection";
import { VpcPeeringConnectionAccepterA } from "@cdktf/provider-aws/lib/vpc-peering-connection-accepter";
import { Token, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { cidrsOverlap, parseCidr } from "../network-acl/cidr";
import { addNaclRules, linkRules } from "../network-acl";
import type { DatabaseLink, DatabaseTierRef } from "../vpc";

export interface VpcPeeringProps {
  /** The requester: this stack's database tier (`vpc.databaseTier`), on the stack's default provider. */
  readonly local: DatabaseTierRef;
  /** The accepter: the peer region's database tier (`peerVpc.databaseTier`, a cross-stack reference). */
  readonly peer: DatabaseTierRef;
  /** AWS provider of the peer's account and region (an aliased provider in this stack). */
  readonly peerProvider: TerraformProvider;
  /**
   * TCP ports of the link on the serving side, e.g. `[3306]`.
   * Give the same ports and side to the local `Vpc`'s `databaseLinks` (see `databaseLinkFor`).
   */
  readonly ports: readonly number[];
  /**
   * Which end the local database tier is: `serve` (the peer reaches `ports` here) or `connect`
   * (the local tier reaches `ports` in the peer, whose ACL and security group this construct opens).
   * @default "serve"
   */
  readonly localSide?: "serve" | "connect";
  /** `Name` tag of the peering connection, e.g. `acme-prod-ca-central-1-to-prod-us-east-1`. */
  readonly name: string;
  /**
   * Account that owns the peer VPC.
   * @default - the requester's account
   */
  readonly peerOwnerId?: string;
  /**
   * First rule number of the link's rules in the peer's database ACL: return traffic in at
   * `base + subnet`, the ports out at `base + 10 * (port + 1) + subnet`. Must not clash with the
   * peer VPC's own rules (100-120, its own links at 200+); AWS rejects a clash at apply time.
   * @default 300
   */
  readonly peerRuleNumberBase?: number;
  /**
   * Tags of the peering connection, besides `Name`.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/** The local `Vpc`'s `databaseLinks` entry matching a peering: same ports and side, the peer's database subnets. */
export function databaseLinkFor(
  name: string,
  peer: DatabaseTierRef,
  ports: readonly number[],
  side: "serve" | "connect" = "serve",
): DatabaseLink {
  return { name, peerDatabaseCidrs: Object.values(peer.subnetCidrs), ports, side };
}

/**
 * A cross-region VPC peering between two database tiers: the connection (requester here, accepter
 * with the peer provider), routes between the database subnets only, and the peer database ACL's
 * rules for the link's ports (out) and their return traffic (in). Nothing else crosses.
 */
export class VpcPeering extends Construct {
  /** The peering connection id. */
  readonly peeringConnectionId: string;

  constructor(scope: Construct, id: string, props: VpcPeeringProps) {
    super(scope, id);
    const issues: string[] = [];
    props.ports.forEach((port, i) => {
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        issues.push(`ports[${i}]: ${port} is not a TCP port (1-65535)`);
    });
    if (props.ports.length === 0) issues.push("ports: give at least one port the peer may reach");
    for (const [side, ref] of [
      ["local", props.local],
      ["peer", props.peer],
    ] as const) {
      for (const key of [...Object.keys(ref.subnetCidrs), ...Object.keys(ref.routeTableIds)]) {
        if (!/^[a-z][a-z0-9_]*$/.test(key)) issues.push(`${side}: key "${key}" must be snake_case (it names routes)`);
      }
    }
    const local = Token.isUnresolved(props.local.cidr) ? undefined : parseCidr(props.local.cidr);
    const peer = Token.isUnresolved(props.peer.cidr) ? undefined : parseCidr(props.peer.cidr);
    if (local !== undefined && peer !== undefined && cidrsOverlap(local, peer)) {
      issues.push(
        `peer.cidr: ${props.peer.cidr} overlaps local.cidr ${props.local.cidr}; peered VPCs need distinct CIDRs`,
      );
    }
    if (props.local.region === props.peer.region) {
      issues.push(`peer.region: ${props.peer.region} is the local region; this construct peers across regions`);
    }
    this.node.addValidation({ validate: () => issues });

    const connection = new VpcPeeringConnection(this, "resource", {
      vpcId: props.local.vpcId,
      peerVpcId: props.peer.vpcId,
      peerRegion: props.peer.region,
      peerOwnerId: props.peerOwnerId,
      tags: { ...props.tags, Name: props.name },
    });
    const accepter = new VpcPeeringConnectionAccepterA(this, "accepter", {
      provider: props.peerProvider,
      vpcPeeringConnectionId: connection.id,
      autoAccept: true,
      tags: { ...props.tags, Name: props.name },
    });
    // Routes reference the accepter so that they wait for the connection to be active.
    this.peeringConnectionId = accepter.id;

    for (const [side, from, to, provider] of [
      ["local", props.local, props.peer, undefined],
      ["peer", props.peer, props.local, props.peerProvider],
    ] as const) {
      for (const [tableKey, routeTableId] of Object.entries(from.routeTableIds)) {
        for (const [letter, cidr] of Object.entries(to.subnetCidrs)) {
          new Route(this, `${side}_${tableKey}_to_${letter}`, {
            provider,
            routeTableId,
            destinationCidrBlock: cidr,
            vpcPeeringConnectionId: accepter.id,
          });
        }
      }
    }

    const peerServes = props.localSide === "connect";
    addNaclRules(
      this,
      props.peer.networkAclId,
      linkRules(
        { peerDatabaseCidrs: Object.values(props.local.subnetCidrs), ports: props.ports },
        props.peerRuleNumberBase ?? 300,
        peerServes ? "serve" : "connect",
      ),
      { provider: props.peerProvider, idPrefix: "peer_nacl_", pathPrefix: "peer_nacl." },
    );
    // Security groups cannot reference across regions: a serving peer admits our database subnets by CIDR.
    if (peerServes) {
      for (const port of props.ports) {
        for (const [letter, cidr] of Object.entries(props.local.subnetCidrs)) {
          new VpcSecurityGroupIngressRule(this, `peer_database_sg_in_${port}_from_${letter}`, {
            provider: props.peerProvider,
            securityGroupId: props.peer.securityGroupId,
            description: `tcp ${port} from the peer region's database subnet ${letter}`,
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            cidrIpv4: cidr,
          });
        }
      }
    }
  }
}
