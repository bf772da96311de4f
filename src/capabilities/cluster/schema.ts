import { z } from "zod";
import { DEFAULTS as EKS_DEFAULTS, type AddonName } from "../../../modules/eks/defaults";
import { LOG_RETENTION_DAYS, SECURITY_GROUP_ID, SUPPORT_TYPES } from "../../../modules/eks/checks";
import { ECR_REPOSITORY_NAME } from "../../../modules/eks/ecr";
import { AMI_ALIAS } from "../../../modules/karpenter/ami";
import { cidr } from "../../config/primitives";
import type { CoreOrganization, OrganizationWith } from "../../config/shapes";
import type { AccountOf } from "../../config/topology";
import type { NETWORK_FRAGMENT } from "../network/schema";
import { AddonsSchema } from "./addons-schema";

/** An IAM role ARN, with an optional path: `arn:aws:iam::123456789012:role/platform/admins`. */
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** The system node group runs cluster-critical pods only; workloads scale through Karpenter's pools. */
export const SYSTEM_NODE_RANGE = { min: 2, max: 20 } as const;

const memory = z.string().regex(/^[1-9]\d*(Mi|Gi|Ti)$/, 'must be a memory quantity such as "400Gi"');

/** A Kubernetes duration as Karpenter's NodePool accepts it: hours, minutes, seconds. */
const duration = z.string().regex(/^([0-9]+(s|m|h))+$/, 'must be a duration such as "48h" or "90m"');

/** A NodePool's cap: whole vCPUs and a Kubernetes memory quantity. */
const ResourceLimitsSchema = z.strictObject({
  cpu: z.number().int("must be a whole number of vCPUs").min(1, "must be at least 1 vCPU"),
  memory,
});

const nodeCount = z.number().int("must be a whole number of nodes");

const SystemNodesSchema = z.strictObject({
  /** Changing it replaces the node group (the new one first). @default - the environment's profile */
  instanceType: z
    .string()
    .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type such as t3.medium")
    .optional(),
  /** @default - the environment's profile: 2 (dev, staging), 3 (prod) */
  minSize: nodeCount.optional(),
  /** @default - the environment's profile: 2 (dev, staging), 3 (prod) */
  desiredSize: nodeCount.optional(),
  /** @default - the environment's profile: 3 (dev, staging), 5 (prod) */
  maxSize: nodeCount.optional(),
  /** Encrypted gp3 root volume. @default 50 */
  diskSizeGib: z.number().int().min(20).max(16384).optional(),
});

const NodePoolsSchema = z.strictObject({
  /** Cap of the general pool: Karpenter launches nothing beyond it. */
  limits: ResourceLimitsSchema,
  /**
   * `spot-first`: spot and on-demand allowed, spot whenever it is offered; `spot-only`: never on-demand.
   * @default "spot-first"
   */
  capacity: z.enum(["spot-first", "spot-only"]).default("spot-first"),
  /**
   * An on-demand pool Karpenter fills first, up to these limits; required in prod.
   * @default - none
   */
  onDemandFloor: ResourceLimitsSchema.optional(),
  /**
   * Longest a node may drain before Karpenter deletes the pods a PodDisruptionBudget still protects, so that
   * no blocking budget holds an expired node forever. Changing it replaces every node.
   * @default "48h" (modules/karpenter IN_CLUSTER_DEFAULTS)
   */
  terminationGracePeriod: duration.optional(),
});

/** Who reaches the cluster's API server (443) besides its nodes. */
const EndpointAccessSchema = z.strictObject({
  /**
   * Networks routed to the VPC (peered VPCs, VPN or Direct Connect through a transit gateway) that reach the
   * private endpoint: admitted by the cluster security group and the application network ACL. @default []
   */
  privateCidrs: z.array(cidr).default([]),
  /** Security groups of this VPC (a CI runner's, a Client VPN endpoint's) that reach the private endpoint. @default [] */
  privateSecurityGroupIds: z
    .array(z.string().regex(SECURITY_GROUP_ID, "must be a security group id such as sg-0123456789abcdef0"))
    .default([]),
  /** Public CIDRs of the public endpoint, which is off without them (fails Security Hub EKS.1). @default [] */
  publicCidrs: z.array(cidr).default([]),
});

