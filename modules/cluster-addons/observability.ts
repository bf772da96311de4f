import { DataAwsPrometheusDefaultScraperConfiguration } from "@cdktf/provider-aws/lib/data-aws-prometheus-default-scraper-configuration";
import { GrafanaRoleAssociation } from "@cdktf/provider-aws/lib/grafana-role-association";
import { GrafanaWorkspace } from "@cdktf/provider-aws/lib/grafana-workspace";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { PrometheusScraper } from "@cdktf/provider-aws/lib/prometheus-scraper";
import { PrometheusWorkspace } from "@cdktf/provider-aws/lib/prometheus-workspace";
import type { Construct } from "constructs";
import { SYSTEM_PLACEMENT } from "../eks";
import { policyDocument, policyJson } from "../iam/policy";
import { KmsKeyWithAlias } from "../kms-key";
import { DEFAULTS } from "./defaults";
import type { AwsContext } from "./context";

/**
 * Prometheus and Grafana, one of two ways:
 * - `"managed"` (the default): an Amazon Managed Service for Prometheus workspace on a CMK, fed by an AWS managed
 *   collector (`aws_prometheus_scraper`: agentless, its ENIs in the cluster's subnets, nothing to run on the
 *   system nodes), and an Amazon Managed Grafana workspace that signs in through IAM Identity Center. No
 *   Prometheus to size, back up or upgrade; it costs per sample ingested and per Grafana user.
 * - `"in-cluster"`: the kube-prometheus-stack chart on the system nodes, its volumes on the encrypted gp3 class.
 */
export type ObservabilityMode = "managed" | "in-cluster";

/** The AWS side of the managed mode. */
export interface ManagedObservabilityProps {
  /** @default "managed" */
  readonly mode?: "managed";
  /**
   * Subnets of the collector's ENIs: the cluster's (its application subnets), in at least two zones.
   * Changing them replaces the collector.
   */
  readonly subnetIds: readonly string[];
  /**
   * IAM Identity Center group ids that administer Grafana (`ADMIN`); others are assigned in Grafana or the console.
   * Amazon Managed Grafana needs IAM Identity Center enabled in the organization.
   * @default []
   */
  readonly grafanaAdminGroupIds?: readonly string[];
}

export type ObservabilityAwsProps = ManagedObservabilityProps | { readonly mode: "in-cluster" };

/** What the in-cluster side needs of the observability choice. */
export type ObservabilityRef =
  | { readonly mode: "managed"; readonly prometheusWorkspaceArn: string; readonly grafanaEndpoint: string }
  | { readonly mode: "in-cluster" };

export function observabilityIssues(props: ObservabilityAwsProps): string[] {
  if (props.mode === "in-cluster") return [];
  return props.subnetIds.length < 2
    ? ["observability.subnetIds: the managed collector needs subnets in at least two availability zones"]
    : [];
}

/**
 * The managed mode's AWS side: workspace, collector (with the default scrape configuration AMP publishes for EKS)
 * and Grafana with a role that may only query this workspace.
 * @see https://docs.aws.amazon.com/prometheus/latest/userguide/AMP-collector-how-to.html
 * @see https://docs.aws.amazon.com/grafana/latest/userguide/AMG-manage-permissions.html
 */
