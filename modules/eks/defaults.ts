/** What the config needs of the EKS module, without loading a construct. */

/** The managed add-ons this module installs, by their EKS names. */
export type AddonName = "vpc-cni" | "kube-proxy" | "eks-pod-identity-agent" | "coredns" | "aws-ebs-csi-driver";

/**
 * Defaults resolved once. Kubernetes 1.33 is the newest version EKS offered when AWS provider 5.100.0
 * shipped (mid-2025); the add-on versions are EKS builds for 1.33 of that time. They cannot be checked
 * offline: before an upgrade, compare with `aws eks describe-addon-versions --kubernetes-version 1.33`.
 */
export const DEFAULTS = {
  kubernetesVersion: "1.33",
  addonVersions: {
    "vpc-cni": "v1.19.5-eksbuild.1",
    "kube-proxy": "v1.33.0-eksbuild.2",
    "eks-pod-identity-agent": "v1.3.7-eksbuild.2",
    coredns: "v1.12.1-eksbuild.2",
    "aws-ebs-csi-driver": "v1.45.0-eksbuild.2",
  } satisfies Record<AddonName, string>,
  systemNodes: { instanceType: "t3.medium", minSize: 2, desiredSize: 2, maxSize: 3, diskSizeGib: 50 },
  logRetentionDays: 90,
  supportType: "STANDARD",
  ecrKeepImages: 10,
  ecrUntaggedDays: 1,
} as const;
