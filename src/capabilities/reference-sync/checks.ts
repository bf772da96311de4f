import type { ConfigIssue } from "../../config/issues";
import { stackTargets, type StackTarget } from "../../config/topology";
import type { ReferenceSyncOrganization } from "./schema";

/** Every reference sync: its source, the link and the MariaDBs it needs, its tables; at their paths. */
export function checkReferenceSync(org: ReferenceSyncOrganization): ConfigIssue[] {
  const targets = new Map(stackTargets(org).map((t) => [t.stackId, t]));
  return [...targets.values()].flatMap((target) => checkReferenceSyncOf(org, target, targets));
}

function checkReferenceSyncOf(
  org: ReferenceSyncOrganization,
  target: StackTarget<ReferenceSyncOrganization>,
  targets: Map<string, StackTarget<ReferenceSyncOrganization>>,
): ConfigIssue[] {
  const sync = target.settings.referenceSync;
  if (sync === undefined) return [];
  const path = `${target.path}.referenceSync`;
  const issues: ConfigIssue[] = [];
  const source = targets.get(sync.source);
  if (sync.source === target.stackId) {
    issues.push({ path: `${path}.source`, message: "the source is this stack: DMS copies from another region" });
  } else if (source === undefined) {
    issues.push({ path: `${path}.source`, message: `unknown stack "${sync.source}" (expected <account>-<region>)` });
  } else {
    if (!source.settings.databases?.mariadb) {
      issues.push({
        path: `${path}.source`,
        message: `${sync.source} has no MariaDB (${source.path}.databases.mariadb)`,
      });
    }
    const linked =
      target.settings.network?.peers[sync.source]?.ports.includes(3306) ||
      source.settings.network?.peers[target.stackId]?.ports.includes(3306);
    if (!linked) {
      issues.push({
        path: `${path}.source`,
        message: `no network link for 3306 between ${target.stackId} and ${sync.source}: add it at ${target.path}.network.peers`,
      });
    }
  }
  if (!target.settings.databases?.mariadb) {
    issues.push({ path, message: `DMS writes into this stack's MariaDB: add ${target.path}.databases.mariadb` });
  }
  const { schema, tables } = org.referenceData;
  sync.tables.forEach((name, index) => {
    const [tableSchema, table, ...rest] = name.split(".");
    if (rest.length > 0 || table === undefined) {
      issues.push({ path: `${path}.tables[${index}]`, message: `"${name}" must be written schema.table` });
    } else if (tableSchema !== schema) {
      issues.push({
        path: `${path}.tables[${index}]`,
        message: `${name} is outside the reference schema "${schema}": only reference data may leave its region`,
      });
    } else if (!tables.includes(table)) {
      issues.push({ path: `${path}.tables[${index}]`, message: `${name} is not listed in referenceData.tables` });
    }
  });
  return issues;
}
