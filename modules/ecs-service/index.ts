import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { EcsService as AwsEcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import {
  capacityStrategyIssues,
  retentionIssues,
  type CapacityProviderStrategyItem,
  type EcsClusterRef,
} from "../ecs-cluster";
import { policyDocument, policyJson, type PolicyStatement } from "../iam/policy";
import type { SecurityGroupRef } from "../vpc";
import { DEFAULTS, type CpuArchitecture } from "./defaults";
import { secretSources, serviceIssues, type ContainerSecret, type ResolvedService } from "./checks";

export {
  BANKAPP_STEP_SCALING,
  CPU_ARCHITECTURES,
  DEFAULTS,
  FARGATE_TASK_SIZES,
  fargateSizeIssues,
  imageTagIssues,
  type CpuArchitecture,
} from "./defaults";
export type { ContainerSecret } from "./checks";

/** The image a task runs: a private ECR repository (URL and ARN, e.g. of an `aws_ecr_repository`) and one tag. */
export interface EcrImageRef {
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`. */
  readonly repositoryUrl: string;
  /** `arn:aws:ecr:<region>:<account>:repository/<name>`: the execution role may pull from it only. */
  readonly repositoryArn: string;
  /** The tag of one build; `latest` is refused. Changing it registers a new task definition revision and deploys it. */
  readonly tag: string;
}

/** Where the tasks run: the application subnets of a `Vpc` (`vpc.subnetIds.application`). */
export interface ServiceNetworkRef {
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
}

/** A target group the service registers its tasks in (an `Alb`'s `targetGroupArns.<key>`). */
export interface LoadBalancerAttachment {
  readonly targetGroupArn: string;
  /** @default - the first of `ports` */
  readonly containerPort?: number;
}

/** One step policy: change the task count by `tasks` while the service's average CPU is past `cpuPercent` for `minutes`. */
export interface StepRule {
  readonly cpuPercent?: number;
  readonly minutes?: number;
  readonly tasks?: number;
}

/**
 * Target tracking on CPU and memory, and optionally 003's step policies beside it. Application Auto
 * Scaling scales out when any policy asks and in only when all of them do.
 * @see https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html
 */
export interface AutoscalingProps {
  readonly minTasks: number;
  readonly maxTasks: number;
  /** @default 70 */
  readonly cpuTargetPercent?: number;
  /** @default 75 - below 003's 80 % memory warning */
  readonly memoryTargetPercent?: number;
  /** @default 60 */
  readonly scaleOutCooldownSeconds?: number;
  /** @default 300 */
  readonly scaleInCooldownSeconds?: number;
  /**
   * Step policies on CPU with their alarms; each field defaults to 003's value.
   * @default - none
   */
  readonly stepScaling?: { readonly scaleOut?: StepRule; readonly scaleIn?: StepRule };
}

/** An egress rule of the service's security group to a CIDR. */
export interface EgressRule {
  readonly port: number;
  readonly cidr: string;
  /** @default - "tcp <port> to <cidr>" */
  readonly description?: string;
}

export interface EcsServiceProps {
  /**
   * Service name, also the task family and container name. With the region it names the IAM roles
   * (at most 64 characters). Changing it replaces the service.
   */
  readonly name: string;
  readonly accountId: string;
  /** Region of the stack's provider; images and secrets must be of this region. */
  readonly region: string;
  /** The cluster (`EcsCluster.ref`). */
  readonly cluster: EcsClusterRef;
  /** The application subnets; tasks get no public IP. */
  readonly network: ServiceNetworkRef;
  readonly image: EcrImageRef;
  /**
   * Task CPU units (1024 = 1 vCPU) and memory (MiB), one of Fargate's combinations. Changing them
   * registers a new revision and deploys it.
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size
   */
  readonly cpu: number;
  readonly memory: number;
  /** TCP ports the container listens on; the first is the service's port (003's backend: 3001). */
  readonly ports: readonly number[];
  /** Plain environment variables. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Variables read at task start from Secrets Manager or SSM Parameter Store; the execution role may
   * read exactly these (and decrypt with the keys given).
   * @default {}
   */
  readonly secrets?: Readonly<Record<string, ContainerSecret>>;
  /**
   * Mount the container's root filesystem read-only (Security Hub ECS.5). ECS Exec needs it writable.
   * @default - true, false when `executeCommand` is on
   * @see https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-5
   */
  readonly readonlyRootFilesystem?: boolean;
  /** Writable paths on the task's ephemeral storage for a read-only container (`/tmp`). @default [] */
  readonly scratchPaths?: readonly string[];
  /** @default "X86_64" */
  readonly cpuArchitecture?: CpuArchitecture;
  /** Tasks without autoscaling; with it, the initial count is `autoscaling.minTasks`. @default 1 */
  readonly desiredCount?: number;
  /** @default 100 */
  readonly minimumHealthyPercent?: number;
  /** @default 200 */
  readonly maximumPercent?: number;
  /**
   * Where tasks run, e.g. `[{ capacityProvider: "FARGATE_SPOT", weight: 1 }]` for 003's dev and
   * staging. A change takes effect at the next deployment.
   * @default - the cluster's default strategy
   */
  readonly capacityProviderStrategy?: readonly CapacityProviderStrategyItem[];
  /** Target groups the tasks register in. @default [] */
  readonly loadBalancers?: readonly LoadBalancerAttachment[];
  /** Only with `loadBalancers`. @default 60 */
  readonly healthCheckGracePeriodSeconds?: number;
  /** @default - none: `desiredCount` tasks */
  readonly autoscaling?: AutoscalingProps;
  /**
   * The task role's permissions: what the application may call.
   * @default [] - the task role has no policy
   */
  readonly taskPolicyStatements?: readonly PolicyStatement[];
  /**
   * ECS Exec into the tasks (the cluster must have it on); the task role gets the SSM channels, the
   * session key and the session log group.
   * @default false
   */
  readonly executeCommand?: boolean;
  /**
   * Egress of the service's security group by CIDR, keyed by a stable name (`sg_out_<key>`); add
   * groups with `allowTo`.
   * @default { https: { port: 443, cidr: "0.0.0.0/0" } }
   */
  readonly egress?: Readonly<Record<string, EgressRule>>;
  /** @default 90 */
  readonly logRetentionDays?: number;
  /** Refuse `terraform destroy` of the log group. @default true */
  readonly deletionProtection?: boolean;
  /** Tags on every resource, besides the provider's default tags. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * A Fargate service: a task definition from an ECR image with its execution and task roles, a
 * KMS-encrypted log group, awsvpc tasks in the application subnets behind their own security group,
 * rolling deployments with the circuit breaker's rollback, optional load balancers and autoscaling.
 */
export class EcsService extends Construct {
  readonly serviceName: string;
  readonly serviceArn: string;
  readonly taskDefinitionArn: string;
  readonly executionRoleArn: string;
  readonly taskRoleArn: string;
  readonly taskRoleName: string;
  readonly logGroupName: string;
  /** The service's log group, for a subscription that must wait for it. */
  readonly logGroup: CloudwatchLogGroup;
  /** The service's security group, as `allowFrom` of other modules (`vpc.allowDatabaseFrom`) takes it. */
  readonly securityGroup: SecurityGroupRef;
  /** The container's ports, the first being the service's port. */
  readonly ports: readonly number[];

  private readonly issues: string[];
  private readonly tags: Record<string, string>;

  constructor(scope: Construct, id: string, props: EcsServiceProps) {
    super(scope, id);
    this.tags = props.tags ?? {};
    const resolved: ResolvedService = {
      ...props,
      environment: props.environment ?? {},
      secrets: props.secrets ?? {},
      executeCommand: props.executeCommand ?? false,
      readonlyRootFilesystem: props.readonlyRootFilesystem ?? !(props.executeCommand ?? false),
      scratchPaths: props.scratchPaths ?? [],
      minimumHealthyPercent: props.minimumHealthyPercent ?? DEFAULTS.minimumHealthyPercent,
      maximumPercent: props.maximumPercent ?? DEFAULTS.maximumPercent,
      loadBalancers: props.loadBalancers ?? [],
    };
    const strategy = props.capacityProviderStrategy ?? props.cluster.defaultCapacityProviderStrategy;
    const retention = props.logRetentionDays ?? DEFAULTS.logRetentionDays;
    this.issues = [
      ...serviceIssues(resolved),
      ...capacityStrategyIssues("capacityProviderStrategy", strategy, props.cluster.capacityProviders),
      ...retentionIssues("logRetentionDays", retention),
    ];
    this.node.addValidation({ validate: () => this.issues });
    this.ports = props.ports;

    const logGroup = new CloudwatchLogGroup(this, "logs", {
      name: `${props.cluster.logs.logGroupPrefix}/${props.name}`,
      kmsKeyId: props.cluster.logs.kmsKeyArn,
      retentionInDays: retention,
      tags: this.tagged(`${props.name}-logs`),
      lifecycle: { preventDestroy: props.deletionProtection ?? true },
    });
    this.logGroupName = logGroup.name;
    this.logGroup = logGroup;

    const executionRole = this.createExecutionRole(props, resolved, logGroup);
    const taskRole = this.createTaskRole(props, resolved);
    this.executionRoleArn = executionRole.arn;
    this.taskRoleArn = taskRole.arn;
    this.taskRoleName = taskRole.name;

    const taskDefinition = new EcsTaskDefinition(this, "task", {
      family: props.name,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(props.cpu),
      memory: String(props.memory),
      runtimePlatform: {
        operatingSystemFamily: "LINUX",
        cpuArchitecture: props.cpuArchitecture ?? DEFAULTS.cpuArchitecture,
      },
      executionRoleArn: executionRole.arn,
      taskRoleArn: taskRole.arn,
      containerDefinitions: containerDefinitions(props, resolved, logGroup.name),
      volume:
        resolved.scratchPaths.length === 0
          ? undefined
          : resolved.scratchPaths.map((path) => ({ name: scratchVolume(path) })),
      tags: this.tagged(props.name),
    });
    this.taskDefinitionArn = taskDefinition.arn;

    const sg = new SecurityGroup(this, "sg", {
      name: `${props.name}-service`,
      description: `ECS service ${props.name}: its ports from the groups admitted by allowFrom`,
      vpcId: props.network.vpcId,
      revokeRulesOnDelete: true,
      tags: this.tagged(`${props.name}-service`),
    });
    this.securityGroup = { securityGroupId: sg.id, key: id.toLowerCase().replace(/[^a-z0-9]+/g, "_") };
    for (const [key, rule] of Object.entries(props.egress ?? DEFAULTS.egress)) {
      new VpcSecurityGroupEgressRule(this, `sg_out_${key}`, {
        securityGroupId: sg.id,
        description: rule.description ?? `tcp ${rule.port} to ${rule.cidr}`,
        ipProtocol: "tcp",
        fromPort: rule.port,
        toPort: rule.port,
        cidrIpv4: rule.cidr,
      });
    }

    const service = new AwsEcsService(this, "resource", {
      name: props.name,
      cluster: props.cluster.clusterArn,
      taskDefinition: taskDefinition.arn,
      desiredCount: props.autoscaling?.minTasks ?? props.desiredCount ?? DEFAULTS.desiredCount,
      capacityProviderStrategy: strategy.map((item) => ({
        capacityProvider: item.capacityProvider,
        weight: item.weight ?? 1,
        base: item.base ?? 0,
      })),
      platformVersion: "LATEST",
      networkConfiguration: {
        subnets: [...props.network.subnetIds],
        securityGroups: [sg.id],
        assignPublicIp: false,
      },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: resolved.minimumHealthyPercent,
      deploymentMaximumPercent: resolved.maximumPercent,
      loadBalancer:
        resolved.loadBalancers.length === 0
          ? undefined
          : resolved.loadBalancers.map((lb) => ({
              targetGroupArn: lb.targetGroupArn,
              containerName: props.name,
              containerPort: lb.containerPort ?? props.ports[0],
            })),
      healthCheckGracePeriodSeconds:
        resolved.loadBalancers.length > 0
          ? (props.healthCheckGracePeriodSeconds ?? DEFAULTS.healthCheckGracePeriodSeconds)
          : undefined,
      enableExecuteCommand: resolved.executeCommand,
      propagateTags: "SERVICE",
      enableEcsManagedTags: true,
      tags: this.tagged(props.name),
      // Autoscaling owns the task count once it is on; Terraform would set it back at every apply.
      lifecycle: props.autoscaling === undefined ? undefined : { ignoreChanges: ["desired_count"] },
    });
    this.serviceName = service.name;
    this.serviceArn = service.id;

    if (props.autoscaling !== undefined) this.createAutoscaling(props, props.autoscaling, service);
  }

  /**
   * Admits `peer` (a load balancer's group) to the container on `port`: ingress on the service's
   * group and the matching egress on the peer's, so the peer reaches this port and nothing more through this call.
   */
  allowFrom(peer: SecurityGroupRef, port: number = this.ports[0]): void {
    if (!this.ports.includes(port)) {
      this.issues.push(
        `allowFrom(${peer.key}): port ${port} is not a port of the container (${this.ports.join(", ")})`,
      );
      return;
    }
    const service = this.securityGroup.securityGroupId;
    new VpcSecurityGroupIngressRule(
      this,
      `sg_in_${port}_from_${peer.key}`,
      tcpRule(service, peer.securityGroupId, port, `tcp ${port} from ${peer.key}`),
    );
    new VpcSecurityGroupEgressRule(
      this,
      `${peer.key}_sg_out_${port}`,
      tcpRule(peer.securityGroupId, service, port, `tcp ${port} to ECS service ${this.securityGroup.key}`),
    );
  }

  /** Lets the tasks reach `peer` on `port` (a database: pair it with the peer's `allowFrom`, e.g. `vpc.allowDatabaseFrom`). */
  allowTo(peer: SecurityGroupRef, port: number): void {
    new VpcSecurityGroupEgressRule(
      this,
      `sg_out_${port}_to_${peer.key}`,
      tcpRule(this.securityGroup.securityGroupId, peer.securityGroupId, port, `tcp ${port} to ${peer.key}`),
    );
  }

  /** Pulls the image and writes the logs; reads exactly the secrets of the container. */
  private createExecutionRole(
    props: EcsServiceProps,
    resolved: ResolvedService,
    logGroup: CloudwatchLogGroup,
  ): IamRole {
    const role = new IamRole(this, "execution_role", {
      name: `${props.name}-${props.region}-execution`,
      description: `ECS pulls the image of ${props.name}, writes its logs and reads its secrets`,
      // The trust AWS documents for the task execution role.
      // @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
      assumeRolePolicy: policyJson(
        policyDocument({
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
        }),
      ),
      tags: this.tagged(`${props.name}-execution`),
    });
    const statements: PolicyStatement[] = [
      // GetAuthorizationToken has no resource to scope it to.
      { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "PullTheImage",
        Effect: "Allow",
        Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
        Resource: props.image.repositoryArn,
      },
      {
        Sid: "WriteTheLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${logGroup.arn}:*`,
      },
    ];
    const sources = secretSources(props.region, props.accountId, resolved.secrets);
    if (sources.secretArns.length > 0) {
      statements.push({
        Sid: "ReadTheSecrets",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: sources.secretArns,
      });
    }
    if (sources.parameterArns.length > 0) {
      statements.push({
        Sid: "ReadTheParameters",
        Effect: "Allow",
        Action: "ssm:GetParameters",
        Resource: sources.parameterArns,
      });
    }
    if (sources.kmsKeyArns.length > 0) {
      statements.push({
        Sid: "DecryptTheSecrets",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: sources.kmsKeyArns,
        Condition: {
          StringEquals: {
            "kms:ViaService": [`secretsmanager.${props.region}.amazonaws.com`, `ssm.${props.region}.amazonaws.com`],
          },
        },
      });
    }
    new IamRolePolicy(this, "execution_role_policy", {
      role: role.id,
      name: "pull-log-read-secrets",
      policy: policyJson(policyDocument(...statements)),
    });
    return role;
  }

  /** The application's identity: the statements of the props, and ECS Exec's channels when on. */
  private createTaskRole(props: EcsServiceProps, resolved: ResolvedService): IamRole {
    const role = new IamRole(this, "task_role", {
      name: `${props.name}-${props.region}-task`,
      description: `The application of ECS service ${props.name}`,
      // Only ECS tasks of this account and region may assume it (confused-deputy protection AWS documents).
      // @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
      assumeRolePolicy: policyJson(
        policyDocument({
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            ArnLike: { "aws:SourceArn": `arn:aws:ecs:${props.region}:${props.accountId}:*` },
            StringEquals: { "aws:SourceAccount": props.accountId },
          },
        }),
      ),
      tags: this.tagged(`${props.name}-task`),
    });
    const statements = [...(props.taskPolicyStatements ?? [])];
    const exec = props.cluster.executeCommand;
    if (resolved.executeCommand && exec !== undefined) {
      statements.push(
        {
          Sid: "EcsExecChannels",
          Effect: "Allow",
          Action: [
            "ssmmessages:CreateControlChannel",
            "ssmmessages:CreateDataChannel",
            "ssmmessages:OpenControlChannel",
            "ssmmessages:OpenDataChannel",
          ],
          Resource: "*",
        },
        { Sid: "EcsExecSessionKey", Effect: "Allow", Action: "kms:Decrypt", Resource: exec.kmsKeyArn },
        { Sid: "EcsExecFindLogGroup", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
        {
          Sid: "EcsExecSessionLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
          Resource: `${exec.logGroupArn}:*`,
        },
      );
    }
    if (statements.length > 0) {
      new IamRolePolicy(this, "task_role_policy", {
        role: role.id,
        name: "application",
        policy: policyJson(policyDocument(...statements)),
      });
    }
    return role;
  }

  /** Target tracking on CPU and memory; 003's step policies with their alarms when asked for. */
  private createAutoscaling(props: EcsServiceProps, scaling: AutoscalingProps, service: AwsEcsService): void {
    const target = new AppautoscalingTarget(this, "scaling_target", {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: `service/${props.cluster.clusterName}/${service.name}`,
      minCapacity: scaling.minTasks,
      maxCapacity: scaling.maxTasks,
      tags: this.tagged(`${props.name}-scaling`),
    });
    const scope = {
      serviceNamespace: target.serviceNamespace,
      scalableDimension: target.scalableDimension,
      resourceId: target.resourceId,
    };
    const cooldowns = {
      scaleOutCooldown: scaling.scaleOutCooldownSeconds ?? DEFAULTS.scaleOutCooldownSeconds,
      scaleInCooldown: scaling.scaleInCooldownSeconds ?? DEFAULTS.scaleInCooldownSeconds,
    };
    const targets = [
      ["cpu", "ECSServiceAverageCPUUtilization", scaling.cpuTargetPercent ?? DEFAULTS.cpuTargetPercent],
      ["memory", "ECSServiceAverageMemoryUtilization", scaling.memoryTargetPercent ?? DEFAULTS.memoryTargetPercent],
    ] as const;
    for (const [key, metric, value] of targets) {
      new AppautoscalingPolicy(this, `${key}_target_tracking`, {
        ...scope,
        name: `${props.name}-${key}-target-${value}`,
        policyType: "TargetTrackingScaling",
        targetTrackingScalingPolicyConfiguration: {
          targetValue: value,
          predefinedMetricSpecification: { predefinedMetricType: metric },
          ...cooldowns,
        },
      });
    }
    if (scaling.stepScaling === undefined) return;
    const steps = {
      out: { ...DEFAULTS.stepScaling.scaleOut, ...scaling.stepScaling.scaleOut },
      in: { ...DEFAULTS.stepScaling.scaleIn, ...scaling.stepScaling.scaleIn },
    };
    for (const direction of ["out", "in"] as const) {
      const step = steps[direction];
      const policy = new AppautoscalingPolicy(this, `scale_${direction}`, {
        ...scope,
        name: `${props.name}-scale-${direction}-cpu`,
        policyType: "StepScaling",
        stepScalingPolicyConfiguration: {
          adjustmentType: "ChangeInCapacity",
          metricAggregationType: "Average",
          cooldown: direction === "out" ? cooldowns.scaleOutCooldown : cooldowns.scaleInCooldown,
          stepAdjustment: [
            direction === "out"
              ? { metricIntervalLowerBound: "0", scalingAdjustment: step.tasks }
              : { metricIntervalUpperBound: "0", scalingAdjustment: -step.tasks },
          ],
        },
      });
      new CloudwatchMetricAlarm(this, `scale_${direction}_alarm`, {
        alarmName: `${props.cluster.clusterName}-${props.name}-scale-${direction}-cpu`,
        alarmDescription:
          `Scale ${props.name} ${direction} by ${step.tasks} task(s): average CPU ` +
          `${direction === "out" ? ">" : "<"} ${step.cpuPercent} % for ${step.minutes} minute(s)`,
        namespace: "AWS/ECS",
        metricName: "CPUUtilization",
        dimensions: { ClusterName: props.cluster.clusterName, ServiceName: service.name },
        statistic: "Average",
        period: 60,
        evaluationPeriods: step.minutes,
        datapointsToAlarm: step.minutes,
        threshold: step.cpuPercent,
        comparisonOperator: direction === "out" ? "GreaterThanThreshold" : "LessThanThreshold",
        alarmActions: [policy.arn],
        tags: this.tagged(`${props.name}-scale-${direction}`),
      });
    }
  }

  private tagged(name: string): Record<string, string> {
    return { ...this.tags, Name: name };
  }
}

