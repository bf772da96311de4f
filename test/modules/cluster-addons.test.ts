import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Testing } from "cdktf";
import { parse, parseAllDocuments } from "yaml";
import {
  ADDONS,
  CHARTS,
  ClusterAddonsAws,
  EKS_ADDON_VERSIONS,
  type AddonsRef,
  type ClusterAddonsAwsProps,
  type NamespaceSpec,
} from "../../modules/cluster-addons";
import { ClusterAddonsInCluster, type ClusterAddonsInClusterProps } from "../../modules/cluster-addons/in-cluster";
import { bytes, cpuQuantity, memoryQuantity, millicores } from "../../modules/cluster-addons/quantity";
import { BaseStack } from "../../src/stacks/base-stack";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";
import { renderTemplate } from "./helm-template";

const CLUSTER_NAME = "acme-prod-us-east-1";
const cluster: ClusterAddonsAwsProps["cluster"] = {
  clusterName: CLUSTER_NAME,
  clusterArn: `arn:aws:eks:us-east-1:123456789012:cluster/${CLUSTER_NAME}`,
  region: "us-east-1",
  accountId: "123456789012",
  clusterSecurityGroupId: "sg-cluster",
};
const NODE_KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const ARCHIVE_KEY = "arn:aws:kms:us-east-1:222222222222:key/99999999-8888-7777-6666-555555555555";

// System 002's pod: requests 250m / 512Mi, limits 1000m / 1Gi; its HPAs scale to 50 (backend) and 20 (frontend).
const pod = { defaultRequest: { cpu: "250m", memory: "512Mi" }, default: { cpu: "1000m", memory: "1Gi" } };
const backend: NamespaceSpec = {
  name: "backend",
  expectedPods: 50,
  quota: { requests: { cpu: "13", memory: "25Gi" }, limits: { cpu: "50", memory: "50Gi" }, pods: 60 },
  limitRange: pod,
};
const frontend: NamespaceSpec = {
  name: "frontend",
  expectedPods: 20,
  quota: { requests: { cpu: "5", memory: "10Gi" }, limits: { cpu: "20", memory: "20Gi" } },
  limitRange: pod,
};
const NAMESPACES = [backend, frontend];

const awsProps: ClusterAddonsAwsProps = {
  cluster,
  namespaces: ["backend", "frontend"],
  secretsStore: {},
  fluentBit: { logRetentionDays: 90 },
  observability: { subnetIds: ["subnet-app-a", "subnet-app-b", "subnet-app-c"] },
  vault: {},
  containerInsights: { logRetentionDays: 90, xray: true },
};

function synthAws(overrides: Partial<ClusterAddonsAwsProps> = {}): { json: StackJson; ref: AddonsRef } {
  let ref: AddonsRef | undefined;
  const json = synthModule((s) => {
    ref = new ClusterAddonsAws(s, "addons", { ...awsProps, ...overrides }).ref;
  });
  return { json, ref: ref! };
}

const aws = synthAws();
const statementsOf = (json: StackJson, type: string, name: string, field = "policy") =>
  policyOf(resource(json, type, name), field).Statement;
const trustOf = (namespace: string, serviceAccount: string) => [
  {
    Sid: "EksPodIdentityForOneServiceAccount",
    Effect: "Allow",
    Principal: { Service: "pods.eks.amazonaws.com" },
    Action: ["sts:AssumeRole", "sts:TagSession"],
    Condition: {
      StringEquals: {
        "aws:RequestTag/eks-cluster-name": CLUSTER_NAME,
        "aws:RequestTag/kubernetes-namespace": namespace,
        "aws:RequestTag/kubernetes-service-account": serviceAccount,
      },
    },
  },
];

// ---------------------------------------------------------------------------------------------------------
// In-cluster side.

class K8sTestStack extends BaseStack {}

const inClusterBase: ClusterAddonsInClusterProps = {
  cluster: { region: "us-east-1", kubernetesVersion: "1.33", nodeVolumeKeyArn: NODE_KEY },
  addons: aws.ref,
  namespaces: NAMESPACES,
  metricsServer: {},
  secretsStoreCsiDriver: {},
  awsSecretsProvider: true,
  argoCd: {
    repositoryUrl: "https://git.example.com/platform/gitops.git",
    url: "https://argocd.internal.example.com",
    sso: {
      issuer: "https://sso.example.com",
      clientId: "argocd",
      clientSecret: { secretName: "argocd-oidc", key: "clientSecret" },
      adminGroups: ["platform-admins"],
    },
    applications: [{ name: "orders-api", path: "apps/orders-api", namespace: "backend" }],
  },
};

function synthInCluster(overrides: Partial<ClusterAddonsInClusterProps> = {}): StackJson {
  const stack = new K8sTestStack(Testing.app(), "test-k8s");
  new HelmProvider(stack, "helm", { kubernetes: { host: "https://ABCDEF.gr7.us-east-1.eks.amazonaws.com" } });
  new ClusterAddonsInCluster(stack, "addons", { ...inClusterBase, ...overrides });
  return JSON.parse(Testing.synth(stack, true)) as StackJson;
}

const k8s = synthInCluster();
const releases = resourcesOf(k8s, "helm_release");
const valuesOf = (release: Record<string, unknown>): Record<string, unknown> => {
  const values = release.values as string[];
  expect(values).toHaveLength(1);
  return parse(values[0]) as Record<string, unknown>;
};
/** Value at a dotted path of a release's values. */
const at = (release: Record<string, unknown>, path: string): unknown =>
  path.split(".").reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], valuesOf(release));

const CHART = resolve(__dirname, "../../charts/cluster-platform");
const chartDefaults = parse(readFileSync(join(CHART, "values.yaml"), "utf8")) as Record<string, unknown>;

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

/** charts/cluster-platform rendered with the values its release passes (no helm binary here). */
function renderPlatform(json: StackJson): Manifest[] {
  const values = { ...chartDefaults, ...valuesOf(resource(json, "helm_release", "addons_platform")) };
  return readdirSync(join(CHART, "templates"))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(renderTemplate(readFileSync(join(CHART, "templates", file), "utf8"), values)).map((doc) => {
        expect(doc.errors).toEqual([]);
        return doc.toJS() as Manifest;
      }),
    )
    .filter((m) => m !== null);
}

const platform = renderPlatform(k8s);
const objects = (kind: string) => platform.filter((m) => m.kind === kind);

