import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamRole } from "@cdktf/provider-aws/lib/data-aws-iam-role";
import { DataAwsSecurityGroup } from "@cdktf/provider-aws/lib/data-aws-security-group";
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
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, policyJson, type PolicyStatement } from "../iam/policy";
import { cloudWatchLogsStatement, KmsKeyWithAlias } from "../kms-key";
import { addNaclRules, Traffic } from "../network-acl";
import { cidrContains, parseCidr } from "../network-acl/cidr";
import {
  adminIssues,
  adminKey,
  API_NACL_RULE_BASE,
  clusterNameIssues,
  ecrIssues,
  ecrKey,
  endpointAccessProblems,
  kubernetesVersionIssues,
  logRetentionIssues,
  nodeSizeIssues,
  parseRoleArn,
  sourceKey,
  supportTypeIssues,
  type SupportType,
} from "./checks";
import { DEFAULTS, type AddonName } from "./defaults";
import { keepLastImages } from "./ecr";
import { postconditionBlocksInHcl } from "../hcl/postconditions";
import { podIdentityRole } from "./pod-identity";

export { MAX_CLUSTER_NAME, SUPPORT_TYPES, type SupportType } from "./checks";
export { DEFAULTS, type AddonName } from "./defaults";
export { keepLastImages, type EcrLifecyclePolicy, type EcrLifecycleRule } from "./ecr";
export { podIdentityRole, podIdentityTrustPolicy, POD_IDENTITY_PRINCIPAL } from "./pod-identity";

/** The API server's port, for security group rules. */
const HTTPS = { ipProtocol: "tcp", fromPort: 443, toPort: 443 } as const;

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
  /** The VPC's CIDR: private endpoint clients outside it also need the application network ACL to admit 443. */
  readonly cidr: string;
  readonly subnetIds: { readonly application: readonly string[] };
  readonly securityGroupIds: { readonly nodes: string };
  /** The network ACL of the application subnets, where the cluster's ENIs are. */
  readonly naclIds: { readonly application: string };
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
  /** Kubernetes minor version, a literal (Karpenter's AMI alias is paired with it). */
  readonly kubernetesVersion: string;
  /** CMK of the nodes' EBS volumes (system nodes and Karpenter's, `kmsKeyID` of the EC2NodeClass). */
  readonly nodeVolumeKeyArn: string;
  /**
   * The control-plane log group's name, from the group resource: a subscription that uses it waits
   * for the group. @default - absent on refs not made by `EksCluster`
   */
  readonly controlPlaneLogGroupName?: string;
}

/**
 * Who reaches the API server on 443 besides the nodes. The private endpoint is always on: the cluster
 * security group admits 443 from these sources (nothing else but its own members otherwise), and the
 * application subnets' network ACL admits 443 from the private CIDRs outside the VPC. The group
 * `<name>-api-clients` is always admitted: attach it to a runner in the VPC.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
 */
export interface EndpointAccess {
  /**
   * Networks routed to the VPC (peered VPCs, a site-to-site VPN or Direct Connect behind a transit gateway)
   * that reach the private endpoint. Their routes back are the network's business, not this module's.
   * @default []
   */
  readonly privateCidrs?: readonly string[];
  /**
   * Security groups of this VPC whose members reach the private endpoint (a CI runner's, a Client VPN
   * endpoint's). A real plan fails when a group does not exist or belongs to another VPC.
   * @default []
   */
  readonly privateSecurityGroupIds?: readonly string[];
  /**
   * CIDRs of the public endpoint, which is off when none are listed; never `0.0.0.0/0` or a private range.
   * Turning it on fails Security Hub EKS.1.
   * @default [] - public endpoint off
   */
  readonly publicCidrs?: readonly string[];
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
   * Who reaches the API server besides the nodes and the `<name>-api-clients` group.
   * @default {} - the private endpoint only, for members of the cluster and api-clients security groups
   */
  readonly endpointAccess?: EndpointAccess;
  /**
   * What EKS does when the version leaves standard support: `STANDARD` upgrades the control plane
   * automatically (plan your upgrades before the date), `EXTENDED` keeps the version at a per-cluster-hour
   * charge for up to 12 more months.
   * @default "STANDARD"
   * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_UpgradePolicyRequest.html
   */
  readonly supportType?: SupportType;
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
  /** Attach it to what must reach the private endpoint from inside the VPC (the -k8s stack's runner). */
  readonly apiClientsSecurityGroupId: string;
  readonly kubernetesVersion: string;
  /** CMK of the system nodes' and Karpenter's nodes' EBS volumes. */
  readonly nodeVolumeKeyArn: string;
  /** Role of the system nodes (EKS creates its access entry with the node group). */
  readonly nodeRoleArn: string;
  readonly nodeRoleName: string;
  /** CMK that envelope-encrypts Kubernetes secrets. */
  readonly secretsKeyArn: string;
  /** Repository URLs keyed by repository name. */
  readonly ecrRepositoryUrls: Readonly<Record<string, string>>;
  /** The hand-off to `KarpenterAws`, `KarpenterInCluster` and the -k8s stack. */
  readonly ref: ClusterRef;
  /** The control-plane log group's name (a reference: subscribing to it waits for the group). */
  readonly controlPlaneLogGroupName: string;

