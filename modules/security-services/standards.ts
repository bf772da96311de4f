/**
 * Security Hub standards and their ARNs; no constructs, so the config can read the versions.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cis-aws-foundations-benchmark.html
 */

/**
 * CIS AWS Foundations Benchmark versions Security Hub supports, newest first. Provider 5.100.0
 * takes any of them: `standards_arn` is only checked for ARN syntax and passed to
 * BatchEnableStandards as it is (internal/service/securityhub/standards_subscription.go).
 */
export const CIS_VERSIONS = ["5.0.0", "3.0.0", "1.4.0", "1.2.0"] as const;
export type CisVersion = (typeof CIS_VERSIONS)[number];

/** The newest version Security Hub and the pinned provider accept. */
export const DEFAULT_CIS_VERSION: CisVersion = CIS_VERSIONS[0];

/**
 * The ARN of a CIS standard. v1.2.0 is the original global ruleset
 * (`arn:aws:securityhub:::ruleset/...`, no region); later versions are regional standards.
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/securityhub_standards_subscription
 */
export function cisStandardArn(region: string, version: CisVersion): string {
  return version === "1.2.0"
    ? "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
    : `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/${version}`;
}

/** AWS Foundational Security Best Practices v1.0.0 in a region. */
export function fsbpStandardArn(region: string): string {
  return `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
}

/** The standards subscribed in a region, keyed by address suffix (`fsbp`, `cis_5_0`). */
export function securityHubStandards(region: string, cisVersion: CisVersion): Record<string, string> {
  const [major, minor] = cisVersion.split(".");
  return { fsbp: fsbpStandardArn(region), [`cis_${major}_${minor}`]: cisStandardArn(region, cisVersion) };
}
