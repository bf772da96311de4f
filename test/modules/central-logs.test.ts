import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Fn } from "cdktf";
import {
  CENTRAL_LOGS_DEFAULTS,
  CentralLogDestination,
  destinationRegion,
  type CentralLogDestinationProps,
} from "../../modules/central-logs";
import { LogSubscription, type LogSubscriptionProps } from "../../modules/central-logs/subscription";
import { LOG_RETENTION_DAYS } from "../../modules/eks/checks";
import { policyOf, resource, resourcesOf, synthModule } from "../helpers/synth";

const SECURITY = "222222222222";
const PROD = "444444444444";
const base: CentralLogDestinationProps = {
  region: "us-east-1",
  accountId: SECURITY,
  organizationId: "o-exampleorg1",
  sourceAccountIds: [PROD, "333333333333"],
  namePrefix: "acme-security-us-east-1",
  bucketName: "acme-central-logs-us-east-1-222222222222",
};
const synth = (props: Partial<CentralLogDestinationProps> = {}) =>
  synthModule((s) => new CentralLogDestination(s, "central_logs", { ...base, ...props }));
const json = synth();

const STREAM = "${aws_kinesis_firehose_delivery_stream.central_logs_stream.arn}";
const BUCKET = "${aws_s3_bucket.central_logs_bucket.arn}";
const KEY = "${aws_kms_key.central_logs_key.arn}";

describe("the destination", () => {
  test("targets the region's Firehose stream through the CloudWatch Logs role, once that role may put records", () => {
    expect(resource(json, "aws_cloudwatch_log_destination", "central_logs")).toEqual({
      name: "acme-security-us-east-1-central-logs",
      role_arn: "${aws_iam_role.central_logs_logs_role.arn}",
      target_arn: STREAM,
      tags: {},
      depends_on: ["aws_iam_role_policy.central_logs_logs_role_policy"],
    });
  });

  test("its policy admits subscriptions from the organization's principals only", () => {
    const policy = policyOf(
      resource(json, "aws_cloudwatch_log_destination_policy", "central_logs_policy"),
      "access_policy",
    );
    expect(policy.Statement).toEqual([
      {
        Sid: "OrganizationAccountsSubscribe",
        Effect: "Allow",
        Principal: "*",
        Action: "logs:PutSubscriptionFilter",
        Resource: "${aws_cloudwatch_log_destination.central_logs.arn}",
        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-exampleorg1" } },
      },
    ]);
  });

  test("CloudWatch Logs assumes its role only on behalf of the sending accounts (and this one), in this region", () => {
    const trust = policyOf(resource(json, "aws_iam_role", "central_logs_logs_role"), "assume_role_policy");
    expect(trust.Statement).toEqual([
      {
        Sid: "CloudWatchLogsOfTheSendingAccounts",
        Effect: "Allow",
        Principal: { Service: "logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringLike: {
            "aws:SourceArn": [
              "arn:aws:logs:us-east-1:444444444444:*",
              "arn:aws:logs:us-east-1:333333333333:*",
              "arn:aws:logs:us-east-1:222222222222:*",
            ],
          },
        },
      },
    ]);
    const permissions = policyOf(resource(json, "aws_iam_role_policy", "central_logs_logs_role_policy"));
    expect(permissions.Statement).toEqual([
      {
        Sid: "PutRecordsIntoTheStream",
        Effect: "Allow",
        Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
        Resource: STREAM,
      },
    ]);
  });
});