export function managedObservabilityAws(
  scope: Construct,
  context: AwsContext,
  props: ManagedObservabilityProps,
  clusterSecurityGroupId: string,
): Extract<ObservabilityRef, { mode: "managed" }> {
  const { cluster } = context;
  const key = new KmsKeyWithAlias(scope, "prometheus_key", {
    alias: `${cluster.clusterName}-prometheus`,
    description: `Metrics in the Amazon Managed Service for Prometheus workspace of ${cluster.clusterName}`,
    accountId: cluster.accountId,
    deletionProtection: context.deletionProtection,
  });
  // A CMK can only be set when the workspace is created: changing it replaces the workspace and its metrics.
  const workspace = new PrometheusWorkspace(scope, "prometheus", {
    alias: cluster.clusterName,
    kmsKeyArn: key.keyArn,
    tags: { ...context.tags, Name: cluster.clusterName },
    lifecycle: { preventDestroy: context.deletionProtection },
  });
  const defaults = new DataAwsPrometheusDefaultScraperConfiguration(scope, "scraper_configuration", {});
  new PrometheusScraper(scope, "scraper", {
    alias: cluster.clusterName,
    scrapeConfiguration: defaults.configuration,
    source: [
      {
        eks: [
          {
            clusterArn: cluster.clusterArn,
            subnetIds: [...props.subnetIds],
            securityGroupIds: [clusterSecurityGroupId],
          },
        ],
      },
    ],
    destination: [{ amp: [{ workspaceArn: workspace.arn }] }],
    tags: context.tags,
  });

  const grafanaRole = new IamRole(scope, "grafana_role", {
    name: `${cluster.clusterName}-grafana`,
    description: `Amazon Managed Grafana of ${cluster.clusterName}: queries its Prometheus workspace`,
    assumeRolePolicy: policyJson(
      policyDocument({
        Sid: "ManagedGrafanaOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "grafana.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": cluster.accountId } },
      }),
    ),
    tags: context.tags,
  });
  new IamRolePolicy(scope, "grafana_role_policy", {
    role: grafanaRole.id,
    name: "query-prometheus",
    policy: policyJson(
      policyDocument(
        {
          Sid: "QueryThisWorkspace",
          Effect: "Allow",
          Action: [
            "aps:QueryMetrics",
            "aps:GetSeries",
            "aps:GetLabels",
            "aps:GetMetricMetadata",
            "aps:DescribeWorkspace",
          ],
          Resource: workspace.arn,
        },
        { Sid: "FindWorkspaces", Effect: "Allow", Action: "aps:ListWorkspaces", Resource: "*" },
      ),
    ),
  });
  const grafana = new GrafanaWorkspace(scope, "grafana", {
    name: cluster.clusterName,
    description: `Dashboards of EKS cluster ${cluster.clusterName}`,
    accountAccessType: "CURRENT_ACCOUNT",
    authenticationProviders: ["AWS_SSO"],
    permissionType: "CUSTOMER_MANAGED",
    roleArn: grafanaRole.arn,
    dataSources: ["PROMETHEUS"],
    grafanaVersion: DEFAULTS.grafanaVersion,
    tags: { ...context.tags, Name: cluster.clusterName },
    lifecycle: { preventDestroy: context.deletionProtection },
  });
  const admins = props.grafanaAdminGroupIds ?? [];
  if (admins.length > 0) {
    new GrafanaRoleAssociation(scope, "grafana_admins", {
      workspaceId: grafana.id,
      role: "ADMIN",
      groupIds: [...admins],
    });
  }
  return { mode: "managed", prometheusWorkspaceArn: workspace.arn, grafanaEndpoint: grafana.endpoint };
}

/** In-cluster options of kube-prometheus-stack (the `"in-cluster"` mode). */
export interface PrometheusStackProps {
  /** @default "15d" */
  readonly retention?: string;
  /** Prometheus volume (encrypted gp3). @default "50Gi" */
  readonly prometheusStorage?: string;
  /** @default "10Gi" */
  readonly alertmanagerStorage?: string;
  /** @default "10Gi" */
  readonly grafanaStorage?: string;
}

const volumeClaim = (size: string) => ({
  volumeClaimTemplate: {
    spec: {
      storageClassName: DEFAULTS.storageClass,
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: size } },
    },
  },
});

type Placement = typeof SYSTEM_PLACEMENT;

/** Values of the `kube-prometheus-stack` chart this module sets. */
export interface PrometheusStackChartValues {
  readonly prometheusOperator: Placement & { readonly admissionWebhooks: { readonly patch: Placement } };
  readonly prometheus: {
    readonly service: { readonly type: "ClusterIP" };
    readonly prometheusSpec: Placement & {
      readonly retention: string;
      readonly storageSpec: ReturnType<typeof volumeClaim>;
    };
  };
  readonly alertmanager: {
    readonly service: { readonly type: "ClusterIP" };
    readonly alertmanagerSpec: Placement & { readonly storage: ReturnType<typeof volumeClaim> };
  };
  readonly grafana: Placement & {
    /** Empty: the Grafana chart generates a random password into its Secret (and keeps it), never "prom-operator". */
    readonly adminPassword: string;
    readonly service: { readonly type: "ClusterIP" };
    readonly persistence: { readonly enabled: boolean; readonly storageClassName: string; readonly size: string };
  };
  readonly "kube-state-metrics": Placement;
}

export function prometheusStackValues(props: PrometheusStackProps): PrometheusStackChartValues {
  return {
    prometheusOperator: { ...SYSTEM_PLACEMENT, admissionWebhooks: { patch: { ...SYSTEM_PLACEMENT } } },
    prometheus: {
      service: { type: "ClusterIP" },
      prometheusSpec: {
        ...SYSTEM_PLACEMENT,
        retention: props.retention ?? DEFAULTS.prometheusRetention,
        storageSpec: volumeClaim(props.prometheusStorage ?? DEFAULTS.prometheusStorage),
      },
    },
    alertmanager: {
      service: { type: "ClusterIP" },
      alertmanagerSpec: {
        ...SYSTEM_PLACEMENT,
        storage: volumeClaim(props.alertmanagerStorage ?? DEFAULTS.alertmanagerStorage),
      },
    },
    grafana: {
      ...SYSTEM_PLACEMENT,
      adminPassword: "",
      service: { type: "ClusterIP" },
      persistence: {
        enabled: true,
        storageClassName: DEFAULTS.storageClass,
        size: props.grafanaStorage ?? DEFAULTS.grafanaStorage,
      },
    },
    "kube-state-metrics": { ...SYSTEM_PLACEMENT },
  };
}
