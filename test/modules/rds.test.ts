import { TerraformOutput } from "cdktf";
import {
  CrossRegionReplica,
  Database,
  DEFAULTS,
  RdsMonitoringRole,
  type CrossRegionReplicaProps,
  type DatabaseProps,
} from "../../modules/rds";
import { windowIssues } from "../../modules/rds/windows";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const MONITORING = "arn:aws:iam::123456789012:role/rds-enhanced-monitoring";

const base = (engine: DatabaseProps["engine"]): DatabaseProps => ({
  engine,
  identifier: engine === "postgres" ? "acme-prod-us-east-1-app" : "acme-prod-us-east-1-ref",
  region: "us-east-1",
  accountId: "123456789012",
  profile: "prod",
  network: { subnetGroupName: "acme-prod-us-east-1-vpc-database", securityGroupId: "sg-0database" },
  monitoringRoleArn: MONITORING,
});

/** One Database at id = engine, optionally with the master secret ARN as an output. */
function synth(engine: DatabaseProps["engine"], props: Partial<DatabaseProps> = {}): StackJson {
  return synthModule((s) => {
    const db = new Database(s, engine, { ...base(engine), ...props });
    new TerraformOutput(s, "secret", { value: db.masterUserSecretArn });
    new TerraformOutput(s, "connect", { value: JSON.stringify(db.connectStatement("app_user")) });
  });
}

/** A disaster-recovery replica in ca-central-1 of a prod database in us-east-1. */
function synthDr(
  engine: DatabaseProps["engine"] = "postgres",
  props: Partial<CrossRegionReplicaProps> = {},
): StackJson {
  return synthModule((s) => {
    new CrossRegionReplica(s, `${engine}_dr`, {
      engine,
      sourceArn: `arn:aws:rds:us-east-1:555555555555:db:acme-prod-us-east-1-${engine}`,
      identifier: `acme-prod-us-east-1-${engine}-dr`,
      region: "ca-central-1",
      accountId: "555555555555",
      profile: "prod",
      network: { subnetGroupName: "acme-prod-ca-central-1-vpc-database", securityGroupId: "sg-0cadatabase" },
      monitoringRoleArn: "arn:aws:iam::555555555555:role/acme-rds-monitoring",
      ...props,
    });
  });
}

const instances = (json: StackJson) => resourcesOf(json, "aws_db_instance");

