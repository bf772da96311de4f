import { AcmCertificate } from "../../../modules/acm-certificate";
import { DnsZone } from "../../../modules/dns-zone";
import { AcceleratorEndpointGroup, GlobalAccelerator } from "../../../modules/global-accelerator";
import { StaticSite, type SiteLifecycleRule } from "../../../modules/static-site";
import { WafWebAcl } from "../../../modules/waf-web-acl";
import { CLOUDFRONT_REGION } from "../../../modules/waf-web-acl/defaults";
import { nameTag, terraformName } from "../../naming";
import type { BuildContext, CapabilityBuilder } from "../capability";
import { HOSTED_ZONES, LOAD_BALANCERS, type HostedZoneRef, type LoadBalancerRef } from "../slots";
import { buildRecords } from "./build-records";
import {
  homeOf,
  replicaBucketName,
  replicaLogBucketName,
  replicationRoleName,
  siteBucketName,
  zoneOf,
} from "./placement";
import { ACCELERATORS, SITES, type AcceleratorRef, type SiteRef } from "./refs";
import type { EdgeOrganization, SiteConfig } from "./schema";

type Context = BuildContext<EdgeOrganization>;

/**
 * The edge of an account-region: in the home-region stack the hosted zones and accelerators; in every
 * stack its sites (bucket, distribution, us-east-1 certificate and web ACL), its records in the
 * account's zones and its accelerator endpoint groups. What cannot be resolved before the stacks are
 * built (a load balancer or API domain another capability provides) is reported with its path.
 */
export const edgeBuilder: CapabilityBuilder<EdgeOrganization> = {
  build(context) {
    const edge = context.target.settings.edge;
    if (edge === undefined) return;
    const { scope, target } = context;
    const home = homeOf(context.org, target);
    const unresolved: string[] = [];
    const zones = context.get(HOSTED_ZONES, home.stackId) ?? new Map<string, HostedZoneRef>();
    const loadBalancer = (key: string, path: string): LoadBalancerRef | undefined => {
      const found = context.get(LOAD_BALANCERS)?.get(key);
      if (found === undefined) unresolved.push(`${path}: "${key}" is not a load balancer of ${target.path} (services)`);
      return found;
    };
    const sites = new Map<string, SiteRef>();
    for (const [key, site] of Object.entries(edge.sites)) {
      const zone = zones.get(zoneOf(site.domain, [...zones.keys()], site.zone) ?? "");
      const api = site.api && loadBalancer(site.api.loadBalancer, `${target.path}.edge.sites.${key}.api.loadBalancer`);
      if (zone === undefined || (site.api !== undefined && api === undefined)) continue;
      const built = buildSite(context, key, site, zone);
      sites.set(key, {
        bucketArn: built.bucketArn,
        distributionArn: built.distributionArn,
        distributionDomainName: built.distributionDomainName,
        kmsKeyArn: built.kmsKeyArn,
      });
    }
    context.provide(SITES, sites);
    unresolved.push(...buildRecords(context, zones, sites, loadBalancer));
    buildEndpointGroups(context, home.stackId, loadBalancer);
    scope.node.addValidation({ validate: () => unresolved });
  },
};

/**
 * Zones and accelerators: global, so in the account's home-region stack, built before the capabilities
 * that validate certificates in a zone or are named by a record (services, identity), and before the
 * edge's records and endpoint groups.
 */
export const edgeZonesBuilder: CapabilityBuilder<EdgeOrganization> = {
  build(context) {
    const edge = context.target.settings.edge;
    if (edge === undefined || homeOf(context.org, context.target).stackId !== context.target.stackId) return;
    buildGlobal(context, edge);
  },
};

function buildGlobal(context: Context, edge: NonNullable<Context["target"]["settings"]["edge"]>): void {
  const { scope, org, target } = context;
  const zones = new Map<string, HostedZoneRef>();
  for (const [domain, zone] of Object.entries(edge.zones)) {
    const built = new DnsZone(scope, `zone_${terraformName([domain])}`, {
      zone:
        zone.existingZoneId === undefined
          ? { create: { name: domain } }
          : { existing: { zoneId: zone.existingZoneId, name: domain } },
      deletionProtection: zone.deletionProtection,
    });
    zones.set(domain, { zoneId: built.zoneId, name: domain });
  }
  context.provide(HOSTED_ZONES, zones);

  const accelerators = new Map<string, AcceleratorRef>();
  for (const [key, accelerator] of Object.entries(edge.accelerators)) {
    // Any region's provider: provider 5.100.0 sends Global Accelerator calls to us-west-2 itself.
    const built = new GlobalAccelerator(scope, `accelerator_${key}`, {
      name: nameTag(org.name, target.accountName, key).slice(0, 64),
      ipAddressType: accelerator.ipAddressType,
      listeners: {
        tcp: { clientAffinity: accelerator.clientAffinity, ports: accelerator.ports.map((p) => ({ from: p, to: p })) },
      },
      deletionProtection: accelerator.deletionProtection,
    });
    accelerators.set(key, { listenerArn: built.listenerArns.tcp, dnsName: built.dnsName });
  }
  context.provide(ACCELERATORS, accelerators);
}

