import { Release } from "@cdktf/provider-helm/lib/release";
import { AssetType, TerraformAsset, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { ClusterRef } from "../eks";
import { localChartPath } from "../karpenter/chart-path";
import { helmValues } from "../karpenter/in-cluster";
import { argoCdAppsValues, argoCdIssues, argoCdValues, type ArgoCdProps } from "./argocd";
import { ADDONS, CHARTS, DEFAULTS, type ChartName, type PodSecurityLevel } from "./defaults";
import { fluentBitValues } from "./fluent-bit";
import type { AddonsRef } from "./index";
import { metricsServerIssues, metricsServerValues, type MetricsServerProps } from "./metrics-server";
import {
  namespaceIssues,
  platformNamespace,
  podSecurityLabels,
  podSecurityRank,
  type NamespaceSpec,
  type PlatformNamespace,
} from "./namespaces";
import { prometheusStackValues, type PrometheusStackProps } from "./observability";
import { awsSecretsProviderValues, csiDriverValues, type SecretsStoreCsiDriverProps } from "./secrets-store";
import { vaultIssues, vaultValues, type VaultInClusterProps } from "./vault";

export interface ClusterAddonsInClusterProps {
  /** The cluster (`EksCluster.ref`, across stacks). */
  readonly cluster: Pick<ClusterRef, "region" | "kubernetesVersion" | "nodeVolumeKeyArn">;
  /** The AWS side (`ClusterAddonsAws.ref`): Fluent Bit, Vault and the observability mode are installed when it has them. */
  readonly addons: AddonsRef;
  /** The application namespaces: the names of `addons.namespaces`, with quota, limit range and Pod Security. */
  readonly namespaces: readonly NamespaceSpec[];
  /** metrics-server on the system nodes. @default - off */
  readonly metricsServer?: MetricsServerProps;
  /** The Secrets Store CSI driver (a DaemonSet on every node). @default - off */
  readonly secretsStoreCsiDriver?: SecretsStoreCsiDriverProps;
  /**
   * The driver's AWS provider (ASCP), which fetches with each pod's Pod Identity role; needs the driver and the
   * AWS side's secrets roles.
   * @default false
   */
  readonly awsSecretsProvider?: boolean;
  /** Argo CD. @default - off */
  readonly argoCd?: ArgoCdProps;
  /** kube-prometheus-stack settings, when the AWS side chose `observability: { mode: "in-cluster" }`. @default {} */
  readonly prometheusStack?: PrometheusStackProps;
  /** Vault settings, when the AWS side has `vault`. @default {} */
  readonly vault?: VaultInClusterProps;
  /**
   * Chart versions replacing the pinned ones (`CHARTS`), for an upgrade.
   * @default - CHARTS
   */
  readonly chartVersions?: Partial<Record<ChartName, string>>;
  /** Helm provider of the releases. @default - the stack's default `helm` provider */
  readonly provider?: TerraformProvider;
}

/** Values of `charts/cluster-platform` (its values.yaml, typed). */
export interface PlatformChartValues {
  readonly namespaces: readonly PlatformNamespace[];
  readonly serviceAccounts: readonly { readonly name: string; readonly namespace: string }[];
  readonly storageClass: { readonly name: string; readonly kmsKeyId: string };
  readonly managedScraper: { readonly enabled: boolean };
}

/** What an add-on installed here asks of the namespace it runs in. */
interface AddonNamespace {
  readonly addon: string;
  readonly namespace: string;
  readonly podSecurity: PodSecurityLevel;
}

/**
 * The platform add-ons' Helm side, for the `<account>-<region>-k8s` stack: `charts/cluster-platform` first (the
 * namespaces with their quotas, limit ranges, Pod Security labels and service accounts; the encrypted gp3
 * StorageClass; the managed collector's RBAC), then each add-on's pinned chart: metrics-server, the Secrets Store
 * CSI driver and its AWS provider, Fluent Bit, Argo CD and its applications, kube-prometheus-stack, Vault.
 * Nothing here creates a LoadBalancer service or an ingress.
 */
export class ClusterAddonsInCluster extends Construct {
  /** The cluster-platform release: everything else is installed after it. */
  readonly platform: Release;

  private readonly props: ClusterAddonsInClusterProps;

  constructor(scope: Construct, id: string, props: ClusterAddonsInClusterProps) {
    super(scope, id);
    this.props = props;
    const { addons } = props;
    const addonNamespaces = this.addonNamespaces();
    const issues = [...inClusterIssues(props), ...addonNamespaceIssues(props.namespaces, addonNamespaces)];
    this.node.addValidation({ validate: () => issues });

    const platformValues: PlatformChartValues = {
      namespaces: [
        ...props.namespaces.map((ns) =>
          platformNamespace(
            ns,
            props.cluster.kubernetesVersion,
            addons.secretsStore === undefined ? [] : [addons.secretsStore.serviceAccount],
          ),
        ),
        ...this.ownNamespaces(addonNamespaces),
      ],
      serviceAccounts:
        addons.secretsStore === undefined
          ? []
          : props.namespaces.map((ns) => ({ name: addons.secretsStore!.serviceAccount, namespace: ns.name })),
      storageClass: { name: DEFAULTS.storageClass, kmsKeyId: props.cluster.nodeVolumeKeyArn },
      managedScraper: { enabled: addons.observability?.mode === "managed" },
    };
    // Copied into the stack's folder (assets/<name>/<hash>), so Terraform finds it wherever it runs.
    const chart = new TerraformAsset(this, "platform_chart", {
      path: localChartPath("cluster-platform", __dirname),
      type: AssetType.DIRECTORY,
    });
    this.platform = new Release(this, "platform", {
      ...this.common("kube-system"),
      name: "cluster-platform",
      chart: chart.path,
      values: helmValues(platformValues),
    });

    if (props.metricsServer !== undefined) {
      this.release("metrics_server", "metricsServer", "metrics-server", metricsServerValues(props.metricsServer));
    }
    if (props.secretsStoreCsiDriver !== undefined) {
      const driver = this.release(
        "secrets_store_csi_driver",
        "secretsStoreCsiDriver",
        "secrets-store-csi-driver",
        csiDriverValues(props.secretsStoreCsiDriver),
      );
      if (props.awsSecretsProvider === true) {
        this.release(
          "aws_secrets_provider",
          "awsSecretsProvider",
          "secrets-store-csi-driver-provider-aws",
          awsSecretsProviderValues(props.cluster.region),
          [driver],
        );
      }
    }
    if (addons.fluentBit !== undefined) {
      this.release(
        "fluent_bit",
        "fluentBit",
        "fluent-bit",
        fluentBitValues(addons.fluentBit, props.cluster.region),
        [],
        addons.fluentBit.namespace,
      );
    }
    if (props.argoCd !== undefined) {
      const names = props.namespaces.map((ns) => ns.name);
      const argo = this.release("argocd", "argoCd", "argocd", argoCdValues(props.argoCd), [], ADDONS.argoCd.namespace);
      // Applications need Argo CD's CRDs: a release of their own, after Argo CD's.
      this.release(
        "argocd_apps",
        "argoCdApps",
        "argocd-apps",
        argoCdAppsValues(props.argoCd, names),
        [argo],
        ADDONS.argoCd.namespace,
      );
    }
    if (addons.observability?.mode === "in-cluster") {
      this.release(
        "prometheus_stack",
        "kubePrometheusStack",
        "kube-prometheus-stack",
        prometheusStackValues(props.prometheusStack ?? {}),
        [],
        ADDONS.kubePrometheusStack.namespace,
      );
    }
    if (addons.vault !== undefined) {
      this.release(
        "vault",
        "vault",
        "vault",
        vaultValues(props.vault ?? {}, addons.vault, props.cluster.region),
        [],
        addons.vault.namespace,
        {
          // Vault's pods are ready only once initialized and unsealed (`vault operator init`, after this apply):
          // waiting for them would fail every first install.
          wait: false,
        },
      );
    }
  }

  private common(namespace: string) {
    return { namespace, provider: this.props.provider, wait: true, cleanupOnFail: true, createNamespace: false };
  }

  /** One pinned chart's release, after the platform chart (its namespaces, service accounts, storage class). */
  private release(
    id: string,
    chart: ChartName,
    name: string,
    values: object,
    after: Release[] = [],
    namespace = "kube-system",
    overrides: { wait?: boolean } = {},
  ): Release {
    const pin = CHARTS[chart];
    return new Release(this, id, {
      ...this.common(namespace),
      ...overrides,
      name,
      repository: pin.repository,
      chart: pin.chart,
      version: this.props.chartVersions?.[chart] ?? pin.version,
      values: helmValues(values),
      dependsOn: [this.platform, ...after],
    });
  }

  /** The namespaces the add-ons installed here run in (kube-system aside), with the Pod Security each needs. */
  private addonNamespaces(): AddonNamespace[] {
    const { addons, argoCd } = this.props;
    const wanted: (AddonNamespace | undefined)[] = [
      addons.fluentBit && {
        addon: "fluentBit",
        namespace: addons.fluentBit.namespace,
        podSecurity: ADDONS.fluentBit.podSecurity,
      },
      argoCd && { addon: "argoCd", namespace: ADDONS.argoCd.namespace, podSecurity: ADDONS.argoCd.podSecurity },
      addons.observability?.mode === "in-cluster"
        ? {
            addon: "kubePrometheusStack",
            namespace: ADDONS.kubePrometheusStack.namespace,
            podSecurity: ADDONS.kubePrometheusStack.podSecurity,
          }
        : undefined,
      addons.vault && { addon: "vault", namespace: addons.vault.namespace, podSecurity: ADDONS.vault.podSecurity },
    ];
    return wanted.filter((a): a is AddonNamespace => a !== undefined);
  }

  /**
   * Add-on namespaces that are no application namespace: created with the least strict level their add-ons need
   * for all three modes (and no quota: their charts size their own pods).
   */
  private ownNamespaces(addonNamespaces: readonly AddonNamespace[]): PlatformNamespace[] {
    const declared = new Set(this.props.namespaces.map((ns) => ns.name));
    const byName = new Map<string, PodSecurityLevel>();
    for (const { namespace, podSecurity } of addonNamespaces) {
      if (declared.has(namespace)) continue;
      const current = byName.get(namespace);
      if (current === undefined || podSecurityRank(podSecurity) < podSecurityRank(current))
        byName.set(namespace, podSecurity);
    }
    return [...byName].map(([name, level]) => ({
      name,
      labels: podSecurityLabels({ enforce: level, warn: level, audit: level }, this.props.cluster.kubernetesVersion),
      serviceAccounts: [],
    }));
  }
}

function inClusterIssues(props: ClusterAddonsInClusterProps): string[] {
  const { addons } = props;
  const issues = namespaceIssues(props.namespaces);
  const names = props.namespaces.map((ns) => ns.name);
  props.namespaces.forEach((ns, i) => {
    if (!addons.namespaces.includes(ns.name)) {
      issues.push(
        `namespaces[${i}].name: "${ns.name}" has no role or log group on the AWS side (addons.namespaces: ${addons.namespaces.join(", ") || "none"}); add it to ClusterAddonsAws namespaces`,
      );
    }
  });
  for (const name of addons.namespaces) {
    if (!names.includes(name)) {
      issues.push(
        `namespaces: "${name}" of the AWS side (addons.namespaces) is missing here; give its quota and limit range`,
      );
    }
  }
  if (props.awsSecretsProvider === true && props.secretsStoreCsiDriver === undefined) {
    issues.push(
      "awsSecretsProvider: needs secretsStoreCsiDriver (the driver mounts what the provider fetches); turn it on",
    );
  }
  if (props.awsSecretsProvider === true && addons.secretsStore === undefined) {
    issues.push(
      "awsSecretsProvider: the AWS side made no secrets roles (addons.secretsStore); turn on ClusterAddonsAws secretsStore",
    );
  }
  if (props.vault !== undefined && addons.vault === undefined) {
    issues.push("vault: the AWS side has no Vault (addons.vault); turn on ClusterAddonsAws vault");
  }
  if (props.prometheusStack !== undefined && addons.observability?.mode !== "in-cluster") {
    issues.push(
      'prometheusStack: the AWS side did not choose observability { mode: "in-cluster" } (addons.observability)',
    );
  }
  if (props.metricsServer !== undefined) issues.push(...metricsServerIssues(props.metricsServer));
  if (props.argoCd !== undefined) issues.push(...argoCdIssues(props.argoCd, names));
  if (addons.vault !== undefined) issues.push(...vaultIssues(props.vault ?? {}));
  return issues;
}

/** An add-on in an application namespace runs under that namespace's Pod Security: it must admit the add-on's pods. */
function addonNamespaceIssues(
  namespaces: readonly NamespaceSpec[],
  addonNamespaces: readonly AddonNamespace[],
): string[] {
  return addonNamespaces.flatMap(({ addon, namespace, podSecurity }) => {
    const i = namespaces.findIndex((ns) => ns.name === namespace);
    if (i < 0) return [];
    const enforce = namespaces[i].podSecurity?.enforce ?? DEFAULTS.podSecurity;
    return podSecurityRank(enforce) > podSecurityRank(podSecurity)
      ? [
          `namespaces[${i}].podSecurity.enforce: "${enforce}" rejects the pods of ${addon}, which runs in "${namespace}" and needs "${podSecurity}"`,
        ]
      : [];
  });
}
