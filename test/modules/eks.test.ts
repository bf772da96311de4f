import { DEFAULTS, EksCluster, type ClusterRef, type EksClusterProps } from "../../modules/eks";
import { Vpc } from "../../modules/vpc";
import { Testing } from "cdktf";
import { BaseStack } from "../../src/stacks/base-stack";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const base: EksClusterProps = {
  name: "acme-prod-us-east-1",
  accountId: "123456789012",
  region: "us-east-1",
  network: {
    vpcId: "vpc-0123456789abcdef0",
    cidr: "10.0.0.0/16",
    subnetIds: { application: ["subnet-app-a", "subnet-app-b", "subnet-app-c"] },
    securityGroupIds: { nodes: "sg-nodes" },
    naclIds: { application: "acl-application" },
  },
  adminRoleArns: [
    "arn:aws:iam::123456789012:role/OrganizationAccountAccessRole",
    "arn:aws:iam::123456789012:role/platform/platform-admins",
  ],
};

class HclTestStack extends BaseStack {}

const synth = (overrides: Partial<EksClusterProps> = {}, after?: (eks: EksCluster) => void): StackJson =>
  synthModule((s) => {
    const eks = new EksCluster(s, "eks", { ...base, ...overrides });
    after?.(eks);
  });

const json = synth();
const cluster = resource(json, "aws_eks_cluster", "eks");
const addons = resourcesOf(json, "aws_eks_addon");
const statementsOf = (json: StackJson, type: string, name: string, field = "policy") =>
  policyOf(resource(json, type, name), field).Statement;

