import { CLOUDFRONT_CERTIFICATE_REGION } from "../../../modules/acm-certificate/defaults";
import { recordIssues, type RecordRouting, type RecordShape } from "../../../modules/dns-zone/routing";
import { CLOUDFRONT_REGION } from "../../../modules/waf-web-acl/defaults";
import type { ConfigIssue } from "../../config/issues";
import { stackTargets, type StackTarget } from "../../config/topology";
import { BUCKET_NAME } from "../../../modules/app-bucket/defaults";
import {
  homeOf,
  inZone,
  replicaBucketName,
  replicaLogBucketName,
  replicationRoleName,
  siteRecords,
  zoneOf,
} from "./placement";
import type { EdgeOrganization, RecordConfig, SiteConfig } from "./schema";

type Target = StackTarget<EdgeOrganization>;

/**
 * Placement, references and residency of every account-region's edge: zones and accelerators in
 * the account's home-region stack, records in zones of the account, CloudFront's certificate and
 * web ACL in us-east-1, and every record set checked whole across the stacks that write it.
 */
export function checkEdge(org: EdgeOrganization): ConfigIssue[] {
  const targets = stackTargets(org).filter((t) => t.settings.edge !== undefined);
  return [...targets.flatMap((t) => checkStack(org, t)), ...recordSetIssues(org, targets)];
}

function checkStack(org: EdgeOrganization, target: Target): ConfigIssue[] {
  const edge = target.settings.edge!;
  const path = `${target.path}.edge`;
  const home = homeOf(org, target);
  const isHome = home.stackId === target.stackId;
  const zones = Object.keys(home.edge?.zones ?? {});
  const issues: ConfigIssue[] = [];
  const protectable = (at: string, protect: boolean) => {
    if (!protect && target.account.environment !== "dev") {
      issues.push({
        path: `${at}.deletionProtection`,
        message: `only a dev account may turn deletion protection off; accounts.${target.accountName} is ${target.account.environment}`,
      });
    }
  };
  const global = (what: string, at: string) =>
    issues.push({
      path: at,
      message: `${what} are global: declare them in the account's home-region stack (${home.path}.edge), which the account's other stacks follow`,
    });

  for (const [domain, zone] of Object.entries(edge.zones)) {
    if (!isHome) global("Route 53 hosted zones", `${path}.zones.${domain}`);
    protectable(`${path}.zones.${domain}`, zone.deletionProtection);
  }
  for (const [key, accelerator] of Object.entries(edge.accelerators)) {
    if (!isHome) global("Global Accelerators", `${path}.accelerators.${key}`);
    protectable(`${path}.accelerators.${key}`, accelerator.deletionProtection);
  }
  for (const key of Object.keys(edge.acceleratorEndpoints)) {
    if (home.edge?.accelerators[key] === undefined) {
      issues.push({
        path: `${path}.acceleratorEndpoints.${key}`,
        message: `"${key}" is not an accelerator of ${home.path}.edge.accelerators`,
      });
    }
  }
  for (const [key, record] of Object.entries(edge.records)) {
    issues.push(...recordReferenceIssues(record, `${path}.records.${key}`, target, zones));
  }
  for (const [key, site] of Object.entries(edge.sites)) {
    issues.push(...siteIssues(org, site, `${path}.sites.${key}`, target, isHome, zones));
    issues.push(...failoverIssues(org, key, site, `${path}.sites.${key}.failover`, target));
    protectable(`${path}.sites.${key}`, site.deletionProtection);
  }
  return issues;
}

