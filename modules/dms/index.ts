import {
  CloudwatchMetricAlarm,
  type CloudwatchMetricAlarmConfig,
} from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DmsCertificate } from "@cdktf/provider-aws/lib/dms-certificate";
import { DmsEndpoint } from "@cdktf/provider-aws/lib/dms-endpoint";
import { DmsEventSubscription } from "@cdktf/provider-aws/lib/dms-event-subscription";
import { DmsReplicationInstance } from "@cdktf/provider-aws/lib/dms-replication-instance";
import { DmsReplicationSubnetGroup } from "@cdktf/provider-aws/lib/dms-replication-subnet-group";
import { DmsReplicationTask } from "@cdktf/provider-aws/lib/dms-replication-task";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Fn, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, policyJson, type PolicyStatement } from "../iam/policy";
import { KmsKeyWithAlias } from "../kms-key";
import type { SecurityGroupRef } from "../vpc";
import { referenceTaskSettings, tableIssues, tableMappings, type ReferenceTable } from "./task";

export { DmsEndpointCredentials, type DmsEndpointCredentialsProps } from "./credentials";
export {
  exactName,
  referenceTaskSettings,
  tableMappings,
  type ReferenceTable,
  type ReplicationTaskSettings,
} from "./task";

/** Defaults resolved once; the replication engine version is pinned here. */
export const DEFAULTS = {
  /** A 3.5.x engine (released 2024-11-15, the DMS default engine); DMS does not downgrade engines. */
  engineVersion: "3.5.4",
  instanceClass: "dms.t3.medium",
  allocatedStorage: 50,
  multiAz: true,
  port: 3306,
  /** Weekly, UTC; after the RDS maintenance window of the `rds` module. */
  maintenanceWindow: "sun:06:00-sun:07:00",
  /** CDC latency (seconds) above which the lag alarms fire. */
  maxLagSeconds: 300,
  /** Alarm period in seconds and periods evaluated. */
  alarmPeriod: 300,
  alarmEvaluationPeriods: 3,
} as const;

/** The fixed names DMS looks up in every account, with their AWS managed policies. */
const SERVICE_ROLES = {
  vpc_role: { name: "dms-vpc-role", policy: "AmazonDMSVPCManagementRole" },
  cloudwatch_logs_role: { name: "dms-cloudwatch-logs-role", policy: "AmazonDMSCloudWatchLogsRole" },
  endpoint_access_role: { name: "dms-access-for-endpoint", policy: "AmazonDMSRedshiftS3Role" },
} as const;

export interface DmsServiceRolesProps {
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/** What a `DmsReplication` waits for when the service roles are in the same stack. */
export interface DmsServiceRolesRef {
  /** The policy attachments; DMS subnet groups fail until `dms-vpc-role` has its policy. */
  readonly dependables: readonly ITerraformDependable[];
}

/**
 * The account-global roles DMS assumes by fixed name: `dms-vpc-role` (ENIs in the VPC),
 * `dms-cloudwatch-logs-role` (task logs) and `dms-access-for-endpoint`, trusted by
 * `dms.amazonaws.com`. IAM names are global: create this once per account, in one stack.
 */
export class DmsServiceRoles extends Construct implements DmsServiceRolesRef {
  readonly vpcRoleArn: string;
  readonly cloudwatchLogsRoleArn: string;
  readonly endpointAccessRoleArn: string;
  readonly dependables: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: DmsServiceRolesProps = {}) {
    super(scope, id);
    this.dependables = [];
    const serviceRole = (key: keyof typeof SERVICE_ROLES): string => {
      const spec = SERVICE_ROLES[key];
      const role = new IamRole(this, key, {
        name: spec.name,
        description: `AWS DMS service role (${spec.policy})`,
        assumeRolePolicy: policyJson(
          policyDocument({ Effect: "Allow", Principal: { Service: "dms.amazonaws.com" }, Action: "sts:AssumeRole" }),
        ),
        tags: props.tags,
      });
      this.dependables.push(
        new IamRolePolicyAttachment(this, `${key}_policy`, {
          role: role.name,
          policyArn: `arn:aws:iam::aws:policy/service-role/${spec.policy}`,
        }),
      );
      return role.arn;
    };
    this.vpcRoleArn = serviceRole("vpc_role");
    this.cloudwatchLogsRoleArn = serviceRole("cloudwatch_logs_role");
    this.endpointAccessRoleArn = serviceRole("endpoint_access_role");
  }
}

