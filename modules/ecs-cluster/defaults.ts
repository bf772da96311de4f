/**
 * What a config layer needs of an ECS cluster without loading a construct: defaults, the capacity
 * providers, and the checks of a capacity provider strategy (shared with `modules/ecs-service`).
 */

import { LOG_RETENTION_DAYS } from "../eks/checks";

/** The Fargate capacity providers; every cluster of this module registers both. */
export const FARGATE_CAPACITY_PROVIDERS = ["FARGATE", "FARGATE_SPOT"] as const;
export type FargateCapacityProvider = (typeof FARGATE_CAPACITY_PROVIDERS)[number];

/** Values of the `containerInsights` cluster setting (ECS API `ClusterSetting`). */
export const CONTAINER_INSIGHTS = ["enhanced", "enabled", "disabled"] as const;
export type ContainerInsights = (typeof CONTAINER_INSIGHTS)[number];

/**
 * One entry of a capacity provider strategy: ECS places `base` tasks on the first entry that has one,
 * then splits the rest by `weight`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html
 */
export interface CapacityProviderStrategyItem {
  readonly capacityProvider: FargateCapacityProvider;
  /** Relative share of the tasks beyond the bases (0-1000). @default 1 */
  readonly weight?: number;
  /** Tasks placed here first, before weights apply (0-100000); only one entry may have one. @default 0 */
  readonly base?: number;
}

export const DEFAULTS = {
  /** Enhanced observability adds task- and container-level metrics (charged per metric, like Container Insights). */
  containerInsights: "enhanced",
  /** On-demand Fargate only: Spot tasks can be stopped with two minutes' notice, so a caller opts in. */
  defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }],
  /** Days the ECS Exec session logs are kept. */
  executeCommandLogRetentionDays: 365,
} as const satisfies {
  containerInsights: ContainerInsights;
  defaultCapacityProviderStrategy: readonly CapacityProviderStrategyItem[];
  executeCommandLogRetentionDays: number;
};

/** ECS cluster names: up to 255 letters, digits, hyphens and underscores. */
export const CLUSTER_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * Every problem of a strategy, each prefixed with `path` (`defaultCapacityProviderStrategy[1].weight: ...`).
 * `registered` are the providers of the cluster the strategy is used in.
 */
export function capacityStrategyIssues(
  path: string,
  strategy: readonly CapacityProviderStrategyItem[],
  registered: readonly string[] = FARGATE_CAPACITY_PROVIDERS,
): string[] {
  const issues: string[] = [];
  if (strategy.length === 0) issues.push(`${path}: give at least one capacity provider`);
  const seen = new Map<string, number>();
  strategy.forEach((item, i) => {
    const at = `${path}[${i}]`;
    if (!registered.includes(item.capacityProvider)) {
      issues.push(
        `${at}.capacityProvider: "${item.capacityProvider}" is not registered with the cluster (${registered.join(", ")})`,
      );
    }
    const first = seen.get(item.capacityProvider);
    if (first !== undefined)
      issues.push(`${at}.capacityProvider: ${item.capacityProvider} is already ${path}[${first}]`);
    seen.set(item.capacityProvider, i);
    const weight = item.weight ?? 1;
    if (!Number.isInteger(weight) || weight < 0 || weight > 1000)
      issues.push(`${at}.weight: ${weight} is outside 0-1000`);
    const base = item.base ?? 0;
    if (!Number.isInteger(base) || base < 0 || base > 100000) issues.push(`${at}.base: ${base} is outside 0-100000`);
  });
  const withBase = strategy.map((item, i) => ({ base: item.base ?? 0, i })).filter((x) => x.base > 0);
  if (withBase.length > 1) {
    issues.push(
      `${path}[${withBase[1].i}].base: only one provider may have a base (${path}[${withBase[0].i}] has one)`,
    );
  }
  if (strategy.length > 0 && strategy.every((item) => (item.weight ?? 1) === 0)) {
    issues.push(`${path}: at least one provider needs a weight above 0, or ECS places no task beyond the base`);
  }
  return issues;
}

/** `<path>: <days> is not a CloudWatch Logs retention (...)`, or nothing when CloudWatch Logs takes it. */
export function retentionIssues(path: string, days: number): string[] {
  return (LOG_RETENTION_DAYS as readonly number[]).includes(days)
    ? []
    : [`${path}: ${days} is not a CloudWatch Logs retention (${LOG_RETENTION_DAYS.join(", ")})`];
}
