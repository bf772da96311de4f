import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { NODE_MANAGED_POLICIES, podIdentityRole, type ClusterRef } from "../eks";
import { policyDocument, policyJson } from "../iam/policy";
import { amiAliasIssues, amiSsmParameter, defaultAmiAlias } from "./ami";
import { karpenterControllerPolicy } from "./controller-policy";
import { eventPattern, INTERRUPTION_RULES } from "./events";
import { loadBalancerControllerPolicy } from "./lb-controller-policy";

export { AMI_ALIASES, amiAliasIssues, amiSsmParameter, defaultAmiAlias, KUBERNETES_UPSTREAM_RELEASES } from "./ami";
export { karpenterControllerPolicy } from "./controller-policy";
export { eventPattern, INTERRUPTION_RULES, type EventPattern, type InterruptionEvent } from "./events";
export { loadBalancerControllerPolicy } from "./lb-controller-policy";

/**
 * Versions pinned in one place, for both sides. Karpenter 1.8 supports Kubernetes 1.29-1.34; the
 * `karpenter-crd` chart must move in lockstep with `karpenter`. The AMI alias of the nodes is paired with
 * the Kubernetes version in `./ami` (`AMI_ALIASES`).
 */
export const DEFAULTS = {
  karpenterVersion: "1.8.8",
  karpenterRepository: "oci://public.ecr.aws/karpenter",
  /** aws-load-balancer-controller chart 1.14.1 = controller v2.14.1 (the IAM policy matches it). */
  loadBalancerControllerVersion: "1.14.1",
  loadBalancerControllerRepository: "https://aws.github.io/eks-charts",
  namespace: "kube-system",
  serviceAccounts: { karpenter: "karpenter", loadBalancerController: "aws-load-balancer-controller" },
  interruptionMessageRetentionSeconds: 300,
} as const;

/** Managed policies of Karpenter's node role: the node defaults plus SSM, as Karpenter's own template. */
export const KARPENTER_NODE_POLICIES = {
  ...NODE_MANAGED_POLICIES,
  ssm: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
} as const;

/** What the in-cluster side needs of the AWS side. */
export interface KarpenterRef {
  /** The fixed node role name the EC2NodeClass names. */
  readonly nodeRoleName: string;
  /** Name of the interruption queue (`settings.interruptionQueue`). */
  readonly interruptionQueueName: string;
}

export interface KarpenterAwsProps {
  /** The cluster Karpenter provisions for (`EksCluster.ref`). */
  readonly cluster: ClusterRef;
  /**
   * Name of the IAM role of Karpenter's nodes. Fixed, because the EC2NodeClass names it exactly; changing it
   * replaces the role and its access entry, and every EC2NodeClass must follow.
   */
  readonly nodeRoleName: string;
  /**
   * EKS-optimized AL2023 release of the nodes, the EC2NodeClass's alias: a real plan fails when that release
   * has no AMI for the cluster's Kubernetes version (its public SSM parameter is looked up).
   * @default - AMI_ALIASES for the cluster's Kubernetes version
   */
  readonly amiAlias?: string;
  /**
   * Also create the AWS Load Balancer Controller's role (EKS Pod Identity, kube-system/aws-load-balancer-controller).
   * @default true
   */
  readonly loadBalancerController?: boolean;
  /**
   * Tags on every resource of the module, besides the provider's default tags.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * Karpenter's AWS side, in the account-region stack: the controller's Pod Identity role with the v1
 * least-privilege policy, the node role and its EC2_LINUX access entry, the interruption queue and its
 * EventBridge rules; and the AWS Load Balancer Controller's Pod Identity role.
 */
export class KarpenterAws extends Construct {
  readonly controllerRoleArn: string;
  readonly nodeRoleArn: string;
  readonly nodeRoleName: string;
  readonly interruptionQueueName: string;
  readonly interruptionQueueArn: string;
  /** Set when `loadBalancerController` is on. */
  readonly loadBalancerControllerRoleArn?: string;
  /** The hand-off to `KarpenterInCluster`. */
  readonly ref: KarpenterRef;

