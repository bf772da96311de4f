import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, parseAllDocuments } from "yaml";
import type { ArgoCdChartValues } from "../../modules/cluster-addons/argocd";
import { CHARTS } from "../../modules/cluster-addons/defaults";
import type { FluentBitChartValues } from "../../modules/cluster-addons/fluent-bit";
import type { PrometheusStackChartValues } from "../../modules/cluster-addons/observability";
import type { VaultChartValues } from "../../modules/cluster-addons/vault";
import type { OrganizationInput } from "../../src/config/schema";
import { renderTemplate } from "../modules/helm-template";
import {
  defaultInput,
  organization,
  policyOf,
  resource,
  resourcesOf,
  synthApp,
  type StackJson,
} from "../helpers/synth";

type AddonsInput = NonNullable<OrganizationInput["accounts"][string]["regions"][string]["cluster"]>["addons"];
const ACCOUNT = "333333333333";
const CHART = join(__dirname, "../../charts/cluster-platform");

/** The whole app with these add-ons on the dev cluster: its account-region stack and its -k8s stack. */
function synthWith(addons: AddonsInput, logRetentionDays?: number): { infra: StackJson; k8s: StackJson } {
  const input = defaultInput();
  const cluster = input.accounts.dev.regions["us-east-1"].cluster!;
  cluster.addons = addons;
  if (logRetentionDays !== undefined) cluster.logRetentionDays = logRetentionDays;
  const { json } = synthApp(organization(input));
  return { infra: json["dev-us-east-1"], k8s: json["dev-us-east-1-k8s"] };
}

const EVERYTHING: AddonsInput = {
  namespaces: {
    backend: {
      expectedPods: 50,
      quota: { requests: { cpu: "13", memory: "25Gi" }, limits: { cpu: "50", memory: "50Gi" }, pods: 60 },
    },
    frontend: { expectedPods: 20 },
    logging: { podSecurity: { enforce: "privileged" } },
  },
  metricsServer: {},
  secretsStoreCsiDriver: {},
  awsSecretsProvider: {},
  fluentBit: {},
  argoCd: {
    repositoryUrl: "https://git.example.com/platform/gitops.git",
    applications: { "orders-api": { path: "apps/orders-api", namespace: "backend" } },
  },
  observability: {},
  vault: {},
  containerInsights: { xray: true },
};

const { infra, k8s } = synthWith(EVERYTHING, 90);
// The other mode, an upgraded pin and no deletion protection (dev only), in one more synth.
const { infra: other, k8s: otherK8s } = synthWith({
  namespaces: { backend: {} },
  metricsServer: {},
  fluentBit: {},
  vault: {},
  observability: { mode: "in-cluster", retention: "30d" },
  chartVersions: { metricsServer: "3.14.0" },
  deletionProtection: false,
});

const releases = (stack: StackJson) => resourcesOf(stack, "helm_release");
/** A release's values, typed as the module's values of that chart. */
const valuesOf = <T = Record<string, unknown>>(stack: StackJson, release: string) =>
  parse((resource(stack, "helm_release", release).values as string[])[0]) as T;

/** The fields of a rendered manifest these tests read. */
interface Manifest {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly spec?: { readonly hard?: Record<string, string> };
}

const SYSTEM_PLACEMENT = {
  nodeSelector: { "workload-type": "system" },
  tolerations: [
    { key: "CriticalAddonsOnly", operator: "Exists" },
    { key: "node-role.kubernetes.io/system", operator: "Exists", effect: "NoSchedule" },
  ],
};

/** charts/cluster-platform rendered with the values its release passes (no helm binary here). */
function renderPlatform(stack: StackJson): Manifest[] {
  const defaults = parse(readFileSync(join(CHART, "values.yaml"), "utf8")) as Record<string, unknown>;
  const values = { ...defaults, ...valuesOf(stack, "addons_platform") };
  return readdirSync(join(CHART, "templates"))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(renderTemplate(readFileSync(join(CHART, "templates", file), "utf8"), values)).map(
        (doc) => doc.toJS() as Manifest,
      ),
    )
    .filter((manifest) => manifest !== null);
}