describe("the delivery stream and the archive", () => {
  test("Firehose is encrypted with the CMK and writes uncompressed (CloudWatch Logs already gzips) into the bucket", () => {
    const stream = resource(json, "aws_kinesis_firehose_delivery_stream", "central_logs_stream");
    expect(stream).toMatchObject({
      name: "acme-security-us-east-1-central-logs",
      destination: "extended_s3",
      server_side_encryption: { enabled: true, key_type: "CUSTOMER_MANAGED_CMK", key_arn: KEY },
      extended_s3_configuration: {
        role_arn: "${aws_iam_role.central_logs_firehose_role.arn}",
        bucket_arn: BUCKET,
        kms_key_arn: KEY,
        prefix: CENTRAL_LOGS_DEFAULTS.prefix,
        error_output_prefix: CENTRAL_LOGS_DEFAULTS.errorOutputPrefix,
        buffering_interval: 300,
        buffering_size: 5,
        compression_format: "UNCOMPRESSED",
        cloudwatch_logging_options: {
          enabled: true,
          log_group_name: "${aws_cloudwatch_log_group.central_logs_error_log.name}",
          log_stream_name: "${aws_cloudwatch_log_stream.central_logs_error_log_stream.name}",
        },
      },
    });
  });

  test("Firehose's role is trusted by Firehose of this account alone and may only write the archive", () => {
    const trust = policyOf(resource(json, "aws_iam_role", "central_logs_firehose_role"), "assume_role_policy");
    expect(trust.Statement[0]).toMatchObject({
      Principal: { Service: "firehose.amazonaws.com" },
      Condition: { StringEquals: { "sts:ExternalId": SECURITY } },
    });
    const statements = policyOf(resource(json, "aws_iam_role_policy", "central_logs_firehose_role_policy")).Statement;
    expect(statements.map((s) => [s.Sid, s.Resource])).toEqual([
      ["WriteTheArchive", [BUCKET, `${BUCKET}/*`]],
      ["EncryptThroughS3", KEY],
      [
        "ReportDeliveryErrors",
        "${aws_cloudwatch_log_group.central_logs_error_log.arn}:log-stream:${aws_cloudwatch_log_stream.central_logs_error_log_stream.name}",
      ],
    ]);
    expect(statements[1].Condition).toEqual({
      StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
      StringLike: { "kms:EncryptionContext:aws:s3:arn": [BUCKET, `${BUCKET}/*`] },
    });
    expect(statements.flatMap((s) => [s.Action].flat())).not.toContain("s3:DeleteObject");
  });

  test("the archive is a secure bucket on the same key, expiring after seven years, kept from destroy", () => {
    expect(resource(json, "aws_s3_bucket", "central_logs_bucket")).toMatchObject({
      bucket: base.bucketName,
      lifecycle: { prevent_destroy: true },
    });
    const encryption = resource(
      json,
      "aws_s3_bucket_server_side_encryption_configuration",
      "central_logs_bucket_encryption",
    );
    expect(encryption.rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: KEY },
        bucket_key_enabled: true,
      },
    ]);
    const rules = resource(json, "aws_s3_bucket_lifecycle_configuration", "central_logs_bucket_lifecycle")
      .rule as Record<string, unknown>[];
    expect(rules.find((r) => r.id === "archive-then-expire-logs")).toMatchObject({
      transition: [{ days: 90, storage_class: "GLACIER" }],
      expiration: [{ days: 2556 }],
      noncurrent_version_expiration: [{ noncurrent_days: 1 }],
    });
    expect(resource(json, "aws_kms_key", "central_logs_key").lifecycle).toEqual({ prevent_destroy: true });
  });

  test("the error log is encrypted with the key, which admits CloudWatch Logs for that log group only", () => {
    expect(resource(json, "aws_cloudwatch_log_group", "central_logs_error_log")).toEqual({
      name: "/aws/kinesisfirehose/acme-security-us-east-1-central-logs",
      retention_in_days: 365,
      kms_key_id: KEY,
      tags: {},
    });
    expect(LOG_RETENTION_DAYS).toContain(CENTRAL_LOGS_DEFAULTS.errorLogRetentionDays);
    const logs = policyOf(resource(json, "aws_kms_key", "central_logs_key")).Statement.find(
      (s) => s.Sid === "CloudWatchLogsEncryptsTheseLogGroups",
    );
    expect(logs?.Principal).toEqual({ Service: "logs.us-east-1.amazonaws.com" });
    expect(logs?.Condition).toEqual({
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn":
          "arn:aws:logs:us-east-1:222222222222:log-group:/aws/kinesisfirehose/acme-security-us-east-1-central-logs",
      },
    });
  });

  test("residency: everything is created on the region's own provider, nothing elsewhere", () => {
    const withProvider = Object.values(json.resource ?? {})
      .flatMap((byName) => Object.values(byName))
      .filter((r) => r.provider !== undefined);
    expect(withProvider).toEqual([]);
  });
});

