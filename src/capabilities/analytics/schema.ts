import { z } from "zod";
import { SQL_NAME, validTableName, WORKER_TYPES } from "../../../modules/glue-etl/defaults";
import { DATA_SOURCE_ACTIONS, QUICKSIGHT_PRINCIPAL } from "../../../modules/quicksight-source/defaults";
import type { OrganizationWith } from "../../config/shapes";
import type { DATABASES_FRAGMENT } from "../databases/schema";
import type { NETWORK_FRAGMENT } from "../network/schema";

const sqlName = z.string().regex(SQL_NAME, "must be a lowercase SQL name");

/** The daily Glue job from the region's MariaDB into its PostgreSQL (seed 000). */
const EtlSchema = z.strictObject({
  /** Database (schema) in MariaDB the connection opens. */
  sourceDatabase: sqlName,
  /** Database in PostgreSQL that receives the copies. */
  targetDatabase: sqlName,
  /** `schema.table` names in MariaDB; each replaces `<targetSchema>.<table>` in PostgreSQL. */
  tables: z.array(z.string().refine(validTableName, "must be schema.table in lowercase SQL names")).min(1),
  /** @default "analytics" */
  targetSchema: sqlName.optional(),
  /** A Glue cron in UTC. @default "cron(0 3 * * ? *)" - daily at 03:00, after the RDS backup window */
  schedule: z
    .string()
    .regex(/^cron\(.+\)$/, "must be cron(...)")
    .optional(),
  /** @default "G.1X" */
  workerType: z.enum(WORKER_TYPES).optional(),
  /** @default 2 */
  numberOfWorkers: z.number().int().min(2).optional(),
});

/** QuickSight's VPC connection and data source on the region's PostgreSQL (seed 000). */
const QuickSightSchema = z.strictObject({
  /** Database in PostgreSQL the data source reads. */
  database: sqlName,
  /** QuickSight user or group ARNs and what they may do with the data source. @default {} */
  permissions: z
    .record(z.string().regex(QUICKSIGHT_PRINCIPAL, "must be a QuickSight user or group ARN"), z.enum(Object.keys(DATA_SOURCE_ACTIONS) as ["owner", "user"]))
    .default({}),
}); // prettier-ignore

/** The analytics capability's key on an account-region. */
export const ANALYTICS_FRAGMENT = {
  /**
   * Glue ETL and QuickSight over this account-region's own databases (needs `network` and
   * `databases`); nothing leaves the region. @default - none
   */
  analytics: z.strictObject({ etl: EtlSchema.optional(), quickSight: QuickSightSchema.optional() }).optional(),
};

/** An organization as the analytics capability sees it: it reads the region's databases. */
export type AnalyticsOrganization = OrganizationWith<
  typeof NETWORK_FRAGMENT & typeof DATABASES_FRAGMENT & typeof ANALYTICS_FRAGMENT
>;
