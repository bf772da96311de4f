import { warningsOf } from "../../../src/app";
import type { OrganizationInput } from "../../../src/config/schema";
import { defaultInput, organization, resource, resourcesOf, synthApp, type StackJson } from "../../helpers/synth";
import { NaclModel } from "../../modules/nacl-flow";

const plan = (copyTo: string[]) => ({
  plans: {
    databases: {
      rules: {
        daily: { schedule: "daily", retentionDays: 35 },
        monthly: { schedule: "monthly", retentionDays: 365, copyTo },
      },
      selections: { tagged: { tagKey: "backup", tagValue: "databases" } },
    },
  },
});

/**
 * The default organization with every data store in prod-us-east-1, a second US region
 * (us-west-2) whose bucket replicates into us-east-1 and whose vault receives the monthly copies,
 * and a dev database on a class without Performance Insights.
 */
function dataStoresInput(): OrganizationInput {
  const input = defaultInput();
  input.regions["us-west-2"] = { residency: "us" };
  input.accounts.management.regions["us-west-2"] = {};
  input.accounts.security.regions["us-west-2"] = {};
  input.accounts.prod.regions["us-west-2"] = {
    network: { cidr: "10.2.0.0/16" },
    backups: plan([]),
    buckets: { uploads: { replicateTo: "us-east-1" } },
  };
  const prodUs = input.accounts.prod.regions["us-east-1"];
  prodUs.databases!.postgres = { readReplicas: 3, tags: { backup: "databases" } };
  prodUs.caches = { sessions: {} };
  prodUs.documentDatabases = { profiles: {} };
  prodUs.backups = plan(["us-west-2"]);
  prodUs.buckets = { uploads: {}, exports: { encryption: "sse-s3", lifecycle: { glacierAfterDays: 90 } } };
  prodUs.analytics = {
    etl: { sourceDatabase: "shop", targetDatabase: "analytics", tables: ["sales.orders"] },
    quickSight: { database: "analytics" },
  };
  input.accounts.dev.regions["us-east-1"].databases!.postgres = { instanceClass: "db.t3.micro" };
  return input;
}

const { app, json } = synthApp(organization(dataStoresInput()));
const prodUs = json["prod-us-east-1"];
const prodUsWest = json["prod-us-west-2"];

describe("RDS read replicas and classes without Performance Insights", () => {
  test("readReplicas: 3 makes three same-region replicas; the default prod profile keeps its one", () => {
    expect(Object.keys(resourcesOf(prodUs, "aws_db_instance")).filter((n) => n.startsWith("postgres_replica"))).toEqual(
      ["postgres_replica", "postgres_replica_2", "postgres_replica_3"],
    );
    expect(Object.keys(resourcesOf(prodUs, "aws_db_instance")).filter((n) => n.startsWith("mariadb_replica"))).toEqual([
      "mariadb_replica",
    ]);
  });

  test("db.t3.micro runs with Performance Insights off and a synth warning", () => {
    const dev = resource(json["dev-us-east-1"], "aws_db_instance", "postgres");
    expect(dev).toMatchObject({ instance_class: "db.t3.micro", performance_insights_enabled: false });
    expect(warningsOf(app).map((w) => w.message)).toContainEqual(
      expect.stringMatching(/^instanceClass: db\.t3\.micro has no Performance Insights/),
    );
  });

  test("the tag of the config reaches the instance, for the backup selection", () => {
    expect(resource(prodUs, "aws_db_instance", "postgres").tags).toMatchObject({ backup: "databases" });
  });
});

