import { DEFAULTS, DOCUMENTDB_WINDOWS, MAX_INSTANCES } from "../../../modules/documentdb/defaults";
import { windowIssues } from "../../../modules/rds/windows";
import type { ConfigIssue } from "../../config/issues";
import { stackTargets } from "../../config/topology";
import { atPath, nameLengthIssues, storeIssues } from "../data-stores/checks";
import { documentDatabaseName } from "./names";
import type { DocumentDatabasesOrganization } from "./schema";

/** The network under every cluster, protection, the windows and the identifier's length, at their paths. */
export function checkDocumentDatabases(org: DocumentDatabasesOrganization): ConfigIssue[] {
  return stackTargets(org).flatMap((target) => {
    const clusters = target.settings.documentDatabases ?? {};
    const issues = storeIssues(target, "documentDatabases", clusters);
    for (const [key, cluster] of Object.entries(clusters)) {
      const path = `${target.path}.documentDatabases.${key}`;
      // Identifiers are 1-63 characters, and the instances add `-<n>` (modules/documentdb CLUSTER_IDENTIFIER).
      const longest = `${documentDatabaseName(org.name, target.stackId, key)}-${cluster.instances ?? MAX_INSTANCES}`;
      issues.push(...nameLengthIssues(path, longest, 63, "instance identifier"));
      issues.push(
        ...atPath(
          path,
          windowIssues(
            cluster.backupWindow ?? DEFAULTS.backupWindow,
            cluster.maintenanceWindow ?? DEFAULTS.maintenanceWindow,
            DOCUMENTDB_WINDOWS,
          ),
        ),
      );
    }
    return issues;
  });
}
