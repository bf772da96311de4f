import { DataAwsDocdbOrderableDbInstance } from "@cdktf/provider-aws/lib/data-aws-docdb-orderable-db-instance";
import { DocdbCluster } from "@cdktf/provider-aws/lib/docdb-cluster";
import { DocdbClusterInstance } from "@cdktf/provider-aws/lib/docdb-cluster-instance";
import { DocdbClusterParameterGroup } from "@cdktf/provider-aws/lib/docdb-cluster-parameter-group";
import { DocdbSubnetGroup } from "@cdktf/provider-aws/lib/docdb-subnet-group";
import { Construct } from "constructs";
import { logRetentionIssues } from "../eks/checks";
import { createDataStoreBase, createStoreLogGroup, type DataStoreNetworkRef, type DataStoreProps } from "../data-store";
import type { PolicyStatement } from "../iam/policy";
import { windowIssues } from "../rds/windows";
import type { ServiceSecurityGroup } from "../security-group";
import type { SecurityGroupRef } from "../vpc";
import {
  AUDIT_LOG_MODES,
  CLUSTER_IDENTIFIER,
  DEFAULTS,
  DOCUMENTDB_WINDOWS,
  documentDbFamily,
  MAX_BACKUP_RETENTION_DAYS,
  MAX_INSTANCES,
  TLS_MODES,
  type DocumentDbAuditLogs,
  type DocumentDbProfileSettings,
  type DocumentDbTls,
} from "./defaults";

export {
  AUDIT_LOG_MODES,
  DEFAULTS,
  MAX_INSTANCES,
  TLS_MODES,
  type DocumentDbAuditLogs,
  type DocumentDbProfileSettings,
  type DocumentDbTls,
} from "./defaults";

/** The logs the cluster exports, each to `/aws/docdb/<identifier>/<type>`. */
const LOG_EXPORTS = ["audit", "profiler"] as const;

/** Where the cluster runs: the database tier of a `Vpc`, subnets in at least two AZs as DocumentDB requires. */
export type DocumentDbNetworkRef = DataStoreNetworkRef;

/** What an application needs to reach the cluster. */
export interface DocumentDbConnectionRef {
  /** Cluster (writer) endpoint; TLS only. */
  readonly endpoint: string;
  /** Reader endpoint, spread over the replicas. */
  readonly readerEndpoint: string;
  readonly port: number;
  /** The master user's secret, managed by DocumentDB in Secrets Manager (`username`, `password`). */
  readonly masterUserSecretArn: string;
}

export interface DocumentDbProps extends DataStoreProps {
  /**
   * Cluster identifier and prefix of every name, e.g. `acme-prod-us-east-1-docdb`; instances append
   * `-1`, `-2`, …. Changing it replaces the cluster.
   */
  readonly identifier: string;
  /**
   * Engine version; a plan fails early when the region does not offer `instanceClass` for it.
   * A higher version is an upgrade (`allow_major_version_upgrade` is off: set it for that apply).
   * @default "5.0.0"
   */
  readonly engineVersion?: string;
  /** @default - the profile's: db.t4g.medium */
  readonly instanceClass?: string;
  /**
   * Instances (1-16): the writer and readers in other AZs that take over on failure. Each costs the
   * instance class's price. Lowering it destroys the highest-numbered instances.
   * @default - the profile's: 3 (prod, seed 004), 2 (staging), 1 (dev)
   */
  readonly instances?: number;
  /** Days automated backups are kept (1-35). @default 7 */
  readonly backupRetentionDays?: number;
  /** Daily backup window, UTC, at least 30 minutes. @default "02:00-03:00" */
  readonly backupWindow?: string;
  /** Weekly maintenance window, UTC, at least 30 minutes, not overlapping the backup window. @default "sun:04:00-sun:05:00" */
  readonly maintenanceWindow?: string;
  /**
   * The `tls` cluster parameter: TLS is required either way; a minimum version refuses older clients.
   * Static: applied at the next reboot.
   * @default "enabled"
   */
  readonly tls?: DocumentDbTls;
  /** The `audit_logs` cluster parameter: which events reach the exported audit log. @default "enabled" */
  readonly auditLogs?: DocumentDbAuditLogs;
  /** Operations slower than this many milliseconds reach the exported profiler log (50-2147483646). @default 100 */
  readonly profilerThresholdMs?: number;
  /** Master user name; its password is managed by DocumentDB in Secrets Manager. Changing it replaces the cluster. @default "docdbadmin" */
  readonly masterUsername?: string;
  // kmsKeyArn (storage, snapshots, logs under `/aws/docdb/<identifier>/*`), logRetentionDays (audit
  // and profiler logs), deletionProtection (DocumentDB's flag and `prevent_destroy` on the cluster,
  // its instances, key and logs; a final snapshot `<identifier>-final` either way) and tags: DataStoreProps.
}

