import { z } from "zod";
import { POSTGRES_LOG_STATEMENTS } from "../../../modules/rds/profiles";
import type { OrganizationWith } from "../../config/shapes";
import type { NETWORK_FRAGMENT } from "../network/schema";

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

/** The databases capability's key on an account-region. */
export const DATABASES_FRAGMENT = {
  /** RDS instances in the database tier (needs `network`). @default - none */
  databases: DatabasesSchema.optional(),
};

export type DatabaseConfig = z.output<typeof DatabaseSchema>;

/** An organization as the databases capability sees it: databases sit in the network's database tier. */
export type DatabasesOrganization = OrganizationWith<typeof NETWORK_FRAGMENT & typeof DATABASES_FRAGMENT>;
