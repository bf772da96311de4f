import { AliasTarget, DnsZone, type HealthCheckSpec, type RecordSpec } from "../../../modules/dns-zone";
import { terraformName } from "../../naming";
import type { BuildContext } from "../capability";
import { API_DOMAINS, type HostedZoneRef, type LoadBalancerRef } from "../slots";
import { routingOf } from "./checks";
import { homeOf, siteRecords, zoneOf } from "./placement";
import { ACCELERATORS, type SiteRef } from "./refs";
import type { EdgeOrganization, RecordConfig } from "./schema";

/**
 * The records this stack writes into the account's zones (its own records, its sites' names and API
 * origins), with their health checks: one `DnsZone` per zone on the home stack's zone id. A record
 * set may span stacks (one region's geolocation member each), so the config checks hold the sets
 * whole. Returns what could not be resolved, with its path.
 */
export function buildRecords(
  context: BuildContext<EdgeOrganization>,
  zones: ReadonlyMap<string, HostedZoneRef>,
  sites: ReadonlyMap<string, SiteRef>,
  loadBalancer: (key: string, path: string) => LoadBalancerRef | undefined,
): string[] {
  const { scope, org, target } = context;
  const edge = target.settings.edge!;
  const unresolved: string[] = [];
  const byZone = new Map<string, { records: Record<string, RecordSpec>; checks: Record<string, HealthCheckSpec> }>();
  const zoneEntry = (zone: string) => {
    const entry = byZone.get(zone) ?? { records: {}, checks: {} };
    byZone.set(zone, entry);
    return entry;
  };
  const accelerators = context.get(ACCELERATORS, homeOf(org, target).stackId);

  for (const [key, record] of Object.entries(edge.records)) {
    const zone = zoneOf(record.name, [...zones.keys()], record.zone);
    const path = `${target.path}.edge.records.${key}.target`;
    const resolved = resolveTarget(record, path);
    if (zone === undefined || resolved === undefined) continue;
    const entry = zoneEntry(zone);
    entry.records[key] = {
      name: record.name,
      type: record.type,
      target: resolved.target,
      routing: routingOf(record, target.region),
      healthCheck: record.healthCheck === undefined ? undefined : key,
    };
    if (record.healthCheck !== undefined) {
      const { fqdn, ...check } = record.healthCheck;
      const host = fqdn ?? resolved.host;
      if (host === undefined) unresolved.push(`${path}: a health check of plain values needs healthCheck.fqdn`);
      else entry.checks[key] = { ...check, fqdn: host };
    }
  }
  for (const [siteKey, site] of Object.entries(edge.sites)) {
    const zone = zoneOf(site.domain, [...zones.keys()], site.zone);
    const built = sites.get(siteKey);
    if (zone === undefined || built === undefined) continue;
    const origin = site.api && loadBalancer(site.api.loadBalancer, `${target.path}.edge.sites.${siteKey}.api`);
    for (const record of siteRecords(siteKey, site, zone)) {
      zoneEntry(zone).records[record.key] = {
        name: record.name,
        type: record.type,
        target: {
          alias:
            record.target === "distribution"
              ? AliasTarget.cloudFront(built.distributionDomainName)
              : AliasTarget.loadBalancer(origin!),
        },
      };
    }
  }
  for (const [zone, { records, checks }] of byZone) {
    new DnsZone(scope, `dns_${terraformName([zone])}`, {
      zone: { existing: { zoneId: zones.get(zone)!.zoneId, name: zone } },
      records,
      healthChecks: checks,
      partialRecordSets: true,
    });
  }
  return unresolved;

  /** The alias (or values) a record names, and the host its health check reaches by default. */
  function resolveTarget(
    record: RecordConfig,
    path: string,
  ): { target: RecordSpec["target"]; host?: string } | undefined {
    const t = record.target;
    if ("values" in t) return { target: { values: t.values, ttl: t.ttl } };
    if ("site" in t) {
      const site = sites.get(t.site);
      return site && { target: { alias: AliasTarget.cloudFront(site.distributionDomainName) }, host: record.name };
    }
    if ("loadBalancer" in t) {
      const lb = loadBalancer(t.loadBalancer, `${path}.loadBalancer`);
      // Route 53 health checks do not validate the endpoint's certificate, so the ALB's own name serves.
      // @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html
      return lb && { target: { alias: AliasTarget.loadBalancer(lb) }, host: lb.dnsName };
    }
    if ("apiDomain" in t) {
      const apiDomains = context.get(API_DOMAINS)?.get(t.apiDomain);
      if (apiDomains === undefined) {
        unresolved.push(`${path}.apiDomain: "${t.apiDomain}" is not an API domain of ${target.path} (identity)`);
        return undefined;
      }
      // A record of a shared name (one global name in several regions) points at that name's domain.
      const api = apiDomains.sharedDomains?.find((d) => d.domainName === record.name) ?? apiDomains;
      return {
        target: {
          alias: AliasTarget.apiGatewayDomain({
            regionalDomainName: api.targetDomainName,
            regionalZoneId: api.targetZoneId,
          }),
        },
        // API Gateway answers a custom domain only under its own name (SNI and Host); a shared name's
        // member is checked on its API's regional name, which DNS resolves to this region alone.
        host: apiDomains.domainName,
      };
    }
    const accelerator = accelerators?.get(t.accelerator);
    if (accelerator === undefined) {
      unresolved.push(
        `${path}.accelerator: "${t.accelerator}" is not an accelerator of the account's home-region stack`,
      );
      return undefined;
    }
    return { target: { alias: AliasTarget.globalAccelerator(accelerator.dnsName) }, host: record.name };
  }
}
