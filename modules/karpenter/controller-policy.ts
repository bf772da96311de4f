import { policyDocument, type PolicyDocument } from "../iam/policy";

export interface KarpenterPolicyInputs {
  readonly clusterName: string;
  readonly region: string;
  readonly accountId: string;
  readonly interruptionQueueArn: string;
  readonly nodeRoleArn: string;
}

/**
 * The Karpenter v1 controller policy, scoped to one cluster and region, statement by statement as in the
 * `KarpenterControllerPolicy` of Karpenter 1.8's getting-started `cloudformation.yaml` (the "Controller
 * authorization" reference). EC2 writes need the `kubernetes.io/cluster/<name>: owned` and
 * `karpenter.sh/nodepool` tags on the request or resource, so this controller touches only its own
 * instances, launch templates and instance profiles. Karpenter >= 1.7 also lists instance profiles
 * (`iam:ListInstanceProfiles`, which IAM cannot scope) to collect the ones it leaked.
 * @see https://karpenter.sh/docs/reference/cloudformation/
 */
export function karpenterControllerPolicy(inputs: KarpenterPolicyInputs): PolicyDocument {
  const { clusterName, region, accountId } = inputs;
  const ec2 = (resource: string) => `arn:aws:ec2:${region}:*:${resource}`;
  const ownedByCluster = `kubernetes.io/cluster/${clusterName}`;
  const instanceProfiles = `arn:aws:iam::${accountId}:instance-profile/*`;
  const launched = ["fleet/*", "instance/*", "volume/*", "network-interface/*", "launch-template/*"].map(ec2);
  return policyDocument(
    {
      Sid: "AllowScopedEC2InstanceAccessActions",
      Effect: "Allow",
      Resource: [
        `arn:aws:ec2:${region}::image/*`,
        `arn:aws:ec2:${region}::snapshot/*`,
        ec2("security-group/*"),
        ec2("subnet/*"),
        ec2("capacity-reservation/*"),
      ],
      Action: ["ec2:RunInstances", "ec2:CreateFleet"],
    },
    {
      Sid: "AllowScopedEC2LaunchTemplateAccessActions",
      Effect: "Allow",
      Resource: ec2("launch-template/*"),
      Action: ["ec2:RunInstances", "ec2:CreateFleet"],
      Condition: {
        StringEquals: { [`aws:ResourceTag/${ownedByCluster}`]: "owned" },
        StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
      },
    },
    {
      Sid: "AllowScopedEC2InstanceActionsWithTags",
      Effect: "Allow",
      Resource: [...launched, ec2("spot-instances-request/*"), ec2("capacity-reservation/*")],
      Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
      Condition: {
        StringEquals: {
          [`aws:RequestTag/${ownedByCluster}`]: "owned",
          "aws:RequestTag/eks:eks-cluster-name": clusterName,
        },
        StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
      },
    },
    {
      Sid: "AllowScopedResourceCreationTagging",
      Effect: "Allow",
      Resource: [...launched, ec2("spot-instances-request/*")],
      Action: "ec2:CreateTags",
      Condition: {
        StringEquals: {
          [`aws:RequestTag/${ownedByCluster}`]: "owned",
          "aws:RequestTag/eks:eks-cluster-name": clusterName,
          "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"],
        },
        StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
      },
    },
    {
      Sid: "AllowScopedResourceTagging",
      Effect: "Allow",
      Resource: ec2("instance/*"),
      Action: "ec2:CreateTags",
      Condition: {
        StringEquals: { [`aws:ResourceTag/${ownedByCluster}`]: "owned" },
        StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
        StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": clusterName },
        "ForAllValues:StringEquals": { "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"] },
      },
    },
    {
      Sid: "AllowScopedDeletion",
      Effect: "Allow",
      Resource: [ec2("instance/*"), ec2("launch-template/*")],
      Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
      Condition: {
        StringEquals: { [`aws:ResourceTag/${ownedByCluster}`]: "owned" },
        StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
      },
    },
    {
      Sid: "AllowRegionalReadActions",
      Effect: "Allow",
      Resource: "*",
      Action: [
        "ec2:DescribeCapacityReservations",
        "ec2:DescribeImages",
        "ec2:DescribeInstances",
        "ec2:DescribeInstanceTypeOfferings",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplates",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSpotPriceHistory",
        "ec2:DescribeSubnets",
      ],
      Condition: { StringEquals: { "aws:RequestedRegion": region } },
    },
    {
      Sid: "AllowSSMReadActions",
      Effect: "Allow",
      Resource: `arn:aws:ssm:${region}::parameter/aws/service/*`,
      Action: "ssm:GetParameter",
    },
    { Sid: "AllowPricingReadActions", Effect: "Allow", Resource: "*", Action: "pricing:GetProducts" },
    {
      Sid: "AllowInterruptionQueueActions",
      Effect: "Allow",
      Resource: inputs.interruptionQueueArn,
      Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
    },
    {
      Sid: "AllowPassingInstanceRole",
      Effect: "Allow",
      Resource: inputs.nodeRoleArn,
      Action: "iam:PassRole",
      Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
    },
    {
      Sid: "AllowScopedInstanceProfileCreationActions",
      Effect: "Allow",
      Resource: instanceProfiles,
      Action: "iam:CreateInstanceProfile",
      Condition: {
        StringEquals: {
          [`aws:RequestTag/${ownedByCluster}`]: "owned",
          "aws:RequestTag/eks:eks-cluster-name": clusterName,
          "aws:RequestTag/topology.kubernetes.io/region": region,
        },
        StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
      },
    },
    {
      Sid: "AllowScopedInstanceProfileTagActions",
      Effect: "Allow",
      Resource: instanceProfiles,
      Action: "iam:TagInstanceProfile",
      Condition: {
        StringEquals: {
          [`aws:ResourceTag/${ownedByCluster}`]: "owned",
          "aws:ResourceTag/topology.kubernetes.io/region": region,
          [`aws:RequestTag/${ownedByCluster}`]: "owned",
          "aws:RequestTag/eks:eks-cluster-name": clusterName,
          "aws:RequestTag/topology.kubernetes.io/region": region,
        },
        StringLike: {
          "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*",
          "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*",
        },
      },
    },
    {
      Sid: "AllowScopedInstanceProfileActions",
      Effect: "Allow",
      Resource: instanceProfiles,
      Action: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
      Condition: {
        StringEquals: {
          [`aws:ResourceTag/${ownedByCluster}`]: "owned",
          "aws:ResourceTag/topology.kubernetes.io/region": region,
        },
        StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*" },
      },
    },
    {
      Sid: "AllowInstanceProfileReadActions",
      Effect: "Allow",
      Resource: instanceProfiles,
      Action: "iam:GetInstanceProfile",
    },
    {
      Sid: "AllowUnscopedInstanceProfileListAction",
      Effect: "Allow",
      Resource: "*",
      Action: "iam:ListInstanceProfiles",
    },
    {
      Sid: "AllowAPIServerEndpointDiscovery",
      Effect: "Allow",
      Resource: `arn:aws:eks:${region}:${accountId}:cluster/${clusterName}`,
      Action: "eks:DescribeCluster",
    },
  );
}
