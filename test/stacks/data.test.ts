import { X509Certificate } from "node:crypto";
import type { TerraformStack } from "cdktf";
import { warningsOf } from "../../src/app";
import { issuesOfDocument } from "../helpers/issues";
import { defaultInput, organization, resource, resourcesOf, synthApp, type StackJson } from "../helpers/synth";

const { json } = synthApp();
const prodUs = json["prod-us-east-1"];
const prodCa = json["prod-ca-central-1"];
const workloads = ["dev-us-east-1", "staging-us-east-1", "prod-us-east-1", "prod-ca-central-1"];
const instances = (stack: StackJson) => resourcesOf(stack, "aws_db_instance");

describe("RDS in the default organization", () => {
  test("PostgreSQL and MariaDB in every workload account-region, none in management or security", () => {
    for (const id of Object.keys(json).filter((id) => id !== "bootstrap")) {
      const primaries = Object.keys(instances(json[id])).filter((name) => !/_replica$/.test(name));
      expect([id, primaries.sort()]).toEqual([id, workloads.includes(id) ? ["mariadb", "postgres"] : []]);
    }
  });

  test("sized per environment: prod large, Multi-AZ, with a same-region replica; dev single-AZ, no replica", () => {
    expect(resource(prodUs, "aws_db_instance", "postgres")).toMatchObject({
      instance_class: "db.t4g.large",
      multi_az: true,
      allocated_storage: 100,
      max_allocated_storage: 1000,
      backup_retention_period: 30,
      backup_window: "02:00-03:00",
    });
    expect(instances(prodUs).postgres_replica.replicate_source_db).toBe("${aws_db_instance.postgres.identifier}");
    const dev = json["dev-us-east-1"];
    expect(resource(dev, "aws_db_instance", "postgres").multi_az).toBe(false);
    expect(instances(dev).postgres_replica).toBeUndefined();
  });

  test("every instance is encrypted with its CMK, private, in the database tier, and protected from deletion", () => {
    for (const id of workloads) {
      for (const [name, instance] of Object.entries(instances(json[id]))) {
        expect([id, name, instance]).toEqual([
          id,
          name,
          expect.objectContaining({
            storage_encrypted: true,
            publicly_accessible: false,
            deletion_protection: true,
            iam_database_authentication_enabled: true,
            lifecycle: { prevent_destroy: true },
            vpc_security_group_ids: ["${aws_security_group.vpc_database_sg.id}"],
          }),
        ]);
      }
      expect(resource(json[id], "aws_db_instance", "postgres").db_subnet_group_name).toBe(
        "${aws_db_subnet_group.vpc_db_subnet_group.name}",
      );
    }
  });

  test("PostgreSQL's statement logging comes from the environment's profile or the config", () => {
    const logging = (stack: StackJson) =>
      (resource(stack, "aws_db_parameter_group", "postgres_parameters").parameter as { name: string; value: string }[])
        .filter((p) => p.name.startsWith("log_"))
        .map((p) => `${p.name}=${p.value}`);
    expect(logging(prodUs)).toEqual(["log_statement=ddl", "log_min_duration_statement=1000"]);
    expect(logging(json["dev-us-east-1"])).toEqual(["log_statement=ddl", "log_min_duration_statement=250"]);
    const input = defaultInput();
    input.accounts.staging.regions["us-east-1"].databases = {
      postgres: { logStatement: "mod", slowStatementMs: 200 },
      mariadb: {},
    };
    const staging = synthApp(organization(input)).json["staging-us-east-1"];
    expect(logging(staging)).toEqual(["log_statement=mod", "log_min_duration_statement=200"]);
  });

  test("MariaDB requires TLS with require_secure_transport=1 and takes no engine lifecycle setting", () => {
    for (const id of workloads) {
      const parameters = resource(json[id], "aws_db_parameter_group", "mariadb_parameters").parameter as {
        name: string;
        value: string;
      }[];
      expect(parameters.find((p) => p.name === "require_secure_transport")?.value).toBe("1");
      expect(resource(json[id], "aws_db_instance", "mariadb")).not.toHaveProperty("engine_lifecycle_support");
      expect(resource(json[id], "aws_db_instance", "postgres").engine_lifecycle_support).toBe(
        "open-source-rds-extended-support-disabled",
      );
    }
  });

  test("only the MariaDB that DMS reads keeps a row-based binary log", () => {
    const binlog = (stack: StackJson) =>
      (resource(stack, "aws_db_parameter_group", "mariadb_parameters").parameter as { name: string; value: string }[])
        .filter((p) => p.name.startsWith("binlog_"))
        .map((p) => `${p.name}=${p.value}`);
    expect(binlog(prodUs)).toEqual(["binlog_format=ROW", "binlog_row_image=FULL", "binlog_checksum=NONE"]);
    expect(binlog(prodCa)).toEqual([]);
  });

  test("one monitoring role per account, in its home-region stack; the other regions read it", () => {
    expect(Object.keys(resourcesOf(prodUs, "aws_iam_role"))).toContain("rds_monitoring");
    expect(Object.keys(resourcesOf(prodCa, "aws_iam_role"))).not.toContain("rds_monitoring");
    expect(resource(prodCa, "aws_db_instance", "postgres").monitoring_role_arn).toBe(
      "${data.terraform_remote_state.cross_stack_reference_input_prod_us_east_1.outputs.cross_stack_output_aws_iam_role_rds_monitoring_arn}",
    );
  });

  test("MariaDB's port is opened in the VPC only where MariaDB runs", () => {
    const rules = (stack: StackJson) =>
      Object.values(resourcesOf(stack, "aws_vpc_security_group_ingress_rule")).filter(
        (r) => r.security_group_id === "${aws_security_group.vpc_database_sg.id}" && r.from_port === 3306,
      );
    expect(rules(prodUs).length).toBeGreaterThan(0);
    expect(rules(json["management-us-east-1"])).toEqual([]);
  });

  test("no replica leaves its residency zone: every replica's source is in its own stack", () => {
    for (const id of workloads) {
      for (const instance of Object.values(instances(json[id]))) {
        if (instance.replicate_source_db === undefined) continue;
        expect(instance.replicate_source_db).toMatch(/^\$\{aws_db_instance\.[a-z]+\.identifier\}$/);
        expect(instance.provider).toBeUndefined();
      }
    }
  });
});

