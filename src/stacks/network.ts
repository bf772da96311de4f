import type { Construct } from "constructs";
import { cloudWatchLogsStatement, KmsKeyWithAlias } from "../../modules/kms-key";
import { AZ_LETTERS, TIERS, type PerTier } from "../../modules/vpc/layout";
import { Vpc, type DatabaseLink, type FlowLogDestination } from "../../modules/vpc";
import type { NetworkConfig, Organization } from "../config/schema";
import type { StackTarget } from "../config/topology";
import { clusterName, nameTag } from "../naming";
import type { LogArchiveRef } from "./governance";

export interface NetworkWiring {
  /** This organization's id, for the endpoint policies. */
  readonly organizationId: string;
  /** The organization log archive, the default flow-log destination. */
  readonly logArchive: LogArchiveRef;
  /** Database links this stack owns (it connects to them). */
  readonly links: DatabaseLink[];
}

/** The account-region's three-tier VPC, with flow logs where the config sends them. */
export function buildNetwork(scope: Construct, target: StackTarget, org: Organization, wiring: NetworkWiring): Vpc {
  const network = target.settings.network!;
  return new Vpc(scope, "vpc", {
    cidr: network.cidr,
    region: target.region,
    namePrefix: nameTag(org.name, target.stackId, "vpc"),
    organizationId: wiring.organizationId,
    availabilityZones: network.availabilityZones,
    availabilityZoneIds: network.availabilityZoneIds,
    eksSubnets: target.settings.cluster !== undefined,
    subnetCidrs: network.subnets === undefined ? undefined : subnetsInAzOrder(network),
    natGateways: network.natGateways ?? (target.account.environment === "prod" ? "perAz" : "single"),
    corporateCidrs: org.corporateCidrs,
    // Karpenter finds the application subnets by the `karpenter.sh/discovery` tag: the cluster's name.
    clusterName: target.settings.cluster ? clusterName(org.name, target.stackId) : undefined,
    mariadb: target.settings.databases?.mariadb !== undefined,
    flowLogs: flowLogDestination(scope, target, org, wiring.logArchive),
    databaseLinks: wiring.links,
  });
}

function subnetsInAzOrder(network: NetworkConfig): PerTier<string[]> {
  const letters = AZ_LETTERS.slice(0, network.availabilityZones);
  return Object.fromEntries(
    TIERS.map((tier) => [tier, letters.map((letter) => network.subnets![tier][letter]!)]),
  ) as unknown as PerTier<string[]>;
}

function flowLogDestination(
  scope: Construct,
  target: StackTarget,
  org: Organization,
  logArchive: LogArchiveRef,
): FlowLogDestination {
  const flowLogs = target.settings.network!.flowLogs;
  if (flowLogs.destination === "logArchive") return { type: "s3", bucketArn: logArchive.bucketArn };
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
