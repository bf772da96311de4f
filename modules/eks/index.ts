import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Ec2Tag } from "@cdktf/provider-aws/lib/ec2-tag";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster as AwsEksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, policyJson } from "../iam/policy";
import { cloudWatchLogsStatement, KmsKeyWithAlias } from "../kms-key";
import {
  adminIssues,
  adminKey,
  clusterNameIssues,
  ecrIssues,
  ecrKey,
  kubernetesVersionIssues,
  logRetentionIssues,
  nodeSizeIssues,
  publicAccessIssues,
} from "./checks";
import { keepLastImages } from "./ecr";
import { podIdentityRole } from "./pod-identity";

export { MAX_CLUSTER_NAME } from "./checks";
export { keepLastImages, type EcrLifecyclePolicy, type EcrLifecycleRule } from "./ecr";
export { podIdentityRole, podIdentityTrustPolicy, POD_IDENTITY_PRINCIPAL } from "./pod-identity";

/** The managed add-ons this module installs, by their EKS names. */
export type AddonName = "vpc-cni" | "kube-proxy" | "eks-pod-identity-agent" | "coredns" | "aws-ebs-csi-driver";

/**
 * Defaults resolved once. Kubernetes 1.33 is the newest version EKS offered when AWS provider 5.100.0
 * shipped (mid-2025); the add-on versions are EKS builds for 1.33 of that time. They cannot be checked
 * offline: before an upgrade, compare with `aws eks describe-addon-versions --kubernetes-version 1.33`.
 */
export const DEFAULTS = {
  kubernetesVersion: "1.33",
  addonVersions: {
    "vpc-cni": "v1.19.5-eksbuild.1",
    "kube-proxy": "v1.33.0-eksbuild.2",
    "eks-pod-identity-agent": "v1.3.7-eksbuild.2",
    coredns: "v1.12.1-eksbuild.2",
    "aws-ebs-csi-driver": "v1.45.0-eksbuild.2",
  } satisfies Record<AddonName, string>,
  systemNodes: { instanceType: "t3.medium", minSize: 2, desiredSize: 2, maxSize: 3, diskSizeGib: 50 },
  logRetentionDays: 90,
  ecrKeepImages: 10,
  ecrUntaggedDays: 1,
} as const;

/** All five control-plane log types. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/**
 * Managed policies of every node role (system nodes here, Karpenter's nodes in `modules/karpenter`).
 * ECR access is `AmazonEC2ContainerRegistryPullOnly`, the pull-only successor of `...ReadOnly`.
 */
export const NODE_MANAGED_POLICIES = {
  worker: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
  cni: "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
  ecr_pull: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
} as const;

/** The label and taint of the system node group: only pods that tolerate the taint run there. */
export const SYSTEM_NODES = {
  label: { key: "workload-type", value: "system" },
  taint: { key: "node-role.kubernetes.io/system", effect: "NoSchedule" },
} as const;

/** Kubernetes `nodeSelector` and `tolerations` that place a pod on the system nodes. */
export const SYSTEM_PLACEMENT = {
  nodeSelector: { [SYSTEM_NODES.label.key]: SYSTEM_NODES.label.value },
  tolerations: [
    { key: "CriticalAddonsOnly", operator: "Exists" },
    { key: SYSTEM_NODES.taint.key, operator: "Exists", effect: SYSTEM_NODES.taint.effect },
  ],
} as const;

/**
 * What the cluster needs of the network; a `Vpc` from `modules/vpc` is one as it is.
 * Its application subnets carry the `karpenter.sh/discovery` tag (VpcProps.clusterName = this cluster's name).
 */
export interface ClusterNetworkRef {
  readonly vpcId: string;
  readonly subnetIds: { readonly application: readonly string[] };
  readonly securityGroupIds: { readonly nodes: string };
}

