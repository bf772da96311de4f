/** Typed DMS table mappings and task settings, rendered to the JSON the replication task takes. */

/** One reference table, named exactly; wildcards are refused. */
export interface ReferenceTable {
  /** MariaDB database (DMS "schema"), e.g. `reference`. */
  readonly schema: string;
  /** Table name, e.g. `country_codes`. */
  readonly table: string;
}

/** A selection rule of a DMS table mapping. */
interface SelectionRule {
  readonly "rule-type": "selection";
  readonly "rule-id": string;
  readonly "rule-name": string;
  readonly "object-locator": { readonly "schema-name": string; readonly "table-name": string };
  readonly "rule-action": "include" | "exclude";
  readonly filters: readonly never[];
}

export interface TableMappings {
  readonly rules: readonly SelectionRule[];
}

/**
 * DMS treats `%` (any run), `_` (one character) and `[...]` (a set) as wildcards in schema and
 * table names; `[_]` is a literal underscore. An exact name is written with `_` escaped.
 * @see https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TableMapping.SelectionTransformation.Wildcards.html
 */
export function exactName(name: string): string {
  return name.replace(/_/g, "[_]");
}

/** Problems with the table list: wildcards, empty or duplicate entries. */
export function tableIssues(tables: readonly ReferenceTable[]): string[] {
  const issues: string[] = [];
  if (tables.length === 0) issues.push("tables: give at least one reference table; an empty selection copies nothing");
  tables.forEach((t, i) => {
    for (const field of ["schema", "table"] as const) {
      const value = t[field];
      if (value.includes("%")) {
        issues.push(`tables[${i}].${field}: "${value}" has a % wildcard; name every table explicitly`);
      } else if (/[[\]]/.test(value)) {
        issues.push(`tables[${i}].${field}: "${value}" has a [ ] wildcard set; name every table explicitly`);
      } else if (value.trim() === "") {
        issues.push(`tables[${i}].${field}: must not be empty`);
      }
    }
    const first = tables.findIndex((o) => o.schema === t.schema && o.table === t.table);
    if (first < i) issues.push(`tables[${i}]: ${t.schema}.${t.table} is already tables[${first}]`);
  });
  return issues;
}

/** One explicit include rule per table, numbered in the given order. */
export function tableMappings(tables: readonly ReferenceTable[]): TableMappings {
  return {
    rules: tables.map((t, i) => ({
      "rule-type": "selection",
      "rule-id": String(i + 1),
      "rule-name": `include-${t.schema}-${t.table}`,
      "object-locator": { "schema-name": exactName(t.schema), "table-name": exactName(t.table) },
      "rule-action": "include",
      filters: [],
    })),
  };
}

type Severity = "LOGGER_SEVERITY_DEFAULT" | "LOGGER_SEVERITY_WARNING" | "LOGGER_SEVERITY_ERROR";

/** The part of the DMS task settings document this module decides. */
export interface ReplicationTaskSettings {
  readonly TargetMetadata: {
    readonly SupportLobs: boolean;
    readonly FullLobMode: boolean;
    readonly LimitedSizeLobMode: boolean;
    /** KB. */
    readonly LobMaxSize: number;
  };
  readonly FullLoadSettings: {
    /** Keep the target tables (created by the application's migrations), empty them before the load. */
    readonly TargetTablePrepMode: "DO_NOTHING" | "TRUNCATE_BEFORE_LOAD" | "DROP_AND_CREATE";
    readonly MaxFullLoadSubTasks: number;
    readonly CommitRate: number;
  };
  readonly Logging: {
    readonly EnableLogging: boolean;
    readonly LogComponents: readonly { readonly Id: string; readonly Severity: Severity }[];
  };
  readonly ValidationSettings: {
    readonly EnableValidation: boolean;
    readonly ValidationMode: "ROW_LEVEL";
    readonly ThreadCount: number;
    readonly FailureMaxCount: number;
    readonly TableFailureMaxCount: number;
    readonly ValidationOnly: boolean;
  };
  readonly ChangeProcessingDdlHandlingPolicy: {
    readonly HandleSourceTableDropped: boolean;
    readonly HandleSourceTableTruncated: boolean;
    readonly HandleSourceTableAltered: boolean;
  };
}

/**
 * Settings of the reference-table task: CloudWatch logging of every component that moves data,
 * row-level validation, target tables kept (truncated before the full load), and source DDL other
 * than TRUNCATE not replayed: each region's schema comes from its own migrations.
 */
export function referenceTaskSettings(): ReplicationTaskSettings {
  return {
    TargetMetadata: { SupportLobs: true, FullLobMode: false, LimitedSizeLobMode: true, LobMaxSize: 32 },
    FullLoadSettings: { TargetTablePrepMode: "TRUNCATE_BEFORE_LOAD", MaxFullLoadSubTasks: 8, CommitRate: 10000 },
    Logging: {
      EnableLogging: true,
      LogComponents: [
        "SOURCE_UNLOAD",
        "SOURCE_CAPTURE",
        "TARGET_LOAD",
        "TARGET_APPLY",
        "TASK_MANAGER",
        "VALIDATOR_EXT",
      ].map((Id) => ({ Id, Severity: "LOGGER_SEVERITY_DEFAULT" as const })),
    },
    ValidationSettings: {
      EnableValidation: true,
      ValidationMode: "ROW_LEVEL",
      ThreadCount: 5,
      FailureMaxCount: 10000,
      TableFailureMaxCount: 1000,
      ValidationOnly: false,
    },
    ChangeProcessingDdlHandlingPolicy: {
      HandleSourceTableDropped: false,
      HandleSourceTableTruncated: true,
      HandleSourceTableAltered: false,
    },
  };
}
