import type { Diagram } from "../../diagram/types";
import type { AnalyticsOrganization } from "./schema";

type Target = Parameters<NonNullable<Diagram<AnalyticsOrganization>["holdings"]>>[0];

const labels = (target: Target) => [
  ...(target.settings.analytics?.etl ? ["Glue ETL"] : []),
  ...(target.settings.analytics?.quickSight ? ["QuickSight source"] : []),
];

/** The analytics' part of docs/architecture.md: Glue and QuickSight in the application tier. */
export const analyticsDiagram: Diagram<AnalyticsOrganization> = {
  holdings: labels,
  tierHosts: (target, tier) => (tier === "application" ? labels(target) : []),
};