describe("caches and document databases in the database tier", () => {
  test("the cache: TLS required, CMK, Multi-AZ with failover in prod, on the database subnets", () => {
    expect(resource(prodUs, "aws_elasticache_replication_group", "cache_sessions")).toMatchObject({
      replication_group_id: "acme-prod-us-east-1-sessions",
      engine: "valkey",
      transit_encryption_enabled: true,
      transit_encryption_mode: "required",
      at_rest_encryption_enabled: "true",
      multi_az_enabled: true,
      automatic_failover_enabled: true,
      num_cache_clusters: 2,
    });
    expect(resource(prodUs, "aws_elasticache_subnet_group", "cache_sessions_subnet_group").subnet_ids).toEqual([
      "${aws_subnet.vpc_database_a.id}",
      "${aws_subnet.vpc_database_b.id}",
      "${aws_subnet.vpc_database_c.id}",
    ]);
  });

  test("DocumentDB: three instances in prod, encrypted, protected, 7 days of backups", () => {
    expect(resource(prodUs, "aws_docdb_cluster", "docdb_profiles")).toMatchObject({
      cluster_identifier: "acme-prod-us-east-1-profiles",
      storage_encrypted: true,
      deletion_protection: true,
      backup_retention_period: 7,
      manage_master_user_password: true,
    });
    expect(Object.keys(resourcesOf(prodUs, "aws_docdb_cluster_instance"))).toEqual([
      "docdb_profiles_instance_1",
      "docdb_profiles_instance_2",
      "docdb_profiles_instance_3",
    ]);
  });

  test("6379 and 27017 reach the stores' groups only from the application nodes' group", () => {
    const ingress = Object.entries(resourcesOf(prodUs, "aws_vpc_security_group_ingress_rule"))
      .filter(([, rule]) => [6379, 27017].includes(rule.from_port as number))
      .map(([name, rule]) => `${name} <- ${String(rule.referenced_security_group_id ?? rule.cidr_ipv4)}`);
    expect(ingress.sort()).toEqual([
      "cache_sessions_sg_in_6379_from_nodes <- ${aws_security_group.vpc_nodes_sg.id}",
      "docdb_profiles_sg_in_27017_from_nodes <- ${aws_security_group.vpc_nodes_sg.id}",
      "vpc_database_sg_in_27017_from_nodes <- ${aws_security_group.vpc_nodes_sg.id}",
      "vpc_database_sg_in_6379_from_nodes <- ${aws_security_group.vpc_nodes_sg.id}",
    ]);
  });
});

describe("traffic to the new ports through the synthesized NACLs", () => {
  const net = new NaclModel(prodUs);
  const node = "10.0.33.5"; // application b
  const store = "10.0.80.5"; // database c
  const alb = "10.0.1.10"; // public a
  const internet = "203.0.113.10";

  test.each([6379, 27017])("application tier -> database tier on %i is allowed, replies included", (port) => {
    expect(net.tcp(node, store, port)).toMatchObject({ allowed: true });
  });

  test.each([6379, 27017])("the public tier and the internet cannot reach %i", (port) => {
    expect(net.tcp(alb, store, port)).toMatchObject({ possible: false });
    expect(net.tcp(internet, store, port)).toMatchObject({ possible: false });
  });

  test("the ports are open only where a store asks for them", () => {
    const rules = JSON.stringify(resourcesOf(json["staging-us-east-1"], "aws_network_acl_rule"));
    expect(rules).toContain("3306");
    expect(rules).not.toMatch(/6379|27017/);
  });
});

describe("backups", () => {
  test("the prod vault is locked (governance) and encrypted with its CMK", () => {
    expect(resource(prodUs, "aws_backup_vault", "backup")).toMatchObject({
      name: "acme-prod-us-east-1",
      kms_key_arn: "${aws_kms_key.backup_key.arn}",
    });
    expect(resource(prodUs, "aws_backup_vault_lock_configuration", "backup_lock")).toMatchObject({
      min_retention_days: 1,
      max_retention_days: 36500,
    });
  });

  test("monthly copies go to the us-west-2 vault of the same account; selections by tag", () => {
    const rules = resource(prodUs, "aws_backup_plan", "backup_databases").rule as Record<string, unknown>[];
    const monthly = rules.find((r) => r.rule_name === "monthly")!;
    expect(monthly).toMatchObject({
      schedule: "cron(0 5 1 * ? *)",
      lifecycle: { delete_after: 365 },
      copy_action: [
        { destination_vault_arn: "arn:aws:backup:us-west-2:555555555555:backup-vault:acme-prod-us-west-2" },
      ],
    });
    expect(resource(prodUs, "aws_backup_selection", "backup_databases_tagged").selection_tag).toEqual([
      { type: "STRINGEQUALS", key: "backup", value: "databases" },
    ]);
  });
});

