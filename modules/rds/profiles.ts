/** Engine facts and environment profiles of the `Database` construct, resolved once. */

export type DatabaseEngine = "postgres" | "mariadb";
export type EnvironmentProfile = "prod" | "staging" | "dev";

/** What an environment profile decides; every field can be overridden by a `DatabaseProps` field of the same name. */
export interface ProfileSettings {
  readonly instanceClass: string;
  readonly multiAz: boolean;
  readonly allocatedStorage: number;
  readonly maxAllocatedStorage: number;
  readonly backupRetentionDays: number;
  /** Read replicas in the same region (0 to `MAX_READ_REPLICAS`). */
  readonly readReplicas: number;
  /** PostgreSQL `log_statement`: which statements are logged whatever their duration. */
  readonly logStatement: PostgresLogStatement;
  /** PostgreSQL `log_min_duration_statement` in milliseconds: statements slower than this are logged. */
  readonly slowStatementMs: number;
}

/**
 * Values of PostgreSQL's `log_statement`; `ddl` logs schema changes, `mod` adds data changes.
 * @see https://www.postgresql.org/docs/16/runtime-config-logging.html#GUC-LOG-STATEMENT
 */
export const POSTGRES_LOG_STATEMENTS = ["none", "ddl", "mod", "all"] as const;
export type PostgresLogStatement = (typeof POSTGRES_LOG_STATEMENTS)[number];

/**
 * Pinned versions and the design's production values. Engine versions are major versions on
 * purpose: auto minor upgrades are on, and the provider (5.100.0) accepts a version prefix and
 * ignores the minor version RDS upgraded to (`engine_version_actual`); a full `16.x` pin would
 * make the next plan try to downgrade. PostgreSQL 16 and MariaDB 10.11 are in RDS standard support.
 */
export const DEFAULTS = {
  engineVersions: { postgres: "16", mariadb: "10.11" },
  /** Daily, UTC: the design's 02:00-03:00. */
  backupWindow: "02:00-03:00",
  /** Weekly, UTC, after the backup window and not overlapping it. */
  maintenanceWindow: "sun:04:00-sun:05:00",
  /** Enhanced monitoring granularity in seconds. */
  monitoringInterval: 60,
  /** Performance Insights retention in days; 7 is the free tier. */
  performanceInsightsRetentionDays: 7,
  /** Avoids paid RDS Extended Support once the major version leaves standard support. */
  engineLifecycleSupport: "open-source-rds-extended-support-disabled",
  masterUsername: "dbadmin",
  storageType: "gp3",
  profiles: {
    prod: {
      instanceClass: "db.t4g.large",
      multiAz: true,
      allocatedStorage: 100,
      maxAllocatedStorage: 1000,
      backupRetentionDays: 30,
      readReplicas: 1,
      logStatement: "ddl",
      slowStatementMs: 1000,
    },
    staging: {
      instanceClass: "db.t4g.medium",
      multiAz: true,
      allocatedStorage: 50,
      maxAllocatedStorage: 200,
      backupRetentionDays: 7,
      readReplicas: 0,
      logStatement: "ddl",
      slowStatementMs: 1000,
    },
    dev: {
      instanceClass: "db.t4g.medium",
      multiAz: false,
      allocatedStorage: 20,
      maxAllocatedStorage: 100,
      backupRetentionDays: 1,
      readReplicas: 0,
      logStatement: "ddl",
      slowStatementMs: 250,
    },
  } satisfies Record<EnvironmentProfile, ProfileSettings>,
} as const;

/** Per-engine facts: port, parameter group family, log types, the TLS parameter. */
export interface EngineFacts {
  readonly port: number;
  /** Parameter group family for a major version (`postgres16`, `mariadb10.11`). */
  readonly family: (major: string) => string;
  /** Major version of an `engineVersion` prop, or undefined when it is not one. */
  readonly major: (version: string) => string | undefined;
  readonly logExports: readonly string[];
  /** Parameters the module always sets; callers cannot override them. */
  readonly enforcedParameters: Readonly<Record<string, string>>;
  /**
   * The engine takes `engine_lifecycle_support`: "This setting applies only to RDS for MySQL and
   * RDS for PostgreSQL" (MariaDB has no RDS Extended Support).
   * @see https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
   */
  readonly takesLifecycleSupport: boolean;
  /** The engine logs statements by the profile's `logStatement` and `slowStatementMs`. */
  readonly statementLogging: boolean;
}

