import { Annotations } from "cdktf";
import type { Construct } from "constructs";
import { EksCluster, type ClusterRef } from "../../../modules/eks";
import { KarpenterAws, type KarpenterRef } from "../../../modules/karpenter";
import type { NodePoolsProps } from "../../../modules/karpenter/in-cluster";
import type { Vpc } from "../../../modules/vpc";
import type { StackTarget } from "../../config/topology";
import { clusterName } from "../../naming";
import { deployRoleArn } from "../../stacks/aws-provider";
import { Slot, type CapabilityBuilder } from "../capability";
import { VPC } from "../network/build";
import { addLogGroups } from "../slots";
import { buildAddons, type AddonsWiring } from "./addons-build";
import { K8sStack } from "./k8s-stack";
import { resolveCluster, type ClusterOrganization } from "./schema";

/** The typed hand-off from an account-region stack to its `-k8s` stack (values cross as remote state). */
export interface ClusterWiring {
  /** The cluster's name, a literal (the token `get-token` needs no remote state). */
  readonly clusterName: string;
  readonly region: string;
  /** The role the -k8s stack's Helm provider authenticates as; always a cluster admin. */
  readonly deployRoleArn: string;
  readonly cluster: ClusterRef;
  readonly karpenter: KarpenterRef;
  /** Karpenter's node pools, sized from the config. */
  readonly nodePools: NodePoolsProps;
  /** The EC2NodeClass's AMI alias as the config gives it (the modules pair a default with the version). */
  readonly amiAlias?: string;
  /** Tags on what Karpenter launches (the provider's default tags do not reach those instances). */
  readonly nodeTags: Record<string, string>;
  /** The platform add-ons (`cluster.addons`): their AWS side's hand-off and their Helm side's props. */
  readonly addons?: AddonsWiring;
}

/** The account-region's cluster, as its `-k8s` stack gets it. */
export const CLUSTER = new Slot<ClusterWiring>("cluster");

/** EKS and Karpenter's AWS side in the account-region stack, and its `-k8s` stack beside it. */
export const clusterBuilder: CapabilityBuilder<ClusterOrganization> = {
  build(context) {
    const vpc = context.get(VPC);
    if (context.target.settings.cluster === undefined || vpc === undefined) return;
    const wiring = buildCluster(context.scope, context.target, context.org, vpc);
    context.provide(CLUSTER, wiring);
    addLogGroups(context, wiring.addons?.archivedLogGroups ?? []);
    // The cluster's Kubernetes layer: its own stack, since its Helm provider needs the cluster's outputs.
    new K8sStack(context.app, context.target, context.org, wiring);
  },
};

/**
 * The account-region's EKS cluster in the VPC's application subnets, and Karpenter's AWS side.
 * The deploy role is always among the admins: the -k8s stack deploys as it.
 */
function buildCluster(
  scope: Construct,
  target: StackTarget<ClusterOrganization>,
  org: ClusterOrganization,
  vpc: Vpc,
): ClusterWiring {
  const config = resolveCluster(target.settings.cluster!, target.account.environment);
  const name = clusterName(org.name, target.stackId);
  const deployRole = deployRoleArn(org, target.accountName)!; // the config check requires one
  const eks = new EksCluster(scope, "eks", {
    name,
    accountId: target.accountId,
    region: target.region,
    network: vpc,
    adminRoleArns: [deployRole, ...config.adminRoleArns.filter((arn) => arn !== deployRole)],
    kubernetesVersion: config.kubernetesVersion,
    addonVersions: config.addonVersions,
    endpointAccess: config.endpointAccess,
    supportType: config.supportType,
    logRetentionDays: config.logRetentionDays,
    systemNodes: config.systemNodes,
    ecrRepositories: config.ecrRepositories,
  });
  if (config.supportType === "EXTENDED") {
    Annotations.of(scope).addWarning(
      `${target.path}.cluster.supportType is EXTENDED: ${name} is billed per cluster-hour for extended support once its Kubernetes version leaves standard support`,
    );
  }
  const karpenter = new KarpenterAws(scope, "karpenter", {
    cluster: eks.ref,
    nodeRoleName: `${name}-karpenter-node`,
    amiAlias: config.amiAlias,
  });
  return {
    clusterName: name,
    region: target.region,
    deployRoleArn: deployRole,
    cluster: eks.ref,
    karpenter: karpenter.ref,
    nodePools: {
      limits: config.nodePools.limits,
      capacity: config.nodePools.capacity,
      onDemandFloor: config.nodePools.onDemandFloor,
      terminationGracePeriod: config.nodePools.terminationGracePeriod,
    },
    amiAlias: config.amiAlias,
    addons: config.addons && buildAddons(scope, config.addons, eks.ref, vpc, config.logRetentionDays),
    nodeTags: {
      ...org.tags,
      Organization: org.name,
      Account: target.accountName,
      Environment: target.account.environment,
      Cluster: name,
      ManagedBy: "karpenter",
    },
  };
}
