import { capacityStrategyIssues, EcsCluster, type EcsClusterProps } from "../../modules/ecs-cluster";
import { policyOf, resource, resourcesOf, synthModule } from "../helpers/synth";

const base: EcsClusterProps = { name: "bankapp-prod", accountId: "123456789012", region: "us-east-1" };
const synth = (props: Partial<EcsClusterProps> = {}) =>
  synthModule((s) => new EcsCluster(s, "ecs", { ...base, ...props }));

describe("cluster", () => {
  const json = synth();
  const cluster = resource(json, "aws_ecs_cluster", "ecs");

  test("turns on Container Insights with enhanced observability", () => {
    expect(cluster.setting).toEqual([{ name: "containerInsights", value: "enhanced" }]);
  });

  test("registers both Fargate capacity providers, on-demand Fargate by default", () => {
    expect(resource(json, "aws_ecs_cluster_capacity_providers", "ecs_capacity_providers")).toMatchObject({
      cluster_name: "${aws_ecs_cluster.ecs.name}",
      capacity_providers: ["FARGATE", "FARGATE_SPOT"],
      default_capacity_provider_strategy: [{ capacity_provider: "FARGATE", weight: 1, base: 0 }],
    });
  });

  test("keeps ECS Exec off unless asked: no exec configuration, no session log group", () => {
    expect(cluster.configuration).toBeUndefined();
    expect(resourcesOf(json, "aws_cloudwatch_log_group")).toEqual({});
  });

  test("has a rotating CMK that CloudWatch Logs may use for the cluster's log groups only", () => {
    const key = resource(json, "aws_kms_key", "ecs_key");
    expect(key.enable_key_rotation).toBe(true);
    expect((key.lifecycle as Record<string, unknown>).prevent_destroy).toBe(true);
    const logs = policyOf(key).Statement.find((s) => s.Sid === "CloudWatchLogsEncryptsTheseLogGroups");
    expect(logs?.Principal).toEqual({ Service: "logs.us-east-1.amazonaws.com" });
    expect(logs?.Condition).toEqual({
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/bankapp-prod/*",
      },
    });
  });
});

describe("options", () => {
  test("Fargate Spot as the default strategy (003's dev and staging), behind an on-demand base", () => {
    const json = synth({
      defaultCapacityProviderStrategy: [
        { capacityProvider: "FARGATE", base: 1, weight: 0 },
        { capacityProvider: "FARGATE_SPOT", weight: 3 },
      ],
    });
    expect(
      resource(json, "aws_ecs_cluster_capacity_providers", "ecs_capacity_providers").default_capacity_provider_strategy,
    ).toEqual([
      { capacity_provider: "FARGATE", weight: 0, base: 1 },
      { capacity_provider: "FARGATE_SPOT", weight: 3, base: 0 },
    ]);
  });

  test("Container Insights can be plain or off", () => {
    expect(resource(synth({ containerInsights: "enabled" }), "aws_ecs_cluster", "ecs").setting).toEqual([
      { name: "containerInsights", value: "enabled" },
    ]);
  });

  test("ECS Exec encrypts sessions with the cluster key and logs them to an encrypted group", () => {
    const json = synth({ executeCommand: true });
    expect(resource(json, "aws_ecs_cluster", "ecs").configuration).toEqual({
      execute_command_configuration: {
        kms_key_id: "${aws_kms_key.ecs_key.arn}",
        logging: "OVERRIDE",
        log_configuration: {
          cloud_watch_encryption_enabled: true,
          cloud_watch_log_group_name: "${aws_cloudwatch_log_group.ecs_exec_logs.name}",
        },
      },
    });
    expect(resource(json, "aws_cloudwatch_log_group", "ecs_exec_logs")).toMatchObject({
      name: "/ecs/bankapp-prod/exec",
      kms_key_id: "${aws_kms_key.ecs_key.arn}",
      retention_in_days: 365,
      lifecycle: { prevent_destroy: true },
    });
  });
});

describe("validation", () => {
  test("reports every problem with its path", () => {
    expect(() =>
      synth({
        name: "bank app",
        containerInsights: "on" as never,
        executeCommandLogRetentionDays: 100,
        defaultCapacityProviderStrategy: [
          { capacityProvider: "FARGATE", base: 1 },
          { capacityProvider: "EC2" as never, base: 2, weight: 1001 },
        ],
      }),
    ).toThrow(
      new RegExp(
        [
          'name: "bank app" must be a literal',
          'containerInsights: "on" is not one of enhanced, enabled, disabled',
          'defaultCapacityProviderStrategy\\[1\\]\\.capacityProvider: "EC2" is not registered with the cluster',
          "defaultCapacityProviderStrategy\\[1\\]\\.weight: 1001 is outside 0-1000",
          "defaultCapacityProviderStrategy\\[1\\]\\.base: only one provider may have a base",
          "executeCommandLogRetentionDays: 100 is not a CloudWatch Logs retention",
        ].join("[\\s\\S]*"),
      ),
    );
  });

  test("a strategy needs a provider with weight, each provider once", () => {
    expect(capacityStrategyIssues("s", [{ capacityProvider: "FARGATE", weight: 0 }])).toEqual([
      "s: at least one provider needs a weight above 0, or ECS places no task beyond the base",
    ]);
    expect(
      capacityStrategyIssues("s", [{ capacityProvider: "FARGATE_SPOT" }, { capacityProvider: "FARGATE_SPOT" }]),
    ).toEqual(["s[1].capacityProvider: FARGATE_SPOT is already s[0]"]);
    expect(capacityStrategyIssues("s", [])).toEqual(["s: give at least one capacity provider"]);
  });
});
