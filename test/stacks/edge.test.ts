import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { OrganizationInput } from "../../src/config/schema";
import { issuesOf, issuesOfDocument } from "../helpers/issues";
import { defaultInput, organization, policyOf, resource, resourcesOf, synthApp } from "../helpers/synth";

/**
 * The services and identity capabilities provide load balancers and API domains; they are not on
 * this branch, so a test-only capability provides fakes in every workload stack, before the edge.
 */
jest.mock("../../src/capabilities", () => {
  const actual = jest.requireActual("../../src/capabilities");
  const { LOAD_BALANCERS, API_DOMAINS } = jest.requireActual("../../src/capabilities/slots");
  const fakes = {
    name: "fake-services",
    accountRegion: {},
    organization: {},
    builder: () => ({
      build(context: { target: { region: string; accountId: string }; provide: (slot: unknown, v: unknown) => void }) {
        const { region, accountId } = context.target;
        context.provide(
          LOAD_BALANCERS,
          new Map([
            [
              "backend",
              {
                arn: `arn:aws:elasticloadbalancing:${region}:${accountId}:loadbalancer/app/backend/0123456789abcdef`,
                dnsName: `backend-1.${region}.elb.amazonaws.com`,
                zoneId: "Z35SXDOTRQ7X7K",
                securityGroup: { securityGroupId: "sg-0123456789abcdef0" },
              },
            ],
          ]),
        );
        context.provide(
          API_DOMAINS,
          new Map([
            [
              "api",
              {
                domainName: `api-${region}.customer1.example.com`,
                targetDomainName: `d-abc123.execute-api.${region}.amazonaws.com`,
                targetZoneId: "Z1UJRXOUMOOFQ8",
              },
            ],
          ]),
        );
      },
    }),
  };
  const list = [...actual.CAPABILITIES];
  list.splice(
    list.findIndex((c: { name: string }) => c.name === "edge"),
    0,
    fakes,
  );
  return { CAPABILITIES: list };
});

const innovateInput = (): OrganizationInput =>
  parse(readFileSync(join(__dirname, "../../examples/innovate.yaml"), "utf8")) as OrganizationInput;

const US = "accounts.prod.regions.us-east-1";
const CA = "accounts.prod.regions.ca-central-1";

/** The default organization with customer1's global routing: zone and accelerator at home, records per region. */
function globalRoutingInput(): OrganizationInput {
  const input = defaultInput();
  const us = input.accounts.prod.regions["us-east-1"];
  const ca = input.accounts.prod.regions["ca-central-1"];
  us.edge = {
    zones: { "customer1.example.com": {} },
    accelerators: { app: {} },
    acceleratorEndpoints: { app: { loadBalancers: ["backend"] } },
    records: {
      api_us: {
        name: "api.customer1.example.com",
        target: { apiDomain: "api" },
        routing: { kind: "geolocation", location: { country: "US" } },
        healthCheck: { path: "/health" },
      },
      api_default: {
        name: "api.customer1.example.com",
        target: { apiDomain: "api" },
        routing: { kind: "geolocation", location: { country: "*" } },
      },
      app: { name: "app.customer1.example.com", target: { accelerator: "app" } },
    },
  };
  ca.edge = {
    acceleratorEndpoints: { app: { loadBalancers: ["backend"], trafficDialPercentage: 100 } },
    records: {
      api_ca: {
        name: "api.customer1.example.com",
        target: { apiDomain: "api" },
        routing: { kind: "geolocation", location: { country: "CA" } },
        healthCheck: { path: "/health" },
      },
    },
    sites: {
      portal: {
        domain: "portal-ca.customer1.example.com",
        api: { loadBalancer: "backend", originDomain: "origin-ca.customer1.example.com" },
        waf: { webAclArn: "arn:aws:wafv2:us-east-1:555555555555:global/webacl/portal/0a1b2c3d-4e5f" },
      },
    },
  };
  return input;
}

