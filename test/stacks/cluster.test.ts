import type { TerraformStack } from "cdktf";
import { parse } from "yaml";
import type { NodePoolsChartValues } from "../../modules/karpenter/in-cluster";
import { warningsOf } from "../../src/app";
import { defaultInput, organization, resource, resourcesOf, synthApp, type StackJson } from "../helpers/synth";

const { app, json } = synthApp();
const CLUSTER_STACKS = ["dev-us-east-1", "staging-us-east-1", "prod-us-east-1", "prod-ca-central-1"];
const DEPLOY_ROLE = (account: string) => `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`;

/** `${data.terraform_remote_state.<input>.outputs.<name>}` → the source stack's output value. */
function crossStackValue(reference: string, source: StackJson): unknown {
  const name = /outputs\.([A-Za-z0-9_]+)/.exec(reference)?.[1];
  if (name === undefined) throw new Error(`not a cross-stack reference: ${reference}`);
  return source.output?.[name]?.value;
}

const helmOf = (stack: StackJson) =>
  stack.provider!.helm[0] as {
    kubernetes: { host: string; cluster_ca_certificate: string; exec: { command: string; args: string[] } };
  };
const valuesOf = (stack: StackJson, release: string) =>
  parse((resource(stack, "helm_release", release).values as string[])[0]) as Record<string, unknown>;
const poolsOf = (stack: StackJson) => valuesOf(stack, "karpenter_nodepools") as unknown as NodePoolsChartValues;

describe("placement", () => {
  test("a cluster in dev, staging and both prod regions, named after its stack, and nowhere else", () => {
    const withCluster = Object.keys(json).filter((id) => resourcesOf(json[id], "aws_eks_cluster").eks !== undefined);
    expect(withCluster.sort()).toEqual([...CLUSTER_STACKS].sort());
    for (const id of CLUSTER_STACKS) expect(resource(json[id], "aws_eks_cluster", "eks").name).toBe(`acme-${id}`);
  });

  test("each cluster has a -k8s stack that depends on its account-region stack only", () => {
    expect(
      Object.keys(json)
        .filter((id) => id.endsWith("-k8s"))
        .sort(),
    ).toEqual(CLUSTER_STACKS.map((id) => `${id}-k8s`).sort());
    for (const id of CLUSTER_STACKS) {
      const k8s = app.node.findChild(`${id}-k8s`) as TerraformStack;
      expect(k8s.dependencies.map((stack) => stack.node.id)).toEqual([id]);
      const infra = app.node.findChild(id) as TerraformStack;
      expect(infra.dependencies.map((stack) => stack.node.id)).not.toContain(`${id}-k8s`);
    }
  });

  test("the application subnets carry the cluster's name as Karpenter's discovery tag", () => {
    const subnet = resource(json["prod-ca-central-1"], "aws_subnet", "vpc_application_a");
    expect((subnet.tags as Record<string, string>)["karpenter.sh/discovery"]).toBe("acme-prod-ca-central-1");
    expect(resource(json["prod-ca-central-1"], "aws_eks_cluster", "eks").vpc_config).toMatchObject({
      subnet_ids: ["a", "b", "c"].map((az) => `\${aws_subnet.vpc_application_${az}.id}`),
    });
  });

  test("switching the cluster off removes it, Karpenter's AWS side and the -k8s stack, and keeps the VPC", () => {
    const input = defaultInput();
    delete input.accounts.staging.regions["us-east-1"].cluster;
    const { json: without } = synthApp(organization(input));
    expect(Object.keys(without)).not.toContain("staging-us-east-1-k8s");
    const staging = without["staging-us-east-1"];
    expect(resourcesOf(staging, "aws_eks_cluster")).toEqual({});
    expect(resourcesOf(staging, "aws_sqs_queue")).toEqual({});
    expect(Object.keys(resourcesOf(staging, "aws_iam_role")).filter((name) => name.startsWith("karpenter"))).toEqual(
      [],
    );
    const subnet = resource(staging, "aws_subnet", "vpc_application_a");
    expect((subnet.tags as Record<string, string>)["karpenter.sh/discovery"]).toBe("acme-staging-us-east-1-vpc");
  });
});