/** A rule of `group` for TCP `port` to or from the members of `peer`. */
function tcpRule(group: string, peer: string, port: number, description: string) {
  return {
    securityGroupId: group,
    referencedSecurityGroupId: peer,
    ipProtocol: "tcp",
    fromPort: port,
    toPort: port,
    description,
  };
}

/** `var-cache-nginx` for `/var/cache/nginx`: the task volume of a scratch path. */
function scratchVolume(path: string): string {
  return `scratch-${path.replace(/^\/+/, "").replace(/[^A-Za-z0-9]+/g, "-") || "root"}`;
}

/**
 * The single container: the image by tag, its ports, environment and secrets (sorted, so the
 * revision only changes when they do), read-only root with scratch mounts, logs to the group. Empty
 * lists are left out: the definition holds what was asked for and nothing more.
 */
function containerDefinitions(props: EcsServiceProps, resolved: ResolvedService, logGroupName: string): string {
  const sources = secretSources(props.region, props.accountId, resolved.secrets);
  const nonEmpty = <T>(list: T[]): T[] | undefined => (list.length === 0 ? undefined : list);
  return JSON.stringify(
    [
      {
        name: props.name,
        image: `${props.image.repositoryUrl}:${props.image.tag}`,
        essential: true,
        portMappings: props.ports.map((port) => ({ containerPort: port, protocol: "tcp" })),
        environment: nonEmpty(
          Object.entries(resolved.environment)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([name, value]) => ({ name, value })),
        ),
        secrets: nonEmpty(sources.valueFrom.sort((a, b) => a.name.localeCompare(b.name))),
        readonlyRootFilesystem: resolved.readonlyRootFilesystem,
        mountPoints: nonEmpty(
          resolved.scratchPaths.map((path) => ({
            sourceVolume: scratchVolume(path),
            containerPath: path,
            readOnly: false,
          })),
        ),
        // ECS Exec's agent runs beside the application; an init process reaps what it leaves.
        linuxParameters: resolved.executeCommand ? { initProcessEnabled: true } : undefined,
        logConfiguration: {
          logDriver: "awslogs",
          options: {
            "awslogs-group": logGroupName,
            "awslogs-region": props.region,
            "awslogs-stream-prefix": props.name,
          },
        },
      },
    ],
    undefined,
    2,
  );
}
