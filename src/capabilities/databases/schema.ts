import { z } from "zod";
import {
  CLASSES_WITHOUT_PERFORMANCE_INSIGHTS,
  INSTANCE_CLASS_FORMAT,
  MAX_READ_REPLICAS,
  POSTGRES_LOG_STATEMENTS,
} from "../../../modules/rds/profiles";
import { tagText } from "../../config/primitives";
import type { OrganizationWith } from "../../config/shapes";
import type { NETWORK_FRAGMENT } from "../network/schema";

/** The one refusal of a class: its form, with every class allowed said (Performance Insights or not). */
const INSTANCE_CLASS_MESSAGE =
  "must be an RDS instance class db.<family>.<size> such as db.t4g.large or db.r6g.large; every such class is " +
  `accepted, ${CLASSES_WITHOUT_PERFORMANCE_INSIGHTS.join(", ")} with Performance Insights off`;

/** Sizing and protection of one RDS instance; anything left out comes from the environment's profile. */
const DatabaseSchema = z.strictObject({
  /** Major engine version. @default "16" (PostgreSQL), "10.11" (MariaDB) */
  engineVersion: z.string().regex(/^\d+(\.\d+)?$/, "must be a major version such as 16 or 10.11").optional(),
  /**
   * Any RDS class `db.<family>.<size>`; the classes without Performance Insights (db.t2/t3/t4g
   * micro and small, e.g. the dev db.t3.micro of seed 003) run with it off and a synth warning.
   * @default - the profile's: db.t4g.large (prod), db.t4g.medium (staging, dev)
   */
  instanceClass: z.string().regex(INSTANCE_CLASS_FORMAT, INSTANCE_CLASS_MESSAGE).optional(),
  /** @default - the profile's: true except dev */
  multiAz: z.boolean().optional(),
  /** GiB at creation. @default - the profile's: 100 (prod), 50 (staging), 20 (dev) */
  allocatedStorage: z.number().int().min(20).max(65536).optional(),
  /** Storage autoscaling ceiling in GiB. @default - the profile's: 1000 (prod), 200 (staging), 100 (dev) */
  maxAllocatedStorage: z.number().int().min(20).max(65536).optional(),
  /** @default - the profile's: 30 (prod), 7 (staging), 1 (dev) */
  backupRetentionDays: z.number().int().min(1).max(35).optional(),
  /**
   * Same-region read replicas (0-5), `<identifier>-replica`, `-replica-2` …; each costs an instance.
   * @default - the profile's: 1 (prod), 0 (staging, dev)
   */
  readReplicas: z.number().int().min(0).max(MAX_READ_REPLICAS).optional(),
  /**
   * A disaster-recovery replica in another governed region of the same residency zone, where this
   * account has a network. @default - none
   */
  disasterRecoveryRegion: z.string().optional(),
  /** Deletion protection and `prevent_destroy`; only a dev account may turn it off. @default true */
  deletionProtection: z.boolean().default(true),
  /** Tags on the instance, its replicas and key, e.g. `backup: daily` for a `backups` selection. @default {} */
  tags: z.record(tagText("key", 1, 128), tagText("value", 0, 256)).optional(),
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