describe("the organization registry", () => {
  test("one global table, owned by prod-us-east-1, replicated to exactly ca-central-1", () => {
    const holders = Object.keys(json).filter(
      (id) => Object.keys(resourcesOf(json[id], "aws_dynamodb_table")).length > 0,
    );
    expect(holders).toEqual(["prod-us-east-1"]); // bootstrap has no lock table unless backend.lockTable asks
    const table = resource(prodUs, "aws_dynamodb_table", "registry");
    expect(table).toMatchObject({
      name: "acme-organization-registry",
      hash_key: "org_id",
      billing_mode: "PAY_PER_REQUEST",
      stream_enabled: true,
      stream_view_type: "NEW_AND_OLD_IMAGES",
      deletion_protection_enabled: true,
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: "${aws_kms_key.registry_key.arn}" },
      lifecycle: { prevent_destroy: true },
    });
    expect(table.replica).toEqual([
      expect.objectContaining({
        region_name: "ca-central-1",
        kms_key_arn: "${aws_kms_key.registry_key_ca_central_1.arn}",
        point_in_time_recovery: true,
      }),
    ]);
    expect(resource(prodUs, "aws_kms_key", "registry_key_ca_central_1").provider).toBe("aws.ca_central_1");
    expect(prodUs.provider!.aws.find((p) => p.alias === "ca_central_1")).toMatchObject({
      region: "ca-central-1",
      allowed_account_ids: ["555555555555"],
    });
  });
});

