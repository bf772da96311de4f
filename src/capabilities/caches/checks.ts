import { DEFAULTS, ELASTICACHE_WINDOWS } from "../../../modules/elasticache/defaults";
import type { ConfigIssue } from "../../config/issues";
import { stackTargets } from "../../config/topology";
import { storeIssues } from "../data-stores/checks";
import { cacheName } from "./names";
import type { CachesOrganization } from "./schema";

/** The network under every cache, protection, prod's Multi-AZ, the windows and the name length, at their paths. */
export function checkCaches(org: CachesOrganization): ConfigIssue[] {
  return stackTargets(org).flatMap((target) => {
    const caches = target.settings.caches ?? {};
    const issues = storeIssues(target, "caches", caches, {
      name: (key) => cacheName(org.name, target.stackId, key),
      // Replication group ids are 1-40 characters (modules/elasticache REPLICATION_GROUP_ID).
      maxLength: 40,
      what: "replication group id",
      windows: (cache) => [
        cache.snapshotWindow ?? DEFAULTS.snapshotWindow,
        cache.maintenanceWindow ?? DEFAULTS.maintenanceWindow,
      ],
      windowRules: ELASTICACHE_WINDOWS,
    });
    for (const [key, cache] of Object.entries(caches)) {
      if (target.account.environment === "prod" && cache.nodes === 1) {
        issues.push({
          path: `${target.path}.caches.${key}.nodes`,
          message: "a prod cache runs Multi-AZ with automatic failover, which needs 2 nodes at least",
        });
      }
    }
    return issues;
  });
}
