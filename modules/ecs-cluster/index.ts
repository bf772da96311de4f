import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsCluster as AwsEcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { cloudWatchLogsStatement, KmsKeyWithAlias } from "../kms-key";
import {
  capacityStrategyIssues,
  CLUSTER_NAME,
  CONTAINER_INSIGHTS,
  DEFAULTS,
  FARGATE_CAPACITY_PROVIDERS,
  retentionIssues,
  type CapacityProviderStrategyItem,
  type ContainerInsights,
  type FargateCapacityProvider,
} from "./defaults";

export * from "./defaults";

/** ECS Exec of the cluster's services: sessions encrypted with the cluster's key and logged to its log group. */
export interface ExecuteCommandRef {
  readonly kmsKeyArn: string;
  readonly logGroupName: string;
  readonly logGroupArn: string;
}

/** What a service needs of its cluster. */
export interface EcsClusterRef {
  readonly clusterName: string;
  /** The cluster's ARN, built on the capacity provider association so that a service waits for it. */
  readonly clusterArn: string;
  readonly accountId: string;
  readonly region: string;
  readonly capacityProviders: readonly FargateCapacityProvider[];
  readonly defaultCapacityProviderStrategy: readonly CapacityProviderStrategyItem[];
  /** The CMK of the services' log groups, which are named `<logGroupPrefix>/<service>`. */
  readonly logs: { readonly kmsKeyArn: string; readonly logGroupPrefix: string };
  /** Set when ECS Exec is on for the cluster. */
  readonly executeCommand?: ExecuteCommandRef;
}

export interface EcsClusterProps {
  /**
   * Cluster name (letters, digits, `-`, `_`; at most 255). Changing it replaces the cluster, which
   * fails while services run in it.
   */
  readonly name: string;
  /** Account of the cluster (key policy, log group ARNs). */
  readonly accountId: string;
  /** Region of the stack's provider. */
  readonly region: string;
  /**
   * CloudWatch Container Insights: `enhanced` (task- and container-level metrics), `enabled`, or
   * `disabled`. Both kinds are charged per metric and per GB of performance logs.
   * @default "enhanced"
   * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ClusterSetting.html
   */
  readonly containerInsights?: ContainerInsights;
  /**
   * Strategy of the services that give none. FARGATE_SPOT runs tasks at a discount but may stop
   * them with two minutes' notice: for dev and staging (003), or beside an on-demand base.
   * @default [{ capacityProvider: "FARGATE", weight: 1, base: 0 }]
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html
   */
  readonly defaultCapacityProviderStrategy?: readonly CapacityProviderStrategyItem[];
  /**
   * ECS Exec (`aws ecs execute-command`) for services that turn it on: sessions encrypted with the
   * cluster's CMK and logged to `/ecs/<name>/exec`. It needs a writable root filesystem in the container.
   * @default false
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
   */
  readonly executeCommand?: boolean;
  /** Days the ECS Exec session logs are kept. @default 365 */
  readonly executeCommandLogRetentionDays?: number;
  /** Refuse `terraform destroy` of the key and the exec log group. @default true */
  readonly deletionProtection?: boolean;
  /** Tags on every resource of the module, besides the provider's default tags. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * An ECS cluster for Fargate: Container Insights, both Fargate capacity providers registered with a
 * default strategy, a CMK for the services' log groups (and ECS Exec, when on).
 */
export class EcsCluster extends Construct {
  readonly clusterName: string;
  readonly clusterArn: string;
  /** CMK of the log groups under `/ecs/<name>/`. */
  readonly logsKmsKeyArn: string;
  /** The hand-off to `EcsService`. */
  readonly ref: EcsClusterRef;