/** What add-ons (Karpenter, the load balancer controller) and the -k8s stack need of a cluster. */
export interface ClusterRef {
  /** The cluster resource's name: using it makes a resource wait for the cluster. */
  readonly clusterName: string;
  readonly clusterArn: string;
  /** API server URL (`https://...`). */
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA, for provider configuration. */
  readonly certificateAuthorityData: string;
  /** The security group EKS creates for the control plane and nodes; tagged `karpenter.sh/discovery`. */
  readonly clusterSecurityGroupId: string;
  /** The VPC's node security group, attached to every node besides the cluster security group. */
  readonly nodeSecurityGroupId: string;
  readonly vpcId: string;
  readonly region: string;
  readonly accountId: string;
}

/** The always-on managed node group for cluster-critical pods (Karpenter, CoreDNS, controllers). */
export interface SystemNodesProps {
  /**
   * Instance type. Changing it replaces the node group; the new group is created before the old one goes.
   * @default "t3.medium"
   */
  readonly instanceType?: string;
  /** @default 2 */
  readonly minSize?: number;
  /** @default 2 */
  readonly desiredSize?: number;
  /** @default 3 */
  readonly maxSize?: number;
  /**
   * Encrypted gp3 root volume size in GiB.
   * @default 50
   */
  readonly diskSizeGib?: number;
}

export interface EksClusterProps {
  /**
   * Cluster name, also the `karpenter.sh/discovery` tag value; at most 40 characters because it prefixes
   * IAM role names. Changing it replaces the cluster and everything in it.
   */
  readonly name: string;
  /** Account the cluster lives in (key policies, log group ARN). */
  readonly accountId: string;
  /** Region of the stack's provider. */
  readonly region: string;
  /** VPC, application subnets (cluster ENIs and nodes) and the node security group; pass the `Vpc`. */
  readonly network: ClusterNetworkRef;
  /**
   * IAM roles that get `AmazonEKSClusterAdminPolicy` (cluster scope) through access entries. Give fixed role
   * ARNs, including the role the -k8s stack's Helm provider deploys with; never the caller identity.
   * @see https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
   */
  readonly adminRoleArns: readonly string[];
  /**
   * Kubernetes minor version (`1.33`). Raising it upgrades the control plane in place, then the node group;
   * one minor version at a time; pin add-on versions for the new version in the same change.
   * @default DEFAULTS.kubernetesVersion
   */
  readonly kubernetesVersion?: string;
  /**
   * CIDRs allowed to reach the public API endpoint. The private endpoint is always on.
   * @default [] - public endpoint off
   */
  readonly publicAccessCidrs?: readonly string[];
  /**
   * Days the control-plane logs are kept. All five log types (audit included) cost per GB ingested.
   * @default 90
   */
  readonly logRetentionDays?: number;
  /** @default DEFAULTS.systemNodes - t3.medium, 2 nodes (min 2, max 3), 50 GiB */
  readonly systemNodes?: SystemNodesProps;
  /**
   * Add-on versions replacing the pinned defaults, e.g. for a Kubernetes upgrade.
   * @default DEFAULTS.addonVersions
   */
  readonly addonVersions?: Partial<Record<AddonName, string>>;
  /**
   * ECR repositories for the services of this account-region, by repository name.
   * @default [] - none
   */
  readonly ecrRepositories?: readonly string[];
  /**
   * Refuse `terraform destroy` of the cluster, its KMS keys, log group and repositories.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Tags on every resource of the module, besides the provider's default tags.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * An EKS cluster on API authentication: envelope-encrypted secrets, all control-plane logs in a
 * KMS-encrypted log group, pinned managed add-ons, an always-on system node group and ECR repositories.
 */
export class EksCluster extends Construct {
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly endpoint: string;
  readonly certificateAuthorityData: string;
  readonly clusterSecurityGroupId: string;
  readonly kubernetesVersion: string;
  /** Role of the system nodes (EKS creates its access entry with the node group). */
  readonly nodeRoleArn: string;
  readonly nodeRoleName: string;
  /** CMK that envelope-encrypts Kubernetes secrets. */
  readonly secretsKeyArn: string;
  /** Repository URLs keyed by repository name. */
  readonly ecrRepositoryUrls: Readonly<Record<string, string>>;
  /** The hand-off to `KarpenterAws`, `KarpenterInCluster` and the -k8s stack. */
  readonly ref: ClusterRef;

