import type { Construct } from "constructs";
import { SYSTEM_PLACEMENT } from "../eks";
import { podIdentityRole } from "../eks/pod-identity";
import { policyDocument } from "../iam/policy";
import { KmsKeyWithAlias } from "../kms-key";
import { ADDONS, DEFAULTS } from "./defaults";
import type { AwsContext } from "./context";

/** The AWS side of Vault: its auto-unseal key and the Pod Identity role that may use it. */
export interface VaultAwsProps {
  /** @default "vault" */
  readonly namespace?: string;
}

/** What the in-cluster side needs of Vault's AWS side. */
export interface VaultRef {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The auto-unseal key (`seal "awskms"` `kms_key_id`). */
  readonly unsealKeyId: string;
}

const CRYPTO_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"];

/**
 * The unseal key: rotating CMK whose policy denies its cryptographic use to every principal but Vault's role (the
 * account still administers it); the role (`<ns>/vault` through EKS Pod Identity) may Encrypt, Decrypt and
 * DescribeKey on it, which is what the `awskms` seal needs. Losing the key loses the Vault: it keeps deletion
 * protection whatever the module's `deletionProtection` says.
 * @see https://developer.hashicorp.com/vault/docs/configuration/seal/awskms
 */
export function vaultAws(
  scope: Construct,
  context: AwsContext,
  props: VaultAwsProps,
): { ref: VaultRef; roleArn: string } {
  const { cluster } = context;
  const namespace = props.namespace ?? ADDONS.vault.namespace;
  const roleName = `${cluster.clusterName}-vault`;
  const key = new KmsKeyWithAlias(scope, "vault_unseal_key", {
    alias: `${cluster.clusterName}-vault-unseal`,
    description: `Auto-unseal of the Vault of EKS cluster ${cluster.clusterName}`,
    accountId: cluster.accountId,
    deletionProtection: true,
    policyStatements: [
      // The role by ARN in a condition, not as a Principal: IAM refuses a principal that does not exist yet, and
      // the role (whose policy names this key) comes after the key.
      {
        Sid: "UnsealOnlyByVault",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: { ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${cluster.accountId}:role/${roleName}` } },
      },
    ],
  });
  const { role } = podIdentityRole(scope, "vault", {
    clusterName: cluster.clusterName,
    namespace,
    serviceAccount: ADDONS.vault.serviceAccount,
    roleName,
    description: `Vault of ${cluster.clusterName}: auto-unseal with its KMS key (EKS Pod Identity)`,
    inlinePolicy: policyDocument({
      Sid: "AutoUnsealWithItsKey",
      Effect: "Allow",
      Action: CRYPTO_ACTIONS,
      Resource: key.keyArn,
    }),
    tags: context.tags,
  });
  return { ref: { namespace, serviceAccount: ADDONS.vault.serviceAccount, unsealKeyId: key.keyId }, roleArn: role.arn };
}

/** In-cluster options of Vault. */
export interface VaultInClusterProps {
  /**
   * Raft voters; odd, at least 3 (a quorum survives one loss). Each needs a node of its own (the chart's
   * anti-affinity), spread over zones.
   * @default 3
   */
  readonly replicas?: number;
  /** Raft data volume per replica (encrypted gp3). @default "10Gi" */
  readonly dataStorage?: string;
  /** Audit log volume per replica (encrypted gp3). @default "10Gi" */
  readonly auditStorage?: string;
  /**
   * Secret (`kubernetes.io/tls` with `ca.crt`) of the server certificate, in Vault's namespace: created before the
   * release (cert-manager or the organization's CA), for the names in the README.
   * @default "vault-server-tls"
   */
  readonly tlsSecretName?: string;
  /**
   * Where the servers run. On-demand by default: a spot interruption of a voter forces an election.
   * With a spot-only node pool (dev), pass `{}`.
   * @default { "karpenter.sh/capacity-type": "on-demand" }
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
}

/** The listener's certificate files, where the chart mounts the TLS secret (`/vault/userconfig/<secret>`). */
function tlsPaths(secret: string) {
  const dir = `/vault/userconfig/${secret}`;
  return { dir, cert: `${dir}/tls.crt`, key: `${dir}/tls.key`, ca: `${dir}/ca.crt` };
}

/**
 * Vault's server configuration (HCL): TLS on the listener, raft storage joining the other replicas over TLS
 * through the headless service, the `awskms` seal, mlock off (raft storage is memory-mapped; HashiCorp
 * recommends it off with integrated storage, and it needs no IPC_LOCK capability that way).
 * @see https://developer.hashicorp.com/vault/docs/configuration/storage/raft
 */
export function vaultServerConfig(
  replicas: number,
  tlsSecretName: string,
  region: string,
  unsealKeyId: string,
): string {
  const tls = tlsPaths(tlsSecretName);
  const joins = Array.from({ length: replicas }, (_, i) =>
    [
      "  retry_join {",
      `    leader_api_addr         = "https://vault-${i}.vault-internal:8200"`,
      `    leader_ca_cert_file     = "${tls.ca}"`,
      "  }",
    ].join("\n"),
  );
  return [
    "ui = true",
    "disable_mlock = true",
    "",
    'listener "tcp" {',
    '  address         = "[::]:8200"',
    '  cluster_address = "[::]:8201"',
    `  tls_cert_file   = "${tls.cert}"`,
    `  tls_key_file    = "${tls.key}"`,
    '  tls_min_version = "tls12"',
    "}",
    "",
    'storage "raft" {',
    '  path = "/vault/data"',
    ...joins,
    "}",
    "",
    'seal "awskms" {',
    `  region     = "${region}"`,
    `  kms_key_id = "${unsealKeyId}"`,
    "}",
    "",
    'service_registration "kubernetes" {}',
    "",
  ].join("\n");
}

/** Values of the `vault` chart this module sets. */
export interface VaultChartValues {
  readonly global: { readonly tlsDisable: boolean };
  readonly injector: {
    readonly enabled: boolean;
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly tolerations: typeof SYSTEM_PLACEMENT.tolerations;
  };
  readonly server: {
    readonly ha: {
      readonly enabled: boolean;
      readonly replicas: number;
      readonly raft: { readonly enabled: boolean; readonly setNodeId: boolean; readonly config: string };
      readonly disruptionBudget: { readonly enabled: boolean; readonly maxUnavailable: number };
    };
    readonly serviceAccount: { readonly create: boolean; readonly name: string };
    readonly service: { readonly type: "ClusterIP" };
    readonly dataStorage: { readonly enabled: boolean; readonly size: string; readonly storageClass: string };
    readonly auditStorage: { readonly enabled: boolean; readonly size: string; readonly storageClass: string };
    readonly persistentVolumeClaimRetentionPolicy: { readonly whenDeleted: "Retain"; readonly whenScaled: "Retain" };
    readonly extraEnvironmentVars: Readonly<Record<string, string>>;
    readonly volumes: readonly object[];
    readonly volumeMounts: readonly object[];
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly topologySpreadConstraints: readonly object[];
    readonly statefulSet: { readonly securityContext: { readonly pod: object; readonly container: object } };
  };
  readonly ui: { readonly enabled: boolean; readonly serviceType: "ClusterIP" };
}

export function vaultValues(props: VaultInClusterProps, ref: VaultRef, region: string): VaultChartValues {
  const replicas = props.replicas ?? DEFAULTS.vaultReplicas;
  const secret = props.tlsSecretName ?? DEFAULTS.vaultTlsSecret;
  const tls = tlsPaths(secret);
  return {
    global: { tlsDisable: false },
    injector: { enabled: true, ...SYSTEM_PLACEMENT },
    server: {
      ha: {
        enabled: true,
        replicas,
        raft: { enabled: true, setNodeId: true, config: vaultServerConfig(replicas, secret, region, ref.unsealKeyId) },
        // One voter at a time: the other two keep the quorum.
        disruptionBudget: { enabled: true, maxUnavailable: 1 },
      },
      serviceAccount: { create: true, name: ref.serviceAccount },
      service: { type: "ClusterIP" },
      dataStorage: {
        enabled: true,
        size: props.dataStorage ?? DEFAULTS.vaultDataStorage,
        storageClass: DEFAULTS.storageClass,
      },
      auditStorage: {
        enabled: true,
        size: props.auditStorage ?? DEFAULTS.vaultAuditStorage,
        storageClass: DEFAULTS.storageClass,
      },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      // The CLI in the pods (probes, `vault operator init`) verifies the server against the CA.
      extraEnvironmentVars: { VAULT_CACERT: tls.ca },
      volumes: [{ name: "tls", secret: { secretName: secret } }],
      volumeMounts: [{ name: "tls", mountPath: tls.dir, readOnly: true }],
      nodeSelector: props.nodeSelector ?? DEFAULTS.vaultNodeSelector,
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: "topology.kubernetes.io/zone",
          whenUnsatisfiable: "DoNotSchedule",
          labelSelector: { matchLabels: { "app.kubernetes.io/name": "vault", component: "server" } },
        },
      ],
      // Pod Security "restricted": the chart's defaults plus a seccomp profile and no capabilities.
      statefulSet: {
        securityContext: {
          pod: {
            runAsNonRoot: true,
            runAsUser: 100,
            runAsGroup: 1000,
            fsGroup: 1000,
            seccompProfile: { type: "RuntimeDefault" },
          },
          container: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
        },
      },
    },
    ui: { enabled: true, serviceType: "ClusterIP" },
  };
}

export function vaultIssues(props: VaultInClusterProps): string[] {
  const replicas = props.replicas ?? DEFAULTS.vaultReplicas;
  const issues: string[] = [];
  if (!Number.isInteger(replicas) || replicas < 3 || replicas % 2 === 0) {
    issues.push(`vault.replicas: ${replicas} must be an odd number, at least 3 (raft keeps a quorum through one loss)`);
  }
  for (const field of ["dataStorage", "auditStorage"] as const) {
    const size = props[field];
    if (size !== undefined && !/^[1-9]\d*(Gi|Ti)$/.test(size)) {
      issues.push(`vault.${field}: "${size}" is not a volume size like "10Gi"`);
    }
  }
  return issues;
}