/** EKS with Karpenter in an account-region (needs `network`): the cluster and its `<stack>-k8s` stack. */
export const ClusterSchema = z.strictObject({
  /**
   * IAM roles with cluster-admin access entries, besides the deploy role (always added: the -k8s
   * stack deploys as it). Roles only, never users. @default []
   */
  adminRoleArns: z
    .array(z.string().regex(ROLE_ARN, "must be an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)"))
    .default([]),
  /** Kubernetes minor version; raising it upgrades in place. @default "1.33" (modules/eks DEFAULTS) */
  kubernetesVersion: z
    .string()
    .regex(/^1\.\d{2}$/, 'must be a Kubernetes minor version such as "1.33"')
    .optional(),
  /**
   * EKS add-on builds replacing the pinned ones; a `kubernetesVersion` change needs at least kube-proxy's.
   * @default - modules/eks DEFAULTS.addonVersions (builds for 1.33)
   */
  addonVersions: z
    .partialRecord(
      z.enum(Object.keys(EKS_DEFAULTS.addonVersions) as [AddonName, ...AddonName[]]),
      z.string().regex(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/, "must be an EKS add-on build such as v1.33.0-eksbuild.2"),
    )
    .default({}),
  /**
   * Who reaches the API server: private CIDRs and security groups, public CIDRs.
   * @default {} - the private endpoint, for the nodes and the `<cluster>-api-clients` security group only
   */
  endpointAccess: EndpointAccessSchema.default({ privateCidrs: [], privateSecurityGroupIds: [], publicCidrs: [] }),
  /** Replaced by `endpointAccess.publicCidrs`; reported with the fix. */
  publicAccessCidrs: z
    .never({ error: "has moved: write endpointAccess: { publicCidrs: [...] } with the same CIDRs" })
    .optional(),
  /**
   * EKS-optimized AL2023 release of Karpenter's nodes (`al2023@v<YYYYMMDD>`), built for `kubernetesVersion`.
   * @default - the release paired with the Kubernetes version (modules/karpenter/ami.ts AMI_ALIASES)
   */
  amiAlias: z.string().regex(AMI_ALIAS, 'must be a pinned AL2023 release such as "al2023@v20250715"').optional(),
  /**
   * At the end of standard support: `STANDARD` upgrades the control plane automatically, `EXTENDED` keeps the
   * version at a per-cluster-hour charge. @default "STANDARD"
   */
  supportType: z.enum(SUPPORT_TYPES).default("STANDARD"),
  /** The always-on system node group. @default - the environment's profile */
  systemNodes: SystemNodesSchema.default({}),
  /** Karpenter's node pools; dev and staging prefer spot, prod keeps an on-demand floor. */
  nodePools: NodePoolsSchema,
  /** ECR repositories of the services, by repository name. @default [] */
  ecrRepositories: z
    .array(z.string().regex(ECR_REPOSITORY_NAME, "must be an ECR repository name such as orders-api"))
    .default([]),
  /** Retention of the control-plane logs. @default - the environment's profile: 30 (dev), 90 (staging), 365 (prod) */
  logRetentionDays: z
    .number()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      message: `must be a CloudWatch Logs retention (${LOG_RETENTION_DAYS.join(", ")})`,
    })
    .optional(),
  /**
   * Platform add-ons: namespaces with quotas, metrics-server, the Secrets Store CSI driver and ASCP, Fluent Bit,
   * Argo CD, Prometheus/Grafana, Vault, Container Insights; each off unless given. @default - none
   */
  addons: AddonsSchema.optional(),
});

export type ClusterConfig = z.output<typeof ClusterSchema>;
export type ResourceLimitsConfig = z.output<typeof ResourceLimitsSchema>;

/** What the environment decides when the config leaves it out. */
export const CLUSTER_PROFILES = {
  dev: {
    systemNodes: { instanceType: "t3.medium", minSize: 2, desiredSize: 2, maxSize: 3, diskSizeGib: 50 },
    logRetentionDays: 30,
  },
  staging: {
    systemNodes: { instanceType: "t3.medium", minSize: 2, desiredSize: 2, maxSize: 3, diskSizeGib: 50 },
    logRetentionDays: 90,
  },
  prod: {
    systemNodes: { instanceType: "m6i.large", minSize: 3, desiredSize: 3, maxSize: 5, diskSizeGib: 50 },
    logRetentionDays: 365,
  },
} as const satisfies Record<AccountOf<CoreOrganization>["environment"], object>;

/** A cluster's config with the environment's profile filled in: what the stacks build from. */
export interface ResolvedCluster extends Omit<ClusterConfig, "systemNodes" | "logRetentionDays"> {
  readonly systemNodes: {
    readonly instanceType: string;
    readonly minSize: number;
    readonly desiredSize: number;
    readonly maxSize: number;
    readonly diskSizeGib: number;
  };
  readonly logRetentionDays: number;
}

/** Fills what the config leaves out from the environment's profile; resolved once, here. */
export function resolveCluster(
  cluster: ClusterConfig,
  environment: AccountOf<CoreOrganization>["environment"],
): ResolvedCluster {
  const profile = CLUSTER_PROFILES[environment];
  const given = Object.fromEntries(Object.entries(cluster.systemNodes).filter(([, value]) => value !== undefined));
  return {
    ...cluster,
    systemNodes: { ...profile.systemNodes, ...given },
    logRetentionDays: cluster.logRetentionDays ?? profile.logRetentionDays,
  };
}

/** The cluster capability's key on an account-region. */
export const CLUSTER_FRAGMENT = {
  /** EKS with Karpenter (needs `network`), plus a `<stack>-k8s` stack for what runs in it. @default - none */
  cluster: ClusterSchema.optional(),
};

/** An organization as the cluster capability sees it: a cluster sits in the network's application tier. */
export type ClusterOrganization = OrganizationWith<typeof NETWORK_FRAGMENT & typeof CLUSTER_FRAGMENT>;