export const ENGINES: Record<DatabaseEngine, EngineFacts> = {
  postgres: {
    port: 5432,
    family: (major) => `postgres${major}`,
    major: (version) => /^(\d+)(\.\d+)?$/.exec(version)?.[1],
    logExports: ["postgresql", "upgrade"],
    enforcedParameters: { "rds.force_ssl": "1" },
    takesLifecycleSupport: true,
    statementLogging: true,
  },
  mariadb: {
    port: 3306,
    family: (major) => `mariadb${major}`,
    major: (version) => /^(\d+\.\d+)(\.\d+)?$/.exec(version)?.[1],
    // `audit` needs the MARIADB_AUDIT_PLUGIN option (the module's option group); `general` stays
    // empty until `general_log` is set to 1 through `parameters`.
    logExports: ["audit", "error", "general", "slowquery"],
    // `1`, not `ON`: the RDS parameter is a boolean whose allowed values are 0 and 1 (scanners read
    // anything else as off). https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mariadb-ssl-connections.require-ssl.html
    enforcedParameters: { require_secure_transport: "1", slow_query_log: "1", log_output: "FILE" },
    takesLifecycleSupport: false,
    statementLogging: false,
  },
};

/**
 * PostgreSQL statement logging into the `postgresql` log that the instance exports to CloudWatch
 * Logs: `log_statement` and `log_min_duration_statement` (milliseconds; -1 turns it off).
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Concepts.PostgreSQL.html
 */
export function statementLoggingParameters(
  logStatement: PostgresLogStatement,
  slowStatementMs: number,
): Record<string, string> {
  return { log_statement: logStatement, log_min_duration_statement: String(slowStatementMs) };
}

/** Binary log settings AWS DMS needs to read changes (CDC) from MariaDB. */
export const CDC_SOURCE_PARAMETERS: Readonly<Record<string, string>> = {
  binlog_format: "ROW",
  binlog_row_image: "FULL",
  binlog_checksum: "NONE",
};

/** MariaDB audit plugin events: logins and DDL/DCL statements, not every query. */
export const MARIADB_AUDIT_EVENTS = "CONNECT,QUERY_DDL,QUERY_DCL";

/**
 * Same-region read replicas the module creates at most. RDS allows more (15 for MariaDB and
 * PostgreSQL); five keep replica lag, cost and the identifier suffix (`-replica-5`) bounded.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html
 */
export const MAX_READ_REPLICAS = 5;

/**
 * Instance classes without Performance Insights (Database Insights), as AWS lists them for RDS
 * for MariaDB and MySQL; the module treats PostgreSQL the same way, so a class behaves alike on
 * both engines. On these classes the module turns Performance Insights off and warns.
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.Engines.html
 */
export const CLASSES_WITHOUT_PERFORMANCE_INSIGHTS = [
  "db.t2.micro",
  "db.t2.small",
  "db.t3.micro",
  "db.t3.small",
  "db.t4g.micro",
  "db.t4g.small",
] as const;

/** RDS instance class names: `db.<family>.<size>`, e.g. `db.t4g.medium`, `db.r6g.large`. */
export const INSTANCE_CLASS_FORMAT = /^db\.[a-z0-9-]+\.[a-z0-9]+$/;

export function supportsPerformanceInsights(instanceClass: string): boolean {
  return !(CLASSES_WITHOUT_PERFORMANCE_INSIGHTS as readonly string[]).includes(instanceClass);
}

/** A Performance Insights retention asked for on a class that has none: the refusal, naming the classes without it. */
export function retentionWithoutPerformanceInsights(
  instanceClass: string,
  retentionDays: number | undefined,
): string[] {
  return retentionDays === undefined || supportsPerformanceInsights(instanceClass)
    ? []
    : [
        `performanceInsightsRetentionDays: ${instanceClass} has no Performance Insights; drop the retention, or use a class that has it (any class except ${CLASSES_WITHOUT_PERFORMANCE_INSIGHTS.join(", ")})`,
      ];
}

/** Retention periods Performance Insights accepts: 7, a multiple of 31 up to 23 months, or 731. */
export function validPerformanceInsightsRetention(days: number): boolean {
  return days === 7 || days === 731 || (Number.isInteger(days) && days % 31 === 0 && days >= 31 && days <= 713);
}
