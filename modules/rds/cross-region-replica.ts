import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { KmsKeyWithAlias } from "../kms-key";
import {
  DEFAULTS,
  ENGINES,
  retentionWithoutPerformanceInsights,
  supportsPerformanceInsights,
  type DatabaseEngine,
  type EnvironmentProfile,
  type PostgresLogStatement,
} from "./profiles";
import { enforcedParameters, engineGroups, instanceHardening, type DatabaseParameter } from "./shared";

export interface CrossRegionReplicaProps {
  /** Engine of the source; the replica inherits it with the version. */
  readonly engine: DatabaseEngine;
  /**
   * ARN of the source instance in another region (`arn:aws:rds:<region>:<account>:db:<identifier>`):
   * across regions RDS takes the source by ARN. The source must exist when the replica is created.
   */
  readonly sourceArn: string;
  /** Identifier of the replica, e.g. `acme-prod-us-east-1-postgres-dr`. Changing it replaces the replica. */
  readonly identifier: string;
  /** Region of this replica (the stack's provider), for validation. */
  readonly region: string;
  /** Account of the source and the replica (the created key's policy). */
  readonly accountId: string;
  /** Environment profile whose instance class applies unless `instanceClass` is given. */
  readonly profile: EnvironmentProfile;
  /** Database subnets and security group of this region's VPC. */
  readonly network: { readonly subnetGroupName: string; readonly securityGroupId: string };
  /** The account's enhanced monitoring role (`RdsMonitoringRole`). */
  readonly monitoringRoleArn: string;
  /**
   * Major engine version of the source, for the replica's parameter (and option) group family.
   * @default DEFAULTS.engineVersions - "16" for postgres, "10.11" for mariadb
   */
  readonly engineVersion?: string;
  /**
   * CMK in this region for storage and Performance Insights (a key of the source region cannot be used here).
   * @default - a new key with the alias `<identifier>-rds`
   */
  readonly kmsKeyArn?: string;
  /**
   * A class without Performance Insights runs the replica with it off, with a warning.
   * @default - the profile's instance class
   */
  readonly instanceClass?: string;
  /** A standby for the replica (doubles its cost; the pair survives an AZ loss once promoted). @default false */
  readonly multiAz?: boolean;
  /** The source's extra parameters, so that a promoted replica behaves the same. @default {} */
  readonly parameters?: Readonly<Record<string, DatabaseParameter>>;
  /** The source keeps a binary log for DMS: the replica's group carries the same binlog settings. @default false */
  readonly changeDataCaptureSource?: boolean;
  /** PostgreSQL statement logging, as the source's. @default - the profile's ("ddl") */
  readonly logStatement?: PostgresLogStatement;
  /** PostgreSQL slow statement threshold in ms, as the source's. @default - the profile's (1000; 250 in dev) */
  readonly slowStatementMs?: number;
  /** Performance Insights retention, where the class has Performance Insights. @default 7 */
  readonly performanceInsightsRetentionDays?: number;
  /** @default - the profile's storage autoscaling ceiling */
  readonly maxAllocatedStorage?: number;
  /** @default "sun:04:00-sun:05:00" */
  readonly maintenanceWindow?: string;
  /** Deletion protection and `prevent_destroy` on the replica and a created key. @default true */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * A disaster-recovery read replica of an RDS instance in another region, declared in the stack
 * of the replica's own region: its provider, key, subnets, security group and parameter groups
 * are all this region's, and the stack depends on the source's.
 */
export class CrossRegionReplica extends Construct {
  readonly instanceId: string;
  readonly instanceArn: string;
  readonly address: string;

  constructor(scope: Construct, id: string, props: CrossRegionReplicaProps) {
    super(scope, id);
    const profile = DEFAULTS.profiles[props.profile];
    const protect = props.deletionProtection ?? true;
    const tags = props.tags ?? {};
    const version = props.engineVersion ?? DEFAULTS.engineVersions[props.engine];
    const major = ENGINES[props.engine].major(version) ?? DEFAULTS.engineVersions[props.engine];
    const sourceRegion = props.sourceArn.split(":")[3];
    const instanceClass = props.instanceClass ?? profile.instanceClass;
    const issues = [
      ...(sourceRegion === props.region
        ? [`sourceArn: the source is in ${props.region} too; a same-region replica is Database's readReplicas`]
        : []),
      ...retentionWithoutPerformanceInsights(instanceClass, props.performanceInsightsRetentionDays),
    ];
    this.node.addValidation({ validate: () => issues });

    const kmsKeyArn =
      props.kmsKeyArn ??
      new KmsKeyWithAlias(this, "key", {
        alias: `${props.identifier}-rds`,
        description: `RDS ${props.engine} disaster-recovery replica ${props.identifier}: storage, Performance Insights`,
        accountId: props.accountId,
        deletionProtection: protect,
      }).keyArn;
    const groups = engineGroups(this, "", {
      engine: props.engine,
      identifier: props.identifier,
      major,
      parameters: enforcedParameters(props.engine, props.changeDataCaptureSource ?? false, {
        logStatement: props.logStatement ?? profile.logStatement,
        slowStatementMs: props.slowStatementMs ?? profile.slowStatementMs,
      }),
      extra: props.parameters ?? {},
      tags,
    });
    const performanceInsights = supportsPerformanceInsights(instanceClass)
      ? {
          retentionDays: props.performanceInsightsRetentionDays ?? DEFAULTS.performanceInsightsRetentionDays,
          kmsKeyArn,
        }
      : undefined;
    if (performanceInsights === undefined) {
      Annotations.of(this).addWarning(
        `instanceClass: ${instanceClass} has no Performance Insights; ${props.identifier} runs without it`,
      );
    }
    // A replica inherits engine, version and credentials from its source: no master password, no
    // engine lifecycle setting, no backups of its own, and no final snapshot (RDS refuses one).
    const replica = new DbInstance(this, "resource", {
      ...instanceHardening({
        engine: props.engine,
        instanceClass,
        monitoringRoleArn: props.monitoringRoleArn,
        performanceInsights,
        maxAllocatedStorage: props.maxAllocatedStorage ?? profile.maxAllocatedStorage,
        maintenanceWindow: props.maintenanceWindow ?? DEFAULTS.maintenanceWindow,
        protect,
      }),
      identifier: props.identifier,
      replicateSourceDb: props.sourceArn,
      multiAz: props.multiAz ?? false,
      kmsKeyId: kmsKeyArn,
      dbSubnetGroupName: props.network.subnetGroupName,
      vpcSecurityGroupIds: [props.network.securityGroupId],
      parameterGroupName: groups.parameterGroupName,
      optionGroupName: groups.optionGroupName,
      skipFinalSnapshot: true,
      tags: { ...tags, Name: props.identifier },
    });
    this.instanceId = replica.identifier;
    this.instanceArn = replica.arn;
    this.address = replica.address;
  }
}