function recordReferenceIssues(record: RecordConfig, path: string, target: Target, zones: string[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const zone = zoneOf(record.name, zones, record.zone);
  if (zone === undefined) {
    issues.push({
      path: record.zone === undefined ? `${path}.name` : `${path}.zone`,
      message: `no hosted zone of accounts.${target.accountName} (${zones.join(", ") || "none"}) holds ${record.zone ?? record.name}; declare it under the home-region stack's edge.zones`,
    });
  } else if (!inZone(record.name, zone)) {
    issues.push({ path: `${path}.name`, message: `${record.name} is not inside the zone ${zone}` });
  }
  const t = record.target;
  if ("site" in t && target.settings.edge?.sites[t.site] === undefined) {
    issues.push({ path: `${path}.target.site`, message: `"${t.site}" is not a site of ${target.path}.edge.sites` });
  }
  if (!("values" in t) && record.type !== "A" && record.type !== "AAAA") {
    issues.push({ path: `${path}.type`, message: `an alias record is A or AAAA, not ${record.type}` });
  }
  if ("site" in t && record.healthCheck !== undefined && record.routing.kind !== "failover") {
    issues.push({
      path: `${path}.healthCheck`,
      message:
        "a CloudFront alias needs no health check: Route 53 cannot judge a distribution, CloudFront serves from every edge",
    });
  }
  return issues;
}

/** The ARN's region, for a literal ARN of the given service. */
function arnRegion(arn: string, service: string): string | undefined {
  const parts = arn.split(":");
  return parts[0] === "arn" && parts[2] === service ? parts[3] : undefined;
}

function siteIssues(
  org: EdgeOrganization,
  site: SiteConfig,
  path: string,
  target: Target,
  isHome: boolean,
  zones: string[],
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (site.api === undefined && !isHome) {
    issues.push({
      path,
      message: `a site without an API origin lives in the account's home-region stack (${homeOf(org, target).path}.edge.sites); only a site in front of a regional load balancer sits in that load balancer's stack`,
    });
  }
  const zone = zoneOf(site.domain, zones, site.zone);
  if (zone === undefined) {
    issues.push({
      path: site.zone === undefined ? `${path}.domain` : `${path}.zone`,
      message: `no hosted zone of accounts.${target.accountName} (${zones.join(", ") || "none"}) holds ${site.zone ?? site.domain}; the certificate is validated and the records written there`,
    });
  } else {
    for (const record of siteRecords("", site, zone).filter((r) => r.type === "A")) {
      if (!inZone(record.name, zone))
        issues.push({ path: `${path}.${record.field}`, message: `${record.name} is not inside the zone ${zone}` });
    }
  }
  const names = [site.domain, ...site.aliases];
  names.forEach((name, i) => {
    if (names.indexOf(name) < i)
      issues.push({ path: `${path}.aliases.${i - 1}`, message: `${name} is already served` });
  });
  if (site.api !== undefined && names.includes(site.api.originDomain)) {
    issues.push({
      path: `${path}.api.originDomain`,
      message: "the origin's name is the load balancer's own, not a name the distribution serves",
    });
  }
  // CloudFront reads its certificate from ACM in us-east-1 only.
  // @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html#https-requirements-certificate-issuer
  if (site.certificateArn !== undefined) {
    const region = arnRegion(site.certificateArn, "acm");
    if (region !== CLOUDFRONT_CERTIFICATE_REGION) {
      issues.push({
        path: `${path}.certificateArn`,
        message: `CloudFront takes ACM certificates from ${CLOUDFRONT_CERTIFICATE_REGION} only; ${site.certificateArn} is ${region === undefined ? "not an ACM certificate ARN" : `in ${region}`}`,
      });
    }
  }
  issues.push(...wafIssues(org, site, path, target));
  return issues;
}

/**
 * The replica of a site: another region of this account (its stack exists, the account is governed
 * there) in the site's residency zone, since S3 Replication copies every object into it; its bucket
 * and replication role names within S3's and IAM's limits.
 */
function failoverIssues(
  org: EdgeOrganization,
  key: string,
  site: SiteConfig,
  path: string,
  target: Target,
): ConfigIssue[] {
  if (site.failover === undefined) return [];
  const region = site.failover.region;
  const at = `${path}.region`;
  if (!(region in org.regions)) {
    return [{ path: at, message: `"${region}" is not a governed region (regions.${region})` }];
  }
  if (region === target.region) return [{ path: at, message: `the replica goes to another region than the site's` }];
  const issues: ConfigIssue[] = [];
  if (target.account.regions[region] === undefined) {
    issues.push({
      path: at,
      message: `accounts.${target.accountName}.regions.${region} is not declared: the replica lives in a region of the site's account`,
    });
  }
  const zone = org.regions[target.region]?.residency;
  const replicaZone = org.regions[region].residency;
  if (replicaZone !== zone) {
    issues.push({
      path: at,
      message: `${region} is in residency zone "${replicaZone}", ${target.region} in "${zone}": the site's replica stays in its zone`,
    });
  }
  for (const bucket of [replicaBucketName(org, target, key), replicaLogBucketName(org, target, key)]) {
    if (!BUCKET_NAME.test(bucket)) {
      issues.push({ path, message: `makes the replica bucket name "${bucket}", too long or not a valid bucket name` });
    }
  }
  const role = replicationRoleName(org, target, key);
  if (role.length > 64) {
    issues.push({ path, message: `makes the replication role name "${role}", longer than IAM's 64 characters` });
  }
  return issues;
}

/**
 * A CLOUDFRONT web ACL, and the log group WAF writes its request logs to, are created in us-east-1
 * only: the logs of a site in another residency zone would leave it.
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/how-aws-waf-works-resources.html
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html
 */
function wafIssues(org: EdgeOrganization, site: SiteConfig, path: string, target: Target): ConfigIssue[] {
  const waf = site.waf;
  if (waf.webAclArn !== undefined) {
    const issues: ConfigIssue[] = [];
    if (!/^arn:aws:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[\w-]+$/.test(waf.webAclArn)) {
      issues.push({
        path: `${path}.waf.webAclArn`,
        message: `a distribution takes a web ACL of scope CLOUDFRONT, created in ${CLOUDFRONT_REGION} (arn:aws:wafv2:${CLOUDFRONT_REGION}:<account>:global/webacl/<name>/<id>); ${waf.webAclArn} is not one`,
      });
    }
    const tuned = (["rateLimitPer5Minutes", "managedRuleGroups", "logRetentionDays"] as const).filter(
      (field) => waf[field] !== undefined,
    );
    issues.push(
      ...tuned.map((field) => ({
        path: `${path}.waf.${field}`,
        message: "configures a new web ACL, but waf.webAclArn names an existing one",
      })),
    );
    return issues;
  }
  const siteZone = org.regions[target.region]?.residency;
  const logZone = org.regions[CLOUDFRONT_REGION]?.residency;
  if (logZone === siteZone) return [];
  return [
    {
      path: `${path}.waf`,
      message: `the CLOUDFRONT web ACL and its request logs are created in ${CLOUDFRONT_REGION} (${logZone === undefined ? "not a governed region" : `residency zone "${logZone}"`}), outside ${target.region}'s zone "${siteZone}"; name an existing web ACL in waf.webAclArn whose logging you govern`,
    },
  ];
}

/** One record of a zone, wherever it is declared. */
interface ZoneRecord {
  readonly key: string;
  readonly path: string;
  readonly shape: RecordShape;
}

/**
 * The zone's records of every stack of the account, taken together: record keys (the set
 * identifiers) unique per zone, and each record set (one name and type) whole: one routing policy,
 * one PRIMARY and one SECONDARY, a default geolocation record, a region once per latency set.
 */
function recordSetIssues(org: EdgeOrganization, targets: Target[]): ConfigIssue[] {
  const byZone = new Map<string, ZoneRecord[]>();
  const add = (zoneKey: string, record: ZoneRecord) => byZone.set(zoneKey, [...(byZone.get(zoneKey) ?? []), record]);
  for (const target of targets) {
    const edge = target.settings.edge!;
    const zones = Object.keys(homeOf(org, target).edge?.zones ?? {});
    for (const [key, record] of Object.entries(edge.records)) {
      const zone = zoneOf(record.name, zones, record.zone);
      if (zone === undefined) continue;
      add(`${target.accountName} ${zone}`, {
        key,
        path: `${target.path}.edge.records.${key}`,
        shape: {
          name: record.name,
          type: record.type,
          routing: routingOf(record, target.region),
          healthCheck: record.healthCheck === undefined ? undefined : key,
        },
      });
    }
    for (const [siteKey, site] of Object.entries(edge.sites)) {
      const zone = zoneOf(site.domain, zones, site.zone);
      if (zone === undefined) continue;
      for (const record of siteRecords(siteKey, site, zone)) {
        add(`${target.accountName} ${zone}`, {
          key: record.key,
          path: `${target.path}.edge.sites.${siteKey}.${record.field}`,
          shape: { name: record.name, type: record.type, routing: { kind: "simple" } },
        });
      }
    }
  }
  return [...byZone.values()].flatMap(zoneIssues);
}

function zoneIssues(records: ZoneRecord[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const byKey = new Map<string, ZoneRecord>();
  for (const record of records) {
    const first = byKey.get(record.key);
    if (first === undefined) byKey.set(record.key, record);
    else
      issues.push({
        path: record.path,
        message: `record key "${record.key}" is already used in this zone by ${first.path} (keys are the set identifiers)`,
      });
  }
  const shapes = Object.fromEntries([...byKey].map(([key, r]) => [key, r.shape]));
  const checks = Object.fromEntries([...byKey].filter(([, r]) => r.shape.healthCheck).map(([key]) => [key, {}]));
  // The module's messages start `records.<key>.<field>`: each goes to the path of the record it names.
  for (const message of recordIssues(shapes, checks)) {
    const match = /^records\.([^.]+)\.([\w.]+): (.*)$/s.exec(message);
    const record = match === null ? undefined : byKey.get(match[1]);
    if (record === undefined || match === null) continue;
    const field = match[2] === "routing.region" ? "routing" : match[2];
    issues.push({ path: record.path.includes(".sites.") ? record.path : `${record.path}.${field}`, message: match[3] });
  }
  return issues;
}

/** A record's routing as the module sees it; latency answers from the stack's own region. */
export function routingOf(record: RecordConfig, region: string): RecordRouting {
  return record.routing.kind === "latency" ? { kind: "latency", region } : record.routing;
}
