import { blockAt, cidrContains, cidrsOverlap, parseCidr } from "../network-acl/cidr";

/** The three tiers of the reference design. */
export const TIERS = ["public", "application", "database"] as const;
export type Tier = (typeof TIERS)[number];

/** One value per tier. */
export type PerTier<T> = { readonly [tier in Tier]: T };

/** AZ letters in order; a VPC uses the first 2 or 3. */
export const AZ_LETTERS = ["a", "b", "c"] as const;
export type AzLetter = (typeof AZ_LETTERS)[number];

/**
 * Subnet CIDRs of DESIGN.md "Reference VPC layout" inside a /16, in AZ order: public x.x.1-3.0/24,
 * application x.x.16/32/48.0/20, database x.x.64/72/80.0/21.
 */
export function referenceSubnetCidrs(vpcCidr: string, azCount: number): PerTier<string[]> {
  const azs = [...Array(azCount).keys()];
  return {
    public: azs.map((i) => blockAt(vpcCidr, (1 + i) * 256, 24)),
    application: azs.map((i) => blockAt(vpcCidr, (16 + 16 * i) * 256, 20)),
    database: azs.map((i) => blockAt(vpcCidr, (64 + 8 * i) * 256, 21)),
  };
}

/** Problems of a VPC CIDR, as `cidr: message`; empty when usable with the given explicit tiers. */
export function vpcCidrIssues(vpcCidr: string, explicitTiers: readonly Tier[]): string[] {
  const vpc = parseCidr(vpcCidr);
  if (vpc === undefined) return [`cidr: "${vpcCidr}" is not an IPv4 CIDR such as 10.0.0.0/16`];
  const issues: string[] = [];
  if (!vpc.aligned) issues.push(`cidr: ${vpcCidr} is not a network address`);
  if (vpc.prefix < 16 || vpc.prefix > 28)
    issues.push(`cidr: /${vpc.prefix} is outside the /16-/28 AWS allows for a VPC`);
  const missing = TIERS.filter((tier) => !explicitTiers.includes(tier));
  if (vpc.prefix !== 16 && missing.length > 0) {
    issues.push(
      `cidr: the reference subnet layout needs a /16; give ${missing.map((t) => `subnetCidrs.${t}`).join(", ")} for a /${vpc.prefix}`,
    );
  }
  return issues;
}

/** Problems of the final subnet layout (given or computed), with `subnetCidrs.<tier>[i]` paths. */
export function subnetIssues(vpcCidr: string, azCount: number, subnets: PerTier<readonly string[]>): string[] {
  const vpc = parseCidr(vpcCidr)!;
  const issues: string[] = [];
  const seen: { path: string; block: NonNullable<ReturnType<typeof parseCidr>> }[] = [];
  for (const tier of TIERS) {
    const list = subnets[tier];
    if (list.length !== azCount) {
      issues.push(`subnetCidrs.${tier}: ${list.length} CIDRs given for ${azCount} availability zones; give one per AZ`);
    }
    list.forEach((cidr, i) => {
      const path = `subnetCidrs.${tier}[${i}]`;
      const block = parseCidr(cidr);
      if (block === undefined || !block.aligned) {
        issues.push(`${path}: "${cidr}" is not an IPv4 network CIDR such as 10.0.1.0/24`);
        return;
      }
      if (!cidrContains(vpc, block)) issues.push(`${path}: ${cidr} is outside the VPC's ${vpcCidr}`);
      const clash = seen.find((other) => cidrsOverlap(other.block, block));
      if (clash !== undefined) issues.push(`${path}: ${cidr} overlaps ${clash.path}`);
      seen.push({ path, block });
    });
  }
  return issues;
}