describe("the sending side", () => {
  const sender: LogSubscriptionProps = {
    destination: {
      destinationArn: "arn:aws:logs:us-east-1:222222222222:destination:acme-central-logs",
      region: "us-east-1",
    },
    region: "us-east-1",
    accountId: PROD,
    namePrefix: "acme-prod-us-east-1",
    logGroups: {
      eks_control_plane: { logGroupName: "/aws/eks/acme-prod-us-east-1/cluster" },
      flow_logs: { logGroupName: "/acme/prod/vpc-flow-logs", filterPattern: "REJECT" },
    },
  };
  const synthSender = (props: Partial<LogSubscriptionProps> = {}) =>
    synthModule((s) => new LogSubscription(s, "central_logs", { ...sender, ...props }));
  const senderJson = synthSender();

  // A literal ARN's region is checked at synth (below); Terraform refuses a precondition on a constant.
  test("one filter per log group to the destination, through the sending account's role", () => {
    const filters = resourcesOf(senderJson, "aws_cloudwatch_log_subscription_filter");
    expect(Object.keys(filters).sort()).toEqual([
      "central_logs_filter_eks_control_plane",
      "central_logs_filter_flow_logs",
    ]);
    expect(filters.central_logs_filter_eks_control_plane).toEqual({
      name: "acme-prod-us-east-1-central-logs",
      log_group_name: "/aws/eks/acme-prod-us-east-1/cluster",
      filter_pattern: "",
      destination_arn: sender.destination.destinationArn,
      role_arn: "${aws_iam_role.central_logs_role.arn}",
      depends_on: ["aws_iam_role_policy.central_logs_role_policy"],
    });
    expect(filters.central_logs_filter_flow_logs.filter_pattern).toBe("REJECT");
  });

  test("the role may put events of exactly the subscribed log groups, for this account's CloudWatch Logs", () => {
    const trust = policyOf(resource(senderJson, "aws_iam_role", "central_logs_role"), "assume_role_policy");
    expect(trust.Statement[0]).toMatchObject({
      Principal: { Service: "logs.amazonaws.com" },
      Condition: { StringLike: { "aws:SourceArn": "arn:aws:logs:us-east-1:444444444444:*" } },
    });
    expect(policyOf(resource(senderJson, "aws_iam_role_policy", "central_logs_role_policy")).Statement).toEqual([
      {
        Sid: "PutEventsOfTheSubscribedLogGroups",
        Effect: "Allow",
        Action: "logs:PutLogEvents",
        Resource: [
          "arn:aws:logs:us-east-1:444444444444:log-group:/aws/eks/acme-prod-us-east-1/cluster:*",
          "arn:aws:logs:us-east-1:444444444444:log-group:/acme/prod/vpc-flow-logs:*",
        ],
      },
    ]);
  });

  test("a destination handed over from another stack is checked at plan by its ARN's region", () => {
    const wired = synthModule((s) => {
      const central = new CentralLogDestination(s, "destination", base);
      new LogSubscription(s, "central_logs", { ...sender, destination: central.destination });
    });
    const filter = resource(wired, "aws_cloudwatch_log_subscription_filter", "central_logs_filter_flow_logs");
    expect(filter.destination_arn).toBe("${aws_cloudwatch_log_destination.destination.arn}");
    expect((filter.lifecycle as { precondition: { condition: string }[] }).precondition[0].condition).toBe(
      '${(element(split(":", aws_cloudwatch_log_destination.destination.arn), 3) == "us-east-1")}',
    );
  });

  test("a group the stack creates under a literal name: the filter depends on it", () => {
    const json = synthModule((s) => {
      const group = new CloudwatchLogGroup(s, "fluent_bit_logs", { name: "/aws/eks/acme/workloads/api" });
      new LogSubscription(s, "central_logs", {
        ...sender,
        logGroups: { fluent_bit_ns_api: { logGroupName: "/aws/eks/acme/workloads/api", dependsOn: [group] } },
      });
    });
    const filter = resource(json, "aws_cloudwatch_log_subscription_filter", "central_logs_filter_fluent_bit_ns_api");
    expect(filter.depends_on).toEqual([
      "aws_iam_role_policy.central_logs_role_policy",
      "aws_cloudwatch_log_group.fluent_bit_logs",
    ]);
  });

  test("residency: a log group never subscribes to another region's destination", () => {
    expect(destinationRegion(sender.destination.destinationArn)).toBe("us-east-1");
    expect(() => synthSender({ region: "ca-central-1" })).toThrow(
      /destination: the destination is in us-east-1, these log groups in ca-central-1; a log group subscribes only to the destination of its own region/,
    );
    expect(() =>
      synthSender({
        destination: {
          destinationArn: Fn.lower("ARN:AWS:LOGS:CA-CENTRAL-1:222222222222:DESTINATION:X"),
          region: "ca-central-1",
        },
      }),
    ).toThrow(/the destination is in ca-central-1, these log groups in us-east-1/);
  });

  test("refuses a log group listed twice, a bad name or an empty list", () => {
    expect(() =>
      synthSender({
        logGroups: {
          a: { logGroupName: "/same" },
          b: { logGroupName: "/same" },
          c: { logGroupName: "has spaces" },
        },
      }),
    ).toThrow(
      /logGroups\.b\.logGroupName: \/same is already sent by logGroups\.a[\s\S]*logGroups\.c\.logGroupName: "has spaces" is not a log group name/,
    );
    expect(() => synthSender({ logGroups: {} })).toThrow(/logGroups: name at least one log group/);
  });
});

describe("CentralLogDestination validation", () => {
  test("refuses a bad organization, accounts, or retention", () => {
    expect(() =>
      synth({ organizationId: "org-1", sourceAccountIds: ["1234"], retentionDays: 1, glacierAfterDays: 0 }),
    ).toThrow(
      /organizationId: "org-1" is not an organization id[\s\S]*sourceAccountIds\[0\]: "1234" is not a 12-digit account id[\s\S]*retentionDays: 1 must be a whole number of days, at least 2[\s\S]*glacierAfterDays: 0 must be a whole number/,
    );
    expect(() => synth({ sourceAccountIds: [] })).toThrow(/sourceAccountIds: name the accounts/);
    expect(() => synth({ retentionDays: 365, glacierAfterDays: 364 })).toThrow(
      /glacierAfterDays: 364 must be a whole number from 1 to 363/,
    );
  });
});
