import { DEFAULTS, DOCUMENTDB_WINDOWS, MAX_INSTANCES } from "../../../modules/documentdb/defaults";
import type { ConfigIssue } from "../../config/issues";
import { stackTargets } from "../../config/topology";
import { storeIssues } from "../data-stores/checks";
import { documentDatabaseName } from "./names";
import type { DocumentDatabasesOrganization } from "./schema";

/** The network under every cluster, protection, the windows and the identifier's length, at their paths. */
export function checkDocumentDatabases(org: DocumentDatabasesOrganization): ConfigIssue[] {
  return stackTargets(org).flatMap((target) =>
    storeIssues(target, "documentDatabases", target.settings.documentDatabases ?? {}, {
      // Identifiers are 1-63 characters, and the instances add `-<n>` (modules/documentdb CLUSTER_IDENTIFIER).
      name: (key, cluster) =>
        `${documentDatabaseName(org.name, target.stackId, key)}-${cluster.instances ?? MAX_INSTANCES}`,
      maxLength: 63,
      what: "instance identifier",
      windows: (cluster) => [
        cluster.backupWindow ?? DEFAULTS.backupWindow,
        cluster.maintenanceWindow ?? DEFAULTS.maintenanceWindow,
      ],
      windowRules: DOCUMENTDB_WINDOWS,
    }),
  );
}
