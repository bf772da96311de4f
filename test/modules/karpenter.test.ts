import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Testing } from "cdktf";
import { parse, parseAllDocuments } from "yaml";
import { EksCluster } from "../../modules/eks";
import {
  AMI_ALIASES,
  amiSsmParameter,
  DEFAULTS,
  INTERRUPTION_RULES,
  KarpenterAws,
  KUBERNETES_UPSTREAM_RELEASES,
  type KarpenterAwsProps,
} from "../../modules/karpenter";
import { localChartPath } from "../../modules/karpenter/chart-path";
import {
  KarpenterInCluster,
  type KarpenterInClusterProps,
  type NodePoolsChartValues,
} from "../../modules/karpenter/in-cluster";
import { BaseStack } from "../../src/stacks/base-stack";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";
import { renderTemplate } from "./helm-template";

const NODE_ROLE = "acme-prod-us-east-1-karpenter-node";

const synthAws = (overrides: Partial<KarpenterAwsProps> = {}, kubernetesVersion?: string): StackJson =>
  synthModule((s) => {
    const eks = new EksCluster(s, "eks", {
      name: "acme-prod-us-east-1",
      accountId: "123456789012",
      region: "us-east-1",
      kubernetesVersion,
      network: {
        vpcId: "vpc-0123456789abcdef0",
        cidr: "10.0.0.0/16",
        subnetIds: { application: ["subnet-app-a", "subnet-app-b", "subnet-app-c"] },
        securityGroupIds: { nodes: "sg-nodes" },
        naclIds: { application: "acl-application" },
      },
      adminRoleArns: ["arn:aws:iam::123456789012:role/OrganizationAccountAccessRole"],
    });
    new KarpenterAws(s, "karpenter", { cluster: eks.ref, nodeRoleName: NODE_ROLE, ...overrides });
  });

const aws = synthAws();
const CLUSTER = "${aws_eks_cluster.eks.name}";
const statementsOf = (json: StackJson, type: string, name: string, field = "policy") =>
  policyOf(resource(json, type, name), field).Statement;
const podIdentityTrust = (serviceAccount: string) => [
  {
    Sid: "EksPodIdentityForOneServiceAccount",
    Effect: "Allow",
    Principal: { Service: "pods.eks.amazonaws.com" },
    Action: ["sts:AssumeRole", "sts:TagSession"],
    Condition: {
      StringEquals: {
        "aws:RequestTag/eks-cluster-name": CLUSTER,
        "aws:RequestTag/kubernetes-namespace": "kube-system",
        "aws:RequestTag/kubernetes-service-account": serviceAccount,
      },
    },
  },
];

