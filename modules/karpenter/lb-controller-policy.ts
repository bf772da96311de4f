import { policyDocument, type PolicyDocument } from "../iam/policy";

/**
 * The AWS Load Balancer Controller policy: every statement of the project's `docs/install/iam_policy.json`
 * at v2.14.1 (chart 1.14.1), with Sids, and with security-group and load-balancer ARNs narrowed from
 * `*:*` to this region and account. Writes to load balancers, target groups and security groups need the
 * `elbv2.k8s.aws/cluster` tag the controller sets on what it creates. The WAF, Shield, ACM and Cognito
 * reads and the listener/rule writes are unscoped upstream too: those APIs have no tag the controller owns.
 * @see https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v2.14.1/docs/install/iam_policy.json
 */
export function loadBalancerControllerPolicy(region: string, accountId: string): PolicyDocument {
  const elb = (resource: string) => `arn:aws:elasticloadbalancing:${region}:${accountId}:${resource}`;
  const securityGroups = `arn:aws:ec2:${region}:${accountId}:security-group/*`;
  const clusterTagOnRequest = "aws:RequestTag/elbv2.k8s.aws/cluster";
  const clusterTagOnResource = "aws:ResourceTag/elbv2.k8s.aws/cluster";
  const balancersAndTargetGroups = [elb("targetgroup/*/*"), elb("loadbalancer/net/*/*"), elb("loadbalancer/app/*/*")];
  return policyDocument(
    {
      Sid: "CreateElbServiceLinkedRole",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: "*",
      Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
    },
    {
      Sid: "Describe",
      Effect: "Allow",
      Action: [
        "ec2:DescribeAccountAttributes",
        "ec2:DescribeAddresses",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInternetGateways",
        "ec2:DescribeVpcs",
        "ec2:DescribeVpcPeeringConnections",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeInstances",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeTags",
        "ec2:GetCoipPoolUsage",
        "ec2:DescribeCoipPools",
        "ec2:GetSecurityGroupsForVpc",
        "ec2:DescribeIpamPools",
        "ec2:DescribeRouteTables",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeListenerCertificates",
        "elasticloadbalancing:DescribeSSLPolicies",
        "elasticloadbalancing:DescribeRules",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeTargetHealth",
        "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeTrustStores",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:DescribeCapacityReservation",
      ],
      Resource: "*",
    },
    {
      Sid: "CertificatesWafShieldCognito",
      Effect: "Allow",
      Action: [
        "cognito-idp:DescribeUserPoolClient",
        "acm:ListCertificates",
        "acm:DescribeCertificate",
        "iam:ListServerCertificates",
        "iam:GetServerCertificate",
        "waf-regional:GetWebACL",
        "waf-regional:GetWebACLForResource",
        "waf-regional:AssociateWebACL",
        "waf-regional:DisassociateWebACL",
        "wafv2:GetWebACL",
        "wafv2:GetWebACLForResource",
        "wafv2:AssociateWebACL",
        "wafv2:DisassociateWebACL",
        "shield:GetSubscriptionState",
        "shield:DescribeProtection",
        "shield:CreateProtection",
        "shield:DeleteProtection",
      ],
      Resource: "*",
    },
    {
      // Not tag-scoped upstream: the controller opens node security groups it did not create to its load balancers.
      Sid: "SecurityGroupIngress",
      Effect: "Allow",
      Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
      Resource: securityGroups,
    },
    { Sid: "CreateSecurityGroup", Effect: "Allow", Action: "ec2:CreateSecurityGroup", Resource: "*" },
    {
      Sid: "TagSecurityGroupOnCreate",
      Effect: "Allow",
      Action: "ec2:CreateTags",
      Resource: securityGroups,
      Condition: {
        StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" },
        Null: { [clusterTagOnRequest]: "false" },
      },
    },
    {
      Sid: "RetagOwnSecurityGroups",
      Effect: "Allow",
      Action: ["ec2:CreateTags", "ec2:DeleteTags"],
      Resource: securityGroups,
      Condition: { Null: { [clusterTagOnRequest]: "true", [clusterTagOnResource]: "false" } },
    },
    {
      Sid: "ManageOwnSecurityGroups",
      Effect: "Allow",
      Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
      Resource: "*",
      Condition: { Null: { [clusterTagOnResource]: "false" } },
    },
    {
      Sid: "CreateTaggedLoadBalancers",
      Effect: "Allow",
      Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
      Resource: "*",
      Condition: { Null: { [clusterTagOnRequest]: "false" } },
    },
    {
      Sid: "ManageListenersAndRules",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:CreateRule",
        "elasticloadbalancing:DeleteRule",
      ],
      Resource: "*",
    },
    {
      Sid: "RetagOwnLoadBalancers",
      Effect: "Allow",
      Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      Resource: balancersAndTargetGroups,
      Condition: { Null: { [clusterTagOnRequest]: "true", [clusterTagOnResource]: "false" } },
    },
    {
      Sid: "TagListenersAndRules",
      Effect: "Allow",
      Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      Resource: [
        elb("listener/net/*/*/*"),
        elb("listener/app/*/*/*"),
        elb("listener-rule/net/*/*/*"),
        elb("listener-rule/app/*/*/*"),
      ],
    },
    {
      Sid: "ModifyOwnLoadBalancers",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:SetIpAddressType",
        "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:SetSubnets",
        "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:ModifyListenerAttributes",
        "elasticloadbalancing:ModifyCapacityReservation",
        "elasticloadbalancing:ModifyIpPools",
      ],
      Resource: "*",
      Condition: { Null: { [clusterTagOnResource]: "false" } },
    },
    {
      Sid: "TagOnCreate",
      Effect: "Allow",
      Action: "elasticloadbalancing:AddTags",
      Resource: balancersAndTargetGroups,
      Condition: {
        StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] },
        Null: { [clusterTagOnRequest]: "false" },
      },
    },
    {
      Sid: "RegisterTargets",
      Effect: "Allow",
      Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
      Resource: elb("targetgroup/*/*"),
    },
    {
      Sid: "ModifyListenersAndRules",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:SetWebAcl",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:AddListenerCertificates",
        "elasticloadbalancing:RemoveListenerCertificates",
        "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:SetRulePriorities",
      ],
      Resource: "*",
    },
  );
}