describe("cluster", () => {
  test("pins the Kubernetes version and authenticates through access entries only", () => {
    expect(cluster.version).toBe("1.33");
    expect(DEFAULTS.kubernetesVersion).toBe("1.33");
    expect(cluster.access_config).toEqual({
      authentication_mode: "API",
      bootstrap_cluster_creator_admin_permissions: false,
    });
    expect(synth({ kubernetesVersion: "1.32" }).resource?.aws_eks_cluster.eks.version).toBe("1.32");
  });

  test("the API endpoint is private unless public CIDRs are configured, and then public only to them", () => {
    expect(cluster.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(cluster.vpc_config).not.toHaveProperty("public_access_cidrs");
    const open = resource(synth({ endpointAccess: { publicCidrs: ["192.0.2.0/24"] } }), "aws_eks_cluster", "eks");
    expect(open.vpc_config).toMatchObject({
      endpoint_private_access: true,
      endpoint_public_access: true,
      public_access_cidrs: ["192.0.2.0/24"],
    });
  });

  test("runs in the application subnets of the VPC it is given", () => {
    expect((cluster.vpc_config as Record<string, unknown>).subnet_ids).toEqual([
      "subnet-app-a",
      "subnet-app-b",
      "subnet-app-c",
    ]);
    const withVpc = synthModule((s) => {
      const vpc = new Vpc(s, "vpc", {
        cidr: "10.0.0.0/16",
        region: "us-east-1",
        namePrefix: "acme-prod-us-east-1-vpc",
        organizationId: "o-a1b2c3d4e5",
        clusterName: "acme-prod-us-east-1",
        flowLogs: { type: "s3", bucketArn: "arn:aws:s3:::acme-log-archive/vpc-flow-logs" },
      });
      new EksCluster(s, "eks", { ...base, network: vpc });
    });
    const subnets = (resource(withVpc, "aws_eks_cluster", "eks").vpc_config as Record<string, string[]>).subnet_ids;
    expect(subnets).toEqual(["a", "b", "c"].map((az) => `\${aws_subnet.vpc_application_${az}.id}`));
    expect(resource(withVpc, "aws_launch_template", "eks_system_nodes_template").vpc_security_group_ids).toContain(
      "${aws_security_group.vpc_nodes_sg.id}",
    );
  });

  test("envelope-encrypts secrets with a rotating CMK that the cluster role may use", () => {
    expect(cluster.encryption_config).toEqual({
      resources: ["secrets"],
      provider: { key_arn: "${aws_kms_key.eks_secrets_key.arn}" },
    });
    expect(resource(json, "aws_kms_key", "eks_secrets_key").enable_key_rotation).toBe(true);
    expect(statementsOf(json, "aws_iam_role_policy", "eks_cluster_role_encryption")).toEqual([
      expect.objectContaining({
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
        Resource: "${aws_kms_key.eks_secrets_key.arn}",
      }),
    ]);
    expect(cluster.depends_on).toContain("aws_iam_role_policy.eks_cluster_role_encryption");
  });

  test("sends all five control-plane log types to a KMS-encrypted group created before the cluster", () => {
    expect(cluster.enabled_cluster_log_types).toEqual([
      "api",
      "audit",
      "authenticator",
      "controllerManager",
      "scheduler",
    ]);
    expect(resource(json, "aws_cloudwatch_log_group", "eks_control_plane_logs")).toMatchObject({
      name: "/aws/eks/acme-prod-us-east-1/cluster",
      kms_key_id: "${aws_kms_key.eks_logs_key.arn}",
      retention_in_days: 90,
    });
    expect(cluster.depends_on).toContain("aws_cloudwatch_log_group.eks_control_plane_logs");
    expect(
      resource(synth({ logRetentionDays: 365 }), "aws_cloudwatch_log_group", "eks_control_plane_logs")
        .retention_in_days,
    ).toBe(365);
  });

  test("only CloudWatch Logs, for this cluster's group, may use the logs key besides the account", () => {
    const statements = statementsOf(json, "aws_kms_key", "eks_logs_key");
    expect(statements).toHaveLength(2);
    expect(statements[1]).toMatchObject({
      Principal: { Service: "logs.us-east-1.amazonaws.com" },
      Condition: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn":
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/eks/acme-prod-us-east-1/cluster",
        },
      },
    });
  });

  test("the cluster role is trusted by EKS only and carries the EKS cluster policy", () => {
    expect(statementsOf(json, "aws_iam_role", "eks_cluster_role", "assume_role_policy")).toEqual([
      { Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] },
    ]);
    expect(resource(json, "aws_iam_role_policy_attachment", "eks_cluster_role_policy").policy_arn).toBe(
      "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
    );
  });

  test("EKS installs no self-managed add-ons next to the managed ones", () => {
    expect(cluster.bootstrap_self_managed_addons).toBe(false);
  });

  test("deletion protection guards the cluster, keys, log group and repositories, and can be lifted", () => {
    const guarded = synth({ ecrRepositories: ["orders-api"] });
    const flags = (stack: StackJson) =>
      [
        resource(stack, "aws_eks_cluster", "eks"),
        resource(stack, "aws_kms_key", "eks_secrets_key"),
        resource(stack, "aws_kms_key", "eks_logs_key"),
        resource(stack, "aws_kms_key", "eks_ecr_key"),
        resource(stack, "aws_kms_key", "eks_nodes_key"),
        resource(stack, "aws_cloudwatch_log_group", "eks_control_plane_logs"),
        resource(stack, "aws_ecr_repository", "eks_ecr_orders_api"),
      ].map((r) => (r.lifecycle as { prevent_destroy: boolean }).prevent_destroy);
    expect(flags(guarded)).toEqual(Array(7).fill(true));
    expect(flags(synth({ ecrRepositories: ["orders-api"], deletionProtection: false }))).toEqual(Array(7).fill(false));
  });

  test("tags the EKS-created cluster security group for Karpenter's discovery", () => {
    expect(resource(json, "aws_ec2_tag", "eks_cluster_sg_discovery_tag")).toEqual({
      resource_id: "${aws_eks_cluster.eks.vpc_config[0].cluster_security_group_id}",
      key: "karpenter.sh/discovery",
      value: "acme-prod-us-east-1",
    });
  });
});