describe("access", () => {
  test("cluster admins are exactly the configured roles and the deploy role", () => {
    for (const [id, account] of [
      ["dev-us-east-1", "333333333333"],
      ["prod-ca-central-1", "555555555555"],
    ]) {
      const entries = resourcesOf(json[id], "aws_eks_access_entry");
      const admins = Object.entries(entries).filter(([name]) => name.startsWith("eks_admin_"));
      expect(admins.map(([, entry]) => entry.principal_arn).sort()).toEqual(
        [DEPLOY_ROLE(account), `arn:aws:iam::${account}:role/PlatformAdmin`].sort(),
      );
      for (const [name] of admins) {
        expect(resource(json[id], "aws_eks_access_policy_association", `${name}_policy`)).toMatchObject({
          policy_arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
          access_scope: { type: "cluster" },
        });
      }
      // Besides the admins, only Karpenter's node role joins (as EC2_LINUX nodes).
      expect(Object.keys(entries).filter((name) => !name.startsWith("eks_admin_"))).toEqual([
        "karpenter_node_access_entry",
      ]);
    }
  });

  test("the deploy role listed in the config too gets one access entry, not two", () => {
    const input = defaultInput();
    input.accounts.dev.regions["us-east-1"].cluster!.adminRoleArns = [DEPLOY_ROLE("333333333333")];
    const dev = synthApp(organization(input)).json["dev-us-east-1"];
    expect(Object.values(resourcesOf(dev, "aws_eks_access_entry")).map((e) => e.principal_arn)).toEqual([
      DEPLOY_ROLE("333333333333"),
      "${aws_iam_role.karpenter_node_role.arn}",
    ]);
  });

  test("the API endpoint is private by default, and public only to the configured CIDRs", () => {
    for (const id of CLUSTER_STACKS) {
      expect(resource(json[id], "aws_eks_cluster", "eks").vpc_config).toMatchObject({
        endpoint_private_access: true,
        endpoint_public_access: false,
      });
    }
    const input = defaultInput();
    input.accounts.dev.regions["us-east-1"].cluster!.endpointAccess = {
      publicCidrs: ["203.0.113.0/24"],
      privateCidrs: ["172.20.0.0/16"],
      privateSecurityGroupIds: ["sg-0123456789abcdef0"],
    };
    const dev = synthApp(organization(input)).json["dev-us-east-1"];
    expect(resource(dev, "aws_eks_cluster", "eks").vpc_config).toMatchObject({
      endpoint_public_access: true,
      public_access_cidrs: ["203.0.113.0/24"],
    });
    expect(resource(dev, "aws_vpc_security_group_ingress_rule", "eks_api_in_from_172_20_0_0_16")).toMatchObject({
      cidr_ipv4: "172.20.0.0/16",
      from_port: 443,
    });
    expect(resource(dev, "aws_network_acl_rule", "eks_api_nacl_in_300")).toMatchObject({
      network_acl_id: "${aws_network_acl.vpc_application_nacl.id}",
      cidr_block: "172.20.0.0/16",
      from_port: 443,
      to_port: 443,
    });
    // The VPC's id is a reference here: compared as an expression, not as the text "aws_vpc.vpc.id".
    expect(dev.data?.aws_security_group?.eks_api_source_sg_0123456789abcdef0).toMatchObject({
      id: "sg-0123456789abcdef0",
      lifecycle: { postcondition: [expect.objectContaining({ condition: "${self.vpc_id == aws_vpc.vpc.id}" })] },
    });
  });

  test("every cluster has the api-clients group that the -k8s stack's runner in the VPC attaches", () => {
    for (const id of CLUSTER_STACKS) {
      expect(resource(json[id], "aws_security_group", "eks_api_clients").name).toBe(`acme-${id}-api-clients`);
      expect(resource(json[id], "aws_vpc_security_group_ingress_rule", "eks_api_in_from_api_clients")).toMatchObject({
        from_port: 443,
        referenced_security_group_id: "${aws_security_group.eks_api_clients.id}",
      });
    }
  });

  test("the deploy role and the configured admins of the cluster's account are read at plan time", () => {
    const lookups = json["prod-us-east-1"].data?.aws_iam_role ?? {};
    expect(Object.fromEntries(Object.entries(lookups).map(([name, role]) => [name, role.name]))).toEqual({
      eks_admin_organizationaccountaccessrole_role: "OrganizationAccountAccessRole",
      eks_admin_platformadmin_role: "PlatformAdmin",
    });
  });
});