  private readonly tags: Record<string, string>;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    this.tags = props.tags ?? {};
    const version = props.kubernetesVersion ?? DEFAULTS.kubernetesVersion;
    const addons = { ...DEFAULTS.addonVersions, ...props.addonVersions };
    const nodes = { ...DEFAULTS.systemNodes, ...props.systemNodes };
    const access = {
      privateCidrs: props.endpointAccess?.privateCidrs ?? [],
      privateSecurityGroupIds: props.endpointAccess?.privateSecurityGroupIds ?? [],
      publicCidrs: props.endpointAccess?.publicCidrs ?? [],
    };
    const supportType = props.supportType ?? DEFAULTS.supportType;
    const retention = props.logRetentionDays ?? DEFAULTS.logRetentionDays;
    const repositories = props.ecrRepositories ?? [];
    const protect = props.deletionProtection ?? true;
    const issues = [
      ...clusterNameIssues(props.name),
      ...kubernetesVersionIssues(version),
      ...adminIssues(props.adminRoleArns),
      ...nodeSizeIssues(nodes),
      ...endpointAccessProblems(access).map((p) => `endpointAccess.${p.field}: ${p.message}`),
      ...supportTypeIssues(supportType),
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
    // Node volumes: EC2 uses the key for whoever launches the node (the Auto Scaling service-linked role for the
    // system nodes, Karpenter through EC2 Fleet), so the key admits callers of this account through EC2 rather
    // than by name; naming AWSServiceRoleForAutoScaling would be refused in an account that has none yet.
    const nodesKey = new KmsKeyWithAlias(this, "nodes_key", {
      alias: `${props.name}-eks-nodes`,
      description: `EBS volumes of the nodes of EKS cluster ${props.name}`,
      accountId: props.accountId,
      deletionProtection: protect,
      policyStatements: ebsThroughEc2Statements(props.region, props.accountId),
    });
    this.nodeVolumeKeyArn = nodesKey.keyArn;

    // EKS would create the group itself (unencrypted, kept forever) if the cluster came first.
    const logGroup = new CloudwatchLogGroup(this, "control_plane_logs", {
      name: logGroupName,
      kmsKeyId: logsKey.keyArn,
      retentionInDays: retention,
      tags: this.tagged(`${props.name}-control-plane-logs`),
      lifecycle: { preventDestroy: protect },
    });
    this.controlPlaneLogGroupName = logGroup.name;

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
        endpointPublicAccess: access.publicCidrs.length > 0,
        publicAccessCidrs: access.publicCidrs.length > 0 ? [...access.publicCidrs] : undefined,
      },
      // EKS enrols a cluster in paid extended support unless told otherwise.
      upgradePolicy: { supportType },
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

    this.apiClientsSecurityGroupId = this.apiClients(props, cluster);
    if (issues.length === 0) this.admitToApi(props, cluster, access);

