import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { plannedDependencies } from "../../../src/config/dependencies";
import type { OrganizationInput } from "../../../src/config/schema";
import { issuesOf, issuesOfDocument } from "../../helpers/issues";
import { organization, policyOf, resource, synthApp } from "../../helpers/synth";

/** examples/bankapp.yaml: prod's site `web` in us-east-1 fails over to a replica in us-west-2. */
const bankappInput = (): OrganizationInput =>
  parse(readFileSync(join(__dirname, "../../../examples/bankapp.yaml"), "utf8")) as OrganizationInput;

const SITE = "accounts.prod.regions.us-east-1.edge.sites.web";

/** Bankapp with the site's failover changed. */
function bankappIssues(change: (input: OrganizationInput) => void) {
  const input = bankappInput();
  change(input);
  return issuesOfDocument(input);
}
const failoverOf = (input: OrganizationInput) => input.accounts.prod.regions["us-east-1"].edge!.sites!.web.failover!;

describe("a site's failover replica: the checks", () => {
  test("examples/bankapp.yaml's failover to us-west-2 is valid", () => {
    expect(bankappIssues(() => undefined)).toEqual([]);
  });

  test("refuses a region that is not governed, at the region's path", () => {
    expect(bankappIssues((input) => (failoverOf(input).region = "eu-west-1"))).toEqual([
      { path: `${SITE}.failover.region`, message: '"eu-west-1" is not a governed region (regions.eu-west-1)' },
    ]);
  });

  test("refuses the site's own region", () => {
    expect(bankappIssues((input) => (failoverOf(input).region = "us-east-1"))).toEqual([
      { path: `${SITE}.failover.region`, message: "the replica goes to another region than the site's" },
    ]);
  });

  test("refuses a region of the zone that the account does not declare", () => {
    expect(bankappIssues((input) => delete input.accounts.prod.regions["us-west-2"])).toEqual([
      {
        path: `${SITE}.failover.region`,
        message: "accounts.prod.regions.us-west-2 is not declared: the replica lives in a region of the site's account",
      },
    ]);
  });

  test("refuses a status code CloudFront does not fail over on, at its path", () => {
    const issues = bankappIssues((input) => (failoverOf(input).statusCodes = [501] as never));
    expect(issues.map((i) => i.path)).toEqual([`${SITE}.failover.statusCodes[0]`]);
  });

  test("residency: refuses a replica in another residency zone, even on a region the account declares", () => {
    const issues = issuesOf((input) => {
      input.accounts.prod.regions["us-east-1"].edge = {
        zones: { "customer1.example.com": {} },
        sites: { web: { domain: "customer1.example.com", failover: { region: "ca-central-1" } } },
      };
    });
    expect(issues).toEqual([
      {
        path: `${SITE}.failover.region`,
        message: 'ca-central-1 is in residency zone "ca", us-east-1 in "us": the site\'s replica stays in its zone',
      },
    ]);
  });

  test("refuses a site key that makes the replica's log bucket or the role name longer than S3 and IAM allow", () => {
    const key = "a".repeat(28);
    const issues = bankappIssues((input) => {
      input.accounts.prod.regions["us-east-1"].edge!.sites![key] = {
        domain: "docs.bankapp.example.com",
        failover: { region: "us-west-2" },
      };
    });
    expect(issues).toEqual([
      {
        path: `accounts.prod.regions.us-east-1.edge.sites.${key}.failover`,
        message: `makes the replica bucket name "bankapp-prod-us-east-1-${key}-replica-logs", too long or not a valid bucket name`,
      },
      {
        path: `accounts.prod.regions.us-east-1.edge.sites.${key}.failover`,
        message: `makes the replication role name "bankapp-prod-us-east-1-${key}-site-replication", longer than IAM's 64 characters`,
      },
    ]);
  });

  test("reports every failover issue of every site at once", () => {
    const issues = bankappIssues((input) => {
      failoverOf(input).region = "eu-west-1";
      const sites = input.accounts.prod.regions["us-east-1"].edge!.sites!;
      sites.docs = { domain: "docs.bankapp.example.com", failover: { region: "us-east-1" } };
    });
    expect(issues.map((i) => i.path)).toEqual([
      `${SITE}.failover.region`,
      "accounts.prod.regions.us-east-1.edge.sites.docs.failover.region",
    ]);
  });
});

