import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { Construct } from "constructs";
import { policyDocument, policyJson, type PolicyDocument } from "../iam/policy";

/** The service principal of EKS Pod Identity. */
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";

/**
 * Trust policy of a Pod Identity role: EKS Pod Identity may assume it (and tag the session) only for
 * one service account of one namespace of one cluster, through the session tags it always sets.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 */
export function podIdentityTrustPolicy(clusterName: string, namespace: string, serviceAccount: string): PolicyDocument {
  return policyDocument({
    Sid: "EksPodIdentityForOneServiceAccount",
    Effect: "Allow",
    Principal: { Service: POD_IDENTITY_PRINCIPAL },
    Action: ["sts:AssumeRole", "sts:TagSession"],
    Condition: {
      StringEquals: {
        "aws:RequestTag/eks-cluster-name": clusterName,
        "aws:RequestTag/kubernetes-namespace": namespace,
        "aws:RequestTag/kubernetes-service-account": serviceAccount,
      },
    },
  });
}

export interface PodIdentityRoleOptions {
  /** Cluster name; pass the cluster resource's `name` so the association waits for the cluster. */
  readonly clusterName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Physical role name (at most 64 characters). */
  readonly roleName: string;
  readonly description: string;
  /** AWS managed policies attached by ARN, keyed by the snake_case suffix of their address. */
  readonly managedPolicies?: Readonly<Record<string, string>>;
  /** One inline policy, `<key>_role_policy`. */
  readonly inlinePolicy?: PolicyDocument;
  readonly tags?: Record<string, string>;
}

/**
 * An IAM role for one Kubernetes service account through EKS Pod Identity, and its association:
 * `aws_iam_role.<scope>_<key>_role`, `aws_iam_role_policy.<scope>_<key>_role_policy` (inline) or
 * `aws_iam_role_policy_attachment.<scope>_<key>_role_<policy>`, `aws_eks_pod_identity_association.<scope>_<key>_pod_identity`.
 */
export function podIdentityRole(
  scope: Construct,
  key: string,
  options: PodIdentityRoleOptions,
): { readonly role: IamRole; readonly association: EksPodIdentityAssociation } {
  const role = new IamRole(scope, `${key}_role`, {
    name: options.roleName,
    description: options.description,
    assumeRolePolicy: policyJson(
      podIdentityTrustPolicy(options.clusterName, options.namespace, options.serviceAccount),
    ),
    tags: options.tags,
  });
  for (const [suffix, policyArn] of Object.entries(options.managedPolicies ?? {})) {
    new IamRolePolicyAttachment(scope, `${key}_role_${suffix}`, { role: role.name, policyArn });
  }
  if (options.inlinePolicy !== undefined) {
    new IamRolePolicy(scope, `${key}_role_policy`, {
      role: role.id,
      name: key.replace(/_/g, "-"),
      policy: policyJson(options.inlinePolicy),
    });
  }
  const association = new EksPodIdentityAssociation(scope, `${key}_pod_identity`, {
    clusterName: options.clusterName,
    namespace: options.namespace,
    serviceAccount: options.serviceAccount,
    roleArn: role.arn,
    tags: options.tags,
  });
  return { role, association };
}