describe("sizing from the config and the environment", () => {
  test("system nodes: t3.medium 2-3 in dev, m6i.large 3-5 in prod; the config overrides", () => {
    const scaling = (stack: StackJson) => resource(stack, "aws_eks_node_group", "eks_system_nodes");
    expect(scaling(json["dev-us-east-1"])).toMatchObject({
      instance_types: ["t3.medium"],
      scaling_config: { min_size: 2, desired_size: 2, max_size: 3 },
    });
    expect(scaling(json["prod-us-east-1"])).toMatchObject({
      instance_types: ["m6i.large"],
      scaling_config: { min_size: 3, desired_size: 3, max_size: 5 },
    });
    const input = defaultInput();
    input.accounts.dev.regions["us-east-1"].cluster!.systemNodes = { instanceType: "t3.large", maxSize: 4 };
    expect(scaling(synthApp(organization(input)).json["dev-us-east-1"])).toMatchObject({
      instance_types: ["t3.large"],
      scaling_config: { min_size: 2, desired_size: 2, max_size: 4 },
    });
  });

  test("control-plane logs are kept 30 days in dev, 90 in staging, 365 in prod", () => {
    const retention = (id: string) =>
      resource(json[id], "aws_cloudwatch_log_group", "eks_control_plane_logs").retention_in_days;
    expect(CLUSTER_STACKS.map(retention)).toEqual([30, 90, 365, 365]);
  });

  test("the Kubernetes version and add-on builds are the pinned defaults unless the config names others", () => {
    expect(resource(json["dev-us-east-1"], "aws_eks_cluster", "eks").version).toBe("1.33");
    expect(resource(json["dev-us-east-1"], "aws_eks_addon", "eks_kube_proxy").addon_version).toBe("v1.33.0-eksbuild.2");
    const input = defaultInput();
    input.accounts.dev.regions["us-east-1"].cluster!.kubernetesVersion = "1.32";
    input.accounts.dev.regions["us-east-1"].cluster!.addonVersions = { "kube-proxy": "v1.32.6-eksbuild.2" };
    input.accounts.dev.regions["us-east-1"].cluster!.amiAlias = "al2023@v20250715";
    const dev = synthApp(organization(input)).json["dev-us-east-1"];
    expect(resource(dev, "aws_eks_cluster", "eks").version).toBe("1.32");
    expect(resource(dev, "aws_eks_node_group", "eks_system_nodes").version).toBe("1.32");
    expect(resource(dev, "aws_eks_addon", "eks_kube_proxy").addon_version).toBe("v1.32.6-eksbuild.2");
    expect(resource(dev, "aws_eks_addon", "eks_vpc_cni").addon_version).toBe("v1.19.5-eksbuild.1");
  });

  test("ECR repositories for the services named in the config, and no others", () => {
    for (const id of CLUSTER_STACKS) {
      const names = Object.values(resourcesOf(json[id], "aws_ecr_repository")).map((r) => r.name);
      expect(names).toEqual(["orders-api", "web"]);
    }
  });
});

