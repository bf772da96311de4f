import { DmsReplication, DmsServiceRoles, exactName, tableMappings, type DmsReplicationProps } from "../../modules/dms";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const SOURCE_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:acme-prod-us-east-1-ref-dms-AbCdEf";
const SOURCE_KEY = "arn:aws:kms:us-east-1:123456789012:key/source";
const TARGET_SECRET = "arn:aws:secretsmanager:ca-central-1:123456789012:secret:acme-prod-ca-central-1-ref-dms-GhIjKl";
const TARGET_KEY = "arn:aws:kms:ca-central-1:123456789012:key/target";
const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

const base: DmsReplicationProps = {
  name: "acme-prod-ca-central-1-ref",
  region: "ca-central-1",
  accountId: "123456789012",
  network: { vpcId: "vpc-0ca", vpcCidr: "10.1.0.0/16", subnetIds: ["subnet-a", "subnet-b", "subnet-c"] },
  source: {
    secretArn: SOURCE_SECRET,
    secretKmsKeyArn: SOURCE_KEY,
    subnetCidrs: { a: "10.0.64.0/21", b: "10.0.72.0/21", c: "10.0.80.0/21" },
  },
  target: { secretArn: TARGET_SECRET, secretKmsKeyArn: TARGET_KEY, securityGroupId: "sg-0cadatabase" },
  caCertificate: { pem: PEM },
  tables: [
    { schema: "reference", table: "country_codes" },
    { schema: "reference", table: "currencies" },
  ],
};

const synth = (props: Partial<DmsReplicationProps> = {}): StackJson =>
  synthModule((s) => new DmsReplication(s, "dms", { ...base, ...props }));