describe("the add-ons' Helm side in the -k8s stack", () => {
  test("every chart at its pinned version, after the platform chart", () => {
    const installed = Object.entries(releases(k8s)).filter(
      ([name]) => name.startsWith("addons_") && name !== "addons_platform",
    );
    // Everything but kube-prometheus-stack, which the managed mode replaces.
    const expected = Object.values(CHARTS).filter((pin) => pin !== CHARTS.kubePrometheusStack);
    expect(installed.map(([, release]) => release.chart).sort()).toEqual(expected.map((pin) => pin.chart).sort());
    for (const [name, release] of installed) {
      const pin = expected.find((candidate) => candidate.chart === release.chart)!;
      expect({ name, repository: release.repository, version: release.version }).toEqual({
        name,
        repository: pin.repository,
        version: pin.version,
      });
      expect(release.depends_on).toContain("helm_release.addons_platform");
    }
  });

  test("chartVersions replaces one pin and leaves the others", () => {
    expect(resource(otherK8s, "helm_release", "addons_metrics_server").version).toBe("3.14.0");
    expect(resource(otherK8s, "helm_release", "addons_vault").version).toBe(CHARTS.vault.version);
  });

  test("metrics-server, Argo CD and Vault's injector run on the system nodes", () => {
    expect(valuesOf(k8s, "addons_metrics_server")).toMatchObject(SYSTEM_PLACEMENT);
    expect(valuesOf<ArgoCdChartValues>(k8s, "addons_argocd").global).toEqual(SYSTEM_PLACEMENT);
    expect(valuesOf<VaultChartValues>(k8s, "addons_vault").injector).toMatchObject(SYSTEM_PLACEMENT);
    // Fluent Bit is a DaemonSet on every node, the system nodes included.
    expect(valuesOf<FluentBitChartValues>(k8s, "addons_fluent_bit").tolerations).toEqual([{ operator: "Exists" }]);
  });

  test("nothing is exposed: Argo CD and Vault's UI are ClusterIP, no ingress", () => {
    expect(valuesOf<ArgoCdChartValues>(k8s, "addons_argocd").server).toEqual({
      service: { type: "ClusterIP" },
      ingress: { enabled: false },
    });
    expect(valuesOf<VaultChartValues>(k8s, "addons_vault").ui).toEqual({ enabled: true, serviceType: "ClusterIP" });
    for (const name of Object.keys(releases(k8s))) {
      expect(resource(k8s, "helm_release", name).values?.toString() ?? "").not.toMatch(/LoadBalancer|NodePort/);
    }
  });

  test("namespaces: quotas from the config or expectedPods × the LimitRange, restricted unless given", () => {
    const platform = renderPlatform(k8s);
    const quota = (ns: string) =>
      platform.find((m) => m.kind === "ResourceQuota" && m.metadata.namespace === ns)?.spec?.hard;
    expect(quota("backend")).toEqual({
      "requests.cpu": "13",
      "requests.memory": "25Gi",
      "limits.cpu": "50",
      "limits.memory": "50Gi",
      pods: "60",
    });
    expect(quota("frontend")).toEqual({
      "requests.cpu": "5",
      "requests.memory": "10Gi",
      "limits.cpu": "20",
      "limits.memory": "20Gi",
      pods: "20",
    });
    const labels = (ns: string) =>
      platform.find((m) => m.kind === "Namespace" && m.metadata.name === ns)?.metadata.labels;
    expect(labels("backend")).toMatchObject({ "pod-security.kubernetes.io/enforce": "restricted" });
    expect(labels("logging")).toMatchObject({
      "pod-security.kubernetes.io/enforce": "privileged",
      "pod-security.kubernetes.io/warn": "restricted",
    });
    // Argo CD's and Vault's own namespaces, created at the level their pods need; kube-system never.
    expect(labels("argocd")).toMatchObject({ "pod-security.kubernetes.io/enforce": "restricted" });
    expect(labels("vault")).toMatchObject({ "pod-security.kubernetes.io/enforce": "restricted" });
    expect(platform.filter((m) => m.kind === "Namespace").map((m) => m.metadata.name)).not.toContain("kube-system");
  });

  test("each Pod Identity association names a namespace and service account the charts create", () => {
    const platform = renderPlatform(k8s);
    const created = new Set([
      ...platform.filter((m) => m.kind === "ServiceAccount").map((m) => `${m.metadata.namespace}/${m.metadata.name}`),
      `${resource(k8s, "helm_release", "addons_fluent_bit").namespace}/${valuesOf<FluentBitChartValues>(k8s, "addons_fluent_bit").serviceAccount.name}`,
      `${resource(k8s, "helm_release", "addons_vault").namespace}/${valuesOf<VaultChartValues>(k8s, "addons_vault").server.serviceAccount.name}`,
    ]);
    const associations = Object.entries(resourcesOf(infra, "aws_eks_pod_identity_association")).filter(([name]) =>
      name.startsWith("addons_"),
    );
    expect(associations.map(([name]) => name).sort()).toEqual(
      [
        "addons_secrets_backend_pod_identity",
        "addons_secrets_frontend_pod_identity",
        "addons_secrets_logging_pod_identity",
        "addons_fluent_bit_pod_identity",
        "addons_vault_pod_identity",
      ].sort(),
    );
    for (const [, association] of associations) {
      expect(created).toContain(`${association.namespace}/${association.service_account}`);
    }
    expect(resource(infra, "aws_eks_pod_identity_association", "addons_secrets_backend_pod_identity")).toMatchObject({
      namespace: "backend",
      service_account: "workload",
    });
    // The amazon-cloudwatch-observability EKS add-on creates its service account and carries its association.
    expect(resource(infra, "aws_eks_addon", "addons_container_insights").pod_identity_association).toEqual([
      { role_arn: "${aws_iam_role.addons_cloudwatch_agent_role.arn}", service_account: "cloudwatch-agent" },
    ]);
  });
});