describe("a site's failover replica: examples/bankapp.yaml synthesized", () => {
  const org = organization(bankappInput());
  const { json } = synthApp(org);
  const prod = json["prod-us-east-1"];
  const distribution = resource(prod, "aws_cloudfront_distribution", "site_web_distribution");

  test("the origin group has the site first and the replica second, the site path served from it", () => {
    expect(distribution.origin_group).toEqual([
      {
        origin_id: "site_failover",
        failover_criteria: { status_codes: [500, 502, 503, 504] },
        member: [{ origin_id: "site" }, { origin_id: "replica" }],
      },
    ]);
    expect((distribution.default_cache_behavior as { target_origin_id: string }).target_origin_id).toBe(
      "site_failover",
    );
    expect(
      (distribution.origin as { origin_id: string; origin_access_control_id?: string }[])
        .filter((o) => o.origin_id !== "api")
        .map((o) => o.origin_access_control_id),
    ).toEqual([
      "${aws_cloudfront_origin_access_control.site_web_oac.id}",
      "${aws_cloudfront_origin_access_control.site_web_oac.id}",
    ]);
  });

  test("the replica is in us-west-2 of the prod account, protected, with a us-west-2 key", () => {
    const bucket = resource(prod, "aws_s3_bucket", "site_web_replica");
    expect(bucket).toMatchObject({
      bucket: "bankapp-prod-us-east-1-web-replica",
      provider: "aws.us_west_2",
      lifecycle: { prevent_destroy: true },
    });
    expect(resource(prod, "aws_kms_key", "site_web_replica_key").provider).toBe("aws.us_west_2");
    expect(resource(prod, "aws_s3_bucket_logging", "site_web_replica_logging").target_bucket).toBe(
      "${aws_s3_bucket.site_web_replica_logs.bucket}",
    );
    expect(resource(prod, "aws_s3_bucket", "site_web_replica_logs").provider).toBe("aws.us_west_2");
    const provider = (prod.provider!.aws as { alias?: string; region?: string; allowed_account_ids?: string[] }[]).find(
      (p) => p.alias === "us_west_2",
    );
    expect(provider).toMatchObject({ region: "us-west-2", allowed_account_ids: ["555555555555"] });
  });

  test("the replication rule targets the replica and encrypts the replicas with the replica's key", () => {
    const replication = resource(prod, "aws_s3_bucket_replication_configuration", "site_web_replication");
    expect(replication.bucket).toBe("${aws_s3_bucket.site_web.id}");
    expect(replication.rule).toEqual([
      expect.objectContaining({
        source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
        destination: {
          bucket: "${aws_s3_bucket.site_web_replica.arn}",
          encryption_configuration: { replica_kms_key_id: "${aws_kms_key.site_web_replica_key.arn}" },
        },
      }),
    ]);
  });

  test("the replica's bucket policy admits only the distribution", () => {
    const statements = policyOf(resource(prod, "aws_s3_bucket_policy", "site_web_replica_policy")).Statement;
    const allows = statements.filter((s) => s.Effect === "Allow");
    expect(allows).toEqual([
      {
        Sid: "CloudFrontReadsThroughOac",
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Resource: "arn:aws:s3:::bankapp-prod-us-east-1-web-replica/*",
        Condition: { StringEquals: { "AWS:SourceArn": "${aws_cloudfront_distribution.site_web_distribution.arn}" } },
      },
    ]);
  });

  test("the replica adds no stack dependency: the site's stack follows no us-west-2 stack", () => {
    expect(plannedDependencies(org).filter((e) => e.from === "prod-us-east-1" && e.to.endsWith("us-west-2"))).toEqual(
      [],
    );
    expect(json["prod-us-west-2"].resource?.aws_s3_bucket ?? {}).not.toHaveProperty("site_web_replica");
  });
});