describe("controller role (EKS Pod Identity)", () => {
  const statements = statementsOf(aws, "aws_iam_role_policy", "karpenter_controller_role_policy");
  const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));

  test("only Pod Identity, for kube-system/karpenter of this cluster, may assume it", () => {
    expect(statementsOf(aws, "aws_iam_role", "karpenter_controller_role", "assume_role_policy")).toEqual(
      podIdentityTrust("karpenter"),
    );
    expect(resource(aws, "aws_eks_pod_identity_association", "karpenter_controller_pod_identity")).toMatchObject({
      cluster_name: CLUSTER,
      namespace: "kube-system",
      service_account: "karpenter",
      role_arn: "${aws_iam_role.karpenter_controller_role.arn}",
    });
  });

  test("carries the Karpenter v1 controller policy, statement by statement", () => {
    expect(statements.map((s) => s.Sid)).toEqual([
      "AllowScopedEC2InstanceAccessActions",
      "AllowScopedEC2LaunchTemplateAccessActions",
      "AllowScopedEC2InstanceActionsWithTags",
      "AllowScopedResourceCreationTagging",
      "AllowScopedResourceTagging",
      "AllowScopedDeletion",
      "AllowRegionalReadActions",
      "AllowSSMReadActions",
      "AllowPricingReadActions",
      "AllowInterruptionQueueActions",
      "AllowPassingInstanceRole",
      "AllowScopedInstanceProfileCreationActions",
      "AllowScopedInstanceProfileTagActions",
      "AllowScopedInstanceProfileActions",
      "AllowInstanceProfileReadActions",
      "AllowUnscopedInstanceProfileListAction",
      "AllowAPIServerEndpointDiscovery",
    ]);
    expect(statements.every((s) => s.Effect === "Allow")).toBe(true);
  });

  test("lists instance profiles, as Karpenter >= 1.7 needs", () => {
    expect(bySid.AllowUnscopedInstanceProfileListAction).toMatchObject({
      Action: "iam:ListInstanceProfiles",
      Resource: "*",
    });
  });

  test("EC2 writes need this cluster's ownership tag and stay in the region", () => {
    for (const sid of ["AllowScopedEC2InstanceActionsWithTags", "AllowScopedResourceCreationTagging"]) {
      expect(bySid[sid].Condition?.StringEquals).toMatchObject({
        [`aws:RequestTag/kubernetes.io/cluster/${CLUSTER}`]: "owned",
        "aws:RequestTag/eks:eks-cluster-name": CLUSTER,
      });
    }
    expect(bySid.AllowScopedDeletion.Condition?.StringEquals).toEqual({
      [`aws:ResourceTag/kubernetes.io/cluster/${CLUSTER}`]: "owned",
    });
    const ec2Arns = statements.flatMap((s) => [s.Resource ?? []].flat()).filter((r) => r.startsWith("arn:aws:ec2:"));
    expect(ec2Arns.length).toBeGreaterThan(10);
    expect(ec2Arns.every((arn) => arn.startsWith("arn:aws:ec2:us-east-1:"))).toBe(true);
    expect(bySid.AllowRegionalReadActions.Condition).toEqual({ StringEquals: { "aws:RequestedRegion": "us-east-1" } });
  });

  test("passes only the node role, reads only its queue, describes only its cluster", () => {
    expect(bySid.AllowPassingInstanceRole).toMatchObject({
      Resource: "${aws_iam_role.karpenter_node_role.arn}",
      Action: "iam:PassRole",
      Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
    });
    expect(bySid.AllowInterruptionQueueActions).toMatchObject({
      Resource: "${aws_sqs_queue.karpenter_interruption_queue.arn}",
      Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
    });
    expect(bySid.AllowAPIServerEndpointDiscovery).toMatchObject({
      Resource: `arn:aws:eks:us-east-1:123456789012:cluster/${CLUSTER}`,
      Action: "eks:DescribeCluster",
    });
  });

  test("grants no wildcard action and no unconditioned write on every resource", () => {
    const actions = statements.flatMap((s) => [s.Action ?? []].flat());
    expect(actions.filter((a) => a.endsWith(":*") || a === "*")).toEqual([]);
    const unconditionedStar = statements.filter((s) => s.Resource === "*" && s.Condition === undefined);
    expect(unconditionedStar.map((s) => s.Action)).toEqual(["pricing:GetProducts", "iam:ListInstanceProfiles"]);
  });

  test("fits IAM's 10,240-character limit on a role's inline policies", () => {
    const rendered = String(resource(aws, "aws_iam_role_policy", "karpenter_controller_role_policy").policy)
      .split(CLUSTER)
      .join("a".repeat(40));
    expect(rendered.length).toBeLessThan(10240);
  });
});

