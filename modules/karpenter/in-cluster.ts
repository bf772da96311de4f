import { Release } from "@cdktf/provider-helm/lib/release";
import { AssetType, TerraformAsset, Token, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { stringify } from "yaml";
import { SYSTEM_PLACEMENT, type ClusterRef } from "../eks";
import { amiAliasIssues, defaultAmiAlias } from "./ami";
import { localChartPath } from "./chart-path";
import { DEFAULTS, type KarpenterRef } from "./index";

/** Extra defaults of the in-cluster side; versions live in `DEFAULTS` of `./index`. */
export const IN_CLUSTER_DEFAULTS = {
  controllerReplicas: 2,
  controllerResources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { memory: "1Gi" } },
  rootVolumeSize: "50Gi",
  instanceCategories: ["c", "m", "r"],
  architectures: ["amd64"],
  instanceGenerationGreaterThan: 2,
  consolidateAfter: "30s",
  expireAfter: "720h",
  terminationGracePeriod: "48h",
  disruptionBudgetNodes: "10%",
  generalWeight: 10,
  onDemandFloorWeight: 100,
} as const;

/** A NodePool's cap: whole vCPUs and a Kubernetes memory quantity (`400Gi`). */
export interface ResourceLimits {
  readonly cpu: number;
  readonly memory: string;
}

/** Karpenter's pools, by environment: spot-first for dev and staging, an on-demand floor for prod. */
export interface NodePoolsProps {
  /** Cap of the general pool: Karpenter launches nothing beyond it. */
  readonly limits: ResourceLimits;
  /**
   * `"spot-first"`: spot and on-demand allowed; Karpenter launches spot whenever it is offered and falls
   * back to on-demand. `"spot-only"`: never on-demand (cheapest; pods wait when spot is short).
   * @default "spot-first"
   */
  readonly capacity?: "spot-first" | "spot-only";
  /**
   * An on-demand-only pool with a higher weight (100 against 10), filled first up to these limits: the
   * first capacity is always on-demand, the rest spot-first. A preference of Karpenter's scheduler, not a
   * reservation: it launches nothing until pods need it.
   * @default - none
   */
  readonly onDemandFloor?: ResourceLimits;
  /** @default ["c", "m", "r"] */
  readonly instanceCategories?: readonly string[];
  /**
   * CPU architectures; add `arm64` (Graviton) only when every image is multi-arch.
   * @default ["amd64"]
   */
  readonly architectures?: readonly ("amd64" | "arm64")[];
  /** How long a node stays empty or underutilized before consolidation. @default "30s" */
  readonly consolidateAfter?: string;
  /** Node lifetime before replacement. @default "720h" */
  readonly expireAfter?: string;
  /**
   * Longest a node may drain: then Karpenter deletes the pods still there, whatever their PodDisruptionBudget
   * or `karpenter.sh/do-not-disrupt` says, so that no blocking budget holds an expired or drifted node
   * forever. Pods get their own grace period within it. Changing it drifts (replaces) every node.
   * @default "48h"
   * @see https://karpenter.sh/v1.8/concepts/nodepools/#spectemplatespecterminationgraceperiod
   */
  readonly terminationGracePeriod?: string;
}

