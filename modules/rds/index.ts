import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, policyJson, type PolicyStatement } from "../iam/policy";
import { KmsKeyWithAlias } from "../kms-key";
import {
  DEFAULTS,
  ENGINES,
  INSTANCE_CLASS_FORMAT,
  MAX_READ_REPLICAS,
  POSTGRES_LOG_STATEMENTS,
  retentionWithoutPerformanceInsights,
  supportsPerformanceInsights,
  validPerformanceInsightsRetention,
  type DatabaseEngine,
  type EnvironmentProfile,
  type PostgresLogStatement,
  type ProfileSettings,
} from "./profiles";
import { enforcedParameters, engineGroups, instanceHardening, type DatabaseParameter } from "./shared";
import { windowIssues } from "./windows";

export {
  CLASSES_WITHOUT_PERFORMANCE_INSIGHTS,
  DEFAULTS,
  MAX_READ_REPLICAS,
  POSTGRES_LOG_STATEMENTS,
  type DatabaseEngine,
  type EnvironmentProfile,
  type PostgresLogStatement,
  type ProfileSettings,
} from "./profiles";
export { CrossRegionReplica, type CrossRegionReplicaProps } from "./cross-region-replica";
export type { DatabaseParameter } from "./shared";

/** Where the database runs: the database tier of a `Vpc`. */
export interface DatabaseNetworkRef {
  /** DB subnet group on the database subnets (`vpc.dbSubnetGroupName`). */
  readonly subnetGroupName: string;
  /** The database security group (`vpc.securityGroups.database.securityGroupId`). */
  readonly securityGroupId: string;
}

/** What a client of the database (an application, a DMS endpoint) needs to reach it. */
export interface DatabaseConnectionRef {
  readonly engine: DatabaseEngine;
  /** Host name of the primary (`address`), the name its TLS certificate carries. */
  readonly address: string;
  readonly port: number;
  /** The security group clients must be admitted to (`vpc.allowDatabaseFrom(peer, port)`). */
  readonly securityGroupId: string;
  /** The CMK of storage, Performance Insights and the master secret. */
  readonly kmsKeyArn: string;
  /** Secrets Manager secret of the master user (username and password only, no host or port). */
  readonly masterUserSecretArn: string;
}