/**
 * A site: its certificate and CLOUDFRONT web ACL through the us-east-1 provider (CloudFront reads
 * both there only), its buckets and distribution in this stack's region, and its failover replica
 * through the replica region's provider of this stack. The replica stays in the site's stack: its
 * policy and key name the distribution and the site's replication names the replica and its key,
 * so splitting them between two stacks would make each depend on the other.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html#https-requirements-certificate-issuer
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/how-aws-waf-works-resources.html
 */
function buildSite(context: Context, key: string, site: SiteConfig, zone: HostedZoneRef): StaticSite {
  const { scope, org, target } = context;
  const usEast1 = target.region === CLOUDFRONT_REGION ? undefined : context.providerIn(CLOUDFRONT_REGION);
  const id = `site_${key}`;
  const certificate =
    site.certificateArn === undefined
      ? new AcmCertificate(scope, `${id}_cert`, {
          domainName: site.domain,
          subjectAlternativeNames: site.aliases,
          hostedZoneId: zone.zoneId,
          forCloudFront: true,
          provider: usEast1,
        })
      : { certificateArn: site.certificateArn, domainName: site.domain };
  const webAclArn =
    site.waf.webAclArn ??
    new WafWebAcl(scope, `${id}_waf`, {
      name: nameTag(org.name, target.stackId, key),
      accountId: target.accountId,
      region: CLOUDFRONT_REGION,
      scope: "CLOUDFRONT",
      provider: usEast1,
      rateLimitPer5Minutes: site.waf.rateLimitPer5Minutes,
      managedRuleGroups: site.waf.managedRuleGroups,
      logRetentionDays: site.waf.logRetentionDays,
      deletionProtection: site.deletionProtection,
    }).webAclArn;
  return new StaticSite(scope, id, {
    bucketName: siteBucketName(org, target, key),
    logBucketName: nameTag(org.name, target.stackId, key, "edge-logs"),
    accountId: target.accountId,
    aliases: [site.domain, ...site.aliases],
    certificate,
    encryption: site.encryption,
    lifecycleRules: lifecycleRules(site),
    // The API path is never cached (CachingDisabled): a residency-bound API's answers stay out of the edge.
    apiOrigin:
      site.api === undefined
        ? undefined
        : {
            domainName: site.api.originDomain,
            pathPattern: site.api.pathPattern,
            readTimeoutSeconds: site.api.readTimeoutSeconds,
          },
    replica: site.failover && {
      region: site.failover.region,
      siteRegion: target.region,
      bucketName: replicaBucketName(org, target, key),
      logBucketName: replicaLogBucketName(org, target, key),
      roleName: replicationRoleName(org, target, key),
      provider: context.providerIn(site.failover.region),
    },
    failover: site.failover?.statusCodes && { origins: ["site", "replica"], statusCodes: site.failover.statusCodes },
    webAclArn,
    priceClass: site.priceClass,
    logRetentionDays: site.logRetentionDays,
    deletionProtection: site.deletionProtection,
  });
}

/** 003's lifecycle: current objects to Intelligent-Tiering, old versions to Glacier, then deleted. */
function lifecycleRules(site: SiteConfig): SiteLifecycleRule[] {
  const lifecycle = site.lifecycle;
  if (lifecycle === undefined) return [];
  return [
    ...(lifecycle.intelligentTieringAfterDays === undefined
      ? []
      : [
          {
            id: "intelligent-tiering",
            transitions: [
              { days: lifecycle.intelligentTieringAfterDays, storageClass: "INTELLIGENT_TIERING" as const },
            ],
          },
        ]),
    ...(lifecycle.oldVersionsToGlacierAfterDays === undefined && lifecycle.oldVersionsExpireAfterDays === undefined
      ? []
      : [
          {
            id: "old-versions",
            noncurrentTransitions:
              lifecycle.oldVersionsToGlacierAfterDays === undefined
                ? []
                : [{ days: lifecycle.oldVersionsToGlacierAfterDays, storageClass: "GLACIER" as const }],
            noncurrentExpirationDays: lifecycle.oldVersionsExpireAfterDays,
          },
        ]),
  ];
}

/** This region's endpoint group of each accelerator it names, on the home stack's listener. */
function buildEndpointGroups(
  context: Context,
  homeStackId: string,
  loadBalancer: (key: string, path: string) => LoadBalancerRef | undefined,
): void {
  const { scope, target } = context;
  const accelerators = context.get(ACCELERATORS, homeStackId);
  for (const [key, endpoints] of Object.entries(target.settings.edge!.acceleratorEndpoints)) {
    const accelerator = accelerators?.get(key);
    const path = `${target.path}.edge.acceleratorEndpoints.${key}.loadBalancers`;
    const arns = endpoints.loadBalancers.map((lb, i) => loadBalancer(lb, `${path}.${i}`)?.arn);
    if (accelerator === undefined || arns.some((arn) => arn === undefined)) continue;
    new AcceleratorEndpointGroup(scope, `accelerator_${key}_${terraformName([target.region])}`, {
      listenerArn: accelerator.listenerArn,
      region: target.region,
      group: {
        endpoints: arns.map((id) => ({ id: id! })),
        trafficDialPercentage: endpoints.trafficDialPercentage,
      },
    });
  }
}