export interface KarpenterInClusterProps {
  /** The cluster (`EksCluster.ref`, across stacks). */
  readonly cluster: Pick<
    ClusterRef,
    "clusterName" | "endpoint" | "vpcId" | "region" | "nodeSecurityGroupId" | "kubernetesVersion" | "nodeVolumeKeyArn"
  >;
  /** The AWS side (`KarpenterAws.ref`). */
  readonly karpenter: KarpenterRef;
  readonly nodePools: NodePoolsProps;
  /**
   * Version of the `karpenter` and `karpenter-crd` charts (they move together).
   * @default DEFAULTS.karpenterVersion
   */
  readonly karpenterVersion?: string;
  /**
   * Install the AWS Load Balancer Controller (its role comes from `KarpenterAws`).
   * @default true
   */
  readonly loadBalancerController?: boolean;
  /** @default DEFAULTS.loadBalancerControllerVersion */
  readonly loadBalancerControllerVersion?: string;
  /**
   * EKS-optimized AL2023 release of Karpenter's nodes; changing it replaces them all (drift, within budgets).
   * It must be built for the cluster's Kubernetes version: pass the same as to `KarpenterAws`, whose plan checks it.
   * @default - AMI_ALIASES for the cluster's Kubernetes version
   */
  readonly amiAlias?: string;
  /** Root volume of Karpenter's nodes (encrypted gp3). @default "50Gi" */
  readonly rootVolumeSize?: string;
  /**
   * Tags on the instances, volumes and interfaces Karpenter launches.
   * @default {}
   */
  readonly nodeTags?: Record<string, string>;
  /**
   * Helm provider of the releases.
   * @default - the stack's default `helm` provider
   */
  readonly provider?: TerraformProvider;
}

interface Toleration {
  readonly key: string;
  readonly operator: "Exists" | "Equal";
  readonly effect?: string;
}

/** Values of the `karpenter` chart this module sets (the chart's defaults cover the rest). */
export interface KarpenterChartValues {
  readonly serviceAccount: { readonly create: boolean; readonly name: string };
  readonly settings: {
    readonly clusterName: string;
    readonly clusterEndpoint: string;
    readonly interruptionQueue: string;
  };
  readonly replicas: number;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  readonly controller: {
    readonly resources: typeof IN_CLUSTER_DEFAULTS.controllerResources;
    /**
     * AWS_REGION: Karpenter reads its region from IMDS only when it is unset, and hop limit 1 keeps pods from
     * IMDS. `controller.env` is the chart's list of extra environment variables.
     * @see https://github.com/aws/karpenter-provider-aws/blob/v1.8.8/pkg/operator/operator.go
     */
    readonly env: readonly { readonly name: string; readonly value: string }[];
  };
}

/** Values of `charts/karpenter-nodepools` (its values.yaml, typed). */
export interface NodePoolsChartValues {
  readonly clusterName: string;
  readonly nodeRole: string;
  readonly amiAlias: string;
  readonly kmsKeyId: string;
  readonly securityGroupIds: readonly string[];
  readonly rootVolumeSize: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly general: {
    readonly weight: number;
    readonly capacityTypes: readonly ("spot" | "on-demand")[];
    readonly instanceCategories: readonly string[];
    readonly architectures: readonly string[];
    readonly instanceGenerationGreaterThan: string;
    readonly consolidateAfter: string;
    readonly expireAfter: string;
    readonly terminationGracePeriod: string;
    readonly disruptionBudgetNodes: string;
    readonly limits: { readonly cpu: string; readonly memory: string };
  };
  readonly onDemandFloor: {
    readonly enabled: boolean;
    readonly weight: number;
    readonly limits: { readonly cpu: string; readonly memory: string };
  };
}