  constructor(scope: Construct, id: string, props: KarpenterAwsProps) {
    super(scope, id);
    const { cluster } = props;
    const tags = props.tags ?? {};
    const amiAlias = props.amiAlias ?? defaultAmiAlias(cluster.kubernetesVersion);
    const issues = amiAliasIssues(amiAlias, cluster.kubernetesVersion).map((message) => `amiAlias: ${message}`);
    if (Token.isUnresolved(props.nodeRoleName) || !/^[\w+=,.@-]{1,64}$/.test(props.nodeRoleName)) {
      issues.push(
        `nodeRoleName: "${props.nodeRoleName}" must be a literal IAM role name (1-64 letters, digits or +=,.@_-); the EC2NodeClass names it`,
      );
    }
    this.node.addValidation({ validate: () => issues });
    const named = (suffix: string) => `${cluster.clusterName}-karpenter-${suffix}`;

    // The AMI the EC2NodeClass's alias resolves to: a plan fails here, not Karpenter's launches after apply.
    if (issues.length === 0) {
      new DataAwsSsmParameter(this, "node_ami", { name: amiSsmParameter(amiAlias!, cluster.kubernetesVersion) });
    }

    // Node role: fixed name, joins the cluster through an EC2_LINUX access entry (no aws-auth ConfigMap).
    const nodeRole = new IamRole(this, "node_role", {
      name: props.nodeRoleName,
      description: `Nodes Karpenter launches for ${cluster.clusterName}`,
      assumeRolePolicy: policyJson(
        policyDocument({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }),
      ),
      tags: { ...tags, Name: props.nodeRoleName },
    });
    for (const [key, policyArn] of Object.entries(KARPENTER_NODE_POLICIES)) {
      new IamRolePolicyAttachment(this, `node_role_${key}`, { role: nodeRole.name, policyArn });
    }
    new EksAccessEntry(this, "node_access_entry", {
      clusterName: cluster.clusterName,
      principalArn: nodeRole.arn,
      type: "EC2_LINUX",
      tags,
    });

    // Interruption queue: EventBridge delivers, Karpenter drains nodes ahead of the interruption.
    const queue = new SqsQueue(this, "interruption_queue", {
      name: named("interruption"),
      messageRetentionSeconds: DEFAULTS.interruptionMessageRetentionSeconds,
      sqsManagedSseEnabled: true,
      tags: { ...tags, Name: named("interruption") },
    });
    new SqsQueuePolicy(this, "interruption_queue_policy", {
      queueUrl: queue.url,
      policy: policyJson(
        policyDocument(
          {
            Sid: "EventBridgeDelivers",
            Effect: "Allow",
            Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
            Action: "sqs:SendMessage",
            Resource: queue.arn,
          },
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "sqs:*",
            Resource: queue.arn,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ),
      ),
    });
    for (const [key, rule] of Object.entries(INTERRUPTION_RULES)) {
      const eventRule = new CloudwatchEventRule(this, key, {
        name: named(rule.shortName),
        description: rule.description,
        eventPattern: JSON.stringify(eventPattern(rule.event)),
        tags: { ...tags, Name: named(rule.shortName) },
      });
      new CloudwatchEventTarget(this, `${key}_target`, {
        rule: eventRule.name,
        targetId: "KarpenterInterruptionQueue",
        arn: queue.arn,
      });
    }

    // Controller: EKS Pod Identity for kube-system/karpenter.
    const controller = podIdentityRole(this, "controller", {
      clusterName: cluster.clusterName,
      namespace: DEFAULTS.namespace,
      serviceAccount: DEFAULTS.serviceAccounts.karpenter,
      roleName: `${cluster.clusterName}-karpenter`,
      description: `Karpenter controller of ${cluster.clusterName} (EKS Pod Identity)`,
      inlinePolicy: karpenterControllerPolicy({
        clusterName: cluster.clusterName,
        region: cluster.region,
        accountId: cluster.accountId,
        interruptionQueueArn: queue.arn,
        nodeRoleArn: nodeRole.arn,
      }),
      tags,
    });

    if (props.loadBalancerController ?? true) {
      const lb = podIdentityRole(this, "lb_controller", {
        clusterName: cluster.clusterName,
        namespace: DEFAULTS.namespace,
        serviceAccount: DEFAULTS.serviceAccounts.loadBalancerController,
        roleName: `${cluster.clusterName}-lb-controller`,
        description: `AWS Load Balancer Controller of ${cluster.clusterName} (EKS Pod Identity)`,
        inlinePolicy: loadBalancerControllerPolicy(cluster.region, cluster.accountId),
        tags,
      });
      this.loadBalancerControllerRoleArn = lb.role.arn;
    }

    this.controllerRoleArn = controller.role.arn;
    this.nodeRoleArn = nodeRole.arn;
    this.nodeRoleName = props.nodeRoleName;
    this.interruptionQueueName = queue.name;
    this.interruptionQueueArn = queue.arn;
    this.ref = { nodeRoleName: props.nodeRoleName, interruptionQueueName: queue.name };
  }
}