/** Credentials of one endpoint: a Secrets Manager secret DMS reads through the module's access role. */
export interface DmsEndpointSecret {
  /**
   * Secret holding `username`, `password`, `host` and `port` of the replication user. DMS takes
   * host and port from the secret only, so an RDS-managed master secret (username and password)
   * cannot be used; the access role may read exactly this ARN.
   */
  readonly secretArn: string;
  /** CMK of that secret; the access role may decrypt with exactly this key. */
  readonly secretKmsKeyArn: string;
  /** TCP port of the database, for the security group. @default 3306 */
  readonly port?: number;
}

/** The other region's MariaDB that DMS reads from (values from that region's stack). */
export interface DmsSourceEndpoint extends DmsEndpointSecret {
  /** The source region's database subnet CIDRs keyed by AZ letter (`peer.databaseTier.subnetCidrs`): the only egress to the source. */
  readonly subnetCidrs: Readonly<Record<string, string>>;
}

/** This region's MariaDB that DMS writes to. */
export interface DmsTargetEndpoint extends DmsEndpointSecret {
  /** Its security group (`vpc.securityGroups.database.securityGroupId`): the only egress to the target. */
  readonly securityGroupId: string;
}

/** The CA bundle DMS verifies the databases' certificates with (`verify-full`). */
export type DmsCaCertificate =
  /** PEM of the RDS CA bundle (https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem); the module imports it. */
  | { readonly pem: string }
  /** An `aws_dms_certificate` already imported in this region. */
  | { readonly arn: string };

/** Where the replication instance runs: the database tier of this region's `Vpc`. */
export interface DmsNetworkRef {
  readonly vpcId: string;
  /** The VPC CIDR: egress on 443 to the interface endpoints (Secrets Manager). */
  readonly vpcCidr: string;
  /** Database subnets (`vpc.subnetIds.database`), at least two AZs. */
  readonly subnetIds: readonly string[];
}