const SYSTEM_NODE_SELECTOR = { "workload-type": "system" };
const SYSTEM_TOLERATIONS = [
  { key: "CriticalAddonsOnly", operator: "Exists" },
  { key: "node-role.kubernetes.io/system", operator: "Exists", effect: "NoSchedule" },
];

describe("pinned charts", () => {
  test("every release installs its chart from the defaults table, at the pinned version", () => {
    const byRelease: Record<string, keyof typeof CHARTS> = {
      addons_metrics_server: "metricsServer",
      addons_secrets_store_csi_driver: "secretsStoreCsiDriver",
      addons_aws_secrets_provider: "awsSecretsProvider",
      addons_fluent_bit: "fluentBit",
      addons_argocd: "argoCd",
      addons_argocd_apps: "argoCdApps",
      addons_vault: "vault",
    };
    expect(Object.keys(releases).sort()).toEqual([...Object.keys(byRelease), "addons_platform"].sort());
    for (const [name, chart] of Object.entries(byRelease)) {
      expect(releases[name]).toMatchObject({
        repository: CHARTS[chart].repository,
        chart: CHARTS[chart].chart,
        version: CHARTS[chart].version,
      });
    }
  });

  test("the table pins exact versions, each with the release page it was read from", () => {
    expect(Object.fromEntries(Object.entries(CHARTS).map(([k, c]) => [k, c.version]))).toEqual({
      metricsServer: "3.13.1",
      secretsStoreCsiDriver: "1.6.0",
      awsSecretsProvider: "3.1.1",
      fluentBit: "0.2.0",
      argoCd: "10.1.1",
      argoCdApps: "2.0.5",
      kubePrometheusStack: "88.5.3",
      vault: "0.34.1",
    });
    for (const pin of Object.values(CHARTS)) {
      expect(pin.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(pin.repository).toMatch(/^https:\/\//);
      expect(pin.source).toMatch(/^https:\/\/github\.com\//);
    }
  });

  test("a version can be overridden for an upgrade, one chart at a time", () => {
    const upgraded = resourcesOf(synthInCluster({ chartVersions: { vault: "0.35.0" } }), "helm_release");
    expect(upgraded.addons_vault.version).toBe("0.35.0");
    expect(upgraded.addons_argocd.version).toBe(CHARTS.argoCd.version);
  });

  test("everything is installed after the platform chart; the provider after the driver, apps after Argo CD", () => {
    for (const [name, release] of Object.entries(releases)) {
      if (name === "addons_platform") continue;
      expect(release.depends_on).toContain("helm_release.addons_platform");
    }
    expect(releases.addons_aws_secrets_provider.depends_on).toContain("helm_release.addons_secrets_store_csi_driver");
    expect(releases.addons_argocd_apps.depends_on).toContain("helm_release.addons_argocd");
    expect(releases.addons_platform).not.toHaveProperty("depends_on");
  });
});

describe("system nodes", () => {
  test("metrics-server runs two replicas on the system nodes, with a disruption budget", () => {
    expect(valuesOf(releases.addons_metrics_server)).toMatchObject({
      replicas: 2,
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
      nodeSelector: SYSTEM_NODE_SELECTOR,
      tolerations: SYSTEM_TOLERATIONS,
    });
    expect(releases.addons_metrics_server.namespace).toBe("kube-system");
  });

  test("Argo CD's controller, server and repo-server (every component) run on the system nodes", () => {
    expect(at(releases.addons_argocd, "global")).toEqual({
      nodeSelector: SYSTEM_NODE_SELECTOR,
      tolerations: SYSTEM_TOLERATIONS,
    });
    for (const component of ["controller", "server", "repoServer"]) {
      // No component-level selector that would replace the global one.
      expect(at(releases.addons_argocd, `${component}.nodeSelector`)).toBeUndefined();
    }
  });

  test("Vault's injector runs on the system nodes; its servers on on-demand capacity, spread over zones", () => {
    const vault = releases.addons_vault;
    expect(at(vault, "injector")).toMatchObject({
      nodeSelector: SYSTEM_NODE_SELECTOR,
      tolerations: SYSTEM_TOLERATIONS,
    });
    expect(at(vault, "server.nodeSelector")).toEqual({ "karpenter.sh/capacity-type": "on-demand" });
    expect(at(vault, "server.topologySpreadConstraints")).toEqual([
      expect.objectContaining({ topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule" }),
    ]);
  });

  test("the DaemonSets (CSI provider, Fluent Bit) tolerate every taint, so they run on the system nodes too", () => {
    expect(at(releases.addons_aws_secrets_provider, "tolerations")).toEqual([{ operator: "Exists" }]);
    expect(at(releases.addons_fluent_bit, "tolerations")).toEqual([{ operator: "Exists" }]);
  });
});

describe("no public exposure", () => {
  const serviceTypes = (value: unknown, path = ""): string[] => {
    if (Array.isArray(value)) return value.flatMap((v, i) => serviceTypes(v, `${path}[${i}]`));
    if (value === null || typeof value !== "object") return [];
    return Object.entries(value).flatMap(([key, v]) =>
      (key === "type" || key === "serviceType") && typeof v === "string" && /LoadBalancer|NodePort/.test(v)
        ? [`${path}.${key}`]
        : serviceTypes(v, `${path}.${key}`),
    );
  };
  const ingresses = (value: unknown, path = ""): string[] => {
    if (value === null || typeof value !== "object") return [];
    return Object.entries(value).flatMap(([key, v]) =>
      key === "ingress" && (v as { enabled?: boolean })?.enabled === true
        ? [`${path}.${key}`]
        : ingresses(v, `${path}.${key}`),
    );
  };

  test("no release asks for a LoadBalancer or NodePort service, or an ingress, in either observability mode", () => {
    const inCluster = synthInCluster({ addons: synthAws({ observability: { mode: "in-cluster" } }).ref });
    for (const json of [k8s, inCluster]) {
      for (const release of Object.values(resourcesOf(json, "helm_release"))) {
        expect(serviceTypes(valuesOf(release))).toEqual([]);
        expect(ingresses(valuesOf(release))).toEqual([]);
      }
    }
  });

  test("Argo CD's server, Vault's UI and service, and Grafana are ClusterIP services", () => {
    expect(at(releases.addons_argocd, "server")).toEqual({
      service: { type: "ClusterIP" },
      ingress: { enabled: false },
    });
    expect(at(releases.addons_vault, "ui")).toEqual({ enabled: true, serviceType: "ClusterIP" });
    expect(at(releases.addons_vault, "server.service")).toEqual({ type: "ClusterIP" });
    const stack = resourcesOf(
      synthInCluster({ addons: synthAws({ observability: { mode: "in-cluster" } }).ref }),
      "helm_release",
    );
    expect(at(stack.addons_prometheus_stack, "grafana.service")).toEqual({ type: "ClusterIP" });
  });

  test("the platform chart creates no Service at all", () => {
    expect(objects("Service")).toEqual([]);
  });
});

describe("namespaces", () => {
  const namespace = (name: string) => objects("Namespace").find((m) => m.metadata.name === name)!;

  test("each application namespace and each add-on namespace is created, kube-system never", () => {
    expect(objects("Namespace").map((m) => m.metadata.name)).toEqual([
      "backend",
      "frontend",
      "logging",
      "argocd",
      "vault",
    ]);
  });

  test("application namespaces enforce, warn and audit the restricted level, pinned to the cluster's version", () => {
    expect(namespace("backend").metadata.labels).toEqual({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "v1.33",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/warn-version": "v1.33",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/audit-version": "v1.33",
    });
  });

  test("an add-on's own namespace gets the level its pods need: privileged for Fluent Bit, restricted for Argo CD and Vault", () => {
    expect(namespace("logging").metadata.labels?.["pod-security.kubernetes.io/enforce"]).toBe("privileged");
    expect(namespace("argocd").metadata.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    expect(namespace("vault").metadata.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    expect(ADDONS.kubePrometheusStack.podSecurity).toBe("privileged");
  });

  test("a namespace's levels and labels come from its props", () => {
    const relaxed = renderPlatform(
      synthInCluster({
        namespaces: [{ ...backend, podSecurity: { enforce: "baseline" }, labels: { team: "orders" } }, frontend],
      }),
    );
    expect(relaxed.find((m) => m.kind === "Namespace" && m.metadata.name === "backend")?.metadata.labels).toMatchObject(
      {
        team: "orders",
        "pod-security.kubernetes.io/enforce": "baseline",
        "pod-security.kubernetes.io/warn": "restricted",
      },
    );
  });

  test("each application namespace has a ResourceQuota and a LimitRange with 002's pod as the container default", () => {
    const quota = objects("ResourceQuota").find((m) => m.metadata.namespace === "backend")!;
    expect(quota.metadata.name).toBe("compute");
    expect(quota.spec).toEqual({
      hard: {
        "requests.cpu": "13",
        "requests.memory": "25Gi",
        "limits.cpu": "50",
        "limits.memory": "50Gi",
        pods: "60",
      },
    });
    const limits = objects("LimitRange").find((m) => m.metadata.namespace === "backend")!;
    expect(limits.spec).toEqual({
      limits: [
        {
          type: "Container",
          default: { cpu: "1000m", memory: "1Gi" },
          defaultRequest: { cpu: "250m", memory: "512Mi" },
        },
      ],
    });
    expect(objects("ResourceQuota").map((m) => m.metadata.namespace)).toEqual(["backend", "frontend"]);
  });

  test("the typed values and the chart's values.yaml have the same top-level keys", () => {
    expect(Object.keys(valuesOf(releases.addons_platform)).sort()).toEqual(Object.keys(chartDefaults).sort());
  });

  test("the chart refuses to render a StorageClass without its key", () => {
    const template = readFileSync(join(CHART, "templates", "storageclass.yaml"), "utf8");
    expect(() => renderTemplate(template, { ...chartDefaults })).toThrow("storageClass.kmsKeyId is required");
  });
});

describe("encrypted volumes", () => {
  test("the add-ons' StorageClass is gp3, encrypted with the cluster's node volume key, retained, zonal at first use", () => {
    expect(objects("StorageClass")).toEqual([
      {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name: "gp3-encrypted" },
        provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true", kmsKeyId: NODE_KEY },
        reclaimPolicy: "Retain",
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
      },
    ]);
  });

  test("Vault's raft and audit volumes, and every volume of kube-prometheus-stack, use it", () => {
    expect(at(releases.addons_vault, "server.dataStorage")).toEqual({
      enabled: true,
      size: "10Gi",
      storageClass: "gp3-encrypted",
    });
    expect(at(releases.addons_vault, "server.auditStorage")).toEqual({
      enabled: true,
      size: "10Gi",
      storageClass: "gp3-encrypted",
    });
    const stack = resourcesOf(
      synthInCluster({ addons: synthAws({ observability: { mode: "in-cluster" } }).ref }),
      "helm_release",
    ).addons_prometheus_stack;
    for (const path of ["prometheus.prometheusSpec.storageSpec", "alertmanager.alertmanagerSpec.storage"]) {
      expect(at(stack, `${path}.volumeClaimTemplate.spec.storageClassName`)).toBe("gp3-encrypted");
    }
    expect(at(stack, "grafana.persistence")).toEqual({
      enabled: true,
      storageClassName: "gp3-encrypted",
      size: "10Gi",
    });
  });
});

describe("secrets in pods (Secrets Store CSI driver + ASCP)", () => {
  test("each namespace's role reads only its own secrets, by name prefix, and decrypts them only through Secrets Manager", () => {
    expect(statementsOf(aws.json, "aws_iam_role_policy", "addons_secrets_backend_role_policy")).toEqual([
      {
        Sid: "ReadThisNamespacesSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        Resource: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${CLUSTER_NAME}/backend/*`,
      },
      {
        Sid: "DecryptThemThroughSecretsManager",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: "${aws_kms_key.addons_secrets_key.arn}",
        Condition: {
          StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" },
          StringLike: {
            "kms:EncryptionContext:SecretARN": `arn:aws:secretsmanager:us-east-1:123456789012:secret:${CLUSTER_NAME}/backend/*`,
          },
        },
      },
    ]);
    expect(resource(aws.json, "aws_iam_role", "addons_secrets_frontend_role").name).toBe(
      `${CLUSTER_NAME}-secrets-frontend`,
    );
  });

  test("the Pod Identity association of each namespace names the service account the platform chart creates there", () => {
    const associations = Object.values(resourcesOf(aws.json, "aws_eks_pod_identity_association"))
      .filter((a) => String(a.role_arn).includes("_secrets_"))
      .map((a) => ({ namespace: a.namespace, name: a.service_account }));
    const accounts = objects("ServiceAccount").map((m) => ({ namespace: m.metadata.namespace, name: m.metadata.name }));
    expect(associations).toEqual([
      { namespace: "backend", name: "workload" },
      { namespace: "frontend", name: "workload" },
    ]);
    expect(accounts).toEqual(associations);
    expect(statementsOf(aws.json, "aws_iam_role", "addons_secrets_backend_role", "assume_role_policy")).toEqual(
      trustOf("backend", "workload"),
    );
  });

  test("the prefix, service account and key can be chosen; with a key given, none is created", () => {
    const custom = synthAws({
      secretsStore: { secretPrefix: "acme/prod", serviceAccount: "app", kmsKeyArn: ARCHIVE_KEY },
    });
    expect(resourcesOf(custom.json, "aws_kms_key")).not.toHaveProperty("addons_secrets_key");
    expect(statementsOf(custom.json, "aws_iam_role_policy", "addons_secrets_backend_role_policy")[0].Resource).toBe(
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:acme/prod/backend/*",
    );
    expect(
      resource(custom.json, "aws_eks_pod_identity_association", "addons_secrets_backend_pod_identity").service_account,
    ).toBe("app");
    expect(custom.ref.secretsStore).toEqual({
      serviceAccount: "app",
      secretPrefix: "acme/prod",
      kmsKeyArn: ARCHIVE_KEY,
    });
    // A real plan reads the given key and fails unless it is an enabled customer-managed key.
    expect(custom.json.data?.aws_kms_key?.addons_secrets_key).toEqual({
      key_id: ARCHIVE_KEY,
      lifecycle: {
        postcondition: [
          {
            condition: '${self.enabled && self.key_manager == "CUSTOMER"}',
            error_message: `secretsStore.kmsKeyArn: ${ARCHIVE_KEY} is not an enabled customer-managed key`,
          },
        ],
      },
    });
    expect(aws.json.data?.aws_kms_key).toBeUndefined();
  });

  test("the driver requests tokens for Pod Identity's audience, rotates secrets, and does not copy them into etcd", () => {
    expect(valuesOf(releases.addons_secrets_store_csi_driver)).toEqual({
      syncSecret: { enabled: false },
      enableSecretRotation: true,
      rotationPollInterval: "2m",
      tokenRequests: [{ audience: "pods.eks.amazonaws.com" }],
    });
  });

  test("the provider is installed without its bundled driver and told its region", () => {
    expect(valuesOf(releases.addons_aws_secrets_provider)).toEqual({
      "secrets-store-csi-driver": { install: false },
      awsRegion: "us-east-1",
      tolerations: [{ operator: "Exists" }],
    });
    expect(releases.addons_aws_secrets_provider.namespace).toBe("kube-system");
  });
});

describe("Fluent Bit to CloudWatch Logs", () => {
  const groups = resourcesOf(aws.json, "aws_cloudwatch_log_group");
  const fluentBit = valuesOf(releases.addons_fluent_bit);

  test("one log group per namespace and one for the rest, on the add-ons' key, with the cluster's retention, protected", () => {
    for (const [name, group] of [
      ["addons_logs_backend", `/aws/eks/${CLUSTER_NAME}/workloads/backend`],
      ["addons_logs_frontend", `/aws/eks/${CLUSTER_NAME}/workloads/frontend`],
      ["addons_logs_system", `/aws/eks/${CLUSTER_NAME}/system`],
    ]) {
      expect(groups[name]).toMatchObject({
        name: group,
        kms_key_id: "${aws_kms_key.addons_logs_key.arn}",
        retention_in_days: 90,
        lifecycle: { prevent_destroy: true },
      });
    }
  });

  test("the logs key admits CloudWatch Logs of the region for the add-ons' groups only", () => {
    const statement = statementsOf(aws.json, "aws_kms_key", "addons_logs_key").find(
      (s) => s.Sid === "CloudWatchLogsEncryptsTheAddonsLogGroups",
    );
    expect(statement?.Principal).toEqual({ Service: "logs.us-east-1.amazonaws.com" });
    expect(statement?.Condition).toEqual({
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn": [
          `arn:aws:logs:us-east-1:123456789012:log-group:/aws/eks/${CLUSTER_NAME}/workloads/*`,
          `arn:aws:logs:us-east-1:123456789012:log-group:/aws/eks/${CLUSTER_NAME}/system`,
          `arn:aws:logs:us-east-1:123456789012:log-group:/aws/containerinsights/${CLUSTER_NAME}/performance`,
        ],
      },
    });
  });

  test("the role writes streams of exactly those groups and can create none", () => {
    const statements = statementsOf(aws.json, "aws_iam_role_policy", "addons_fluent_bit_role_policy");
    expect(statements).toEqual([
      {
        Sid: "WriteTheseLogGroups",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: ["backend", "frontend", "system"].flatMap((g) => [
          `\${aws_cloudwatch_log_group.addons_logs_${g}.arn}`,
          `\${aws_cloudwatch_log_group.addons_logs_${g}.arn}:*`,
        ]),
      },
    ]);
  });

  test("the association names the chart's service account, in Fluent Bit's namespace", () => {
    expect(resource(aws.json, "aws_eks_pod_identity_association", "addons_fluent_bit_pod_identity")).toMatchObject({
      namespace: "logging",
      service_account: "fluent-bit",
    });
    expect(fluentBit.serviceAccount).toEqual({ create: true, name: "fluent-bit" });
    expect(releases.addons_fluent_bit.namespace).toBe("logging");
  });

  test("each application namespace's records go to its own group; everything else to the system group; none created", () => {
    expect(fluentBit.cloudWatchLogs).toEqual({
      enabled: true,
      match: "kube.*",
      region: "us-east-1",
      logGroupName: `/aws/eks/${CLUSTER_NAME}/system`,
      logStreamPrefix: "unnamed-",
      logStreamTemplate: "$kubernetes['pod_name'].$kubernetes['container_name']",
      autoCreateGroup: false,
    });
    const filter = String(fluentBit.additionalFilters);
    expect(filter).toContain("Name               rewrite_tag");
    expect(filter).toContain(
      "Rule               $kubernetes['namespace_name'] ^(backend|frontend)$ workload.$kubernetes['namespace_name'] false",
    );
    const outputs = String(fluentBit.additionalOutputs).split("[OUTPUT]").slice(1);
    expect(outputs).toHaveLength(2);
    expect(outputs[0]).toMatch(/Match\s+workload\.backend\n/);
    expect(outputs[0]).toMatch(new RegExp(`log_group_name\\s+/aws/eks/${CLUSTER_NAME}/workloads/backend\\n`));
    expect(outputs.every((o) => /auto_create_group\s+Off/.test(o))).toBe(true);
    expect(fluentBit.s3).toEqual({ enabled: false });
  });

  test("every section line is indented like the chart's own, once the chart indents the block by 4", () => {
    for (const block of [fluentBit.additionalFilters, fluentBit.additionalOutputs]) {
      for (const line of String(block).trimEnd().split("\n")) expect(line).toMatch(/^(\[(FILTER|OUTPUT)\]| {4}\S)/);
    }
  });

  test("archiving writes under the cluster's prefix of the archive bucket, encrypting through S3", () => {
    const archived = synthAws({
      fluentBit: {
        logRetentionDays: 90,
        archive: { bucketName: "acme-log-archive-222222222222", region: "us-east-1", kmsKeyArn: ARCHIVE_KEY },
      },
    });
    const statements = statementsOf(archived.json, "aws_iam_role_policy", "addons_fluent_bit_role_policy");
    expect(statements.slice(1)).toEqual([
      {
        Sid: "ArchiveUnderThisClustersPrefix",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
        Resource: `arn:aws:s3:::acme-log-archive-222222222222/eks/${CLUSTER_NAME}/*`,
      },
      {
        Sid: "EncryptArchivedLogsThroughS3",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: ARCHIVE_KEY,
        Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
      },
    ]);
    const values = valuesOf(resource(synthInCluster({ addons: archived.ref }), "helm_release", "addons_fluent_bit"));
    expect(values.s3).toEqual({
      enabled: true,
      match: "*",
      bucket: "acme-log-archive-222222222222",
      region: "us-east-1",
      s3KeyFormat: `/eks/${CLUSTER_NAME}/%Y/%m/%d/%H/$TAG-%M%S-$UUID.gz`,
      compression: "gzip",
    });
  });

  test("an archive in another region, or a retention CloudWatch Logs does not offer, is refused with its path", () => {
    const archive = { bucketName: "acme-log-archive", region: "us-east-1", kmsKeyArn: ARCHIVE_KEY };
    const bad = () =>
      synthModule(
        (s) =>
          new ClusterAddonsAws(s, "addons", {
            ...awsProps,
            cluster: { ...cluster, region: "ca-central-1" },
            fluentBit: { logRetentionDays: 100, archive },
          }),
      );
    expect(bad).toThrow(
      /fluentBit\.archive\.region: the bucket is in us-east-1, the cluster in ca-central-1; logs stay in their region/,
    );
    expect(bad).toThrow(/fluentBit\.logRetentionDays: 100 is not a CloudWatch Logs retention/);
  });
});

describe("Vault", () => {
  const vault = releases.addons_vault;
  const config = String(at(vault, "server.ha.raft.config"));

  test("the unseal key's cryptographic use is denied to every principal but Vault's role", () => {
    const deny = statementsOf(aws.json, "aws_kms_key", "addons_vault_unseal_key").find(
      (s) => s.Sid === "UnsealOnlyByVault",
    );
    expect(deny).toEqual({
      Sid: "UnsealOnlyByVault",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::123456789012:role/${CLUSTER_NAME}-vault` } },
    });
    expect(resource(aws.json, "aws_iam_role", "addons_vault_role").name).toBe(`${CLUSTER_NAME}-vault`);
    expect(resource(aws.json, "aws_kms_key", "addons_vault_unseal_key")).toMatchObject({
      enable_key_rotation: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  test("the key keeps deletion protection when the module's is off", () => {
    const unprotected = synthAws({ deletionProtection: false }).json;
    expect(resource(unprotected, "aws_kms_key", "addons_vault_unseal_key").lifecycle).toEqual({
      prevent_destroy: true,
    });
    expect(resource(unprotected, "aws_kms_key", "addons_logs_key").lifecycle).toEqual({ prevent_destroy: false });
  });

  test("Vault's role may use only its key, for the awskms seal, through Pod Identity for vault/vault", () => {
    expect(statementsOf(aws.json, "aws_iam_role_policy", "addons_vault_role_policy")).toEqual([
      {
        Sid: "AutoUnsealWithItsKey",
        Effect: "Allow",
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"],
        Resource: "${aws_kms_key.addons_vault_unseal_key.arn}",
      },
    ]);
    expect(resource(aws.json, "aws_eks_pod_identity_association", "addons_vault_pod_identity")).toMatchObject({
      namespace: "vault",
      service_account: "vault",
    });
    expect(at(vault, "server.serviceAccount")).toEqual({ create: true, name: "vault" });
    expect(vault).toMatchObject({ name: "vault", namespace: "vault" });
  });

  test("HA with 3 raft replicas joining each other over TLS, auto-unsealed with the KMS key", () => {
    expect(at(vault, "server.ha")).toMatchObject({
      enabled: true,
      replicas: 3,
      raft: { enabled: true, setNodeId: true },
      disruptionBudget: { enabled: true, maxUnavailable: 1 },
    });
    expect(config).toContain('storage "raft" {');
    expect(config.match(/leader_api_addr\s+= "https:\/\/vault-\d\.vault-internal:8200"/g)).toHaveLength(3);
    expect(config).toContain(
      'seal "awskms" {\n  region     = "us-east-1"\n  kms_key_id = "${aws_kms_key.addons_vault_unseal_key.key_id}"\n}',
    );
  });

  test("TLS on the listener from the mounted secret; the chart's TLS switch is on", () => {
    expect(at(vault, "global")).toEqual({ tlsDisable: false });
    expect(config).toContain('tls_cert_file   = "/vault/userconfig/vault-server-tls/tls.crt"');
    expect(config).toContain('tls_key_file    = "/vault/userconfig/vault-server-tls/tls.key"');
    expect(config).not.toMatch(/tls_disable/);
    expect(at(vault, "server.volumes")).toEqual([{ name: "tls", secret: { secretName: "vault-server-tls" } }]);
    expect(at(vault, "server.volumeMounts")).toEqual([
      { name: "tls", mountPath: "/vault/userconfig/vault-server-tls", readOnly: true },
    ]);
  });

  test("passes Pod Security restricted: mlock off, no capabilities, seccomp RuntimeDefault", () => {
    expect(config).toContain("disable_mlock = true");
    expect(at(vault, "server.statefulSet.securityContext")).toEqual({
      pod: {
        runAsNonRoot: true,
        runAsUser: 100,
        runAsGroup: 1000,
        fsGroup: 1000,
        seccompProfile: { type: "RuntimeDefault" },
      },
      container: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    });
  });

  test("the release does not wait for pods that are ready only after vault operator init", () => {
    expect(vault.wait).toBe(false);
    expect(releases.addons_argocd.wait).toBe(true);
  });

  test("an even or single replica count is refused", () => {
    expect(() => synthInCluster({ vault: { replicas: 2 } })).toThrow(
      /vault\.replicas: 2 must be an odd number, at least 3/,
    );
  });
});

describe("Argo CD", () => {
  const argo = valuesOf(releases.addons_argocd);
  const apps = valuesOf(releases.addons_argocd_apps) as {
    projects: Record<string, Record<string, unknown>>;
    applications: Record<string, unknown>;
  };

  test("with SSO the local admin is off, OIDC reads its client secret from a Secret, and only the admin groups get a role", () => {
    const configs = argo.configs as Record<string, Record<string, unknown>>;
    expect(configs.cm).toMatchObject({
      "admin.enabled": false,
      "exec.enabled": false,
      url: "https://argocd.internal.example.com",
    });
    expect(parse(String(configs.cm["oidc.config"]))).toEqual({
      name: "SSO",
      issuer: "https://sso.example.com",
      clientID: "argocd",
      clientSecret: "$argocd-oidc:clientSecret",
      requestedScopes: ["openid", "profile", "email", "groups"],
    });
    expect(configs.rbac).toEqual({
      "policy.default": "",
      "policy.csv": "g, platform-admins, role:admin\n",
      scopes: "[groups]",
    });
    expect(argo.dex).toEqual({ enabled: false });
  });

  test("without SSO the local admin signs in with the generated initial secret, no password in values", () => {
    const local = valuesOf(
      resource(
        synthInCluster({ argoCd: { repositoryUrl: "https://git.example.com/gitops.git" } }),
        "helm_release",
        "addons_argocd",
      ),
    );
    expect((local.configs as Record<string, Record<string, unknown>>).cm["admin.enabled"]).toBe(true);
    expect(JSON.stringify(local)).not.toMatch(/argocdServerAdminPassword|oidc\.config/);
  });

  test("the repository and applications come from props, confined to an AppProject of the application namespaces", () => {
    expect((argo.configs as Record<string, unknown>).repositories).toEqual({
      gitops: { url: "https://git.example.com/platform/gitops.git", name: "gitops", type: "git" },
    });
    expect(apps.projects["platform-apps"]).toMatchObject({
      sourceRepos: ["https://git.example.com/platform/gitops.git"],
      destinations: [
        { server: "https://kubernetes.default.svc", namespace: "backend" },
        { server: "https://kubernetes.default.svc", namespace: "frontend" },
      ],
      clusterResourceWhitelist: [],
      namespaceResourceBlacklist: [
        { group: "", kind: "ResourceQuota" },
        { group: "", kind: "LimitRange" },
      ],
    });
    expect(apps.applications).toEqual({
      "orders-api": {
        namespace: "argocd",
        project: "platform-apps",
        source: {
          repoURL: "https://git.example.com/platform/gitops.git",
          targetRevision: "HEAD",
          path: "apps/orders-api",
        },
        destination: { server: "https://kubernetes.default.svc", namespace: "backend" },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    });
  });

  test("reports SSO without a URL or admin groups, and an application outside the namespaces, with paths", () => {
    const bad = () =>
      synthInCluster({
        argoCd: {
          repositoryUrl: "http://git.example.com/gitops.git",
          sso: { ...inClusterBase.argoCd!.sso!, adminGroups: [] },
          applications: [
            { name: "orders-api", path: "apps/orders", namespace: "payments" },
            { name: "orders-api", path: "apps/orders2", namespace: "backend" },
          ],
        },
      });
    expect(bad).toThrow(
      /argoCd\.repositoryUrl: "http:\/\/git\.example\.com\/gitops\.git" must be an https:\/\/ or SSH repository URL/,
    );
    expect(bad).toThrow(/argoCd\.url: SSO needs the URL users reach Argo CD at/);
    expect(bad).toThrow(/argoCd\.sso\.adminGroups: give at least one group/);
    expect(bad).toThrow(
      /argoCd\.applications\[0\]\.namespace: "payments" is not an application namespace of this cluster \(backend, frontend\)/,
    );
    expect(bad).toThrow(/argoCd\.applications\[1\]\.name: "orders-api" is already argoCd\.applications\[0\]/);
  });
});

describe("observability", () => {
  test("managed by default: an AMP workspace on its own CMK, fed by the managed collector in the cluster's subnets", () => {
    expect(resource(aws.json, "aws_prometheus_workspace", "addons_prometheus")).toMatchObject({
      alias: CLUSTER_NAME,
      kms_key_arn: "${aws_kms_key.addons_prometheus_key.arn}",
      lifecycle: { prevent_destroy: true },
    });
    expect(resource(aws.json, "aws_prometheus_scraper", "addons_scraper")).toMatchObject({
      scrape_configuration:
        "${data.aws_prometheus_default_scraper_configuration.addons_scraper_configuration.configuration}",
      source: [
        {
          eks: [
            {
              cluster_arn: cluster.clusterArn,
              subnet_ids: ["subnet-app-a", "subnet-app-b", "subnet-app-c"],
              security_group_ids: ["sg-cluster"],
            },
          ],
        },
      ],
      destination: [{ amp: [{ workspace_arn: "${aws_prometheus_workspace.addons_prometheus.arn}" }] }],
    });
    expect(aws.ref.observability).toMatchObject({ mode: "managed" });
  });

  test("Grafana signs in through IAM Identity Center and queries only this workspace through its own role", () => {
    expect(resource(aws.json, "aws_grafana_workspace", "addons_grafana")).toMatchObject({
      account_access_type: "CURRENT_ACCOUNT",
      authentication_providers: ["AWS_SSO"],
      permission_type: "CUSTOMER_MANAGED",
      role_arn: "${aws_iam_role.addons_grafana_role.arn}",
      data_sources: ["PROMETHEUS"],
    });
    expect(statementsOf(aws.json, "aws_iam_role", "addons_grafana_role", "assume_role_policy")).toEqual([
      {
        Sid: "ManagedGrafanaOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "grafana.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
    expect(statementsOf(aws.json, "aws_iam_role_policy", "addons_grafana_role_policy")[0].Resource).toBe(
      "${aws_prometheus_workspace.addons_prometheus.arn}",
    );
    const admins = synthAws({
      observability: { subnetIds: ["subnet-a", "subnet-b"], grafanaAdminGroupIds: ["g-1"] },
    }).json;
    expect(resource(admins, "aws_grafana_role_association", "addons_grafana_admins")).toMatchObject({
      role: "ADMIN",
      group_ids: ["g-1"],
    });
  });

  test("the managed collector gets its ClusterRole and binding in the cluster; no in-cluster Prometheus is installed", () => {
    expect(objects("ClusterRoleBinding")).toEqual([
      expect.objectContaining({
        metadata: { name: "aps-collector-user-role-binding" },
        subjects: [{ kind: "User", name: "aps-collector-user", apiGroup: "rbac.authorization.k8s.io" }],
        roleRef: { kind: "ClusterRole", name: "aps-collector-role", apiGroup: "rbac.authorization.k8s.io" },
      }),
    ]);
    expect(releases).not.toHaveProperty("addons_prometheus_stack");
  });

  test("in-cluster: kube-prometheus-stack on the system nodes, Grafana with a generated password, nothing on AWS", () => {
    const inCluster = synthAws({ observability: { mode: "in-cluster" } });
    expect(resourcesOf(inCluster.json, "aws_prometheus_workspace")).toEqual({});
    const json = synthInCluster({ addons: inCluster.ref, prometheusStack: { retention: "30d" } });
    const stack = resource(json, "helm_release", "addons_prometheus_stack");
    expect(stack).toMatchObject({
      chart: "kube-prometheus-stack",
      version: CHARTS.kubePrometheusStack.version,
      namespace: "monitoring",
    });
    expect(at(stack, "grafana.adminPassword")).toBe("");
    expect(at(stack, "prometheus.prometheusSpec.retention")).toBe("30d");
    for (const path of [
      "prometheusOperator",
      "prometheusOperator.admissionWebhooks.patch",
      "prometheus.prometheusSpec",
      "alertmanager.alertmanagerSpec",
      "grafana",
      "kube-state-metrics",
    ]) {
      expect(at(stack, `${path}.nodeSelector`)).toEqual(SYSTEM_NODE_SELECTOR);
      expect(at(stack, `${path}.tolerations`)).toEqual(SYSTEM_TOLERATIONS);
    }
    const namespaces = renderPlatform(json).filter((m) => m.kind === "Namespace");
    expect(
      namespaces.find((m) => m.metadata.name === "monitoring")?.metadata.labels?.["pod-security.kubernetes.io/enforce"],
    ).toBe("privileged");
    expect(renderPlatform(json).filter((m) => m.kind === "ClusterRole")).toEqual([]);
  });

  test("the managed collector with fewer than two subnets is refused", () => {
    expect(() => synthAws({ observability: { subnetIds: ["subnet-a"] } })).toThrow(
      /observability\.subnetIds: the managed collector needs subnets in at least two availability zones/,
    );
  });
});

describe("Container Insights and X-Ray", () => {
  const addon = resource(aws.json, "aws_eks_addon", "addons_container_insights");

  test("the EKS add-on at its pinned version, with its own Pod Identity association for the agent's service account", () => {
    expect(addon).toMatchObject({
      cluster_name: CLUSTER_NAME,
      addon_name: "amazon-cloudwatch-observability",
      addon_version: EKS_ADDON_VERSIONS["amazon-cloudwatch-observability"],
      pod_identity_association: [
        { role_arn: "${aws_iam_role.addons_cloudwatch_agent_role.arn}", service_account: "cloudwatch-agent" },
      ],
    });
    expect(statementsOf(aws.json, "aws_iam_role", "addons_cloudwatch_agent_role", "assume_role_policy")).toEqual(
      trustOf("amazon-cloudwatch", "cloudwatch-agent"),
    );
  });

  test("container logs are off (Fluent Bit ships them); X-Ray traces are received when asked, with write access", () => {
    expect(JSON.parse(String(addon.configuration_values))).toEqual({
      containerLogs: { enabled: false },
      agent: {
        config: {
          logs: { metrics_collected: { kubernetes: { enhanced_container_insights: true } } },
          traces: { traces_collected: { xray: {} } },
        },
      },
    });
    const attached = Object.values(resourcesOf(aws.json, "aws_iam_role_policy_attachment"))
      .filter((a) => a.role === "${aws_iam_role.addons_cloudwatch_agent_role.name}")
      .map((a) => a.policy_arn);
    expect(attached).toEqual([
      "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
      "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
    ]);
    const noXray = synthAws({ containerInsights: { logRetentionDays: 30 } }).json;
    const config = JSON.parse(
      String(resource(noXray, "aws_eks_addon", "addons_container_insights").configuration_values),
    );
    expect(config.agent.config).not.toHaveProperty("traces");
    expect(resourcesOf(noXray, "aws_iam_role_policy_attachment")).not.toHaveProperty(
      "addons_cloudwatch_agent_role_xray",
    );
  });

  test("the performance log group exists first, on the logs key, with the cluster's retention", () => {
    expect(resource(aws.json, "aws_cloudwatch_log_group", "addons_logs_container_insights")).toMatchObject({
      name: `/aws/containerinsights/${CLUSTER_NAME}/performance`,
      kms_key_id: "${aws_kms_key.addons_logs_key.arn}",
      retention_in_days: 90,
    });
    expect(addon.depends_on).toContain("aws_cloudwatch_log_group.addons_logs_container_insights");
  });
});

describe("add-ons off", () => {
  test("an AWS side with only namespaces creates nothing; its ref names no add-on", () => {
    const bare = synthAws({
      secretsStore: undefined,
      fluentBit: undefined,
      observability: undefined,
      vault: undefined,
      containerInsights: undefined,
    });
    expect(bare.json.resource ?? {}).toEqual({});
    expect(bare.ref).toEqual({ namespaces: ["backend", "frontend"] });
    const json = synthInCluster({
      addons: bare.ref,
      metricsServer: undefined,
      secretsStoreCsiDriver: undefined,
      awsSecretsProvider: false,
      argoCd: undefined,
    });
    expect(Object.keys(resourcesOf(json, "helm_release"))).toEqual(["addons_platform"]);
    expect(renderPlatform(json).filter((m) => m.kind === "ServiceAccount")).toEqual([]);
  });
});

describe("validation", () => {
  test("an add-on that needs another, or the AWS side's roles, is refused with its path", () => {
    expect(() => synthInCluster({ secretsStoreCsiDriver: undefined })).toThrow(
      /awsSecretsProvider: needs secretsStoreCsiDriver \(the driver mounts what the provider fetches\); turn it on/,
    );
    const noRoles = synthAws({ secretsStore: undefined }).ref;
    expect(() => synthInCluster({ addons: noRoles })).toThrow(
      /awsSecretsProvider: the AWS side made no secrets roles \(addons\.secretsStore\)/,
    );
    const noVault = synthAws({ vault: undefined }).ref;
    expect(() => synthInCluster({ addons: noVault, vault: { replicas: 5 } })).toThrow(
      /vault: the AWS side has no Vault/,
    );
    expect(() => synthInCluster({ prometheusStack: {} })).toThrow(
      /prometheusStack: the AWS side did not choose observability/,
    );
  });

  test("a quota below its LimitRange defaults × expected pods is refused, naming the amount it must hold", () => {
    const small = { ...backend, quota: { ...backend.quota, requests: { cpu: "10", memory: "20Gi" } } };
    const bad = () => synthInCluster({ namespaces: [small, frontend] });
    expect(bad).toThrow(
      /namespaces\[0\]\.quota\.requests\.cpu: 10 holds fewer than expectedPods \(50\) × limitRange\.defaultRequest\.cpu \(250m\) = 12500m/,
    );
    expect(bad).toThrow(
      /namespaces\[0\]\.quota\.requests\.memory: 20Gi holds fewer than expectedPods \(50\) × limitRange\.defaultRequest\.memory \(512Mi\) = 25Gi/,
    );
    const limits = { ...frontend, quota: { ...frontend.quota, limits: { cpu: "19", memory: "20Gi" }, pods: 10 } };
    const badLimits = () => synthInCluster({ namespaces: [backend, limits] });
    expect(badLimits).toThrow(
      /namespaces\[1\]\.quota\.limits\.cpu: 19 holds fewer than expectedPods \(20\) × limitRange\.default\.cpu \(1000m\) = 20/,
    );
    expect(badLimits).toThrow(/namespaces\[1\]\.quota\.pods: 10 is below expectedPods \(20\)/);
  });

  test("a LimitRange whose default request exceeds its limit, or whose limit exceeds its max, is refused", () => {
    const inverted = {
      ...frontend,
      limitRange: {
        defaultRequest: { cpu: "2", memory: "512Mi" },
        default: { cpu: "1", memory: "1Gi" },
        max: { cpu: "4", memory: "768Mi" },
      },
    };
    const bad = () => synthInCluster({ namespaces: [backend, inverted] });
    expect(bad).toThrow(/namespaces\[1\]\.limitRange\.defaultRequest\.cpu: 2 is above limitRange\.default\.cpu \(1\)/);
    expect(bad).toThrow(/namespaces\[1\]\.limitRange\.default\.memory: 1Gi is above limitRange\.max\.memory \(768Mi\)/);
  });

  test("duplicate, reserved and malformed namespaces are refused on both sides", () => {
    expect(() => synthAws({ namespaces: ["backend", "kube-system", "Backend", "backend"] })).toThrow(
      /namespaces\[1\]: "kube-system" belongs to Kubernetes[\s\S]*namespaces\[2\]: "Backend" is not a DNS label[\s\S]*namespaces\[3\]: "backend" is already namespaces\[0\]/,
    );
    expect(() =>
      synthInCluster({
        namespaces: [
          backend,
          frontend,
          { ...frontend, quota: { ...frontend.quota, requests: { cpu: "lots", memory: "10Gi" } } },
        ],
      }),
    ).toThrow(
      /namespaces\[2\]\.name: "frontend" is already namespaces\[1\][\s\S]*namespaces\[2\]\.quota\.requests\.cpu: "lots" is not a CPU quantity/,
    );
  });

  test("both sides must name the same namespaces", () => {
    const batch = { ...frontend, name: "batch" };
    const bad = () => synthInCluster({ namespaces: [backend, batch] });
    expect(bad).toThrow(
      /namespaces\[1\]\.name: "batch" has no role or log group on the AWS side \(addons\.namespaces: backend, frontend\)/,
    );
    expect(bad).toThrow(/namespaces: "frontend" of the AWS side \(addons\.namespaces\) is missing here/);
  });

  test("an add-on in an application namespace needs that namespace to admit its pods", () => {
    const logging: NamespaceSpec = { ...frontend, name: "logging" };
    const addons = synthAws({ namespaces: ["backend", "frontend", "logging"] }).ref;
    expect(() => synthInCluster({ addons, namespaces: [backend, frontend, logging] })).toThrow(
      /namespaces\[2\]\.podSecurity\.enforce: "restricted" rejects the pods of fluentBit, which runs in "logging" and needs "privileged"/,
    );
    const privileged = { ...logging, podSecurity: { enforce: "privileged" as const } };
    const json = synthInCluster({ addons, namespaces: [backend, frontend, privileged] });
    // Declared once, with its quota: the add-on's own copy is not created as well.
    expect(renderPlatform(json).filter((m) => m.kind === "Namespace" && m.metadata.name === "logging")).toHaveLength(1);
  });

  test("a namespace whose secrets role name IAM would refuse is reported", () => {
    expect(() => synthAws({ namespaces: ["a-namespace-with-a-long-descriptive-name"] })).toThrow(
      /namespaces\[0\]: its secrets role "acme-prod-us-east-1-secrets-a-namespace-with-a-long-descriptive-name" has 68 characters, IAM allows 64/,
    );
  });
});

describe("quantities", () => {
  test("CPU and memory quantities as Kubernetes writes them", () => {
    expect([millicores("250m"), millicores("1"), millicores("1.5"), millicores("1 core")]).toEqual([
      250,
      1000,
      1500,
      undefined,
    ]);
    expect([bytes("512Mi"), bytes("1Gi"), bytes("1G"), bytes("1GB")]).toEqual([2 ** 29, 2 ** 30, 1e9, undefined]);
    expect([
      cpuQuantity(12500),
      cpuQuantity(20000),
      memoryQuantity(25 * 2 ** 30),
      memoryQuantity(1536 * 2 ** 20),
    ]).toEqual(["12500m", "20", "25Gi", "1536Mi"]);
  });
});
