import { CostGuardrails } from "../../../modules/budgets";
import { accountHomeRegion, accountOfKind } from "../../config/topology";
import { terraformName } from "../../naming";
import type { CapabilityBuilder } from "../capability";
import { budgetAmount, type BudgetsOrganization } from "./schema";

/**
 * A monthly budget per existing account and Cost Anomaly Detection, in the management account's
 * home stack: the management account sees every member's cost, and Budgets publishes only to a
 * topic of its own account (https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html).
 */
export const budgetsBuilder: CapabilityBuilder<BudgetsOrganization> = {
  build({ scope, org, target }) {
    const budgets = org.budgets;
    const management = accountOfKind(org, "management");
    if (budgets === undefined || target.accountName !== management) return;
    if (target.region !== accountHomeRegion(org, target.account)) return;
    const accounts = Object.entries(org.accounts).filter(([, account]) => account.id !== undefined);
    new CostGuardrails(scope, "cost_guardrails", {
      accountId: target.accountId,
      namePrefix: org.name,
      budgets: Object.fromEntries(
        // Keyed by the account name as an address part: `app-001` has a budget `budget_app_001`.
        accounts.map(([name, account]) => [
          terraformName([name]),
          {
            accountId: account.id!,
            amount: budgetAmount(org, name),
            thresholds: budgets.accounts[name]?.thresholds ?? budgets.thresholds,
          },
        ]),
      ),
      notifications: budgets.notifications,
      anomalyDetection: budgets.anomalyDetection,
    });
  },
};
