import {
  CloudfrontDistribution,
  type CloudfrontDistributionOrigin,
} from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontFunction } from "@cdktf/provider-aws/lib/cloudfront-function";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Lazy, Token, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { CertificateRef } from "../acm-certificate";
import { denyInsecureTransport, policyDocument, policyJson, type PolicyStatement } from "../iam/policy";
import { KmsKeyWithAlias } from "../kms-key";
import { ABORT_INCOMPLETE_UPLOADS, SecureBucket } from "../secure-bucket";
import { BucketReplication } from "../secure-bucket/replication";
import {
  ARCHIVE_STORAGE_CLASSES,
  DEFAULTS,
  FAILOVER_STATUS_CODES,
  MANAGED_POLICY_IDS,
  MIN_IA_DAYS,
  ORIGIN_GROUP_SIZE,
  PRICE_CLASSES,
  VIEWER_SECURITY_POLICY,
  type PriceClass,
  type StorageClass,
} from "./defaults";
import { LogBucket, LogWriter } from "../log-bucket";

export {
  DEFAULTS,
  MANAGED_POLICY_IDS,
  PRICE_CLASSES,
  VIEWER_SECURITY_POLICY,
  type PriceClass,
  type StorageClass,
} from "./defaults";

/** The site bucket's origin id; other origins take their keys. */
const SITE_ORIGIN = "site";
const API_ORIGIN = "api";
const SITE_GROUP = "site_failover";
/** The origin id of the replica this module builds (`replica`). */
const REPLICA_ORIGIN = "replica";

/** A lifecycle rule of the site bucket. */
export interface SiteLifecycleRule {
  /** Rule id, unique. */
  readonly id: string;
  /** @default - every object */
  readonly prefix?: string;
  /**
   * Current objects move to a class CloudFront can still read (STANDARD_IA, ONEZONE_IA from 30 days,
   * INTELLIGENT_TIERING, GLACIER_IR); GLACIER and DEEP_ARCHIVE are refused here: they need a restore.
   * @default []
   */
  readonly transitions?: readonly { readonly days: number; readonly storageClass: StorageClass }[];
  /** Noncurrent versions (old deploys) move on, to any class (e.g. 003's Glacier after 90 days). @default [] */
  readonly noncurrentTransitions?: readonly { readonly days: number; readonly storageClass: StorageClass }[];
  /** Noncurrent versions are deleted this many days after they became noncurrent. @default - kept */
  readonly noncurrentExpirationDays?: number;
}

/** An S3 bucket another region holds, served as the secondary of the origin group. */
export interface ReplicaOrigin {
  /** `bucket_regional_domain_name` of the replica. */
  readonly bucketRegionalDomainName: string;
}

/**
 * A replica of the site bucket in another region, built by this module: private, versioned, public
 * access blocked, TLS-only, encrypted like the site (SSE-KMS with a key of its own region), readable
 * only by this distribution through the same OAC, and fed by S3 Replication from the site bucket.
 * The caller keeps it in the site's residency zone.
 */
export interface SiteReplica {
  /** Region of the replica, not the site's. */
  readonly region: string;
  /** Region of the site bucket (this stack's provider), for the replication role's KMS conditions. */
  readonly siteRegion: string;
  /** Globally unique name of the replica bucket. Changing it replaces the bucket. */
  readonly bucketName: string;
  /** Globally unique name of the bucket in `region` that receives the replica's server access logs. */
  readonly logBucketName: string;
  /** The provider of `region` in the site's account. */
  readonly provider: TerraformProvider;
  /** IAM name of the replication role. @default "<bucketName of the site>-replication" */
  readonly roleName?: string;
}

/** A load balancer (or other HTTPS endpoint) behind `apiOrigin.pathPattern`. */
export interface ApiOrigin {
  /**
   * Host name CloudFront connects to over HTTPS: a name the origin's certificate carries (the ALB's
   * custom name, not its `elb.amazonaws.com` name, which no certificate of yours covers).
   */
  readonly domainName: string;
  /** @default "/api/*" */
  readonly pathPattern?: string;
  /** Seconds CloudFront waits for a response (1-60 without a quota increase). @default 30 */
  readonly readTimeoutSeconds?: number;
}

