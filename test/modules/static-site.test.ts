import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { StaticSite, type StaticSiteProps } from "../../modules/static-site";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000";
const base: StaticSiteProps = {
  bucketName: "bankapp-prod-site",
  logBucketName: "bankapp-prod-edge-logs",
  accountId: "123456789012",
  aliases: ["bankapp.example.com"],
  certificate: { certificateArn: CERT, domainName: "bankapp.example.com" },
};
const api = { domainName: "origin-api.bankapp.example.com" };
const synth = (props: Partial<StaticSiteProps> = {}): StackJson =>
  synthModule((s) => new StaticSite(s, "site", { ...base, ...props }));

type Behavior = Record<string, unknown> & { path_pattern?: string; target_origin_id: string };
type Origin = Record<string, unknown> & { origin_id: string };

describe("StaticSite", () => {
  const json = synth();
  const distribution = resource(json, "aws_cloudfront_distribution", "site_distribution");
  const origins = distribution.origin as Origin[];
  const siteBehavior = distribution.default_cache_behavior as Behavior;

  describe("the bucket", () => {
    test("is versioned, private, TLS-only, protected, with ACLs disabled", () => {
      expect(resource(json, "aws_s3_bucket", "site")).toMatchObject({
        bucket: "bankapp-prod-site",
        force_destroy: false,
        lifecycle: { prevent_destroy: true },
      });
      expect(resource(json, "aws_s3_bucket_versioning", "site_versioning").versioning_configuration).toEqual({
        status: "Enabled",
      });
      expect(resource(json, "aws_s3_bucket_public_access_block", "site_public_access")).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(resource(json, "aws_s3_bucket_ownership_controls", "site_ownership").rule).toEqual({
        object_ownership: "BucketOwnerEnforced",
      });
      expect(policyOf(resource(json, "aws_s3_bucket_policy", "site_policy")).Statement[0]).toMatchObject({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      });
    });

    test("is readable by this distribution only, through OAC", () => {
      expect(policyOf(resource(json, "aws_s3_bucket_policy", "site_policy")).Statement[1]).toEqual({
        Sid: "CloudFrontReadsThroughOac",
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Resource: "${aws_s3_bucket.site.arn}/*",
        Condition: { StringEquals: { "AWS:SourceArn": "${aws_cloudfront_distribution.site_distribution.arn}" } },
      });
    });

    test("is SSE-KMS with a CMK whose policy lets this distribution decrypt, and nothing more", () => {
      expect(resource(json, "aws_s3_bucket_server_side_encryption_configuration", "site_encryption").rule).toEqual([
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: "aws:kms",
            kms_master_key_id: "${aws_kms_key.site_key.arn}",
          },
          bucket_key_enabled: true,
        },
      ]);
      const statements = policyOf(resource(json, "aws_kms_key", "site_key")).Statement;
      expect(statements.find((s) => s.Sid === "CloudFrontDecryptsForThisDistribution")).toEqual({
        Sid: "CloudFrontDecryptsForThisDistribution",
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: { StringEquals: { "AWS:SourceArn": "${aws_cloudfront_distribution.site_distribution.arn}" } },
      });
    });

    test("is SSE-S3 with no key when asked", () => {
      const s3 = synth({ encryption: "s3" });
      expect(resource(s3, "aws_s3_bucket_server_side_encryption_configuration", "site_encryption").rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
      ]);
      expect(resourcesOf(s3, "aws_kms_key")).toEqual({});
    });

    test("takes lifecycle rules from props: 003's Intelligent-Tiering and old versions to Glacier after 90 days", () => {
      const rules = resource(
        synth({
          lifecycleRules: [
            { id: "tiering", transitions: [{ days: 0, storageClass: "INTELLIGENT_TIERING" }] },
            {
              id: "old-versions",
              noncurrentTransitions: [{ days: 90, storageClass: "GLACIER" }],
              noncurrentExpirationDays: 365,
            },
          ],
        }),
        "aws_s3_bucket_lifecycle_configuration",
        "site_lifecycle",
      ).rule as Record<string, unknown>[];
      expect(rules.map((r) => r.id)).toEqual(["abort-incomplete-multipart-uploads", "tiering", "old-versions"]);
      expect(rules[1]).toMatchObject({
        status: "Enabled",
        transition: [{ days: 0, storage_class: "INTELLIGENT_TIERING" }],
      });
      expect(rules[2]).toMatchObject({
        noncurrent_version_transition: [{ noncurrent_days: 90, storage_class: "GLACIER" }],
        noncurrent_version_expiration: [{ noncurrent_days: 365 }],
      });
    });

    test("logs its access to the log bucket under s3/", () => {
      expect(resource(json, "aws_s3_bucket_logging", "site_logging")).toMatchObject({
        target_bucket: "${aws_s3_bucket.site_logs.bucket}",
        target_prefix: "s3/",
      });
    });
  });

  describe("the log bucket", () => {
    test("has ACLs enabled with exactly the owner and awslogsdelivery, as CloudFront standard logging needs", () => {
      expect(resource(json, "aws_s3_bucket_ownership_controls", "site_logs_ownership").rule).toEqual({
        object_ownership: "BucketOwnerPreferred",
      });
      const acl = resource(json, "aws_s3_bucket_acl", "site_logs_acl");
      expect(acl.access_control_policy).toEqual({
        owner: { id: "${data.aws_canonical_user_id.site_logs_owner.id}" },
        grant: [
          {
            grantee: { type: "CanonicalUser", id: "${data.aws_canonical_user_id.site_logs_owner.id}" },
            permission: "FULL_CONTROL",
          },
          {
            grantee: { type: "CanonicalUser", id: "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0" },
            permission: "FULL_CONTROL",
          },
        ],
      });
      expect(acl).not.toHaveProperty("acl");
      expect(acl.depends_on).toContain("aws_s3_bucket_ownership_controls.site_logs_ownership");
    });

    test("is SSE-S3 (server access logging takes no other), public access blocked, TLS-only, expiring", () => {
      expect(resource(json, "aws_s3_bucket_server_side_encryption_configuration", "site_logs_encryption").rule).toEqual(
        [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }],
      );
      expect(resource(json, "aws_s3_bucket_public_access_block", "site_logs_public_access").block_public_acls).toBe(
        true,
      );
      const statements = policyOf(resource(json, "aws_s3_bucket_policy", "site_logs_policy")).Statement;
      expect(statements.map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "S3ServerAccessLogDelivery"]);
      expect(statements[1]!.Condition).toEqual({
        ArnLike: { "aws:SourceArn": "${aws_s3_bucket.site.arn}" },
        StringEquals: { "aws:SourceAccount": "123456789012" },
      });
      const rules = resource(json, "aws_s3_bucket_lifecycle_configuration", "site_logs_lifecycle").rule as Record<
        string,
        unknown
      >[];
      expect(rules[1]).toMatchObject({
        id: "expire-edge-logs",
        expiration: [{ days: 364 }],
        noncurrent_version_expiration: [{ noncurrent_days: 1 }],
      });
    });

    test("receives the distribution's standard logs under cloudfront/, after its ACL exists", () => {
      expect(distribution.logging_config).toEqual({
        bucket: "${aws_s3_bucket.site_logs.bucket_domain_name}",
        prefix: "cloudfront/",
        include_cookies: false,
      });
      expect(distribution.depends_on).toContain("aws_s3_bucket_acl.site_logs_acl");
    });
  });

  describe("the distribution", () => {
    test("reads the bucket through origin access control, never an origin access identity", () => {
      expect(resource(json, "aws_cloudfront_origin_access_control", "site_oac")).toMatchObject({
        origin_access_control_origin_type: "s3",
        signing_behavior: "always",
        signing_protocol: "sigv4",
      });
      expect(origins).toEqual([
        {
          origin_id: "site",
          domain_name: "${aws_s3_bucket.site.bucket_regional_domain_name}",
          origin_access_control_id: "${aws_cloudfront_origin_access_control.site_oac.id}",
        },
      ]);
      expect(resourcesOf(json, "aws_cloudfront_origin_access_identity")).toEqual({});
      expect(JSON.stringify(distribution)).not.toContain("origin_access_identity");
    });

    test("serves the aliases with the us-east-1 certificate, SNI, TLSv1.2_2021 minimum", () => {
      expect(distribution.aliases).toEqual(["bankapp.example.com"]);
      expect(distribution.viewer_certificate).toEqual({
        acm_certificate_arn: CERT,
        ssl_support_method: "sni-only",
        minimum_protocol_version: "TLSv1.2_2021",
      });
    });

    test("redirects HTTP to HTTPS, compresses, caches the site with CachingOptimized and adds security headers", () => {
      expect(siteBehavior).toMatchObject({
        target_origin_id: "site",
        viewer_protocol_policy: "redirect-to-https",
        compress: true,
        cache_policy_id: "658327ea-f89d-4fab-a63d-7e88639e58f6",
        response_headers_policy_id: "67f7725c-6f97-4210-82d7-5512b31e9d03",
        allowed_methods: ["GET", "HEAD", "OPTIONS"],
      });
    });

    test("answers unknown paths with /index.html 200 (SPA), root object, price class, logging and IPv6", () => {
      expect(distribution.custom_error_response).toEqual([
        { error_code: 403, response_code: 200, response_page_path: "/index.html", error_caching_min_ttl: 10 },
        { error_code: 404, response_code: 200, response_page_path: "/index.html", error_caching_min_ttl: 10 },
      ]);
      expect(distribution).toMatchObject({
        default_root_object: "index.html",
        price_class: "PriceClass_100",
        is_ipv6_enabled: true,
        enabled: true,
      });
      expect(
        resource(
          synth({ priceClass: "PriceClass_All", errorResponses: [] }),
          "aws_cloudfront_distribution",
          "site_distribution",
        ),
      ).toMatchObject({
        price_class: "PriceClass_All",
        custom_error_response: [],
      });
    });

    test("has no web ACL unless given, and the given CLOUDFRONT one", () => {
      expect(distribution).not.toHaveProperty("web_acl_id");
      const acl = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/bankapp/11111111-2222-3333-4444-555555555555";
      expect(resource(synth({ webAclArn: acl }), "aws_cloudfront_distribution", "site_distribution").web_acl_id).toBe(
        acl,
      );
    });
  });

  describe("with an API origin", () => {
    const withApi = synth({ apiOrigin: api });
    const dist = resource(withApi, "aws_cloudfront_distribution", "site_distribution");
    const apiBehaviors = (dist.ordered_cache_behavior as Behavior[]).filter((b) => b.target_origin_id === "api");

    test("connects to the origin over HTTPS only, TLS 1.2", () => {
      expect((dist.origin as Origin[]).find((o) => o.origin_id === "api")).toEqual({
        origin_id: "api",
        domain_name: "origin-api.bankapp.example.com",
        custom_origin_config: {
          http_port: 80,
          https_port: 443,
          origin_protocol_policy: "https-only",
          origin_ssl_protocols: ["TLSv1.2"],
          origin_read_timeout: 30,
        },
      });
    });

    test("never caches an API response: CachingDisabled, all viewer values but Host forwarded, HTTPS only", () => {
      expect(apiBehaviors).toEqual([
        {
          path_pattern: "/api/*",
          target_origin_id: "api",
          viewer_protocol_policy: "https-only",
          allowed_methods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
          cached_methods: ["GET", "HEAD"],
          cache_policy_id: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
          origin_request_policy_id: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
          compress: false,
        },
      ]);
      // No legacy TTLs or forwarded_values that could cache beside the policy, and no error response
      // (applied to every path) that would turn an API error into a cached page.
      expect(JSON.stringify(apiBehaviors)).not.toMatch(/_ttl|forwarded_values/);
      expect(dist.custom_error_response).toEqual([]);
    });

    test("routes the SPA on the site path with a viewer-request function instead", () => {
      const fn = resource(withApi, "aws_cloudfront_function", "site_spa_routing");
      expect(fn).toMatchObject({ runtime: "cloudfront-js-2.0", publish: true });
      expect((dist.default_cache_behavior as Behavior).function_association).toEqual([
        { event_type: "viewer-request", function_arn: "${aws_cloudfront_function.site_spa_routing.arn}" },
      ]);
      const handler = new Function(`${fn.code as string}; return handler;`)() as (e: { request: { uri: string } }) => {
        uri: string;
      };
      expect(handler({ request: { uri: "/accounts/42" } }).uri).toBe("/index.html");
      expect(handler({ request: { uri: "/assets/app.3f2a.js" } }).uri).toBe("/assets/app.3f2a.js");
      expect(handler({ request: { uri: "/" } }).uri).toBe("/");
    });

    test("refuses error responses, which would rewrite API errors too", () => {
      expect(() =>
        synth({
          apiOrigin: api,
          errorResponses: [{ errorCode: 404, responseCode: 200, responsePagePath: "/index.html" }],
        }),
      ).toThrow(/errorResponses: CloudFront applies error responses to every path/);
    });
  });

  describe("origin failover", () => {
    const replica = { bucketRegionalDomainName: "bankapp-prod-site-dr.s3.us-west-2.amazonaws.com" };
    const failover = synth({ replicaOrigins: { dr: replica }, failover: { origins: ["site", "dr"] } });
    const dist = resource(failover, "aws_cloudfront_distribution", "site_distribution");

    test("groups the site and its replica, both through OAC, and serves the site path from the group", () => {
      expect(dist.origin_group).toEqual([
        {
          origin_id: "site_failover",
          failover_criteria: { status_codes: [500, 502, 503, 504] },
          member: [{ origin_id: "site" }, { origin_id: "dr" }],
        },
      ]);
      expect((dist.origin as Origin[]).find((o) => o.origin_id === "dr")?.origin_access_control_id).toBe(
        "${aws_cloudfront_origin_access_control.site_oac.id}",
      );
      expect((dist.default_cache_behavior as Behavior).target_origin_id).toBe("site_failover");
    });

    test("refuses an origin group with one origin", () => {
      expect(() => synth({ failover: { origins: ["site"] } })).toThrow(
        /failover.origins: an origin group has exactly 2 origins, primary then secondary; 1 given/,
      );
    });

    test("refuses unknown and repeated members and status codes CloudFront does not fail over on", () => {
      expect(() =>
        synth({ replicaOrigins: { dr: replica }, failover: { origins: ["site", "nope"], statusCodes: [501] } }),
      ).toThrow(
        /failover.origins\[1\]: "nope" is neither "site", "replica" \(built\) nor a key of replicaOrigins[\s\S]*failover.statusCodes\[0\]: CloudFront fails over on 400, 403, 404, 416, 500, 502, 503 or 504, not 501/,
      );
      expect(() => synth({ failover: { origins: ["site", "site"] } })).toThrow(
        /failover.origins\[1\]: "site" is already failover.origins\[0\]/,
      );
    });
  });

  describe("a built replica in another region", () => {
    const replicaOf = (props: Partial<StaticSiteProps> = {}) =>
      synthModule((s) => {
        const provider = new AwsProvider(s, "us_west_2", { alias: "us_west_2", region: "us-west-2" });
        new StaticSite(s, "site", {
          ...base,
          replica: {
            region: "us-west-2",
            siteRegion: "us-east-1",
            bucketName: "bankapp-prod-site-dr",
            logBucketName: "bankapp-prod-site-dr-logs",
            provider,
          },
          ...props,
        });
      });
    const json = replicaOf({
      lifecycleRules: [{ id: "old-versions", noncurrentExpirationDays: 365 }],
    });
    const dist = resource(json, "aws_cloudfront_distribution", "site_distribution");

    test("is the origin group's secondary, the site first, both through the one OAC", () => {
      expect(dist.origin_group).toEqual([
        {
          origin_id: "site_failover",
          failover_criteria: { status_codes: [500, 502, 503, 504] },
          member: [{ origin_id: "site" }, { origin_id: "replica" }],
        },
      ]);
      expect((dist.origin as Origin[]).find((o) => o.origin_id === "replica")).toEqual({
        origin_id: "replica",
        domain_name: "${aws_s3_bucket.site_replica.bucket_regional_domain_name}",
        origin_access_control_id: "${aws_cloudfront_origin_access_control.site_oac.id}",
      });
    });

    test("is private, versioned, TLS-only, protected, in its region with a key of that region", () => {
      const bucket = resource(json, "aws_s3_bucket", "site_replica");
      expect(bucket).toMatchObject({
        bucket: "bankapp-prod-site-dr",
        provider: "aws.us_west_2",
        lifecycle: { prevent_destroy: true },
      });
      expect(resource(json, "aws_kms_key", "site_replica_key").provider).toBe("aws.us_west_2");
      expect(resource(json, "aws_s3_bucket_versioning", "site_replica_versioning").versioning_configuration).toEqual({
        status: "Enabled",
      });
      expect(resource(json, "aws_s3_bucket_public_access_block", "site_replica_public_access")).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
        provider: "aws.us_west_2",
      });
      expect(
        resource(json, "aws_s3_bucket_server_side_encryption_configuration", "site_replica_encryption").rule,
      ).toEqual([
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: "aws:kms",
            kms_master_key_id: "${aws_kms_key.site_replica_key.arn}",
          },
          bucket_key_enabled: true,
        },
      ]);
      const rules = resource(json, "aws_s3_bucket_lifecycle_configuration", "site_replica_lifecycle").rule as {
        id: string;
      }[];
      expect(rules.map((r) => r.id)).toEqual(["abort-incomplete-multipart-uploads", "old-versions"]);
    });

    test("logs its server access to a log bucket of its own region, written only for the replica", () => {
      expect(resource(json, "aws_s3_bucket_logging", "site_replica_logging")).toMatchObject({
        target_bucket: "${aws_s3_bucket.site_replica_logs.bucket}",
        provider: "aws.us_west_2",
      });
      expect(resource(json, "aws_s3_bucket", "site_replica_logs").provider).toBe("aws.us_west_2");
      const delivery = policyOf(resource(json, "aws_s3_bucket_policy", "site_replica_logs_policy")).Statement[1];
      expect(delivery?.Condition).toEqual({
        ArnLike: { "aws:SourceArn": "arn:aws:s3:::bankapp-prod-site-dr" },
        StringEquals: { "aws:SourceAccount": "123456789012" },
      });
    });

    test("admits only this distribution, to read and to decrypt", () => {
      const statements = policyOf(resource(json, "aws_s3_bucket_policy", "site_replica_policy")).Statement;
      expect(statements.map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "CloudFrontReadsThroughOac"]);
      expect(statements[1]).toMatchObject({
        Resource: "arn:aws:s3:::bankapp-prod-site-dr/*",
        Condition: { StringEquals: { "AWS:SourceArn": "${aws_cloudfront_distribution.site_distribution.arn}" } },
      });
      const key = policyOf(resource(json, "aws_kms_key", "site_replica_key")).Statement;
      expect(key.find((s) => s.Sid === "CloudFrontDecryptsForThisDistribution")?.Condition).toEqual({
        StringEquals: { "AWS:SourceArn": "${aws_cloudfront_distribution.site_distribution.arn}" },
      });
    });

    test("receives every object by S3 Replication, re-encrypted with its own key, after both sides are versioned", () => {
      const replication = resource(json, "aws_s3_bucket_replication_configuration", "site_replication");
      expect(replication).toMatchObject({
        bucket: "${aws_s3_bucket.site.id}",
        role: "${aws_iam_role.site_replication_role.arn}",
        depends_on: expect.arrayContaining([
          "aws_s3_bucket_versioning.site_versioning",
          "aws_s3_bucket_versioning.site_replica_versioning",
        ]),
      });
      expect(replication.rule).toEqual([
        expect.objectContaining({
          source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
          delete_marker_replication: { status: "Enabled" },
          destination: {
            bucket: "${aws_s3_bucket.site_replica.arn}",
            encryption_configuration: { replica_kms_key_id: "${aws_kms_key.site_replica_key.arn}" },
          },
        }),
      ]);
      expect(resource(json, "aws_iam_role", "site_replication_role").name).toBe("bankapp-prod-site-replication");
    });

    test("the replication role reads the site, writes the replica, and uses each key only through S3 of its region", () => {
      const statements = policyOf(resource(json, "aws_iam_role_policy", "site_replication_policy")).Statement;
      expect(statements).toEqual([
        expect.objectContaining({ Sid: "ReadReplicationConfiguration", Resource: "${aws_s3_bucket.site.arn}" }),
        expect.objectContaining({ Sid: "ReadSourceVersions", Resource: "${aws_s3_bucket.site.arn}/*" }),
        expect.objectContaining({ Sid: "WriteReplicas", Resource: "${aws_s3_bucket.site_replica.arn}/*" }),
        {
          Sid: "DecryptSourceObjects",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: "${aws_kms_key.site_key.arn}",
          Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
        },
        {
          Sid: "EncryptReplicas",
          Effect: "Allow",
          Action: ["kms:Encrypt", "kms:GenerateDataKey"],
          Resource: "${aws_kms_key.site_replica_key.arn}",
          Condition: { StringEquals: { "kms:ViaService": "s3.us-west-2.amazonaws.com" } },
        },
      ]);
    });

    test("an SSE-S3 site has an SSE-S3 replica and no key statements", () => {
      const s3 = replicaOf({ encryption: "s3" });
      expect(resourcesOf(s3, "aws_kms_key")).toEqual({});
      const statements = policyOf(resource(s3, "aws_iam_role_policy", "site_replication_policy")).Statement;
      expect(statements.map((s) => s.Sid)).toEqual([
        "ReadReplicationConfiguration",
        "ReadSourceVersions",
        "WriteReplicas",
      ]);
      expect(resource(s3, "aws_s3_bucket_replication_configuration", "site_replication").rule).toEqual([
        expect.not.objectContaining({ source_selection_criteria: expect.anything() }),
      ]);
    });

    test("refuses the site's own region and a replica origin key it would shadow", () => {
      expect(() =>
        synthModule((s) => {
          const provider = new AwsProvider(s, "east", { alias: "east", region: "us-east-1" });
          new StaticSite(s, "site", {
            ...base,
            replica: {
              region: "us-east-1",
              siteRegion: "us-east-1",
              bucketName: "bankapp-prod-site-dr",
              logBucketName: "bankapp-prod-site-dr-logs",
              provider,
            },
            replicaOrigins: { replica: { bucketRegionalDomainName: "x.s3.us-west-2.amazonaws.com" } },
          });
        }),
      ).toThrow(
        /replicaOrigins.replica: the key is the origin id of the built replica[\s\S]*replica.region: the replica is in another region than the site \(us-east-1\)/,
      );
    });
  });

  describe("validation", () => {
    test("refuses a certificate outside us-east-1", () => {
      expect(() =>
        synth({
          certificate: {
            certificateArn: "arn:aws:acm:ca-central-1:123456789012:certificate/x",
            domainName: "bankapp.example.com",
          },
        }),
      ).toThrow(
        /certificate: CloudFront reads certificates from ACM in us-east-1 only; arn:aws:acm:ca-central-1:123456789012:certificate\/x is in ca-central-1/,
      );
    });

    test("refuses a regional web ACL", () => {
      expect(() => synth({ webAclArn: "arn:aws:wafv2:ca-central-1:123456789012:regional/webacl/x/1" })).toThrow(
        /webAclArn: a distribution takes a WAFv2 web ACL of scope CLOUDFRONT/,
      );
    });

    test("refuses moving live objects to Glacier, and Standard-IA before 30 days", () => {
      expect(() =>
        synth({
          lifecycleRules: [
            {
              id: "x",
              transitions: [
                { days: 90, storageClass: "GLACIER" },
                { days: 7, storageClass: "STANDARD_IA" },
              ],
            },
          ],
        }),
      ).toThrow(
        /lifecycleRules\[0\].transitions\[0\].storageClass: GLACIER objects cannot be read without a restore[\s\S]*lifecycleRules\[0\].transitions\[1\].days: S3 moves objects to STANDARD_IA after 30 days at the earliest, not 7/,
      );
    });

    test("refuses no aliases and repeated rule ids", () => {
      expect(() => synth({ aliases: [], lifecycleRules: [{ id: "a" }, { id: "a" }] })).toThrow(
        /aliases: name at least one domain[\s\S]*lifecycleRules\[1\].id: "a" is already lifecycleRules\[0\]/,
      );
    });
  });
});
