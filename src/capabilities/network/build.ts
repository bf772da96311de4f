import type { Construct } from "constructs";
import { cloudWatchLogsStatement, KmsKeyWithAlias } from "../../../modules/kms-key";
import { AZ_LETTERS, TIERS, type PerTier } from "../../../modules/vpc/layout";
import { Vpc, type FlowLogDestination } from "../../../modules/vpc";
import { databaseLinkFor, VpcPeering } from "../../../modules/vpc-peering";
import { stackTargets, type StackTarget } from "../../config/topology";
import { nameTag, terraformName } from "../../naming";
import { Slot, type BuildContext, type CapabilityBuilder } from "../capability";
import type { NetworkConfig, NetworkOrganization } from "./schema";

/** The account-region's VPC, for the capabilities in it and the stacks linked to it. */
export const VPC = new Slot<Vpc>("vpc");

/**
 * The account-region's three-tier VPC, with flow logs where the config sends them, and the
 * cross-region links this stack owns: the peering, its routes, and the peer's side of the rules
 * (the peer's VPC comes from its stack, built first).
 */
export const networkBuilder: CapabilityBuilder<NetworkOrganization> = {
  build(context) {
    const { target, org } = context;
    const network = target.settings.network;
    if (network === undefined) return;
    const peers = new Map(stackTargets(org).map((t) => [t.stackId, t]));
    const links = Object.entries(network.peers).map(([peerId, link]) => ({
      peer: peers.get(peerId)!,
      vpc: context.get(VPC, peerId)!,
      name: terraformName([peerId]),
      ports: link.ports,
    }));
    const vpc = new Vpc(context.scope, "vpc", {
      cidr: network.cidr,
      region: target.region,
      namePrefix: nameTag(org.name, target.stackId, "vpc"),
      organizationId: context.organizationId(),
      availabilityZones: network.availabilityZones,
      availabilityZoneIds: network.availabilityZoneIds,
      eksSubnets: context.needs.clusterName !== undefined,
      subnetCidrs: network.subnets === undefined ? undefined : subnetsInAzOrder(network),
      natGateways: network.natGateways ?? (target.account.environment === "prod" ? "perAz" : "single"),
      corporateCidrs: org.corporateCidrs,
      // Karpenter finds the application subnets by the `karpenter.sh/discovery` tag: the cluster's name.
      clusterName: context.needs.clusterName,
      // PostgreSQL's 5432, then what the capabilities in the database tier ask for (MariaDB's 3306).
      databasePorts: [5432, ...(context.needs.databasePorts ?? []).filter((port) => port !== 5432)],
      // A load balancer's group, and the application tier open to the public tier on its targets' ports only.
      ...(context.needs.loadBalancer
        ? { loadBalancer: true, applicationPorts: context.needs.applicationPorts, nodePorts: context.needs.nodePorts }
        : {}),
      // Other VPCs of the transit hub: their ports in and out of the application tier, other segments denied.
      transitPeers: context.needs.transitPeers,
      flowLogs: flowLogDestination(context.scope, target, org, context),
      databaseLinks: links.map((link) => databaseLinkFor(link.name, link.vpc.databaseTier, link.ports, "connect")),
    });
    for (const link of links) {
      new VpcPeering(context.scope, `link_${link.name}`, {
        local: vpc.databaseTier,
        peer: link.vpc.databaseTier,
        peerProvider: context.providerOf(link.peer.accountName, link.peer.region, `peer_${link.name}`),
        ports: link.ports,
        localSide: "connect",
        peerOwnerId: link.peer.accountId,
        name: nameTag(org.name, target.stackId, "to", link.peer.stackId),
      });
    }
    context.provide(VPC, vpc);
  },
};

function subnetsInAzOrder(network: NetworkConfig): PerTier<string[]> {
  const letters = AZ_LETTERS.slice(0, network.availabilityZones);
  return Object.fromEntries(
    TIERS.map((tier) => [tier, letters.map((letter) => network.subnets![tier][letter]!)]),
  ) as unknown as PerTier<string[]>;
}

function flowLogDestination(
  scope: Construct,
  target: StackTarget<NetworkOrganization>,
  org: NetworkOrganization,
  context: BuildContext<NetworkOrganization>,
): FlowLogDestination {
  const flowLogs = target.settings.network!.flowLogs;
  if (flowLogs.destination === "logArchive") return { type: "s3", bucketArn: context.logArchive.bucketArn };
  const key = new KmsKeyWithAlias(scope, "flow_logs_key", {
    alias: nameTag(org.name, target.stackId, "flow-logs"),
    description: "VPC flow logs of this account-region",
    accountId: target.accountId,
    policyStatements: [cloudWatchLogsStatement(target.region, `arn:aws:logs:${target.region}:${target.accountId}:*`)],
  });
  return {
    type: "cloudwatch",
    kmsKeyArn: key.keyArn,
    accountId: target.accountId,
    retentionDays: flowLogs.retentionDays,
  };
}