export interface DatabaseProps {
  /** `postgres` for the application, `mariadb` for transactional and reference data. Changing it replaces the instance. */
  readonly engine: DatabaseEngine;
  /**
   * DB instance identifier, e.g. `acme-prod-us-east-1-app`; replicas append `-replica`,
   * `-replica-2`, … (and a disaster-recovery replica `-dr`). Changing it replaces the instance.
   */
  readonly identifier: string;
  /** Region of the stack's default provider (for validation and IAM database authentication ARNs). */
  readonly region: string;
  /** Account that owns the database and, when the module creates it, the CMK. */
  readonly accountId: string;
  /** Environment profile whose values apply unless a prop below overrides them (see `DEFAULTS.profiles`). */
  readonly profile: EnvironmentProfile;
  /** Database subnets and security group. */
  readonly network: DatabaseNetworkRef;
  /** Role for enhanced monitoring, created once per account (`RdsMonitoringRole`). */
  readonly monitoringRoleArn: string;
  /**
   * CMK for storage, Performance Insights and the master user secret. Changing it replaces the instance.
   * @default - a new key with the alias `<identifier>-rds`
   */
  readonly kmsKeyArn?: string;
  /**
   * Major engine version. A full minor version is refused: auto minor upgrades are on.
   * A different major version is an upgrade (the parameter and option groups are replaced first).
   * @default DEFAULTS.engineVersions - "16" for postgres, "10.11" for mariadb
   */
  readonly engineVersion?: string;
  /**
   * Instance class of the primary and its replicas. A class without Performance Insights
   * (`CLASSES_WITHOUT_PERFORMANCE_INSIGHTS`: the micro and small burstable classes, e.g. the dev
   * db.t3.micro) runs with Performance Insights off, and the module warns.
   * @default - the profile's: db.t4g.large (prod), db.t4g.medium (staging, dev)
   */
  readonly instanceClass?: string;
  /** Standby in a second AZ (doubles the instance cost). @default - the profile's: true except dev */
  readonly multiAz?: boolean;
  /** gp3 storage in GiB at creation. @default - the profile's: 100 (prod), 50 (staging), 20 (dev) */
  readonly allocatedStorage?: number;
  /** Storage autoscaling ceiling in GiB (`max_allocated_storage`). @default - the profile's: 1000 (prod), 200, 100 */
  readonly maxAllocatedStorage?: number;
  /** Days automated backups are kept (0-35). @default - the profile's: 30 (prod), 7 (staging), 1 (dev) */
  readonly backupRetentionDays?: number;
  /** Daily backup window, UTC. @default "02:00-03:00" */
  readonly backupWindow?: string;
  /** Weekly maintenance window, UTC; must not overlap the backup window. @default "sun:04:00-sun:05:00" */
  readonly maintenanceWindow?: string;
  /**
   * Read replicas in the same region, 0-5: `<identifier>-replica`, then `<identifier>-replica-2`
   * up to `-replica-5` (addresses `<id>_replica`, `<id>_replica_2`, …, so the first keeps the
   * address it had as the one optional replica). Each costs as much as the primary's instance;
   * lowering the count destroys the highest-numbered replicas.
   * @default - the profile's: 1 (prod), 0 (staging, dev)
   */
  readonly readReplicas?: number;
  /**
   * One read replica or none; `readReplicas` says the same with a count.
   * @deprecated use `readReplicas` (`true` is 1, `false` 0); kept while callers still pass the boolean
   * @default - the profile's
   */
  readonly readReplica?: boolean;
  /**
   * PostgreSQL only: which statements `log_statement` logs into the exported `postgresql` log.
   * @default - the profile's: "ddl" (schema changes) everywhere
   * @see https://www.postgresql.org/docs/16/runtime-config-logging.html#GUC-LOG-STATEMENT
   */
  readonly logStatement?: PostgresLogStatement;
  /**
   * PostgreSQL only: `log_min_duration_statement` in milliseconds; slower statements are logged
   * with their duration (-1 turns it off, 0 logs every statement).
   * @default - the profile's: 1000 (prod, staging), 250 (dev)
   */
  readonly slowStatementMs?: number;
  /**
   * Performance Insights retention in days: 7 (free), 31 × months up to 713, or 731. Refused with
   * a class that has no Performance Insights.
   * @default 7
   */
  readonly performanceInsightsRetentionDays?: number;
  /**
   * This MariaDB is a source that AWS DMS reads changes from: binlog_format ROW, binlog_row_image
   * FULL, binlog_checksum NONE (backups, which keep the binary log, must be on).
   * @default false
   * @see https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Source.MySQL.html
   */
  readonly changeDataCaptureSource?: boolean;
  /**
   * Database created with the instance.
   * @default - none (migrations create it)
   */
  readonly databaseName?: string;
  /** Master user name; its password lives in Secrets Manager. Changing it replaces the instance. @default "dbadmin" */
  readonly masterUsername?: string;
  /**
   * Extra engine parameters. The TLS, log and (for a CDC source) binlog parameters the module sets cannot be overridden.
   * @default {}
   */
  readonly parameters?: Readonly<Record<string, DatabaseParameter>>;
  /**
   * Deletion protection on every instance, `prevent_destroy` on them and on a created CMK. Turn it
   * off only in dev. A final snapshot (`<identifier>-final`) is taken either way.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /** Tags on every resource, besides the provider's default tags. @default {} */
  readonly tags?: Record<string, string>;
}

/** An instance of the module as other code sees it. */
export interface DatabaseInstanceRef {
  readonly instanceId: string;
  readonly instanceArn: string;
  readonly address: string;
}

/**
 * An RDS instance (PostgreSQL or MariaDB) in the database tier, hardened and sized by environment
 * profile: CMK encryption, TLS forced by parameter group, IAM authentication, a managed master
 * password, enhanced monitoring, Performance Insights, log exports, backups, and replicas.
 */
export class Database extends Construct {
  readonly engine: DatabaseEngine;
  readonly instance: DbInstance;
  readonly instanceId: string;
  readonly instanceArn: string;
  /** `address:port`. */
  readonly endpoint: string;
  readonly address: string;
  readonly port: number;
  /** Resource id (`db-...`), used in IAM database authentication ARNs. */
  readonly resourceId: string;
  /** The master user's secret (`master_user_secret[0].secret_arn`). */
  readonly masterUserSecretArn: string;
  readonly kmsKeyArn: string;
  readonly securityGroupId: string;
  readonly parameterGroupName: string;
  /** What a client (application, DMS endpoint) needs. */
  readonly connection: DatabaseConnectionRef;
  /** The first same-region read replica, when there is one. */
  readonly readReplica?: DatabaseInstanceRef;
  /** Every same-region read replica, in order (`-replica`, `-replica-2`, …). */
  readonly readReplicas: DatabaseInstanceRef[];

