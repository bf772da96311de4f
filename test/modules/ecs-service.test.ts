import { EcsCluster, type EcsClusterProps } from "../../modules/ecs-cluster";
import { EcsService, fargateSizeIssues, FARGATE_TASK_SIZES, type EcsServiceProps } from "../../modules/ecs-service";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const ACCOUNT = "123456789012";
const REPOSITORY = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/bankapp-backend`;
const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:bankapp/prod/jwt-AbC123`;
const SECRET_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;

type ServiceInput = Omit<EcsServiceProps, "cluster">;

const base: ServiceInput = {
  name: "backend",
  accountId: ACCOUNT,
  region: "us-east-1",
  network: { vpcId: "vpc-0123", subnetIds: ["subnet-app-a", "subnet-app-b"] },
  image: {
    repositoryUrl: REPOSITORY,
    repositoryArn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/bankapp-backend`,
    tag: "v1.4.2",
  },
  cpu: 1024,
  memory: 2048,
  ports: [3001],
};

const LB = { securityGroupId: "sg-lb", key: "lb" };

function synth(
  props: Partial<ServiceInput> = {},
  cluster: Partial<EcsClusterProps> = {},
  after?: (service: EcsService) => void,
): StackJson {
  return synthModule((s) => {
    const c = new EcsCluster(s, "ecs", { name: "bankapp-prod", accountId: ACCOUNT, region: "us-east-1", ...cluster });
    const service = new EcsService(s, "backend", { ...base, ...props, cluster: c.ref });
    after?.(service);
  });
}

interface ContainerDefinition {
  name: string;
  image: string;
  portMappings: unknown[];
  environment: unknown[];
  secrets: unknown[];
  readonlyRootFilesystem: boolean;
  mountPoints: unknown[];
  linuxParameters?: unknown;
  logConfiguration: unknown;
}
const containerOf = (json: StackJson): ContainerDefinition =>
  (
    JSON.parse(
      resource(json, "aws_ecs_task_definition", "backend_task").container_definitions as string,
    ) as ContainerDefinition[]
  )[0];
const statements = (json: StackJson, name: string) => policyOf(resource(json, "aws_iam_role_policy", name)).Statement;

describe("task definition", () => {
  const json = synth({
    environment: { NODE_ENV: "production", API_PORT: "3001" },
    secrets: {
      JWT_SECRET: { secretsManagerArn: SECRET, kmsKeyArn: SECRET_KEY },
      DB_PASSWORD: { secretsManagerArn: SECRET, jsonKey: "password" },
      FEATURE_FLAGS: { parameter: "/bankapp/prod/feature-flags" },
    },
  });
  const task = resource(json, "aws_ecs_task_definition", "backend_task");
  const container = containerOf(json);

  test("is a Fargate task of one of Fargate's sizes, in awsvpc mode", () => {
    expect(task).toMatchObject({
      family: "backend",
      requires_compatibilities: ["FARGATE"],
      network_mode: "awsvpc",
      cpu: "1024",
      memory: "2048",
      runtime_platform: { operating_system_family: "LINUX", cpu_architecture: "X86_64" },
      execution_role_arn: "${aws_iam_role.backend_execution_role.arn}",
      task_role_arn: "${aws_iam_role.backend_task_role.arn}",
    });
  });

  test("runs the image of the repository at the given tag", () => {
    expect(container.image).toBe(`${REPOSITORY}:v1.4.2`);
    expect(container.portMappings).toEqual([{ containerPort: 3001, protocol: "tcp" }]);
  });

  test("passes the environment and the secrets by reference, sorted, never their values", () => {
    expect(container.environment).toEqual([
      { name: "API_PORT", value: "3001" },
      { name: "NODE_ENV", value: "production" },
    ]);
    expect(container.secrets).toEqual([
      { name: "DB_PASSWORD", valueFrom: `${SECRET}:password::` },
      { name: "FEATURE_FLAGS", valueFrom: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/bankapp/prod/feature-flags` },
      { name: "JWT_SECRET", valueFrom: SECRET },
    ]);
  });

  test("mounts the root filesystem read-only and logs to the service's log group", () => {
    expect(container.readonlyRootFilesystem).toBe(true);
    expect(container.linuxParameters).toBeUndefined();
    expect(container.logConfiguration).toEqual({
      logDriver: "awslogs",
      options: {
        "awslogs-group": "${aws_cloudwatch_log_group.backend_logs.name}",
        "awslogs-region": "us-east-1",
        "awslogs-stream-prefix": "backend",
      },
    });
    expect(resource(json, "aws_cloudwatch_log_group", "backend_logs")).toMatchObject({
      name: "/ecs/bankapp-prod/backend",
      kms_key_id: "${aws_kms_key.ecs_key.arn}",
      retention_in_days: 90,
      lifecycle: { prevent_destroy: true },
    });
  });

  test("a container without environment, secrets or scratch paths carries none of them", () => {
    const json = synth();
    const bare = containerOf(json) as unknown as Record<string, unknown>;
    expect([bare.environment, bare.secrets, bare.mountPoints]).toEqual([undefined, undefined, undefined]);
    expect(resource(json, "aws_ecs_task_definition", "backend_task").volume).toBeUndefined();
  });

  test("scratch paths are writable task volumes beside the read-only root", () => {
    const json = synth({ scratchPaths: ["/tmp", "/var/cache/nginx"] });
    expect(resource(json, "aws_ecs_task_definition", "backend_task").volume).toEqual([
      { name: "scratch-tmp" },
      { name: "scratch-var-cache-nginx" },
    ]);
    expect(containerOf(json).mountPoints).toEqual([
      { sourceVolume: "scratch-tmp", containerPath: "/tmp", readOnly: false },
      { sourceVolume: "scratch-var-cache-nginx", containerPath: "/var/cache/nginx", readOnly: false },
    ]);
  });

  describe("execution role", () => {
    test("is trusted by ECS tasks as AWS documents it", () => {
      expect(
        policyOf(resource(json, "aws_iam_role", "backend_execution_role"), "assume_role_policy").Statement,
      ).toEqual([{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    });

    test("pulls from the one repository, writes the one log group, reads exactly the named secrets", () => {
      expect(statements(json, "backend_execution_role_policy")).toEqual([
        { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        {
          Sid: "PullTheImage",
          Effect: "Allow",
          Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
          Resource: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/bankapp-backend`,
        },
        {
          Sid: "WriteTheLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: "${aws_cloudwatch_log_group.backend_logs.arn}:*",
        },
        { Sid: "ReadTheSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [SECRET] },
        {
          Sid: "ReadTheParameters",
          Effect: "Allow",
          Action: "ssm:GetParameters",
          Resource: [`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/bankapp/prod/feature-flags`],
        },
        {
          Sid: "DecryptTheSecrets",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: [SECRET_KEY],
          Condition: {
            StringEquals: {
              "kms:ViaService": ["secretsmanager.us-east-1.amazonaws.com", "ssm.us-east-1.amazonaws.com"],
            },
          },
        },
      ]);
    });

    test("without secrets it reads none", () => {
      const sids = statements(synth(), "backend_execution_role_policy").map((s) => s.Sid);
      expect(sids).toEqual(["EcrLogin", "PullTheImage", "WriteTheLogs"]);
    });
  });

  describe("task role", () => {
    test("only ECS tasks of this account and region may assume it", () => {
      expect(policyOf(resource(json, "aws_iam_role", "backend_task_role"), "assume_role_policy").Statement).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            ArnLike: { "aws:SourceArn": `arn:aws:ecs:us-east-1:${ACCOUNT}:*` },
            StringEquals: { "aws:SourceAccount": ACCOUNT },
          },
        },
      ]);
    });

    test("has no permissions unless the props give some", () => {
      expect(resourcesOf(json, "aws_iam_role_policy").backend_task_role_policy).toBeUndefined();
      const given = { Effect: "Allow" as const, Action: "s3:GetObject", Resource: "arn:aws:s3:::bankapp-files/*" };
      expect(statements(synth({ taskPolicyStatements: [given] }), "backend_task_role_policy")).toEqual([given]);
    });
  });
});

describe("service", () => {
  const json = synth();
  const service = resource(json, "aws_ecs_service", "backend");

  test("runs in the application subnets behind its own group, without a public IP", () => {
    expect(service.network_configuration).toEqual({
      subnets: ["subnet-app-a", "subnet-app-b"],
      security_groups: ["${aws_security_group.backend_sg.id}"],
      assign_public_ip: false,
    });
  });

  test("waits for the cluster's capacity providers", () => {
    expect(service.cluster).toBe(
      `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/\${aws_ecs_cluster_capacity_providers.ecs_capacity_providers.cluster_name}`,
    );
  });

  test("rolls back a failed deployment, keeping every healthy task meanwhile", () => {
    expect(service).toMatchObject({
      deployment_circuit_breaker: { enable: true, rollback: true },
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
      desired_count: 1,
      platform_version: "LATEST",
      enable_execute_command: false,
    });
    expect(service.launch_type).toBeUndefined();
  });

  test("uses the cluster's default strategy, or Fargate Spot where asked", () => {
    expect(service.capacity_provider_strategy).toEqual([{ capacity_provider: "FARGATE", weight: 1, base: 0 }]);
    const spot = synth({ capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] });
    expect(resource(spot, "aws_ecs_service", "backend").capacity_provider_strategy).toEqual([
      { capacity_provider: "FARGATE_SPOT", weight: 1, base: 0 },
    ]);
  });

  test("has no load balancer or grace period unless attached", () => {
    expect(service.load_balancer).toBeUndefined();
    expect(service.health_check_grace_period_seconds).toBeUndefined();
    const attached = resource(
      synth({ loadBalancers: [{ targetGroupArn: "arn:aws:elasticloadbalancing:tg/backend" }] }),
      "aws_ecs_service",
      "backend",
    );
    expect(attached.load_balancer).toEqual([
      { target_group_arn: "arn:aws:elasticloadbalancing:tg/backend", container_name: "backend", container_port: 3001 },
    ]);
    expect(attached.health_check_grace_period_seconds).toBe(60);
  });
});

describe("security group", () => {
  test("reaches out on HTTPS only, and admits nothing until allowFrom", () => {
    const json = synth();
    expect(Object.values(resourcesOf(json, "aws_vpc_security_group_egress_rule"))).toEqual([
      expect.objectContaining({ ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" }),
    ]);
    expect(resourcesOf(json, "aws_vpc_security_group_ingress_rule")).toEqual({});
  });

  test("allowFrom admits the peer on the container port and lets the peer out to it, nothing else", () => {
    const json = synth({}, {}, (service) => service.allowFrom(LB));
    expect(resource(json, "aws_vpc_security_group_ingress_rule", "backend_sg_in_3001_from_lb")).toMatchObject({
      security_group_id: "${aws_security_group.backend_sg.id}",
      ip_protocol: "tcp",
      from_port: 3001,
      to_port: 3001,
      referenced_security_group_id: "sg-lb",
    });
    expect(resource(json, "aws_vpc_security_group_egress_rule", "backend_lb_sg_out_3001")).toMatchObject({
      security_group_id: "sg-lb",
      from_port: 3001,
      to_port: 3001,
      referenced_security_group_id: "${aws_security_group.backend_sg.id}",
    });
  });

  test("allowTo opens egress to a group (the database) on its port", () => {
    const json = synth({}, {}, (service) => service.allowTo({ securityGroupId: "sg-db", key: "database" }, 5432));
    expect(resource(json, "aws_vpc_security_group_egress_rule", "backend_sg_out_5432_to_database")).toMatchObject({
      from_port: 5432,
      referenced_security_group_id: "sg-db",
    });
  });

  test("allowFrom on a port the container does not listen on is refused", () => {
    expect(() => synth({}, {}, (service) => service.allowFrom(LB, 8080))).toThrow(
      /allowFrom\(lb\): port 8080 is not a port of the container \(3001\)/,
    );
  });
});

describe("autoscaling", () => {
  const json = synth({
    autoscaling: { minTasks: 3, maxTasks: 10, stepScaling: {} },
  });

  test("scales the service between min and max, starting at min, and Terraform leaves the count to it", () => {
    expect(resource(json, "aws_appautoscaling_target", "backend_scaling_target")).toMatchObject({
      service_namespace: "ecs",
      scalable_dimension: "ecs:service:DesiredCount",
      resource_id:
        "service/${aws_ecs_cluster_capacity_providers.ecs_capacity_providers.cluster_name}/${aws_ecs_service.backend.name}",
      min_capacity: 3,
      max_capacity: 10,
    });
    const service = resource(json, "aws_ecs_service", "backend");
    expect(service.desired_count).toBe(3);
    expect(service.lifecycle).toEqual({ ignore_changes: ["desired_count"] });
  });

  test("tracks CPU at 70 % (003) and memory at 75 %", () => {
    const policies = resourcesOf(json, "aws_appautoscaling_policy");
    expect(policies.backend_cpu_target_tracking.target_tracking_scaling_policy_configuration).toEqual({
      target_value: 70,
      predefined_metric_specification: { predefined_metric_type: "ECSServiceAverageCPUUtilization" },
      scale_out_cooldown: 60,
      scale_in_cooldown: 300,
    });
    expect(policies.backend_memory_target_tracking.target_tracking_scaling_policy_configuration).toMatchObject({
      target_value: 75,
      predefined_metric_specification: { predefined_metric_type: "ECSServiceAverageMemoryUtilization" },
    });
  });

  test("003's step policies: +1 task at CPU > 70 % for 2 minutes, -1 at < 30 % for 5", () => {
    const policies = resourcesOf(json, "aws_appautoscaling_policy");
    expect(policies.backend_scale_out.step_scaling_policy_configuration).toMatchObject({
      adjustment_type: "ChangeInCapacity",
      step_adjustment: [{ metric_interval_lower_bound: "0", scaling_adjustment: 1 }],
    });
    expect(policies.backend_scale_in.step_scaling_policy_configuration).toMatchObject({
      step_adjustment: [{ metric_interval_upper_bound: "0", scaling_adjustment: -1 }],
    });
    const alarms = resourcesOf(json, "aws_cloudwatch_metric_alarm");
    expect(alarms.backend_scale_out_alarm).toMatchObject({
      namespace: "AWS/ECS",
      metric_name: "CPUUtilization",
      statistic: "Average",
      period: 60,
      evaluation_periods: 2,
      datapoints_to_alarm: 2,
      threshold: 70,
      comparison_operator: "GreaterThanThreshold",
      alarm_actions: ["${aws_appautoscaling_policy.backend_scale_out.arn}"],
    });
    expect(alarms.backend_scale_in_alarm).toMatchObject({
      evaluation_periods: 5,
      threshold: 30,
      comparison_operator: "LessThanThreshold",
    });
  });

  test("without stepScaling there are target tracking policies only", () => {
    const json = synth({ autoscaling: { minTasks: 1, maxTasks: 2, cpuTargetPercent: 80 } });
    expect(Object.keys(resourcesOf(json, "aws_appautoscaling_policy")).sort()).toEqual([
      "backend_cpu_target_tracking",
      "backend_memory_target_tracking",
    ]);
    expect(resourcesOf(json, "aws_cloudwatch_metric_alarm")).toEqual({});
  });
});

describe("ECS Exec", () => {
  const json = synth({ executeCommand: true }, { executeCommand: true });

  test("turns on exec with an init process and a writable root", () => {
    expect(resource(json, "aws_ecs_service", "backend").enable_execute_command).toBe(true);
    expect(containerOf(json)).toMatchObject({
      readonlyRootFilesystem: false,
      linuxParameters: { initProcessEnabled: true },
    });
  });

  test("lets the task open the SSM channels, use the session key and write the session log", () => {
    const sids = statements(json, "backend_task_role_policy").map((s) => s.Sid);
    expect(sids).toEqual(["EcsExecChannels", "EcsExecSessionKey", "EcsExecFindLogGroup", "EcsExecSessionLogs"]);
  });
});

describe("Fargate task sizes", () => {
  test("cover the published table", () => {
    expect(FARGATE_TASK_SIZES[256]).toEqual([512, 1024, 2048]);
    expect(FARGATE_TASK_SIZES[4096]).toHaveLength(23); // 8-30 GB by 1 GB
    expect(FARGATE_TASK_SIZES[16384][0]).toBe(32768);
    expect(FARGATE_TASK_SIZES[16384].at(-1)).toBe(122880);
  });

  test("accept 003's sizes: 0.25 vCPU/512 MB, 0.5 vCPU/1 GB, 1 vCPU/2 GB", () => {
    expect([fargateSizeIssues(256, 512), fargateSizeIssues(512, 1024), fargateSizeIssues(1024, 2048)]).toEqual([
      [],
      [],
      [],
    ]);
  });

  test("explain a size off the table", () => {
    expect(fargateSizeIssues(300, 512)).toEqual([
      "cpu: 300 is not a Fargate task CPU value (256, 512, 1024, 2048, 4096, 8192, 16384 CPU units)",
    ]);
    expect(fargateSizeIssues(256, 4096)).toEqual([
      "memory: 4096 MiB is not offered with cpu 256 (512, 1024, 2048 MiB); 4096 MiB goes with cpu 512 or 1024 or 2048",
    ]);
    expect(fargateSizeIssues(8192, 18432)).toEqual([
      "memory: 18432 MiB is not offered with cpu 8192 (16384-61440 in steps of 4096 MiB); 18432 MiB goes with cpu 4096",
    ]);
  });
});

describe("validation", () => {
  const fails = (props: Partial<ServiceInput>, message: RegExp, cluster: Partial<EcsClusterProps> = {}) =>
    expect(() => synth(props, cluster)).toThrow(message);

  test("refuses the latest tag", () => {
    fails({ image: { ...base.image, tag: "latest" } }, /image\.tag: "latest" is refused: give the tag of one build/);
  });

  test("refuses a public image or another region's repository", () => {
    fails(
      { image: { ...base.image, repositoryUrl: "docker.io/library/node" } },
      /image\.repositoryUrl: .* is not a private ECR repository/,
    );
    fails(
      { image: { ...base.image, repositoryUrl: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/bankapp-backend` } },
      /image\.repositoryUrl: the repository is in eu-west-1; pull from a repository \(or replica\) in us-east-1/,
    );
  });

  test("refuses cpu and memory off the Fargate table", () => {
    fails({ cpu: 256, memory: 4096 }, /memory: 4096 MiB is not offered with cpu 256/);
  });

  test("refuses a load balancer port the task definition does not have", () => {
    fails(
      { loadBalancers: [{ targetGroupArn: "arn:tg", containerPort: 8080 }] },
      /loadBalancers\[0\]\.containerPort: 8080 is not a port of the task definition \(ports: 3001\)/,
    );
  });

  test("refuses secrets of another region, malformed ARNs and names set twice", () => {
    fails(
      {
        environment: { JWT_SECRET: "x" },
        secrets: {
          JWT_SECRET: { secretsManagerArn: SECRET },
          API_KEY: { secretsManagerArn: `arn:aws:secretsmanager:ca-central-1:${ACCOUNT}:secret:bankapp/key-AbC123` },
          BAD: { secretsManagerArn: "arn:aws:secretsmanager:us-east-1:123:secret:x" },
          FLAG: { parameter: "bankapp/prod/flag" },
        },
      },
      new RegExp(
        [
          "secrets\\.JWT_SECRET: environment\\.JWT_SECRET sets the same variable",
          "secrets\\.API_KEY\\.secretsManagerArn: the value is in ca-central-1; a task of us-east-1 reads us-east-1's secrets only",
          "secrets\\.BAD\\.secretsManagerArn: .* is not a Secrets Manager secret ARN",
          'secrets\\.FLAG\\.parameter: "bankapp/prod/flag" is not a parameter name',
        ].join("[\\s\\S]*"),
      ),
    );
  });

  test("refuses ECS Exec on a cluster without it, and with a read-only root", () => {
    fails(
      { executeCommand: true, readonlyRootFilesystem: true },
      /executeCommand: the cluster has no ECS Exec configuration[\s\S]*readonlyRootFilesystem: ECS Exec's agent needs a writable root filesystem/,
    );
  });

  test("refuses a capacity provider strategy with an unknown provider", () => {
    fails(
      { capacityProviderStrategy: [{ capacityProvider: "EC2" as never }] },
      /capacityProviderStrategy\[0\]\.capacityProvider: "EC2" is not registered with the cluster \(FARGATE, FARGATE_SPOT\)/,
    );
  });

  test("refuses deployments that could not start a task and scaling bounds that cross", () => {
    fails(
      { minimumHealthyPercent: 100, maximumPercent: 100, desiredCount: 2, autoscaling: { minTasks: 4, maxTasks: 2 } },
      /maximumPercent: 100 leaves no room above minimumHealthyPercent 100[\s\S]*desiredCount: autoscaling sets the task count[\s\S]*autoscaling\.maxTasks: 2 must be at least 1 and at least minTasks \(4\)/,
    );
  });

  test("refuses step policies that fight", () => {
    fails(
      { autoscaling: { minTasks: 1, maxTasks: 3, stepScaling: { scaleIn: { cpuPercent: 80 } } } },
      /autoscaling\.stepScaling\.scaleIn\.cpuPercent: 80 must be below scaleOut\.cpuPercent 70/,
    );
  });

  test("refuses a name whose roles IAM would refuse", () => {
    fails(
      { name: "x".repeat(50) },
      /name: "x+" is too long: the execution role "x+-us-east-1-execution" exceeds IAM's 64 characters/,
    );
  });
});