describe("administrators", () => {
  test("each configured role gets an access entry with AmazonEKSClusterAdminPolicy at cluster scope", () => {
    expect(Object.keys(resourcesOf(json, "aws_eks_access_entry")).sort()).toEqual([
      "eks_admin_organizationaccountaccessrole",
      "eks_admin_platform_admins",
    ]);
    expect(resource(json, "aws_eks_access_entry", "eks_admin_platform_admins")).toMatchObject({
      cluster_name: "${aws_eks_cluster.eks.name}",
      principal_arn: "arn:aws:iam::123456789012:role/platform/platform-admins",
      type: "STANDARD",
    });
    expect(resource(json, "aws_eks_access_policy_association", "eks_admin_platform_admins_policy")).toEqual({
      cluster_name: "${aws_eks_cluster.eks.name}",
      principal_arn: "${aws_eks_access_entry.eks_admin_platform_admins.principal_arn}",
      policy_arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
      access_scope: { type: "cluster" },
    });
  });

  test("never grants the caller identity: no caller-identity lookup, no other principal", () => {
    expect(Object.keys(json.data ?? {})).toEqual(["aws_iam_role"]);
    const principals = Object.values(resourcesOf(json, "aws_eks_access_entry")).map((e) => e.principal_arn);
    expect(principals.sort()).toEqual([...base.adminRoleArns].sort());
  });
});

describe("administrators that must exist", () => {
  const lookups = json.data?.aws_iam_role ?? {};

  test("each admin role of the cluster's account is read at plan time, by name, and must have its ARN's path", () => {
    expect(Object.keys(lookups).sort()).toEqual([
      "eks_admin_organizationaccountaccessrole_role",
      "eks_admin_platform_admins_role",
    ]);
    expect(lookups.eks_admin_platform_admins_role).toEqual({
      name: "platform-admins",
      lifecycle: {
        postcondition: [
          {
            condition: '${self.path == "/platform/"}',
            error_message:
              "adminRoleArns: the role platform-admins has the path ${self.path}, not /platform/ as arn:aws:iam::123456789012:role/platform/platform-admins says",
          },
        ],
      },
    });
    expect(lookups.eks_admin_organizationaccountaccessrole_role.name).toBe("OrganizationAccountAccessRole");
    expect(
      (lookups.eks_admin_organizationaccountaccessrole_role.lifecycle as { postcondition: { condition: string }[] })
        .postcondition[0].condition,
    ).toBe('${self.path == "/"}');
  });

  test("a role of another account cannot be read with this account's credentials, and is not looked up", () => {
    const crossAccount = synth({
      adminRoleArns: ["arn:aws:iam::123456789012:role/Admin", "arn:aws:iam::111111111111:role/BreakGlass"],
    });
    expect(Object.keys(crossAccount.data?.aws_iam_role ?? {})).toEqual(["eks_admin_admin_role"]);
    expect(Object.keys(resourcesOf(crossAccount, "aws_eks_access_entry")).sort()).toEqual([
      "eks_admin_admin",
      "eks_admin_breakglass",
    ]);
  });
});