describe("upgrades and support", () => {
  test("every cluster stays on standard support; extended support is a choice that warns of its cost", () => {
    for (const id of CLUSTER_STACKS) {
      expect(resource(json[id], "aws_eks_cluster", "eks").upgrade_policy).toEqual({ support_type: "STANDARD" });
    }
    expect(warningsOf(app)).toEqual([]);
    const input = defaultInput();
    input.accounts.staging.regions["us-east-1"].cluster!.supportType = "EXTENDED";
    const extended = synthApp(organization(input));
    expect(resource(extended.json["staging-us-east-1"], "aws_eks_cluster", "eks").upgrade_policy).toEqual({
      support_type: "EXTENDED",
    });
    expect(warningsOf(extended.app).map((w) => w.message)).toEqual([
      "accounts.staging.regions.us-east-1.cluster.supportType is EXTENDED: acme-staging-us-east-1 is billed per cluster-hour for extended support once its Kubernetes version leaves standard support",
    ]);
  });

  test("the cluster stack's plan fails when the node AMI alias has no AMI for the Kubernetes version", () => {
    for (const id of CLUSTER_STACKS) {
      expect(json[id].data?.aws_ssm_parameter?.karpenter_node_ami.name).toBe(
        "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/amazon-eks-node-al2023-x86_64-standard-1.33-v20250715/image_id",
      );
    }
  });

  test("an upgrade takes the alias from the config into both stacks", () => {
    const input = defaultInput();
    const dev = input.accounts.dev.regions["us-east-1"].cluster!;
    dev.kubernetesVersion = "1.34";
    dev.addonVersions = { "kube-proxy": "v1.34.0-eksbuild.1" };
    dev.amiAlias = "al2023@v20251016";
    const upgraded = synthApp(organization(input)).json;
    expect(upgraded["dev-us-east-1"].data?.aws_ssm_parameter?.karpenter_node_ami.name).toContain(
      "/1.34/amazon-linux-2023/x86_64/standard/amazon-eks-node-al2023-x86_64-standard-1.34-v20251016/",
    );
    expect(poolsOf(upgraded["dev-us-east-1-k8s"]).amiAlias).toBe("al2023@v20251016");
  });
});