/**
 * A DocumentDB cluster in the database subnets: TLS enforced by its cluster parameter group, a CMK
 * at rest, backups, deletion protection, audit and profiler logs exported to encrypted log groups,
 * the master password managed by DocumentDB in Secrets Manager, and its own security group that
 * admits 27017 only from the groups given to `allowFrom`. Everything is in the stack provider's region.
 */
export class DocumentDb extends Construct {
  readonly clusterIdentifier: string;
  readonly clusterArn: string;
  readonly clusterResourceId: string;
  readonly endpoint: string;
  readonly readerEndpoint: string;
  readonly port: number;
  /** `master_user_secret[0].secret_arn`, encrypted with the account's `aws/secretsmanager` key (see the README). */
  readonly masterUserSecretArn: string;
  readonly kmsKeyArn: string;
  /** The cluster's group: admit clients with `allowFrom(peer)`. */
  readonly securityGroup: SecurityGroupRef;
  readonly connection: DocumentDbConnectionRef;

  private readonly group: ServiceSecurityGroup;

  constructor(scope: Construct, id: string, props: DocumentDbProps) {
    super(scope, id);
    const profile: DocumentDbProfileSettings = DEFAULTS.profiles[props.profile];
    const settings: ResolvedSettings = {
      engineVersion: props.engineVersion ?? DEFAULTS.engineVersion,
      instanceClass: props.instanceClass ?? profile.instanceClass,
      instances: props.instances ?? profile.instances,
      backupRetentionDays: props.backupRetentionDays ?? profile.backupRetentionDays,
      backupWindow: props.backupWindow ?? DEFAULTS.backupWindow,
      maintenanceWindow: props.maintenanceWindow ?? DEFAULTS.maintenanceWindow,
      tls: props.tls ?? DEFAULTS.tls,
      auditLogs: props.auditLogs ?? DEFAULTS.auditLogs,
      profilerThresholdMs: props.profilerThresholdMs ?? DEFAULTS.profilerThresholdMs,
      masterUsername: props.masterUsername ?? DEFAULTS.masterUsername,
      logRetentionDays: props.logRetentionDays ?? DEFAULTS.logRetentionDays,
    };
    const protect = props.deletionProtection ?? true;
    const tags = props.tags ?? {};
    const tagged = (name: string) => ({ ...tags, Name: name });
    const identifier = props.identifier;
    this.port = DEFAULTS.port;

    const issues = documentDbIssues(props, settings);
    this.node.addValidation({ validate: () => issues });

    const logGroupPrefix = `/aws/docdb/${identifier}`;
    const base = createDataStoreBase(this, props, {
      name: identifier,
      service: "DocumentDB",
      suffix: "docdb",
      encrypts: "storage, snapshots, logs",
      logGroupPrefix,
      port: this.port,
      key: id,
    });
    const kmsKeyArn = base.kmsKeyArn;
    this.kmsKeyArn = kmsKeyArn;
    this.group = base.group;
    this.securityGroup = this.group;

    const subnetGroup = new DocdbSubnetGroup(this, "subnet_group", {
      name: identifier,
      description: `DocumentDB ${identifier}: database subnets`,
      subnetIds: [...props.network.subnetIds],
      tags: tagged(identifier),
    });

    const parameterGroup = new DocdbClusterParameterGroup(this, "parameters", {
      namePrefix: `${identifier}-`,
      family: documentDbFamily(settings.engineVersion),
      description: `DocumentDB ${identifier}: TLS required, audit and profiler logs`,
      parameter: [
        // Static: DocumentDB applies it at the next reboot, which a new cluster's first start is.
        { name: "tls", value: settings.tls, applyMethod: "pending-reboot" },
        { name: "audit_logs", value: settings.auditLogs, applyMethod: "immediate" },
        { name: "profiler", value: "enabled", applyMethod: "immediate" },
        { name: "profiler_threshold_ms", value: String(settings.profilerThresholdMs), applyMethod: "immediate" },
      ],
      tags: tagged(identifier),
      lifecycle: { createBeforeDestroy: true },
    });

    // DocumentDB would create these itself, unencrypted and kept forever, on the first export.
    const logGroups = LOG_EXPORTS.map((logType) =>
      createStoreLogGroup(this, `${logType}_log`, props, {
        name: `${logGroupPrefix}/${logType}`,
        kmsKeyArn,
        retentionDays: settings.logRetentionDays,
        nameTag: `${identifier}-${logType}`,
      }),
    );

    // Fails the plan before anything is created when the region has no such class for the version.
    const offering = new DataAwsDocdbOrderableDbInstance(this, "instance_class_offered", {
      engine: "docdb",
      engineVersion: settings.engineVersion,
      instanceClass: settings.instanceClass,
      vpc: true,
    });

    const cluster = new DocdbCluster(this, "resource", {
      clusterIdentifier: identifier,
      engine: "docdb",
      engineVersion: settings.engineVersion,
      port: this.port,
      masterUsername: settings.masterUsername,
      manageMasterUserPassword: true,
      storageEncrypted: true,
      kmsKeyId: kmsKeyArn,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [this.group.securityGroupId],
      dbClusterParameterGroupName: parameterGroup.name,
      backupRetentionPeriod: settings.backupRetentionDays,
      preferredBackupWindow: settings.backupWindow,
      preferredMaintenanceWindow: settings.maintenanceWindow,
      enabledCloudwatchLogsExports: [...LOG_EXPORTS],
      allowMajorVersionUpgrade: false,
      deletionProtection: protect,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${identifier}-final`,
      tags: tagged(identifier),
      dependsOn: [...logGroups],
      lifecycle: { preventDestroy: protect },
    });

    // The instance class comes through the offering lookup, so the check runs before any instance.
    for (let n = 1; n <= instanceCount(settings.instances); n++) {
      const instanceId = `${identifier}-${n}`;
      new DocdbClusterInstance(this, `instance_${n}`, {
        identifier: instanceId,
        clusterIdentifier: cluster.id,
        engine: "docdb",
        instanceClass: offering.instanceClass,
        autoMinorVersionUpgrade: true,
        copyTagsToSnapshot: true,
        preferredMaintenanceWindow: settings.maintenanceWindow,
        tags: tagged(instanceId),
        lifecycle: { preventDestroy: protect },
      });
    }

    this.clusterIdentifier = cluster.clusterIdentifier;
    this.clusterArn = cluster.arn;
    this.clusterResourceId = cluster.clusterResourceId;
    this.endpoint = cluster.endpoint;
    this.readerEndpoint = cluster.readerEndpoint;
    this.masterUserSecretArn = cluster.masterUserSecret.get(0).secretArn;
    this.connection = {
      endpoint: this.endpoint,
      readerEndpoint: this.readerEndpoint,
      port: this.port,
      masterUserSecretArn: this.masterUserSecretArn,
    };
  }

  /** Admits `peer` (e.g. the application nodes' group) to 27017; nothing else reaches the cluster. */
  allowFrom(peer: SecurityGroupRef): void {
    this.group.allowFrom(peer);
  }

  /**
   * Lets a role read the master secret. DocumentDB encrypts it with the account's `aws/secretsmanager`
   * key, which Secrets Manager decrypts for any caller allowed `GetSecretValue`.
   */
  readMasterSecretStatements(): PolicyStatement[] {
    return [
      {
        Sid: "ReadDocumentDbMasterSecret",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        Resource: this.masterUserSecretArn,
      },
    ];
  }
}

interface ResolvedSettings {
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly instances: number;
  readonly backupRetentionDays: number;
  readonly backupWindow: string;
  readonly maintenanceWindow: string;
  readonly tls: DocumentDbTls;
  readonly auditLogs: DocumentDbAuditLogs;
  readonly profilerThresholdMs: number;
  readonly masterUsername: string;
  readonly logRetentionDays: number;
}

/** The instances to create: a count outside 1-16 is reported by validation and creates one. */
function instanceCount(requested: number): number {
  return Number.isInteger(requested) && requested >= 1 && requested <= MAX_INSTANCES ? requested : 1;
}

/** Every problem with the props, named by prop path. */
function documentDbIssues(props: DocumentDbProps, s: ResolvedSettings): string[] {
  const issues: string[] = [];
  const id = props.identifier;
  const longestInstance = `${id}-${instanceCount(s.instances)}`;
  if (!CLUSTER_IDENTIFIER.test(id) || longestInstance.length > 63) {
    issues.push(
      `identifier: "${id}" must be lowercase letters, digits and single hyphens, start with a letter, and leave room for the instance suffix ("${longestInstance}" is at most 63 characters)`,
    );
  }
  if (!/^\d+\.\d+\.\d+$/.test(s.engineVersion)) {
    issues.push(`engineVersion: "${s.engineVersion}" is not a DocumentDB engine version such as "5.0.0"`);
  }
  if (!/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(s.instanceClass)) {
    issues.push(`instanceClass: "${s.instanceClass}" is not a DocumentDB instance class such as db.t4g.medium`);
  }
  if (!Number.isInteger(s.instances) || s.instances < 1 || s.instances > MAX_INSTANCES) {
    issues.push(`instances: ${s.instances} is outside 1-${MAX_INSTANCES} (a writer and up to 15 readers)`);
  }
  if (props.network.subnetIds.length < 2) {
    issues.push("network.subnetIds: a DocumentDB subnet group needs subnets in at least two AZs");
  }
  if (
    !Number.isInteger(s.backupRetentionDays) ||
    s.backupRetentionDays < 1 ||
    s.backupRetentionDays > MAX_BACKUP_RETENTION_DAYS
  ) {
    issues.push(`backupRetentionDays: ${s.backupRetentionDays} is outside 1-${MAX_BACKUP_RETENTION_DAYS}`);
  }
  issues.push(...windowIssues(s.backupWindow, s.maintenanceWindow, DOCUMENTDB_WINDOWS));
  if (!(TLS_MODES as readonly string[]).includes(s.tls)) {
    issues.push(`tls: "${s.tls}" is not one of ${TLS_MODES.join(", ")}; TLS cannot be turned off`);
  }
  if (!(AUDIT_LOG_MODES as readonly string[]).includes(s.auditLogs)) {
    issues.push(
      `auditLogs: "${s.auditLogs}" is not one of ${AUDIT_LOG_MODES.join(", ")}; auditing cannot be turned off`,
    );
  }
  if (!Number.isInteger(s.profilerThresholdMs) || s.profilerThresholdMs < 50 || s.profilerThresholdMs > 2147483646) {
    issues.push(`profilerThresholdMs: ${s.profilerThresholdMs} is outside 50-2147483646`);
  }
  if (!/^[a-zA-Z][a-zA-Z0-9]{0,62}$/.test(s.masterUsername)) {
    issues.push(`masterUsername: "${s.masterUsername}" must be 1-63 letters and digits, starting with a letter`);
  }
  issues.push(...logRetentionIssues(s.logRetentionDays));
  return issues;
}