export interface DmsReplicationProps {
  /** Prefix of every DMS identifier and name, e.g. `acme-prod-ca-central-1-ref` (40 characters at most). Changing it replaces everything. */
  readonly name: string;
  /** Region of the stack's default provider (the target's region), for the access role's trust. */
  readonly region: string;
  /** Account of the stack, for conditions and a created CMK. */
  readonly accountId: string;
  readonly network: DmsNetworkRef;
  readonly source: DmsSourceEndpoint;
  readonly target: DmsTargetEndpoint;
  readonly caCertificate: DmsCaCertificate;
  /** Reference tables to replicate, one explicit selection rule each; no wildcards. */
  readonly tables: readonly ReferenceTable[];
  /**
   * A standby replication instance in a second AZ (doubles its cost); meant for prod.
   * @default true
   */
  readonly multiAz?: boolean;
  /** @default "dms.t3.medium" */
  readonly instanceClass?: string;
  /** GiB of the replication instance (task logs and cached changes). @default 50 */
  readonly allocatedStorage?: number;
  /**
   * Replication engine version; upgrades are deliberate (auto minor upgrades are off).
   * @default DEFAULTS.engineVersion - "3.5.4"
   */
  readonly engineVersion?: string;
  /**
   * CMK of the replication instance, endpoints and event topic; its policy must let
   * `cloudwatch.amazonaws.com` and `dms.amazonaws.com` use it (see `notificationKeyStatements`).
   * @default - a new key with the alias `<name>-dms`
   */
  readonly kmsKeyArn?: string;
  /** CDC latency in seconds above which the lag alarms fire. @default 300 */
  readonly maxLagSeconds?: number;
  /**
   * Let Terraform start the task. Leave it off until the replication users exist in both databases.
   * @default false
   */
  readonly startReplicationTask?: boolean;
  /**
   * The account's DMS service roles when they are in the same stack, so the subnet group waits for them.
   * @default - none (the roles already exist)
   */
  readonly serviceRoles?: DmsServiceRolesRef;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * Key policy statements that let CloudWatch alarms and DMS events publish to an SNS topic
 * encrypted with the key (service principals need GenerateDataKey and Decrypt).
 */
export function notificationKeyStatements(): PolicyStatement[] {
  return [
    {
      Sid: "AlarmAndDmsEventsPublishToEncryptedTopic",
      Effect: "Allow",
      Principal: { Service: ["cloudwatch.amazonaws.com", "dms.amazonaws.com"] },
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: "*",
    },
  ];
}

/**
 * One-way replication of reference tables from the other region's MariaDB into this region's:
 * replication instance in the database subnets (own security group, CMK, private), source and
 * target endpoints with Secrets Manager credentials and `verify-full` TLS, a full-load-and-cdc task
 * over exactly the given tables with validation and logging, events to an encrypted SNS topic,
 * and CloudWatch alarms on CDC lag and on a task that stopped reporting.
 */
export class DmsReplication extends Construct {
  readonly replicationInstanceArn: string;
  readonly replicationTaskArn: string;
  readonly sourceEndpointArn: string;
  readonly targetEndpointArn: string;
  /** Admit it to the target database: `vpc.allowDatabaseFrom(dms.securityGroup, 3306)`. */
  readonly securityGroup: SecurityGroupRef;
  readonly secretsAccessRoleArn: string;
  /** Encrypted topic receiving DMS events and the alarms; subscribe the on-call channel to it. */
  readonly topicArn: string;
  readonly kmsKeyArn: string;

