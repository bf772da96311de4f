import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GlueEtl, type GlueEtlProps } from "../../modules/glue-etl";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const SOURCE_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:acme-etl-mariadb";
const TARGET_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:acme-etl-postgres";

const base: GlueEtlProps = {
  name: "acme-prod-us-east-1-analytics",
  region: "us-east-1",
  accountId: "123456789012",
  network: { vpcId: "vpc-0prod", subnetId: "subnet-0app-a" },
  source: {
    host: "acme-prod-us-east-1-ref.abc.us-east-1.rds.amazonaws.com",
    port: 3306,
    database: "transactions",
    secretArn: SOURCE_SECRET,
    secretKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/mariadb",
    securityGroupId: "sg-0database",
  },
  target: {
    host: "acme-prod-us-east-1-app.abc.us-east-1.rds.amazonaws.com",
    port: 5432,
    database: "analytics",
    secretArn: TARGET_SECRET,
    secretKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/postgres",
    securityGroupId: "sg-0database",
  },
  tables: ["sales.orders", "sales.order_lines"],
  scriptsBucketName: "acme-prod-us-east-1-glue-scripts",
  accessLogBucket: "acme-prod-us-east-1-access-logs",
};

const synth = (props: Partial<GlueEtlProps> = {}): StackJson =>
  synthModule((s) => new GlueEtl(s, "etl", { ...base, ...props }));