  private readonly tags: Record<string, string>;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    this.tags = props.tags ?? {};
    const version = props.kubernetesVersion ?? DEFAULTS.kubernetesVersion;
    const addons = { ...DEFAULTS.addonVersions, ...props.addonVersions };
    const nodes = { ...DEFAULTS.systemNodes, ...props.systemNodes };
    const publicCidrs = props.publicAccessCidrs ?? [];
    const retention = props.logRetentionDays ?? DEFAULTS.logRetentionDays;
    const repositories = props.ecrRepositories ?? [];
    const protect = props.deletionProtection ?? true;
    const issues = [
      ...clusterNameIssues(props.name),
      ...kubernetesVersionIssues(version),
      ...adminIssues(props.adminRoleArns),
      ...nodeSizeIssues(nodes),
      ...publicAccessIssues(publicCidrs),
      ...logRetentionIssues(retention),
      ...ecrIssues(repositories),
    ];
    if (props.network.subnetIds.application.length < 2) {
      issues.push("network.subnetIds.application: EKS needs subnets in at least two availability zones");
    }
    this.node.addValidation({ validate: () => issues });
    this.kubernetesVersion = version;

    // Keys: secrets envelope encryption, control-plane logs, ECR.
    const secretsKey = new KmsKeyWithAlias(this, "secrets_key", {
      alias: `${props.name}-eks-secrets`,
      description: `Envelope encryption of the Kubernetes secrets of EKS cluster ${props.name}`,
      accountId: props.accountId,
      deletionProtection: protect,
    });
    this.secretsKeyArn = secretsKey.keyArn;
    const logGroupName = `/aws/eks/${props.name}/cluster`;
    const logsKey = new KmsKeyWithAlias(this, "logs_key", {
      alias: `${props.name}-eks-logs`,
      description: `Control-plane logs of EKS cluster ${props.name}`,
      accountId: props.accountId,
      deletionProtection: protect,
      policyStatements: [
        cloudWatchLogsStatement(
          props.region,
          `arn:aws:logs:${props.region}:${props.accountId}:log-group:${logGroupName}`,
        ),
      ],
    });
    // EKS would create the group itself (unencrypted, kept forever) if the cluster came first.
    const logGroup = new CloudwatchLogGroup(this, "control_plane_logs", {
      name: logGroupName,
      kmsKeyId: logsKey.keyArn,
      retentionInDays: retention,
      tags: this.tagged(`${props.name}-control-plane-logs`),
      lifecycle: { preventDestroy: protect },
    });

