import type { NoKeys } from "../../config/shapes";
import { accountHomeRegion, accountOfKind } from "../../config/topology";
import type { Capability } from "../capability";
import type * as build from "./build";
import { checkBudgets } from "./checks";
import { BUDGETS_FRAGMENT } from "./schema";

/** Cost guardrails (`budgets`): a monthly AWS Budgets budget per account and Cost Anomaly Detection, in the management account. */
export const budgets = {
  name: "budgets",
  accountRegion: {},
  organization: BUDGETS_FRAGMENT,
  checks: checkBudgets,
  diagram: {
    holdings: (target, org) =>
      org.budgets !== undefined &&
      target.accountName === accountOfKind(org, "management") &&
      target.region === accountHomeRegion(org, target.account)
        ? ["budgets per account, cost anomaly monitor"]
        : [],
  },
  builder: () => (require("./build") as typeof build).budgetsBuilder,
} satisfies Capability<NoKeys, typeof BUDGETS_FRAGMENT>;
