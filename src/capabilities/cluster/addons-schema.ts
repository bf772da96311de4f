import { z } from "zod";
import {
  CHARTS,
  DEFAULTS,
  NAMESPACE_DEFAULTS,
  POD_SECURITY_LEVELS,
  type ChartName,
} from "../../../modules/cluster-addons/defaults";
import type { NamespaceSpec } from "../../../modules/cluster-addons/namespaces";
import { bytes, cpuQuantity, memoryQuantity, millicores } from "../../../modules/cluster-addons/quantity";

const cpu = z.string().refine((quantity) => millicores(quantity) !== undefined, {
  message: 'must be a CPU quantity such as "250m" or "2"',
});
const memory = z.string().refine((quantity) => bytes(quantity) !== undefined, {
  message: 'must be a memory quantity such as "512Mi" or "2Gi"',
});
const ComputeSchema = z.strictObject({ cpu, memory });
const volume = z.string().regex(/^[1-9]\d*(Gi|Ti)$/, 'must be a volume size such as "10Gi"');
const httpsUrl = z.string().regex(/^https:\/\/[^/\s]+\S*$/, "must be an https:// URL");
const podSecurityLevel = z.enum(POD_SECURITY_LEVELS);

/** An application namespace (`backend`): its quota, its containers' defaults and its Pod Security. */
const NamespaceSchema = z.strictObject({
  /**
   * Pods the namespace holds at peak (its HPAs' maxReplicas, summed, plus a rolling update's surge).
   * @default 10
   */
  expectedPods: z.number().int("must be a whole number of pods").min(1).default(NAMESPACE_DEFAULTS.expectedPods),
  /**
   * Requests and limits of a container that sets none (a quota rejects such pods without them).
   * @default - system 002's pod: requests 250m / 512Mi, limits 1000m / 1Gi, no maximum
   */
  limitRange: z
    .strictObject({ defaultRequest: ComputeSchema, default: ComputeSchema, max: ComputeSchema.optional() })
    .default(NAMESPACE_DEFAULTS.limitRange),
  /**
   * The ResourceQuota; it must hold `expectedPods` at the LimitRange's defaults.
   * @default - exactly that: expectedPods × limitRange.defaultRequest and × limitRange.default, pods = expectedPods
   */
  quota: z
    .strictObject({
      requests: ComputeSchema,
      limits: ComputeSchema,
      /** @default - expectedPods */
      pods: z.number().int().min(1).optional(),
    })
    .optional(),
  /**
   * Pod Security Admission levels (`privileged`, `baseline`, `restricted`).
   * @default - restricted for enforce, warn and audit
   */
  podSecurity: z
    .strictObject({
      enforce: podSecurityLevel.optional(),
      warn: podSecurityLevel.optional(),
      audit: podSecurityLevel.optional(),
    })
    .default({}),
  /** Extra namespace labels; Pod Security's come from `podSecurity`. @default {} */
  labels: z.record(z.string(), z.string()).default({}),
});

/** One Argo CD Application: a path of the GitOps repository synced into an application namespace. */
const ArgoCdApplicationSchema = z.strictObject({
  /** Path in the repository (`.` for its root). */
  path: z.string().min(1, 'must not be empty (the repository root is ".")'),
  /** Destination: one of `addons.namespaces`. */
  namespace: z.string(),
  /** @default "HEAD" */
  targetRevision: z.string().min(1).optional(),
  /** Sync automatically, pruning and undoing drift. @default true */
  automated: z.boolean().optional(),
});

