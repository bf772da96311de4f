import { TerraformVariable } from "cdktf";
import {
  DEFAULTS,
  freeStorageThresholdBytes,
  ServiceAlarms,
  type ServiceAlarmsProps,
} from "../../modules/service-alarms";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const ACCOUNT = "123456789012";
const base: ServiceAlarmsProps = {
  namePrefix: "bankapp-prod-us-east-1",
  accountId: ACCOUNT,
  region: "us-east-1",
  emailSubscriptions: ["oncall@example.com"],
};

function synth(
  build: (alarms: ServiceAlarms) => void = () => undefined,
  props: Partial<ServiceAlarmsProps> = {},
): StackJson {
  return synthModule((s) => build(new ServiceAlarms(s, "alarms", { ...base, ...props })));
}

const alarmsOf = (json: StackJson) => resourcesOf(json, "aws_cloudwatch_metric_alarm");
const FROM_THESE_ALARMS = {
  ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:bankapp-prod-us-east-1-*` },
  StringEquals: { "aws:SourceAccount": ACCOUNT },
};

describe("topic", () => {
  const json = synth();

  test("is encrypted with its own CMK, which CloudWatch alarms of this prefix may use", () => {
    expect(resource(json, "aws_sns_topic", "alarms_topic")).toMatchObject({
      name: "bankapp-prod-us-east-1-alarms",
      kms_master_key_id: "${aws_kms_key.alarms_key.arn}",
    });
    const statements = policyOf(resource(json, "aws_kms_key", "alarms_key")).Statement;
    expect(statements[1]).toEqual({
      Sid: "AlarmsEncryptForTheTopic",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: "*",
      Condition: FROM_THESE_ALARMS,
    });
  });

  test("admits these alarms only and refuses plain HTTP", () => {
    expect(policyOf(resource(json, "aws_sns_topic_policy", "alarms_topic_policy")).Statement).toEqual([
      {
        Sid: "AlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: "${aws_sns_topic.alarms_topic.arn}",
        Condition: FROM_THESE_ALARMS,
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: ["sns:Publish", "sns:Subscribe"],
        Resource: "${aws_sns_topic.alarms_topic.arn}",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  test("subscribes the endpoints of the props, addressed by endpoint", () => {
    const json = synth(undefined, { httpsSubscriptions: ["https://hooks.example.com/alarms"] });
    expect(resourcesOf(json, "aws_sns_topic_subscription")).toEqual({
      alarms_email_oncall_example_com: {
        topic_arn: "${aws_sns_topic.alarms_topic.arn}",
        protocol: "email",
        endpoint: "oncall@example.com",
      },
      alarms_https_hooks_example_com_alarms: {
        topic_arn: "${aws_sns_topic.alarms_topic.arn}",
        protocol: "https",
        endpoint: "https://hooks.example.com/alarms",
      },
    });
  });
});

describe("ECS service alarms", () => {
  const json = synth((a) => a.monitorEcsService("backend", { clusterName: "bankapp-prod", serviceName: "backend" }));

  test("CPU > 90 % for 5 minutes is critical, to the topic, and its recovery too", () => {
    expect(alarmsOf(json).alarms_backend_cpu).toMatchObject({
      alarm_name: "bankapp-prod-us-east-1-backend-cpu",
      namespace: "AWS/ECS",
      metric_name: "CPUUtilization",
      dimensions: { ClusterName: "bankapp-prod", ServiceName: "backend" },
      statistic: "Average",
      period: 60,
      evaluation_periods: 5,
      datapoints_to_alarm: 5,
      threshold: 90,
      comparison_operator: "GreaterThanThreshold",
      alarm_actions: ["${aws_sns_topic.alarms_topic.arn}"],
      ok_actions: ["${aws_sns_topic.alarms_topic.arn}"],
      tags: { Severity: "critical" },
    });
  });

  test("memory > 80 % for 5 minutes is a warning", () => {
    expect(alarmsOf(json).alarms_backend_memory).toMatchObject({
      metric_name: "MemoryUtilization",
      threshold: 80,
      evaluation_periods: 5,
      tags: { Severity: "warning" },
    });
  });

  test("thresholds come from the caller; false leaves an alarm out", () => {
    const json = synth((a) =>
      a.monitorEcsService("backend", {
        clusterName: "c",
        serviceName: "s",
        thresholds: { cpuPercent: { threshold: 75, minutes: 3 }, memoryPercent: false },
      }),
    );
    expect(Object.keys(alarmsOf(json))).toEqual(["alarms_backend_cpu"]);
    expect(alarmsOf(json).alarms_backend_cpu).toMatchObject({ threshold: 75, evaluation_periods: 3 });
  });
});

describe("database alarms", () => {
  test("CPU > 85 % for 5 minutes", () => {
    const json = synth((a) =>
      a.monitorDatabase("app_db", { instanceIdentifier: "bankapp-prod-app", allocatedStorageGib: 100 }),
    );
    expect(alarmsOf(json).alarms_app_db_cpu).toMatchObject({
      namespace: "AWS/RDS",
      metric_name: "CPUUtilization",
      dimensions: { DBInstanceIdentifier: "bankapp-prod-app" },
      threshold: 85,
      evaluation_periods: 5,
    });
  });

  test("free storage < 10 % is an absolute threshold in bytes of the allocated storage", () => {
    const json = synth((a) =>
      a.monitorDatabase("app_db", { instanceIdentifier: "bankapp-prod-app", allocatedStorageGib: 100 }),
    );
    expect(alarmsOf(json).alarms_app_db_free_storage).toMatchObject({
      metric_name: "FreeStorageSpace",
      statistic: "Minimum",
      comparison_operator: "LessThanThreshold",
      threshold: 10737418240, // 10 GiB
    });
    expect(freeStorageThresholdBytes(20, 10)).toBe(2147483648);
  });

  test("an allocated size known only at plan becomes a Terraform expression, following autoscaling", () => {
    const json = synthModule((s) => {
      const allocated = new TerraformVariable(s, "allocated", { type: "number" });
      new ServiceAlarms(s, "alarms", base).monitorDatabase("app_db", {
        instanceIdentifier: "x",
        allocatedStorageGib: allocated.numberValue,
      });
    });
    expect(alarmsOf(json).alarms_app_db_free_storage.threshold).toBe(`\${(var.allocated * ${(1024 ** 3 / 100) * 10})}`);
  });
});

describe("load balancer alarms", () => {
  const json = synth((a) =>
    a.monitorLoadBalancer("alb", {
      arnSuffix: "app/bankapp-prod/0123456789abcdef",
      targetGroupArnSuffixes: { backend: "targetgroup/bankapp-prod-backend/0123" },
    }),
  );

  test("more than 10 5xx a minute, from the load balancer and the targets together", () => {
    const alarm = alarmsOf(json).alarms_alb_http_5xx;
    expect(alarm).toMatchObject({
      threshold: 10,
      evaluation_periods: 1,
      comparison_operator: "GreaterThanThreshold",
      treat_missing_data: "notBreaching",
    });
    expect(alarm.period).toBeUndefined();
    expect(alarm.metric_query).toEqual([
      {
        id: "elb",
        return_data: false,
        metric: {
          namespace: "AWS/ApplicationELB",
          metric_name: "HTTPCode_ELB_5XX_Count",
          dimensions: { LoadBalancer: "app/bankapp-prod/0123456789abcdef" },
          period: 60,
          stat: "Sum",
        },
      },
      expect.objectContaining({
        id: "target",
        metric: expect.objectContaining({ metric_name: "HTTPCode_Target_5XX_Count" }),
      }),
      { id: "errors", expression: "FILL(elb, 0) + FILL(target, 0)", label: "5xx responses", return_data: true },
    ]);
  });

  test("p99 response time above 2 seconds for 5 minutes is a warning", () => {
    expect(alarmsOf(json).alarms_alb_response_time_p99).toMatchObject({
      metric_name: "TargetResponseTime",
      extended_statistic: "p99",
      threshold: 2,
      evaluation_periods: 5,
      tags: { Severity: "warning" },
    });
  });

  test("an unhealthy target of a target group is a warning", () => {
    expect(alarmsOf(json).alarms_alb_backend_unhealthy_targets).toMatchObject({
      metric_name: "UnHealthyHostCount",
      dimensions: {
        LoadBalancer: "app/bankapp-prod/0123456789abcdef",
        TargetGroup: "targetgroup/bankapp-prod-backend/0123",
      },
      statistic: "Maximum",
      threshold: 0,
      comparison_operator: "GreaterThanThreshold",
    });
  });
});

describe("defaults", () => {
  test("are 003's numbers", () => {
    expect([
      DEFAULTS.ecsService.cpuPercent.threshold,
      DEFAULTS.database.cpuPercent.threshold,
      DEFAULTS.loadBalancer.http5xxPerMinute.threshold,
      DEFAULTS.database.freeStoragePercent.threshold,
      DEFAULTS.ecsService.memoryPercent.threshold,
      DEFAULTS.loadBalancer.responseTimeP99Seconds.threshold,
    ]).toEqual([90, 85, 10, 10, 80, 2]);
  });
});

describe("validation", () => {
  test("thresholds out of range, unknown alarms and bad keys, with their paths", () => {
    expect(() =>
      synth((a) => {
        a.monitorEcsService("Backend", {
          clusterName: "c",
          serviceName: "s",
          thresholds: { cpuPercent: { threshold: 120 }, memoryPercent: { minutes: 0 }, diskPercent: {} } as never,
        });
      }),
    ).toThrow(
      /monitorEcsService\(Backend\): the key names the alarms; use snake_case[\s\S]*monitorEcsService\(Backend\)\.thresholds\.cpuPercent\.threshold: 120 is outside 0-100 %[\s\S]*thresholds\.memoryPercent\.minutes: 0 is outside 1-1440[\s\S]*thresholds\.diskPercent: not an alarm of this kind \(cpuPercent, memoryPercent\)/,
    );
  });

  test("a subscription listed twice", () => {
    expect(() => synth(undefined, { emailSubscriptions: ["oncall@example.com", "Oncall@example.com"] })).toThrow(
      /emailSubscriptions: Oncall@example.com is listed twice/,
    );
  });
});