export interface StaticSiteProps {
  /** Globally unique name of the site bucket. Changing it replaces the bucket. */
  readonly bucketName: string;
  /** Globally unique name of the log bucket (CloudFront standard logs and the site bucket's access logs). */
  readonly logBucketName: string;
  /** Account that owns the buckets and the key. */
  readonly accountId: string;
  /** Names the distribution answers to; the certificate must cover each. */
  readonly aliases: readonly string[];
  /** An ACM certificate in us-east-1 (CloudFront reads certificates there only), e.g. an `AcmCertificate` with `forCloudFront`. */
  readonly certificate: CertificateRef;
  /**
   * Default encryption of the site bucket: `kms` (SSE-KMS with a CMK whose key policy admits CloudFront
   * for this distribution only) or `s3` (SSE-S3). Changing it re-encrypts only new objects.
   * @default "kms"
   */
  readonly encryption?: "kms" | "s3";
  /** Lifecycle rules of the site bucket; an abort-incomplete-multipart rule is always added. @default [] */
  readonly lifecycleRules?: readonly SiteLifecycleRule[];
  /** A load balancer origin for the API path; its responses are never cached. @default - none */
  readonly apiOrigin?: ApiOrigin;
  /**
   * Other S3 origins (replicas of the site in another region), by key, for `failover`. Their bucket
   * policies (and keys) must admit this distribution: `originAccessStatement(bucketArn)`, `keyStatement()`.
   * @default {}
   */
  readonly replicaOrigins?: Readonly<Record<string, ReplicaOrigin>>;
  /**
   * A replica this module builds and replicates to (origin id `replica`); `failover` then defaults
   * to the site first, the replica second.
   * @default - none
   */
  readonly replica?: SiteReplica;
  /**
   * Origin failover of the site content (003): `origins` names the group's members in order, primary
   * first: `"site"` (this bucket) and keys of `replicaOrigins`. CloudFront fails over GET, HEAD and
   * OPTIONS requests only, so the API path never uses it.
   * @default - no origin group, or `{ origins: ["site", "replica"] }` with a `replica`
   */
  readonly failover?: { readonly origins: readonly string[]; readonly statusCodes?: readonly number[] };
  /** ARN of a WAFv2 web ACL of scope CLOUDFRONT (created in us-east-1). @default - no web ACL */
  readonly webAclArn?: string;
  /** @default "index.html" */
  readonly defaultRootObject?: string;
  /**
   * Error responses (SPA routing: 403 and 404 answer /index.html with 200). CloudFront applies them to
   * every behaviour, so with an `apiOrigin` none may be given: a viewer-request function on the site
   * path does the SPA routing instead, and API errors reach the client unchanged.
   * @default DEFAULTS.spaErrorResponses without an apiOrigin, [] with one
   */
  readonly errorResponses?: readonly {
    readonly errorCode: number;
    readonly responseCode: number;
    readonly responsePagePath: string;
  }[];
  /** Edge locations served (cost): PriceClass_100 (North America, Europe, Israel), _200, _All. @default "PriceClass_100" */
  readonly priceClass?: PriceClass;
  /** Compress responses (gzip, brotli) on the site path. @default true */
  readonly compress?: boolean;
  /** Days the edge logs are kept. @default 365 */
  readonly logRetentionDays?: number;
  /** Protect the buckets and the key from `terraform destroy` (and from deletion while they hold objects). @default true */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * A private, versioned, encrypted S3 bucket for a static site, served by CloudFront through Origin
 * Access Control with the us-east-1 certificate, TLS 1.2 minimum, HTTP → HTTPS, SPA routing, an
 * optional never-cached API origin, optional origin failover, standard logging and a web ACL.
 */
export class StaticSite extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly distributionId: string;
  readonly distributionArn: string;
  /** `dxxxx.cloudfront.net`, for `AliasTarget.cloudFront(...)`. */
  readonly distributionDomainName: string;
  /** The site key (encryption `kms`). */
  readonly kmsKeyArn?: string;
  readonly logBucketName: string;
  /** The replica bucket (with `replica`). */
  readonly replicaBucketArn?: string;
  /** The replica's key (with `replica` and encryption `kms`). */
  readonly replicaKmsKeyArn?: string;

  constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);
    const protect = props.deletionProtection ?? true;
    const encryption = props.encryption ?? "kms";
    this.node.addValidation({ validate: () => siteIssues(props) });

    const bucket = new S3Bucket(this, "resource", {
      bucket: props.bucketName,
      forceDestroy: !protect,
      tags: { ...props.tags, Name: props.bucketName },
      lifecycle: { preventDestroy: protect },
    });
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    // The distribution's standard logs (under `cloudfront/`, through the ACL) and the site bucket's
    // server access logs (under `s3/`), neither of which can write to an SSE-KMS bucket.
    const logs = new LogBucket(this, "logs", {
      bucketName: props.logBucketName,
      writers: [
        LogWriter.cloudFrontStandardLogs(),
        LogWriter.s3ServerAccessLogs({ sourceAccountId: props.accountId, sourceBucketArns: bucket.arn, prefix: "s3/" }),
      ],
      retentionDays: props.logRetentionDays ?? DEFAULTS.logRetentionDays,
      expirationRuleId: "expire-edge-logs",
      deletionProtection: protect,
      tags: { ...props.tags, Name: props.logBucketName },
    });
    this.logBucketName = logs.bucketName;

    // The distribution names the replica's domain, the replica's policy and key the distribution:
    // the replica is built after it, and the origin reads its domain at synth.
    let replica: SecureBucket | undefined;
    const replicaDomain = Lazy.stringValue({ produce: () => replica!.bucket.bucketRegionalDomainName });
    const distribution = this.createDistribution(props, bucket, logs, replicaDomain);
    this.distributionId = distribution.id;
    this.distributionArn = distribution.arn;
    this.distributionDomainName = distribution.domainName;

    const kmsKeyArn =
      encryption === "kms"
        ? new KmsKeyWithAlias(this, "key", {
            alias: `${props.bucketName}-site`,
            description: `Static site ${props.bucketName}, readable by its CloudFront distribution`,
            accountId: props.accountId,
            policyStatements: [this.keyStatement()],
            deletionProtection: protect,
          }).keyArn
        : undefined;
    this.kmsKeyArn = kmsKeyArn;
    const versioning = this.secureBucket(bucket, props, kmsKeyArn, logs);
    if (props.replica !== undefined) {
      const replicaKeyArn = this.createReplicaKey(props, props.replica, encryption, protect);
      replica = this.createReplica(props, props.replica, replicaKeyArn, protect);
      this.replicaBucketArn = replica.bucketArn;
      this.replicaKmsKeyArn = replicaKeyArn;
      this.replicate(props, props.replica, { bucket, versioning, kmsKeyArn }, { replica, kmsKeyArn: replicaKeyArn });
    }
  }

  /**
   * Bucket policy statement letting this distribution (and nothing else) read a bucket through OAC.
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
   */
  originAccessStatement(bucketArn: string): PolicyStatement {
    return {
      Sid: "CloudFrontReadsThroughOac",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
      Resource: `${bucketArn}/*`,
      Condition: { StringEquals: { "AWS:SourceArn": this.distributionArn } },
    };
  }

  /**
   * Key policy statement letting this distribution decrypt the objects it reads (SSE-KMS with OAC).
   * Read-only: a site that CloudFront only reads needs no kms:Encrypt or kms:GenerateDataKey.
   */
  keyStatement(): PolicyStatement {
    return {
      Sid: "CloudFrontDecryptsForThisDistribution",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: { StringEquals: { "AWS:SourceArn": this.distributionArn } },
    };
  }

  /**
   * The replica's key, in its region: KMS keys are regional, and S3 encrypts with a key of the
   * bucket's region only. This distribution decrypts what it reads through OAC.
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
   */
  private createReplicaKey(
    props: StaticSiteProps,
    replica: SiteReplica,
    encryption: "kms" | "s3",
    protect: boolean,
  ): string | undefined {
    if (encryption !== "kms") return undefined;
    return new KmsKeyWithAlias(this, "replica_key", {
      alias: `${replica.bucketName}-site`,
      description: `Replica ${replica.bucketName} of a static site, readable by its CloudFront distribution`,
      accountId: props.accountId,
      policyStatements: [this.keyStatement()],
      deletionProtection: protect,
      provider: replica.provider,
    }).keyArn;
  }

  /**
   * The replica bucket: hardened like the site (SecureBucket), the site's lifecycle, readable by this
   * distribution only, its server access logs in a log bucket of its own region (S3 delivers them to
   * a bucket of the source's region and account only).
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
   */
  private createReplica(
    props: StaticSiteProps,
    replica: SiteReplica,
    kmsKeyArn: string | undefined,
    protect: boolean,
  ): SecureBucket {
    const logs = new LogBucket(this, "replica_logs", {
      bucketName: replica.logBucketName,
      writers: [
        LogWriter.s3ServerAccessLogs({
          sourceAccountId: props.accountId,
          sourceBucketArns: `arn:aws:s3:::${replica.bucketName}`,
        }),
      ],
      retentionDays: props.logRetentionDays ?? DEFAULTS.logRetentionDays,
      deletionProtection: protect,
      tags: { ...props.tags, Name: replica.logBucketName },
      provider: replica.provider,
    });
    return new SecureBucket(this, "replica", {
      bucketName: replica.bucketName,
      kmsKeyArn,
      accessLogBucket: logs.bucketName,
      policyStatements: [this.originAccessStatement(`arn:aws:s3:::${replica.bucketName}`)],
      lifecycleRules: (props.lifecycleRules ?? []).map(lifecycleRule),
      deletionProtection: protect,
      tags: { ...props.tags, Name: replica.bucketName },
      provider: replica.provider,
    });
  }

  /**
   * S3 Replication from the site into its replica: every object, deletes too (the replica serves the
   * same site; its versions keep what a deploy removed), SSE-KMS objects re-encrypted with the
   * replica's key. Versioning must be on at both ends first.
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html
   */
  private replicate(
    props: StaticSiteProps,
    replica: SiteReplica,
    site: { bucket: S3Bucket; versioning: S3BucketVersioningA; kmsKeyArn?: string },
    to: { replica: SecureBucket; kmsKeyArn?: string },
  ): void {
    new BucketReplication(this, "replication", {
      sourceBucket: site.bucket.id,
      source: { bucketArn: site.bucket.arn, region: replica.siteRegion, kmsKeyArn: site.kmsKeyArn },
      destination: { bucketArn: to.replica.bucketArn, region: replica.region, kmsKeyArn: to.kmsKeyArn },
      accountId: props.accountId,
      roleName: replica.roleName ?? `${props.bucketName}-replication`,
      replicateDeletes: true,
      dependsOn: [site.versioning, to.replica.versioning],
      tags: props.tags,
    });
  }

  private createDistribution(
    props: StaticSiteProps,
    bucket: S3Bucket,
    logs: LogBucket,
    replicaDomain: string,
  ): CloudfrontDistribution {
    const oac = new CloudfrontOriginAccessControl(this, "oac", {
      name: props.bucketName,
      description: `OAC of ${props.bucketName}`,
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });
    const s3Origin = (originId: string, domainName: string): CloudfrontDistributionOrigin => ({
      originId,
      domainName,
      originAccessControlId: oac.id,
    });
    const origins: CloudfrontDistributionOrigin[] = [
      s3Origin(SITE_ORIGIN, bucket.bucketRegionalDomainName),
      ...Object.entries(props.replicaOrigins ?? {}).map(([key, r]) => s3Origin(key, r.bucketRegionalDomainName)),
      ...(props.replica === undefined ? [] : [s3Origin(REPLICA_ORIGIN, replicaDomain)]),
    ];
    const api = props.apiOrigin;
    if (api !== undefined) {
      origins.push({
        originId: API_ORIGIN,
        domainName: api.domainName,
        customOriginConfig: {
          httpPort: 80,
          httpsPort: 443,
          originProtocolPolicy: "https-only",
          originSslProtocols: ["TLSv1.2"],
          originReadTimeout: api.readTimeoutSeconds ?? DEFAULTS.originReadTimeoutSeconds,
        },
      });
    }
    const failover = failoverOf(props);
    const siteTarget = failover === undefined ? SITE_ORIGIN : SITE_GROUP;
    const spaFunction =
      api === undefined
        ? undefined
        : new CloudfrontFunction(this, "spa_routing", {
            name: `${props.bucketName.replace(/\./g, "-")}-spa-routing`.slice(0, 64),
            runtime: "cloudfront-js-2.0",
            comment: "SPA routing on the site path: paths without a file extension get /index.html",
            publish: true,
            code: SPA_ROUTING_CODE,
          });
    const errorResponses = props.errorResponses ?? (api === undefined ? DEFAULTS.spaErrorResponses : []);

    return new CloudfrontDistribution(this, "distribution", {
      enabled: true,
      comment: `Static site ${props.bucketName}`,
      aliases: [...props.aliases],
      defaultRootObject: props.defaultRootObject ?? DEFAULTS.defaultRootObject,
      priceClass: props.priceClass ?? DEFAULTS.priceClass,
      httpVersion: "http2and3",
      isIpv6Enabled: true,
      webAclId: props.webAclArn,
      origin: origins,
      originGroup:
        failover === undefined
          ? undefined
          : [
              {
                originId: SITE_GROUP,
                failoverCriteria: { statusCodes: [...(failover.statusCodes ?? DEFAULTS.failoverStatusCodes)] },
                member: failover.origins.map((originId) => ({ originId })),
              },
            ],
      defaultCacheBehavior: {
        targetOriginId: siteTarget,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD", "OPTIONS"],
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: MANAGED_POLICY_IDS.cachingOptimized,
        responseHeadersPolicyId: MANAGED_POLICY_IDS.securityHeaders,
        compress: props.compress ?? DEFAULTS.compress,
        functionAssociation:
          spaFunction === undefined ? undefined : [{ eventType: "viewer-request", functionArn: spaFunction.arn }],
      },
      orderedCacheBehavior:
        api === undefined
          ? undefined
          : [
              {
                pathPattern: api.pathPattern ?? DEFAULTS.apiPathPattern,
                targetOriginId: API_ORIGIN,
                // A POST must not be redirected: the API path refuses plain HTTP instead.
                viewerProtocolPolicy: "https-only",
                allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
                cachedMethods: ["GET", "HEAD"],
                // A residency-bound API: nothing cached at the edge, every viewer value but Host forwarded.
                cachePolicyId: MANAGED_POLICY_IDS.cachingDisabled,
                originRequestPolicyId: MANAGED_POLICY_IDS.allViewerExceptHostHeader,
                compress: false,
              },
            ],
      customErrorResponse: errorResponses.map((r) => ({
        errorCode: r.errorCode,
        responseCode: r.responseCode,
        responsePagePath: r.responsePagePath,
        errorCachingMinTtl: 10,
      })),
      restrictions: { geoRestriction: { restrictionType: "none" } },
      viewerCertificate: {
        acmCertificateArn: props.certificate.certificateArn,
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: VIEWER_SECURITY_POLICY,
      },
      loggingConfig: { bucket: logs.bucketDomainName, prefix: "cloudfront/", includeCookies: false },
      tags: { ...props.tags, Name: props.bucketName },
      dependsOn: [logs.acl!],
    });
  }

  /** Versioning, encryption, public access block, ownership, policy, lifecycle and access logs; returns the versioning. */
  private secureBucket(
    bucket: S3Bucket,
    props: StaticSiteProps,
    kmsKeyArn: string | undefined,
    logs: LogBucket,
  ): S3BucketVersioningA {
    const versioning = new S3BucketVersioningA(this, "versioning", {
      bucket: bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: bucket.id,
      rule: [
        kmsKeyArn === undefined
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
          : {
              applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: kmsKeyArn },
              bucketKeyEnabled: true,
            },
      ],
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, "public_access", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    // OAC needs ACLs disabled on the origin bucket.
    new S3BucketOwnershipControls(this, "ownership", {
      bucket: bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketPolicy(this, "policy", {
      bucket: bucket.id,
      policy: policyJson(policyDocument(denyInsecureTransport(bucket.arn), this.originAccessStatement(bucket.arn))),
      dependsOn: [publicAccess],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: bucket.id,
      rule: [ABORT_INCOMPLETE_UPLOADS, ...(props.lifecycleRules ?? []).map(lifecycleRule)],
    });
    new S3BucketLoggingA(this, "logging", { bucket: bucket.id, targetBucket: logs.bucketName, targetPrefix: "s3/" });
    return versioning;
  }
}

/** The origin group asked for, or the site then its built replica. */
function failoverOf(props: StaticSiteProps): StaticSiteProps["failover"] {
  if (props.replica === undefined || props.failover !== undefined) return props.failover;
  return { origins: [SITE_ORIGIN, REPLICA_ORIGIN] };
}

/** Paths without a file extension are app routes: serve the index page, leave assets alone. */
const SPA_ROUTING_CODE = `function handler(event) {
  var request = event.request;
  var last = request.uri.split("/").pop();
  if (last !== "" && last.indexOf(".") === -1) {
    request.uri = "/index.html";
  }
  return request;
}
`;

function lifecycleRule(rule: SiteLifecycleRule): S3BucketLifecycleConfigurationRule {
  return {
    id: rule.id,
    status: "Enabled",
    filter: [rule.prefix === undefined ? {} : { prefix: rule.prefix }],
    transition: rule.transitions?.map((t) => ({ days: t.days, storageClass: t.storageClass })),
    noncurrentVersionTransition: rule.noncurrentTransitions?.map((t) => ({
      noncurrentDays: t.days,
      storageClass: t.storageClass,
    })),
    noncurrentVersionExpiration:
      rule.noncurrentExpirationDays === undefined ? undefined : [{ noncurrentDays: rule.noncurrentExpirationDays }],
  };
}

function siteIssues(props: StaticSiteProps): string[] {
  const issues: string[] = [];
  const arn = props.certificate.certificateArn;
  if (!Token.isUnresolved(arn) && arn.split(":")[3] !== "us-east-1") {
    issues.push(
      `certificate: CloudFront reads certificates from ACM in us-east-1 only; ${arn} is in ${arn.split(":")[3]}`,
    );
  }
  const acl = props.webAclArn;
  if (acl !== undefined && !Token.isUnresolved(acl) && !/^arn:aws:wafv2:us-east-1:\d{12}:global\/webacl\//.test(acl)) {
    issues.push(
      `webAclArn: a distribution takes a WAFv2 web ACL of scope CLOUDFRONT (arn:aws:wafv2:us-east-1:<account>:global/webacl/...); ${acl} is not one`,
    );
  }
  if (props.aliases.length === 0) issues.push("aliases: name at least one domain the certificate covers");
  if (props.priceClass !== undefined && !(PRICE_CLASSES as readonly string[]).includes(props.priceClass)) {
    issues.push(`priceClass: "${props.priceClass}" is not one of ${PRICE_CLASSES.join(", ")}`);
  }
  if (props.apiOrigin !== undefined && (props.errorResponses ?? []).length > 0) {
    issues.push(
      "errorResponses: CloudFront applies error responses to every path, so API errors would become the index page; with an apiOrigin the site path routes by a viewer-request function instead",
    );
  }
  if (props.replica !== undefined && REPLICA_ORIGIN in (props.replicaOrigins ?? {})) {
    issues.push(`replicaOrigins.${REPLICA_ORIGIN}: the key is the origin id of the built replica; choose another`);
  }
  if (props.replica !== undefined && props.replica.region === props.replica.siteRegion) {
    issues.push(`replica.region: the replica is in another region than the site (${props.replica.siteRegion})`);
  }
  const failover = failoverOf(props);
  if (failover !== undefined) {
    const known = [
      SITE_ORIGIN,
      ...Object.keys(props.replicaOrigins ?? {}),
      ...(props.replica === undefined ? [] : [REPLICA_ORIGIN]),
    ];
    if (failover.origins.length !== ORIGIN_GROUP_SIZE) {
      issues.push(
        `failover.origins: an origin group has exactly ${ORIGIN_GROUP_SIZE} origins, primary then secondary; ${failover.origins.length} given`,
      );
    }
    failover.origins.forEach((o, i) => {
      if (!known.includes(o))
        issues.push(`failover.origins[${i}]: "${o}" is neither "site", "replica" (built) nor a key of replicaOrigins`);
      if (failover.origins.indexOf(o) < i)
        issues.push(`failover.origins[${i}]: "${o}" is already failover.origins[${failover.origins.indexOf(o)}]`);
    });
    (failover.statusCodes ?? []).forEach((code, i) => {
      if (!(FAILOVER_STATUS_CODES as readonly number[]).includes(code)) {
        issues.push(
          `failover.statusCodes[${i}]: CloudFront fails over on 400, 403, 404, 416, 500, 502, 503 or 504, not ${code}`,
        );
      }
    });
  }
  (props.lifecycleRules ?? []).forEach((rule, i) => {
    rule.transitions?.forEach((t, j) => {
      const path = `lifecycleRules[${i}].transitions[${j}]`;
      if ((ARCHIVE_STORAGE_CLASSES as readonly string[]).includes(t.storageClass)) {
        issues.push(
          `${path}.storageClass: ${t.storageClass} objects cannot be read without a restore, so CloudFront would get 403 for the live site; move noncurrent versions there (noncurrentTransitions) or use GLACIER_IR or INTELLIGENT_TIERING`,
        );
      }
      if ((t.storageClass === "STANDARD_IA" || t.storageClass === "ONEZONE_IA") && t.days < MIN_IA_DAYS) {
        issues.push(
          `${path}.days: S3 moves objects to ${t.storageClass} after ${MIN_IA_DAYS} days at the earliest, not ${t.days}`,
        );
      }
    });
    const first = (props.lifecycleRules ?? []).findIndex((r) => r.id === rule.id);
    if (first < i) issues.push(`lifecycleRules[${i}].id: "${rule.id}" is already lifecycleRules[${first}]`);
  });
  return issues;
}