describe("Database defaults (PostgreSQL, prod profile)", () => {
  const json = synth("postgres");
  const db = resource(json, "aws_db_instance", "postgres");

  test("applies the design's production values", () => {
    expect(db).toMatchObject({
      identifier: "acme-prod-us-east-1-app",
      instance_class: "db.t4g.large",
      multi_az: true,
      storage_type: "gp3",
      allocated_storage: 100,
      max_allocated_storage: 1000,
      backup_retention_period: 30,
      backup_window: "02:00-03:00",
      maintenance_window: "sun:04:00-sun:05:00",
    });
  });

  test("pins the major engine version, takes minor upgrades and avoids paid Extended Support", () => {
    expect(db).toMatchObject({
      engine: "postgres",
      engine_version: "16",
      auto_minor_version_upgrade: true,
      allow_major_version_upgrade: false,
      engine_lifecycle_support: "open-source-rds-extended-support-disabled",
    });
  });

  test("is encrypted with the module's CMK, private, in the database subnets and security group", () => {
    expect(db).toMatchObject({
      storage_encrypted: true,
      kms_key_id: "${aws_kms_key.postgres_key.arn}",
      publicly_accessible: false,
      db_subnet_group_name: "acme-prod-us-east-1-vpc-database",
      vpc_security_group_ids: ["sg-0database"],
    });
    expect(resource(json, "aws_kms_alias", "postgres_key_alias").name).toBe("alias/acme-prod-us-east-1-app-rds");
  });

  test("no instance of the module is public or unencrypted", () => {
    const all = [...Object.values(instances(synth("postgres"))), ...Object.values(instances(synthDr()))];
    expect(all).toHaveLength(3);
    expect(all.filter((i) => i.publicly_accessible !== false || i.storage_encrypted !== true)).toEqual([]);
  });

  test("manages the master password in Secrets Manager with the CMK; no password in the configuration", () => {
    expect(db).toMatchObject({
      username: "dbadmin",
      manage_master_user_password: true,
      master_user_secret_kms_key_id: "${aws_kms_key.postgres_key.arn}",
    });
    expect(db).not.toHaveProperty("password");
    expect(db).not.toHaveProperty("password_wo");
  });

  test("exposes the master secret ARN through the list accessor", () => {
    expect(json.output?.secret.value).toBe("${aws_db_instance.postgres.master_user_secret[0].secret_arn}");
  });

  test("enables IAM authentication and builds the rds-db:connect ARN from the resource id", () => {
    expect(db.iam_database_authentication_enabled).toBe(true);
    expect(JSON.parse(json.output?.connect.value as string)).toEqual({
      Effect: "Allow",
      Action: "rds-db:connect",
      Resource: "arn:aws:rds-db:us-east-1:123456789012:dbuser:${aws_db_instance.postgres.resource_id}/app_user",
    });
  });

  test("monitors every 60 s, keeps Performance Insights 7 days under the CMK, exports postgresql and upgrade logs", () => {
    expect(db).toMatchObject({
      monitoring_interval: 60,
      monitoring_role_arn: MONITORING,
      performance_insights_enabled: true,
      performance_insights_kms_key_id: "${aws_kms_key.postgres_key.arn}",
      performance_insights_retention_period: 7,
      enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"],
      copy_tags_to_snapshot: true,
    });
  });

  test("cannot be deleted by accident and leaves a final snapshot", () => {
    expect(db).toMatchObject({
      deletion_protection: true,
      lifecycle: { prevent_destroy: true },
      skip_final_snapshot: false,
      final_snapshot_identifier: "acme-prod-us-east-1-app-final",
      delete_automated_backups: false,
    });
    expect(resource(json, "aws_kms_key", "postgres_key").lifecycle).toEqual({ prevent_destroy: true });
  });

  test("forces TLS with a parameter group that is replaced before it is destroyed", () => {
    const group = resource(json, "aws_db_parameter_group", "postgres_parameters");
    expect(group).toMatchObject({
      name_prefix: "acme-prod-us-east-1-app-",
      family: "postgres16",
      lifecycle: { create_before_destroy: true },
    });
    expect(group.parameter).toContainEqual({ name: "rds.force_ssl", value: "1", apply_method: "immediate" });
    expect(db.parameter_group_name).toBe("${aws_db_parameter_group.postgres_parameters.name}");
  });

  test("logs DDL and statements slower than the profile's threshold into the exported postgresql log", () => {
    const group = resource(json, "aws_db_parameter_group", "postgres_parameters");
    expect(group.parameter).toEqual(
      expect.arrayContaining([
        { name: "log_statement", value: "ddl", apply_method: "immediate" },
        { name: "log_min_duration_statement", value: "1000", apply_method: "immediate" },
      ]),
    );
    expect(db.enabled_cloudwatch_logs_exports).toContain("postgresql");
  });

  test("statement logging follows the dev profile and the props", () => {
    const logging = (props: Partial<DatabaseProps>) =>
      (
        resource(synth("postgres", props), "aws_db_parameter_group", "postgres_parameters").parameter as {
          name: string;
          value: string;
        }[]
      ).filter((p) => p.name.startsWith("log_"));
    expect(logging({ profile: "dev" })).toEqual([
      { name: "log_statement", value: "ddl", apply_method: "immediate" },
      { name: "log_min_duration_statement", value: "250", apply_method: "immediate" },
    ]);
    expect(logging({ logStatement: "mod", slowStatementMs: -1 }).map((p) => p.value)).toEqual(["mod", "-1"]);
  });

  test("PostgreSQL gets no option group and no binlog parameters", () => {
    expect(resourcesOf(json, "aws_db_option_group")).toEqual({});
    const names = (resource(json, "aws_db_parameter_group", "postgres_parameters").parameter as { name: string }[]).map(
      (p) => p.name,
    );
    expect(names.filter((n) => n.startsWith("binlog"))).toEqual([]);
  });

  test("uses a given key instead of creating one", () => {
    const key = "arn:aws:kms:us-east-1:123456789012:key/given";
    const given = synth("postgres", { kmsKeyArn: key });
    expect(resourcesOf(given, "aws_kms_key")).toEqual({});
    expect(resource(given, "aws_db_instance", "postgres")).toMatchObject({
      kms_key_id: key,
      performance_insights_kms_key_id: key,
      master_user_secret_kms_key_id: key,
    });
  });
});

