import { DataAwsKmsKey } from "@cdktf/provider-aws/lib/data-aws-kms-key";
import type { Construct } from "constructs";
import { postconditionBlocksInHcl } from "../hcl/postconditions";
import { podIdentityRole } from "../eks/pod-identity";
import { policyDocument } from "../iam/policy";
import { KmsKeyWithAlias } from "../kms-key";
import { DEFAULTS, namespaceRoleName, namespaceSecretPrefix } from "./defaults";
import type { AwsContext } from "./context";

/** The AWS side of secrets in pods: one Pod Identity role per application namespace. */
export interface SecretsStoreAwsProps {
  /**
   * Secrets of namespace `<ns>` are named `<secretPrefix>/<ns>/<name>`; its role reads those and no others.
   * @default - the cluster name
   */
  readonly secretPrefix?: string;
  /**
   * KMS key the namespaces' secrets are encrypted with (the roles may decrypt with it through Secrets Manager only).
   * @default - a key of its own, `<cluster>-workload-secrets`
   */
  readonly kmsKeyArn?: string;
  /**
   * The service account of each namespace whose pods mount secrets (the chart creates it, the association names it).
   * @default "workload"
   */
  readonly serviceAccount?: string;
}

/** What the in-cluster side needs of the secrets roles. */
export interface SecretsStoreRef {
  /** Service account, in every application namespace, that the Pod Identity associations name. */
  readonly serviceAccount: string;
  readonly secretPrefix: string;
  /** Key the namespaces' secrets are encrypted with (for whoever creates them). */
  readonly kmsKeyArn: string;
}

/**
 * Per namespace, a role that reads `secretsmanager:GetSecretValue`/`DescribeSecret` on
 * `arn:aws:secretsmanager:<region>:<account>:secret:<prefix>/<ns>/*` and decrypts with the secrets key only through
 * Secrets Manager and only for those secrets (the `SecretARN` encryption context Secrets Manager sets), and its
 * Pod Identity association for `<ns>/<serviceAccount>`: ASCP fetches with the credentials of the pod's own
 * service account (`usePodIdentity: "true"` in the SecretProviderClass).
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/ascp-pod-identity-integration.html
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-encryption-context
 */
export function secretsStoreAws(
  scope: Construct,
  context: AwsContext,
  namespaces: readonly string[],
  props: SecretsStoreAwsProps,
): { ref: SecretsStoreRef; roleArns: Record<string, string> } {
  const { cluster } = context;
  const prefix = props.secretPrefix ?? cluster.clusterName;
  const serviceAccount = props.serviceAccount ?? DEFAULTS.workloadServiceAccount;
  const kmsKeyArn =
    props.kmsKeyArn ??
    new KmsKeyWithAlias(scope, "secrets_key", {
      alias: `${cluster.clusterName}-workload-secrets`,
      description: `Secrets Manager secrets of the namespaces of EKS cluster ${cluster.clusterName}`,
      accountId: cluster.accountId,
      deletionProtection: context.deletionProtection,
    }).keyArn;
  if (props.kmsKeyArn !== undefined) {
    // A given key is read at plan time: a typo, a disabled key or an AWS managed key fails the plan, not a mount.
    const given = new DataAwsKmsKey(scope, "secrets_key", {
      keyId: props.kmsKeyArn,
      lifecycle: {
        postcondition: [
          {
            condition: '${self.enabled && self.key_manager == "CUSTOMER"}',
            errorMessage: `secretsStore.kmsKeyArn: ${props.kmsKeyArn} is not an enabled customer-managed key`,
          },
        ],
      },
    });
    postconditionBlocksInHcl(given);
  }
  const secretArn = (ns: string) =>
    `arn:aws:secretsmanager:${cluster.region}:${cluster.accountId}:secret:${namespaceSecretPrefix(prefix, ns)}*`;
  const roleArns: Record<string, string> = {};
  for (const ns of namespaces) {
    const { role } = podIdentityRole(scope, `secrets_${ns.replace(/-/g, "_")}`, {
      clusterName: cluster.clusterName,
      namespace: ns,
      serviceAccount,
      roleName: namespaceRoleName(cluster.clusterName, ns),
      description: `Secrets of namespace ${ns} of ${cluster.clusterName} (EKS Pod Identity, Secrets Store CSI driver)`,
      inlinePolicy: policyDocument(
        {
          Sid: "ReadThisNamespacesSecrets",
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
          Resource: secretArn(ns),
        },
        {
          Sid: "DecryptThemThroughSecretsManager",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: kmsKeyArn,
          Condition: {
            StringEquals: { "kms:ViaService": `secretsmanager.${cluster.region}.amazonaws.com` },
            StringLike: { "kms:EncryptionContext:SecretARN": secretArn(ns) },
          },
        },
      ),
      tags: context.tags,
    });
    roleArns[ns] = role.arn;
  }
  return { ref: { serviceAccount, secretPrefix: prefix, kmsKeyArn }, roleArns };
}

/** In-cluster options of the Secrets Store CSI driver. */
export interface SecretsStoreCsiDriverProps {
  /**
   * Re-read mounted secrets this often, so that a rotated secret reaches running pods.
   * @default "2m"
   */
  readonly rotationPollInterval?: string;
  /**
   * Also mirror mounted secrets into Kubernetes Secrets (`secretObjects`), for pods that read them as environment
   * variables. Off: the secret then lives in etcd too.
   * @default false
   */
  readonly syncKubernetesSecrets?: boolean;
}

/** Values of the `secrets-store-csi-driver` chart this module sets. */
export interface SecretsStoreCsiDriverChartValues {
  readonly syncSecret: { readonly enabled: boolean };
  readonly enableSecretRotation: boolean;
  readonly rotationPollInterval: string;
  /**
   * The driver requests a service account token for this audience and hands it to the provider: ASCP exchanges
   * it with the Pod Identity agent. Without it, `usePodIdentity` mounts fail. (The ASCP chart sets the same when it
   * installs the driver itself.)
   * @see https://github.com/aws/secrets-store-csi-driver-provider-aws/blob/main/charts/secrets-store-csi-driver-provider-aws/values.yaml
   */
  readonly tokenRequests: readonly { readonly audience: string }[];
}

export function csiDriverValues(props: SecretsStoreCsiDriverProps): SecretsStoreCsiDriverChartValues {
  return {
    syncSecret: { enabled: props.syncKubernetesSecrets ?? false },
    enableSecretRotation: true,
    rotationPollInterval: props.rotationPollInterval ?? DEFAULTS.secretRotationPollInterval,
    tokenRequests: [{ audience: "pods.eks.amazonaws.com" }],
  };
}

/** Values of the `secrets-store-csi-driver-provider-aws` chart this module sets. */
export interface AwsSecretsProviderChartValues {
  /** The driver is a release of its own. */
  readonly "secrets-store-csi-driver": { readonly install: boolean };
  /** The region of the secrets: otherwise looked up from each node's labels on every mount. */
  readonly awsRegion: string;
  /** Like the driver, on every node, the system nodes included. */
  readonly tolerations: readonly { readonly operator: "Exists" }[];
}

export function awsSecretsProviderValues(region: string): AwsSecretsProviderChartValues {
  return {
    "secrets-store-csi-driver": { install: false },
    awsRegion: region,
    tolerations: [{ operator: "Exists" }],
  };
}