describe("the -k8s stack", () => {
  const devK8s = json["dev-us-east-1-k8s"];

  test("keeps its own state, next to its account-region's, and has no AWS provider", () => {
    const backend = (devK8s.terraform as { backend: { s3: Record<string, unknown> } }).backend.s3;
    expect(backend).toMatchObject({
      bucket: "acme-terraform-state-111111111111",
      key: "acme/dev/us-east-1-k8s/terraform.tfstate",
      encrypt: true,
    });
    expect(Object.keys(devK8s.provider ?? {})).toEqual(["helm"]);
    expect(Object.keys(devK8s.resource ?? {})).toEqual(["helm_release"]);
  });

  test("with Terraform Cloud, it has its own workspace", () => {
    const input = defaultInput();
    input.backend = { type: "cloud", organization: "acme", workspacePrefix: "acme-" };
    const k8s = synthApp(organization(input)).json["prod-ca-central-1-k8s"];
    expect(JSON.stringify(k8s.terraform)).toContain('"name":"acme-prod-ca-central-1-k8s"');
  });

  test("reads the account-region stack's state for its outputs", () => {
    const remote = devK8s.data!.terraform_remote_state as Record<string, { config: { key: string } }>;
    expect(Object.values(remote).map((r) => r.config.key)).toEqual(["acme/dev/us-east-1/terraform.tfstate"]);
  });

  test("the Helm provider reaches the cluster from its outputs: endpoint, decoded CA, a token as the deploy role", () => {
    for (const [id, account] of [
      ["dev-us-east-1", "333333333333"],
      ["prod-ca-central-1", "555555555555"],
    ]) {
      const { kubernetes } = helmOf(json[`${id}-k8s`]);
      expect(crossStackValue(kubernetes.host, json[id])).toBe("${aws_eks_cluster.eks.endpoint}");
      const ca = /^\$\{base64decode\((data\.terraform_remote_state\.[^)]+)\)\}$/.exec(
        kubernetes.cluster_ca_certificate,
      );
      expect(crossStackValue(ca![1], json[id])).toBe("${aws_eks_cluster.eks.certificate_authority[0].data}");
      const region = id.replace(/^[a-z]+-/, "");
      expect(kubernetes.exec).toEqual({
        api_version: "client.authentication.k8s.io/v1beta1",
        command: "aws",
        args: [
          "eks",
          "get-token",
          "--cluster-name",
          `acme-${id}`,
          "--region",
          region,
          "--role-arn",
          DEPLOY_ROLE(account),
        ],
      });
      // The role the token is for is a cluster admin.
      const principals = Object.values(resourcesOf(json[id], "aws_eks_access_entry")).map((e) => e.principal_arn);
      expect(principals).toContain(DEPLOY_ROLE(account));
    }
  });

  test("installs Karpenter, its node pools and the load balancer controller, controllers on the system nodes", () => {
    expect(Object.keys(resourcesOf(devK8s, "helm_release")).sort()).toEqual([
      "karpenter",
      "karpenter_crd",
      "karpenter_lb_controller",
      "karpenter_nodepools",
    ]);
    for (const release of ["karpenter", "karpenter_lb_controller"]) {
      expect(valuesOf(devK8s, release).nodeSelector).toEqual({ "workload-type": "system" });
    }
    const karpenter = valuesOf(devK8s, "karpenter").settings as Record<string, string>;
    expect(crossStackValue(karpenter.interruptionQueue, json["dev-us-east-1"])).toBe(
      "${aws_sqs_queue.karpenter_interruption_queue.name}",
    );
    expect(poolsOf(devK8s).nodeRole).toBe("acme-dev-us-east-1-karpenter-node");
    expect(resource(json["dev-us-east-1"], "aws_iam_role", "karpenter_node_role").name).toBe(
      "acme-dev-us-east-1-karpenter-node",
    );
  });

  test("dev and staging prefer spot with no on-demand floor; prod keeps one; limits come from the config", () => {
    const summary = (id: string) => {
      const pools = poolsOf(json[`${id}-k8s`]);
      return {
        capacityTypes: pools.general.capacityTypes,
        limits: pools.general.limits,
        floor: pools.onDemandFloor.enabled ? pools.onDemandFloor.limits : false,
      };
    };
    expect(CLUSTER_STACKS.map(summary)).toEqual([
      { capacityTypes: ["spot", "on-demand"], limits: { cpu: "32", memory: "128Gi" }, floor: false },
      { capacityTypes: ["spot", "on-demand"], limits: { cpu: "64", memory: "256Gi" }, floor: false },
      {
        capacityTypes: ["spot", "on-demand"],
        limits: { cpu: "200", memory: "800Gi" },
        floor: { cpu: "16", memory: "64Gi" },
      },
      {
        capacityTypes: ["spot", "on-demand"],
        limits: { cpu: "100", memory: "400Gi" },
        floor: { cpu: "8", memory: "32Gi" },
      },
    ]);
  });

  test("a spot-only pool never launches on-demand", () => {
    const input = defaultInput();
    input.accounts.dev.regions["us-east-1"].cluster!.nodePools.capacity = "spot-only";
    expect(poolsOf(synthApp(organization(input)).json["dev-us-east-1-k8s"]).general.capacityTypes).toEqual(["spot"]);
  });

  test("Karpenter's nodes use the cluster stack's node volume key, and drain for at most 48h", () => {
    const pools = poolsOf(devK8s);
    expect(crossStackValue(pools.kmsKeyId, json["dev-us-east-1"])).toBe("${aws_kms_key.eks_nodes_key.arn}");
    expect(pools.amiAlias).toBe("al2023@v20250715");
    expect(pools.general.terminationGracePeriod).toBe("48h");
    const input = defaultInput();
    input.accounts.dev.regions["us-east-1"].cluster!.nodePools.terminationGracePeriod = "12h";
    expect(poolsOf(synthApp(organization(input)).json["dev-us-east-1-k8s"]).general.terminationGracePeriod).toBe("12h");
  });

  test("the controllers on the system nodes are told their region rather than reading IMDS", () => {
    const karpenter = valuesOf(devK8s, "karpenter").controller as { env: unknown };
    expect(karpenter.env).toEqual([{ name: "AWS_REGION", value: "us-east-1" }]);
    expect(valuesOf(devK8s, "karpenter_lb_controller")).toMatchObject({ region: "us-east-1" });
    expect(crossStackValue(String(valuesOf(devK8s, "karpenter_lb_controller").vpcId), json["dev-us-east-1"])).toBe(
      "${aws_vpc.vpc.id}",
    );
  });

  test("what Karpenter launches is tagged like everything else the organization runs", () => {
    expect(poolsOf(json["prod-us-east-1-k8s"]).tags).toEqual({
      CostCenter: "platform",
      Organization: "acme",
      Account: "prod",
      Environment: "prod",
      Cluster: "acme-prod-us-east-1",
      ManagedBy: "karpenter",
    });
  });
});
