import { thresholdPercentIssue } from "../../../modules/budgets/defaults";
import type { ConfigIssue } from "../../config/issues";
import type { BudgetsOrganization } from "./schema";

/** Account keys, thresholds and alert channels of the cost guardrails, at their paths. */
export function checkBudgets(org: BudgetsOrganization): ConfigIssue[] {
  const budgets = org.budgets;
  if (budgets === undefined) return [];
  const issues: ConfigIssue[] = [];
  const thresholds = (path: string, list: readonly { percent: number; type: string }[] | undefined) => {
    const seen = new Set<string>();
    list?.forEach((threshold, i) => {
      const issue = thresholdPercentIssue(threshold.percent);
      if (issue !== undefined) issues.push({ path: `${path}[${i}].percent`, message: issue });
      const key = `${threshold.type} ${threshold.percent}`;
      if (seen.has(key)) issues.push({ path: `${path}[${i}]`, message: `${key} % is listed twice` });
      seen.add(key);
    });
  };
  thresholds("budgets.thresholds", budgets.thresholds);
  for (const [accountName, account] of Object.entries(budgets.accounts)) {
    const path = `budgets.accounts.${accountName}`;
    if (!(accountName in org.accounts)) {
      issues.push({
        path,
        message: `account "${accountName}" is not in accounts (${Object.keys(org.accounts).join(", ")})`,
      });
    }
    thresholds(`${path}.thresholds`, account.thresholds);
  }
  const { topic, emails } = budgets.notifications;
  if (!topic && emails.length === 0) {
    issues.push({
      path: "budgets.notifications",
      message: "with topic off, give emails: a budget alert must reach someone",
    });
  }
  // IMMEDIATE anomaly alerts go to SNS, DAILY/WEEKLY summaries to email: AWS Cost Explorer API,
  // AnomalySubscription (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_AnomalySubscription.html).
  const anomaly = budgets.anomalyDetection;
  if (anomaly !== false && anomaly.frequency === "IMMEDIATE" && !topic) {
    issues.push({
      path: "budgets.anomalyDetection.frequency",
      message: "IMMEDIATE alerts go to an SNS topic; turn notifications.topic on or choose DAILY or WEEKLY",
    });
  }
  if (anomaly !== false && anomaly.frequency !== "IMMEDIATE" && emails.length === 0) {
    issues.push({
      path: "budgets.anomalyDetection.frequency",
      message: `${anomaly.frequency} summaries go to email; give notifications.emails or choose IMMEDIATE`,
    });
  }
  return issues;
}
