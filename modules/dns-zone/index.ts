import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { Route53HostedZoneDnssec } from "@cdktf/provider-aws/lib/route53-hosted-zone-dnssec";
import { Route53KeySigningKey } from "@cdktf/provider-aws/lib/route53-key-signing-key";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { regionIssues } from "../acm-certificate/region";
import { policyDocument, policyJson } from "../iam/policy";
import { ALIAS_ZONE_IDS, DEFAULTS, DNSSEC_KEY, HEALTH_CHECK } from "./defaults";
import { healthCheckIssues, recordIssues, type GeoLocation, type RecordRouting } from "./routing";

export { ALIAS_ZONE_IDS, CONTINENT_CODES, DEFAULT_LOCATION, DEFAULTS, HEALTH_CHECK } from "./defaults";
export type { GeoLocation, RecordRouting } from "./routing";

/** What a record aliases: built only through the factories, which know each target's hosted zone. */
export class AliasTarget {
  /** A CloudFront distribution (its `domain_name`); Route 53 cannot evaluate a distribution's health. */
  static cloudFront(domainName: string): AliasTarget {
    return new AliasTarget(domainName, ALIAS_ZONE_IDS.cloudFront, false);
  }
  /** An ALB or NLB: its `dns_name` and `zone_id`; the record follows the load balancer's target health. */
  static loadBalancer(lb: { readonly dnsName: string; readonly zoneId: string }): AliasTarget {
    return new AliasTarget(lb.dnsName, lb.zoneId, true);
  }
  /** A Global Accelerator (its `dns_name`). */
  static globalAccelerator(dnsName: string): AliasTarget {
    return new AliasTarget(dnsName, ALIAS_ZONE_IDS.globalAccelerator, true);
  }
  /** An API Gateway regional custom domain: its `regional_domain_name` and `regional_zone_id`. */
  static apiGatewayDomain(domain: {
    readonly regionalDomainName: string;
    readonly regionalZoneId: string;
  }): AliasTarget {
    return new AliasTarget(domain.regionalDomainName, domain.regionalZoneId, true);
  }
  private constructor(
    readonly dnsName: string,
    readonly zoneId: string,
    readonly evaluateTargetHealth: boolean,
  ) {}
}

/** An HTTPS health check Route 53 runs against an endpoint from its checker regions. */
export interface HealthCheckSpec {
  /** Host name checked (and sent as SNI), e.g. the regional ALB's or API's name. */
  readonly fqdn: string;
  /** @default "/health" */
  readonly path?: string;
  /** @default 443 */
  readonly port?: number;
  /** Consecutive failures (and successes) that change the status, 1-10. @default 3 */
  readonly failureThreshold?: number;
  /** Seconds between checks, 30 or 10 (10 is billed higher). @default 30 */
  readonly requestInterval?: 10 | 30;
  /** The body must contain this string within its first 5,120 bytes (HTTPS_STR_MATCH). @default - status only */
  readonly searchString?: string;
  /** Checker regions, at least 3. @default - Route 53's default set */
  readonly regions?: readonly string[];
  /** Record latency graphs (cannot be changed after creation). @default false */
  readonly measureLatency?: boolean;
}

/** One record, addressed by its key; routed records take the key as their set identifier. */
export interface RecordSpec {
  /** Record name: relative to the zone (`api`) or fully qualified (`api.example.com`). */
  readonly name: string;
  /** @default "A" */
  readonly type?: "A" | "AAAA" | "CNAME" | "TXT" | "MX" | "CAA";
  /** An alias (`AliasTarget.cloudFront(...)`), or plain values with a TTL. */
  readonly target: { readonly alias: AliasTarget } | { readonly values: readonly string[]; readonly ttl?: number };
  /** @default { kind: "simple" } */
  readonly routing?: RecordRouting;
  /** Key of a `healthChecks` entry whose status Route 53 consults for this record. @default - none */
  readonly healthCheck?: string;
}

/** The hosted zone: created here, or an existing one adopted by id. */
export type HostedZoneSource =
  | { readonly create: { readonly name: string; readonly comment?: string } }
  | { readonly existing: { readonly zoneId: string; readonly name: string } };