describe("node role", () => {
  test("has the fixed name the EC2NodeClass names, and is trusted by EC2 only", () => {
    expect(resource(aws, "aws_iam_role", "karpenter_node_role").name).toBe(NODE_ROLE);
    expect(statementsOf(aws, "aws_iam_role", "karpenter_node_role", "assume_role_policy")).toEqual([
      { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
  });

  test("carries the worker, CNI, ECR pull and SSM policies, nothing else", () => {
    const attached = Object.values(resourcesOf(aws, "aws_iam_role_policy_attachment"))
      .filter((a) => a.role === "${aws_iam_role.karpenter_node_role.name}")
      .map((a) => a.policy_arn)
      .sort();
    expect(attached).toEqual([
      "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
      "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
      "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    ]);
  });

  test("joins the cluster through an EC2_LINUX access entry", () => {
    expect(resource(aws, "aws_eks_access_entry", "karpenter_node_access_entry")).toMatchObject({
      cluster_name: CLUSTER,
      principal_arn: "${aws_iam_role.karpenter_node_role.arn}",
      type: "EC2_LINUX",
    });
    expect(resourcesOf(aws, "aws_eks_access_policy_association")).not.toHaveProperty(
      "karpenter_node_access_entry_policy",
    );
  });
});

describe("interruption queue", () => {
  test("keeps messages 5 minutes, encrypted with SQS-managed keys", () => {
    expect(resource(aws, "aws_sqs_queue", "karpenter_interruption_queue")).toMatchObject({
      name: `${CLUSTER}-karpenter-interruption`,
      message_retention_seconds: 300,
      sqs_managed_sse_enabled: true,
    });
  });

  test("EventBridge and SQS may send to it; nothing may reach it without TLS", () => {
    const policy = resource(aws, "aws_sqs_queue_policy", "karpenter_interruption_queue_policy");
    expect(policy.queue_url).toBe("${aws_sqs_queue.karpenter_interruption_queue.url}");
    expect(policyOf(policy).Statement).toEqual([
      {
        Sid: "EventBridgeDelivers",
        Effect: "Allow",
        Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
        Action: "sqs:SendMessage",
        Resource: "${aws_sqs_queue.karpenter_interruption_queue.arn}",
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sqs:*",
        Resource: "${aws_sqs_queue.karpenter_interruption_queue.arn}",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });
});

describe("interruption rules", () => {
  const rules = resourcesOf(aws, "aws_cloudwatch_event_rule");
  const patterns = Object.fromEntries(
    Object.entries(rules).map(([name, rule]) => [name, JSON.parse(String(rule.event_pattern)) as unknown]),
  );

  test("match exactly the five events Karpenter handles, letter for letter", () => {
    expect(patterns).toEqual({
      karpenter_health_event: { source: ["aws.health"], "detail-type": ["AWS Health Event"] },
      karpenter_spot_interruption: { source: ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"] },
      karpenter_rebalance: { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] },
      karpenter_instance_state_change: {
        source: ["aws.ec2"],
        "detail-type": ["EC2 Instance State-change Notification"],
      },
      karpenter_capacity_reservation_interruption: {
        source: ["aws.ec2"],
        "detail-type": ["EC2 Capacity Reservation Instance Interruption Warning"],
      },
    });
  });

  test("every rule targets the interruption queue, one target each", () => {
    const targets = resourcesOf(aws, "aws_cloudwatch_event_target");
    expect(Object.keys(targets).sort()).toEqual(
      Object.keys(rules)
        .map((name) => `${name}_target`)
        .sort(),
    );
    for (const name of Object.keys(rules)) {
      expect(targets[`${name}_target`]).toEqual({
        rule: `\${aws_cloudwatch_event_rule.${name}.name}`,
        target_id: "KarpenterInterruptionQueue",
        arn: "${aws_sqs_queue.karpenter_interruption_queue.arn}",
      });
    }
  });

  test("physical names are readable and fit EventBridge's 64 characters for a 40-character cluster name", () => {
    expect(rules.karpenter_spot_interruption.name).toBe(`${CLUSTER}-karpenter-spot`);
    const longest = Math.max(...Object.values(INTERRUPTION_RULES).map((r) => `-karpenter-${r.shortName}`.length));
    expect(40 + longest).toBeLessThanOrEqual(64);
  });
});

describe("load balancer controller role", () => {
  test("only Pod Identity, for kube-system/aws-load-balancer-controller, may assume it", () => {
    expect(statementsOf(aws, "aws_iam_role", "karpenter_lb_controller_role", "assume_role_policy")).toEqual(
      podIdentityTrust("aws-load-balancer-controller"),
    );
    expect(resource(aws, "aws_eks_pod_identity_association", "karpenter_lb_controller_pod_identity")).toMatchObject({
      namespace: "kube-system",
      service_account: "aws-load-balancer-controller",
      role_arn: "${aws_iam_role.karpenter_lb_controller_role.arn}",
    });
  });

  test("writes to load balancers and security groups need the controller's cluster tag", () => {
    const statements = statementsOf(aws, "aws_iam_role_policy", "karpenter_lb_controller_role_policy");
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(bySid.CreateTaggedLoadBalancers.Condition).toEqual({
      Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "false" },
    });
    expect(bySid.ManageOwnSecurityGroups.Condition).toEqual({
      Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" },
    });
    expect(bySid.SecurityGroupIngress.Resource).toBe("arn:aws:ec2:us-east-1:123456789012:security-group/*");
    const arns = statements.flatMap((s) => [s.Resource ?? []].flat()).filter((r) => r !== "*");
    expect(arns.every((arn) => arn.includes(":us-east-1:123456789012:"))).toBe(true);
    expect(statements.flatMap((s) => [s.Action ?? []].flat()).filter((a) => a.endsWith(":*"))).toEqual([]);
  });

  test("is left out when the controller is off", () => {
    const without = synthAws({ loadBalancerController: false });
    expect(Object.keys(resourcesOf(without, "aws_iam_role"))).not.toContain("karpenter_lb_controller_role");
    expect(Object.keys(resourcesOf(without, "aws_eks_pod_identity_association"))).not.toContain(
      "karpenter_lb_controller_pod_identity",
    );
  });
});

describe("node AMI", () => {
  test("a real plan reads the public SSM parameter of the alias's AMI for the cluster's version", () => {
    expect(aws.data?.aws_ssm_parameter).toEqual({
      karpenter_node_ami: {
        name: "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/amazon-eks-node-al2023-x86_64-standard-1.33-v20250715/image_id",
      },
    });
    const pinned = synthAws({ amiAlias: "al2023@v20250801" });
    expect(pinned.data?.aws_ssm_parameter?.karpenter_node_ami.name).toBe(
      "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/amazon-eks-node-al2023-x86_64-standard-1.33-v20250801/image_id",
    );
  });

  test("the default alias is paired with the Kubernetes version, and exists only where it is known", () => {
    expect(AMI_ALIASES).toEqual({ "1.33": "al2023@v20250715" });
    expect(() => synthAws({}, "1.34")).toThrow(
      /amiAlias: Kubernetes 1\.34 has no default AMI alias: set one released for 1\.34/,
    );
    const upgraded = synthAws({ amiAlias: "al2023@v20251016" }, "1.34");
    expect(upgraded.data?.aws_ssm_parameter?.karpenter_node_ami.name).toContain("/1.34/");
    expect(upgraded.data?.aws_ssm_parameter?.karpenter_node_ami.name).toContain("standard-1.34-v20251016/");
  });

  test("an alias older than the version's upstream release cannot run it", () => {
    expect(() => synthAws({ amiAlias: "al2023@v20250715" }, "1.34")).toThrow(
      /amiAlias: al2023@v20250715 predates Kubernetes 1\.34 \(released upstream 2025-08-27\)/,
    );
    expect(() => synthAws({ amiAlias: "al2023@v20250827" }, "1.34")).not.toThrow();
  });

  test("the release calendar's upstream dates, as the EKS user guide lists them", () => {
    expect(KUBERNETES_UPSTREAM_RELEASES).toEqual({
      "1.29": "2023-12-13",
      "1.30": "2024-04-17",
      "1.31": "2024-08-13",
      "1.32": "2024-12-11",
      "1.33": "2025-04-23",
      "1.34": "2025-08-27",
    });
    expect(amiSsmParameter("al2023@v20250715", "1.33")).toBe(
      "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/amazon-eks-node-al2023-x86_64-standard-1.33-v20250715/image_id",
    );
  });
});

describe("AWS side validation", () => {
  test("reports a node role name IAM would refuse", () => {
    expect(() => synthAws({ nodeRoleName: "karpenter node" })).toThrow(
      /nodeRoleName: "karpenter node" must be a literal IAM role name/,
    );
  });

  test("reports an unpinned or malformed alias", () => {
    expect(() => synthAws({ amiAlias: "al2023@latest" })).toThrow(/amiAlias: "al2023@latest" would roll every node/);
    expect(() => synthAws({ amiAlias: "bottlerocket@1.42" })).toThrow(
      /amiAlias: "bottlerocket@1\.42" is not an AL2023 alias/,
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// In-cluster side (the -k8s stack): Helm releases, then the chart they install.

class K8sTestStack extends BaseStack {}

const NODE_KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const cluster: KarpenterInClusterProps["cluster"] = {
  clusterName: "acme-prod-us-east-1",
  endpoint: "https://ABCDEF.gr7.us-east-1.eks.amazonaws.com",
  vpcId: "vpc-0123456789abcdef0",
  region: "us-east-1",
  nodeSecurityGroupId: "sg-nodes",
  kubernetesVersion: "1.33",
  nodeVolumeKeyArn: NODE_KEY,
};
const inClusterBase: KarpenterInClusterProps = {
  cluster,
  karpenter: { nodeRoleName: NODE_ROLE, interruptionQueueName: "acme-prod-us-east-1-karpenter-interruption" },
  nodePools: { limits: { cpu: 100, memory: "400Gi" } },
};

function synthInCluster(overrides: Partial<KarpenterInClusterProps> = {}): StackJson {
  const stack = new K8sTestStack(Testing.app(), "test-k8s");
  new HelmProvider(stack, "helm", {
    kubernetes: {
      host: cluster.endpoint,
      clusterCaCertificate: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
      exec: {
        apiVersion: "client.authentication.k8s.io/v1beta1",
        command: "aws",
        args: ["eks", "get-token", "--cluster-name", cluster.clusterName, "--region", cluster.region],
      },
    },
  });
  new KarpenterInCluster(stack, "karpenter", { ...inClusterBase, ...overrides });
  return JSON.parse(Testing.synth(stack, true)) as StackJson;
}

const k8s = synthInCluster();
const releases = resourcesOf(k8s, "helm_release");
const valuesOf = (release: Record<string, unknown>) => {
  const values = release.values as string[];
  expect(values).toHaveLength(1);
  return parse(values[0]) as Record<string, unknown>;
};

describe("Karpenter releases", () => {
  test("installs the CRD chart, then Karpenter, then the node pools, then the load balancer controller", () => {
    expect(Object.keys(releases).sort()).toEqual([
      "karpenter",
      "karpenter_crd",
      "karpenter_lb_controller",
      "karpenter_nodepools",
    ]);
    expect(releases.karpenter.depends_on).toEqual(["helm_release.karpenter_crd"]);
    expect(releases.karpenter_nodepools.depends_on).toEqual(["helm_release.karpenter"]);
    expect(releases.karpenter_lb_controller.depends_on).toEqual(["helm_release.karpenter"]);
    expect(releases.karpenter_crd).not.toHaveProperty("depends_on");
  });

  test("both Karpenter charts come from Karpenter's OCI registry at one pinned version, into kube-system", () => {
    for (const [name, chart] of [
      ["karpenter_crd", "karpenter-crd"],
      ["karpenter", "karpenter"],
    ]) {
      expect(releases[name]).toMatchObject({
        name: chart,
        chart,
        repository: "oci://public.ecr.aws/karpenter",
        version: "1.8.8",
        namespace: "kube-system",
      });
    }
    expect(DEFAULTS.karpenterVersion).toMatch(/^1\.8\.\d+$/);
    expect(releases.karpenter.skip_crds).toBe(true);
    expect(releases.karpenter_crd).not.toHaveProperty("skip_crds");
  });

  test("Karpenter knows its cluster, endpoint and queue, and runs on the system nodes as kube-system/karpenter", () => {
    const values = valuesOf(releases.karpenter);
    expect(values.settings).toEqual({
      clusterName: "acme-prod-us-east-1",
      clusterEndpoint: "https://ABCDEF.gr7.us-east-1.eks.amazonaws.com",
      interruptionQueue: "acme-prod-us-east-1-karpenter-interruption",
    });
    expect(values.serviceAccount).toEqual({ create: true, name: "karpenter" });
    expect(values.nodeSelector).toEqual({ "workload-type": "system" });
    expect(values.tolerations).toEqual([
      { key: "CriticalAddonsOnly", operator: "Exists" },
      { key: "node-role.kubernetes.io/system", operator: "Exists", effect: "NoSchedule" },
    ]);
    expect(values).not.toHaveProperty("serviceAccount.annotations");
  });

  test("Karpenter is told its region, which it would otherwise read from IMDS (out of pods' reach at hop limit 1)", () => {
    expect((valuesOf(releases.karpenter).controller as Record<string, unknown>).env).toEqual([
      { name: "AWS_REGION", value: "us-east-1" },
    ]);
  });

  test("values are YAML that keeps a long Terraform reference whole, on one line", () => {
    const endpoint = `\${data.terraform_remote_state.${"x".repeat(120)}.outputs.endpoint}`;
    const stack = synthInCluster({ cluster: { ...cluster, endpoint } });
    const release = resource(stack, "helm_release", "karpenter");
    expect((valuesOf(release).settings as Record<string, string>).clusterEndpoint).toBe(endpoint);
    expect((release.values as string[])[0].split("\n")).toContain(`  clusterEndpoint: ${endpoint}`);
  });

  test("the Helm provider authenticates with a short-lived token from aws eks get-token", () => {
    expect(k8s.provider?.helm[0]).toMatchObject({
      kubernetes: { exec: { command: "aws", args: expect.arrayContaining(["get-token"]) } },
    });
  });
});

describe("node pools release", () => {
  test("installs the repository's chart from the stack folder, copied there as an asset", () => {
    expect(releases.karpenter_nodepools).toMatchObject({ name: "karpenter-nodepools", namespace: "kube-system" });
    expect(String(releases.karpenter_nodepools.chart)).toMatch(/^assets\/karpenter_nodepools_chart\/[0-9A-F]+$/i);
    expect(releases.karpenter_nodepools).not.toHaveProperty("repository");
  });

  test("finds the chart from the sources and from the build output (dist/)", () => {
    const root = resolve(__dirname, "../..");
    const expected = join(root, "charts", "karpenter-nodepools");
    expect(localChartPath("karpenter-nodepools", join(root, "modules", "karpenter"))).toBe(expected);
    expect(localChartPath("karpenter-nodepools", join(root, "dist", "modules", "karpenter"))).toBe(expected);
    expect(() => localChartPath("no-such-chart", join(root, "modules"))).toThrow(/charts\/no-such-chart\/Chart\.yaml/);
  });
});

describe("load balancer controller release", () => {
  test("the pinned eks-charts chart, on the system nodes, told its cluster, region and VPC", () => {
    expect(releases.karpenter_lb_controller).toMatchObject({
      name: "aws-load-balancer-controller",
      repository: "https://aws.github.io/eks-charts",
      chart: "aws-load-balancer-controller",
      version: "1.14.1",
      namespace: "kube-system",
    });
    expect(valuesOf(releases.karpenter_lb_controller)).toEqual({
      clusterName: "acme-prod-us-east-1",
      region: "us-east-1",
      vpcId: "vpc-0123456789abcdef0",
      replicaCount: 2,
      podDisruptionBudget: { maxUnavailable: 1 },
      serviceAccount: { create: true, name: "aws-load-balancer-controller" },
      nodeSelector: { "workload-type": "system" },
      tolerations: [
        { key: "CriticalAddonsOnly", operator: "Exists" },
        { key: "node-role.kubernetes.io/system", operator: "Exists", effect: "NoSchedule" },
      ],
    });
  });

  test("is left out when the controller is off", () => {
    expect(Object.keys(resourcesOf(synthInCluster({ loadBalancerController: false }), "helm_release"))).not.toContain(
      "karpenter_lb_controller",
    );
  });
});

// The chart, rendered with the values each environment's release passes (no helm binary here).
const CHART = resolve(__dirname, "../../charts/karpenter-nodepools");
const chartDefaults = parse(readFileSync(join(CHART, "values.yaml"), "utf8")) as Record<string, unknown>;

/** Helm's merge of release values over the chart's values.yaml: maps merge, everything else replaces. */
function merged(base: unknown, over: unknown): unknown {
  if (typeof base !== "object" || base === null || Array.isArray(base)) return over ?? base;
  if (typeof over !== "object" || over === null || Array.isArray(over)) return over ?? base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(over)) out[key] = merged(out[key], value);
  return out;
}

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown> & {
    weight?: number;
    limits?: Record<string, string>;
    template?: { spec: { requirements: { key: string; operator: string; values: string[] }[] } };
  };
}

function renderChart(props: Partial<KarpenterInClusterProps>): Manifest[] {
  const release = resource(synthInCluster(props), "helm_release", "karpenter_nodepools");
  const values = merged(chartDefaults, valuesOf(release)) as Record<string, unknown>;
  return readdirSync(join(CHART, "templates"))
    .sort()
    .flatMap((file) => {
      const documents = parseAllDocuments(renderTemplate(readFileSync(join(CHART, "templates", file), "utf8"), values));
      return documents.map((doc) => {
        expect(doc.errors).toEqual([]);
        return doc.toJS() as Manifest;
      });
    })
    .filter((manifest) => manifest !== null);
}

const poolValues = (stack: StackJson) =>
  valuesOf(resource(stack, "helm_release", "karpenter_nodepools")) as unknown as NodePoolsChartValues;

const requirement = (manifest: Manifest, key: string) =>
  manifest.spec.template?.spec.requirements.find((r) => r.key === key);

describe("karpenter-nodepools chart", () => {
  const prod = renderChart({
    nodePools: { limits: { cpu: 200, memory: "800Gi" }, onDemandFloor: { cpu: 16, memory: "64Gi" } },
  });
  const staging = renderChart({ nodePools: { limits: { cpu: 50, memory: "200Gi" } } });
  const dev = renderChart({ nodePools: { limits: { cpu: 20, memory: "80Gi" }, capacity: "spot-only" } });
  const byName = (manifests: Manifest[]) =>
    Object.fromEntries(manifests.map((m) => [`${m.kind}/${m.metadata.name}`, m]));

  test("renders valid YAML: one EC2NodeClass and the NodePools of each environment", () => {
    expect(Object.keys(byName(prod))).toEqual(["EC2NodeClass/default", "NodePool/general", "NodePool/on-demand-floor"]);
    expect(Object.keys(byName(staging))).toEqual(["EC2NodeClass/default", "NodePool/general"]);
    expect(Object.keys(byName(dev))).toEqual(["EC2NodeClass/default", "NodePool/general"]);
  });

  test("the EC2NodeClass discovers subnets and security groups by tag, with the node security group by id", () => {
    const nodeClass = byName(prod)["EC2NodeClass/default"];
    expect(nodeClass.apiVersion).toBe("karpenter.k8s.aws/v1");
    expect(nodeClass.spec).toEqual({
      role: NODE_ROLE,
      amiSelectorTerms: [{ alias: "al2023@v20250715" }],
      subnetSelectorTerms: [{ tags: { "karpenter.sh/discovery": "acme-prod-us-east-1" } }],
      securityGroupSelectorTerms: [{ tags: { "karpenter.sh/discovery": "acme-prod-us-east-1" } }, { id: "sg-nodes" }],
      metadataOptions: {
        httpEndpoint: "enabled",
        httpProtocolIPv6: "disabled",
        httpPutResponseHopLimit: 1,
        httpTokens: "required",
      },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: "50Gi",
            volumeType: "gp3",
            encrypted: true,
            kmsKeyID: NODE_KEY,
            deleteOnTermination: true,
          },
        },
      ],
    });
  });

  test("node tags reach the EC2NodeClass only when given", () => {
    const tagged = byName(renderChart({ nodeTags: { CostCenter: "platform" } }))["EC2NodeClass/default"];
    expect(tagged.spec.tags).toEqual({ CostCenter: "platform" });
    expect(byName(prod)["EC2NodeClass/default"].spec).not.toHaveProperty("tags");
  });

  test("the general pool: spot and on-demand, c/m/r nitro newer than generation 2, consolidating after 30s", () => {
    const general = byName(staging)["NodePool/general"];
    expect(general.apiVersion).toBe("karpenter.sh/v1");
    expect(general.spec.template?.spec.requirements).toEqual([
      { key: "karpenter.sh/capacity-type", operator: "In", values: ["spot", "on-demand"] },
      { key: "karpenter.k8s.aws/instance-category", operator: "In", values: ["c", "m", "r"] },
      { key: "karpenter.k8s.aws/instance-hypervisor", operator: "In", values: ["nitro"] },
      { key: "karpenter.k8s.aws/instance-generation", operator: "Gt", values: ["2"] },
      { key: "kubernetes.io/arch", operator: "In", values: ["amd64"] },
      { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
    ]);
    expect(general.spec.disruption).toEqual({
      consolidationPolicy: "WhenEmptyOrUnderutilized",
      consolidateAfter: "30s",
      budgets: [{ nodes: "10%" }],
    });
    expect(general.spec.limits).toEqual({ cpu: "50", memory: "200Gi" });
    expect(general.spec.template?.spec).toMatchObject({
      nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" },
      expireAfter: "720h",
    });
  });

  test("no PodDisruptionBudget holds a node forever: every pool drains for at most 48h, or as configured", () => {
    for (const pool of ["NodePool/general", "NodePool/on-demand-floor"]) {
      expect(byName(prod)[pool].spec.template?.spec).toMatchObject({ terminationGracePeriod: "48h" });
    }
    const short = renderChart({ nodePools: { limits: { cpu: 20, memory: "80Gi" }, terminationGracePeriod: "6h" } });
    expect(byName(short)["NodePool/general"].spec.template?.spec).toMatchObject({ terminationGracePeriod: "6h" });
  });

  test("dev runs on spot only", () => {
    expect(requirement(byName(dev)["NodePool/general"], "karpenter.sh/capacity-type")?.values).toEqual(["spot"]);
  });

  test("prod keeps an on-demand floor: an on-demand pool that outweighs the general one, with small limits", () => {
    const floor = byName(prod)["NodePool/on-demand-floor"];
    const general = byName(prod)["NodePool/general"];
    expect(requirement(floor, "karpenter.sh/capacity-type")?.values).toEqual(["on-demand"]);
    expect(floor.spec.weight).toBe(100);
    expect(general.spec.weight).toBe(10);
    expect(floor.spec.limits).toEqual({ cpu: "16", memory: "64Gi" });
    expect(general.spec.limits).toEqual({ cpu: "200", memory: "800Gi" });
    expect(requirement(general, "karpenter.sh/capacity-type")?.values).toEqual(["spot", "on-demand"]);
  });

  test("the typed values and the chart's values.yaml have the same keys", () => {
    const keys = (value: unknown, prefix = ""): string[] =>
      typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length > 0
        ? Object.entries(value).flatMap(([k, v]) => keys(v, `${prefix}${k}.`))
        : [prefix.slice(0, -1)];
    const sent = valuesOf(releases.karpenter_nodepools) as unknown as NodePoolsChartValues;
    expect(keys({ ...sent, tags: {} }).sort()).toEqual(keys(chartDefaults).sort());
  });

  test("the chart refuses to render without a cluster name, node role, AMI alias or volume key", () => {
    const template = readFileSync(join(CHART, "templates", "ec2nodeclass.yaml"), "utf8");
    const complete = {
      ...chartDefaults,
      nodeRole: NODE_ROLE,
      clusterName: "c",
      amiAlias: "al2023@v20250715",
      kmsKeyId: NODE_KEY,
    };
    expect(() => renderTemplate(template, complete)).not.toThrow();
    expect(() => renderTemplate(template, { ...complete, clusterName: "" })).toThrow("clusterName is required");
    expect(() => renderTemplate(template, { ...complete, nodeRole: "" })).toThrow("nodeRole is required");
    expect(() => renderTemplate(template, { ...complete, amiAlias: "" })).toThrow("amiAlias is required");
    expect(() => renderTemplate(template, { ...complete, kmsKeyId: "" })).toThrow("kmsKeyId is required");
  });
});

describe("in-cluster validation", () => {
  test("reports malformed pool limits, durations and an unpinned AMI, all at once", () => {
    const bad = () =>
      synthInCluster({
        nodePools: {
          limits: { cpu: 0, memory: "400GB" },
          onDemandFloor: { cpu: 2.5, memory: "8Gi" },
          consolidateAfter: "30 seconds",
        },
        amiAlias: "al2023@latest",
      });
    expect(bad).toThrow(/nodePools\.limits\.cpu: 0 must be a whole number of vCPUs, at least 1/);
    expect(bad).toThrow(/nodePools\.limits\.memory: "400GB" is not a quantity like "400Gi"/);
    expect(bad).toThrow(/nodePools\.onDemandFloor\.cpu: 2\.5 must be a whole number/);
    expect(bad).toThrow(/nodePools\.consolidateAfter: "30 seconds" is not a duration/);
    expect(bad).toThrow(/amiAlias: "al2023@latest" would roll every node/);
  });

  test("the AMI alias follows the cluster's Kubernetes version, and a version without a default needs one", () => {
    expect(poolValues(synthInCluster()).amiAlias).toBe("al2023@v20250715");
    const upgraded = { ...cluster, kubernetesVersion: "1.34" };
    expect(() => synthInCluster({ cluster: upgraded })).toThrow(/amiAlias: Kubernetes 1\.34 has no default AMI alias/);
    expect(poolValues(synthInCluster({ cluster: upgraded, amiAlias: "al2023@v20251016" })).amiAlias).toBe(
      "al2023@v20251016",
    );
    expect(() => synthInCluster({ cluster: upgraded, amiAlias: "al2023@v20250715" })).toThrow(
      /amiAlias: al2023@v20250715 predates Kubernetes 1\.34/,
    );
  });

  test("reports a termination grace period that is no duration, or none at all", () => {
    const limits = { cpu: 20, memory: "80Gi" };
    expect(() => synthInCluster({ nodePools: { limits, terminationGracePeriod: "2 days" } })).toThrow(
      /nodePools\.terminationGracePeriod: "2 days" is not a duration/,
    );
    expect(() => synthInCluster({ nodePools: { limits, terminationGracePeriod: "0h0m" } })).toThrow(
      /nodePools\.terminationGracePeriod: must be longer than 0s/,
    );
  });

  test("accepts the documented environment profiles", () => {
    expect(() =>
      synthInCluster({ nodePools: { limits: { cpu: 20, memory: "80Gi" }, capacity: "spot-only" } }),
    ).not.toThrow();
  });
});