describe("GlueEtl", () => {
  const json = synth();
  const job = resource(json, "aws_glue_job", "etl");

  test("connects over the VPC to MariaDB and PostgreSQL with Secrets Manager credentials and TLS", () => {
    expect(resource(json, "aws_glue_connection", "etl_source_connection")).toMatchObject({
      name: "acme-prod-us-east-1-analytics-mariadb",
      connection_type: "JDBC",
      connection_properties: {
        JDBC_CONNECTION_URL: "jdbc:mysql://acme-prod-us-east-1-ref.abc.us-east-1.rds.amazonaws.com:3306/transactions",
        SECRET_ID: SOURCE_SECRET,
        JDBC_ENFORCE_SSL: "true",
      },
      physical_connection_requirements: {
        subnet_id: "subnet-0app-a",
        availability_zone: "${data.aws_subnet.etl_subnet.availability_zone}",
        security_group_id_list: ["${aws_security_group.etl_sg.id}"],
      },
    });
    expect(resource(json, "aws_glue_connection", "etl_target_connection").connection_properties).toEqual({
      JDBC_CONNECTION_URL: "jdbc:postgresql://acme-prod-us-east-1-app.abc.us-east-1.rds.amazonaws.com:5432/analytics",
      SECRET_ID: TARGET_SECRET,
      JDBC_ENFORCE_SSL: "true",
    });
  });

  test("no password is written into a connection", () => {
    for (const connection of Object.values(resourcesOf(json, "aws_glue_connection"))) {
      expect(Object.keys(connection.connection_properties as object).sort()).toEqual([
        "JDBC_CONNECTION_URL",
        "JDBC_ENFORCE_SSL",
        "SECRET_ID",
      ]);
    }
  });

  test("encrypts S3 data, CloudWatch logs and job bookmarks with the CMK", () => {
    expect(resource(json, "aws_glue_security_configuration", "etl_security_configuration")).toEqual({
      name: "acme-prod-us-east-1-analytics",
      encryption_configuration: {
        s3_encryption: { s3_encryption_mode: "SSE-KMS", kms_key_arn: "${aws_kms_key.etl_key.arn}" },
        cloudwatch_encryption: { cloudwatch_encryption_mode: "SSE-KMS", kms_key_arn: "${aws_kms_key.etl_key.arn}" },
        job_bookmarks_encryption: {
          job_bookmarks_encryption_mode: "CSE-KMS",
          kms_key_arn: "${aws_kms_key.etl_key.arn}",
        },
      },
    });
    expect(job.security_configuration).toBe("${aws_glue_security_configuration.etl_security_configuration.name}");
  });

  test("runs the repository script, uploaded as an asset to the encrypted scripts bucket, on pinned Glue 5.0", () => {
    expect(job).toMatchObject({
      name: "acme-prod-us-east-1-analytics-transactional-to-analytics",
      glue_version: "5.0",
      command: {
        name: "glueetl",
        python_version: "3",
        script_location: "s3://${aws_s3_bucket.etl_scripts.bucket}/${aws_s3_object.etl_script.key}",
      },
      connections: [
        "${aws_glue_connection.etl_source_connection.name}",
        "${aws_glue_connection.etl_target_connection.name}",
      ],
      worker_type: "G.1X",
      number_of_workers: 2,
      timeout: 60,
      execution_property: { max_concurrent_runs: 1 },
    });
    const script = resource(json, "aws_s3_object", "etl_script");
    expect(script).toMatchObject({
      bucket: "${aws_s3_bucket.etl_scripts.bucket}",
      key: "scripts/transactional-to-analytics.py",
      server_side_encryption: "aws:kms",
      kms_key_id: "${aws_kms_key.etl_key.arn}",
    });
    expect(script.source).toMatch(/transactional-to-analytics\.py$/);
    expect(script.source_hash).toMatch(/^[0-9A-F]{32,}$/i);
    expect(resource(json, "aws_s3_bucket_server_side_encryption_configuration", "etl_scripts_encryption").rule).toEqual(
      [
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: "aws:kms",
            kms_master_key_id: "${aws_kms_key.etl_key.arn}",
          },
          bucket_key_enabled: true,
        },
      ],
    );
  });

  test("passes the tables, the target and its secret to the script, and copies whole tables", () => {
    expect(job.default_arguments).toEqual({
      "--job-language": "python",
      "--job-bookmark-option": "job-bookmark-disable",
      "--enable-continuous-cloudwatch-log": "true",
      "--enable-metrics": "true",
      "--source_connection": "${aws_glue_connection.etl_source_connection.name}",
      "--tables": "sales.orders,sales.order_lines",
      "--target_jdbc_url":
        "jdbc:postgresql://acme-prod-us-east-1-app.abc.us-east-1.rds.amazonaws.com:5432/analytics?sslmode=require",
      "--target_secret_arn": TARGET_SECRET,
      "--target_schema": "analytics",
    });
  });

  test("the script reads those arguments and truncates and loads each target table", () => {
    const script = readFileSync(join(__dirname, "../../glue-scripts/transactional-to-analytics.py"), "utf8");
    for (const argument of ["source_connection", "tables", "target_jdbc_url", "target_secret_arn", "target_schema"]) {
      expect(script).toContain(`"${argument}"`);
    }
    expect(script).toContain('"useConnectionProperties": "true"');
    expect(script).toContain('.option("truncate", "true")');
    expect(script).toContain('.mode("overwrite")');
  });

  test("runs daily at 03:00 UTC", () => {
    expect(resource(json, "aws_glue_trigger", "etl_schedule")).toMatchObject({
      name: "acme-prod-us-east-1-analytics-daily",
      type: "SCHEDULED",
      schedule: "cron(0 3 * * ? *)",
      enabled: true,
      start_on_creation: true,
      actions: [{ job_name: "${aws_glue_job.etl.name}" }],
    });
  });

  test("the network: Glue's self-reference, each database port to its group, HTTPS out, nothing else", () => {
    const ingress = resourcesOf(json, "aws_vpc_security_group_ingress_rule");
    expect(ingress).toEqual({
      etl_sg_in_self: expect.objectContaining({
        security_group_id: "${aws_security_group.etl_sg.id}",
        referenced_security_group_id: "${aws_security_group.etl_sg.id}",
        from_port: 0,
        to_port: 65535,
      }),
    });
    const egress = resourcesOf(json, "aws_vpc_security_group_egress_rule");
    expect(Object.keys(egress).sort()).toEqual([
      "etl_sg_out_3306_to_source",
      "etl_sg_out_443",
      "etl_sg_out_5432_to_target",
      "etl_sg_out_self",
    ]);
    expect(egress.etl_sg_out_3306_to_source).toMatchObject({
      from_port: 3306,
      to_port: 3306,
      referenced_security_group_id: "sg-0database",
    });
    expect(egress.etl_sg_out_443).toMatchObject({ from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" });
    expect(Object.values(egress).filter((r) => r.cidr_ipv4 !== undefined && r.from_port !== 443)).toEqual([]);
  });
});

