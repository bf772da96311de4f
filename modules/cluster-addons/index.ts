import { Token } from "cdktf";
import { Construct } from "constructs";
import type { ClusterRef } from "../eks";
import type { PolicyStatement } from "../iam/policy";
import { KmsKeyWithAlias } from "../kms-key";
import type { AwsContext } from "./context";
import { containerInsightsAws, containerInsightsIssues, type ContainerInsightsProps } from "./container-insights";
import {
  containerInsightsLogGroupName,
  MAX_ROLE_NAME,
  namespaceLogGroupName,
  namespaceRoleName,
  systemLogGroupName,
} from "./defaults";
import {
  fluentBitAws,
  fluentBitIssues,
  type FluentBitAwsProps,
  type FluentBitLogGroups,
  type FluentBitRef,
} from "./fluent-bit";
import { namespaceNameIssues } from "./namespaces";
import {
  managedObservabilityAws,
  observabilityIssues,
  type ObservabilityAwsProps,
  type ObservabilityRef,
} from "./observability";
import { secretsStoreAws, type SecretsStoreAwsProps, type SecretsStoreRef } from "./secrets-store";
import { vaultAws, type VaultAwsProps, type VaultRef } from "./vault";

export * from "./defaults";
export type { ArgoCdApplication, ArgoCdProps, ArgoCdSso } from "./argocd";
export type { ContainerInsightsProps } from "./container-insights";
export type { FluentBitAwsProps, FluentBitLogGroups, FluentBitRef, LogArchive } from "./fluent-bit";
export type { MetricsServerProps } from "./metrics-server";
export { namespaceIssues, type ComputeResources, type NamespaceSpec, type PodSecurity } from "./namespaces";
export type {
  ManagedObservabilityProps,
  ObservabilityAwsProps,
  ObservabilityMode,
  ObservabilityRef,
  PrometheusStackProps,
} from "./observability";
export type { SecretsStoreAwsProps, SecretsStoreCsiDriverProps, SecretsStoreRef } from "./secrets-store";
export type { VaultAwsProps, VaultInClusterProps, VaultRef } from "./vault";

/**
 * The hand-off from `ClusterAddonsAws` (the account-region stack) to `ClusterAddonsInCluster` (its -k8s stack):
 * what the AWS side created and the names its Pod Identity associations and log groups were made for, so that
 * the Helm side installs each add-on with exactly those namespaces and service accounts. An add-on with an AWS
 * side is installed in the cluster when, and only when, it is here.
 */
export interface AddonsRef {
  /** The application namespaces the AWS side made roles and log groups for. */
  readonly namespaces: readonly string[];
  readonly secretsStore?: SecretsStoreRef;
  readonly fluentBit?: FluentBitRef;
  readonly vault?: VaultRef;
  readonly observability?: ObservabilityRef;
}

export interface ClusterAddonsAwsProps {
  /** The cluster (`EksCluster.ref`). */
  readonly cluster: Pick<ClusterRef, "clusterName" | "clusterArn" | "region" | "accountId" | "clusterSecurityGroupId">;
  /**
   * Application namespaces (`backend`, `frontend`): each gets its secrets role and its log group. The same names as
   * `ClusterAddonsInClusterProps.namespaces`.
   */
  readonly namespaces: readonly string[];
  /**
   * Secrets Manager secrets in pods: a Pod Identity role per namespace for the Secrets Store CSI driver's AWS
   * provider, reading `<prefix>/<namespace>/*` only.
   * @default - off
   */
  readonly secretsStore?: SecretsStoreAwsProps;
  /**
   * Fluent Bit's log groups (KMS, retention) and role; optionally an archive in S3.
   * @default - off
   */
  readonly fluentBit?: FluentBitAwsProps;
  /**
   * Prometheus and Grafana: `{ subnetIds }` for Amazon Managed Service for Prometheus with its managed collector and
   * Amazon Managed Grafana (the default mode), or `{ mode: "in-cluster" }` for kube-prometheus-stack. Managed costs
   * per sample ingested, per query and per Grafana user.
   * @default - off
   */
  readonly observability?: ObservabilityAwsProps;
  /**
   * HashiCorp Vault's auto-unseal key and role.
   * @default - off
   */
  readonly vault?: VaultAwsProps;
  /**
   * Container Insights (and X-Ray) through the `amazon-cloudwatch-observability` EKS add-on. Costs per metric and GB.
   * @default - off
   */
  readonly containerInsights?: ContainerInsightsProps;
  /**
   * Refuse `terraform destroy` of the keys, log groups and workspaces (the Vault unseal key always refuses).
   * @default true
   */
  readonly deletionProtection?: boolean;
  /** Tags on every resource of the module, besides the provider's default tags. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * The platform add-ons' AWS side, in the cluster's account-region stack: the secrets roles, Fluent Bit's log
 * groups and role, the observability workspaces, Vault's unseal key and role, and the Container Insights EKS
 * add-on. Its `ref` goes to `ClusterAddonsInCluster` in the -k8s stack (in-cluster.ts), which installs the Helm
 * side; keeping the two apart is what lets the -k8s stack configure its Helm provider from the cluster's outputs.
 */
export class ClusterAddonsAws extends Construct {
  readonly ref: AddonsRef;
  /** Role of each namespace's pods, by namespace (secretsStore). */
  readonly secretsRoleArns: Readonly<Record<string, string>>;
  /** Key the namespaces' secrets are encrypted with (secretsStore). */
  readonly secretsKmsKeyArn?: string;
  /** Fluent Bit's role: name it in the log archive's bucket and key policies when archiving. */
  readonly fluentBitRoleArn?: string;
  /** Fluent Bit's log groups, for subscriptions (central logs) that depend on them. */
  readonly fluentBitLogGroups?: FluentBitLogGroups;
  readonly vaultRoleArn?: string;
  readonly cloudWatchAgentRoleArn?: string;
  /** Key of the add-ons' log groups (fluentBit, containerInsights). */
  readonly logsKeyArn?: string;
  /** Amazon Managed Grafana's URL (managed observability). */
  readonly grafanaEndpoint?: string;