    // Cluster role: the EKS managed policy, and use of the secrets key.
    const clusterRole = new IamRole(this, "cluster_role", {
      name: `${props.name}-cluster`,
      description: `EKS control plane of ${props.name}`,
      assumeRolePolicy: policyJson(
        policyDocument({
          Effect: "Allow",
          Principal: { Service: "eks.amazonaws.com" },
          Action: ["sts:AssumeRole", "sts:TagSession"],
        }),
      ),
      tags: this.tagged(`${props.name}-cluster`),
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, "cluster_role_policy", {
      role: clusterRole.name,
      policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
    });
    const clusterEncryption = new IamRolePolicy(this, "cluster_role_encryption", {
      role: clusterRole.id,
      name: "secrets-envelope-encryption",
      policy: policyJson(
        policyDocument({
          Sid: "UseTheSecretsKey",
          Effect: "Allow",
          Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
          Resource: secretsKey.keyArn,
        }),
      ),
    });

    const cluster = new AwsEksCluster(this, "resource", {
      name: props.name,
      version,
      roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: [...props.network.subnetIds.application],
        endpointPrivateAccess: true,
        endpointPublicAccess: publicCidrs.length > 0,
        publicAccessCidrs: publicCidrs.length > 0 ? [...publicCidrs] : undefined,
      },
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
      // The managed add-ons below replace the self-managed ones EKS would otherwise install.
      bootstrapSelfManagedAddons: false,
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: secretsKey.keyArn } },
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      tags: this.tagged(props.name),
      dependsOn: [logGroup, clusterPolicy, clusterEncryption],
      lifecycle: { preventDestroy: protect },
    });
    this.clusterName = cluster.name;
    this.clusterArn = cluster.arn;
    this.endpoint = cluster.endpoint;
    this.certificateAuthorityData = cluster.certificateAuthority.get(0).data;
    this.clusterSecurityGroupId = cluster.vpcConfig.clusterSecurityGroupId;

    // Karpenter finds the security groups of its nodes by this tag; EKS owns the group, so tag it from outside.
    new Ec2Tag(this, "cluster_sg_discovery_tag", {
      resourceId: this.clusterSecurityGroupId,
      key: "karpenter.sh/discovery",
      value: props.name,
    });

    // Administrators: access entries for fixed roles, never the caller identity.
    for (const arn of issues.length === 0 ? props.adminRoleArns : []) {
      const key = `admin_${adminKey(arn)}`;
      const entry = new EksAccessEntry(this, key, {
        clusterName: cluster.name,
        principalArn: arn,
        type: "STANDARD",
        tags: this.tags,
      });
      new EksAccessPolicyAssociation(this, `${key}_policy`, {
        clusterName: cluster.name,
        principalArn: entry.principalArn,
        policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
        accessScope: { type: "cluster" },
      });
    }

    // Add-ons that must run before any node joins (DaemonSets: active without nodes).
    const addon = (
      key: string,
      name: AddonName,
      extra: { configuration?: object; dependsOn?: ITerraformDependable[] },
    ) =>
      new EksAddon(this, key, {
        clusterName: cluster.name,
        addonName: name,
        addonVersion: addons[name],
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        configurationValues: extra.configuration === undefined ? undefined : JSON.stringify(extra.configuration),
        tags: this.tags,
        dependsOn: extra.dependsOn,
      });
    const beforeNodes = [
      addon("vpc_cni", "vpc-cni", {}),
      addon("kube_proxy", "kube-proxy", {}),
      addon("pod_identity_agent", "eks-pod-identity-agent", {}),
    ];

    // System nodes.
    const nodeGroup = this.systemNodes(props, cluster, nodes, beforeNodes);
    this.nodeRoleArn = nodeGroup.nodeRoleArn;
    this.nodeRoleName = nodeGroup.nodeRoleName;

    // Add-ons with Deployments: they become active only once nodes run them, on the system nodes.
    addon("coredns", "coredns", { configuration: { ...SYSTEM_PLACEMENT }, dependsOn: [nodeGroup.resource] });
    const ebsCsi = podIdentityRole(this, "ebs_csi", {
      clusterName: cluster.name,
      namespace: "kube-system",
      serviceAccount: "ebs-csi-controller-sa",
      roleName: `${props.name}-ebs-csi`,
      description: `EBS CSI driver controller of ${props.name} (EKS Pod Identity)`,
      managedPolicies: { policy: "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy" },
      tags: this.tags,
    });
    addon("ebs_csi_driver", "aws-ebs-csi-driver", {
      configuration: { controller: { ...SYSTEM_PLACEMENT }, node: { tolerateAllTaints: true } },
      // The association must exist when the controller pods start, or they run without credentials.
      dependsOn: [nodeGroup.resource, ebsCsi.association],
    });

    // ECR repositories of the services.
    const ecrKmsKey =
      repositories.length === 0
        ? undefined
        : new KmsKeyWithAlias(this, "ecr_key", {
            alias: `${props.name}-ecr`,
            description: `Images in the ECR repositories of ${props.name}`,
            accountId: props.accountId,
            deletionProtection: protect,
          });
    const urls: Record<string, string> = {};
    for (const name of issues.length === 0 ? repositories : []) {
      const repository = new EcrRepository(this, `ecr_${ecrKey(name)}`, {
        name,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: ecrKmsKey!.keyArn }],
        forceDelete: false,
        tags: this.tagged(name),
        lifecycle: { preventDestroy: protect },
      });
      new EcrLifecyclePolicy(this, `ecr_${ecrKey(name)}_lifecycle`, {
        repository: repository.name,
        policy: JSON.stringify(keepLastImages(DEFAULTS.ecrKeepImages, DEFAULTS.ecrUntaggedDays)),
      });
      urls[name] = repository.repositoryUrl;
    }
    this.ecrRepositoryUrls = urls;

    this.ref = {
      clusterName: this.clusterName,
      clusterArn: this.clusterArn,
      endpoint: this.endpoint,
      certificateAuthorityData: this.certificateAuthorityData,
      clusterSecurityGroupId: this.clusterSecurityGroupId,
      nodeSecurityGroupId: props.network.securityGroupIds.nodes,
      vpcId: props.network.vpcId,
      region: props.region,
      accountId: props.accountId,
    };
  }

  private systemNodes(
    props: EksClusterProps,
    cluster: AwsEksCluster,
    nodes: Required<SystemNodesProps>,
    after: ITerraformDependable[],
  ): { resource: EksNodeGroup; nodeRoleArn: string; nodeRoleName: string } {
    const role = new IamRole(this, "system_nodes_role", {
      name: `${props.name}-system-nodes`,
      description: `System node group of ${props.name}`,
      assumeRolePolicy: policyJson(
        policyDocument({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }),
      ),
      tags: this.tagged(`${props.name}-system-nodes`),
    });
    // The node group waits for its role's policies, and is deleted before they are detached.
    const attachments = Object.entries(NODE_MANAGED_POLICIES).map(
      ([key, policyArn]) =>
        new IamRolePolicyAttachment(this, `system_nodes_role_${key}`, { role: role.name, policyArn }),
    );
    const template = new LaunchTemplate(this, "system_nodes_template", {
      name: `${props.name}-system-nodes`,
      description: `System nodes of ${props.name}: IMDSv2 only, encrypted gp3 root volume`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        // 2: pods (one network hop further than the host) reach IMDSv2 too; only system pods run here.
        httpPutResponseHopLimit: 2,
      },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: nodes.diskSizeGib,
            volumeType: "gp3",
            encrypted: "true",
            deleteOnTermination: "true",
          },
        },
      ],
      // A launch template's groups replace the ones EKS would add, so the cluster group is listed too.
      vpcSecurityGroupIds: [cluster.vpcConfig.clusterSecurityGroupId, props.network.securityGroupIds.nodes],
      tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
        resourceType,
        tags: this.tagged(`${props.name}-system-nodes`),
      })),
      tags: this.tagged(`${props.name}-system-nodes`),
    });
    const group = new EksNodeGroup(this, "system_nodes", {
      clusterName: cluster.name,
      nodeGroupNamePrefix: "system-",
      nodeRoleArn: role.arn,
      subnetIds: [...props.network.subnetIds.application],
      version: this.kubernetesVersion,
      amiType: "AL2023_x86_64_STANDARD",
      capacityType: "ON_DEMAND",
      instanceTypes: [nodes.instanceType],
      scalingConfig: { minSize: nodes.minSize, desiredSize: nodes.desiredSize, maxSize: nodes.maxSize },
      updateConfig: { maxUnavailable: 1 },
      labels: { [SYSTEM_NODES.label.key]: SYSTEM_NODES.label.value },
      taint: [{ key: SYSTEM_NODES.taint.key, effect: "NO_SCHEDULE" }],
      launchTemplate: { id: template.id, version: Token.asString(template.latestVersion) },
      tags: this.tagged(`${props.name}-system-nodes`),
      dependsOn: [...attachments, ...after],
      lifecycle: { createBeforeDestroy: true },
    });
    return { resource: group, nodeRoleArn: role.arn, nodeRoleName: role.name };
  }

  private tagged(name: string): Record<string, string> {
    return { ...this.tags, Name: name };
  }
}
