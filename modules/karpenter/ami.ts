/**
 * The EKS-optimized AL2023 release of Karpenter's nodes, paired with the Kubernetes version: an AMI release
 * is built for the Kubernetes versions EKS supports on its release day, so a pinned alias stops working when
 * the cluster moves to a version newer than the release (Karpenter then finds no AMI and launches nothing).
 * Pure data and checks, no constructs: the config imports this file.
 */

/**
 * Default alias per Kubernetes minor version; only releases known to exist for that version. Add an entry
 * (or set `amiAlias`) before raising `kubernetesVersion`: the release name of the newest AMI is
 * `aws ssm get-parameter --name /aws/service/eks/optimized-ami/<version>/amazon-linux-2023/x86_64/standard/recommended/image_id`
 * then `aws ec2 describe-images --image-ids <id> --query 'Images[0].Name'` (`...-<version>-v<YYYYMMDD>`).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/retrieve-ami-id.html
 * @see https://github.com/awslabs/amazon-eks-ami/releases/tag/v20250715
 */
export const AMI_ALIASES: Readonly<Record<string, string>> = {
  "1.33": "al2023@v20250715",
};

/**
 * Upstream release dates of the Kubernetes minor versions (the Amazon EKS release calendar's "Upstream
 * release" column). No AMI built before a version's upstream release can run it. The EKS release date is
 * not the bound: EKS-optimized AMIs of a version are published ahead of its EKS release.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar
 */
export const KUBERNETES_UPSTREAM_RELEASES: Readonly<Record<string, string>> = {
  "1.29": "2023-12-13",
  "1.30": "2024-04-17",
  "1.31": "2024-08-13",
  "1.32": "2024-12-11",
  "1.33": "2025-04-23",
  "1.34": "2025-08-27",
};

/** A pinned AL2023 release: `al2023@v20250715`. */
export const AMI_ALIAS = /^al2023@v(\d{4})(\d{2})(\d{2})$/;

/** The default alias of a Kubernetes version, if this project knows one. */
export function defaultAmiAlias(kubernetesVersion: string): string | undefined {
  return AMI_ALIASES[kubernetesVersion];
}

/**
 * The public SSM parameter holding the x86_64 standard AMI of `alias` for `kubernetesVersion`; it exists only
 * when that release was built for that version. Karpenter resolves the alias through the same path.
 * @see https://github.com/aws/karpenter-provider-aws/blob/v1.8.8/pkg/providers/amifamily/al2023.go
 */
export function amiSsmParameter(alias: string, kubernetesVersion: string): string {
  const release = alias.replace(/^al2023@/, "");
  const name = `amazon-eks-node-al2023-x86_64-standard-${kubernetesVersion}-${release}`;
  return `/aws/service/eks/optimized-ami/${kubernetesVersion}/amazon-linux-2023/x86_64/standard/${name}/image_id`;
}

/**
 * What is wrong with `alias` for `kubernetesVersion` (`undefined`: none given and no default), as messages
 * without the field's path; empty when it can hold the version as far as can be known offline.
 */
export function amiAliasIssues(alias: string | undefined, kubernetesVersion: string): string[] {
  if (alias === undefined) {
    return [
      `Kubernetes ${kubernetesVersion} has no default AMI alias: set one released for ${kubernetesVersion}, such as "al2023@v<YYYYMMDD>" (the name of the AMI in aws ssm get-parameter --name /aws/service/eks/optimized-ami/${kubernetesVersion}/amazon-linux-2023/x86_64/standard/recommended/image_id)`,
    ];
  }
  if (alias === "al2023@latest") {
    return ['"al2023@latest" would roll every node whenever AWS publishes an AMI; pin a release'];
  }
  const match = AMI_ALIAS.exec(alias);
  if (match === null) return [`"${alias}" is not an AL2023 alias like "al2023@v20250715"`];
  const released = `${match[1]}-${match[2]}-${match[3]}`;
  const upstream = KUBERNETES_UPSTREAM_RELEASES[kubernetesVersion];
  if (upstream !== undefined && released < upstream) {
    return [
      `${alias} predates Kubernetes ${kubernetesVersion} (released upstream ${upstream}): no AMI of that release runs ${kubernetesVersion}; pick a newer release`,
    ];
  }
  return [];
}
