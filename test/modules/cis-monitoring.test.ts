import { CIS_MONITORS, CisMonitoring, type CisMonitoringProps } from "../../modules/cis-monitoring";
import { parseFilterPattern } from "../helpers/filter-pattern";
import { policyOf, resource, resourcesOf, synthModule } from "../helpers/synth";

const base: CisMonitoringProps = {
  logGroupName: "/aws/cloudtrail/acme-organization-trail",
  accountId: "123456789012",
  region: "us-east-1",
  namePrefix: "acme",
};
const synth = (props: Partial<CisMonitoringProps> = {}) =>
  synthModule((s) => new CisMonitoring(s, "cis", { ...base, ...props }));

/** A CloudTrail record: the fields every event has, and the ones a sample sets. */
const event = (fields: Record<string, unknown>) => ({
  eventVersion: "1.09",
  userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::123456789012:assumed-role/Deployer/session" },
  eventTime: "2025-01-01T00:00:00Z",
  eventSource: "ec2.amazonaws.com",
  eventName: "DescribeInstances",
  awsRegion: "us-east-1",
  eventType: "AwsApiCall",
  recipientAccountId: "123456789012",
  ...fields,
});
const consoleLogin = (mfa: string, result: string, extra: Record<string, unknown> = {}) =>
  event({
    eventSource: "signin.amazonaws.com",
    eventName: "ConsoleLogin",
    eventType: "AwsConsoleSignIn",
    userIdentity: { type: "IAMUser", userName: "alice" },
    additionalEventData: { MFAUsed: mfa, LoginTo: "https://console.aws.amazon.com/" },
    responseElements: { ConsoleLogin: result },
    ...extra,
  });
const call = (eventSource: string, eventName: string) => event({ eventSource, eventName });

/** For every monitor: an event it must count, and a close one it must not. */
const SAMPLES: Record<string, { readonly match: object; readonly noMatch: object }> = {
  root_usage: {
    match: event({ userIdentity: { type: "Root", arn: "arn:aws:iam::123456789012:root" }, eventName: "ListBuckets" }),
    noMatch: event({ userIdentity: { type: "Root", invokedBy: "config.amazonaws.com" }, eventType: "AwsApiCall" }),
  },
  unauthorized_api_calls: {
    match: event({ errorCode: "Client.UnauthorizedOperation", errorMessage: "You are not authorized" }),
    noMatch: event({ errorCode: "ThrottlingException" }),
  },
  console_signin_without_mfa: {
    match: consoleLogin("No", "Success"),
    noMatch: consoleLogin("Yes", "Success"),
  },
  iam_policy_changes: {
    match: call("iam.amazonaws.com", "PutRolePolicy"),
    noMatch: call("iam.amazonaws.com", "CreateRole"),
  },
  cloudtrail_changes: {
    match: call("cloudtrail.amazonaws.com", "StopLogging"),
    noMatch: call("cloudtrail.amazonaws.com", "LookupEvents"),
  },
  console_authentication_failures: {
    match: consoleLogin("No", "Failure", { errorMessage: "Failed authentication" }),
    noMatch: consoleLogin("Yes", "Success"),
  },
  cmk_disabled_or_deleted: {
    match: call("kms.amazonaws.com", "ScheduleKeyDeletion"),
    noMatch: call("kms.amazonaws.com", "Decrypt"),
  },
  s3_bucket_policy_changes: {
    match: call("s3.amazonaws.com", "PutBucketPolicy"),
    noMatch: call("s3.amazonaws.com", "GetBucketPolicy"),
  },
  config_changes: {
    match: call("config.amazonaws.com", "StopConfigurationRecorder"),
    noMatch: call("config.amazonaws.com", "DescribeConfigurationRecorders"),
  },
  security_group_changes: {
    match: call("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress"),
    noMatch: call("ec2.amazonaws.com", "DescribeSecurityGroups"),
  },
  nacl_changes: {
    match: call("ec2.amazonaws.com", "ReplaceNetworkAclEntry"),
    noMatch: call("ec2.amazonaws.com", "DescribeNetworkAcls"),
  },
  network_gateway_changes: {
    match: call("ec2.amazonaws.com", "AttachInternetGateway"),
    noMatch: call("ec2.amazonaws.com", "CreateNatGateway"),
  },
  route_table_changes: {
    match: call("ec2.amazonaws.com", "CreateRoute"),
    noMatch: call("ec2.amazonaws.com", "DescribeRouteTables"),
  },
  vpc_changes: {
    match: call("ec2.amazonaws.com", "CreateVpcPeeringConnection"),
    noMatch: call("ec2.amazonaws.com", "CreateSubnet"),
  },
  organizations_changes: {
    match: call("organizations.amazonaws.com", "LeaveOrganization"),
    noMatch: call("organizations.amazonaws.com", "DescribeOrganization"),
  },
};