describe("the add-ons' AWS side in the cluster stack", () => {
  test("each namespace's role reads only its own secrets, by name prefix", () => {
    const policy = JSON.stringify(
      policyOf(resource(infra, "aws_iam_role_policy", "addons_secrets_backend_role_policy")),
    );
    expect(policy).toContain(
      `"arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:\${aws_eks_cluster.eks.name}/backend/*"`,
    );
    expect(policy).not.toContain("/frontend/");
  });

  test("log groups per namespace on the add-ons' key, with the cluster's log retention", () => {
    const groups = resourcesOf(infra, "aws_cloudwatch_log_group");
    for (const ns of ["backend", "frontend", "logging"]) {
      expect(groups[`addons_logs_${ns}`]).toMatchObject({
        name: `/aws/eks/\${aws_eks_cluster.eks.name}/workloads/${ns}`,
        retention_in_days: 90,
        kms_key_id: "${aws_kms_key.addons_logs_key.arn}",
      });
    }
    expect(groups.addons_logs_container_insights.retention_in_days).toBe(90);
  });

  test("managed observability: the collector's ENIs in the cluster's application subnets", () => {
    const scraper = resource(infra, "aws_prometheus_scraper", "addons_scraper");
    expect(JSON.stringify(scraper.source)).toContain("${aws_subnet.vpc_application_a.id}");
    expect(resourcesOf(infra, "aws_grafana_workspace").addons_grafana).toBeDefined();
    expect(releases(k8s).addons_prometheus_stack).toBeUndefined();
  });

  test("in-cluster observability: kube-prometheus-stack on the system nodes, no AMP or AMG", () => {
    const release = resource(otherK8s, "helm_release", "addons_prometheus_stack");
    expect(release.version).toBe(CHARTS.kubePrometheusStack.version);
    const values = valuesOf<PrometheusStackChartValues>(otherK8s, "addons_prometheus_stack");
    expect(values.prometheus.prometheusSpec).toMatchObject({ retention: "30d", ...SYSTEM_PLACEMENT });
    expect(resourcesOf(other, "aws_prometheus_workspace")).toEqual({});
    expect(resourcesOf(other, "aws_grafana_workspace")).toEqual({});
  });

  test("the cluster's deletion protection reaches the add-ons' keys and log groups; Vault's unseal key keeps it", () => {
    expect(resource(infra, "aws_cloudwatch_log_group", "addons_logs_backend").lifecycle).toEqual({
      prevent_destroy: true,
    });
    expect(resource(other, "aws_cloudwatch_log_group", "addons_logs_backend").lifecycle).toEqual({
      prevent_destroy: false,
    });
    expect(resource(other, "aws_kms_key", "addons_vault_unseal_key").lifecycle).toEqual({
      prevent_destroy: true,
    });
  });
});
