import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AliasTarget, DnsZone, type DnsZoneProps, type RecordSpec } from "../../modules/dns-zone";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const alb = (region: string) => ({
  dnsName: `app-${region}.elb.amazonaws.com`,
  zoneId: `Z${region.toUpperCase().replace(/-/g, "")}`,
});
const create = { create: { name: "bankapp.example.com" } };

/** 000's global routing: geolocation US/CA with a default, latency, and failover with a health check. */
const routed: DnsZoneProps = {
  zone: create,
  healthChecks: {
    api_us: { fqdn: "api-us.bankapp.example.com", path: "/healthz" },
    api_ca: { fqdn: "api-ca.bankapp.example.com", failureThreshold: 2, requestInterval: 10 },
  },
  records: {
    site: { name: "bankapp.example.com", target: { alias: AliasTarget.cloudFront("d111111abcdef8.cloudfront.net") } },
    api_geo_us: {
      name: "api",
      target: { alias: AliasTarget.loadBalancer(alb("us-east-1")) },
      routing: { kind: "geolocation", location: { country: "US" } },
      healthCheck: "api_us",
    },
    api_geo_ca: {
      name: "api",
      target: { alias: AliasTarget.loadBalancer(alb("ca-central-1")) },
      routing: { kind: "geolocation", location: { country: "CA" } },
      healthCheck: "api_ca",
    },
    api_geo_default: {
      name: "api",
      target: { alias: AliasTarget.loadBalancer(alb("us-east-1")) },
      routing: { kind: "geolocation", location: { country: "*" } },
    },
    fast_us: {
      name: "fast",
      target: { alias: AliasTarget.loadBalancer(alb("us-east-1")) },
      routing: { kind: "latency", region: "us-east-1" },
    },
    fast_ca: {
      name: "fast",
      target: { alias: AliasTarget.loadBalancer(alb("ca-central-1")) },
      routing: { kind: "latency", region: "ca-central-1" },
    },
    app_primary: {
      name: "app",
      target: { alias: AliasTarget.loadBalancer(alb("us-east-1")) },
      routing: { kind: "failover", role: "PRIMARY" },
      healthCheck: "api_us",
    },
    app_secondary: {
      name: "app",
      target: { alias: AliasTarget.loadBalancer(alb("ca-central-1")) },
      routing: { kind: "failover", role: "SECONDARY" },
    },
    txt: { name: "_verify", type: "TXT", target: { values: ["token=placeholder"], ttl: 60 } },
  },
};

const synth = (props: Partial<DnsZoneProps> = {}, dnssecRegion?: string): StackJson =>
  synthModule((s) => {
    const provider =
      dnssecRegion === undefined
        ? undefined
        : new AwsProvider(s, "aws_dnssec", { alias: "dnssec", region: dnssecRegion });
    new DnsZone(s, "zone", {
      ...routed,
      ...props,
      ...(dnssecRegion === undefined ? {} : { dnssec: { accountId: "123456789012", provider } }),
    });
  });

const withRecords = (records: Record<string, RecordSpec>, extra: Partial<DnsZoneProps> = {}) =>
  synth({ records, healthChecks: routed.healthChecks, ...extra });

