import { cidrsOverlap, parseCidr } from "../../../modules/network-acl/cidr";
import { availabilityZoneIssues } from "../../../modules/vpc/availability-zones";
import { AZ_LETTERS, subnetIssues, TIERS } from "../../../modules/vpc/layout";
import type { ConfigIssue } from "../../config/issues";
import { stackTargets } from "../../config/topology";
import type { NetworkOrganization } from "./schema";

/** The reference layout's offsets (x.x.1.0/24 … x.x.80.0/21) need a whole /16. */
export const VPC_PREFIX = 16;

/** Every network's CIDR, subnets, zones and links; each issue at its field's path. */
export function checkNetworks(org: NetworkOrganization): ConfigIssue[] {
  return [...checkVpcCidrs(org), ...checkSubnets(org), ...checkAvailabilityZones(org), ...checkPeers(org)];
}

function checkVpcCidrs(org: NetworkOrganization): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen: { path: string; cidr: string }[] = [];
  for (const target of stackTargets(org)) {
    const network = target.settings.network;
    if (!network) continue;
    const path = `${target.path}.network.cidr`;
    const block = parseCidr(network.cidr);
    if (!block) continue; // the shape check already reported it
    if (block.prefix > VPC_PREFIX) {
      issues.push({
        path,
        message: `${network.cidr} is too small for the three-tier layout, which needs a /${VPC_PREFIX}`,
      });
    } else if (block.prefix < VPC_PREFIX) {
      issues.push({ path, message: `${network.cidr} is larger than the /${VPC_PREFIX} the layout uses` });
    }
    if (!block.aligned) {
      issues.push({ path, message: `${network.cidr} is not a network address (host bits are set)` });
    }
    for (const other of seen) {
      if (cidrsOverlap(block, parseCidr(other.cidr)!)) {
        issues.push({ path, message: `${network.cidr} overlaps ${other.cidr} at ${other.path}` });
      }
    }
    seen.push({ path, cidr: network.cidr });
  }
  return issues;
}

/** Each network's zones: of its region, one per used AZ, no repeats (the cluster adds EKS's own rules). */
function checkAvailabilityZones(org: NetworkOrganization): ConfigIssue[] {
  return stackTargets(org).flatMap((target) => {
    const network = target.settings.network;
    if (network === undefined) return [];
    const issues = availabilityZoneIssues({
      region: target.region,
      count: network.availabilityZones,
      ids: network.availabilityZoneIds,
      eks: false,
    });
    return issues.map((issue) => ({ path: `${target.path}.network.${issue.field}`, message: issue.message }));
  });
}

/** Explicit subnets: one per used AZ letter in each tier, inside the VPC, none overlapping. */
function checkSubnets(org: NetworkOrganization): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const target of stackTargets(org)) {
    const network = target.settings.network;
    if (network?.subnets === undefined || parseCidr(network.cidr)?.prefix !== VPC_PREFIX) continue;
    const base = `${target.path}.network.subnets`;
    const letters: readonly string[] = AZ_LETTERS.slice(0, network.availabilityZones);
    let complete = true;
    for (const tier of TIERS) {
      const given = Object.keys(network.subnets[tier]);
      const missing = letters.filter((letter) => !given.includes(letter));
      const extra = given.filter((letter) => !letters.includes(letter));
      if (missing.length > 0) {
        complete = false;
        issues.push({ path: `${base}.${tier}`, message: `give a CIDR for AZ ${missing.join(", ")}` });
      }
      for (const letter of extra) {
        complete = false;
        issues.push({
          path: `${base}.${tier}.${letter}`,
          message: `AZ ${letter} is not used (availabilityZones is ${network.availabilityZones})`,
        });
      }
    }
    if (!complete) continue;
    const perTier = Object.fromEntries(
      TIERS.map((tier) => [tier, letters.map((letter) => network.subnets![tier][letter as "a"])]),
    ) as Record<(typeof TIERS)[number], string[]>;
    const configPath = (_: string, tier: string, index: string): string => `${base}.${tier}.${letters[Number(index)]}`;
    for (const issue of subnetIssues(network.cidr, letters.length, perTier)) {
      const [path, ...message] = issue.replace(/subnetCidrs\.(\w+)\[(\d)\]/g, configPath).split(": ");
      issues.push({ path, message: message.join(": ") });
    }
  }
  return issues;
}

function checkPeers(org: NetworkOrganization): ConfigIssue[] {
  const targets = new Map(stackTargets(org).map((t) => [t.stackId, t]));
  const issues: ConfigIssue[] = [];
  for (const target of targets.values()) {
    for (const peerId of Object.keys(target.settings.network?.peers ?? {})) {
      const path = `${target.path}.network.peers.${peerId}`;
      const peer = targets.get(peerId);
      if (peerId === target.stackId) {
        issues.push({ path, message: "a stack cannot link to itself" });
      } else if (!peer) {
        issues.push({ path, message: `unknown stack "${peerId}" (expected <account>-<region>)` });
      } else if (peer.region === target.region) {
        issues.push({ path, message: `links are inter-region; ${peerId} is in ${peer.region} too` });
      } else if (!peer.settings.network) {
        issues.push({ path, message: `needs the network capability at ${peer.path}.network, which is off` });
      }
    }
  }
  return issues;
}
