import { z } from "zod";
import { FAILOVER_STATUS_CODES, PRICE_CLASSES } from "../../../modules/static-site/defaults";
import { days, port } from "../../config/primitives";
import type { OrganizationWith } from "../../config/shapes";

/** A config key (sites, load balancers, accelerators, API domains): short snake or kebab case. */
const key = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, "must be 1-40 lowercase letters, digits, _ or -");
/** A DNS name the account serves (no wildcard). */
const domain = z.string().regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a lowercase DNS name");

/** A hosted zone of the account, in its home-region stack (Route 53 is global). */
const ZoneSchema = z.strictObject({
  /**
   * Adopt an existing public hosted zone by id instead of creating one.
   * @default - a new public zone (delegate to its name servers at the registrar)
   */
  existingZoneId: z
    .string()
    .regex(/^Z[A-Z0-9]{1,31}$/, "must be a hosted zone id such as Z0123456789ABC")
    .optional(),
  /** Protect a created zone from `terraform destroy`; only a dev account may turn it off. @default true */
  deletionProtection: z.boolean().default(true),
});

/** An HTTPS health check Route 53 runs against the record's endpoint. */
const HealthCheckSchema = z.strictObject({
  /**
   * Host checked (and sent as SNI). @default - the API's custom domain, or the load balancer's DNS name
   * (Route 53 does not validate the endpoint's certificate)
   */
  fqdn: domain.optional(),
  /** @default "/health" */
  path: z.string().startsWith("/", "must start with /").optional(),
  /** @default 443 */
  port: port.optional(),
  /** @default 3 */
  failureThreshold: z.number().int().min(1).max(10).optional(),
  /** Seconds between checks, 30 or 10 (billed higher). @default 30 */
  requestInterval: z.union([z.literal(10), z.literal(30)]).optional(),
  /** The body must contain this string. @default - status only */
  searchString: z.string().min(1).max(255).optional(),
});

const RoutingSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("simple") }),
  z.strictObject({ kind: z.literal("failover"), role: z.enum(["PRIMARY", "SECONDARY"]) }),
  /** Latency routing answers from the record's own region (the stack's). */
  z.strictObject({ kind: z.literal("latency") }),
  z.strictObject({
    kind: z.literal("geolocation"),
    /** A continent code, an ISO country (`*` for the default record), a US state with its country. */
    location: z.strictObject({
      continent: z.string().optional(),
      country: z.string().optional(),
      subdivision: z.string().optional(),
    }),
  }),
]);

/** What a record points at: something the stack holds (by config key), or plain values. */
const RecordTargetSchema = z.union([
  /** A site of this stack: an alias to its CloudFront distribution. */
  z.strictObject({ site: key }),
  /** A load balancer of this account-region (`services`): an alias that follows its target health. */
  z.strictObject({ loadBalancer: key }),
  /** An API custom domain of this account-region (`identity`): an alias to its regional endpoint. */
  z.strictObject({ apiDomain: key }),
  /** An accelerator of this account's home-region stack. */
  z.strictObject({ accelerator: key }),
  /** Plain values with a TTL. */
  z.strictObject({ values: z.array(z.string().min(1)).min(1), ttl: z.number().int().min(0).default(300) }),
]);

/** One record, addressed by its key (also the set identifier of a routed record, unique per zone). */
const RecordSchema = z.strictObject({
  /** A zone (domain) of this account. @default - the zone whose domain contains `name` */
  zone: domain.optional(),
  /** Fully qualified name, inside the zone (`api.example.com`, or the apex). */
  name: domain,
  /** @default "A" (aliases), or the values' type */
  type: z.enum(["A", "AAAA", "CNAME", "TXT", "MX", "CAA"]).default("A"),
  target: RecordTargetSchema,
  /** @default { kind: "simple" } */
  routing: RoutingSchema.default({ kind: "simple" }),
  /** A health check Route 53 consults for this record (a failover PRIMARY needs one). @default - none */
  healthCheck: HealthCheckSchema.optional(),
});

/** An AWS managed WAF rule group of the CloudFront web ACL. */
const ManagedRuleGroupSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "must be a rule group name"),
  /** `count` to watch a group before it blocks. @default "none" */
  overrideAction: z.enum(["none", "count"]).default("none"),
  /** Per-rule actions, e.g. `{ SizeRestrictions_BODY: count }` for uploads. @default {} */
  ruleActionOverrides: z.record(z.string(), z.enum(["count", "allow", "block"])).default({}),
});

/** The CLOUDFRONT web ACL in front of a site (created in us-east-1). */
const SiteWafSchema = z.strictObject({
  /**
   * An existing web ACL of scope CLOUDFRONT instead of a new one
   * (`arn:aws:wafv2:us-east-1:<account>:global/webacl/...`). @default - a new web ACL
   */
  webAclArn: z.string().optional(),
  /** Requests per client IP per 5 minutes before blocking, or false. @default 2000 */
  rateLimitPer5Minutes: z.union([z.number().int().min(100).max(2_000_000_000), z.literal(false)]).optional(),
  /** @default - IP reputation, core rule set, known bad inputs, SQL injection */
  managedRuleGroups: z.array(ManagedRuleGroupSchema).min(1).optional(),
  /** @default 90 */
  logRetentionDays: days.optional(),
});

