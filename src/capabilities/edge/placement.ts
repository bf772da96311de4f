import { accountHomeRegion, type StackTarget } from "../../config/topology";
import { nameTag, stackId } from "../../naming";
import type { EdgeConfig, EdgeOrganization, SiteConfig } from "./schema";

/**
 * Where the edge's global resources live and how records are named, shared by the checks and the
 * builder. Route 53 zones and accelerators are global; they live in the account's home-region stack,
 * which every other stack of the account follows, so a regional stack adds its own records and
 * endpoint groups to them and never the other way round (that would be a cycle).
 */

/** The account's home-region stack and its edge settings. */
export function homeOf(
  org: EdgeOrganization,
  target: StackTarget<EdgeOrganization>,
): { readonly stackId: string; readonly region: string; readonly path: string; readonly edge?: EdgeConfig } {
  const region = accountHomeRegion(org, target.account);
  return {
    stackId: stackId(target.accountName, region),
    region,
    path: `accounts.${target.accountName}.regions.${region}`,
    edge: target.account.regions[region]?.edge,
  };
}

/** A site's bucket, `bankapp-prod-us-east-1-web-site`. */
export function siteBucketName(org: EdgeOrganization, target: StackTarget<EdgeOrganization>, key: string): string {
  return nameTag(org.name, target.stackId, key, "site");
}

/** The site's replica bucket in its failover region, `bankapp-prod-us-east-1-web-replica`. */
export function replicaBucketName(org: EdgeOrganization, target: StackTarget<EdgeOrganization>, key: string): string {
  return nameTag(org.name, target.stackId, key, "replica");
}

/** The bucket of the replica's server access logs, in the replica's region. */
export function replicaLogBucketName(
  org: EdgeOrganization,
  target: StackTarget<EdgeOrganization>,
  key: string,
): string {
  return `${replicaBucketName(org, target, key)}-logs`;
}

/** The role S3 Replication assumes for a site (IAM names are 64 characters at most). */
export function replicationRoleName(org: EdgeOrganization, target: StackTarget<EdgeOrganization>, key: string): string {
  return `${siteBucketName(org, target, key)}-replication`;
}

/** `name` is the zone's apex or inside it. */
export function inZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

/** The zone a name belongs to: the one given, or the longest of the account's zones containing it. */
export function zoneOf(name: string, zones: readonly string[], given?: string): string | undefined {
  if (given !== undefined) return zones.includes(given) ? given : undefined;
  return zones.filter((zone) => inZone(name, zone)).sort((a, b) => b.length - a.length)[0];
}

/** A record's stable suffix from its name: `apex` for the zone itself, else the labels before the zone. */
export function relativeKey(name: string, zone: string): string {
  return name === zone ? "apex" : name.slice(0, -zone.length - 1).replace(/[.-]/g, "_");
}

/** A record a site writes: its names (A and AAAA to CloudFront), and its API origin's name (A to the ALB). */
export interface SiteRecord {
  readonly key: string;
  readonly name: string;
  readonly type: "A" | "AAAA";
  readonly target: "distribution" | "origin";
  /** The config field that asks for it. */
  readonly field: string;
}

export function siteRecords(siteKey: string, site: SiteConfig, zone: string): SiteRecord[] {
  const names = [site.domain, ...site.aliases].map((name, i) => ({
    name,
    field: i === 0 ? "domain" : `aliases.${i - 1}`,
  }));
  return [
    ...names.flatMap(({ name, field }) => {
      const key = `site_${siteKey}_${relativeKey(name, zone)}`;
      return [
        { key, name, type: "A" as const, target: "distribution" as const, field },
        { key: `${key}_aaaa`, name, type: "AAAA" as const, target: "distribution" as const, field },
      ];
    }),
    ...(site.api === undefined
      ? []
      : [
          {
            key: `site_${siteKey}_origin`,
            name: site.api.originDomain,
            type: "A" as const,
            target: "origin" as const,
            field: "api.originDomain",
          },
        ]),
  ];
}
