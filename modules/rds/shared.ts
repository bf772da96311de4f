import { DbOptionGroup } from "@cdktf/provider-aws/lib/db-option-group";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import type { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import {
  CDC_SOURCE_PARAMETERS,
  DEFAULTS,
  ENGINES,
  MARIADB_AUDIT_EVENTS,
  statementLoggingParameters,
  type DatabaseEngine,
  type PostgresLogStatement,
} from "./profiles";

/** A parameter value; static parameters need `pending-reboot`. */
export type DatabaseParameter =
  string | { readonly value: string; readonly applyMethod: "immediate" | "pending-reboot" };

export interface GroupSettings {
  readonly engine: DatabaseEngine;
  readonly identifier: string;
  readonly major: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly extra: Readonly<Record<string, DatabaseParameter>>;
  readonly tags: Record<string, string>;
  readonly provider?: TerraformProvider;
}

/**
 * The parameter group (and for MariaDB the option group with the audit plugin) of one region.
 * `name_prefix` and create-before-destroy let a major upgrade create the new family's groups
 * before the instance moves to them.
 */
export function engineGroups(
  scope: Construct,
  idPrefix: string,
  s: GroupSettings,
): { parameterGroupName: string; optionGroupName?: string } {
  const parameter = [
    ...Object.entries(s.parameters).map(([name, value]) => ({ name, value, applyMethod: "immediate" })),
    ...Object.entries(s.extra).map(([name, p]) =>
      typeof p === "string" ? { name, value: p, applyMethod: "immediate" } : { name, ...p },
    ),
  ];
  const parameterGroup = new DbParameterGroup(scope, `${idPrefix}parameters`, {
    provider: s.provider,
    namePrefix: `${s.identifier}-`,
    family: ENGINES[s.engine].family(s.major),
    description: `${s.engine} ${s.major} parameters of ${s.identifier}: TLS required`,
    parameter,
    tags: { ...s.tags, Name: s.identifier },
    lifecycle: { createBeforeDestroy: true },
  });
  if (s.engine !== "mariadb") return { parameterGroupName: parameterGroup.name };
  const optionGroup = new DbOptionGroup(scope, `${idPrefix}options`, {
    provider: s.provider,
    namePrefix: `${s.identifier}-`,
    engineName: "mariadb",
    majorEngineVersion: s.major,
    optionGroupDescription: `MariaDB ${s.major} options of ${s.identifier}: audit plugin`,
    option: [
      {
        optionName: "MARIADB_AUDIT_PLUGIN",
        optionSettings: [{ name: "SERVER_AUDIT_EVENTS", value: MARIADB_AUDIT_EVENTS }],
      },
    ],
    tags: { ...s.tags, Name: s.identifier },
    lifecycle: { createBeforeDestroy: true },
  });
  return { parameterGroupName: parameterGroup.name, optionGroupName: optionGroup.name };
}

/** What every instance of the module shares, primary and replicas alike. */
export interface InstanceSettings {
  readonly engine: DatabaseEngine;
  readonly instanceClass: string;
  readonly monitoringRoleArn: string;
  /** Performance Insights on (the class supports it) with this retention and key, or off. */
  readonly performanceInsights: { readonly retentionDays: number; readonly kmsKeyArn: string } | undefined;
  readonly maxAllocatedStorage: number;
  readonly maintenanceWindow: string;
  readonly protect: boolean;
}

/**
 * The hardening of every instance: encrypted gp3, private, IAM authentication, enhanced
 * monitoring, Performance Insights where the class has it, log exports, auto minor upgrades,
 * deletion protection.
 */
export function instanceHardening(s: InstanceSettings) {
  return {
    instanceClass: s.instanceClass,
    storageEncrypted: true,
    publiclyAccessible: false,
    iamDatabaseAuthenticationEnabled: true,
    monitoringInterval: DEFAULTS.monitoringInterval,
    monitoringRoleArn: s.monitoringRoleArn,
    performanceInsightsEnabled: s.performanceInsights !== undefined,
    performanceInsightsRetentionPeriod: s.performanceInsights?.retentionDays,
    performanceInsightsKmsKeyId: s.performanceInsights?.kmsKeyArn,
    enabledCloudwatchLogsExports: [...ENGINES[s.engine].logExports],
    autoMinorVersionUpgrade: true,
    allowMajorVersionUpgrade: false,
    copyTagsToSnapshot: true,
    maxAllocatedStorage: s.maxAllocatedStorage,
    storageType: DEFAULTS.storageType,
    maintenanceWindow: s.maintenanceWindow,
    deletionProtection: s.protect,
    lifecycle: { preventDestroy: s.protect },
  };
}

/** What the module sets in the parameter group: TLS and logs, statement logging, CDC binlog. */
export function enforcedParameters(
  engine: DatabaseEngine,
  cdc: boolean,
  logging: { readonly logStatement: PostgresLogStatement; readonly slowStatementMs: number },
): Record<string, string> {
  const facts = ENGINES[engine];
  return {
    ...facts.enforcedParameters,
    ...(facts.statementLogging ? statementLoggingParameters(logging.logStatement, logging.slowStatementMs) : {}),
    ...(cdc ? CDC_SOURCE_PARAMETERS : {}),
  };
}