/** Values of the `aws-load-balancer-controller` chart this module sets. */
export interface LoadBalancerControllerChartValues {
  readonly clusterName: string;
  readonly region: string;
  readonly vpcId: string;
  readonly replicaCount: number;
  /**
   * Its webhooks fail closed (failurePolicy Fail): a budget keeps one of the two replicas serving while nodes
   * drain. The chart renders it only with more than one replica.
   * @see https://github.com/aws/eks-charts/blob/master/stable/aws-load-balancer-controller/values.yaml
   */
  readonly podDisruptionBudget: { readonly maxUnavailable: number };
  readonly serviceAccount: { readonly create: boolean; readonly name: string };
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

/** Helm `values` entry: YAML, never folded (a folded line would split a Terraform reference). */
export function helmValues(values: object): string[] {
  return [stringify(values, { lineWidth: 0 })];
}

const MEMORY = /^[1-9]\d*(Mi|Gi|Ti)$/;
const DURATION = /^(\d+h)?(\d+m)?(\d+s)?$/;

function limitsIssues(path: string, limits: ResourceLimits): string[] {
  const issues: string[] = [];
  if (!Number.isInteger(limits.cpu) || limits.cpu < 1) {
    issues.push(`${path}.cpu: ${limits.cpu} must be a whole number of vCPUs, at least 1`);
  }
  if (!MEMORY.test(limits.memory)) issues.push(`${path}.memory: "${limits.memory}" is not a quantity like "400Gi"`);
  return issues;
}

function inClusterIssues(
  props: KarpenterInClusterProps,
  amiAlias: string | undefined,
  rootVolumeSize: string,
): string[] {
  const pools = props.nodePools;
  const issues = limitsIssues("nodePools.limits", pools.limits);
  if (pools.onDemandFloor !== undefined) issues.push(...limitsIssues("nodePools.onDemandFloor", pools.onDemandFloor));
  for (const field of ["consolidateAfter", "expireAfter", "terminationGracePeriod"] as const) {
    const value = pools[field];
    if (value !== undefined && (value === "" || !DURATION.test(value))) {
      issues.push(`nodePools.${field}: "${value}" is not a duration like "30s" or "720h"`);
    }
  }
  if (pools.instanceCategories !== undefined && pools.instanceCategories.length === 0) {
    issues.push("nodePools.instanceCategories: give at least one category");
  }
  if (pools.architectures !== undefined && pools.architectures.length === 0) {
    issues.push("nodePools.architectures: give at least one architecture");
  }
  if (pools.terminationGracePeriod !== undefined && /^(0+[hms])+$/.test(pools.terminationGracePeriod)) {
    issues.push("nodePools.terminationGracePeriod: must be longer than 0s, or every pod is deleted without draining");
  }
  issues.push(...amiAliasIssues(amiAlias, props.cluster.kubernetesVersion).map((message) => `amiAlias: ${message}`));
  if (!MEMORY.test(rootVolumeSize)) issues.push(`rootVolumeSize: "${rootVolumeSize}" is not a quantity like "50Gi"`);
  if (Token.isUnresolved(props.karpenter.nodeRoleName)) {
    issues.push("karpenter.nodeRoleName: must be the literal role name the EC2NodeClass names");
  }
  return issues;
}

/**
 * Karpenter's in-cluster side, for the `<account>-<region>-k8s` stack: the `karpenter-crd` and `karpenter`
 * releases on the system nodes, the EC2NodeClass and NodePools of `charts/karpenter-nodepools`, and the
 * AWS Load Balancer Controller.
 */
export class KarpenterInCluster extends Construct {
  /** The `karpenter` release, for anything that needs Karpenter running first. */
  readonly release: Release;