  private readonly region: string;
  private readonly accountId: string;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const facts = ENGINES[props.engine];
    const profile: ProfileSettings = DEFAULTS.profiles[props.profile];
    const settings = {
      instanceClass: props.instanceClass ?? profile.instanceClass,
      multiAz: props.multiAz ?? profile.multiAz,
      allocatedStorage: props.allocatedStorage ?? profile.allocatedStorage,
      maxAllocatedStorage: props.maxAllocatedStorage ?? profile.maxAllocatedStorage,
      backupRetentionDays: props.backupRetentionDays ?? profile.backupRetentionDays,
      readReplicas:
        props.readReplicas ?? (props.readReplica === undefined ? profile.readReplicas : Number(props.readReplica)),
      backupWindow: props.backupWindow ?? DEFAULTS.backupWindow,
      maintenanceWindow: props.maintenanceWindow ?? DEFAULTS.maintenanceWindow,
      engineVersion: props.engineVersion ?? DEFAULTS.engineVersions[props.engine],
      piRetention: props.performanceInsightsRetentionDays ?? DEFAULTS.performanceInsightsRetentionDays,
      logStatement: props.logStatement ?? profile.logStatement,
      slowStatementMs: props.slowStatementMs ?? profile.slowStatementMs,
    };
    const protect = props.deletionProtection ?? true;
    const cdc = props.changeDataCaptureSource ?? false;
    const tags = props.tags ?? {};
    this.engine = props.engine;
    this.region = props.region;
    this.accountId = props.accountId;

    const major = facts.major(settings.engineVersion) ?? DEFAULTS.engineVersions[props.engine];
    const issues = databaseIssues(props, settings, major);
    this.node.addValidation({ validate: () => issues });

    const kmsKeyArn =
      props.kmsKeyArn ??
      new KmsKeyWithAlias(this, "key", {
        alias: `${props.identifier}-rds`,
        description: `RDS ${props.engine} ${props.identifier}: storage, Performance Insights, master secret`,
        accountId: props.accountId,
        deletionProtection: protect,
      }).keyArn;

    const parameters = enforcedParameters(props.engine, cdc, settings);
    const groups = engineGroups(this, "", {
      engine: props.engine,
      identifier: props.identifier,
      major,
      parameters,
      extra: props.parameters ?? {},
      tags,
    });

    const performanceInsights = supportsPerformanceInsights(settings.instanceClass)
      ? { retentionDays: settings.piRetention, kmsKeyArn }
      : undefined;
    if (performanceInsights === undefined) {
      Annotations.of(this).addWarning(
        `instanceClass: ${settings.instanceClass} has no Performance Insights; ${props.identifier} and its replicas run without it`,
      );
    }

    // Shared by the primary and its replicas.
    const hardening = instanceHardening({
      engine: props.engine,
      instanceClass: settings.instanceClass,
      monitoringRoleArn: props.monitoringRoleArn,
      performanceInsights,
      maxAllocatedStorage: settings.maxAllocatedStorage,
      maintenanceWindow: settings.maintenanceWindow,
      protect,
    });