export interface DnssecProps {
  /** Account that owns the zone and the key. */
  readonly accountId: string;
  /** A us-east-1 provider: the key behind the key-signing key must be in us-east-1. @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

export interface DnsZoneProps {
  /** Create a public hosted zone (`{ create: { name } }`) or adopt one (`{ existing: { zoneId, name } }`). */
  readonly zone: HostedZoneSource;
  /**
   * Records by stable key (the key is the address suffix and the set identifier of routed records).
   * @default {}
   */
  readonly records?: Readonly<Record<string, RecordSpec>>;
  /** HTTPS health checks by stable key, referenced from records. Each costs monthly. @default {} */
  readonly healthChecks?: Readonly<Record<string, HealthCheckSpec>>;
  /**
   * DNSSEC signing of a created zone with a KMS key in us-east-1. Once on, the parent zone needs the
   * `dsRecord`; turning it off needs the DS record removed at the parent first, or resolvers fail.
   * @default - off
   * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-configuring-dnssec.html
   */
  readonly dnssec?: DnssecProps;
  /**
   * The records are only part of their record sets: the zone's other records of the same names (one
   * region's geolocation or failover member each) are declared by other stacks, and the caller checks
   * the sets whole (one routing policy, a PRIMARY and a SECONDARY, a default location).
   * @default false
   */
  readonly partialRecordSets?: boolean;
  /** Protect a created zone and the DNSSEC key from `terraform destroy`. @default true */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * A public Route 53 hosted zone with alias and plain records, HTTPS health checks, failover, latency and
 * geolocation routing, and optional DNSSEC signing.
 */
export class DnsZone extends Construct {
  readonly zoneId: string;
  readonly zoneName: string;
  /** Name servers of a created zone (to delegate to); empty for an adopted zone. */
  readonly nameServers: string[];
  /** Health check ids by key. */
  readonly healthCheckIds: Readonly<Record<string, string>>;
  /** Fully qualified names by record key. */
  readonly recordFqdns: Readonly<Record<string, string>>;
  /** The DS record for the parent zone, when DNSSEC is on. */
  readonly dsRecord?: string;

  constructor(scope: Construct, id: string, props: DnsZoneProps) {
    super(scope, id);
    const records = props.records ?? {};
    const healthChecks = props.healthChecks ?? {};
    const protect = props.deletionProtection ?? true;
    const shapes = Object.fromEntries(
      Object.entries(records).map(([key, r]) => [
        key,
        { ...r, type: r.type ?? DEFAULTS.recordType, routing: r.routing ?? { kind: "simple" as const } },
      ]),
    );
    const issues = [
      ...recordIssues(shapes, healthChecks, props.partialRecordSets !== true),
      ...healthCheckIssues(healthChecks),
      ...(props.dnssec === undefined ? [] : dnssecIssues(this, props)),
    ];
    this.node.addValidation({ validate: () => issues });

    if ("create" in props.zone) {
      const zone = new Route53Zone(this, "resource", {
        name: props.zone.create.name,
        comment: props.zone.create.comment ?? "Managed by Terraform",
        forceDestroy: !protect,
        tags: { ...props.tags, Name: props.zone.create.name },
        lifecycle: { preventDestroy: protect },
      });
      this.zoneId = zone.zoneId;
      this.zoneName = zone.name;
      this.nameServers = zone.nameServers;
    } else {
      this.zoneId = props.zone.existing.zoneId;
      this.zoneName = props.zone.existing.name;
      this.nameServers = [];
    }

    this.healthCheckIds = Object.fromEntries(
      Object.entries(healthChecks).map(([key, spec]) => [key, this.healthCheck(key, spec, props.tags).id]),
    );
    this.recordFqdns = Object.fromEntries(
      Object.entries(shapes).map(([key, spec]) => [key, this.record(key, spec).fqdn]),
    );
    if (props.dnssec !== undefined && "create" in props.zone) {
      this.dsRecord = this.signZone(props.dnssec, props.zone.create.name, protect, props.tags);
    }
  }

  private healthCheck(key: string, spec: HealthCheckSpec, tags?: Record<string, string>): Route53HealthCheck {
    return new Route53HealthCheck(this, `${key}_health`, {
      type: spec.searchString === undefined ? "HTTPS" : "HTTPS_STR_MATCH",
      fqdn: spec.fqdn,
      port: spec.port ?? HEALTH_CHECK.port,
      resourcePath: spec.path ?? HEALTH_CHECK.path,
      searchString: spec.searchString,
      failureThreshold: spec.failureThreshold ?? HEALTH_CHECK.failureThreshold,
      requestInterval: spec.requestInterval ?? HEALTH_CHECK.requestInterval,
      regions: spec.regions === undefined ? undefined : [...spec.regions],
      measureLatency: spec.measureLatency ?? false,
      enableSni: true,
      tags: { ...tags, Name: `${spec.fqdn}${spec.path ?? HEALTH_CHECK.path}` },
    });
  }

