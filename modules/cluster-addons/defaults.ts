/**
 * What the config layer needs of `modules/cluster-addons` without loading a construct: the pinned charts, the
 * add-ons' namespaces, service accounts and Pod Security levels, and the physical name formats. Pure: no
 * construct or provider import.
 */

/** A Helm chart, pinned: repository URL, chart name and version, and where the release is published. */
export interface ChartPin {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
  /** The release page the version was read from. */
  readonly source: string;
}

/**
 * Every chart the add-ons install, pinned in one place. The versions are the newest releases in each chart's
 * repository when they were pinned; they cannot be checked offline. Before an upgrade, read the release notes
 * on the page in `source` (breaking values are called out there) and `helm search repo <chart> --versions`.
 */
export const CHARTS = {
  /** metrics-server 0.8.1. */
  metricsServer: {
    repository: "https://kubernetes-sigs.github.io/metrics-server/",
    chart: "metrics-server",
    version: "3.13.1",
    source: "https://github.com/kubernetes-sigs/metrics-server/releases/tag/metrics-server-helm-chart-3.13.1",
  },
  /** Secrets Store CSI driver 1.6.0 (Kubernetes >= 1.30). */
  secretsStoreCsiDriver: {
    repository: "https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts",
    chart: "secrets-store-csi-driver",
    version: "1.6.0",
    source: "https://github.com/kubernetes-sigs/secrets-store-csi-driver/releases/tag/v1.6.0",
  },
  /** AWS Secrets and Configuration Provider (ASCP) 3.1.1, installed without its bundled driver. */
  awsSecretsProvider: {
    repository: "https://aws.github.io/secrets-store-csi-driver-provider-aws",
    chart: "secrets-store-csi-driver-provider-aws",
    version: "3.1.1",
    source: "https://github.com/aws/secrets-store-csi-driver-provider-aws/releases",
  },
  /** AWS for Fluent Bit 3.2.1. */
  fluentBit: {
    repository: "https://aws.github.io/eks-charts",
    chart: "aws-for-fluent-bit",
    version: "0.2.0",
    source: "https://github.com/aws/eks-charts/tree/master/stable/aws-for-fluent-bit",
  },
  /** Argo CD v3.4.4. */
  argoCd: {
    repository: "https://argoproj.github.io/argo-helm",
    chart: "argo-cd",
    version: "10.1.1",
    source: "https://github.com/argoproj/argo-helm/releases/tag/argo-cd-10.1.1",
  },
  /** Argo CD Applications and AppProjects as a release of their own (after the CRDs exist). */
  argoCdApps: {
    repository: "https://argoproj.github.io/argo-helm",
    chart: "argocd-apps",
    version: "2.0.5",
    source: "https://github.com/argoproj/argo-helm/releases/tag/argocd-apps-2.0.5",
  },
  /** Prometheus Operator v0.93.1, Prometheus, Alertmanager, Grafana, node exporter, kube-state-metrics. */
  kubePrometheusStack: {
    repository: "https://prometheus-community.github.io/helm-charts",
    chart: "kube-prometheus-stack",
    version: "88.5.3",
    source: "https://github.com/prometheus-community/helm-charts/releases/tag/kube-prometheus-stack-88.5.3",
  },
  /** HashiCorp Vault 2.0.4. */
  vault: {
    repository: "https://helm.releases.hashicorp.com",
    chart: "vault",
    version: "0.34.1",
    source: "https://github.com/hashicorp/vault-helm/releases/tag/v0.34.1",
  },
} as const satisfies Record<string, ChartPin>;

export type ChartName = keyof typeof CHARTS;

/**
 * EKS managed add-on versions, for the cluster's Kubernetes version. Offline they cannot be checked: compare with
 * `aws eks describe-addon-versions --addon-name amazon-cloudwatch-observability --kubernetes-version 1.33`.
 */
export const EKS_ADDON_VERSIONS = {
  "amazon-cloudwatch-observability": "v4.1.0-eksbuild.1",
} as const;

/** Pod Security Standards levels, from the most to the least permissive. */
export const POD_SECURITY_LEVELS = ["privileged", "baseline", "restricted"] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