  constructor(scope: Construct, id: string, props: EcsClusterProps) {
    super(scope, id);
    const tags = props.tags ?? {};
    const protect = props.deletionProtection ?? true;
    const insights = props.containerInsights ?? DEFAULTS.containerInsights;
    const strategy = props.defaultCapacityProviderStrategy ?? DEFAULTS.defaultCapacityProviderStrategy;
    const execRetention = props.executeCommandLogRetentionDays ?? DEFAULTS.executeCommandLogRetentionDays;
    const issues = [
      ...clusterIssues(props.name, insights),
      ...capacityStrategyIssues("defaultCapacityProviderStrategy", strategy),
      ...retentionIssues("executeCommandLogRetentionDays", execRetention),
    ];
    this.node.addValidation({ validate: () => issues });

    const logGroupPrefix = `/ecs/${props.name}`;
    const key = new KmsKeyWithAlias(this, "key", {
      alias: `${props.name}-ecs`,
      description: `Log groups and ECS Exec sessions of ECS cluster ${props.name}`,
      accountId: props.accountId,
      deletionProtection: protect,
      policyStatements: [
        cloudWatchLogsStatement(
          props.region,
          `arn:aws:logs:${props.region}:${props.accountId}:log-group:${logGroupPrefix}/*`,
        ),
      ],
    });
    this.logsKmsKeyArn = key.keyArn;

    const execLogs =
      props.executeCommand === true
        ? new CloudwatchLogGroup(this, "exec_logs", {
            name: `${logGroupPrefix}/exec`,
            kmsKeyId: key.keyArn,
            retentionInDays: execRetention,
            tags: { ...tags, Name: `${props.name}-exec` },
            lifecycle: { preventDestroy: protect },
          })
        : undefined;

    const cluster = new AwsEcsCluster(this, "resource", {
      name: props.name,
      setting: [{ name: "containerInsights", value: insights }],
      configuration:
        execLogs === undefined
          ? undefined
          : {
              executeCommandConfiguration: {
                kmsKeyId: key.keyArn,
                logging: "OVERRIDE",
                logConfiguration: { cloudWatchEncryptionEnabled: true, cloudWatchLogGroupName: execLogs.name },
              },
            },
      tags: { ...tags, Name: props.name },
    });
    const providers = new EcsClusterCapacityProviders(this, "capacity_providers", {
      clusterName: cluster.name,
      capacityProviders: [...FARGATE_CAPACITY_PROVIDERS],
      defaultCapacityProviderStrategy: strategy.map((item) => ({
        capacityProvider: item.capacityProvider,
        weight: item.weight ?? 1,
        base: item.base ?? 0,
      })),
    });
    this.clusterName = cluster.name;
    this.clusterArn = cluster.arn;

    this.ref = {
      clusterName: providers.clusterName,
      // A service that names a provider before the association exists fails; an ARN built on the
      // association's attribute makes every service wait for it. ARN format of the ECS reference.
      // @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html#amazonelasticcontainerservice-resources-for-iam-policies
      clusterArn: `arn:aws:ecs:${props.region}:${props.accountId}:cluster/${providers.clusterName}`,
      accountId: props.accountId,
      region: props.region,
      capacityProviders: [...FARGATE_CAPACITY_PROVIDERS],
      defaultCapacityProviderStrategy: strategy,
      logs: { kmsKeyArn: key.keyArn, logGroupPrefix },
      executeCommand:
        execLogs === undefined
          ? undefined
          : { kmsKeyArn: key.keyArn, logGroupName: execLogs.name, logGroupArn: execLogs.arn },
    };
  }
}

function clusterIssues(name: string, insights: string): string[] {
  const issues: string[] = [];
  if (Token.isUnresolved(name) || !CLUSTER_NAME.test(name)) {
    issues.push(
      `name: "${name}" must be a literal of 1-255 letters, digits, "-" or "_" (it names the key alias and log groups)`,
    );
  }
  if (!(CONTAINER_INSIGHTS as readonly string[]).includes(insights)) {
    issues.push(`containerInsights: "${insights}" is not one of ${CONTAINER_INSIGHTS.join(", ")}`);
  }
  return issues;
}