    // Administrators: access entries for fixed roles, never the caller identity.
    for (const arn of issues.length === 0 ? props.adminRoleArns : []) {
      const key = `admin_${adminKey(arn)}`;
      this.verifyRole(key, arn, props.accountId);
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
    const nodeGroup = this.systemNodes(props, cluster, nodes, nodesKey.keyArn, beforeNodes);
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
      // The region, or the controller reads it from IMDS, which hop limit 1 keeps from pods; the node plugin
      // falls back to the Kubernetes API for its metadata.
      // https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/v1.45.0/docs/install.md#metadata
      configuration: { controller: { ...SYSTEM_PLACEMENT, region: props.region }, node: { tolerateAllTaints: true } },
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
      kubernetesVersion: version,
      nodeVolumeKeyArn: this.nodeVolumeKeyArn,
      controlPlaneLogGroupName: this.controlPlaneLogGroupName,
    };
  }

  /** The `<name>-api-clients` group: its members reach the API endpoint on 443. */
  private apiClients(props: EksClusterProps, cluster: AwsEksCluster): string {
    const clusterSg = cluster.vpcConfig.clusterSecurityGroupId;
    const clients = new SecurityGroup(this, "api_clients", {
      name: `${props.name}-api-clients`,
      description: `Reaches the private API endpoint of EKS cluster ${props.name} (attach to a runner in the VPC)`,
      vpcId: props.network.vpcId,
      revokeRulesOnDelete: true,
      tags: this.tagged(`${props.name}-api-clients`),
    });
    new VpcSecurityGroupEgressRule(this, "api_clients_out_443", {
      ...HTTPS,
      securityGroupId: clients.id,
      description: "HTTPS to the cluster's API endpoint",
      referencedSecurityGroupId: clusterSg,
    });
    new VpcSecurityGroupIngressRule(this, "api_in_from_api_clients", {
      ...HTTPS,
      securityGroupId: clusterSg,
      description: `HTTPS from ${props.name}-api-clients`,
      referencedSecurityGroupId: clients.id,
    });
    return clients.id;
  }

  /**
   * 443 on the cluster security group from the private CIDRs and security groups; the application network
   * ACL admits 443 from the private CIDRs outside the VPC (inside it, the ACL's VPC rule already does).
   */
  private admitToApi(
    props: EksClusterProps,
    cluster: AwsEksCluster,
    access: { privateCidrs: readonly string[]; privateSecurityGroupIds: readonly string[] },
  ): void {
    const clusterSg = cluster.vpcConfig.clusterSecurityGroupId;
    for (const cidr of access.privateCidrs) {
      new VpcSecurityGroupIngressRule(this, `api_in_from_${sourceKey(cidr)}`, {
        ...HTTPS,
        securityGroupId: clusterSg,
        description: `HTTPS from ${cidr}`,
        cidrIpv4: cidr,
      });
    }
    for (const id of access.privateSecurityGroupIds) {
      // A real plan fails here for a group that does not exist or lives in another VPC.
      const source = new DataAwsSecurityGroup(this, `api_source_${sourceKey(id)}`, {
        id,
        lifecycle: {
          postcondition: [
            {
              condition: `\${self.vpc_id == ${expressionOf(props.network.vpcId)}}`,
              errorMessage: `endpointAccess.privateSecurityGroupIds: ${id} belongs to \${self.vpc_id}, not to the cluster's VPC; list a peered network by its CIDR in privateCidrs`,
            },
          ],
        },
      });
      new VpcSecurityGroupIngressRule(this, `api_in_from_${sourceKey(id)}`, {
        ...HTTPS,
        securityGroupId: clusterSg,
        description: `HTTPS from ${id}`,
        referencedSecurityGroupId: source.id,
      });
      postconditionBlocksInHcl(source);
    }
    const vpc = parseCidr(props.network.cidr);
    const outside = access.privateCidrs
      .map((cidr, i) => ({ cidr, number: API_NACL_RULE_BASE + i }))
      .filter(({ cidr }) => vpc === undefined || !cidrContains(vpc, parseCidr(cidr)!));
    addNaclRules(
      this,
      props.network.naclIds.application,
      { inbound: outside.map(({ cidr, number }) => ({ number, traffic: Traffic.tcp(443), cidr })), outbound: [] },
      { idPrefix: "api_nacl_", pathPrefix: "endpointAccess.privateCidrs: application network ACL " },
    );
  }

  /**
   * A role of the cluster's own account must exist at plan time (a typo fails the plan, not the apply) and
   * sit at the path its ARN names. Roles of other accounts cannot be read with this account's credentials.
   */
  private verifyRole(key: string, roleArn: string, accountId: string): void {
    const role = parseRoleArn(roleArn)!;
    if (role.accountId !== accountId) return;
    const lookup = new DataAwsIamRole(this, `${key}_role`, {
      name: role.name,
      lifecycle: {
        postcondition: [
          {
            condition: `\${self.path == "${role.path}"}`,
            errorMessage: `adminRoleArns: the role ${role.name} has the path \${self.path}, not ${role.path} as ${roleArn} says`,
          },
        ],
      },
    });
    postconditionBlocksInHcl(lookup);
  }

  private systemNodes(
    props: EksClusterProps,
    cluster: AwsEksCluster,
    nodes: Required<SystemNodesProps>,
    volumeKeyArn: string,
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
      description: `System nodes of ${props.name}: IMDSv2 from the host only, CMK-encrypted gp3 root volume`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        // 1: only the host and host-network pods (VPC CNI, kube-proxy, Pod Identity agent) reach IMDS; the
        // controllers here are told their region and VPC instead (Karpenter, the load balancer controller, the
        // EBS CSI controller), and the EBS CSI node plugin falls back to the Kubernetes API.
        httpPutResponseHopLimit: 1,
      },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: nodes.diskSizeGib,
            volumeType: "gp3",
            encrypted: "true",
            kmsKeyId: volumeKeyArn,
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

/**
 * A string as a Terraform expression operand: a literal quoted, a token bare (cdktf renders a token inside
 * `${...}` as the reference itself, so quotes would turn it into the reference's text).
 */
function expressionOf(value: string): string {
  return Token.isUnresolved(value) ? value : JSON.stringify(value);
}

/**
 * Key policy statements for EBS volumes that EC2 creates for any principal of `accountId` in `region`: the
 * pattern of EBS's own default key, which Karpenter documents for node volumes. The caller still needs EC2
 * permissions to launch; outside EC2 these statements grant nothing.
 * @see https://karpenter.sh/docs/troubleshooting/#node-terminates-before-ready-on-failed-encrypted-ebs-volume
 * @see https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html
 */
export function ebsThroughEc2Statements(region: string, accountId: string): PolicyStatement[] {
  const throughEc2 = { "kms:ViaService": `ec2.${region}.amazonaws.com`, "kms:CallerAccount": accountId };
  return [
    {
      Sid: "EbsVolumesThroughEc2ForThisAccount",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: { StringEquals: throughEc2 },
    },
    {
      Sid: "EbsAttachmentGrantsThroughEc2ForThisAccount",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "kms:CreateGrant",
      Resource: "*",
      Condition: { StringEquals: throughEc2, Bool: { "kms:GrantIsForAWSResource": true } },
    },
  ];
}
