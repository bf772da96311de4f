import { TerraformOutput } from "cdktf";
import { DocumentDb, type DocumentDbProps } from "../../modules/documentdb";
import { documentDbFamily } from "../../modules/documentdb/defaults";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const base: DocumentDbProps = {
  identifier: "acme-prod-us-east-1-docdb",
  region: "us-east-1",
  accountId: "123456789012",
  profile: "prod",
  network: { vpcId: "vpc-0prod", subnetIds: ["subnet-0a", "subnet-0b", "subnet-0c"] },
};

function synth(props: Partial<DocumentDbProps> = {}): StackJson {
  return synthModule((s) => {
    const db = new DocumentDb(s, "docdb", { ...base, ...props });
    db.allowFrom({ securityGroupId: "sg-0nodes", key: "nodes" });
    new TerraformOutput(s, "secret", { value: db.masterUserSecretArn });
  });
}

const parameters = (json: StackJson) =>
  resource(json, "aws_docdb_cluster_parameter_group", "docdb_parameters").parameter as {
    name: string;
    value: string;
    apply_method: string;
  }[];

describe("DocumentDB defaults (prod profile, seed 004)", () => {
  const json = synth();
  const cluster = resource(json, "aws_docdb_cluster", "docdb");

  test("has three instances of the pinned engine, numbered from 1", () => {
    expect(Object.keys(resourcesOf(json, "aws_docdb_cluster_instance"))).toEqual([
      "docdb_instance_1",
      "docdb_instance_2",
      "docdb_instance_3",
    ]);
    expect(resource(json, "aws_docdb_cluster_instance", "docdb_instance_3")).toMatchObject({
      identifier: "acme-prod-us-east-1-docdb-3",
      cluster_identifier: "${aws_docdb_cluster.docdb.id}",
      engine: "docdb",
      auto_minor_version_upgrade: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(cluster).toMatchObject({ engine: "docdb", engine_version: "5.0.0", port: 27017 });
  });

  test("enforces TLS with its own cluster parameter group, replaced before it is destroyed", () => {
    expect(resource(json, "aws_docdb_cluster_parameter_group", "docdb_parameters")).toMatchObject({
      name_prefix: "acme-prod-us-east-1-docdb-",
      family: "docdb5.0",
      lifecycle: { create_before_destroy: true },
    });
    expect(parameters(json)).toContainEqual({ name: "tls", value: "enabled", apply_method: "pending-reboot" });
    expect(cluster.db_cluster_parameter_group_name).toBe("${aws_docdb_cluster_parameter_group.docdb_parameters.name}");
  });

  test("never turns TLS off", () => {
    expect(parameters(json).filter((p) => p.name === "tls" && p.value === "disabled")).toEqual([]);
  });

  test("audits and profiles, and exports both logs to KMS-encrypted log groups created first", () => {
    expect(parameters(json)).toEqual(
      expect.arrayContaining([
        { name: "audit_logs", value: "enabled", apply_method: "immediate" },
        { name: "profiler", value: "enabled", apply_method: "immediate" },
        { name: "profiler_threshold_ms", value: "100", apply_method: "immediate" },
      ]),
    );
    expect(cluster.enabled_cloudwatch_logs_exports).toEqual(["audit", "profiler"]);
    for (const type of ["audit", "profiler"]) {
      expect(resource(json, "aws_cloudwatch_log_group", `docdb_${type}_log`)).toMatchObject({
        name: `/aws/docdb/acme-prod-us-east-1-docdb/${type}`,
        kms_key_id: "${aws_kms_key.docdb_key.arn}",
        retention_in_days: 365,
      });
    }
    expect(cluster.depends_on).toEqual([
      "aws_cloudwatch_log_group.docdb_audit_log",
      "aws_cloudwatch_log_group.docdb_profiler_log",
    ]);
  });

  test("is encrypted with the module's CMK, whose policy admits CloudWatch Logs for its log groups only", () => {
    expect(cluster).toMatchObject({ storage_encrypted: true, kms_key_id: "${aws_kms_key.docdb_key.arn}" });
    expect(policyOf(resource(json, "aws_kms_key", "docdb_key")).Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: "logs.us-east-1.amazonaws.com" },
        Condition: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn":
              "arn:aws:logs:us-east-1:123456789012:log-group:/aws/docdb/acme-prod-us-east-1-docdb/*",
          },
        },
      }),
    );
  });

  test("keeps backups 7 days in the daily window, apart from maintenance", () => {
    expect(cluster).toMatchObject({
      backup_retention_period: 7,
      preferred_backup_window: "02:00-03:00",
      preferred_maintenance_window: "sun:04:00-sun:05:00",
    });
  });

  test("has the master password managed by DocumentDB in Secrets Manager, never in the configuration", () => {
    expect(cluster).toMatchObject({ master_username: "docdbadmin", manage_master_user_password: true });
    expect(cluster).not.toHaveProperty("master_password");
    expect(cluster).not.toHaveProperty("master_password_wo");
    expect(json.output?.secret.value).toBe("${aws_docdb_cluster.docdb.master_user_secret[0].secret_arn}");
  });

  test("cannot be deleted by accident and leaves a final snapshot", () => {
    expect(cluster).toMatchObject({
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "acme-prod-us-east-1-docdb-final",
      allow_major_version_upgrade: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  test("lives in its own subnet group on the database subnets, behind its own group", () => {
    expect(resource(json, "aws_docdb_subnet_group", "docdb_subnet_group")).toMatchObject({
      name: "acme-prod-us-east-1-docdb",
      subnet_ids: ["subnet-0a", "subnet-0b", "subnet-0c"],
    });
    expect(cluster).toMatchObject({
      db_subnet_group_name: "${aws_docdb_subnet_group.docdb_subnet_group.name}",
      vpc_security_group_ids: ["${aws_security_group.docdb_sg.id}"],
    });
  });

  test("admits 27017 from the given group only: no CIDR, no egress", () => {
    expect(resourcesOf(json, "aws_vpc_security_group_ingress_rule")).toEqual({
      docdb_sg_in_27017_from_nodes: {
        security_group_id: "${aws_security_group.docdb_sg.id}",
        description: "tcp 27017 from nodes",
        ip_protocol: "tcp",
        from_port: 27017,
        to_port: 27017,
        referenced_security_group_id: "sg-0nodes",
      },
    });
    expect(resourcesOf(json, "aws_vpc_security_group_egress_rule")).toEqual({});
  });

  test("a plan looks the instance class up for the engine version, and the instances take it from there", () => {
    expect(json.data?.aws_docdb_orderable_db_instance).toEqual({
      docdb_instance_class_offered: {
        engine: "docdb",
        engine_version: "5.0.0",
        instance_class: "db.t4g.medium",
        vpc: true,
      },
    });
    expect(resource(json, "aws_docdb_cluster_instance", "docdb_instance_1").instance_class).toBe(
      "${data.aws_docdb_orderable_db_instance.docdb_instance_class_offered.instance_class}",
    );
  });
});

describe("DocumentDB options", () => {
  test("dev has one instance; staging two", () => {
    expect(Object.keys(resourcesOf(synth({ profile: "dev" }), "aws_docdb_cluster_instance"))).toEqual([
      "docdb_instance_1",
    ]);
    expect(Object.keys(resourcesOf(synth({ profile: "staging" }), "aws_docdb_cluster_instance"))).toHaveLength(2);
  });

  test("a minimum TLS version, fuller auditing and a profiler threshold go to the parameter group", () => {
    const json = synth({ tls: "tls1.2+", auditLogs: "all", profilerThresholdMs: 500 });
    expect(parameters(json)).toEqual(
      expect.arrayContaining([
        { name: "tls", value: "tls1.2+", apply_method: "pending-reboot" },
        { name: "audit_logs", value: "all", apply_method: "immediate" },
        { name: "profiler_threshold_ms", value: "500", apply_method: "immediate" },
      ]),
    );
  });

  test("the family follows the engine version", () => {
    expect(documentDbFamily("8.0.0")).toBe("docdb8.0");
    expect(
      resource(synth({ engineVersion: "8.0.0" }), "aws_docdb_cluster_parameter_group", "docdb_parameters").family,
    ).toBe("docdb8.0");
  });

  test("deletionProtection false lifts the flag and prevent_destroy but keeps the final snapshot", () => {
    const json = synth({ profile: "dev", deletionProtection: false });
    expect(resource(json, "aws_docdb_cluster", "docdb")).toMatchObject({
      deletion_protection: false,
      skip_final_snapshot: false,
      lifecycle: { prevent_destroy: false },
    });
  });

  test("a given key replaces the module's", () => {
    const key = "arn:aws:kms:us-east-1:123456789012:key/given";
    const json = synth({ kmsKeyArn: key });
    expect(resourcesOf(json, "aws_kms_key")).toEqual({});
    expect(resource(json, "aws_docdb_cluster", "docdb").kms_key_id).toBe(key);
  });
});

describe("DocumentDB validation", () => {
  test("refuses TLS or auditing off", () => {
    expect(() => synth({ tls: "disabled" as DocumentDbProps["tls"] })).toThrow(
      /tls: "disabled" is not one of enabled, tls1\.2\+, tls1\.3\+; TLS cannot be turned off/,
    );
    expect(() => synth({ auditLogs: "none" as DocumentDbProps["auditLogs"] })).toThrow(
      /auditLogs: "none" is not one of enabled, ddl, dml_read, dml_write, all; auditing cannot be turned off/,
    );
  });

  test("refuses backups outside 1-35 days and overlapping windows", () => {
    expect(() => synth({ backupRetentionDays: 0 })).toThrow(/backupRetentionDays: 0 is outside 1-35/);
    expect(() => synth({ maintenanceWindow: "mon:02:30-mon:03:30" })).toThrow(
      /maintenanceWindow: "mon:02:30-mon:03:30" overlaps the daily backup window "02:00-03:00"; DocumentDB rejects overlapping windows/,
    );
  });

  test("refuses more than 16 instances and a single-AZ subnet group", () => {
    expect(() => synth({ instances: 17 })).toThrow(/instances: 17 is outside 1-16/);
    expect(() => synth({ network: { vpcId: "vpc-0prod", subnetIds: ["subnet-0a"] } })).toThrow(
      /network\.subnetIds: a DocumentDB subnet group needs subnets in at least two AZs/,
    );
  });

  test("refuses identifiers, versions, classes, user names and thresholds DocumentDB would reject", () => {
    expect(() => synth({ identifier: "Acme--docdb-" })).toThrow(/identifier: "Acme--docdb-" must be lowercase/);
    expect(() => synth({ engineVersion: "5.0" })).toThrow(/engineVersion: "5\.0" is not a DocumentDB engine version/);
    expect(() => synth({ instanceClass: "t4g.medium" })).toThrow(/instanceClass: "t4g\.medium" is not a DocumentDB/);
    expect(() => synth({ masterUsername: "1admin" })).toThrow(/masterUsername: "1admin" must be 1-63 letters/);
    expect(() => synth({ profilerThresholdMs: 10 })).toThrow(/profilerThresholdMs: 10 is outside 50-2147483646/);
  });
});
