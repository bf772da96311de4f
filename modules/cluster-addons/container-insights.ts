import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { Construct } from "constructs";
import { logRetentionIssues } from "../eks/checks";
import { podIdentityTrustPolicy } from "../eks/pod-identity";
import { policyJson } from "../iam/policy";
import { ADDONS, containerInsightsLogGroupName, EKS_ADDON_VERSIONS } from "./defaults";
import type { AwsContext } from "./context";

/** Container Insights (and X-Ray) through the `amazon-cloudwatch-observability` EKS add-on. */
export interface ContainerInsightsProps {
  /** Days the performance events are kept: the cluster's log retention. */
  readonly logRetentionDays: number;
  /**
   * Also receive X-Ray traces: the add-on's CloudWatch agent listens for X-Ray segments (UDP 2000 of its
   * `cloudwatch-agent.amazon-cloudwatch` service) and sends them to X-Ray.
   * @default false
   */
  readonly xray?: boolean;
  /** @default EKS_ADDON_VERSIONS["amazon-cloudwatch-observability"] */
  readonly version?: string;
}

export const CLOUDWATCH_AGENT_POLICIES = {
  agent: "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
  xray: "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
} as const;

export function containerInsightsIssues(props: ContainerInsightsProps): string[] {
  return logRetentionIssues(props.logRetentionDays).map((issue) => `containerInsights.${issue}`);
}

/**
 * The add-on's configuration: container logs off (Fluent Bit here ships them, to groups of its own; the add-on's
 * Fluent Bit would copy every line to `/aws/containerinsights/<cluster>/application` too), enhanced
 * Container Insights metrics, and X-Ray when asked.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/install-CloudWatch-Observability-EKS-addon.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-Configuration-File-Details.html
 */
export function containerInsightsConfiguration(xray: boolean): object {
  return {
    containerLogs: { enabled: false },
    agent: {
      config: {
        logs: { metrics_collected: { kubernetes: { enhanced_container_insights: true } } },
        ...(xray ? { traces: { traces_collected: { xray: {} } } } : {}),
      },
    },
  };
}

/**
 * The EKS add-on with its own Pod Identity association (`amazon-cloudwatch/cloudwatch-agent`, the service account
 * the add-on creates), its role (CloudWatchAgentServerPolicy, and X-Ray write access when asked), and the
 * performance log group created first with the add-ons' logs key and the cluster's retention (the agent would
 * create it unencrypted, kept forever).
 */
export function containerInsightsAws(
  scope: Construct,
  context: AwsContext,
  props: ContainerInsightsProps,
  logsKeyArn: string,
): { roleArn: string } {
  const { cluster } = context;
  const { namespace, serviceAccount } = ADDONS.containerInsights;
  const name = containerInsightsLogGroupName(cluster.clusterName);
  const logGroup = new CloudwatchLogGroup(scope, "logs_container_insights", {
    name,
    kmsKeyId: logsKeyArn,
    retentionInDays: props.logRetentionDays,
    tags: { ...context.tags, Name: name },
    lifecycle: { preventDestroy: context.deletionProtection },
  });
  const role = new IamRole(scope, "cloudwatch_agent_role", {
    name: `${cluster.clusterName}-cloudwatch-agent`,
    description: `CloudWatch agent of ${cluster.clusterName}: Container Insights${props.xray ? " and X-Ray" : ""} (EKS Pod Identity)`,
    assumeRolePolicy: policyJson(podIdentityTrustPolicy(cluster.clusterName, namespace, serviceAccount)),
    tags: context.tags,
  });
  const policies = props.xray ? CLOUDWATCH_AGENT_POLICIES : { agent: CLOUDWATCH_AGENT_POLICIES.agent };
  const attachments = Object.entries(policies).map(
    ([key, policyArn]) =>
      new IamRolePolicyAttachment(scope, `cloudwatch_agent_role_${key}`, { role: role.name, policyArn }),
  );
  new EksAddon(scope, "container_insights", {
    clusterName: cluster.clusterName,
    addonName: "amazon-cloudwatch-observability",
    addonVersion: props.version ?? EKS_ADDON_VERSIONS["amazon-cloudwatch-observability"],
    podIdentityAssociation: [{ roleArn: role.arn, serviceAccount }],
    configurationValues: JSON.stringify(containerInsightsConfiguration(props.xray ?? false)),
    resolveConflictsOnCreate: "OVERWRITE",
    resolveConflictsOnUpdate: "OVERWRITE",
    tags: context.tags,
    dependsOn: [logGroup, ...attachments],
  });
  return { roleArn: role.arn };
}
