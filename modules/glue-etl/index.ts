import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { DataAwsSubnet } from "@cdktf/provider-aws/lib/data-aws-subnet";
import { GlueConnection } from "@cdktf/provider-aws/lib/glue-connection";
import { GlueJob } from "@cdktf/provider-aws/lib/glue-job";
import { GlueSecurityConfiguration } from "@cdktf/provider-aws/lib/glue-security-configuration";
import { GlueTrigger } from "@cdktf/provider-aws/lib/glue-trigger";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { AssetType, TerraformAsset, Token } from "cdktf";
import { Construct } from "constructs";
import { validSchedule } from "../backup/defaults";
import { policyDocument, policyJson, type PolicyStatement } from "../iam/policy";
import { cloudWatchLogsStatement, KmsKeyWithAlias } from "../kms-key";
import { SecureBucket } from "../secure-bucket";
import type { SecurityGroupRef } from "../vpc";
import { DEFAULTS, SQL_NAME, validTableName, WORKER_TYPES } from "./defaults";

export { DEFAULTS, WORKER_TYPES } from "./defaults";

/** A database the job reaches over the VPC through a Glue JDBC connection. */
export interface GlueJdbcEndpoint {
  /** Host name of the database (e.g. `database.address`); its TLS certificate carries it. */
  readonly host: string;
  readonly port: number;
  /** Database (MariaDB: the schema the URL opens; PostgreSQL: the database). */
  readonly database: string;
  /** Secrets Manager secret with `username` and `password` of the job's database user. */
  readonly secretArn: string;
  /** CMK of that secret; the job role may decrypt with exactly this key. */
  readonly secretKmsKeyArn: string;
  /** The database's security group, the only destination of the job's egress on `port`. */
  readonly securityGroupId: string;
}

export interface GlueEtlProps {
  /** Prefix of every name, e.g. `acme-prod-us-east-1-analytics` (40 characters at most). Changing it replaces everything. */
  readonly name: string;
  /** Region of the stack's provider; the databases must be in it (a JDBC connection does not cross regions here). */
  readonly region: string;
  readonly accountId: string;
  /**
   * Where Glue puts the job's network interfaces: one subnet (Glue uses one subnet per job) from
   * which both databases are reachable, with a route to S3 and the AWS APIs (NAT or endpoints),
   * e.g. an application subnet; the NACLs must admit the database ports from it.
   */
  readonly network: { readonly vpcId: string; readonly subnetId: string };
  /** The transactional MariaDB the job reads. */
  readonly source: GlueJdbcEndpoint;
  /** The analytics PostgreSQL the job writes. */
  readonly target: GlueJdbcEndpoint;
  /** `schema.table` names in MariaDB to copy; each replaces the table of the same name in `targetSchema`. */
  readonly tables: readonly string[];
  /** Schema in PostgreSQL that receives the copies. @default "analytics" */
  readonly targetSchema?: string;
  /** Globally unique name of the scripts bucket the module creates. Changing it replaces the bucket. */
  readonly scriptsBucketName: string;
  /** Bucket for the scripts bucket's server access logs. @default - no access logs */
  readonly accessLogBucket?: string;
  /** When the job runs, a Glue cron in UTC. @default "cron(0 3 * * ? *)" - daily at 03:00 */
  readonly schedule?: string;
  /** @default "G.1X" */
  readonly workerType?: (typeof WORKER_TYPES)[number];
  /** Workers per run (each costs DPU-hours). @default 2 */
  readonly numberOfWorkers?: number;
  /** @default 60 */
  readonly timeoutMinutes?: number;
  /**
   * CMK of the scripts bucket, the job's logs and bookmarks (its policy must admit
   * `logs.<region>.amazonaws.com` for `/aws-glue/*`).
   * @default - a new key with the alias `<name>-glue`
   */
  readonly kmsKeyArn?: string;
  /** `prevent_destroy` on the scripts bucket and a created key. @default true */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * Scheduled ETL in one region: Glue JDBC connections over the VPC to a MariaDB and a PostgreSQL
 * database (credentials from Secrets Manager, TLS), a security configuration encrypting S3 data,
 * CloudWatch logs and job bookmarks with a CMK, a Glue 5.0 Spark job whose script is the repository
 * file `glue-scripts/transactional-to-analytics.py` uploaded to an encrypted scripts bucket, a daily
 * trigger, and a job role that may touch only these.
 */
export class GlueEtl extends Construct {
  readonly jobName: string;
  readonly jobArn: string;
  readonly roleArn: string;
  /** The job's network interfaces' group: admit it to both databases (`vpc.allowDatabaseFrom(glue.securityGroup, port)`). */
  readonly securityGroup: SecurityGroupRef;
  readonly scriptsBucketName: string;
  readonly kmsKeyArn: string;
  readonly connectionNames: { readonly source: string; readonly target: string };