  private record(key: string, spec: RecordSpec & { type: string; routing: RecordRouting }): Route53Record {
    const routing = spec.routing;
    const target = spec.target;
    return new Route53Record(this, key, {
      zoneId: this.zoneId,
      name: spec.name,
      type: spec.type,
      ...("alias" in target
        ? {
            alias: {
              name: target.alias.dnsName,
              zoneId: target.alias.zoneId,
              evaluateTargetHealth: target.alias.evaluateTargetHealth,
            },
          }
        : { records: [...target.values], ttl: target.ttl ?? DEFAULTS.ttl }),
      healthCheckId: spec.healthCheck === undefined ? undefined : this.healthCheckIds[spec.healthCheck],
      ...(routing.kind === "simple" ? {} : { setIdentifier: key }),
      ...(routing.kind === "failover" ? { failoverRoutingPolicy: { type: routing.role } } : {}),
      ...(routing.kind === "latency" ? { latencyRoutingPolicy: { region: routing.region } } : {}),
      ...(routing.kind === "geolocation" ? { geolocationRoutingPolicy: geolocation(routing.location) } : {}),
    });
  }

  /** KMS key (us-east-1, ECC_NIST_P256), key-signing key, then signing: returns the DS record. */
  private signZone(dnssec: DnssecProps, zoneName: string, protect: boolean, tags?: Record<string, string>): string {
    const account = dnssec.accountId;
    // Not KmsKeyWithAlias: it turns on rotation, which KMS refuses for asymmetric keys.
    const key = new KmsKey(this, "dnssec_key", {
      description: `DNSSEC key-signing key of ${zoneName}`,
      customerMasterKeySpec: DNSSEC_KEY.keySpec,
      keyUsage: DNSSEC_KEY.keyUsage,
      deletionWindowInDays: 30,
      // The statements Route 53 documents for a DNSSEC key, bound to this account's hosted zones.
      // @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/access-control-managing-permissions.html#KMS-key-policy-for-DNSSEC
      policy: policyJson(
        policyDocument(
          {
            Sid: "AccountAdministers",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${account}:root` },
            Action: "kms:*",
            Resource: "*",
          },
          {
            Sid: "Route53DnssecSigns",
            Effect: "Allow",
            Principal: { Service: "dnssec-route53.amazonaws.com" },
            Action: ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"],
            Resource: "*",
            Condition: {
              StringEquals: { "aws:SourceAccount": account },
              ArnLike: { "aws:SourceArn": "arn:aws:route53:::hostedzone/*" },
            },
          },
          {
            Sid: "Route53DnssecCreatesGrants",
            Effect: "Allow",
            Principal: { Service: "dnssec-route53.amazonaws.com" },
            Action: "kms:CreateGrant",
            Resource: "*",
            Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
          },
        ),
      ),
      tags,
      lifecycle: { preventDestroy: protect },
      provider: dnssec.provider,
    });
    new KmsAlias(this, "dnssec_key_alias", {
      name: `alias/dnssec-${zoneName.replace(/\./g, "-")}`,
      targetKeyId: key.keyId,
      provider: dnssec.provider,
    });
    const ksk = new Route53KeySigningKey(this, "ksk", {
      hostedZoneId: this.zoneId,
      keyManagementServiceArn: key.arn,
      name: "ksk1",
      status: "ACTIVE",
    });
    new Route53HostedZoneDnssec(this, "dnssec", {
      hostedZoneId: ksk.hostedZoneId,
      signingStatus: "SIGNING",
      dependsOn: [ksk],
    });
    return ksk.dsRecord;
  }
}

function geolocation(location: GeoLocation): { continent?: string; country?: string; subdivision?: string } {
  return { continent: location.continent, country: location.country, subdivision: location.subdivision };
}

function dnssecIssues(scope: Construct, props: DnsZoneProps): string[] {
  const issues = regionIssues(
    scope,
    props.dnssec!.provider,
    DNSSEC_KEY.region,
    "dnssec.provider",
    "the DNSSEC signing key",
  );
  if (!("create" in props.zone)) {
    issues.push(
      "dnssec: signing is managed only for a zone this module creates; sign an adopted zone where it is managed",
    );
  }
  return issues;
}