describe("same-region read replica", () => {
  const json = synth("postgres");
  const replica = resource(json, "aws_db_instance", "postgres_replica");

  test("prod has one, replicating the primary by identifier", () => {
    expect(Object.keys(instances(json)).sort()).toEqual(["postgres", "postgres_replica"]);
    expect(replica).toMatchObject({
      identifier: "acme-prod-us-east-1-app-replica",
      replicate_source_db: "${aws_db_instance.postgres.identifier}",
      instance_class: "db.t4g.large",
      parameter_group_name: "${aws_db_parameter_group.postgres_parameters.name}",
      vpc_security_group_ids: ["sg-0database"],
    });
  });

  test("inherits engine and credentials: sets no master user, password, engine, lifecycle or subnet group", () => {
    for (const field of [
      "username",
      "password",
      "manage_master_user_password",
      "master_user_secret_kms_key_id",
      "engine",
      "engine_version",
      "engine_lifecycle_support",
      "db_subnet_group_name",
      "backup_retention_period",
      "final_snapshot_identifier",
    ]) {
      expect(replica).not.toHaveProperty(field);
    }
    expect(replica.skip_final_snapshot).toBe(true);
  });

  test("is hardened like the primary", () => {
    expect(replica).toMatchObject({
      publicly_accessible: false,
      iam_database_authentication_enabled: true,
      monitoring_interval: 60,
      performance_insights_enabled: true,
      performance_insights_kms_key_id: "${aws_kms_key.postgres_key.arn}",
      deletion_protection: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  test("a MariaDB replica sets no managed password (RDS refuses it for MariaDB replicas)", () => {
    const maria = resource(synth("mariadb"), "aws_db_instance", "mariadb_replica");
    expect(maria.replicate_source_db).toBe("${aws_db_instance.mariadb.identifier}");
    expect(maria).not.toHaveProperty("manage_master_user_password");
    expect(maria).not.toHaveProperty("master_user_secret_kms_key_id");
    expect(maria).not.toHaveProperty("password");
  });
});

describe("several same-region read replicas", () => {
  let db: Database | undefined;
  const json = synthModule((s) => {
    db = new Database(s, "postgres", { ...base("postgres"), readReplicas: 3 });
  });

  test("keep the first replica's address and number the others from 2", () => {
    expect(Object.keys(instances(json)).sort()).toEqual([
      "postgres",
      "postgres_replica",
      "postgres_replica_2",
      "postgres_replica_3",
    ]);
    expect(
      ["postgres_replica", "postgres_replica_2", "postgres_replica_3"].map(
        (name) => resource(json, "aws_db_instance", name).identifier,
      ),
    ).toEqual([
      "acme-prod-us-east-1-app-replica",
      "acme-prod-us-east-1-app-replica-2",
      "acme-prod-us-east-1-app-replica-3",
    ]);
  });

  test("every replica follows the primary and is hardened like it", () => {
    for (const name of ["postgres_replica", "postgres_replica_2", "postgres_replica_3"]) {
      expect(resource(json, "aws_db_instance", name)).toMatchObject({
        replicate_source_db: "${aws_db_instance.postgres.identifier}",
        publicly_accessible: false,
        storage_encrypted: true,
        performance_insights_enabled: true,
        deletion_protection: true,
        lifecycle: { prevent_destroy: true },
      });
    }
  });

  test("are all outputs, the first also as readReplica", () => {
    expect(db?.readReplicas.map((r) => r.instanceId)).toHaveLength(3);
    expect(db?.readReplica).toBe(db?.readReplicas[0]);
  });

  test("zero replicas in prod, and the deprecated boolean still says one or none", () => {
    expect(Object.keys(instances(synth("postgres", { readReplicas: 0 })))).toEqual(["postgres"]);
    expect(Object.keys(instances(synth("mariadb", { readReplica: false })))).toEqual(["mariadb"]);
    expect(Object.keys(instances(synth("postgres", { profile: "dev", readReplica: true }))).sort()).toEqual([
      "postgres",
      "postgres_replica",
    ]);
  });
});

describe("instance classes without Performance Insights (dev db.t3.micro)", () => {
  let db: Database | undefined;
  const json = synthModule((s) => {
    db = new Database(s, "postgres", {
      ...base("postgres"),
      profile: "dev",
      instanceClass: "db.t3.micro",
      readReplicas: 1,
    });
  });
  const warnings = (construct: { node: { metadata: { type: string; data: unknown }[] } } | undefined) =>
    (construct?.node.metadata ?? []).filter((m) => m.type === "@cdktf/warn").map((m) => m.data);

  test("are accepted with Performance Insights off on the primary and its replica, with no PI key or retention", () => {
    for (const name of ["postgres", "postgres_replica"]) {
      const instance = resource(json, "aws_db_instance", name);
      expect(instance).toMatchObject({ instance_class: "db.t3.micro", performance_insights_enabled: false });
      expect(instance).not.toHaveProperty("performance_insights_kms_key_id");
      expect(instance).not.toHaveProperty("performance_insights_retention_period");
    }
  });

  test("keep the rest of the hardening", () => {
    expect(resource(json, "aws_db_instance", "postgres")).toMatchObject({
      storage_encrypted: true,
      monitoring_interval: 60,
      manage_master_user_password: true,
    });
  });

  test("warn on the construct, naming the class and the instance", () => {
    expect(warnings(db)).toEqual([
      "instanceClass: db.t3.micro has no Performance Insights; acme-prod-us-east-1-app and its replicas run without it",
    ]);
  });

  test("a class with Performance Insights gives no warning", () => {
    let other: Database | undefined;
    synthModule((s) => {
      other = new Database(s, "postgres", base("postgres"));
    });
    expect(warnings(other)).toEqual([]);
  });

  test("a disaster-recovery replica on such a class runs without it too, and warns", () => {
    let dr: CrossRegionReplica | undefined;
    const drJson = synthModule((s) => {
      dr = new CrossRegionReplica(s, "postgres_dr", {
        engine: "postgres",
        sourceArn: "arn:aws:rds:us-east-1:555555555555:db:acme-dev-us-east-1-postgres",
        identifier: "acme-dev-us-east-1-postgres-dr",
        region: "ca-central-1",
        accountId: "555555555555",
        profile: "dev",
        instanceClass: "db.t4g.small",
        network: { subnetGroupName: "acme-dev-ca-central-1-vpc-database", securityGroupId: "sg-0cadatabase" },
        monitoringRoleArn: MONITORING,
      });
    });
    const replica = resource(drJson, "aws_db_instance", "postgres_dr");
    expect(replica.performance_insights_enabled).toBe(false);
    expect(replica).not.toHaveProperty("performance_insights_kms_key_id");
    expect(warnings(dr)).toEqual([
      "instanceClass: db.t4g.small has no Performance Insights; acme-dev-us-east-1-postgres-dr runs without it",
    ]);
  });

  test("a disaster-recovery replica refuses a Performance Insights retention on such a class too", () => {
    expect(() => synthDr("postgres", { instanceClass: "db.t3.small", performanceInsightsRetentionDays: 31 })).toThrow(
      /performanceInsightsRetentionDays: db\.t3\.small has no Performance Insights; drop the retention/,
    );
  });
});

describe("environment profiles", () => {
  test("staging is Multi-AZ and smaller, without a replica", () => {
    const json = synth("postgres", { profile: "staging" });
    expect(Object.keys(instances(json))).toEqual(["postgres"]);
    expect(resource(json, "aws_db_instance", "postgres")).toMatchObject({
      instance_class: "db.t4g.medium",
      multi_az: true,
      allocated_storage: 50,
      backup_retention_period: 7,
    });
  });

  test("dev is single-AZ and small, without a replica", () => {
    const json = synth("postgres", { profile: "dev" });
    expect(Object.keys(instances(json))).toEqual(["postgres"]);
    expect(resource(json, "aws_db_instance", "postgres")).toMatchObject({
      instance_class: "db.t4g.medium",
      multi_az: false,
      allocated_storage: 20,
      max_allocated_storage: 100,
    });
  });

  test("props override the profile", () => {
    const json = synth("postgres", { profile: "dev", instanceClass: "db.m7g.large", multiAz: true, readReplica: true });
    expect(resource(json, "aws_db_instance", "postgres")).toMatchObject({
      instance_class: "db.m7g.large",
      multi_az: true,
    });
    expect(Object.keys(instances(json))).toContain("postgres_replica");
  });

  test("the profile values pin gp3 storage autoscaling above the initial size", () => {
    for (const profile of Object.values(DEFAULTS.profiles)) {
      expect(profile.maxAllocatedStorage).toBeGreaterThan(profile.allocatedStorage);
    }
  });

  test("deletionProtection false (dev only) lifts the flag and prevent_destroy but keeps the final snapshot", () => {
    const json = synth("postgres", { profile: "dev", deletionProtection: false });
    expect(resource(json, "aws_db_instance", "postgres")).toMatchObject({
      deletion_protection: false,
      lifecycle: { prevent_destroy: false },
      skip_final_snapshot: false,
    });
    expect(resource(json, "aws_kms_key", "postgres_key").lifecycle).toEqual({ prevent_destroy: false });
  });
});

describe("MariaDB", () => {
  const json = synth("mariadb");
  const db = resource(json, "aws_db_instance", "mariadb");
  const parameters = (j: StackJson) =>
    resource(j, "aws_db_parameter_group", "mariadb_parameters").parameter as { name: string; value: string }[];

  test("pins 10.11, forces TLS with require_secure_transport and logs slow queries to files", () => {
    expect(db).toMatchObject({ engine: "mariadb", engine_version: "10.11" });
    expect(resource(json, "aws_db_parameter_group", "mariadb_parameters").family).toBe("mariadb10.11");
    expect(parameters(json)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "require_secure_transport", value: "1" }),
        expect.objectContaining({ name: "slow_query_log", value: "1" }),
        expect.objectContaining({ name: "log_output", value: "FILE" }),
      ]),
    );
  });

  test("sets no engine_lifecycle_support, which RDS takes only for MySQL and PostgreSQL", () => {
    expect(db).not.toHaveProperty("engine_lifecycle_support");
    expect(parameters(json).filter((p) => p.name.startsWith("log_statement"))).toEqual([]);
  });

  test("exports audit, error, general and slow query logs, the audit log through the audit plugin", () => {
    expect(db.enabled_cloudwatch_logs_exports).toEqual(["audit", "error", "general", "slowquery"]);
    expect(db.option_group_name).toBe("${aws_db_option_group.mariadb_options.name}");
    expect(resource(json, "aws_db_option_group", "mariadb_options")).toMatchObject({
      engine_name: "mariadb",
      major_engine_version: "10.11",
      name_prefix: "acme-prod-us-east-1-ref-",
      option: [
        {
          option_name: "MARIADB_AUDIT_PLUGIN",
          option_settings: [{ name: "SERVER_AUDIT_EVENTS", value: "CONNECT,QUERY_DDL,QUERY_DCL" }],
        },
      ],
      lifecycle: { create_before_destroy: true },
    });
  });

  test("has no binlog settings unless it is a DMS source", () => {
    expect(parameters(json).filter((p) => p.name.startsWith("binlog"))).toEqual([]);
  });

  test("a DMS source gets ROW binlogs with full row images, no checksums, and keeps backups", () => {
    const cdc = synth("mariadb", { changeDataCaptureSource: true });
    expect(parameters(cdc)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "binlog_format", value: "ROW" }),
        expect.objectContaining({ name: "binlog_row_image", value: "FULL" }),
        expect.objectContaining({ name: "binlog_checksum", value: "NONE" }),
      ]),
    );
    expect(resource(cdc, "aws_db_instance", "mariadb").backup_retention_period).toBeGreaterThan(0);
  });

  test("extra parameters are added, with their apply method", () => {
    const json2 = synth("mariadb", {
      parameters: { general_log: "1", innodb_buffer_pool_size: { value: "1073741824", applyMethod: "pending-reboot" } },
    });
    expect(parameters(json2)).toEqual(
      expect.arrayContaining([
        { name: "general_log", value: "1", apply_method: "immediate" },
        { name: "innodb_buffer_pool_size", value: "1073741824", apply_method: "pending-reboot" },
      ]),
    );
  });
});