/** Namespaces Kubernetes or EKS own: never created, quota'd or labelled here. */
export const RESERVED_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;

/**
 * Where each add-on runs, the service account its pods use (the Pod Identity association names exactly this
 * one), and the least strict Pod Security level its pods need in their namespace:
 * - Fluent Bit mounts `/var/log` from the host (hostPath), and the node exporter of kube-prometheus-stack uses
 *   the host's network, PID namespace and file system: both only pass `privileged`.
 * - Argo CD's chart sets restricted security contexts on every container; Vault passes `restricted` with the
 *   contexts this module sets and `disable_mlock` (no IPC_LOCK capability).
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export const ADDONS = {
  metricsServer: { namespace: "kube-system", serviceAccount: "metrics-server" },
  secretsStoreCsiDriver: { namespace: "kube-system", serviceAccount: "secrets-store-csi-driver" },
  awsSecretsProvider: { namespace: "kube-system", serviceAccount: "secrets-store-csi-driver-provider-aws" },
  fluentBit: { namespace: "logging", serviceAccount: "fluent-bit", podSecurity: "privileged" },
  argoCd: { namespace: "argocd", podSecurity: "restricted" },
  kubePrometheusStack: { namespace: "monitoring", podSecurity: "privileged" },
  vault: { namespace: "vault", serviceAccount: "vault", podSecurity: "restricted" },
  /** The EKS add-on creates its namespace and service account; the role's trust names them. */
  containerInsights: { namespace: "amazon-cloudwatch", serviceAccount: "cloudwatch-agent" },
} as const;

/** Defaults resolved once, for both sides. */
export const DEFAULTS = {
  /** The service account each application namespace's pods mount secrets with (its Pod Identity role's). */
  workloadServiceAccount: "workload",
  podSecurity: "restricted",
  metricsServerReplicas: 2,
  /** How often the CSI driver re-reads mounted secrets (rotation). */
  secretRotationPollInterval: "2m",
  observability: "managed",
  grafanaVersion: "10.4",
  prometheusRetention: "15d",
  prometheusStorage: "50Gi",
  alertmanagerStorage: "10Gi",
  grafanaStorage: "10Gi",
  vaultReplicas: 3,
  vaultDataStorage: "10Gi",
  vaultAuditStorage: "10Gi",
  vaultTlsSecret: "vault-server-tls",
  /** Vault on on-demand capacity: a spot interruption of a raft voter is a leader election. */
  vaultNodeSelector: { "karpenter.sh/capacity-type": "on-demand" },
  argoCdRevision: "HEAD",
  /** The StorageClass of the add-ons' volumes: gp3 encrypted with the cluster's node volume key. */
  storageClass: "gp3-encrypted",
} as const;

/**
 * An application namespace the config leaves unsized: system 002's pod (requests 250m / 512Mi, limits 1000m / 1Gi)
 * as its containers' defaults, for ten pods.
 */
export const NAMESPACE_DEFAULTS = {
  expectedPods: 10,
  limitRange: {
    defaultRequest: { cpu: "250m", memory: "512Mi" },
    default: { cpu: "1000m", memory: "1Gi" },
  },
} as const;

/** Longest IAM role name. */
export const MAX_ROLE_NAME = 64;

/** Log group of one application namespace's container logs. */
export function namespaceLogGroupName(clusterName: string, namespace: string): string {
  return `/aws/eks/${clusterName}/workloads/${namespace}`;
}

/** Log group of the containers of every other namespace (kube-system, the add-ons). */
export function systemLogGroupName(clusterName: string): string {
  return `/aws/eks/${clusterName}/system`;
}

/** Container Insights' performance log group, which the CloudWatch agent writes to (by this name). */
export function containerInsightsLogGroupName(clusterName: string): string {
  return `/aws/containerinsights/${clusterName}/performance`;
}

/** Secrets of one namespace are named `<prefix>/<namespace>/<name>`; its role reads those only. */
export function namespaceSecretPrefix(prefix: string, namespace: string): string {
  return `${prefix}/${namespace}/`;
}

/** IAM role of one namespace's pods (secrets through the CSI driver). */
export function namespaceRoleName(clusterName: string, namespace: string): string {
  return `${clusterName}-secrets-${namespace}`;
}
