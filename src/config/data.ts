import { z } from "zod";
import { POSTGRES_LOG_STATEMENTS } from "../../modules/rds/profiles";
import type { ConfigIssue } from "./issues";
import type { Organization } from "./schema";
import { accountHomeRegion, stackTargets, type StackTarget } from "./topology";

const SQL_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const sqlName = z.string().regex(SQL_NAME, "must be a lowercase SQL name (letters, digits, _)");

/** Sizing and protection of one RDS instance; anything left out comes from the environment's profile. */
const DatabaseSchema = z.strictObject({
  /** Major engine version. @default "16" (PostgreSQL), "10.11" (MariaDB) */
  engineVersion: z.string().regex(/^\d+(\.\d+)?$/, "must be a major version such as 16 or 10.11").optional(),
  /** @default - the profile's: db.t4g.large (prod), db.t4g.medium (staging, dev) */
  instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "must be an RDS instance class such as db.t4g.large").optional(),
  /** @default - the profile's: true except dev */
  multiAz: z.boolean().optional(),
  /** GiB at creation. @default - the profile's: 100 (prod), 50 (staging), 20 (dev) */
  allocatedStorage: z.number().int().min(20).max(65536).optional(),
  /** Storage autoscaling ceiling in GiB. @default - the profile's: 1000 (prod), 200 (staging), 100 (dev) */
  maxAllocatedStorage: z.number().int().min(20).max(65536).optional(),
  /** @default - the profile's: 30 (prod), 7 (staging), 1 (dev) */
  backupRetentionDays: z.number().int().min(1).max(35).optional(),
  /** A same-region read replica. @default - the profile's: true for prod */
  readReplica: z.boolean().optional(),
  /**
   * A disaster-recovery replica in another governed region of the same residency zone, where this
   * account has a network. @default - none
   */
  disasterRecoveryRegion: z.string().optional(),
  /** Deletion protection and `prevent_destroy`; only a dev account may turn it off. @default true */
  deletionProtection: z.boolean().default(true),
}); // prettier-ignore

/** PostgreSQL adds statement logging into its exported `postgresql` log. */
const PostgresSchema = DatabaseSchema.extend({
  /** Statements logged whatever their duration (`log_statement`). @default - the profile's: "ddl" */
  logStatement: z.enum(POSTGRES_LOG_STATEMENTS).optional(),
  /**
   * Statements slower than this many milliseconds are logged (`log_min_duration_statement`; -1 off).
   * @default - the profile's: 1000 (prod, staging), 250 (dev)
   */
  slowStatementMs: z.number().int().min(-1).optional(),
});

export const DatabasesSchema = z.strictObject({
  /** PostgreSQL for the application and analytics. */
  postgres: PostgresSchema.optional(),
  /** MariaDB for transactional and reference data; a DMS source gets binary logging for CDC. */
  mariadb: DatabaseSchema.optional(),
});

/** DMS in this (target) stack copying reference tables one way from another stack's MariaDB. */
export const ReferenceSyncSchema = z.strictObject({
  /** Stack id of the MariaDB read from, e.g. `prod-us-east-1`; a network link must join the two. */
  source: z.string(),
  /** `schema.table` names, each one of `referenceData`. */
  tables: z.array(z.string()).min(1),
  /** A standby replication instance. @default true in prod, false elsewhere */
  multiAz: z.boolean().optional(),
});

/** The tables allowed to leave their region: the common reference data. */
export const ReferenceDataSchema = z.strictObject({
  /** @default "reference" */
  schema: sqlName.default("reference"),
  tables: z.array(sqlName).default([]),
});

/** The organization registry: org id → home region, the one table replicated across residency zones. */
export const RegistrySchema = z.strictObject({
  /** Stack id that declares the table and its replicas, e.g. `prod-us-east-1`. */
  owner: z.string(),
  /** Regions of the replicas, in the owner's account. */
  replicaRegions: z.array(z.string()).min(1),
});

export type DatabaseConfig = z.output<typeof DatabaseSchema>;

/** Semantic checks of the data tier: placement, protection, residency and the DMS sync. */
export function checkDataTier(org: Organization): ConfigIssue[] {
  const targets = new Map(stackTargets(org).map((t) => [t.stackId, t]));
  return [
    ...[...targets.values()].flatMap((t) => [...checkDatabases(org, t), ...checkReferenceSync(org, t, targets)]),
    ...checkRegistry(org, targets),
  ];
}

function checkDatabases(org: Organization, target: StackTarget): ConfigIssue[] {
  const databases = target.settings.databases;
  if (databases === undefined) return [];
  const path = `${target.path}.databases`;
  const issues: ConfigIssue[] = [];
  if (!target.settings.network) {
    issues.push({ path, message: `needs the network capability at ${target.path}.network, which is off` });
  }
  for (const [engine, database] of Object.entries(databases)) {
    if (database === undefined) continue;
    if (!database.deletionProtection && target.account.environment !== "dev") {
      issues.push({
        path: `${path}.${engine}.deletionProtection`,
        message: `only a dev account may turn deletion protection off; accounts.${target.accountName} is ${target.account.environment}`,
      });
    }
    const dr = database.disasterRecoveryRegion;
    if (dr === undefined) continue;
    const drPath = `${path}.${engine}.disasterRecoveryRegion`;
    const zone = org.regions[target.region]?.residency;
    if (!(dr in org.regions)) {
      issues.push({ path: drPath, message: `region "${dr}" is not governed` });
    } else if (dr === target.region) {
      issues.push({ path: drPath, message: "a disaster-recovery replica goes to another region" });
    } else if (org.regions[dr].residency !== zone) {
      issues.push({
        path: drPath,
        message:
          `${dr} is in residency zone "${org.regions[dr].residency}", ${target.region} in "${zone}": ` +
          "only the registry and the reference tables may leave their zone",
      });
    } else if (dr === accountHomeRegion(org, target.account)) {
      issues.push({
        path: drPath,
        message:
          `${dr} is the account's home region, whose stack every other stack of the account follows; ` +
          "a replica's stack follows its source's, so the primary belongs in the home region",
      });
    } else if (!target.account.regions[dr]?.network) {
      issues.push({
        path: drPath,
        message: `the replica needs a network in accounts.${target.accountName}.regions.${dr}`,
      });
    }
  }
  return issues;
}

function checkReferenceSync(org: Organization, target: StackTarget, targets: Map<string, StackTarget>): ConfigIssue[] {
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

function checkRegistry(org: Organization, targets: Map<string, StackTarget>): ConfigIssue[] {
  const registry = org.registry;
  if (registry === undefined) return [];
  const owner = targets.get(registry.owner);
  if (owner === undefined) {
    return [{ path: "registry.owner", message: `unknown stack "${registry.owner}" (expected <account>-<region>)` }];
  }
  return registry.replicaRegions.flatMap((region, index) => {
    const path = `registry.replicaRegions[${index}]`;
    if (!(region in org.regions)) return [{ path, message: `region "${region}" is not governed` }];
    if (region === owner.region) return [{ path, message: `${region} is the owner's own region` }];
    if (registry.replicaRegions.indexOf(region) !== index) return [{ path, message: `${region} is listed twice` }];
    return [];
  });
}