describe("cross-region disaster-recovery replica", () => {
  const json = synthDr();
  const dr = resource(json, "aws_db_instance", "postgres_dr");

  test("replicates the source by ARN on this region's key, subnets and security group", () => {
    expect(dr).toMatchObject({
      identifier: "acme-prod-us-east-1-postgres-dr",
      replicate_source_db: "arn:aws:rds:us-east-1:555555555555:db:acme-prod-us-east-1-postgres",
      kms_key_id: "${aws_kms_key.postgres_dr_key.arn}",
      performance_insights_kms_key_id: "${aws_kms_key.postgres_dr_key.arn}",
      storage_encrypted: true,
      db_subnet_group_name: "acme-prod-ca-central-1-vpc-database",
      vpc_security_group_ids: ["sg-0cadatabase"],
      publicly_accessible: false,
      multi_az: false,
      instance_class: "db.t4g.large",
      deletion_protection: true,
      skip_final_snapshot: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(dr).not.toHaveProperty("manage_master_user_password");
    expect(dr).not.toHaveProperty("username");
    expect(dr).not.toHaveProperty("engine_lifecycle_support");
    expect(dr).not.toHaveProperty("backup_retention_period");
  });

  test("gets its own TLS-forcing parameter group, and a MariaDB one its audit option group", () => {
    expect(dr.parameter_group_name).toBe("${aws_db_parameter_group.postgres_dr_parameters.name}");
    const group = resource(json, "aws_db_parameter_group", "postgres_dr_parameters");
    expect(group).toMatchObject({ family: "postgres16" });
    expect(group.parameter).toContainEqual({ name: "rds.force_ssl", value: "1", apply_method: "immediate" });
    const maria = synthDr("mariadb", { changeDataCaptureSource: true });
    expect(resource(maria, "aws_db_instance", "mariadb_dr").option_group_name).toBe(
      "${aws_db_option_group.mariadb_dr_options.name}",
    );
    expect(resource(maria, "aws_db_parameter_group", "mariadb_dr_parameters").parameter).toContainEqual({
      name: "binlog_format",
      value: "ROW",
      apply_method: "immediate",
    });
  });

  test("a Database declares no replica in another region", () => {
    expect(Object.keys(instances(synth("postgres"))).filter((name) => name.includes("dr"))).toEqual([]);
  });

  test("refuses a source in its own region", () => {
    expect(() => synthDr("postgres", { region: "us-east-1" })).toThrow(
      /sourceArn: the source is in us-east-1 too; a same-region replica is Database's readReplicas/,
    );
  });
});

describe("Database validation", () => {
  test("refuses a minor version pin while auto minor upgrades are on", () => {
    expect(() => synth("postgres", { engineVersion: "16.4" })).toThrow(
      /\[test\/postgres\] engineVersion: "16\.4" pins a minor version while auto minor upgrades are on; give the major version "16"/,
    );
  });

  test("refuses a version that is not the engine's", () => {
    expect(() => synth("mariadb", { engineVersion: "16" })).toThrow(/engineVersion: "16" is not a mariadb version/);
  });

  test("refuses Performance Insights retention on a class without it, naming the classes that lack it", () => {
    expect(() =>
      synth("postgres", { profile: "dev", instanceClass: "db.t3.micro", performanceInsightsRetentionDays: 31 }),
    ).toThrow(
      /performanceInsightsRetentionDays: db\.t3\.micro has no Performance Insights; drop the retention, or use a class that has it \(any class except db\.t2\.micro, db\.t2\.small, db\.t3\.micro, db\.t3\.small, db\.t4g\.micro, db\.t4g\.small\)/,
    );
  });

  test("refuses an instance class that is not an RDS class, saying what one looks like", () => {
    expect(() => synth("postgres", { instanceClass: "t3.micro" })).toThrow(
      /instanceClass: "t3\.micro" is not an RDS instance class; give db\.<family>\.<size>, e\.g\. db\.t4g\.medium or db\.r6g\.large/,
    );
  });

  test("refuses more than five replicas, and the boolean together with the count", () => {
    expect(() => synth("postgres", { readReplicas: 6 })).toThrow(/readReplicas: 6 is outside 0-5/);
    expect(() => synth("postgres", { readReplicas: 1.5 })).toThrow(/readReplicas: 1\.5 is outside 0-5/);
    expect(() => synth("postgres", { readReplicas: 2, readReplica: true })).toThrow(
      /readReplica: give readReplicas only \(readReplica is its deprecated boolean form\)/,
    );
  });

  test("leaves room in the identifier for the highest replica suffix", () => {
    const identifier = `a${"b".repeat(53)}`; // 54 characters: room for "-replica", not for "-replica-5"
    expect(() => synth("postgres", { identifier, readReplicas: 1 })).not.toThrow();
    expect(() => synth("postgres", { identifier, readReplicas: 5 })).toThrow(
      /leave room for "-replica-5" \(53 characters at most\)/,
    );
  });

  test("refuses overlapping backup and maintenance windows", () => {
    expect(() => synth("postgres", { maintenanceWindow: "tue:02:30-tue:03:30" })).toThrow(
      /maintenanceWindow: "tue:02:30-tue:03:30" overlaps the daily backup window "02:00-03:00"/,
    );
  });

  test("refuses turning backups off under a replica, naming every feature that needs them", () => {
    expect(() => synth("mariadb", { backupRetentionDays: 0, changeDataCaptureSource: true })).toThrow(
      /backupRetentionDays: 0 turns backups off, which readReplicas and changeDataCaptureSource need/,
    );
  });

  test("refuses a CDC source on PostgreSQL and overriding an enforced parameter", () => {
    expect(() => synth("postgres", { changeDataCaptureSource: true, parameters: { "rds.force_ssl": "0" } })).toThrow(
      /changeDataCaptureSource: the binlog settings are MariaDB's[\s\S]*parameters\.rds\.force_ssl: the module sets it to "1"; remove it/,
    );
  });

  test("refuses statement logging on MariaDB, an unknown log_statement and a negative threshold", () => {
    expect(() => synth("mariadb", { logStatement: "ddl" })).toThrow(
      /logStatement: PostgreSQL's statement logging; mariadb logs slow queries with slow_query_log/,
    );
    expect(() =>
      synth("postgres", { logStatement: "everything" as DatabaseProps["logStatement"], slowStatementMs: -5 }),
    ).toThrow(/logStatement: "everything" is not one of none, ddl, mod, all[\s\S]*slowStatementMs: -5 must be/);
    expect(() => synth("postgres", { parameters: { log_statement: "all" } })).toThrow(
      /parameters\.log_statement: the module sets it to "ddl"; remove it/,
    );
  });

  test("refuses storage autoscaling below the allocated storage", () => {
    expect(() => synth("postgres", { allocatedStorage: 200, maxAllocatedStorage: 100 })).toThrow(
      /maxAllocatedStorage: 100 must exceed allocatedStorage 200/,
    );
  });

  test("refuses an identifier RDS would reject", () => {
    expect(() => synth("postgres", { identifier: "Acme--app-" })).toThrow(/identifier: "Acme--app-" must be lowercase/);
  });
});

describe("windowIssues", () => {
  test("accepts the defaults", () => {
    expect(windowIssues(DEFAULTS.backupWindow, DEFAULTS.maintenanceWindow)).toEqual([]);
  });

  test("catches overlaps across midnight and across Sunday", () => {
    expect(windowIssues("23:30-00:30", "mon:00:00-mon:00:45")).toHaveLength(1);
    expect(windowIssues("00:00-01:00", "sun:23:30-mon:00:30")).toHaveLength(1);
    expect(windowIssues("23:30-00:30", "mon:01:00-mon:02:00")).toEqual([]);
  });

  test("reports malformed and too-short windows", () => {
    expect(windowIssues("2:00-3:00", "sun:04:00-sun:04:10")).toEqual([
      'backupWindow: "2:00-3:00" is not hh24:mi-hh24:mi in UTC, e.g. "02:00-03:00"',
      'maintenanceWindow: "sun:04:00-sun:04:10" is shorter than the 30 minutes RDS requires',
    ]);
  });
});

describe("RdsMonitoringRole", () => {
  const json = synthModule((s) => new RdsMonitoringRole(s, "rds_monitoring"));

  test("is trusted by RDS enhanced monitoring only, under a fixed name", () => {
    const role = resource(json, "aws_iam_role", "rds_monitoring");
    expect(role.name).toBe("rds-enhanced-monitoring");
    expect(policyOf(role, "assume_role_policy").Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
  });

  test("carries exactly the AWS managed enhanced monitoring policy", () => {
    expect(Object.values(resourcesOf(json, "aws_iam_role_policy_attachment"))).toEqual([
      {
        role: "${aws_iam_role.rds_monitoring.name}",
        policy_arn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
      },
    ]);
  });
});