describe("reference data sync", () => {
  test("DMS runs in prod-ca-central-1 alone", () => {
    const holders = Object.keys(json).filter(
      (id) => Object.keys(resourcesOf(json[id], "aws_dms_replication_task")).length > 0,
    );
    expect(holders).toEqual(["prod-ca-central-1"]);
  });

  test("copies exactly the reference tables, full load and CDC, one explicit rule each", () => {
    const task = resource(prodCa, "aws_dms_replication_task", "reference_sync_task");
    expect(task.migration_type).toBe("full-load-and-cdc");
    const rules = JSON.parse(task.table_mappings as string).rules as {
      "object-locator": { "schema-name": string; "table-name": string };
      "rule-action": string;
    }[];
    expect(
      rules.map((r) => [r["rule-action"], r["object-locator"]["schema-name"], r["object-locator"]["table-name"]]),
    ).toEqual([
      ["include", "reference", "country"],
      ["include", "reference", "currency"],
      ["include", "reference", "language"],
      ["include", "reference", "timezone"],
    ]);
    expect(task.table_mappings).not.toContain("%");
  });

  test("reads prod-us-east-1's database subnets only, over TLS verified with both regions' RDS root CAs", () => {
    const source = resource(prodCa, "aws_dms_endpoint", "reference_sync_source");
    expect(source).toMatchObject({ endpoint_type: "source", engine_name: "mariadb", ssl_mode: "verify-full" });
    const egress = Object.values(resourcesOf(prodCa, "aws_vpc_security_group_egress_rule"))
      .filter((r) => r.security_group_id === "${aws_security_group.reference_sync_sg.id}" && r.from_port === 3306)
      .map((r) => r.cidr_ipv4 ?? "target security group");
    expect(egress.sort()).toEqual(["10.0.64.0/21", "10.0.72.0/21", "10.0.80.0/21", "target security group"]);
    const pem = String(resource(prodCa, "aws_dms_certificate", "reference_sync_ca").certificate_pem);
    const subjects = pem
      .split(/(?=-----BEGIN CERTIFICATE-----)/)
      .map((cert) => new X509Certificate(cert).subject.split("\n").find((line) => line.startsWith("CN=")));
    expect(subjects.sort()).toEqual([
      "CN=Amazon RDS ca-central-1 Root CA ECC384 G1",
      "CN=Amazon RDS ca-central-1 Root CA RSA2048 G1",
      "CN=Amazon RDS ca-central-1 Root CA RSA4096 G1",
      "CN=Amazon RDS us-east-1 Root CA ECC384 G1",
      "CN=Amazon RDS us-east-1 Root CA RSA2048 G1",
      "CN=Amazon RDS us-east-1 Root CA RSA4096 G1",
    ]);
  });

  test("the local MariaDB admits the replication instance on 3306", () => {
    expect(resource(prodCa, "aws_vpc_security_group_ingress_rule", "vpc_database_sg_in_3306_from_dms")).toMatchObject({
      security_group_id: "${aws_security_group.vpc_database_sg.id}",
      referenced_security_group_id: "${aws_security_group.reference_sync_sg.id}",
      from_port: 3306,
      to_port: 3306,
    });
  });

  test("its endpoint secrets are created empty, KMS-encrypted; DMS service roles live once in the account's home stack", () => {
    for (const side of ["source", "target"]) {
      const secret = resource(prodCa, "aws_secretsmanager_secret", `reference_sync_credentials_${side}`);
      expect(secret.kms_key_id).toBe("${aws_kms_key.reference_sync_credentials_key.arn}");
    }
    expect(resourcesOf(prodCa, "aws_secretsmanager_secret_version")).toEqual({});
    expect(Object.keys(resourcesOf(prodUs, "aws_iam_role"))).toContain("dms_roles_vpc_role");
    expect(resource(prodUs, "aws_iam_role", "dms_roles_vpc_role").name).toBe("dms-vpc-role");
    expect(Object.keys(resourcesOf(prodCa, "aws_iam_role"))).not.toContain("dms_roles_vpc_role");
  });
});