describe("DmsServiceRoles", () => {
  const json = synthModule((s) => new DmsServiceRoles(s, "dms_roles"));

  test("creates the three roles DMS looks up by fixed name, trusted by DMS only", () => {
    const roles = resourcesOf(json, "aws_iam_role");
    expect(Object.values(roles).map((r) => r.name)).toEqual(
      expect.arrayContaining(["dms-vpc-role", "dms-cloudwatch-logs-role", "dms-access-for-endpoint"]),
    );
    expect(Object.keys(roles)).toHaveLength(3);
    for (const role of Object.values(roles)) {
      expect(policyOf(role, "assume_role_policy").Statement).toEqual([
        { Effect: "Allow", Principal: { Service: "dms.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]);
    }
  });

  test("attaches exactly the AWS managed policy of each role", () => {
    const attachments = Object.entries(resourcesOf(json, "aws_iam_role_policy_attachment")).map(
      ([name, a]) => `${name} ${a.role} ${a.policy_arn}`,
    );
    expect(attachments.sort()).toEqual([
      "dms_roles_cloudwatch_logs_role_policy ${aws_iam_role.dms_roles_cloudwatch_logs_role.name} arn:aws:iam::aws:policy/service-role/AmazonDMSCloudWatchLogsRole",
      "dms_roles_endpoint_access_role_policy ${aws_iam_role.dms_roles_endpoint_access_role.name} arn:aws:iam::aws:policy/service-role/AmazonDMSRedshiftS3Role",
      "dms_roles_vpc_role_policy ${aws_iam_role.dms_roles_vpc_role.name} arn:aws:iam::aws:policy/service-role/AmazonDMSVPCManagementRole",
    ]);
  });

  test("a replication in the same stack waits for the roles' policies", () => {
    const both = synthModule((s) => {
      const roles = new DmsServiceRoles(s, "dms_roles");
      new DmsReplication(s, "dms", { ...base, serviceRoles: roles });
    });
    expect(resource(both, "aws_dms_replication_subnet_group", "dms_subnet_group").depends_on).toEqual([
      "aws_iam_role_policy_attachment.dms_roles_vpc_role_policy",
      "aws_iam_role_policy_attachment.dms_roles_cloudwatch_logs_role_policy",
      "aws_iam_role_policy_attachment.dms_roles_endpoint_access_role_policy",
    ]);
  });
});

describe("the replication instance", () => {
  const json = synth();
  const instance = resource(json, "aws_dms_replication_instance", "dms");

  test("is private, Multi-AZ by default, encrypted with the CMK, on a pinned engine", () => {
    expect(instance).toMatchObject({
      replication_instance_id: "acme-prod-ca-central-1-ref",
      publicly_accessible: false,
      multi_az: true,
      kms_key_arn: "${aws_kms_key.dms_key.arn}",
      engine_version: "3.5.4",
      auto_minor_version_upgrade: false,
      allow_major_version_upgrade: false,
      replication_instance_class: "dms.t3.medium",
    });
  });

  test("Multi-AZ is a prop (off outside prod)", () => {
    expect(resource(synth({ multiAz: false }), "aws_dms_replication_instance", "dms").multi_az).toBe(false);
  });

  test("runs in the database subnets with its own security group", () => {
    expect(instance).toMatchObject({
      replication_subnet_group_id: "${aws_dms_replication_subnet_group.dms_subnet_group.replication_subnet_group_id}",
      vpc_security_group_ids: ["${aws_security_group.dms_sg.id}"],
    });
    expect(resource(json, "aws_dms_replication_subnet_group", "dms_subnet_group").subnet_ids).toEqual([
      "subnet-a",
      "subnet-b",
      "subnet-c",
    ]);
  });

  test("its security group reaches MariaDB on the source subnets and target group, and HTTPS in the VPC, nothing else", () => {
    const egress = Object.entries(resourcesOf(json, "aws_vpc_security_group_egress_rule")).map(
      ([name, r]) =>
        `${name} ${r.ip_protocol} ${r.from_port}-${r.to_port} ${r.cidr_ipv4 ?? r.referenced_security_group_id}`,
    );
    expect(egress.sort()).toEqual([
      "dms_sg_out_3306_to_source_a tcp 3306-3306 10.0.64.0/21",
      "dms_sg_out_3306_to_source_b tcp 3306-3306 10.0.72.0/21",
      "dms_sg_out_3306_to_source_c tcp 3306-3306 10.0.80.0/21",
      "dms_sg_out_3306_to_target tcp 3306-3306 sg-0cadatabase",
      "dms_sg_out_443_to_vpc tcp 443-443 10.1.0.0/16",
    ]);
    expect(resourcesOf(json, "aws_vpc_security_group_ingress_rule")).toEqual({});
    expect(resource(json, "aws_security_group", "dms_sg")).not.toHaveProperty("egress");
  });
});

describe("the endpoints", () => {
  const json = synth();

  test("read the other region's MariaDB and write the local one over verified TLS with Secrets Manager credentials", () => {
    for (const [kind, secret] of [
      ["source", SOURCE_SECRET],
      ["target", TARGET_SECRET],
    ]) {
      expect(resource(json, "aws_dms_endpoint", `dms_${kind}`)).toMatchObject({
        endpoint_id: `acme-prod-ca-central-1-ref-${kind}`,
        endpoint_type: kind,
        engine_name: "mariadb",
        secrets_manager_arn: secret,
        secrets_manager_access_role_arn: "${aws_iam_role.dms_secrets_role.arn}",
        ssl_mode: "verify-full",
        certificate_arn: "${aws_dms_certificate.dms_ca.certificate_arn}",
        kms_key_arn: "${aws_kms_key.dms_key.arn}",
        depends_on: ["aws_iam_role_policy.dms_secrets_policy"],
      });
    }
  });

  test("carry no credentials or connection details of their own (the secret holds them)", () => {
    for (const endpoint of Object.values(resourcesOf(json, "aws_dms_endpoint"))) {
      for (const field of ["username", "password", "server_name", "port"]) expect(endpoint).not.toHaveProperty(field);
    }
  });

  test("import the RDS CA bundle, or use an imported certificate", () => {
    expect(resource(json, "aws_dms_certificate", "dms_ca")).toMatchObject({
      certificate_id: "acme-prod-ca-central-1-ref-rds-ca",
      certificate_pem: PEM,
    });
    const arn = "arn:aws:dms:ca-central-1:123456789012:cert:EXISTING";
    const given = synth({ caCertificate: { arn } });
    expect(resourcesOf(given, "aws_dms_certificate")).toEqual({});
    expect(resource(given, "aws_dms_endpoint", "dms_source").certificate_arn).toBe(arn);
  });

  test("the secret access role is assumed by DMS of this region and this account only", () => {
    const role = resource(json, "aws_iam_role", "dms_secrets_role");
    expect(policyOf(role, "assume_role_policy").Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: ["dms.ca-central-1.amazonaws.com", "dms.amazonaws.com"] },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
  });

  test("the secret access role reads exactly the two secrets and decrypts with exactly their keys", () => {
    const policy = policyOf(resource(json, "aws_iam_role_policy", "dms_secrets_policy"));
    expect(policy.Statement).toEqual([
      {
        Sid: "ReadEndpointSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        Resource: [SOURCE_SECRET, TARGET_SECRET],
      },
      { Sid: "DecryptEndpointSecrets", Effect: "Allow", Action: "kms:Decrypt", Resource: [SOURCE_KEY, TARGET_KEY] },
    ]);
    expect(JSON.stringify(policy)).not.toContain("*");
  });
});

describe("the replication task", () => {
  const json = synth();
  const task = resource(json, "aws_dms_replication_task", "dms_task");

  test("runs full load then CDC from the source to the target endpoint, started by operators", () => {
    expect(task).toMatchObject({
      replication_task_id: "acme-prod-ca-central-1-ref-reference",
      migration_type: "full-load-and-cdc",
      replication_instance_arn: "${aws_dms_replication_instance.dms.replication_instance_arn}",
      source_endpoint_arn: "${aws_dms_endpoint.dms_source.endpoint_arn}",
      target_endpoint_arn: "${aws_dms_endpoint.dms_target.endpoint_arn}",
      start_replication_task: false,
    });
  });

  test("selects exactly the given tables, one include rule each, underscores escaped", () => {
    expect(JSON.parse(task.table_mappings as string)).toEqual({
      rules: [
        {
          "rule-type": "selection",
          "rule-id": "1",
          "rule-name": "include-reference-country_codes",
          "object-locator": { "schema-name": "reference", "table-name": "country[_]codes" },
          "rule-action": "include",
          filters: [],
        },
        {
          "rule-type": "selection",
          "rule-id": "2",
          "rule-name": "include-reference-currencies",
          "object-locator": { "schema-name": "reference", "table-name": "currencies" },
          "rule-action": "include",
          filters: [],
        },
      ],
    });
  });

  test("no rule holds a wildcard or excludes anything", () => {
    const rules = tableMappings(base.tables).rules;
    expect(rules.filter((r) => /%/.test(JSON.stringify(r["object-locator"])))).toEqual([]);
    expect(rules.filter((r) => r["rule-action"] !== "include")).toEqual([]);
    expect(exactName("a_b_c")).toBe("a[_]b[_]c");
  });

  test("validates rows and logs to CloudWatch", () => {
    const settings = JSON.parse(task.replication_task_settings as string);
    expect(settings.ValidationSettings).toMatchObject({ EnableValidation: true, ValidationMode: "ROW_LEVEL" });
    expect(settings.Logging.EnableLogging).toBe(true);
    expect(settings.Logging.LogComponents.map((c: { Id: string }) => c.Id)).toEqual(
      expect.arrayContaining(["SOURCE_CAPTURE", "TARGET_APPLY", "VALIDATOR_EXT"]),
    );
    expect(settings.Logging).not.toHaveProperty("CloudWatchLogGroup");
  });

  test("keeps the target tables (truncated before the full load) and does not replay source DDL", () => {
    const settings = JSON.parse(task.replication_task_settings as string);
    expect(settings.FullLoadSettings.TargetTablePrepMode).toBe("TRUNCATE_BEFORE_LOAD");
    expect(settings.ChangeProcessingDdlHandlingPolicy).toEqual({
      HandleSourceTableDropped: false,
      HandleSourceTableTruncated: true,
      HandleSourceTableAltered: false,
    });
  });
});

describe("notifications and alarms", () => {
  const json = synth();
  const topic = "${aws_sns_topic.dms_events.arn}";

  test("events go to an SNS topic encrypted with the CMK, whose policy lets alarms and DMS publish", () => {
    expect(resource(json, "aws_sns_topic", "dms_events")).toMatchObject({
      name: "acme-prod-ca-central-1-ref-dms-events",
      kms_master_key_id: "${aws_kms_key.dms_key.arn}",
    });
    const key = policyOf(resource(json, "aws_kms_key", "dms_key"));
    expect(key.Statement).toContainEqual({
      Sid: "AlarmAndDmsEventsPublishToEncryptedTopic",
      Effect: "Allow",
      Principal: { Service: ["cloudwatch.amazonaws.com", "dms.amazonaws.com"] },
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: "*",
    });
  });

  test("subscribes the topic to task failures and state changes, and to instance failures", () => {
    expect(resource(json, "aws_dms_event_subscription", "dms_task_events")).toMatchObject({
      sns_topic_arn: topic,
      source_type: "replication-task",
      source_ids: ["${aws_dms_replication_task.dms_task.replication_task_id}"],
      event_categories: ["failure", "state change"],
      enabled: true,
    });
    expect(resource(json, "aws_dms_event_subscription", "dms_instance_events")).toMatchObject({
      source_type: "replication-instance",
      source_ids: ["${aws_dms_replication_instance.dms.replication_instance_id}"],
      event_categories: ["failure", "failover", "low storage"],
    });
  });

  test("alarms on source and target CDC latency above the threshold, on the task's metrics", () => {
    const dimensions = {
      ReplicationInstanceIdentifier: "${aws_dms_replication_instance.dms.replication_instance_id}",
      ReplicationTaskIdentifier: '${element(split(":", aws_dms_replication_task.dms_task.replication_task_arn), 6)}',
    };
    for (const [name, metric] of [
      ["dms_lag_source", "CDCLatencySource"],
      ["dms_lag_target", "CDCLatencyTarget"],
    ]) {
      expect(resource(json, "aws_cloudwatch_metric_alarm", name)).toMatchObject({
        namespace: "AWS/DMS",
        metric_name: metric,
        dimensions,
        statistic: "Maximum",
        comparison_operator: "GreaterThanThreshold",
        threshold: 300,
        alarm_actions: [topic],
        ok_actions: [topic],
      });
    }
    expect(resource(synth({ maxLagSeconds: 60 }), "aws_cloudwatch_metric_alarm", "dms_lag_target").threshold).toBe(60);
  });

  test("alarms when the task stops publishing CDC metrics (stopped or failed)", () => {
    expect(resource(json, "aws_cloudwatch_metric_alarm", "dms_task_stopped")).toMatchObject({
      metric_name: "CDCLatencySource",
      statistic: "SampleCount",
      comparison_operator: "LessThanThreshold",
      threshold: 1,
      treat_missing_data: "breaching",
      alarm_actions: [topic],
    });
  });

  test("uses a given key instead of creating one", () => {
    const key = "arn:aws:kms:ca-central-1:123456789012:key/given";
    const given = synth({ kmsKeyArn: key });
    expect(resourcesOf(given, "aws_kms_key")).toEqual({});
    expect(resource(given, "aws_sns_topic", "dms_events").kms_master_key_id).toBe(key);
    expect(resource(given, "aws_dms_replication_instance", "dms").kms_key_arn).toBe(key);
  });
});

describe("DmsReplication validation", () => {
  test("refuses a % wildcard in a schema or table name, with its path", () => {
    expect(() =>
      synth({
        tables: [
          { schema: "reference", table: "country%" },
          { schema: "%", table: "currencies" },
        ],
      }),
    ).toThrow(
      /\[test\/dms\] tables\[0\]\.table: "country%" has a % wildcard; name every table explicitly[\s\S]*tables\[1\]\.schema: "%" has a % wildcard/,
    );
  });

  test("refuses wildcard sets, empty names, duplicates and an empty selection", () => {
    expect(() =>
      synth({
        tables: [
          { schema: "reference", table: "curr[ae]ncies" },
          { schema: "", table: "x" },
          { schema: "reference", table: "currencies" },
          { schema: "reference", table: "currencies" },
        ],
      }),
    ).toThrow(
      /tables\[0\]\.table: "curr\[ae\]ncies" has a \[ \] wildcard set[\s\S]*tables\[1\]\.schema: must not be empty[\s\S]*tables\[3\]: reference\.currencies is already tables\[2\]/,
    );
    expect(() => synth({ tables: [] })).toThrow(/tables: give at least one reference table/);
  });

  test("refuses a name DMS and IAM would reject and a single-AZ subnet list", () => {
    expect(() => synth({ name: "Acme_Ref", network: { ...base.network, subnetIds: ["subnet-a"] } })).toThrow(
      /name: "Acme_Ref" must be 2-40 lowercase letters[\s\S]*network\.subnetIds: a replication subnet group needs subnets in at least two AZs/,
    );
  });
});