const ArgoCdSchema = z.strictObject({
  /** The GitOps repository (`https://` or SSH); a private one needs a credentials Secret (modules/cluster-addons README). */
  repositoryUrl: z.string().regex(/^(https:\/\/|ssh:\/\/|git@)\S+$/, "must be an https:// or SSH repository URL"),
  /** Where users reach Argo CD (an internal name); required with `sso`. @default - none */
  url: httpsUrl.optional(),
  /**
   * Sign-in through the organization's OIDC provider; the local admin is then off. The client secret is a Kubernetes
   * Secret created out of band (never in Terraform state).
   * @default - the local admin, with the generated argocd-initial-admin-secret
   */
  sso: z
    .strictObject({
      issuer: httpsUrl,
      clientId: z.string().min(1),
      clientSecret: z.strictObject({
        secretName: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a Secret name"),
        key: z.string().min(1),
      }),
      adminGroups: z.array(z.string().min(1)).min(1, "give at least one group: the local admin is off with SSO"),
      /** @default [] */
      readonlyGroups: z.array(z.string().min(1)).default([]),
    })
    .optional(),
  /** Applications by name (a DNS label). @default {} */
  applications: z.record(z.string(), ArgoCdApplicationSchema).default({}),
});

const ObservabilitySchema = z.strictObject({
  /**
   * `managed`: Amazon Managed Service for Prometheus with an AWS managed collector, and Amazon Managed Grafana
   * (needs IAM Identity Center); nothing runs on the system nodes, costs per sample ingested and per Grafana user.
   * `in-cluster`: kube-prometheus-stack on the system nodes, its volumes on the encrypted gp3 class.
   * @default "managed"
   */
  mode: z.enum(["managed", "in-cluster"]).default(DEFAULTS.observability),
  /** IAM Identity Center group ids that administer Grafana (managed). @default [] */
  grafanaAdminGroupIds: z.array(z.string().min(1)).default([]),
  /** Prometheus retention (in-cluster). @default "15d" */
  retention: z
    .string()
    .regex(/^[1-9]\d*(h|d|w|y)$/, 'must be a Prometheus retention such as "15d"')
    .optional(),
  /** @default "50Gi" (in-cluster) */
  prometheusStorage: volume.optional(),
  /** @default "10Gi" (in-cluster) */
  alertmanagerStorage: volume.optional(),
  /** @default "10Gi" (in-cluster) */
  grafanaStorage: volume.optional(),
});

const VaultSchema = z.strictObject({
  /** Raft voters: odd, at least 3. @default 3 */
  replicas: z
    .number()
    .int()
    .refine((n) => n >= 3 && n % 2 === 1, { message: "must be an odd number, at least 3 (raft keeps a quorum)" })
    .optional(),
  /** @default "10Gi" */
  dataStorage: volume.optional(),
  /** @default "10Gi" */
  auditStorage: volume.optional(),
  /** The `kubernetes.io/tls` Secret in the vault namespace, created before the release. @default "vault-server-tls" */
  tlsSecretName: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a Secret name")
    .optional(),
  /**
   * Where the servers run. With `nodePools.capacity: spot-only` and no `onDemandFloor` there is no on-demand node:
   * give `{}`.
   * @default { "karpenter.sh/capacity-type": "on-demand" }
   */
  nodeSelector: z.record(z.string(), z.string()).optional(),
});

const CHART_NAMES = Object.keys(CHARTS) as [ChartName, ...ChartName[]];

/**
 * The cluster's platform add-ons (systems 001 and 002): each off unless given, `{}` turns one on with its defaults.
 * Their AWS side (roles, keys, log groups) is built in the cluster's stack, their Helm side in its `-k8s` stack.
 */