/** 003: current objects to Intelligent-Tiering, old versions to Glacier, then gone. */
const SiteLifecycleSchema = z.strictObject({
  /** Days before current objects move to Intelligent-Tiering (0: at once). @default - they stay in Standard */
  intelligentTieringAfterDays: z.number().int().min(0).optional(),
  /** Days before noncurrent versions (old deploys) move to Glacier Flexible Retrieval. @default - they stay */
  oldVersionsToGlacierAfterDays: days.optional(),
  /** Days before noncurrent versions are deleted. @default - kept */
  oldVersionsExpireAfterDays: days.optional(),
});

/** The API behind the site's `/api/*`: a load balancer of this account-region, never cached. */
const SiteApiSchema = z.strictObject({
  /** A load balancer of this account-region (`services`), by its key. */
  loadBalancer: key,
  /**
   * The name CloudFront connects to over HTTPS: an alias record to the load balancer is written in
   * the zone, and the load balancer's certificate must carry it.
   */
  originDomain: domain,
  /** @default "/api/*" */
  pathPattern: z.string().startsWith("/", "must start with /").default("/api/*"),
  /** @default 30 */
  readTimeoutSeconds: z.number().int().min(1).max(60).optional(),
});

/**
 * 003's origin failover: a replica of the site bucket in another region of this account and
 * residency zone, kept current by S3 Replication; CloudFront's origin group reads it when the
 * primary answers an error (GET, HEAD and OPTIONS only).
 */
const SiteFailoverSchema = z.strictObject({
  /** A region of this account (`accounts.<a>.regions`) in this region's residency zone. */
  region: z.string(),
  /** Primary responses that send a request to the replica. @default [500, 502, 503, 504] */
  statusCodes: z
    .array(z.union(FAILOVER_STATUS_CODES.map((code) => z.literal(code))))
    .min(1)
    .optional(),
});

/** A private S3 site behind CloudFront (OAC), with its us-east-1 certificate, web ACL and DNS records. */
const SiteSchema = z.strictObject({
  /** The name served; an alias record (A and AAAA) in its zone points at the distribution. */
  domain,
  /** Further names served (each gets its records and is on the certificate). @default [] */
  aliases: z.array(domain).default([]),
  /** The zone of `domain`. @default - the account's zone whose domain contains it */
  zone: domain.optional(),
  /**
   * An existing ACM certificate in us-east-1 covering every name. @default - a new DNS-validated
   * certificate in us-east-1
   */
  certificateArn: z.string().optional(),
  /** @default {} - a new CLOUDFRONT web ACL with the default rules */
  waf: SiteWafSchema.default({}),
  /** @default - no API path */
  api: SiteApiSchema.optional(),
  /** @default - only incomplete uploads are aborted (7 days) */
  lifecycle: SiteLifecycleSchema.optional(),
  /** A replica in another region of the zone, the distribution's secondary origin. @default - none */
  failover: SiteFailoverSchema.optional(),
  /** `kms` (a CMK admitting this distribution) or `s3` (SSE-S3). @default "kms" */
  encryption: z.enum(["kms", "s3"]).default("kms"),
  /** @default "PriceClass_100" */
  priceClass: z.enum(PRICE_CLASSES).optional(),
  /** Days the edge logs are kept. @default 365 */
  logRetentionDays: days.optional(),
  /** Protect the buckets and key from `terraform destroy`; only a dev account may turn it off. @default true */
  deletionProtection: z.boolean().default(true),
});

/** A standard accelerator of the account's home-region stack, with one TCP listener. */
const AcceleratorSchema = z.strictObject({
  /** @default [443] */
  ports: z.array(port).min(1).default([443]),
  /** `SOURCE_IP` keeps a client on one endpoint. @default "NONE" */
  clientAffinity: z.enum(["NONE", "SOURCE_IP"]).default("NONE"),
  /** @default "IPV4" */
  ipAddressType: z.enum(["IPV4", "DUAL_STACK"]).default("IPV4"),
  /** Protect the accelerator (and its static IPs) from `terraform destroy`. @default true */
  deletionProtection: z.boolean().default(true),
});

/** This region's endpoint group of an accelerator of the account's home-region stack. */
const AcceleratorEndpointsSchema = z.strictObject({
  /** Load balancers of this account-region (`services`) by key. */
  loadBalancers: z.array(key).min(1),
  /** Share of the listener's traffic this region takes. @default 100 */
  trafficDialPercentage: z.number().int().min(0).max(100).optional(),
});

export const EdgeSchema = z.strictObject({
  /** Hosted zones by domain; only in the account's home-region stack. @default {} */
  zones: z.record(domain, ZoneSchema).default({}),
  /** Records by key in the account's zones, written by this stack. @default {} */
  records: z.record(key, RecordSchema).default({}),
  /** Static sites behind CloudFront by key. @default {} */
  sites: z.record(key, SiteSchema).default({}),
  /** Global Accelerators by key; only in the account's home-region stack. @default {} */
  accelerators: z.record(key, AcceleratorSchema).default({}),
  /** This region's endpoint groups, by accelerator key. @default {} */
  acceleratorEndpoints: z.record(key, AcceleratorEndpointsSchema).default({}),
}); // prettier-ignore

/** The edge capability's key on an account-region. */
export const EDGE_FRAGMENT = {
  /** CloudFront sites, Route 53 zones and records, Global Accelerators. @default - none */
  edge: EdgeSchema.optional(),
};

export type EdgeConfig = z.output<typeof EdgeSchema>;
export type SiteConfig = z.output<typeof SiteSchema>;
export type RecordConfig = z.output<typeof RecordSchema>;
export type RecordTarget = z.output<typeof RecordTargetSchema>;

/** An organization as the edge capability sees it. */
export type EdgeOrganization = OrganizationWith<typeof EDGE_FRAGMENT>;
