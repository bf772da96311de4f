import { z } from "zod";
import {
  AUDIT_LOG_MODES,
  MAX_BACKUP_RETENTION_DAYS,
  MAX_INSTANCES,
  TLS_MODES,
} from "../../../modules/documentdb/defaults";
import { tagText } from "../../config/primitives";
import type { OrganizationWith } from "../../config/shapes";
import type { NETWORK_FRAGMENT } from "../network/schema";

/** One DocumentDB cluster; anything left out comes from the environment's profile (modules/documentdb). */
const DocumentDatabaseSchema = z.strictObject({
  /** @default "5.0.0" (the LTS release) */
  engineVersion: z.string().regex(/^\d+\.\d+\.\d+$/, "must be a DocumentDB engine version such as 5.0.0").optional(),
  /** Checked against the region's offerings at plan. @default "db.t4g.medium" */
  instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "must be a DocumentDB instance class such as db.t4g.medium").optional(),
  /** The writer and its readers. @default - 3 (prod, seed 004), 2 (staging), 1 (dev) */
  instances: z.number().int().min(1).max(MAX_INSTANCES).optional(),
  /** @default 7 (seed 004) */
  backupRetentionDays: z.number().int().min(1).max(MAX_BACKUP_RETENTION_DAYS).optional(),
  /** Daily, UTC, at least 30 minutes. @default "02:00-03:00" */
  backupWindow: z.string().optional(),
  /** Weekly, UTC, at least 30 minutes, not overlapping the backup window. @default "sun:04:00-sun:05:00" */
  maintenanceWindow: z.string().optional(),
  /** TLS is required either way; a minimum version refuses older clients. @default "enabled" */
  tls: z.enum(TLS_MODES).optional(),
  /** Which events the exported audit log holds; auditing cannot be turned off. @default "enabled" */
  auditLogs: z.enum(AUDIT_LOG_MODES).optional(),
  /** DocumentDB's deletion protection and `prevent_destroy`; only a dev account may turn it off. @default true */
  deletionProtection: z.boolean().default(true),
  /** Tags on the cluster, its instances, key and logs, e.g. `backup: daily` for a `backups` selection. @default {} */
  tags: z.record(tagText("key", 1, 128), tagText("value", 0, 256)).optional(),
}); // prettier-ignore

/** The document databases capability's key on an account-region. */
export const DOCUMENT_DATABASES_FRAGMENT = {
  /**
   * DocumentDB clusters in the database tier (needs `network`), by name (`profiles`): TLS, CMK,
   * audit logs, the master password in Secrets Manager, 27017 from the application tier only.
   * @default - none
   */
  documentDatabases: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, "document database names are lowercase letters, digits and hyphens"), DocumentDatabaseSchema).optional(),
}; // prettier-ignore

/** An organization as the document databases capability sees it. */
export type DocumentDatabasesOrganization = OrganizationWith<
  typeof NETWORK_FRAGMENT & typeof DOCUMENT_DATABASES_FRAGMENT
>;
