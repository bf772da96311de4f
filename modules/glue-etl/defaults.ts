/** What a config layer needs of the `glue-etl` module, without loading a construct. */

/**
 * Pinned runtime and defaults. Glue 5.0 runs Spark 3.5.4, Python 3.11 and Java 17; the job's
 * `glue_version` is a free string in provider 5.100.0, so the pin lives here.
 * @see https://docs.aws.amazon.com/glue/latest/dg/release-notes.html
 */
export const DEFAULTS = {
  glueVersion: "5.0",
  pythonVersion: "3",
  /** G.1X: 4 vCPU, 16 GB per worker; two workers is the smallest Spark job. */
  workerType: "G.1X",
  numberOfWorkers: 2,
  timeoutMinutes: 60,
  maxRetries: 1,
  /** Daily at 03:00 UTC, after the RDS backup window (02:00-03:00). */
  schedule: "cron(0 3 * * ? *)",
  /** Schema in PostgreSQL that receives the copies. */
  targetSchema: "analytics",
  /** The repository file the job runs (`glue-scripts/<name>`). */
  script: "transactional-to-analytics.py",
} as const;

/** Worker types of Glue 5.0 Spark jobs. */
export const WORKER_TYPES = ["G.1X", "G.2X", "G.4X", "G.8X"] as const;

/** Lowercase SQL names, as the script accepts them. */
export const SQL_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** A `schema.table` name the job copies. */
export function validTableName(name: string): boolean {
  const [schema, table, ...rest] = name.split(".");
  return rest.length === 0 && SQL_NAME.test(schema ?? "") && SQL_NAME.test(table ?? "");
}
