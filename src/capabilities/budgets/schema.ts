import { z } from "zod";
import { COST_ANOMALY_DEFAULTS, DEFAULT_MONTHLY_BUDGET_USD } from "../../../modules/budgets/defaults";
import type { OrganizationWith } from "../../config/shapes";

const amount = z.number().positive().max(1e9);

/** An alert at a percentage of the monthly amount, spent (`ACTUAL`) or forecast for the month. */
const ThresholdSchema = z.strictObject({
  /** 1-1000 % of the amount. */
  percent: z.number(),
  /** @default "ACTUAL" */
  type: z.enum(["ACTUAL", "FORECASTED"]).default("ACTUAL"),
});

export const BudgetsSchema = z.strictObject({
  /**
   * Monthly amount (USD) per environment, for an account that names none.
   * @default { dev: 500, staging: 1000, prod: 5000 } - starting points, to be set from real bills
   */
  amounts: z.strictObject({ dev: amount.optional(), staging: amount.optional(), prod: amount.optional() }).default({}),
  /** Alert thresholds of every budget. @default - 80 % and 100 % actual, 100 % forecast */
  thresholds: z.array(ThresholdSchema).min(1).max(10).optional(),
  /** Per-account overrides, keyed by account name. @default {} */
  accounts: z.record(z.string(), z.strictObject({ amount: amount.optional(), thresholds: z.array(ThresholdSchema).min(1).max(10).optional() })).default({}),
  /**
   * Who hears of an alert: an SNS topic encrypted with its own CMK (subscribe chat or paging to it),
   * and/or email addresses. @default { topic: true, emails: [] }
   */
  notifications: z.strictObject({ topic: z.boolean().default(true), emails: z.array(z.email("must be an email address")).max(10).default([]) }).default({ topic: true, emails: [] }),
  /**
   * Cost Anomaly Detection in the management account (free), or `false`.
   * @default { frequency: "IMMEDIATE", impactAbsoluteUsd: 100 } - a SERVICE monitor alerting the topic
   */
  anomalyDetection: z.union([
    z.literal(false),
    z.strictObject({
      frequency: z.enum(["IMMEDIATE", "DAILY", "WEEKLY"]).default(COST_ANOMALY_DEFAULTS.frequency),
      impactAbsoluteUsd: amount.default(COST_ANOMALY_DEFAULTS.impactAbsoluteUsd),
      impactPercentage: z.number().positive().optional(),
    }),
  ]).default({ frequency: COST_ANOMALY_DEFAULTS.frequency, impactAbsoluteUsd: COST_ANOMALY_DEFAULTS.impactAbsoluteUsd }),
}); // prettier-ignore

/** The cost guardrails' organization-level key. */
export const BUDGETS_FRAGMENT = {
  /** A monthly budget per account and Cost Anomaly Detection, in the management account. @default - none */
  budgets: BudgetsSchema.optional(),
};

export type BudgetsOrganization = OrganizationWith<Record<never, never>, typeof BUDGETS_FRAGMENT>;

/** The monthly amount of an account: its own, else its environment's from the config, else the default. */
export function budgetAmount(org: BudgetsOrganization, accountName: string): number {
  const budgets = org.budgets!;
  const environment = org.accounts[accountName].environment;
  return (
    budgets.accounts[accountName]?.amount ?? budgets.amounts[environment] ?? DEFAULT_MONTHLY_BUDGET_USD[environment]
  );
}
