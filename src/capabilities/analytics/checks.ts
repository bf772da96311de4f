import type { ConfigIssue } from "../../config/issues";
import { stackTargets } from "../../config/topology";
import type { AnalyticsOrganization } from "./schema";

/** The network and the databases each part reads, in the same account-region, at their paths. */
export function checkAnalytics(org: AnalyticsOrganization): ConfigIssue[] {
  return stackTargets(org).flatMap((target) => {
    const analytics = target.settings.analytics;
    if (analytics === undefined) return [];
    const path = `${target.path}.analytics`;
    const databases = target.settings.databases;
    const issues: ConfigIssue[] = [];
    if (!target.settings.network) {
      issues.push({ path, message: `needs the network capability at ${target.path}.network, which is off` });
    }
    const missing = (engine: "mariadb" | "postgres") => databases?.[engine] === undefined;
    if (analytics.etl !== undefined && (missing("mariadb") || missing("postgres"))) {
      issues.push({
        path: `${path}.etl`,
        message: `reads this region's MariaDB and writes its PostgreSQL: ${target.path}.databases needs both`,
      });
    }
    if (analytics.quickSight !== undefined && missing("postgres")) {
      issues.push({
        path: `${path}.quickSight`,
        message: `reads this region's PostgreSQL: ${target.path}.databases.postgres is not declared`,
      });
    }
    return issues;
  });
}
