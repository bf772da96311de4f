/**
 * Availability zones by AZ ID, the one identifier that names the same physical zone in every
 * account (an AZ *name* such as `us-east-1a` maps to a different zone per account, and not every
 * region has the letters a, b, c). Pure: the config checks read it without loading constructs.
 *
 * Sources:
 * - AZ IDs per region, their format, and the zones new accounts cannot use ("constrained"):
 *   https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html
 *   and https://docs.aws.amazon.com/global-infrastructure/latest/regions/az-ids.html
 * - Zones where EKS refuses cluster subnets (use1-az3, usw1-az2, cac1-az3):
 *   https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html
 */

/** Every AZ ID of a region that any account may see, in ID order; regions absent here need explicit IDs. */
export const KNOWN_AZ_IDS: Readonly<Record<string, readonly string[]>> = {
  "us-east-1": ["use1-az1", "use1-az2", "use1-az3", "use1-az4", "use1-az5", "use1-az6"],
  "us-east-2": ["use2-az1", "use2-az2", "use2-az3"],
  "us-west-1": ["usw1-az1", "usw1-az2", "usw1-az3"],
  "us-west-2": ["usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"],
  "ca-central-1": ["cac1-az1", "cac1-az2", "cac1-az3", "cac1-az4"],
  "ca-west-1": ["caw1-az1", "caw1-az2", "caw1-az3"],
  "eu-west-1": ["euw1-az1", "euw1-az2", "euw1-az3"],
  "eu-west-2": ["euw2-az1", "euw2-az2", "euw2-az3"],
  "eu-west-3": ["euw3-az1", "euw3-az2", "euw3-az3"],
  "eu-central-1": ["euc1-az1", "euc1-az2", "euc1-az3"],
  "eu-central-2": ["euc2-az1", "euc2-az2", "euc2-az3"],
  "eu-north-1": ["eun1-az1", "eun1-az2", "eun1-az3"],
  "eu-south-1": ["eus1-az1", "eus1-az2", "eus1-az3"],
  "eu-south-2": ["eus2-az1", "eus2-az2", "eus2-az3"],
  "ap-south-1": ["aps1-az1", "aps1-az2", "aps1-az3"],
  "ap-south-2": ["aps2-az1", "aps2-az2", "aps2-az3"],
  "ap-southeast-1": ["apse1-az1", "apse1-az2", "apse1-az3"],
  "ap-southeast-2": ["apse2-az1", "apse2-az2", "apse2-az3"],
  "ap-southeast-3": ["apse3-az1", "apse3-az2", "apse3-az3"],
  "ap-southeast-4": ["apse4-az1", "apse4-az2", "apse4-az3"],
  "ap-northeast-3": ["apne3-az1", "apne3-az2", "apne3-az3"],
  "ap-east-1": ["ape1-az1", "ape1-az2", "ape1-az3"],
  "me-central-1": ["mec1-az1", "mec1-az2", "mec1-az3"],
  "il-central-1": ["ilc1-az1", "ilc1-az2", "ilc1-az3"],
};

/** Zones some accounts cannot use: never a default, allowed when the config names them. */
const CONSTRAINED_AZ_IDS: ReadonlySet<string> = new Set(["use1-az3", "usw1-az2", "cac1-az3"]);

/** Zones where EKS refuses cluster subnets (UnsupportedAvailabilityZoneException at create). */
export const EKS_UNSUPPORTED_AZ_IDS: ReadonlySet<string> = new Set(["use1-az3", "usw1-az2", "cac1-az3"]);

/**
 * Zones a VPC uses when the config names none: the first usable IDs, skipping constrained zones
 * and zones where EKS cannot run (`use1-az5` too, which lacks many current instance families).
 * us-west-1 offers new accounts two zones only.
 */
export function defaultAvailabilityZoneIds(region: string): readonly string[] | undefined {
  const known = KNOWN_AZ_IDS[region];
  if (known === undefined) return undefined;
  return known.filter((id) => !CONSTRAINED_AZ_IDS.has(id) && !EKS_UNSUPPORTED_AZ_IDS.has(id) && id !== "use1-az5");
}

const DIRECTIONS: Readonly<Record<string, string>> = {
  north: "n",
  south: "s",
  east: "e",
  west: "w",
  central: "c",
  northeast: "ne",
  northwest: "nw",
  southeast: "se",
  southwest: "sw",
};

/** The AZ ID prefix of a region: `us-east-1` → `use1`, `ap-southeast-2` → `apse2`, `ca-central-1` → `cac1`. */
export function azIdPrefix(region: string): string | undefined {
  const match = /^([a-z]{2})-([a-z]+)-(\d+)$/.exec(region);
  const direction = match && DIRECTIONS[match[2]];
  return match && direction ? `${match[1]}${direction}${match[3]}` : undefined;
}

/** Why an AZ ID cannot be used in a region, or undefined when it can. */
export function azIdIssue(region: string, id: string): string | undefined {
  const prefix = azIdPrefix(region);
  if (prefix !== undefined && !new RegExp(`^${prefix}-az\\d+$`).test(id)) {
    return `"${id}" is not an AZ ID of ${region} (they look like ${prefix}-az1)`;
  }
  const known = KNOWN_AZ_IDS[region];
  if (known !== undefined && !known.includes(id)) {
    return `"${id}" is not an AZ ID of ${region} (${known.join(", ")})`;
  }
  return undefined;
}

/** A problem of a VPC's zones, on the field at fault (`availabilityZoneIds[1]`, `availabilityZones`). */
export interface ZoneIssue {
  readonly field: string;
  readonly message: string;
}

/**
 * Problems of the zones a VPC of `count` zones would use: `ids` as given (or the region's
 * defaults), each a zone of the region, no repeats, and none where EKS refuses cluster subnets
 * when `eks` is set.
 */
export function availabilityZoneIssues(zones: {
  readonly region: string;
  readonly count: number;
  readonly ids: readonly string[] | undefined;
  readonly eks: boolean;
}): ZoneIssue[] {
  const ids = zones.ids ?? defaultAvailabilityZoneIds(zones.region);
  if (ids === undefined) {
    return [
      {
        field: "availabilityZoneIds",
        message: `no default zones for ${zones.region}; give its AZ IDs (aws ec2 describe-availability-zones)`,
      },
    ];
  }
  const issues: ZoneIssue[] = [];
  if (ids.length < zones.count) {
    issues.push(
      zones.ids === undefined
        ? {
            field: "availabilityZones",
            message: `${zones.region} has ${ids.length} default zones (${ids.join(", ")}); use ${ids.length}, or give availabilityZoneIds`,
          }
        : {
            field: "availabilityZoneIds",
            message: `${ids.length} given for ${zones.count} availability zones; give one per AZ`,
          },
    );
  }
  if (zones.ids !== undefined && ids.length > zones.count) {
    issues.push({
      field: "availabilityZoneIds",
      message: `${ids.length} given for ${zones.count} availability zones; give one per AZ (or raise availabilityZones)`,
    });
  }
  ids.forEach((id, i) => {
    const field = `availabilityZoneIds[${i}]`;
    const wrong = azIdIssue(zones.region, id);
    if (wrong !== undefined) issues.push({ field, message: wrong });
    else if (ids.indexOf(id) !== i) issues.push({ field, message: `${id} is already at position ${ids.indexOf(id)}` });
    else if (zones.eks && EKS_UNSUPPORTED_AZ_IDS.has(id)) {
      issues.push({ field, message: `EKS does not support cluster subnets in ${id}; choose another zone` });
    }
  });
  return issues;
}