describe("application buckets", () => {
  test("versioned, encrypted as configured, access-logged to the stack's log bucket", () => {
    expect(resource(prodUs, "aws_s3_bucket", "bucket_uploads_bucket").bucket).toBe("acme-prod-us-east-1-uploads");
    expect(resource(prodUs, "aws_s3_bucket_versioning", "bucket_uploads_bucket_versioning")).toMatchObject({
      versioning_configuration: { status: "Enabled" },
    });
    const sse = (name: string) =>
      JSON.stringify(resource(prodUs, "aws_s3_bucket_server_side_encryption_configuration", `${name}_encryption`));
    expect(sse("bucket_uploads_bucket")).toContain("aws:kms");
    expect(sse("bucket_exports_bucket")).toContain("AES256");
    expect(resource(prodUs, "aws_s3_bucket_logging", "bucket_uploads_bucket_logging").target_bucket).toBe(
      "${aws_s3_bucket.s3_access_logs.bucket}",
    );
  });

  test("us-west-2 replicates into the us-east-1 bucket of the same name, whose stack comes first", () => {
    const replication = JSON.stringify(
      resource(prodUsWest, "aws_s3_bucket_replication_configuration", "bucket_uploads_replication"),
    );
    expect(replication).toMatch(/terraform_remote_state\.cross_stack_reference_input_prod_us_east_1/);
    const stack = app.node.findChild("prod-us-west-2");
    expect(
      (stack as unknown as { dependencies: { node: { id: string } }[] }).dependencies.map((d) => d.node.id),
    ).toContain("prod-us-east-1");
  });
});

describe("analytics over the region's own databases", () => {
  test("Glue connects to this stack's MariaDB and PostgreSQL, admitted by the database group", () => {
    const url = (side: string) =>
      (
        resource(prodUs, "aws_glue_connection", `analytics_etl_${side}_connection`).connection_properties as Record<
          string,
          string
        >
      ).JDBC_CONNECTION_URL;
    expect(url("source")).toContain("${aws_db_instance.mariadb.address}");
    expect(url("target")).toContain("${aws_db_instance.postgres.address}");
    for (const port of [3306, 5432]) {
      expect(
        resource(prodUs, "aws_vpc_security_group_ingress_rule", `vpc_database_sg_in_${port}_from_analytics_etl`),
      ).toMatchObject({ referenced_security_group_id: "${aws_security_group.analytics_etl_sg.id}" });
    }
  });

  test("QuickSight reads this stack's PostgreSQL over a VPC connection", () => {
    expect(resource(prodUs, "aws_quicksight_data_source", "quicksight").parameters).toMatchObject({
      postgresql: { host: "${aws_db_instance.postgres.address}", database: "analytics" },
    });
    expect(
      resource(prodUs, "aws_vpc_security_group_ingress_rule", "vpc_database_sg_in_5432_from_quicksight"),
    ).toBeDefined();
  });
});

describe("residency: nothing of a data store crosses its zone", () => {
  const STORE_TYPES = /^aws_(backup|elasticache|docdb|glue|quicksight|s3_bucket_replication|db_instance)/;
  const zones: Record<string, string> = { "us-east-1": "us", "us-west-2": "us", "ca-central-1": "ca" };

  test.each(Object.keys(json).filter((id) => /^prod-[a-z]+-[a-z]+-\d$/.test(id)))(
    "%s names no region of another zone",
    (id) => {
      const zone = zones[id.replace(/^prod-/, "")];
      const foreign = Object.keys(zones).filter((region) => zones[region] !== zone);
      const stack: StackJson = json[id];
      const stores = Object.entries(stack.resource ?? {}).filter(([type]) => STORE_TYPES.test(type));
      expect(stores.length).toBeGreaterThan(0);
      for (const [type, byName] of stores) {
        for (const [name, body] of Object.entries(byName)) {
          const text = JSON.stringify(body);
          expect([`${type}.${name}`, foreign.filter((region) => text.includes(region))]).toEqual([
            `${type}.${name}`,
            [],
          ]);
        }
      }
    },
  );
});