  constructor(scope: Construct, id: string, props: ClusterAddonsAwsProps) {
    super(scope, id);
    const { cluster } = props;
    const context: AwsContext = {
      cluster,
      deletionProtection: props.deletionProtection ?? true,
      tags: props.tags ?? {},
    };
    const issues = awsIssues(props);
    this.node.addValidation({ validate: () => issues });
    const namespaces = issues.length === 0 ? props.namespaces : [];

    const logsKeyArn =
      props.fluentBit === undefined && props.containerInsights === undefined ? undefined : this.logsKey(context);
    this.logsKeyArn = logsKeyArn;

    let secretsStore: SecretsStoreRef | undefined;
    this.secretsRoleArns = {};
    if (props.secretsStore !== undefined) {
      const created = secretsStoreAws(this, context, namespaces, props.secretsStore);
      secretsStore = created.ref;
      this.secretsRoleArns = created.roleArns;
      this.secretsKmsKeyArn = created.ref.kmsKeyArn;
    }
    let fluentBit: FluentBitRef | undefined;
    if (props.fluentBit !== undefined) {
      const created = fluentBitAws(this, context, namespaces, props.fluentBit, logsKeyArn!);
      fluentBit = created.ref;
      this.fluentBitRoleArn = created.roleArn;
      this.fluentBitLogGroups = created.logGroups;
    }
    let vault: VaultRef | undefined;
    if (props.vault !== undefined) {
      const created = vaultAws(this, context, props.vault);
      vault = created.ref;
      this.vaultRoleArn = created.roleArn;
    }
    let observability: ObservabilityRef | undefined;
    const wanted = props.observability;
    if (wanted?.mode === "in-cluster") observability = { mode: "in-cluster" };
    else if (wanted !== undefined) {
      const managed = managedObservabilityAws(this, context, wanted, cluster.clusterSecurityGroupId);
      observability = managed;
      this.grafanaEndpoint = managed.grafanaEndpoint;
    }
    if (props.containerInsights !== undefined) {
      this.cloudWatchAgentRoleArn = containerInsightsAws(this, context, props.containerInsights, logsKeyArn!).roleArn;
    }
    this.ref = { namespaces: [...namespaces], secretsStore, fluentBit, vault, observability };
  }

  /**
   * One rotating key for every log group of the add-ons; CloudWatch Logs of the cluster's region may use it for
   * those groups only (the `aws:logs:arn` encryption context).
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
   */
  private logsKey(context: AwsContext): string {
    const { cluster } = context;
    const arn = (name: string) => `arn:aws:logs:${cluster.region}:${cluster.accountId}:log-group:${name}`;
    const statement: PolicyStatement = {
      Sid: "CloudWatchLogsEncryptsTheAddonsLogGroups",
      Effect: "Allow",
      Principal: { Service: `logs.${cluster.region}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": [
            arn(namespaceLogGroupName(cluster.clusterName, "*")),
            arn(systemLogGroupName(cluster.clusterName)),
            arn(containerInsightsLogGroupName(cluster.clusterName)),
          ],
        },
      },
    };
    return new KmsKeyWithAlias(this, "logs_key", {
      alias: `${cluster.clusterName}-addon-logs`,
      description: `Log groups of the platform add-ons of EKS cluster ${cluster.clusterName}`,
      accountId: cluster.accountId,
      deletionProtection: context.deletionProtection,
      policyStatements: [statement],
    }).keyArn;
  }
}

function awsIssues(props: ClusterAddonsAwsProps): string[] {
  const issues = namespaceNameIssues(props.namespaces, "namespaces", "");
  const clusterName = props.cluster.clusterName;
  if (props.secretsStore !== undefined && !Token.isUnresolved(clusterName)) {
    props.namespaces.forEach((ns, i) => {
      const role = namespaceRoleName(clusterName, ns);
      if (role.length > MAX_ROLE_NAME) {
        issues.push(
          `namespaces[${i}]: its secrets role "${role}" has ${role.length} characters, IAM allows ${MAX_ROLE_NAME}: shorten the namespace`,
        );
      }
    });
  }
  if (props.fluentBit !== undefined) issues.push(...fluentBitIssues(props.fluentBit, props.cluster.region));
  if (props.observability !== undefined) issues.push(...observabilityIssues(props.observability));
  if (props.containerInsights !== undefined) issues.push(...containerInsightsIssues(props.containerInsights));
  return issues;
}