  constructor(scope: Construct, id: string, props: GlueEtlProps) {
    super(scope, id);
    const tags = props.tags ?? {};
    const tagged = (name: string) => ({ ...tags, Name: name });
    const protect = props.deletionProtection ?? true;
    const name = props.name;

    const issues = glueIssues(props);
    this.node.addValidation({ validate: () => issues });

    this.kmsKeyArn =
      props.kmsKeyArn ??
      new KmsKeyWithAlias(this, "key", {
        alias: `${name}-glue`,
        description: `Glue ETL ${name}: scripts bucket, job logs, bookmarks`,
        accountId: props.accountId,
        deletionProtection: protect,
        policyStatements: [
          cloudWatchLogsStatement(
            props.region,
            `arn:aws:logs:${props.region}:${props.accountId}:log-group:/aws-glue/*`,
          ),
        ],
      }).keyArn;

    const group = this.createSecurityGroup(props, tagged);
    this.securityGroup = { securityGroupId: group.id, key: id };

    const subnet = new DataAwsSubnet(this, "subnet", { id: props.network.subnetId });
    const connection = (side: "source" | "target", endpoint: GlueJdbcEndpoint, url: string) =>
      new GlueConnection(this, `${side}_connection`, {
        name: `${name}-${side === "source" ? "mariadb" : "postgres"}`,
        description: `Glue ETL ${name}: the ${side === "source" ? "transactional MariaDB" : "analytics PostgreSQL"}`,
        connectionType: "JDBC",
        connectionProperties: {
          JDBC_CONNECTION_URL: url,
          SECRET_ID: endpoint.secretArn,
          // TLS with host-name matching; both databases refuse plain connections anyway (rds module).
          JDBC_ENFORCE_SSL: "true",
        },
        physicalConnectionRequirements: {
          subnetId: props.network.subnetId,
          availabilityZone: subnet.availabilityZone,
          securityGroupIdList: [group.id],
        },
        tags: tagged(`${name}-${side}`),
      });
    const source = connection(
      "source",
      props.source,
      `jdbc:mysql://${props.source.host}:${props.source.port}/${props.source.database}`,
    );
    const targetUrl = `jdbc:postgresql://${props.target.host}:${props.target.port}/${props.target.database}`;
    const target = connection("target", props.target, targetUrl);
    this.connectionNames = { source: source.name, target: target.name };

    const securityConfiguration = new GlueSecurityConfiguration(this, "security_configuration", {
      name,
      encryptionConfiguration: {
        s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: this.kmsKeyArn },
        cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: this.kmsKeyArn },
        jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: this.kmsKeyArn },
      },
    });

    const scripts = new SecureBucket(this, "scripts", {
      bucketName: props.scriptsBucketName,
      kmsKeyArn: this.kmsKeyArn,
      accessLogBucket: props.accessLogBucket,
      deletionProtection: protect,
      tags: tagged(props.scriptsBucketName),
    });
    this.scriptsBucketName = scripts.bucketName;
    const asset = new TerraformAsset(this, "script_asset", {
      path: glueScriptPath(DEFAULTS.script),
      type: AssetType.FILE,
    });
    const scriptKey = `scripts/${DEFAULTS.script}`;
    const script = new S3Object(this, "script", {
      bucket: scripts.bucketName,
      key: scriptKey,
      source: asset.path,
      // SSE-KMS objects have no MD5 etag: the asset's hash tells Terraform the file changed.
      sourceHash: asset.assetHash,
      serverSideEncryption: "aws:kms",
      kmsKeyId: this.kmsKeyArn,
      contentType: "text/x-python",
    });

    const role = this.createRole(props, {
      scriptObjectArn: `${scripts.bucketArn}/${scriptKey}`,
      connectionNames: [source.name, target.name],
      securityGroupId: group.id,
      tagged,
    });
    this.roleArn = role.arn;

    const jobName = `${name}-transactional-to-analytics`;
    const job = new GlueJob(this, "resource", {
      name: jobName,
      description: `Copies ${props.tables.length} transactional table(s) from MariaDB into the analytics PostgreSQL`,
      roleArn: role.arn,
      glueVersion: DEFAULTS.glueVersion,
      command: {
        name: "glueetl",
        pythonVersion: DEFAULTS.pythonVersion,
        scriptLocation: `s3://${scripts.bucketName}/${script.key}`,
      },
      connections: [source.name, target.name],
      securityConfiguration: securityConfiguration.name,
      workerType: props.workerType ?? DEFAULTS.workerType,
      numberOfWorkers: props.numberOfWorkers ?? DEFAULTS.numberOfWorkers,
      timeout: props.timeoutMinutes ?? DEFAULTS.timeoutMinutes,
      maxRetries: DEFAULTS.maxRetries,
      executionProperty: { maxConcurrentRuns: 1 },
      defaultArguments: {
        "--job-language": "python",
        // Each run copies the tables whole (truncate and load): bookmarks would skip unchanged rows.
        "--job-bookmark-option": "job-bookmark-disable",
        "--enable-continuous-cloudwatch-log": "true",
        "--enable-metrics": "true",
        "--source_connection": source.name,
        "--tables": props.tables.join(","),
        "--target_jdbc_url": `${targetUrl}?sslmode=require`,
        "--target_secret_arn": props.target.secretArn,
        "--target_schema": props.targetSchema ?? DEFAULTS.targetSchema,
      },
      tags: tagged(jobName),
    });
    this.jobName = job.name;
    this.jobArn = job.arn;

    new GlueTrigger(this, "schedule", {
      name: `${name}-daily`,
      description: `Runs ${jobName} on ${props.schedule ?? DEFAULTS.schedule} (UTC)`,
      type: "SCHEDULED",
      schedule: props.schedule ?? DEFAULTS.schedule,
      enabled: true,
      startOnCreation: true,
      actions: [{ jobName: job.name }],
      tags: tagged(`${name}-daily`),
    });
  }

  /**
   * The job's group: Glue's required self-reference (its workers talk to each other on any TCP
   * port), the two database ports to their groups only, and HTTPS out for S3 and the AWS APIs.
   * @see https://docs.aws.amazon.com/glue/latest/dg/setup-vpc-for-glue-access.html
   */
  private createSecurityGroup(props: GlueEtlProps, tagged: (name: string) => Record<string, string>): SecurityGroup {
    const group = new SecurityGroup(this, "sg", {
      name: `${props.name}-glue`,
      description: `Glue ETL ${props.name}: workers among themselves, the two databases, HTTPS to AWS APIs`,
      vpcId: props.network.vpcId,
      revokeRulesOnDelete: true,
      tags: tagged(`${props.name}-glue`),
    });
    const allTcp = { ipProtocol: "tcp", fromPort: 0, toPort: 65535, referencedSecurityGroupId: group.id };
    new VpcSecurityGroupIngressRule(this, "sg_in_self", {
      securityGroupId: group.id,
      description: "Glue workers among themselves (required by Glue)",
      ...allTcp,
    });
    new VpcSecurityGroupEgressRule(this, "sg_out_self", {
      securityGroupId: group.id,
      description: "Glue workers among themselves",
      ...allTcp,
    });
    for (const [side, endpoint] of [
      ["source", props.source],
      ["target", props.target],
    ] as const) {
      new VpcSecurityGroupEgressRule(this, `sg_out_${endpoint.port}_to_${side}`, {
        securityGroupId: group.id,
        description: `tcp ${endpoint.port} to the ${side} database`,
        ipProtocol: "tcp",
        fromPort: endpoint.port,
        toPort: endpoint.port,
        referencedSecurityGroupId: endpoint.securityGroupId,
      });
    }
    // S3 has no endpoint in the VPC: the scripts and Glue's own S3 traffic leave through the NAT.
    new VpcSecurityGroupEgressRule(this, "sg_out_443", {
      securityGroupId: group.id,
      description: "HTTPS to S3, Glue, KMS, Secrets Manager and CloudWatch (NAT or interface endpoints)",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });
    return group;
  }

  /** The job role: the script, the two connections and secrets, its logs and metrics, the key, and the ENIs Glue makes. */
  private createRole(
    props: GlueEtlProps,
    refs: {
      readonly scriptObjectArn: string;
      readonly connectionNames: readonly string[];
      readonly securityGroupId: string;
      readonly tagged: (name: string) => Record<string, string>;
    },
  ): IamRole {
    const { region, accountId } = props;
    const role = new IamRole(this, "role", {
      name: `${props.name}-glue`,
      description: `Glue ETL job ${props.name}`,
      assumeRolePolicy: policyJson(
        policyDocument({
          Effect: "Allow",
          Principal: { Service: "glue.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        }),
      ),
      tags: refs.tagged(`${props.name}-glue`),
    });
    const ec2 = (resource: string) => `arn:aws:ec2:${region}:${accountId}:${resource}`;
    const statements: PolicyStatement[] = [
      { Sid: "ReadTheScript", Effect: "Allow", Action: "s3:GetObject", Resource: refs.scriptObjectArn },
      {
        Sid: "UseTheConnections",
        Effect: "Allow",
        Action: ["glue:GetConnection", "glue:GetConnections"],
        Resource: [
          `arn:aws:glue:${region}:${accountId}:catalog`,
          ...refs.connectionNames.map((n) => `arn:aws:glue:${region}:${accountId}:connection/${n}`),
        ],
      },
      {
        Sid: "ReadTheDatabaseSecrets",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: [props.source.secretArn, props.target.secretArn],
      },
      {
        Sid: "DecryptTheDatabaseSecrets",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: [props.source.secretKmsKeyArn, props.target.secretKmsKeyArn],
      },
      {
        Sid: "UseTheEtlKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
        Resource: this.kmsKeyArn,
      },
      {
        Sid: "WriteJobLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:AssociateKmsKey"],
        Resource: [
          `arn:aws:logs:${region}:${accountId}:log-group:/aws-glue/*`,
          `arn:aws:logs:${region}:${accountId}:log-group:/aws-glue/*:log-stream:*`,
        ],
      },
      {
        Sid: "PublishGlueMetrics",
        Effect: "Allow",
        Action: "cloudwatch:PutMetricData",
        Resource: "*",
        Condition: { StringEquals: { "cloudwatch:namespace": "Glue" } },
      },
      {
        // Describe calls take no resource; Glue reads the subnet, groups and endpoints it places ENIs by.
        Sid: "DescribeTheNetwork",
        Effect: "Allow",
        Action: [
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeSubnets",
          "ec2:DescribeVpcAttribute",
          "ec2:DescribeVpcEndpoints",
          "ec2:DescribeRouteTables",
        ],
        Resource: "*",
      },
      {
        Sid: "CreateJobNetworkInterfaces",
        Effect: "Allow",
        Action: "ec2:CreateNetworkInterface",
        Resource: [
          ec2("network-interface/*"),
          ec2(`subnet/${props.network.subnetId}`),
          ec2(`security-group/${refs.securityGroupId}`),
        ],
      },
      {
        Sid: "DeleteJobNetworkInterfaces",
        Effect: "Allow",
        Action: "ec2:DeleteNetworkInterface",
        Resource: ec2("network-interface/*"),
      },
      {
        Sid: "TagJobNetworkInterfaces",
        Effect: "Allow",
        Action: ["ec2:CreateTags", "ec2:DeleteTags"],
        Resource: ec2("network-interface/*"),
        Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": "aws-glue-service-resource" } },
      },
    ];
    new IamRolePolicy(this, "role_policy", {
      role: role.id,
      name: "glue-etl",
      policy: policyJson(policyDocument(...statements)),
    });
    return role;
  }
}

/**
 * Absolute path of `glue-scripts/<name>` in this repository: the nearest folder above this file that
 * holds `package.json` and the script, so it works from the sources and from `dist/`.
 */
function glueScriptPath(name: string, from: string = __dirname): string {
  let dir = from;
  while (!(existsSync(join(dir, "package.json")) && existsSync(join(dir, "glue-scripts", name)))) {
    if (dirname(dir) === dir) throw new Error(`glue-scripts/${name} not found in ${from} or above it`);
    dir = dirname(dir);
  }
  return join(dir, "glue-scripts", name);
}

/** Every problem with the props, named by prop path. */
function glueIssues(props: GlueEtlProps): string[] {
  const issues: string[] = [];
  if (!/^[a-z](?!.*--)[a-z0-9-]{0,38}[a-z0-9]$/.test(props.name)) {
    issues.push(
      `name: "${props.name}" must be 2-40 lowercase letters, digits and single hyphens, starting with a letter (the role name <name>-glue derives from it)`,
    );
  }
  if (props.tables.length === 0) issues.push("tables: name at least one schema.table to copy");
  props.tables.forEach((table, i) => {
    if (!validTableName(table)) issues.push(`tables[${i}]: "${table}" is not a lowercase schema.table name`);
    const first = props.tables.indexOf(table);
    if (first !== i) issues.push(`tables[${i}]: "${table}" is already listed at tables[${first}]`);
  });
  const tableNames = props.tables.map((t) => t.split(".")[1]);
  tableNames.forEach((table, i) => {
    const first = tableNames.indexOf(table);
    if (first !== i && props.tables[first] !== props.tables[i]) {
      issues.push(`tables[${i}]: "${props.tables[i]}" lands on the same target table as tables[${first}] ("${table}")`);
    }
  });
  const targetSchema = props.targetSchema ?? DEFAULTS.targetSchema;
  if (!SQL_NAME.test(targetSchema)) issues.push(`targetSchema: "${targetSchema}" is not a lowercase SQL name`);
  const schedule = props.schedule ?? DEFAULTS.schedule;
  if (!validSchedule(schedule)) {
    issues.push(`schedule: "${schedule}" is not a Glue cron expression such as "${DEFAULTS.schedule}"`);
  }
  const workers = props.numberOfWorkers ?? DEFAULTS.numberOfWorkers;
  if (!Number.isInteger(workers) || workers < 2) {
    issues.push(`numberOfWorkers: ${workers} must be 2 or more (a driver and an executor)`);
  }
  if (props.workerType !== undefined && !(WORKER_TYPES as readonly string[]).includes(props.workerType)) {
    issues.push(`workerType: "${props.workerType}" is not one of ${WORKER_TYPES.join(", ")}`);
  }
  for (const side of ["source", "target"] as const) {
    const endpoint = props[side];
    if (!Number.isInteger(endpoint.port) || endpoint.port < 1 || endpoint.port > 65535) {
      issues.push(`${side}.port: ${endpoint.port} is not a TCP port`);
    }
    if (!Token.isUnresolved(endpoint.database) && !/^[A-Za-z0-9_]+$/.test(endpoint.database)) {
      issues.push(`${side}.database: "${endpoint.database}" is not a database name (letters, digits, _)`);
    }
  }
  return issues;
}
