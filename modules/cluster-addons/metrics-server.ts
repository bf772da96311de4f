import { SYSTEM_PLACEMENT } from "../eks";
import { ADDONS, DEFAULTS } from "./defaults";

/** In-cluster options of metrics-server (the Metrics API that HorizontalPodAutoscalers read). */
export interface MetricsServerProps {
  /**
   * Replicas on the system nodes; with two, a budget keeps one serving while a node drains, so the HPAs never
   * lose their metrics.
   * @default 2
   */
  readonly replicas?: number;
}

/** Values of the `metrics-server` chart this module sets. */
export interface MetricsServerChartValues {
  readonly replicas: number;
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable: number };
  readonly serviceAccount: { readonly create: boolean; readonly name: string };
  readonly service: { readonly type: "ClusterIP" };
  readonly nodeSelector: typeof SYSTEM_PLACEMENT.nodeSelector;
  readonly tolerations: typeof SYSTEM_PLACEMENT.tolerations;
}

export function metricsServerValues(props: MetricsServerProps): MetricsServerChartValues {
  return {
    replicas: props.replicas ?? DEFAULTS.metricsServerReplicas,
    podDisruptionBudget: { enabled: true, minAvailable: 1 },
    serviceAccount: { create: true, name: ADDONS.metricsServer.serviceAccount },
    service: { type: "ClusterIP" },
    ...SYSTEM_PLACEMENT,
  };
}

export function metricsServerIssues(props: MetricsServerProps): string[] {
  const replicas = props.replicas ?? DEFAULTS.metricsServerReplicas;
  return Number.isInteger(replicas) && replicas >= 1
    ? []
    : [`metricsServer.replicas: ${replicas} must be a whole number, at least 1`];
}