  constructor(scope: Construct, id: string, props: KarpenterInClusterProps) {
    super(scope, id);
    const version = props.karpenterVersion ?? DEFAULTS.karpenterVersion;
    const amiAlias = props.amiAlias ?? defaultAmiAlias(props.cluster.kubernetesVersion);
    const rootVolumeSize = props.rootVolumeSize ?? IN_CLUSTER_DEFAULTS.rootVolumeSize;
    const issues = inClusterIssues(props, amiAlias, rootVolumeSize);
    this.node.addValidation({ validate: () => issues });
    const common = { namespace: DEFAULTS.namespace, provider: props.provider, wait: true, cleanupOnFail: true };

    const crds = new Release(this, "crd", {
      ...common,
      name: "karpenter-crd",
      repository: DEFAULTS.karpenterRepository,
      chart: "karpenter-crd",
      version,
    });

    const karpenterValues: KarpenterChartValues = {
      serviceAccount: { create: true, name: DEFAULTS.serviceAccounts.karpenter },
      settings: {
        clusterName: props.cluster.clusterName,
        clusterEndpoint: props.cluster.endpoint,
        interruptionQueue: props.karpenter.interruptionQueueName,
      },
      replicas: IN_CLUSTER_DEFAULTS.controllerReplicas,
      nodeSelector: SYSTEM_PLACEMENT.nodeSelector,
      tolerations: SYSTEM_PLACEMENT.tolerations,
      controller: {
        resources: IN_CLUSTER_DEFAULTS.controllerResources,
        env: [{ name: "AWS_REGION", value: props.cluster.region }],
      },
    };
    this.release = new Release(this, "resource", {
      ...common,
      name: "karpenter",
      repository: DEFAULTS.karpenterRepository,
      chart: "karpenter",
      version,
      // The CRDs come from karpenter-crd, which (unlike a chart's crds/ folder) Helm also upgrades.
      skipCrds: true,
      values: helmValues(karpenterValues),
      dependsOn: [crds],
    });

    const pools = props.nodePools;
    const nodePoolValues: NodePoolsChartValues = {
      clusterName: props.cluster.clusterName,
      nodeRole: props.karpenter.nodeRoleName,
      amiAlias: amiAlias ?? "",
      kmsKeyId: props.cluster.nodeVolumeKeyArn,
      securityGroupIds: [props.cluster.nodeSecurityGroupId],
      rootVolumeSize,
      tags: props.nodeTags ?? {},
      general: {
        weight: IN_CLUSTER_DEFAULTS.generalWeight,
        capacityTypes: (pools.capacity ?? "spot-first") === "spot-only" ? ["spot"] : ["spot", "on-demand"],
        instanceCategories: pools.instanceCategories ?? IN_CLUSTER_DEFAULTS.instanceCategories,
        architectures: pools.architectures ?? IN_CLUSTER_DEFAULTS.architectures,
        instanceGenerationGreaterThan: String(IN_CLUSTER_DEFAULTS.instanceGenerationGreaterThan),
        consolidateAfter: pools.consolidateAfter ?? IN_CLUSTER_DEFAULTS.consolidateAfter,
        expireAfter: pools.expireAfter ?? IN_CLUSTER_DEFAULTS.expireAfter,
        terminationGracePeriod: pools.terminationGracePeriod ?? IN_CLUSTER_DEFAULTS.terminationGracePeriod,
        disruptionBudgetNodes: IN_CLUSTER_DEFAULTS.disruptionBudgetNodes,
        limits: { cpu: String(pools.limits.cpu), memory: pools.limits.memory },
      },
      onDemandFloor: {
        enabled: pools.onDemandFloor !== undefined,
        weight: IN_CLUSTER_DEFAULTS.onDemandFloorWeight,
        limits: {
          cpu: String(pools.onDemandFloor?.cpu ?? 1),
          memory: pools.onDemandFloor?.memory ?? "1Gi",
        },
      },
    };
    // Copied into the stack's folder (assets/<name>/<hash>), so Terraform finds it wherever it runs.
    const chart = new TerraformAsset(this, "nodepools_chart", {
      path: localChartPath("karpenter-nodepools"),
      type: AssetType.DIRECTORY,
    });
    new Release(this, "nodepools", {
      ...common,
      name: "karpenter-nodepools",
      chart: chart.path,
      values: helmValues(nodePoolValues),
      // The NodePool and EC2NodeClass CRDs, and Karpenter's validation, must be there first.
      dependsOn: [this.release],
    });

    if (props.loadBalancerController ?? true) {
      const lbValues: LoadBalancerControllerChartValues = {
        clusterName: props.cluster.clusterName,
        region: props.cluster.region,
        vpcId: props.cluster.vpcId,
        replicaCount: 2,
        podDisruptionBudget: { maxUnavailable: 1 },
        serviceAccount: { create: true, name: DEFAULTS.serviceAccounts.loadBalancerController },
        nodeSelector: SYSTEM_PLACEMENT.nodeSelector,
        tolerations: SYSTEM_PLACEMENT.tolerations,
      };
      new Release(this, "lb_controller", {
        ...common,
        name: "aws-load-balancer-controller",
        repository: DEFAULTS.loadBalancerControllerRepository,
        chart: "aws-load-balancer-controller",
        version: props.loadBalancerControllerVersion ?? DEFAULTS.loadBalancerControllerVersion,
        values: helmValues(lbValues),
        // Its Service webhook intercepts every Service from then on: install it after Karpenter's.
        dependsOn: [this.release],
      });
    }
  }
}