describe("plan-time checks in HCL", () => {
  test("postconditions are blocks in `cdktf synth --hcl` output too (cdktf writes them as an argument)", () => {
    const stack = new HclTestStack(Testing.app(), "hcl");
    new EksCluster(stack, "eks", { ...base, endpointAccess: { privateSecurityGroupIds: ["sg-0123456789abcdef0"] } });
    const hcl = String(Testing.synthHcl(stack));
    for (const name of [
      'aws_iam_role" "eks_admin_platform_admins_role',
      'aws_security_group" "eks_api_source_sg_0123456789abcdef0',
    ]) {
      const block = hcl.slice(hcl.indexOf(`data "${name}"`)).split(/\n\}\n/)[0];
      expect(block).toMatch(/lifecycle \{\s*postcondition \{\s*condition = "\$\{self\./);
      expect(block).not.toContain("postcondition =");
    }
  });
});

describe("API endpoint access", () => {
  const CLUSTER_SG = "${aws_eks_cluster.eks.vpc_config[0].cluster_security_group_id}";
  const ingressTo443 = (stack: StackJson) =>
    Object.fromEntries(
      Object.entries(resourcesOf(stack, "aws_vpc_security_group_ingress_rule")).filter(
        ([, rule]) => rule.security_group_id === CLUSTER_SG,
      ),
    );

  test("the api-clients group, and only it besides the cluster's own members, reaches 443 by default", () => {
    expect(resource(json, "aws_security_group", "eks_api_clients")).toMatchObject({
      name: "acme-prod-us-east-1-api-clients",
      vpc_id: "vpc-0123456789abcdef0",
    });
    expect(ingressTo443(json)).toEqual({
      eks_api_in_from_api_clients: {
        security_group_id: CLUSTER_SG,
        description: "HTTPS from acme-prod-us-east-1-api-clients",
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        referenced_security_group_id: "${aws_security_group.eks_api_clients.id}",
      },
    });
    expect(resource(json, "aws_vpc_security_group_egress_rule", "eks_api_clients_out_443")).toEqual({
      security_group_id: "${aws_security_group.eks_api_clients.id}",
      description: "HTTPS to the cluster's API endpoint",
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
      referenced_security_group_id: CLUSTER_SG,
    });
    expect(resourcesOf(json, "aws_network_acl_rule")).toEqual({});
    expect(json.data?.aws_security_group).toBeUndefined();
  });

  test("private CIDRs reach 443; the application ACL admits those outside the VPC as rule 300 + position", () => {
    const stack = synth({
      endpointAccess: { privateCidrs: ["10.0.250.0/24", "10.200.0.0/16", "192.168.8.0/22"] },
    });
    const rules = ingressTo443(stack);
    expect(Object.keys(rules).sort()).toEqual([
      "eks_api_in_from_10_0_250_0_24",
      "eks_api_in_from_10_200_0_0_16",
      "eks_api_in_from_192_168_8_0_22",
      "eks_api_in_from_api_clients",
    ]);
    expect(rules.eks_api_in_from_10_200_0_0_16).toMatchObject({
      cidr_ipv4: "10.200.0.0/16",
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
    });
    // 10.0.250.0/24 is inside the VPC (10.0.0.0/16), which the ACL's reference rule 100 admits already.
    expect(resourcesOf(stack, "aws_network_acl_rule")).toEqual({
      eks_api_nacl_in_301: {
        network_acl_id: "acl-application",
        egress: false,
        rule_number: 301,
        rule_action: "allow",
        protocol: "tcp",
        from_port: 443,
        to_port: 443,
        cidr_block: "10.200.0.0/16",
      },
      eks_api_nacl_in_302: expect.objectContaining({ rule_number: 302, cidr_block: "192.168.8.0/22" }),
    });
  });

  test("security groups are read at plan time, must belong to the cluster's VPC, and reach 443", () => {
    const stack = synth({ endpointAccess: { privateSecurityGroupIds: ["sg-0123456789abcdef0"] } });
    expect(stack.data?.aws_security_group).toEqual({
      eks_api_source_sg_0123456789abcdef0: {
        id: "sg-0123456789abcdef0",
        lifecycle: {
          postcondition: [
            {
              condition: '${self.vpc_id == "vpc-0123456789abcdef0"}',
              error_message:
                "endpointAccess.privateSecurityGroupIds: sg-0123456789abcdef0 belongs to ${self.vpc_id}, not to the cluster's VPC; list a peered network by its CIDR in privateCidrs",
            },
          ],
        },
      },
    });
    expect(ingressTo443(stack).eks_api_in_from_sg_0123456789abcdef0).toMatchObject({
      referenced_security_group_id: "${data.aws_security_group.eks_api_source_sg_0123456789abcdef0.id}",
      from_port: 443,
    });
  });

  test("the ACL rules sit on the application ACL of a real VPC", () => {
    const withVpc = synthModule((s) => {
      const vpc = new Vpc(s, "vpc", {
        cidr: "10.0.0.0/16",
        region: "us-east-1",
        namePrefix: "acme-prod-us-east-1-vpc",
        organizationId: "o-a1b2c3d4e5",
        clusterName: "acme-prod-us-east-1",
        flowLogs: { type: "s3", bucketArn: "arn:aws:s3:::acme-log-archive/vpc-flow-logs" },
      });
      new EksCluster(s, "eks", { ...base, network: vpc, endpointAccess: { privateCidrs: ["10.200.0.0/16"] } });
    });
    expect(resource(withVpc, "aws_network_acl_rule", "eks_api_nacl_in_300").network_acl_id).toBe(
      "${aws_network_acl.vpc_application_nacl.id}",
    );
  });
});

describe("support policy", () => {
  test("standard support by default, so EKS never enrols the cluster in paid extended support", () => {
    expect(cluster.upgrade_policy).toEqual({ support_type: "STANDARD" });
    expect(resource(synth({ supportType: "EXTENDED" }), "aws_eks_cluster", "eks").upgrade_policy).toEqual({
      support_type: "EXTENDED",
    });
  });
});

describe("managed add-ons", () => {
  test("pins every add-on version in one place, overridable per add-on", () => {
    const versions = Object.fromEntries(Object.values(addons).map((a) => [a.addon_name, a.addon_version]));
    expect(versions).toEqual(DEFAULTS.addonVersions);
    expect(versions).toEqual({
      "vpc-cni": "v1.19.5-eksbuild.1",
      "kube-proxy": "v1.33.0-eksbuild.2",
      "eks-pod-identity-agent": "v1.3.7-eksbuild.2",
      coredns: "v1.12.1-eksbuild.2",
      "aws-ebs-csi-driver": "v1.45.0-eksbuild.2",
    });
    const bumped = resourcesOf(synth({ addonVersions: { coredns: "v1.12.2-eksbuild.1" } }), "aws_eks_addon");
    expect(bumped.eks_coredns.addon_version).toBe("v1.12.2-eksbuild.1");
    expect(bumped.eks_vpc_cni.addon_version).toBe("v1.19.5-eksbuild.1");
  });

  test("the VPC CNI, kube-proxy and the Pod Identity agent exist before any node joins", () => {
    expect(resource(json, "aws_eks_node_group", "eks_system_nodes").depends_on).toEqual(
      expect.arrayContaining([
        "aws_eks_addon.eks_vpc_cni",
        "aws_eks_addon.eks_kube_proxy",
        "aws_eks_addon.eks_pod_identity_agent",
      ]),
    );
    for (const name of ["eks_vpc_cni", "eks_kube_proxy", "eks_pod_identity_agent"]) {
      expect(addons[name]).not.toHaveProperty("depends_on");
    }
  });

  test("CoreDNS and the EBS CSI driver wait for the system nodes and run on them", () => {
    const onSystemNodes = {
      nodeSelector: { "workload-type": "system" },
      tolerations: [
        { key: "CriticalAddonsOnly", operator: "Exists" },
        { key: "node-role.kubernetes.io/system", operator: "Exists", effect: "NoSchedule" },
      ],
    };
    expect(addons.eks_coredns.depends_on).toEqual(["aws_eks_node_group.eks_system_nodes"]);
    expect(JSON.parse(String(addons.eks_coredns.configuration_values))).toEqual(onSystemNodes);
    expect(addons.eks_ebs_csi_driver.depends_on).toContain("aws_eks_node_group.eks_system_nodes");
    expect(JSON.parse(String(addons.eks_ebs_csi_driver.configuration_values))).toEqual({
      controller: { ...onSystemNodes, region: "us-east-1" },
      node: { tolerateAllTaints: true },
    });
  });

  test("the EBS CSI controller gets its role through Pod Identity, associated before it starts", () => {
    expect(resource(json, "aws_eks_pod_identity_association", "eks_ebs_csi_pod_identity")).toMatchObject({
      cluster_name: "${aws_eks_cluster.eks.name}",
      namespace: "kube-system",
      service_account: "ebs-csi-controller-sa",
      role_arn: "${aws_iam_role.eks_ebs_csi_role.arn}",
    });
    expect(statementsOf(json, "aws_iam_role", "eks_ebs_csi_role", "assume_role_policy")).toEqual([
      {
        Sid: "EksPodIdentityForOneServiceAccount",
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: {
          StringEquals: {
            "aws:RequestTag/eks-cluster-name": "${aws_eks_cluster.eks.name}",
            "aws:RequestTag/kubernetes-namespace": "kube-system",
            "aws:RequestTag/kubernetes-service-account": "ebs-csi-controller-sa",
          },
        },
      },
    ]);
    expect(resource(json, "aws_iam_role_policy_attachment", "eks_ebs_csi_role_policy").policy_arn).toBe(
      "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
    );
    expect(addons.eks_ebs_csi_driver.depends_on).toContain("aws_eks_pod_identity_association.eks_ebs_csi_pod_identity");
    expect(addons.eks_ebs_csi_driver).not.toHaveProperty("service_account_role_arn");
  });
});

describe("system node group", () => {
  const group = resource(json, "aws_eks_node_group", "eks_system_nodes");
  const template = resource(json, "aws_launch_template", "eks_system_nodes_template");

  test("2-3 on-demand t3.medium nodes in the application subnets, replaced one at a time", () => {
    expect(group).toMatchObject({
      cluster_name: "${aws_eks_cluster.eks.name}",
      instance_types: ["t3.medium"],
      capacity_type: "ON_DEMAND",
      ami_type: "AL2023_x86_64_STANDARD",
      version: "1.33",
      scaling_config: { desired_size: 2, min_size: 2, max_size: 3 },
      update_config: { max_unavailable: 1 },
      subnet_ids: ["subnet-app-a", "subnet-app-b", "subnet-app-c"],
      launch_template: {
        id: "${aws_launch_template.eks_system_nodes_template.id}",
        version: "${aws_launch_template.eks_system_nodes_template.latest_version}",
      },
    });
  });

  test("labelled workload-type=system and tainted so that only system pods land there", () => {
    expect(group.labels).toEqual({ "workload-type": "system" });
    expect(group.taint).toEqual([{ key: "node-role.kubernetes.io/system", effect: "NO_SCHEDULE" }]);
  });

  test("sizes and instance type are props", () => {
    const sized = resource(
      synth({ systemNodes: { instanceType: "m6i.large", minSize: 3, desiredSize: 4, maxSize: 6 } }),
      "aws_eks_node_group",
      "eks_system_nodes",
    );
    expect(sized).toMatchObject({
      instance_types: ["m6i.large"],
      scaling_config: { min_size: 3, desired_size: 4, max_size: 6 },
    });
  });

  test("a replacement group is created before the old one goes", () => {
    expect(group.node_group_name_prefix).toBe("system-");
    expect(group.lifecycle).toEqual({ create_before_destroy: true });
  });

  test("the launch template requires IMDSv2 from the host only (hop limit 1) and a CMK-encrypted gp3 root volume", () => {
    expect(template.metadata_options).toEqual({
      http_endpoint: "enabled",
      http_tokens: "required",
      http_put_response_hop_limit: 1,
    });
    expect(template.block_device_mappings).toEqual([
      {
        device_name: "/dev/xvda",
        ebs: {
          volume_size: 50,
          volume_type: "gp3",
          encrypted: "true",
          kms_key_id: "${aws_kms_key.eks_nodes_key.arn}",
          delete_on_termination: "true",
        },
      },
    ]);
  });

  test("the node volume key admits this account's launches through EC2, naming no principal that may not exist", () => {
    const policy = String(resource(json, "aws_kms_key", "eks_nodes_key").policy);
    expect(policy).not.toContain("AWSServiceRoleForAutoScaling");
    const throughEc2 = { "kms:ViaService": "ec2.us-east-1.amazonaws.com", "kms:CallerAccount": "123456789012" };
    expect(statementsOf(json, "aws_kms_key", "eks_nodes_key").slice(1)).toEqual([
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
    ]);
    expect(resource(json, "aws_kms_key", "eks_nodes_key").enable_key_rotation).toBe(true);
  });

  test("nodes join both the cluster security group and the VPC's node group", () => {
    expect(template.vpc_security_group_ids).toEqual([
      "${aws_eks_cluster.eks.vpc_config[0].cluster_security_group_id}",
      "sg-nodes",
    ]);
  });

  test("the node role carries exactly the worker, CNI and ECR pull policies, and the group waits for them", () => {
    const attached = Object.entries(resourcesOf(json, "aws_iam_role_policy_attachment"))
      .filter(([, a]) => a.role === "${aws_iam_role.eks_system_nodes_role.name}")
      .map(([name, a]) => `${name} ${a.policy_arn}`)
      .sort();
    expect(attached).toEqual([
      "eks_system_nodes_role_cni arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
      "eks_system_nodes_role_ecr_pull arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
      "eks_system_nodes_role_worker arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    ]);
    expect(group.depends_on).toEqual(
      expect.arrayContaining(attached.map((a) => `aws_iam_role_policy_attachment.${a.split(" ")[0]}`)),
    );
    expect(statementsOf(json, "aws_iam_role", "eks_system_nodes_role", "assume_role_policy")).toEqual([
      { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
  });
});

describe("ECR repositories", () => {
  const withRepos = synth({ ecrRepositories: ["orders-api", "web"] });

  test("one per service: scanned on push, immutable tags, encrypted with the module's CMK", () => {
    expect(Object.keys(resourcesOf(withRepos, "aws_ecr_repository")).sort()).toEqual([
      "eks_ecr_orders_api",
      "eks_ecr_web",
    ]);
    expect(resource(withRepos, "aws_ecr_repository", "eks_ecr_orders_api")).toMatchObject({
      name: "orders-api",
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: "KMS", kms_key: "${aws_kms_key.eks_ecr_key.arn}" }],
      force_delete: false,
    });
  });

  test("the lifecycle policy expires untagged images after a day and keeps the last 10", () => {
    const lifecycle = resource(withRepos, "aws_ecr_lifecycle_policy", "eks_ecr_web_lifecycle");
    expect(lifecycle.repository).toBe("${aws_ecr_repository.eks_ecr_web.name}");
    expect(JSON.parse(String(lifecycle.policy))).toEqual({
      rules: [
        {
          rulePriority: 1,
          description: "Expire untagged images 1 day(s) after push",
          selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: "Keep the last 10 images",
          selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 10 },
          action: { type: "expire" },
        },
      ],
    });
  });

  test("no services, no repositories and no ECR key", () => {
    expect(resourcesOf(json, "aws_ecr_repository")).toEqual({});
    expect(Object.keys(resourcesOf(json, "aws_kms_key")).sort()).toEqual([
      "eks_logs_key",
      "eks_nodes_key",
      "eks_secrets_key",
    ]);
  });

  test("repository URLs are outputs keyed by name", () => {
    let urls: Readonly<Record<string, string>> = {};
    synth({ ecrRepositories: ["web"] }, (eks) => (urls = eks.ecrRepositoryUrls));
    expect(Object.keys(urls)).toEqual(["web"]);
  });
});

describe("outputs", () => {
  test("the ClusterRef points at the cluster resource, the VPC and the account-region", () => {
    let ref: ClusterRef | undefined;
    const stack = synthModule((s) => {
      const eks = new EksCluster(s, "eks", base);
      ref = eks.ref;
    });
    expect(stack.resource?.aws_eks_cluster.eks).toBeDefined();
    expect(ref).toMatchObject({
      nodeSecurityGroupId: "sg-nodes",
      vpcId: "vpc-0123456789abcdef0",
      region: "us-east-1",
      accountId: "123456789012",
      kubernetesVersion: "1.33",
    });
    for (const field of [
      "clusterName",
      "clusterArn",
      "endpoint",
      "certificateAuthorityData",
      "clusterSecurityGroupId",
      "nodeVolumeKeyArn",
    ]) {
      expect(ref?.[field as keyof ClusterRef]).toMatch(/TfToken/);
    }
  });
});

describe("validation", () => {
  test("reports admin ARNs that are not IAM role ARNs, with their index", () => {
    const bad = () =>
      synth({
        adminRoleArns: [
          "arn:aws:iam::123456789012:user/alice",
          "arn:aws:sts::123456789012:assumed-role/Admin/alice",
          "arn:aws:iam::123456789012:role/Admin",
        ],
      });
    expect(bad).toThrow(/adminRoleArns\[0\]: "arn:aws:iam::123456789012:user\/alice" is not an IAM role ARN/);
    expect(bad).toThrow(
      /adminRoleArns\[1\]: "arn:aws:sts::123456789012:assumed-role\/Admin\/alice" is not an IAM role/,
    );
    expect(bad).not.toThrow(/adminRoleArns\[2\]/);
  });

  test("refuses a cluster nobody can administer", () => {
    expect(() => synth({ adminRoleArns: [] })).toThrow(/adminRoleArns: give at least one IAM role/);
  });

  test("reports two admin roles with the same name, which would share an address", () => {
    expect(() =>
      synth({ adminRoleArns: ["arn:aws:iam::123456789012:role/a/Admin", "arn:aws:iam::123456789012:role/b/Admin"] }),
    ).toThrow(/adminRoleArns\[1\]: role name "admin" is already used by adminRoleArns\[0\]/);
  });

  test("reports every node size problem at once", () => {
    const bad = () => synth({ systemNodes: { minSize: 0, desiredSize: 5, maxSize: 3 } });
    expect(bad).toThrow(/systemNodes\.minSize: 0 must be at least 1/);
    expect(bad).toThrow(/systemNodes\.desiredSize: 5 must be between minSize \(0\) and maxSize \(3\)/);
    expect(() => synth({ systemNodes: { minSize: 3, desiredSize: 3, maxSize: 2 } })).toThrow(
      /systemNodes\.maxSize: 2 is below minSize \(3\)/,
    );
  });

  test.each(["1.3", "1.33.1", "v1.33", "2.0"])("rejects Kubernetes version %s", (version) => {
    expect(() => synth({ kubernetesVersion: version })).toThrow(
      new RegExp(`kubernetesVersion: "${version.replace(/\./g, "\\.")}" is not a Kubernetes minor version`),
    );
  });

  test("reports a public endpoint open to the internet, a private range on it, and a malformed CIDR", () => {
    const bad = () => synth({ endpointAccess: { publicCidrs: ["0.0.0.0/0", "10.0.0.1/33", "10.20.0.0/16"] } });
    expect(bad).toThrow(/endpointAccess\.publicCidrs\[0\]: 0\.0\.0\.0\/0 would open the API endpoint to the internet/);
    expect(bad).toThrow(/endpointAccess\.publicCidrs\[1\]: "10\.0\.0\.1\/33" is not a literal IPv4 CIDR/);
    expect(bad).toThrow(
      /endpointAccess\.publicCidrs\[2\]: 10\.20\.0\.0\/16 is a private range, which the public endpoint never sees/,
    );
  });

  test("reports private sources that are no network, open everything, repeat, or are no security group", () => {
    const bad = () =>
      synth({
        endpointAccess: {
          privateCidrs: ["10.200.0.5/16", "0.0.0.0/0", "172.16.0.0/12", "172.16.0.0/12"],
          privateSecurityGroupIds: ["sg-12", "sg-0123456789abcdef0", "sg-0123456789abcdef0"],
        },
      });
    expect(bad).toThrow(/endpointAccess\.privateCidrs\[0\]: 10\.200\.0\.5\/16 is not a network address/);
    expect(bad).toThrow(
      /endpointAccess\.privateCidrs\[1\]: 0\.0\.0\.0\/0 would open the API endpoint to every network/,
    );
    expect(bad).toThrow(/endpointAccess\.privateCidrs\[3\]: 172\.16\.0\.0\/12 is already listed at privateCidrs\[2\]/);
    expect(bad).toThrow(/endpointAccess\.privateSecurityGroupIds\[0\]: "sg-12" is not a literal security group id/);
    expect(bad).toThrow(
      /endpointAccess\.privateSecurityGroupIds\[2\]: sg-0123456789abcdef0 is already listed at privateSecurityGroupIds\[1\]/,
    );
  });

  test("refuses a support type EKS does not know", () => {
    expect(() => synth({ supportType: "PREMIUM" as "STANDARD" })).toThrow(
      /supportType: "PREMIUM" is not one of STANDARD, EXTENDED/,
    );
  });

  test("reports a name too long for the IAM role names it prefixes", () => {
    expect(() => synth({ name: "a".repeat(41) })).toThrow(/name: "a{41}" must be 1-40 letters/);
  });

  test("reports a retention CloudWatch Logs does not offer", () => {
    expect(() => synth({ logRetentionDays: 42 })).toThrow(/logRetentionDays: 42 is not a CloudWatch Logs retention/);
  });

  test("reports invalid and clashing repository names", () => {
    const bad = () => synth({ ecrRepositories: ["Orders", "orders-api", "orders_api"] });
    expect(bad).toThrow(/ecrRepositories\[0\]: "Orders" is not an ECR repository name/);
    expect(bad).toThrow(
      /ecrRepositories\[2\]: "orders_api" has the same address \(ecr_orders_api\) as ecrRepositories\[1\]/,
    );
  });
});
