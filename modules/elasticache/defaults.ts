/**
 * What a config layer needs of the `elasticache` module, without loading a construct: engines,
 * pinned versions, profiles and limits.
 */
import type { EnvironmentProfile } from "../rds/profiles";
import type { WindowRules } from "../rds/windows";

/** Valkey (the default: open source, and cheaper per node on ElastiCache) or Redis OSS. */
export const CACHE_ENGINES = ["valkey", "redis"] as const;
export type CacheEngine = (typeof CACHE_ENGINES)[number];

/** What the profile decides; every field can be overridden by the `ElastiCacheProps` field of the same name. */
export interface CacheProfileSettings {
  readonly nodeType: string;
  /** Nodes of the one shard: a primary and `nodes - 1` replicas; two or more turn on Multi-AZ with automatic failover. */
  readonly nodes: number;
  readonly snapshotRetentionDays: number;
}

/**
 * Pinned versions and defaults.
 *
 * Versions are `<major>.<minor>`, the form provider 5.100.0 validates for both engines
 * (`^[7-9]\.[0-9]+$` for Valkey, `<major>.<minor>` for Redis OSS 6 and later) and the form it
 * keeps in state while `engine_version_actual` carries the patch ElastiCache applied. Valkey 8.1
 * and Redis OSS 7.1 are offered by ElastiCache (it also offers Valkey 7.2, 8.0, 8.2 and later);
 * `engine = "valkey"` exists in the provider since 5.73.0.
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html
 * @see https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/elasticache/engine_version.go
 */
export const DEFAULTS = {
  engine: "valkey" as CacheEngine,
  engineVersions: { valkey: "8.1", redis: "7.1" } satisfies Record<CacheEngine, string>,
  port: 6379,
  /** Daily, UTC, after the RDS backup window (02:00-03:00). */
  snapshotWindow: "03:00-04:00",
  /** Weekly, UTC; 60 minutes, the shortest ElastiCache accepts; after the RDS maintenance window. */
  maintenanceWindow: "sun:05:00-sun:06:00",
  /** Days the slow and engine logs are kept. */
  logRetentionDays: 365,
  /** The application user's name in the RBAC user group. */
  userName: "app",
  /** Every key and channel, every command except the dangerous ones (FLUSHALL, CONFIG, KEYS, DEBUG, ...). */
  accessString: "on ~* &* +@all -@dangerous",
  /** Length of the generated password: alphanumeric only, within ElastiCache's 16-128. */
  passwordLength: 64,
  profiles: {
    prod: { nodeType: "cache.r7g.large", nodes: 2, snapshotRetentionDays: 7 },
    staging: { nodeType: "cache.t4g.medium", nodes: 2, snapshotRetentionDays: 3 },
    dev: { nodeType: "cache.t4g.micro", nodes: 1, snapshotRetentionDays: 1 },
  } satisfies Record<EnvironmentProfile, CacheProfileSettings>,
} as const;

/** One shard holds a primary and up to five replicas (cluster mode disabled). */
export const MAX_NODES = 6;
/** ElastiCache keeps automatic snapshots up to 35 days. */
export const MAX_SNAPSHOT_RETENTION_DAYS = 35;

/**
 * Parameter group family of an engine version: `valkey8` for Valkey 8.x, `valkey7` for 7.2,
 * `redis7` for Redis OSS 7.x.
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html
 */
export function parameterGroupFamily(engine: CacheEngine, version: string): string {
  return `${engine}${version.split(".")[0]}`;
}

/** The version formats provider 5.100.0 accepts: `<major>.<minor>`, Valkey 7-9, Redis OSS 6 or later. */
export function validEngineVersion(engine: CacheEngine, version: string): boolean {
  return engine === "valkey" ? /^[7-9]\.\d+$/.test(version) : /^([6-9]|\d\d)\.\d+$/.test(version);
}

/**
 * ElastiCache windows, not overlapping: the weekly maintenance window is at least 60 minutes
 * ("The minimum maintenance window is a 60 minute period"); the module holds the daily snapshot
 * window to the same hour (the console offers whole hours), so a snapshot has time to start.
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyReplicationGroup.html
 */
export const ELASTICACHE_WINDOWS: WindowRules = {
  service: "ElastiCache",
  dailyField: "snapshotWindow",
  dailyName: "snapshot window",
  maintenanceField: "maintenanceWindow",
  minimumDailyMinutes: 60,
  minimumMaintenanceMinutes: 60,
};

/** Replication group ids: 1-40 letters, digits and hyphens, a letter first, no `--`, no trailing hyphen. */
export const REPLICATION_GROUP_ID = /^[a-z](?!.*--)[a-z0-9-]{0,38}[a-z0-9]$|^[a-z]$/;