describe("DnsZone", () => {
  const json = synth();
  const record = (name: string) => resource(json, "aws_route53_record", name);

  test("creates a public zone protected from destroy", () => {
    expect(resource(json, "aws_route53_zone", "zone")).toMatchObject({
      name: "bankapp.example.com",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(resource(json, "aws_route53_zone", "zone")).not.toHaveProperty("vpc");
  });

  test("adopts an existing zone by id without creating one", () => {
    const adopted = synth({ zone: { existing: { zoneId: "Z0EXISTING", name: "bankapp.example.com" } } });
    expect(resourcesOf(adopted, "aws_route53_zone")).toEqual({});
    expect(resource(adopted, "aws_route53_record", "zone_site").zone_id).toBe("Z0EXISTING");
  });

  test("addresses records and health checks by their keys", () => {
    expect(Object.keys(resourcesOf(json, "aws_route53_record")).sort()).toEqual(
      [
        "app_primary",
        "app_secondary",
        "api_geo_ca",
        "api_geo_default",
        "api_geo_us",
        "fast_ca",
        "fast_us",
        "site",
        "txt",
      ]
        .map((k) => `zone_${k}`)
        .sort(),
    );
    expect(Object.keys(resourcesOf(json, "aws_route53_health_check")).sort()).toEqual([
      "zone_api_ca_health",
      "zone_api_us_health",
    ]);
  });

  test("aliases a distribution through CloudFront's zone, without target health", () => {
    expect(record("zone_site")).toMatchObject({
      type: "A",
      alias: { name: "d111111abcdef8.cloudfront.net", zone_id: "Z2FDTNDATAQYW2", evaluate_target_health: false },
    });
    expect(record("zone_site")).not.toHaveProperty("set_identifier");
  });

  test("aliases a load balancer through its own zone, following its target health", () => {
    expect(record("zone_fast_us").alias).toEqual({
      name: "app-us-east-1.elb.amazonaws.com",
      zone_id: "ZUSEAST1",
      evaluate_target_health: true,
    });
  });

  test("routes by geolocation with a default record, each with its key as set identifier", () => {
    expect(record("zone_api_geo_us")).toMatchObject({
      set_identifier: "api_geo_us",
      geolocation_routing_policy: { country: "US" },
      health_check_id: "${aws_route53_health_check.zone_api_us_health.id}",
    });
    expect(record("zone_api_geo_default").geolocation_routing_policy).toEqual({ country: "*" });
  });

  test("routes by latency region", () => {
    expect(record("zone_fast_ca")).toMatchObject({
      set_identifier: "fast_ca",
      latency_routing_policy: { region: "ca-central-1" },
    });
  });

  test("fails over from a health-checked primary to the secondary", () => {
    expect(record("zone_app_primary")).toMatchObject({
      failover_routing_policy: { type: "PRIMARY" },
      health_check_id: "${aws_route53_health_check.zone_api_us_health.id}",
    });
    expect(record("zone_app_secondary").failover_routing_policy).toEqual({ type: "SECONDARY" });
  });

  test("writes plain records with their TTL", () => {
    expect(record("zone_txt")).toMatchObject({ type: "TXT", records: ["token=placeholder"], ttl: 60 });
  });

  test("health checks are HTTPS with SNI, with the path and thresholds given or the defaults", () => {
    expect(resource(json, "aws_route53_health_check", "zone_api_us_health")).toMatchObject({
      type: "HTTPS",
      fqdn: "api-us.bankapp.example.com",
      port: 443,
      resource_path: "/healthz",
      failure_threshold: 3,
      request_interval: 30,
      enable_sni: true,
    });
    expect(resource(json, "aws_route53_health_check", "zone_api_ca_health")).toMatchObject({
      resource_path: "/health",
      failure_threshold: 2,
      request_interval: 10,
    });
  });

  describe("DNSSEC", () => {
    test("is off by default", () => {
      expect(resourcesOf(json, "aws_route53_key_signing_key")).toEqual({});
      expect(resourcesOf(json, "aws_kms_key")).toEqual({});
    });

    const signed = synth({}, "us-east-1");
    const key = resource(signed, "aws_kms_key", "zone_dnssec_key");

    test("signs with an ECC_NIST_P256 signing key in us-east-1, without rotation (asymmetric)", () => {
      expect(key).toMatchObject({
        customer_master_key_spec: "ECC_NIST_P256",
        key_usage: "SIGN_VERIFY",
        provider: "aws.dnssec",
        lifecycle: { prevent_destroy: true },
      });
      expect(key).not.toHaveProperty("enable_key_rotation");
      expect(resource(signed, "aws_route53_key_signing_key", "zone_ksk")).toMatchObject({
        key_management_service_arn: "${aws_kms_key.zone_dnssec_key.arn}",
        status: "ACTIVE",
      });
      expect(resource(signed, "aws_route53_hosted_zone_dnssec", "zone_dnssec")).toMatchObject({
        signing_status: "SIGNING",
        depends_on: ["aws_route53_key_signing_key.zone_ksk"],
      });
    });

    test("admits dnssec-route53 to the key for this account's hosted zones only", () => {
      const statements = policyOf(key).Statement;
      expect(statements.find((s) => s.Sid === "Route53DnssecSigns")).toEqual({
        Sid: "Route53DnssecSigns",
        Effect: "Allow",
        Principal: { Service: "dnssec-route53.amazonaws.com" },
        Action: ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"],
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceAccount": "123456789012" },
          ArnLike: { "aws:SourceArn": "arn:aws:route53:::hostedzone/*" },
        },
      });
      expect(statements.find((s) => s.Sid === "Route53DnssecCreatesGrants")?.Condition).toEqual({
        Bool: { "kms:GrantIsForAWSResource": true },
      });
    });

    test("refuses a key provider outside us-east-1", () => {
      expect(() => synth({}, "ca-central-1")).toThrow(
        /dnssec.provider: the DNSSEC signing key must be created in us-east-1; this provider is configured for ca-central-1/,
      );
    });
  });

  describe("validation", () => {
    const lb = { alias: AliasTarget.loadBalancer(alb("us-east-1")) };

    test("refuses a failover record without a health check on the primary", () => {
      expect(() =>
        withRecords({
          a: { name: "app", target: lb, routing: { kind: "failover", role: "PRIMARY" } },
          b: { name: "app", target: lb, routing: { kind: "failover", role: "SECONDARY" } },
        }),
      ).toThrow(/records.a.healthCheck: the PRIMARY failover record app needs a health check/);
    });

    test("refuses a failover set without a secondary", () => {
      expect(() =>
        withRecords({
          a: { name: "app", target: lb, routing: { kind: "failover", role: "PRIMARY" }, healthCheck: "api_us" },
        }),
      ).toThrow(/records.a.routing: the failover set app A needs exactly one SECONDARY record, has 0/);
    });

    test("refuses a geolocation set without a default record", () => {
      expect(() =>
        withRecords({ us: { name: "api", target: lb, routing: { kind: "geolocation", location: { country: "US" } } } }),
      ).toThrow(/records.us.routing: the geolocation set api A has no default record \(country "\*"\)/);
    });

    test("leaves whole sets to the caller when the records are part of sets other stacks complete", () => {
      const us = { name: "api", target: lb, routing: { kind: "geolocation", location: { country: "US" } } } as const;
      const json = withRecords({ us }, { partialRecordSets: true });
      expect(resource(json, "aws_route53_record", "zone_us").set_identifier).toBe("us");
      expect(() =>
        withRecords(
          { us: { ...us, routing: { kind: "geolocation", location: { country: "USA" } } } },
          { partialRecordSets: true },
        ),
      ).toThrow(/records.us.routing.location.country: "USA" is not an ISO 3166 two-letter code/);
    });

    test("refuses bad locations, repeated locations and regions", () => {
      expect(() =>
        withRecords({
          d: { name: "api", target: lb, routing: { kind: "geolocation", location: { country: "*" } } },
          e: { name: "api", target: lb, routing: { kind: "geolocation", location: { continent: "XX" } } },
          f: { name: "api", target: lb, routing: { kind: "geolocation", location: { country: "usa" } } },
          g: {
            name: "api",
            target: lb,
            routing: { kind: "geolocation", location: { continent: "EU", country: "DE" } },
          },
          h: { name: "api", target: lb, routing: { kind: "geolocation", location: { country: "*" } } },
          l1: { name: "fast", target: lb, routing: { kind: "latency", region: "us-east-1" } },
          l2: { name: "fast", target: lb, routing: { kind: "latency", region: "us-east-1" } },
        }),
      ).toThrow(
        /records.e.routing.location.continent: "XX" is not one of[\s\S]*records.f.routing.location.country: "usa" is not an ISO 3166[\s\S]*records.g.routing.location: name exactly one of continent or country[\s\S]*records.h.routing.location: \{"country":"\*"\} is already records.d[\s\S]*records.l2.routing.region: us-east-1 is already records.l1/,
      );
    });

    test("refuses mixed routing in one record set, two simple records, and unknown health checks", () => {
      expect(() =>
        withRecords({
          a: { name: "app", target: lb },
          b: { name: "app", target: lb, routing: { kind: "latency", region: "us-east-1" } },
          c: { name: "www", target: lb, healthCheck: "nope" },
          d: { name: "www", target: lb },
        }),
      ).toThrow(
        /records.c.healthCheck: "nope" is not a key of healthChecks[\s\S]*records.b.routing: latency routing, but records.a \(same name and type\) is simple[\s\S]*records.d.name: www A is already records.c/,
      );
    });

    test("refuses health check values Route 53 does not take", () => {
      expect(() =>
        synth({
          records: {},
          healthChecks: {
            x: {
              fqdn: "a.example.com",
              failureThreshold: 11,
              requestInterval: 15 as 10,
              regions: ["us-east-1"],
              path: "health",
            },
          },
        }),
      ).toThrow(
        /healthChecks.x.failureThreshold: 11 is outside 1-10[\s\S]*healthChecks.x.requestInterval: 15 is not 10 or 30[\s\S]*healthChecks.x.regions: Route 53 needs at least 3[\s\S]*healthChecks.x.path: "health" must start with \//,
      );
    });

    test("refuses DNSSEC on an adopted zone", () => {
      expect(() =>
        synthModule(
          (s) =>
            new DnsZone(s, "zone", {
              zone: { existing: { zoneId: "Z0EXISTING", name: "bankapp.example.com" } },
              dnssec: { accountId: "123456789012" },
            }),
        ),
      ).toThrow(/dnssec: signing is managed only for a zone this module creates/);
    });
  });
});
