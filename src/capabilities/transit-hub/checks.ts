import { isPrivateAsn, TRANSIT_HUB_DEFAULTS } from "../../../modules/transit-hub/defaults";
import type { ConfigIssue } from "../../config/issues";
import { stackTargets, type StackEdge } from "../../config/topology";
import { ORGANIZATION_STACK_ID } from "../../naming";
import { attachedTargets, hubStackId, peerings, segmentOf, transitPeersOf } from "./placement";
import type { TransitHubOrganization } from "./schema";

/** The hub's account, regions and peerings, and every attachment's place and segment, at their paths. */
export function checkTransitHub(org: TransitHubOrganization): ConfigIssue[] {
  const hub = org.transitHub;
  const issues: ConfigIssue[] = [];
  for (const target of stackTargets(org)) {
    if (target.settings.transitAttachment === undefined) continue;
    const path = `${target.path}.transitAttachment`;
    if (hub === undefined) {
      issues.push({ path, message: "there is no transitHub to attach to" });
    } else if (!(target.region in hub.regions)) {
      issues.push({
        path,
        message: `transitHub has no hub in ${target.region}; a VPC attaches only to the hub of its own region`,
      });
    }
    if (target.settings.network === undefined) {
      issues.push({ path, message: `needs the network capability at ${target.path}.network, which is off` });
    }
    const segment = segmentOf(target);
    const shared = target.account.kind !== "workload" || target.accountName === hub?.account;
    if (segment === "shared" && !shared) {
      issues.push({
        path: `${path}.segment`,
        message: `"shared" is reached by prod and nonprod alike; only a management, security or hub account's VPC may join it, so that no workload bridges environments`,
      });
    } else if (segment !== "shared" && segment !== (target.account.environment === "prod" ? "prod" : "nonprod")) {
      issues.push({
        path: `${path}.segment`,
        message: `accounts.${target.accountName} is ${target.account.environment}: its VPC joins "${target.account.environment === "prod" ? "prod" : "nonprod"}", never "${segment}" (prod never routes to dev)`,
      });
    }
  }
  if (hub === undefined) return issues;
  issues.push(...ruleBudgetIssues(org));
  const account = org.accounts[hub.account];
  if (account === undefined) {
    issues.push({
      path: "transitHub.account",
      message: `account "${hub.account}" is not in accounts (${Object.keys(org.accounts).join(", ")})`,
    });
  }
  for (const [region, settings] of Object.entries(hub.regions)) {
    const path = `transitHub.regions.${region}`;
    if (!(region in org.regions)) issues.push({ path, message: `region "${region}" is not governed` });
    else if (account !== undefined && (account.id === undefined || !(region in account.regions))) {
      issues.push({
        path,
        message: `the hub needs a stack at accounts.${hub.account}.regions.${region} (an account with an id and that region)`,
      });
    }
    if (settings.amazonSideAsn !== undefined && !isPrivateAsn(settings.amazonSideAsn)) {
      issues.push({
        path: `${path}.amazonSideAsn`,
        message: `${settings.amazonSideAsn} is not a private ASN (64512-65534, 4200000000-4294967294)`,
      });
    }
  }
  const paired = new Set<string>();
  hub.peerings.forEach(([a, b], i) => {
    const path = `transitHub.peerings[${i}]`;
    [a, b].forEach((region, j) => {
      if (!(region in hub.regions))
        issues.push({ path: `${path}[${j}]`, message: `"${region}" is not a hub region (transitHub.regions)` });
    });
    if (a === b) issues.push({ path, message: "a peering joins two different regions" });
    const zones = [org.regions[a]?.residency, org.regions[b]?.residency];
    if (zones[0] !== undefined && zones[1] !== undefined && zones[0] !== zones[1]) {
      issues.push({
        path,
        message: `${a} is in residency zone "${zones[0]}", ${b} in "${zones[1]}": hubs peer only inside a residency zone`,
      });
    }
    const key = [a, b].sort().join(" ");
    if (paired.has(key)) issues.push({ path, message: `${a} and ${b} are peered twice` });
    paired.add(key);
    const asn = (region: string) => hub.regions[region]?.amazonSideAsn ?? TRANSIT_HUB_DEFAULTS.amazonSideAsn;
    if (a !== b && asn(a) === asn(b)) {
      issues.push({
        path,
        message: `both hubs use ASN ${asn(a)}; give peered hubs distinct transitHub.regions.<region>.amazonSideAsn`,
      });
    }
  });
  return issues;
}

/**
 * The application ACL's transit rules: 19 numbers (1-19) deny the hubs' other segments, 20 (20-39)
 * hold each reached VPC's ports; a network ACL holds 20 rules each way by default in all.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html ("Network ACLs")
 */
function ruleBudgetIssues(org: TransitHubOrganization): ConfigIssue[] {
  return attachedTargets(org).flatMap((target) => {
    const peers = transitPeersOf(org, target);
    const denied = Object.keys(peers.deniedCidrs).length;
    const reached = Object.keys(peers.cidrs).length * peers.ports.length;
    const path = `${target.path}.transitAttachment`;
    return [
      ...(denied > 19
        ? [{ path, message: `${denied} VPCs of other segments share the hubs; the application ACL denies at most 19` }]
        : []),
      ...(reached > 20
        ? [
            {
              path,
              message: `reaches ${Object.keys(peers.cidrs).length} VPCs on ${peers.ports.length} ports (transitHub.ports): ${reached} rules, beyond the application ACL's 20 (rules 20-39)`,
            },
          ]
        : []),
    ];
  });
}

/**
 * Attachments follow their region's hub, a peering's owner the peer hub, and every hub the
 * organization stack, which enables RAM sharing with the organization.
 */
export function transitHubDependencies(org: TransitHubOrganization): StackEdge[] {
  const hub = org.transitHub;
  if (hub === undefined) return [];
  const attachments = attachedTargets(org)
    .filter((t) => t.stackId !== hubStackId(org, t.region))
    .map((t) => ({
      from: t.stackId,
      to: hubStackId(org, t.region),
      path: `${t.path}.transitAttachment`,
      reason: "transit hub",
    }));
  const peered = peerings(org).map(({ owner, peer, path }) => ({
    from: hubStackId(org, owner),
    to: hubStackId(org, peer),
    path,
    reason: "hub peering",
  }));
  const sharing = Object.keys(hub.regions).map((region) => ({
    from: hubStackId(org, region),
    to: ORGANIZATION_STACK_ID,
    path: `transitHub.regions.${region}`,
    reason: "RAM sharing",
  }));
  // Only between stacks that exist; the checks above report a hub region without its stack.
  const stacks = new Set([ORGANIZATION_STACK_ID, ...stackTargets(org).map((t) => t.stackId)]);
  return [...attachments, ...peered, ...sharing].filter((edge) => stacks.has(edge.from) && stacks.has(edge.to));
}