export const AddonsSchema = z.strictObject({
  /** Application namespaces by name: quota, LimitRange, Pod Security, a log group and a secrets role each. @default {} */
  namespaces: z.record(z.string(), NamespaceSchema).default({}),
  /** metrics-server on the system nodes (the HPAs' metrics). @default - off */
  metricsServer: z.strictObject({ /** @default 2 */ replicas: z.number().int().min(1).optional() }).optional(),
  /** The Secrets Store CSI driver. @default - off */
  secretsStoreCsiDriver: z
    .strictObject({
      /** @default "2m" */
      rotationPollInterval: z
        .string()
        .regex(/^([0-9]+(s|m|h))+$/, 'must be a duration such as "2m"')
        .optional(),
      /** Also mirror mounted secrets into Kubernetes Secrets (then in etcd too). @default false */
      syncKubernetesSecrets: z.boolean().optional(),
    })
    .optional(),
  /**
   * The driver's AWS provider (ASCP), needs `secretsStoreCsiDriver`: per namespace a Pod Identity role that reads
   * the secrets `<secretPrefix>/<namespace>/*` only, for the service account `serviceAccount`.
   * @default - off
   */
  awsSecretsProvider: z
    .strictObject({
      /** @default - the cluster name */
      secretPrefix: z
        .string()
        .regex(/^[\w+=.@-]+(\/[\w+=.@-]+)*$/, "must be a Secrets Manager name prefix without a trailing /")
        .optional(),
      /** Key of the namespaces' secrets, in the cluster's region. @default - a key of its own */
      kmsKeyArn: z
        .string()
        .regex(/^arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/, "must be a KMS key ARN")
        .optional(),
      /** @default "workload" */
      serviceAccount: z
        .string()
        .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a service account name")
        .optional(),
    })
    .optional(),
  /** Fluent Bit to CloudWatch Logs: a log group per namespace, KMS, the cluster's log retention. @default - off */
  fluentBit: z
    .strictObject({
      /**
       * Also send every Fluent Bit group to the central log destination of the cluster's region (the
       * security account's archive bucket of that region); needs `centralLogs` with `sources.application`.
       * @default false
       */
      archive: z.boolean().default(false),
    })
    .optional(),
  /** Argo CD, private (ClusterIP only), on the system nodes. @default - off */
  argoCd: ArgoCdSchema.optional(),
  /** Prometheus and Grafana, managed (the default mode) or in-cluster. @default - off */
  observability: ObservabilitySchema.optional(),
  /** HashiCorp Vault: raft on encrypted EBS, KMS auto-unseal through Pod Identity. @default - off */
  vault: VaultSchema.optional(),
  /** Container Insights through the amazon-cloudwatch-observability EKS add-on; X-Ray when asked. @default - off */
  containerInsights: z.strictObject({ /** @default false */ xray: z.boolean().default(false) }).optional(),
  /** `prevent_destroy` on the add-ons' keys, log groups and workspaces; only dev may turn it off. @default true */
  deletionProtection: z.boolean().default(true),
  /** Chart versions replacing the pinned ones (modules/cluster-addons CHARTS), for an upgrade. @default {} */
  chartVersions: z
    .partialRecord(z.enum(CHART_NAMES), z.string().regex(/^\d+\.\d+\.\d+$/, "must be a chart version such as 1.2.3"))
    .default({}),
});

export type AddonsConfig = z.output<typeof AddonsSchema>;
export type NamespaceConfig = z.output<typeof NamespaceSchema>;

/** A namespace's quota as given, or exactly what its expected pods need at the LimitRange's defaults. */
export function namespaceQuota(ns: NamespaceConfig): Required<NonNullable<NamespaceConfig["quota"]>> {
  if (ns.quota !== undefined) return { ...ns.quota, pods: ns.quota.pods ?? ns.expectedPods };
  const times = (resources: { cpu: string; memory: string }) => ({
    cpu: cpuQuantity(millicores(resources.cpu)! * ns.expectedPods),
    memory: memoryQuantity(bytes(resources.memory)! * ns.expectedPods),
  });
  return {
    requests: times(ns.limitRange.defaultRequest),
    limits: times(ns.limitRange.default),
    pods: ns.expectedPods,
  };
}

/** The module's namespace specs, in the config's order (a map: the index maps back to the key). */
export function namespaceSpecs(addons: AddonsConfig): NamespaceSpec[] {
  return Object.entries(addons.namespaces).map(([name, ns]) => ({
    name,
    expectedPods: ns.expectedPods,
    quota: namespaceQuota(ns),
    limitRange: ns.limitRange,
    podSecurity: ns.podSecurity,
    labels: ns.labels,
  }));
}
