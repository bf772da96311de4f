/**
 * What a config layer needs of the `documentdb` module, without loading a construct: the pinned
 * engine, profiles, parameter values and limits.
 */
import type { EnvironmentProfile } from "../rds/profiles";
import { RDS_WINDOWS, type WindowRules } from "../rds/windows";

/** What the profile decides; every field can be overridden by the `DocumentDbProps` field of the same name. */
export interface DocumentDbProfileSettings {
  readonly instanceClass: string;
  /** Instances of the cluster: one writer, the others readers that take over on failure. */
  readonly instances: number;
  readonly backupRetentionDays: number;
}

/**
 * Values of the `tls` cluster parameter that require TLS: `enabled` (any TLS version the engine
 * offers), or a minimum version. `disabled` and `fips-140-3` (a few regions only) are not offered.
 * @see https://docs.aws.amazon.com/documentdb/latest/developerguide/cluster_parameter_groups-list_of_parameters.html
 */
export const TLS_MODES = ["enabled", "tls1.2+", "tls1.3+"] as const;
export type DocumentDbTls = (typeof TLS_MODES)[number];

/**
 * Values of the `audit_logs` cluster parameter that audit something (`enabled` is DDL, connections,
 * authentication and user management; `all` adds reads and writes).
 * @see https://docs.aws.amazon.com/documentdb/latest/developerguide/event-auditing.html
 */
export const AUDIT_LOG_MODES = ["enabled", "ddl", "dml_read", "dml_write", "all"] as const;
export type DocumentDbAuditLogs = (typeof AUDIT_LOG_MODES)[number];

/**
 * Pinned engine and the seed's values (004: three instances in prod, backups kept 7 days).
 * DocumentDB 5.0.0 is the long-term-support release of the MongoDB 5.0-compatible engine
 * (family `docdb5.0`); instances take engine patches in the maintenance window.
 * @see https://docs.aws.amazon.com/documentdb/latest/developerguide/release-notes.html
 */
export const DEFAULTS = {
  engineVersion: "5.0.0",
  port: 27017,
  masterUsername: "docdbadmin",
  /** Daily, UTC; DocumentDB backs up continuously, this window takes the daily snapshot. */
  backupWindow: "02:00-03:00",
  /** Weekly, UTC, after the backup window. */
  maintenanceWindow: "sun:04:00-sun:05:00",
  tls: "enabled" as DocumentDbTls,
  auditLogs: "enabled" as DocumentDbAuditLogs,
  /** Operations slower than this (ms) are written to the profiler log (50-2147483646). */
  profilerThresholdMs: 100,
  logRetentionDays: 365,
  profiles: {
    prod: { instanceClass: "db.t4g.medium", instances: 3, backupRetentionDays: 7 },
    staging: { instanceClass: "db.t4g.medium", instances: 2, backupRetentionDays: 7 },
    dev: { instanceClass: "db.t4g.medium", instances: 1, backupRetentionDays: 7 },
  } satisfies Record<EnvironmentProfile, DocumentDbProfileSettings>,
} as const;

/** A cluster holds one primary and up to 15 replica instances. */
export const MAX_INSTANCES = 16;
/** DocumentDB keeps automated backups 1-35 days. */
export const MAX_BACKUP_RETENTION_DAYS = 35;
/** Cluster identifiers: 1-63 letters, digits and hyphens, a letter first, no `--`, no trailing hyphen. */
export const CLUSTER_IDENTIFIER = /^[a-z](?!.*--)[a-z0-9-]{0,61}[a-z0-9]$|^[a-z]$/;

/** Cluster parameter group family of an engine version: `docdb5.0` for 5.0.0, `docdb8.0` for 8.0.0. */
export function documentDbFamily(engineVersion: string): string {
  return `docdb${engineVersion.split(".").slice(0, 2).join(".")}`;
}

/**
 * DocumentDB shares RDS's window rules: backup and maintenance windows of at least 30 minutes that
 * do not overlap.
 * @see https://docs.aws.amazon.com/documentdb/latest/developerguide/API_CreateDBCluster.html
 */
export const DOCUMENTDB_WINDOWS: WindowRules = { ...RDS_WINDOWS, service: "DocumentDB" };