  constructor(scope: Construct, id: string, props: DmsReplicationProps) {
    super(scope, id);
    const tags = props.tags ?? {};
    const tagged = (name: string) => ({ ...tags, Name: name });
    const name = props.name;
    const sourcePort = props.source.port ?? DEFAULTS.port;
    const targetPort = props.target.port ?? DEFAULTS.port;

    const issues = [...nameIssues(name), ...tableIssues(props.tables)];
    if (props.network.subnetIds.length < 2) {
      issues.push("network.subnetIds: a replication subnet group needs subnets in at least two AZs");
    }
    const lag = props.maxLagSeconds ?? DEFAULTS.maxLagSeconds;
    if (!(lag > 0)) issues.push(`maxLagSeconds: ${lag} must be positive`);
    this.node.addValidation({ validate: () => issues });

    const kmsKeyArn =
      props.kmsKeyArn ??
      new KmsKeyWithAlias(this, "key", {
        alias: `${name}-dms`,
        description: `DMS ${name}: replication instance, endpoints, event topic`,
        accountId: props.accountId,
        policyStatements: notificationKeyStatements(),
      }).keyArn;
    this.kmsKeyArn = kmsKeyArn;

    // Network: its own group, egress only to the two databases and the VPC's HTTPS endpoints.
    const sg = new SecurityGroup(this, "sg", {
      name: `${name}-dms`,
      description: "DMS replication instance: MariaDB on the source and target only, HTTPS to VPC endpoints",
      vpcId: props.network.vpcId,
      revokeRulesOnDelete: true,
      tags: tagged(`${name}-dms`),
    });
    this.securityGroup = { securityGroupId: sg.id, key: "dms" };
    new VpcSecurityGroupEgressRule(this, `sg_out_${targetPort}_to_target`, {
      securityGroupId: sg.id,
      description: `tcp ${targetPort} to the target database`,
      ipProtocol: "tcp",
      fromPort: targetPort,
      toPort: targetPort,
      referencedSecurityGroupId: props.target.securityGroupId,
    });
    for (const [letter, cidr] of Object.entries(props.source.subnetCidrs)) {
      new VpcSecurityGroupEgressRule(this, `sg_out_${sourcePort}_to_source_${letter}`, {
        securityGroupId: sg.id,
        description: `tcp ${sourcePort} to the source region's database subnet ${letter}`,
        ipProtocol: "tcp",
        fromPort: sourcePort,
        toPort: sourcePort,
        cidrIpv4: cidr,
      });
    }
    new VpcSecurityGroupEgressRule(this, "sg_out_443_to_vpc", {
      securityGroupId: sg.id,
      description: "HTTPS to the VPC's interface endpoints (Secrets Manager)",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.network.vpcCidr,
    });

    const subnetGroup = new DmsReplicationSubnetGroup(this, "subnet_group", {
      replicationSubnetGroupId: `${name}-dms`,
      replicationSubnetGroupDescription: `DMS ${name}: database subnets`,
      subnetIds: [...props.network.subnetIds],
      tags: tagged(`${name}-dms`),
      dependsOn: props.serviceRoles === undefined ? undefined : [...props.serviceRoles.dependables],
    });

    const instance = new DmsReplicationInstance(this, "resource", {
      replicationInstanceId: name,
      replicationInstanceClass: props.instanceClass ?? DEFAULTS.instanceClass,
      allocatedStorage: props.allocatedStorage ?? DEFAULTS.allocatedStorage,
      engineVersion: props.engineVersion ?? DEFAULTS.engineVersion,
      autoMinorVersionUpgrade: false,
      allowMajorVersionUpgrade: false,
      multiAz: props.multiAz ?? DEFAULTS.multiAz,
      publiclyAccessible: false,
      kmsKeyArn,
      replicationSubnetGroupId: subnetGroup.replicationSubnetGroupId,
      vpcSecurityGroupIds: [sg.id],
      preferredMaintenanceWindow: DEFAULTS.maintenanceWindow,
      tags: tagged(name),
    });
    this.replicationInstanceArn = instance.replicationInstanceArn;

    // Secrets: a role DMS (regional service principal) assumes, reading exactly the two secrets.
    const secretsRole = new IamRole(this, "secrets_role", {
      name: `${name}-dms-secrets`,
      description: `DMS ${name} reads the source and target endpoint secrets`,
      assumeRolePolicy: policyJson(
        policyDocument({
          Effect: "Allow",
          Principal: { Service: [`dms.${props.region}.amazonaws.com`, "dms.amazonaws.com"] },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
        }),
      ),
      tags: tagged(`${name}-dms-secrets`),
    });
    const secretsPolicy = new IamRolePolicy(this, "secrets_policy", {
      role: secretsRole.id,
      name: "read-endpoint-secrets",
      policy: policyJson(
        policyDocument(
          {
            Sid: "ReadEndpointSecrets",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            Resource: [props.source.secretArn, props.target.secretArn],
          },
          {
            Sid: "DecryptEndpointSecrets",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: [props.source.secretKmsKeyArn, props.target.secretKmsKeyArn],
          },
        ),
      ),
    });
    this.secretsAccessRoleArn = secretsRole.arn;

    const certificateArn =
      "arn" in props.caCertificate
        ? props.caCertificate.arn
        : new DmsCertificate(this, "ca", {
            certificateId: `${name}-rds-ca`,
            certificatePem: props.caCertificate.pem,
            tags: tagged(`${name}-rds-ca`),
          }).certificateArn;

    // Host and port come from the secrets: with secrets_manager_arn the provider sends only the
    // secret (MySQLSettings), and `port` conflicts with it.
    const endpoint = (kind: "source" | "target", secret: DmsEndpointSecret) =>
      new DmsEndpoint(this, kind, {
        endpointId: `${name}-${kind}`,
        endpointType: kind,
        engineName: "mariadb",
        secretsManagerArn: secret.secretArn,
        secretsManagerAccessRoleArn: secretsRole.arn,
        sslMode: "verify-full",
        certificateArn,
        kmsKeyArn,
        tags: tagged(`${name}-${kind}`),
        dependsOn: [secretsPolicy],
      });
    const source = endpoint("source", props.source);
    const target = endpoint("target", props.target);
    this.sourceEndpointArn = source.endpointArn;
    this.targetEndpointArn = target.endpointArn;

    const task = new DmsReplicationTask(this, "task", {
      replicationTaskId: `${name}-reference`,
      migrationType: "full-load-and-cdc",
      replicationInstanceArn: instance.replicationInstanceArn,
      sourceEndpointArn: source.endpointArn,
      targetEndpointArn: target.endpointArn,
      tableMappings: JSON.stringify(tableMappings(props.tables)),
      replicationTaskSettings: JSON.stringify(referenceTaskSettings()),
      startReplicationTask: props.startReplicationTask ?? false,
      tags: tagged(`${name}-reference`),
    });
    this.replicationTaskArn = task.replicationTaskArn;

    // Notifications: DMS events (failures, state changes) and the alarms, on one encrypted topic.
    const topic = new SnsTopic(this, "events", {
      name: `${name}-dms-events`,
      kmsMasterKeyId: kmsKeyArn,
      tags: tagged(`${name}-dms-events`),
    });
    this.topicArn = topic.arn;
    new DmsEventSubscription(this, "task_events", {
      name: `${name}-dms-task`,
      snsTopicArn: topic.arn,
      sourceType: "replication-task",
      sourceIds: [task.replicationTaskId],
      eventCategories: ["failure", "state change"],
      enabled: true,
      tags: tagged(`${name}-dms-task`),
    });
    new DmsEventSubscription(this, "instance_events", {
      name: `${name}-dms-instance`,
      snsTopicArn: topic.arn,
      sourceType: "replication-instance",
      sourceIds: [instance.replicationInstanceId],
      eventCategories: ["failure", "failover", "low storage"],
      enabled: true,
      tags: tagged(`${name}-dms-instance`),
    });

    // Task metrics carry the instance identifier and the task's resource id (the ARN's last field).
    const dimensions = {
      ReplicationInstanceIdentifier: instance.replicationInstanceId,
      ReplicationTaskIdentifier: Fn.element(Fn.split(":", task.replicationTaskArn), 6),
    };
    const alarm = (
      alarmId: string,
      metricName: string,
      description: string,
      condition: Pick<
        CloudwatchMetricAlarmConfig,
        "statistic" | "comparisonOperator" | "threshold" | "treatMissingData"
      >,
    ) =>
      new CloudwatchMetricAlarm(this, alarmId, {
        alarmName: `${name}-dms-${alarmId.replace(/_/g, "-")}`,
        alarmDescription: description,
        namespace: "AWS/DMS",
        metricName,
        dimensions,
        period: DEFAULTS.alarmPeriod,
        evaluationPeriods: DEFAULTS.alarmEvaluationPeriods,
        alarmActions: [topic.arn],
        okActions: [topic.arn],
        tags: tagged(`${name}-dms-${alarmId.replace(/_/g, "-")}`),
        ...condition,
      });
    alarm("lag_source", "CDCLatencySource", `Changes reach DMS from the source more than ${lag} s late`, {
      statistic: "Maximum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: lag,
      treatMissingData: "notBreaching",
    });
    alarm(
      "lag_target",
      "CDCLatencyTarget",
      `Changes reach the target more than ${lag} s after the source committed them`,
      {
        statistic: "Maximum",
        comparisonOperator: "GreaterThanThreshold",
        threshold: lag,
        treatMissingData: "notBreaching",
      },
    );
    // DMS has no "task failed" metric; it publishes CDC metrics only while the task runs, so their
    // absence is the metric side of a failed or stopped task (the failure event goes to the topic too).
    alarm(
      "task_stopped",
      "CDCLatencySource",
      "The replication task published no CDC metrics: it is stopped or failed",
      {
        statistic: "SampleCount",
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        treatMissingData: "breaching",
      },
    );
  }
}

function nameIssues(name: string): string[] {
  if (/^[a-z](?!.*--)[a-z0-9-]{0,38}[a-z0-9]$/.test(name)) return [];
  return [
    `name: "${name}" must be 2-40 lowercase letters, digits and single hyphens, starting with a letter (DMS identifiers and the IAM role name derive from it)`,
  ];
}
