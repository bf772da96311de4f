import { DEFAULTS, ELASTICACHE_WINDOWS } from "../../../modules/elasticache/defaults";
import { windowIssues } from "../../../modules/rds/windows";
import type { ConfigIssue } from "../../config/issues";
import { stackTargets } from "../../config/topology";
import { atPath, nameLengthIssues, storeIssues } from "../data-stores/checks";
import { cacheName } from "./names";
import type { CachesOrganization } from "./schema";

/** The network under every cache, protection, prod's Multi-AZ, the windows and the name length, at their paths. */
export function checkCaches(org: CachesOrganization): ConfigIssue[] {
  return stackTargets(org).flatMap((target) => {
    const caches = target.settings.caches ?? {};
    const issues = storeIssues(target, "caches", caches);
    for (const [key, cache] of Object.entries(caches)) {
      const path = `${target.path}.caches.${key}`;
      // Replication group ids are 1-40 characters (modules/elasticache REPLICATION_GROUP_ID).
      issues.push(...nameLengthIssues(path, cacheName(org.name, target.stackId, key), 40, "replication group id"));
      if (target.account.environment === "prod" && cache.nodes === 1) {
        issues.push({
          path: `${path}.nodes`,
          message: "a prod cache runs Multi-AZ with automatic failover, which needs 2 nodes at least",
        });
      }
      issues.push(
        ...atPath(
          path,
          windowIssues(
            cache.snapshotWindow ?? DEFAULTS.snapshotWindow,
            cache.maintenanceWindow ?? DEFAULTS.maintenanceWindow,
            ELASTICACHE_WINDOWS,
          ),
        ),
      );
    }
    return issues;
  });
}
