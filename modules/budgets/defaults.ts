/**
 * What a config needs of the cost guardrails without loading a construct: default budgets per
 * environment, the default alert thresholds, and the limits AWS Budgets and Cost Anomaly Detection set.
 */

/** When a budget alerts: at a percentage of its amount, spent (`ACTUAL`) or forecast for the month (`FORECASTED`). */
export interface BudgetThreshold {
  /** Percent of the monthly amount, 1-1000. */
  readonly percent: number;
  readonly type: "ACTUAL" | "FORECASTED";
}

/** 80 % and 100 % spent, and a forecast that the month ends above the amount. */
export const DEFAULT_THRESHOLDS: readonly BudgetThreshold[] = [
  { percent: 80, type: "ACTUAL" },
  { percent: 100, type: "ACTUAL" },
  { percent: 100, type: "FORECASTED" },
];

/**
 * Starting monthly amounts (USD) per environment, for a config that names none; set real ones
 * from the first months' bills.
 */
export const DEFAULT_MONTHLY_BUDGET_USD = { dev: 500, staging: 1000, prod: 5000 } as const;

/**
 * How often anomaly alerts go out: `IMMEDIATE` alerts go to an SNS topic, `DAILY` and `WEEKLY`
 * summaries to email addresses; AWS allows no other pairing.
 * @see https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_AnomalySubscription.html
 */
export type AnomalyFrequency = "IMMEDIATE" | "DAILY" | "WEEKLY";

export const COST_ANOMALY_DEFAULTS = {
  frequency: "IMMEDIATE",
  /** Alert on anomalies whose total impact reaches this many USD. */
  impactAbsoluteUsd: 100,
} as const satisfies { frequency: AnomalyFrequency; impactAbsoluteUsd: number };

/**
 * Limits: a budget has at most 10 notifications, each with one SNS topic and at most 10 email
 * addresses; thresholds here are kept within 1-1000 % (AWS accepts more, which no alert needs);
 * a customer managed anomaly monitor watches at most 10 linked accounts.
 * @see https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Notification.html
 * @see https://docs.aws.amazon.com/cost-management/latest/userguide/getting-started-ad.html#monitor-type-def
 */
export const BUDGET_LIMITS = {
  thresholdPercent: { min: 1, max: 1000 },
  notificationsPerBudget: 10,
  emailsPerNotification: 10,
  linkedAccountsPerMonitor: 10,
} as const;

/** The problem with one threshold's percentage, or undefined. */
export function thresholdPercentIssue(percent: number): string | undefined {
  const { min, max } = BUDGET_LIMITS.thresholdPercent;
  return Number.isFinite(percent) && percent >= min && percent <= max
    ? undefined
    : `${percent} is outside ${min}-${max} %`;
}