    this.instance = new DbInstance(this, "resource", {
      ...hardening,
      identifier: props.identifier,
      engine: props.engine,
      engineVersion: settings.engineVersion,
      engineLifecycleSupport: facts.takesLifecycleSupport ? DEFAULTS.engineLifecycleSupport : undefined,
      allocatedStorage: settings.allocatedStorage,
      multiAz: settings.multiAz,
      kmsKeyId: kmsKeyArn,
      dbSubnetGroupName: props.network.subnetGroupName,
      vpcSecurityGroupIds: [props.network.securityGroupId],
      parameterGroupName: groups.parameterGroupName,
      optionGroupName: groups.optionGroupName,
      dbName: props.databaseName,
      username: props.masterUsername ?? DEFAULTS.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: kmsKeyArn,
      backupRetentionPeriod: settings.backupRetentionDays,
      backupWindow: settings.backupWindow,
      deleteAutomatedBackups: false,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${props.identifier}-final`,
      tags: { ...tags, Name: props.identifier },
    });
    this.instanceId = this.instance.identifier;
    this.instanceArn = this.instance.arn;
    this.endpoint = this.instance.endpoint;
    this.address = this.instance.address;
    this.port = facts.port;
    this.resourceId = this.instance.resourceId;
    this.masterUserSecretArn = this.instance.masterUserSecret.get(0).secretArn;
    this.kmsKeyArn = kmsKeyArn;
    this.securityGroupId = props.network.securityGroupId;
    this.parameterGroupName = groups.parameterGroupName;
    this.connection = {
      engine: props.engine,
      address: this.address,
      port: this.port,
      securityGroupId: this.securityGroupId,
      kmsKeyArn,
      masterUserSecretArn: this.masterUserSecretArn,
    };

    // Replicas inherit engine, version, credentials and encryption from their source. They set no
    // master password (a MariaDB replica rejects a managed one), no engine lifecycle setting
    // (CreateDBInstanceReadReplica takes none) and no final snapshot (RDS refuses one for a replica).
    const replicaCommon = {
      ...hardening,
      backupRetentionPeriod: undefined,
      skipFinalSnapshot: true,
    };

    // Same region: the source's identifier; the subnet group is the source's (RDS rejects one here).
    this.readReplicas = Array.from({ length: replicaCount(settings.readReplicas) }, (_, i) => {
      const suffix = i === 0 ? "replica" : `replica-${i + 1}`;
      const replica = new DbInstance(this, suffix.replace("-", "_"), {
        ...replicaCommon,
        identifier: `${props.identifier}-${suffix}`,
        replicateSourceDb: this.instance.identifier,
        vpcSecurityGroupIds: [props.network.securityGroupId],
        parameterGroupName: groups.parameterGroupName,
        optionGroupName: groups.optionGroupName,
        tags: { ...tags, Name: `${props.identifier}-${suffix}` },
      });
      return { instanceId: replica.identifier, instanceArn: replica.arn, address: replica.address };
    });
    this.readReplica = this.readReplicas[0];
  }

  /** Lets an IAM principal log in as `dbUser` with an IAM authentication token (rds-db:connect). */
  connectStatement(dbUser: string): PolicyStatement {
    return {
      Effect: "Allow",
      Action: "rds-db:connect",
      Resource: `arn:aws:rds-db:${this.region}:${this.accountId}:dbuser:${this.resourceId}/${dbUser}`,
    };
  }
}

interface ResolvedSettings {
  readonly instanceClass: string;
  readonly allocatedStorage: number;
  readonly maxAllocatedStorage: number;
  readonly backupRetentionDays: number;
  readonly readReplicas: number;
  readonly backupWindow: string;
  readonly maintenanceWindow: string;
  readonly engineVersion: string;
  readonly piRetention: number;
  readonly logStatement: PostgresLogStatement;
  readonly slowStatementMs: number;
}

/** Every problem with the props, named by prop path. */
function databaseIssues(props: DatabaseProps, s: ResolvedSettings, major: string): string[] {
  const issues: string[] = [];
  const facts = ENGINES[props.engine];
  const id = props.identifier;
  const longestSuffix = s.readReplicas > 1 ? `-replica-${replicaCount(s.readReplicas)}` : "-replica";
  if (!/^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/.test(id) || `${id}${longestSuffix}`.length > 63) {
    issues.push(
      `identifier: "${id}" must be lowercase letters, digits and single hyphens, start with a letter, and leave room for "${longestSuffix}" (${63 - longestSuffix.length} characters at most)`,
    );
  }
  if (!Number.isInteger(s.readReplicas) || s.readReplicas < 0 || s.readReplicas > MAX_READ_REPLICAS) {
    issues.push(`readReplicas: ${s.readReplicas} is outside 0-${MAX_READ_REPLICAS}`);
  }
  if (props.readReplicas !== undefined && props.readReplica !== undefined) {
    issues.push("readReplica: give readReplicas only (readReplica is its deprecated boolean form)");
  }
  const parsedMajor = facts.major(s.engineVersion);
  if (parsedMajor === undefined) {
    issues.push(`engineVersion: "${s.engineVersion}" is not a ${props.engine} version`);
  } else if (parsedMajor !== s.engineVersion) {
    issues.push(
      `engineVersion: "${s.engineVersion}" pins a minor version while auto minor upgrades are on; give the major version "${major}"`,
    );
  }
  if (!INSTANCE_CLASS_FORMAT.test(s.instanceClass)) {
    issues.push(
      `instanceClass: "${s.instanceClass}" is not an RDS instance class; give db.<family>.<size>, e.g. db.t4g.medium or db.r6g.large`,
    );
  } else {
    issues.push(...retentionWithoutPerformanceInsights(s.instanceClass, props.performanceInsightsRetentionDays));
  }
  if (!validPerformanceInsightsRetention(s.piRetention)) {
    issues.push(`performanceInsightsRetentionDays: ${s.piRetention} is not 7, a multiple of 31 up to 713, or 731`);
  }
  if (!Number.isInteger(s.allocatedStorage) || s.allocatedStorage < 20 || s.allocatedStorage > 65536) {
    issues.push(`allocatedStorage: ${s.allocatedStorage} is outside 20-65536 GiB (gp3)`);
  }
  if (s.maxAllocatedStorage <= s.allocatedStorage) {
    issues.push(
      `maxAllocatedStorage: ${s.maxAllocatedStorage} must exceed allocatedStorage ${s.allocatedStorage} for storage autoscaling`,
    );
  }
  if (!Number.isInteger(s.backupRetentionDays) || s.backupRetentionDays < 0 || s.backupRetentionDays > 35) {
    issues.push(`backupRetentionDays: ${s.backupRetentionDays} is outside 0-35`);
  }
  const needsBackups = [
    s.readReplicas > 0 ? "readReplicas" : undefined,
    props.changeDataCaptureSource === true ? "changeDataCaptureSource" : undefined,
  ].filter((x) => x !== undefined);
  if (s.backupRetentionDays === 0 && needsBackups.length > 0) {
    issues.push(`backupRetentionDays: 0 turns backups off, which ${needsBackups.join(" and ")} need`);
  }
  issues.push(...windowIssues(s.backupWindow, s.maintenanceWindow));
  if (props.changeDataCaptureSource === true && props.engine !== "mariadb") {
    issues.push(`changeDataCaptureSource: the binlog settings are MariaDB's; ${props.engine} is not supported`);
  }
  if (!facts.statementLogging) {
    for (const prop of ["logStatement", "slowStatementMs"] as const) {
      if (props[prop] !== undefined) {
        issues.push(`${prop}: PostgreSQL's statement logging; ${props.engine} logs slow queries with slow_query_log`);
      }
    }
  }
  if (!(POSTGRES_LOG_STATEMENTS as readonly string[]).includes(s.logStatement)) {
    issues.push(`logStatement: "${s.logStatement}" is not one of ${POSTGRES_LOG_STATEMENTS.join(", ")}`);
  }
  if (!Number.isInteger(s.slowStatementMs) || s.slowStatementMs < -1) {
    issues.push(`slowStatementMs: ${s.slowStatementMs} must be a whole number of milliseconds, or -1 for off`);
  }
  const enforced = enforcedParameters(props.engine, props.changeDataCaptureSource ?? false, s);
  for (const name of Object.keys(props.parameters ?? {})) {
    if (name in enforced) issues.push(`parameters.${name}: the module sets it to "${enforced[name]}"; remove it`);
  }
  return issues;
}

/** The replicas to create: a count outside 0-5 is reported by validation and creates none. */
function replicaCount(requested: number): number {
  return Number.isInteger(requested) && requested >= 0 && requested <= MAX_READ_REPLICAS ? requested : 0;
}

export interface RdsMonitoringRoleProps {
  /**
   * IAM role name; one role serves every instance of the account (IAM is global).
   * @default "rds-enhanced-monitoring"
   */
  readonly roleName?: string;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * The role RDS enhanced monitoring publishes OS metrics with, trusted by
 * `monitoring.rds.amazonaws.com` with the AWS managed `AmazonRDSEnhancedMonitoringRole` policy.
 * Create it once per account (in one stack) and pass `roleArn` to every `Database`.
 */
export class RdsMonitoringRole extends Construct {
  readonly roleArn: string;
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: RdsMonitoringRoleProps = {}) {
    super(scope, id);
    const role = new IamRole(this, "resource", {
      name: props.roleName ?? "rds-enhanced-monitoring",
      description: "RDS enhanced monitoring publishes OS metrics to CloudWatch Logs",
      assumeRolePolicy: policyJson(
        policyDocument({
          Effect: "Allow",
          Principal: { Service: "monitoring.rds.amazonaws.com" },
          Action: "sts:AssumeRole",
        }),
      ),
      tags: props.tags,
    });
    new IamRolePolicyAttachment(this, "policy", {
      role: role.name,
      policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
    });
    this.roleArn = role.arn;
    this.roleName = role.name;
  }
}