describe("the monitored event classes", () => {
  test("cover Security Hub CloudWatch.1-14 and CIS 3.0.0 4.15 (Organizations changes), each once", () => {
    expect(CIS_MONITORS.map((m) => m.control)).toEqual([
      ...Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`),
      "CIS 3.0.0 4.15",
    ]);
    expect(new Set(CIS_MONITORS.map((m) => m.key)).size).toBe(CIS_MONITORS.length);
    expect(Object.keys(SAMPLES).sort()).toEqual(CIS_MONITORS.map((m) => m.key).sort());
  });

  test.each(CIS_MONITORS.map((m) => [m.key, m] as const))("%s counts its sample and not the near miss", (key, m) => {
    const pattern = parseFilterPattern(m.pattern);
    expect(pattern.matches(SAMPLES[key].match)).toBe(true);
    expect(pattern.matches(SAMPLES[key].noMatch)).toBe(false);
  });

  test("root usage ignores AWS services acting for the root user and service events", () => {
    const root = parseFilterPattern(CIS_MONITORS[0].pattern);
    expect(root.matches(event({ userIdentity: { type: "Root" }, eventType: "AwsServiceEvent" }))).toBe(false);
  });

  test("a console sign-in without MFA that failed, or by a federated role, is not counted as one", () => {
    const noMfa = parseFilterPattern(CIS_MONITORS[2].pattern);
    expect(noMfa.matches(consoleLogin("No", "Failure"))).toBe(false);
    expect(noMfa.matches(consoleLogin("No", "Success", { userIdentity: { type: "AssumedRole" } }))).toBe(false);
  });

  test("unauthorized calls match AccessDenied by prefix as well", () => {
    const unauthorized = parseFilterPattern(CIS_MONITORS[1].pattern);
    expect(unauthorized.matches(event({ errorCode: "AccessDeniedException" }))).toBe(true);
  });
});

describe("CisMonitoring", () => {
  const json = synth({
    emailSubscriptions: ["secops@example.com"],
    httpsSubscriptions: ["https://hooks.example.com/cis"],
  });
  const filters = resourcesOf(json, "aws_cloudwatch_log_metric_filter");
  const alarms = resourcesOf(json, "aws_cloudwatch_metric_alarm");

  test("a filter per monitor on the trail's log group with the pattern text unchanged", () => {
    expect(Object.keys(filters).sort()).toEqual(CIS_MONITORS.map((m) => `cis_${m.key}_filter`).sort());
    for (const m of CIS_MONITORS) {
      expect(filters[`cis_${m.key}_filter`]).toMatchObject({
        log_group_name: "/aws/cloudtrail/acme-organization-trail",
        pattern: m.pattern,
        metric_transformation: { name: `acme-cis-${m.key.replace(/_/g, "-")}`, namespace: "LogMetrics", value: "1" },
      });
    }
  });

  test("an alarm per filter: its metric, Sum >= 1 over 5 minutes, actions on, to the topic", () => {
    expect(Object.keys(alarms).sort()).toEqual(CIS_MONITORS.map((m) => `cis_${m.key}`).sort());
    for (const m of CIS_MONITORS) {
      const metric = filters[`cis_${m.key}_filter`].metric_transformation as { name: string; namespace: string };
      expect(alarms[`cis_${m.key}`]).toMatchObject({
        alarm_name: metric.name,
        metric_name: metric.name,
        namespace: metric.namespace,
        statistic: "Sum",
        period: 300,
        evaluation_periods: 1,
        threshold: 1,
        comparison_operator: "GreaterThanOrEqualToThreshold",
        treat_missing_data: "notBreaching",
        actions_enabled: true,
        alarm_actions: ["${aws_sns_topic.cis_topic.arn}"],
      });
    }
  });

  test("the topic is encrypted with its own key, which only this account's CIS alarms may use", () => {
    expect(resource(json, "aws_sns_topic", "cis_topic")).toMatchObject({
      name: "acme-cis-alarms",
      kms_master_key_id: "${aws_kms_key.cis_key.arn}",
    });
    const conditions = {
      ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:acme-cis-*" },
      StringEquals: { "aws:SourceAccount": "123456789012" },
    };
    const keyPolicy = policyOf(resource(json, "aws_kms_key", "cis_key")).Statement;
    expect(keyPolicy).toContainEqual(
      expect.objectContaining({
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Condition: conditions,
      }),
    );
    const topicPolicy = policyOf(resource(json, "aws_sns_topic_policy", "cis_topic_policy")).Statement;
    expect(topicPolicy).toContainEqual(
      expect.objectContaining({ Effect: "Allow", Action: "sns:Publish", Condition: conditions }),
    );
    expect(topicPolicy).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
    expect(resource(json, "aws_kms_key", "cis_key").lifecycle).toEqual({ prevent_destroy: true });
  });

  test("email and HTTPS subscribers from the props, none by default", () => {
    expect(resourcesOf(json, "aws_sns_topic_subscription")).toEqual({
      cis_email_secops_example_com: {
        topic_arn: "${aws_sns_topic.cis_topic.arn}",
        protocol: "email",
        endpoint: "secops@example.com",
      },
      cis_https_hooks_example_com_cis: {
        topic_arn: "${aws_sns_topic.cis_topic.arn}",
        protocol: "https",
        endpoint: "https://hooks.example.com/cis",
      },
    });
    expect(resourcesOf(synth(), "aws_sns_topic_subscription")).toEqual({});
  });

  test("reports two endpoints that map to one address", () => {
    expect(() => synth({ emailSubscriptions: ["a.b@example.com", "a-b@example.com"] })).toThrow(
      /emailSubscriptions: a-b@example.com has the same address as a.b@example.com/,
    );
  });
});
