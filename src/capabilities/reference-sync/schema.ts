import { z } from "zod";
import type { OrganizationWith } from "../../config/shapes";
import type { DATABASES_FRAGMENT } from "../databases/schema";
import type { NETWORK_FRAGMENT } from "../network/schema";

const SQL_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const sqlName = z.string().regex(SQL_NAME, "must be a lowercase SQL name (letters, digits, _)");

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

/** The reference sync's keys: the sync on its target account-region, the allowed tables at the top. */
export const REFERENCE_SYNC_FRAGMENT = {
  /** DMS here copying reference tables from another stack's MariaDB. @default - none */
  referenceSync: ReferenceSyncSchema.optional(),
};

export const REFERENCE_DATA_FRAGMENT = {
  /** Reference tables: the only relational data that may leave its region (by DMS). @default { schema: "reference", tables: [] } */
  referenceData: ReferenceDataSchema.default({ schema: "reference", tables: [] }),
};

/** An organization as the reference sync sees it: DMS between two MariaDBs over a network link. */
export type ReferenceSyncOrganization = OrganizationWith<
  typeof NETWORK_FRAGMENT & typeof DATABASES_FRAGMENT & typeof REFERENCE_SYNC_FRAGMENT,
  typeof REFERENCE_DATA_FRAGMENT
>;
