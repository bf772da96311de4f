import type { Construct } from "constructs";
import { ClusterAddonsAws, type AddonsRef } from "../../../modules/cluster-addons";
import type { ClusterAddonsInClusterProps } from "../../../modules/cluster-addons/in-cluster";
import type { ClusterRef } from "../../../modules/eks";
import type { Vpc } from "../../../modules/vpc";
import { fluentBitLogSource } from "../central-logs/placement";
import type { LogGroupRef } from "../slots";
import { namespaceSpecs, type AddonsConfig } from "./addons-schema";

/** What the `-k8s` stack installs: the AWS side's hand-off and the Helm side's props from the config. */
export interface AddonsWiring {
  readonly ref: AddonsRef;
  /** Fluent Bit's groups with `fluentBit.archive`, for central logs to subscribe; else none. */
  readonly archivedLogGroups: readonly LogGroupRef[];
  readonly inCluster: Omit<ClusterAddonsInClusterProps, "cluster" | "addons" | "provider">;
}

/**
 * The add-ons' AWS side in the cluster's stack (roles, Pod Identity associations, keys, log groups, workspaces),
 * with the cluster's log retention for Fluent Bit and Container Insights, and the collector's ENIs in the
 * application subnets (the cluster's).
 */
export function buildAddons(
  scope: Construct,
  addons: AddonsConfig,
  cluster: ClusterRef,
  vpc: Vpc,
  logRetentionDays: number,
): AddonsWiring {
  const provider = addons.awsSecretsProvider;
  const observability = addons.observability;
  const aws = new ClusterAddonsAws(scope, "addons", {
    cluster,
    namespaces: Object.keys(addons.namespaces),
    secretsStore: provider && {
      secretPrefix: provider.secretPrefix,
      kmsKeyArn: provider.kmsKeyArn,
      serviceAccount: provider.serviceAccount,
    },
    fluentBit: addons.fluentBit && { logRetentionDays },
    observability:
      observability &&
      (observability.mode === "in-cluster"
        ? { mode: "in-cluster" }
        : { subnetIds: vpc.subnetIds.application, grafanaAdminGroupIds: observability.grafanaAdminGroupIds }),
    vault: addons.vault && {},
    containerInsights: addons.containerInsights && { logRetentionDays, xray: addons.containerInsights.xray },
    deletionProtection: addons.deletionProtection,
  });
  return { ref: aws.ref, inCluster: inClusterProps(addons), archivedLogGroups: archivedLogGroups(addons, aws) };
}

/** Fluent Bit's groups under the keys central logs expects of them (its placement names them). */
function archivedLogGroups(addons: AddonsConfig, aws: ClusterAddonsAws): LogGroupRef[] {
  const groups = aws.fluentBitLogGroups;
  const names = aws.ref.fluentBit;
  if (!addons.fluentBit?.archive || groups === undefined || names === undefined) return [];
  // Literal names (the module's), so the filters' depends_on is what orders them after their groups.
  return [
    ...Object.entries(groups.namespaces).map(([ns, group]) => ({
      key: fluentBitLogSource(ns),
      name: names.logGroups[ns],
      construct: group,
    })),
    { key: fluentBitLogSource(), name: names.systemLogGroup, construct: groups.system },
  ];
}

function inClusterProps(addons: AddonsConfig): AddonsWiring["inCluster"] {
  const { argoCd, observability, vault } = addons;
  return {
    namespaces: namespaceSpecs(addons),
    metricsServer: addons.metricsServer,
    secretsStoreCsiDriver: addons.secretsStoreCsiDriver,
    awsSecretsProvider: addons.awsSecretsProvider !== undefined,
    argoCd: argoCd && {
      repositoryUrl: argoCd.repositoryUrl,
      url: argoCd.url,
      sso: argoCd.sso,
      applications: Object.entries(argoCd.applications).map(([name, app]) => ({ name, ...app })),
    },
    prometheusStack:
      observability?.mode === "in-cluster"
        ? {
            retention: observability.retention,
            prometheusStorage: observability.prometheusStorage,
            alertmanagerStorage: observability.alertmanagerStorage,
            grafanaStorage: observability.grafanaStorage,
          }
        : undefined,
    vault,
    chartVersions: addons.chartVersions,
  };
}