describe("Innovate (examples/innovate.yaml): a static site with CloudFront, WAF and Route 53", () => {
  const prod = synthApp(organization(innovateInput())).json["prod-us-east-1"];

  test("the zone is created in the account's home-region stack, protected", () => {
    expect(resource(prod, "aws_route53_zone", "zone_innovate_example_com")).toMatchObject({
      name: "innovate.example.com",
      lifecycle: { prevent_destroy: true },
    });
  });

  test("the distribution serves both names with TLS 1.2 minimum, SPA routing and the CLOUDFRONT web ACL", () => {
    const distribution = resource(prod, "aws_cloudfront_distribution", "site_web_distribution");
    expect(distribution.aliases).toEqual(["innovate.example.com", "www.innovate.example.com"]);
    expect(distribution.viewer_certificate).toMatchObject({
      minimum_protocol_version: "TLSv1.2_2021",
      ssl_support_method: "sni-only",
    });
    expect(distribution.custom_error_response).toEqual([
      expect.objectContaining({ error_code: 403, response_code: 200, response_page_path: "/index.html" }),
      expect.objectContaining({ error_code: 404, response_code: 200, response_page_path: "/index.html" }),
    ]);
    expect(distribution.web_acl_id).toBe("${aws_wafv2_web_acl.site_web_waf.arn}");
    expect(resource(prod, "aws_wafv2_web_acl", "site_web_waf").scope).toBe("CLOUDFRONT");
    expect(resource(prod, "aws_acm_certificate", "site_web_cert")).toMatchObject({
      domain_name: "innovate.example.com",
      subject_alternative_names: ["www.innovate.example.com"],
    });
  });

  test("003's lifecycle: current objects to Intelligent-Tiering, old versions to Glacier after 90 days", () => {
    const rules = resource(prod, "aws_s3_bucket_lifecycle_configuration", "site_web_lifecycle").rule as {
      id: string;
      transition?: unknown[];
      noncurrent_version_transition?: unknown[];
    }[];
    expect(rules.find((r) => r.id === "intelligent-tiering")?.transition).toEqual([
      { days: 0, storage_class: "INTELLIGENT_TIERING" },
    ]);
    expect(rules.find((r) => r.id === "old-versions")?.noncurrent_version_transition).toEqual([
      { noncurrent_days: 90, storage_class: "GLACIER" },
    ]);
  });

  test("A and AAAA alias records for each name point at the distribution; plain records keep their values", () => {
    const records = resourcesOf(prod, "aws_route53_record");
    for (const name of ["site_web_apex", "site_web_apex_aaaa", "site_web_www", "site_web_www_aaaa"]) {
      expect(records[`dns_innovate_example_com_${name}`].alias).toEqual({
        name: "${aws_cloudfront_distribution.site_web_distribution.domain_name}",
        zone_id: "Z2FDTNDATAQYW2",
        evaluate_target_health: false,
      });
    }
    expect(records.dns_innovate_example_com_mx).toMatchObject({ type: "MX", ttl: 300 });
  });

  test("the GitHub deploy role trusts exactly main and production of one repository, and deploys only the site", () => {
    const role = resource(prod, "aws_iam_role", "github_web_deploy");
    const condition = policyOf(role, "assume_role_policy").Statement[0].Condition as Record<
      string,
      Record<string, unknown>
    >;
    expect(condition.StringEquals["token.actions.githubusercontent.com:sub"]).toEqual([
      "repo:innovate-inc/web:ref:refs/heads/main",
      "repo:innovate-inc/web:environment:production",
    ]);
    const actions = policyOf(resource(prod, "aws_iam_role_policy", "github_web_deploy_policy")).Statement.map((s) => [
      s.Action,
      s.Resource,
    ]);
    expect(actions).toContainEqual([
      "cloudfront:CreateInvalidation",
      "${aws_cloudfront_distribution.site_web_distribution.arn}",
    ]);
    expect(actions).toContainEqual([
      ["s3:PutObject", "s3:DeleteObject", "s3:GetObject"],
      "${aws_s3_bucket.site_web.arn}/*",
    ]);
    expect(resourcesOf(prod, "aws_iam_openid_connect_provider")).toHaveProperty("github");
  });
});