describe("the job role (least privilege)", () => {
  const json = synth();
  const statements = policyOf(resource(json, "aws_iam_role_policy", "etl_role_policy")).Statement;
  const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));

  test("is trusted by Glue of this account only and carries no managed policy", () => {
    expect(policyOf(resource(json, "aws_iam_role", "etl_role"), "assume_role_policy").Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "glue.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
    expect(resourcesOf(json, "aws_iam_role_policy_attachment")).toEqual({});
  });

  test("reads exactly the script, the two connections and the two secrets", () => {
    expect(bySid.ReadTheScript).toEqual({
      Sid: "ReadTheScript",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "${aws_s3_bucket.etl_scripts.arn}/scripts/transactional-to-analytics.py",
    });
    expect(bySid.UseTheConnections.Resource).toEqual([
      "arn:aws:glue:us-east-1:123456789012:catalog",
      "arn:aws:glue:us-east-1:123456789012:connection/${aws_glue_connection.etl_source_connection.name}",
      "arn:aws:glue:us-east-1:123456789012:connection/${aws_glue_connection.etl_target_connection.name}",
    ]);
    expect(bySid.ReadTheDatabaseSecrets.Resource).toEqual([SOURCE_SECRET, TARGET_SECRET]);
    expect(bySid.DecryptTheDatabaseSecrets.Resource).toEqual([
      "arn:aws:kms:us-east-1:123456789012:key/mariadb",
      "arn:aws:kms:us-east-1:123456789012:key/postgres",
    ]);
  });

  test("writes logs only under /aws-glue and metrics only in the Glue namespace", () => {
    expect(bySid.WriteJobLogs.Resource).toEqual([
      "arn:aws:logs:us-east-1:123456789012:log-group:/aws-glue/*",
      "arn:aws:logs:us-east-1:123456789012:log-group:/aws-glue/*:log-stream:*",
    ]);
    expect(bySid.PublishGlueMetrics.Condition).toEqual({ StringEquals: { "cloudwatch:namespace": "Glue" } });
  });

  test("creates network interfaces only in its subnet and group, and tags only Glue's", () => {
    expect(bySid.CreateJobNetworkInterfaces.Resource).toEqual([
      "arn:aws:ec2:us-east-1:123456789012:network-interface/*",
      "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0app-a",
      "arn:aws:ec2:us-east-1:123456789012:security-group/${aws_security_group.etl_sg.id}",
    ]);
    expect(bySid.TagJobNetworkInterfaces.Condition).toEqual({
      "ForAllValues:StringEquals": { "aws:TagKeys": "aws-glue-service-resource" },
    });
  });

  test("grants no wildcard action and no resource '*' outside the describe calls and metrics", () => {
    expect(statements.flatMap((s) => [s.Action].flat()).filter((a) => String(a).endsWith("*"))).toEqual([]);
    expect(statements.filter((s) => s.Resource === "*").map((s) => s.Sid)).toEqual([
      "PublishGlueMetrics",
      "DescribeTheNetwork",
    ]);
  });

  test("the key lets CloudWatch Logs encrypt Glue's log groups", () => {
    expect(policyOf(resource(json, "aws_kms_key", "etl_key")).Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: "logs.us-east-1.amazonaws.com" },
        Condition: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:123456789012:log-group:/aws-glue/*",
          },
        },
      }),
    );
  });
});

describe("GlueEtl validation", () => {
  test("refuses table names that are not schema.table, duplicates and clashing targets, with their index", () => {
    expect(() => synth({ tables: ["orders", "sales.orders", "sales.orders", "archive.orders"] })).toThrow(
      /tables\[0\]: "orders" is not a lowercase schema\.table name[\s\S]*tables\[2\]: "sales\.orders" is already listed at tables\[1\][\s\S]*tables\[3\]: "archive\.orders" lands on the same target table as tables\[1\]/,
    );
    expect(() => synth({ tables: [] })).toThrow(/tables: name at least one schema\.table to copy/);
  });

  test("refuses a schedule, worker count or schema Glue or the script would reject", () => {
    expect(() => synth({ schedule: "rate(1 day)", numberOfWorkers: 1, targetSchema: "Analytics" })).toThrow(
      /targetSchema: "Analytics" is not a lowercase SQL name[\s\S]*schedule: "rate\(1 day\)" is not a Glue cron expression[\s\S]*numberOfWorkers: 1 must be 2 or more/,
    );
  });

  test("refuses a name too long for the role", () => {
    expect(() => synth({ name: `acme-${"x".repeat(40)}` })).toThrow(/name: "acme-x+" must be 2-40 lowercase letters/);
  });
});
