import { z } from "zod";
import { CACHE_ENGINES, MAX_NODES, MAX_SNAPSHOT_RETENTION_DAYS } from "../../../modules/elasticache/defaults";
import type { OrganizationWith } from "../../config/shapes";
import type { NETWORK_FRAGMENT } from "../network/schema";

/** One ElastiCache replication group; anything left out comes from the environment's profile (modules/elasticache). */
const CacheSchema = z.strictObject({
  /** Valkey or Redis OSS; changing it replaces the cache. @default "valkey" */
  engine: z.enum(CACHE_ENGINES).optional(),
  /** `<major>.<minor>`. @default "8.1" (Valkey), "7.1" (Redis OSS) */
  engineVersion: z.string().regex(/^\d+\.\d+$/, "must be <major>.<minor> such as 8.1").optional(),
  /** @default - the profile's: cache.r7g.large (prod), cache.t4g.medium (staging), cache.t4g.micro (dev) */
  nodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "must be an ElastiCache node type such as cache.t4g.medium").optional(),
  /** Nodes of the one shard; two or more run Multi-AZ with automatic failover (prod needs two). @default - 2 (prod, staging), 1 (dev) */
  nodes: z.number().int().min(1).max(MAX_NODES).optional(),
  /** Days automatic snapshots are kept; 0 turns them off. @default - 7 (prod), 3 (staging), 1 (dev) */
  snapshotRetentionDays: z.number().int().min(0).max(MAX_SNAPSHOT_RETENTION_DAYS).optional(),
  /** Daily, UTC, at least 60 minutes. @default "03:00-04:00" */
  snapshotWindow: z.string().optional(),
  /** Weekly, UTC, at least 60 minutes, not overlapping the snapshot window. @default "sun:05:00-sun:06:00" */
  maintenanceWindow: z.string().optional(),
  /** Engine parameters of the cache's parameter group, e.g. `{ maxmemory-policy: allkeys-lru }`. @default {} */
  parameters: z.record(z.string(), z.string()).optional(),
  /** `prevent_destroy` on the cache, its key and logs; only a dev account may turn it off. @default true */
  deletionProtection: z.boolean().default(true),
}); // prettier-ignore

/** The caches capability's key on an account-region. */
export const CACHES_FRAGMENT = {
  /**
   * ElastiCache replication groups in the database tier (needs `network`), by name (`session`):
   * TLS, AUTH through an RBAC user whose secret is in Secrets Manager, a CMK, 6379 from the
   * application tier only. @default - none
   */
  caches: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, "cache names are lowercase letters, digits and hyphens"), CacheSchema).optional(),
}; // prettier-ignore

export type CacheConfig = z.output<typeof CacheSchema>;

/** An organization as the caches capability sees it: caches sit in the network's database tier. */
export type CachesOrganization = OrganizationWith<typeof NETWORK_FRAGMENT & typeof CACHES_FRAGMENT>;