describe("global routing: zone and accelerator at home, each region adds its records and endpoint group", () => {
  const { json } = synthApp(organization(globalRoutingInput()));
  const us = json["prod-us-east-1"];
  const ca = json["prod-ca-central-1"];

  test("the home stack holds the zone, the accelerator and its listener; the regional stack none of them", () => {
    expect(resourcesOf(us, "aws_route53_zone")).toHaveProperty("zone_customer1_example_com");
    expect(resourcesOf(us, "aws_globalaccelerator_listener")).toHaveProperty("accelerator_app_tcp");
    expect(resourcesOf(ca, "aws_route53_zone")).toEqual({});
    expect(resourcesOf(ca, "aws_globalaccelerator_accelerator")).toEqual({});
  });

  test("each region's endpoint group points at its own ALB, on the home stack's listener", () => {
    const group = resource(ca, "aws_globalaccelerator_endpoint_group", "accelerator_app_ca_central_1");
    expect(group.endpoint_group_region).toBe("ca-central-1");
    expect(group.listener_arn).toMatch(/terraform_remote_state/);
    expect(group.endpoint_configuration).toEqual([
      expect.objectContaining({
        endpoint_id: "arn:aws:elasticloadbalancing:ca-central-1:555555555555:loadbalancer/app/backend/0123456789abcdef",
        client_ip_preservation_enabled: true,
      }),
    ]);
    expect(resource(us, "aws_globalaccelerator_endpoint_group", "accelerator_app_us_east_1").listener_arn).toBe(
      "${aws_globalaccelerator_listener.accelerator_app_tcp.arn}",
    );
  });

  test("geolocation records to each region's API domain, with health checks on the custom domain", () => {
    const record = resource(ca, "aws_route53_record", "dns_customer1_example_com_api_ca");
    expect(record).toMatchObject({
      set_identifier: "api_ca",
      geolocation_routing_policy: { country: "CA" },
      alias: { name: "d-abc123.execute-api.ca-central-1.amazonaws.com", zone_id: "Z1UJRXOUMOOFQ8" },
    });
    expect(record.zone_id).toMatch(/terraform_remote_state/);
    expect(resource(ca, "aws_route53_health_check", "dns_customer1_example_com_api_ca_health")).toMatchObject({
      fqdn: "api-ca-central-1.customer1.example.com",
      type: "HTTPS",
      resource_path: "/health",
    });
    expect(resource(us, "aws_route53_record", "dns_customer1_example_com_app").alias).toMatchObject({
      zone_id: "Z2BJ6XQ5FK7U4H",
    });
  });

  test("a site in front of a regional ALB lives in that ALB's stack; its certificate through the us-east-1 provider", () => {
    const cert = resource(ca, "aws_acm_certificate", "site_portal_cert");
    expect(cert.provider).toBe("aws.us_east_1");
    expect(resource(ca, "aws_route53_record", "dns_customer1_example_com_site_portal_origin").alias).toMatchObject({
      name: "backend-1.ca-central-1.elb.amazonaws.com",
    });
  });

  test("residency: the API path is never cached, the site's buckets and logs stay in the stack's region", () => {
    const distribution = resource(ca, "aws_cloudfront_distribution", "site_portal_distribution");
    expect(distribution.ordered_cache_behavior).toEqual([
      expect.objectContaining({ path_pattern: "/api/*", cache_policy_id: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" }),
    ]);
    for (const bucket of Object.values(resourcesOf(ca, "aws_s3_bucket"))) expect(bucket.provider).toBeUndefined();
    expect(resourcesOf(ca, "aws_cloudwatch_log_group")).not.toHaveProperty("site_portal_waf_logs");
  });
});

// Pipelines, which deploy to a real service of the services capability: test/capabilities/delivery.
describe("delivery: deploy roles where their resources are", () => {
  const input = globalRoutingInput();
  input.accounts.prod.regions["ca-central-1"].delivery = {
    githubRoles: { portal_deploy: { repository: "example-org/portal", branches: ["main"], sites: ["portal"] } },
  };
  const { json } = synthApp(organization(input));
  const ca = json["prod-ca-central-1"];

  test("the account's OIDC provider is in its home-region stack; a regional role trusts it by its fixed ARN", () => {
    expect(resourcesOf(json["prod-us-east-1"], "aws_iam_openid_connect_provider")).toHaveProperty("github");
    expect(resourcesOf(ca, "aws_iam_openid_connect_provider")).toEqual({});
    const trust = policyOf(resource(ca, "aws_iam_role", "github_portal_deploy"), "assume_role_policy");
    expect(trust.Statement[0].Principal).toEqual({
      Federated: "arn:aws:iam::555555555555:oidc-provider/token.actions.githubusercontent.com",
    });
    expect(resource(ca, "aws_iam_role", "github_portal_deploy").name).toBe("acme-prod-ca-central-1-portal-deploy");
  });

  test("a role's unknown site is refused", () => {
    const bad = structuredClone(input);
    bad.accounts.prod.regions["ca-central-1"].delivery!.githubRoles!.portal_deploy.sites = ["nosuch"];
    expect(issuesOfDocument(bad).map((i) => i.path)).toEqual([`${CA}.delivery.githubRoles.portal_deploy.sites.0`]);
  });
});

describe("edge checks, each at the field's path", () => {
  const pathsOf = (change: (input: OrganizationInput) => void) =>
    issuesOfDocument(((input) => (change(input), input))(globalRoutingInput())).map((i) => `${i.path}: ${i.message}`);

  test("the global routing organization is valid", () => {
    expect(pathsOf(() => undefined)).toEqual([]);
  });

  test("zones and accelerators outside the home-region stack are refused", () => {
    const issues = pathsOf((input) => {
      input.accounts.prod.regions["ca-central-1"].edge!.zones = { "ca.example.com": {} };
      input.accounts.prod.regions["ca-central-1"].edge!.accelerators = { other: {} };
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${CA}.edge.zones.ca.example.com: Route 53 hosted zones are global`)),
        expect.stringMatching(new RegExp(`^${CA}.edge.accelerators.other: Global Accelerators are global`)),
      ]),
    );
  });

  test("a CloudFront certificate or web ACL outside us-east-1 is refused", () => {
    const issues = pathsOf((input) => {
      const portal = input.accounts.prod.regions["ca-central-1"].edge!.sites!.portal;
      portal.certificateArn = "arn:aws:acm:ca-central-1:555555555555:certificate/0a1b2c3d";
      portal.waf = { webAclArn: "arn:aws:wafv2:ca-central-1:555555555555:regional/webacl/portal/0a1b" };
    });
    expect(issues).toEqual([
      `${CA}.edge.sites.portal.certificateArn: CloudFront takes ACM certificates from us-east-1 only; arn:aws:acm:ca-central-1:555555555555:certificate/0a1b2c3d is in ca-central-1`,
      expect.stringMatching(
        new RegExp(`^${CA}.edge.sites.portal.waf.webAclArn: a distribution takes a web ACL of scope CLOUDFRONT`),
      ),
    ]);
  });

  test("a new CLOUDFRONT web ACL for a site in another residency zone is refused: its logs live in us-east-1", () => {
    const issues = pathsOf((input) => {
      input.accounts.prod.regions["ca-central-1"].edge!.sites!.portal.waf = {};
    });
    expect(issues).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${CA}.edge.sites.portal.waf: the CLOUDFRONT web ACL and its request logs are created in us-east-1`,
        ),
      ),
    ]);
  });

  test("a geolocation set without its default record is refused, across the stacks that write it", () => {
    const issues = pathsOf((input) => {
      delete input.accounts.prod.regions["us-east-1"].edge!.records!.api_default;
    });
    expect(issues).toEqual([
      expect.stringMatching(
        new RegExp(`^${US}.edge.records.api_us.routing: the geolocation set .* has no default record`),
      ),
    ]);
  });

  test("a record key used twice in a zone, a site without an API origin outside home, unknown names", () => {
    const issues = pathsOf((input) => {
      const ca = input.accounts.prod.regions["ca-central-1"].edge!;
      ca.records!.api_us = { name: "x.customer1.example.com", target: { values: ["192.0.2.1"] } };
      ca.records!.other = { name: "www.elsewhere.example.org", target: { values: ["192.0.2.1"] } };
      ca.sites!.docs = { domain: "docs.customer1.example.com" };
      ca.acceleratorEndpoints!.missing = { loadBalancers: ["backend"] };
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(
            `^${CA}.edge.records.api_us: record key "api_us" is already used in this zone by ${US}.edge.records.api_us`,
          ),
        ),
        expect.stringMatching(new RegExp(`^${CA}.edge.records.other.name: no hosted zone of accounts.prod`)),
        expect.stringMatching(
          new RegExp(`^${CA}.edge.sites.docs: a site without an API origin lives in the account's home-region stack`),
        ),
        `${CA}.edge.acceleratorEndpoints.missing: "missing" is not an accelerator of ${US}.edge.accelerators`,
      ]),
    );
  });

  test("only a dev account may drop a zone's or site's deletion protection", () => {
    expect(
      issuesOf((input) => {
        input.accounts.prod.regions["us-east-1"].edge = { zones: { "example.com": { deletionProtection: false } } };
      }).map((i) => i.path),
    ).toEqual([`${US}.edge.zones.example.com.deletionProtection`]);
  });

  test("a load balancer no capability provides is reported at build time with its path", () => {
    const input = globalRoutingInput();
    input.accounts.prod.regions["ca-central-1"].edge!.acceleratorEndpoints = { app: { loadBalancers: ["frontend"] } };
    expect(() => synthApp(organization(input))).toThrow(
      `${CA}.edge.acceleratorEndpoints.app.loadBalancers.0: "frontend" is not a load balancer of ${CA} (services)`,
    );
  });
});