describe("deletion protection off (dev only)", () => {
  test("is said out loud: a synth warning names the field and the instance", () => {
    const input = defaultInput();
    input.accounts.dev.regions["us-east-1"].databases!.postgres = { deletionProtection: false };
    const { app, json: stacks } = synthApp(organization(input));
    expect(resource(stacks["dev-us-east-1"], "aws_db_instance", "postgres")).toMatchObject({
      deletion_protection: false,
    });
    expect(warningsOf(app)).toEqual([
      {
        path: "dev-us-east-1",
        message:
          "accounts.dev.regions.us-east-1.databases.postgres.deletionProtection is false: acme-dev-us-east-1-postgres can be destroyed by a plan (dev only)",
      },
    ]);
    expect(warningsOf(synthApp().app)).toEqual([]);
  });
});

describe("a disaster-recovery replica within the residency zone", () => {
  const withRecoveryRegion = () => {
    const input = defaultInput();
    input.regions["us-west-2"] = { residency: "us" };
    input.accounts.management.regions["us-west-2"] = {};
    input.accounts.security.regions["us-west-2"] = {};
    input.accounts.prod.regions["us-west-2"] = { network: { cidr: "10.2.0.0/16" } };
    input.accounts.prod.regions["us-east-1"].databases!.postgres = { disasterRecoveryRegion: "us-west-2" };
    return input;
  };

  test("lives in the stack of its region, on that region's key, subnets and security group, after its source", () => {
    const { app, json: stacks } = synthApp(organization(withRecoveryRegion()));
    const west = stacks["prod-us-west-2"];
    expect(Object.keys(resourcesOf(west, "aws_db_instance"))).toEqual(["postgres_dr_prod_us_east_1"]);
    expect(resource(west, "aws_db_instance", "postgres_dr_prod_us_east_1")).toMatchObject({
      identifier: "acme-prod-us-east-1-postgres-dr",
      replicate_source_db: "arn:aws:rds:us-east-1:555555555555:db:acme-prod-us-east-1-postgres",
      kms_key_id: "${aws_kms_key.postgres_dr_prod_us_east_1_key.arn}",
      db_subnet_group_name: "${aws_db_subnet_group.vpc_db_subnet_group.name}",
      vpc_security_group_ids: ["${aws_security_group.vpc_database_sg.id}"],
      storage_encrypted: true,
      publicly_accessible: false,
    });
    expect(west.provider?.aws).toHaveLength(1);
    // The source stack declares nothing in the other region.
    const east = stacks["prod-us-east-1"];
    expect(Object.keys(resourcesOf(east, "aws_db_instance")).filter((name) => name.includes("dr"))).toEqual([]);
    expect(east.provider?.aws?.map((p) => (p as { alias?: string }).alias)).not.toContain("us_west_2");
    const dependencies = (app.node.findChild("prod-us-west-2") as TerraformStack).dependencies.map((s) => s.node.id);
    expect(dependencies).toContain("prod-us-east-1");
  });

  test("into the account's home region is refused, with the reason", () => {
    const input = withRecoveryRegion();
    input.accounts.prod.regions["us-east-1"].databases!.postgres = {};
    input.accounts.prod.regions["us-west-2"].databases = { postgres: { disasterRecoveryRegion: "us-east-1" } };
    expect(issuesOfDocument(input)).toEqual([
      {
        path: "accounts.prod.regions.us-west-2.databases.postgres.disasterRecoveryRegion",
        message:
          "us-east-1 is the account's home region, whose stack every other stack of the account follows; " +
          "a replica's stack follows its source's, so the primary belongs in the home region",
      },
    ]);
  });
});
