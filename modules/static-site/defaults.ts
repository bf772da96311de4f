/**
 * What a config layer needs of the static-site module (managed policy ids, allowed values,
 * defaults), with no construct import.
 */

/**
 * AWS managed CloudFront policies, by their documented ids.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-response-headers-policies.html
 */
export const MANAGED_POLICY_IDS = {
  /** CachingDisabled: min, default and max TTL 0, nothing in the cache key: nothing is cached. */
  cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  /** CachingOptimized: long TTLs, no query strings or cookies in the key, gzip and brotli. */
  cachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6",
  /** AllViewerExceptHostHeader: every viewer header, cookie and query string except Host (the origin's TLS name stays its own). */
  allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
  /** SecurityHeadersPolicy: HSTS, X-Content-Type-Options, X-Frame-Options, Referrer-Policy, X-XSS-Protection. */
  securityHeaders: "67f7725c-6f97-4210-82d7-5512b31e9d03",
} as const;

/**
 * The newest CloudFront viewer security policy with TLS 1.2 as the minimum (TLS 1.2 and 1.3, no
 * CBC-SHA1 ciphers), for SNI with an ACM certificate.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
 */
export const VIEWER_SECURITY_POLICY = "TLSv1.2_2021";

/** CloudFront price classes. @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/PriceClass.html */
export const PRICE_CLASSES = ["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const;
export type PriceClass = (typeof PRICE_CLASSES)[number];

/**
 * Storage classes a served object may sit in: CloudFront's GetObject must read it without a restore.
 * GLACIER (Flexible Retrieval) and DEEP_ARCHIVE objects answer 403 InvalidObjectState until restored,
 * so only noncurrent versions may move there.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects.html
 */
export const SERVED_STORAGE_CLASSES = ["STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR"] as const;
export const ARCHIVE_STORAGE_CLASSES = ["GLACIER", "DEEP_ARCHIVE"] as const;
export type StorageClass = (typeof SERVED_STORAGE_CLASSES)[number] | (typeof ARCHIVE_STORAGE_CLASSES)[number];

/** S3 refuses a transition to STANDARD_IA or ONEZONE_IA before 30 days. @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html */
export const MIN_IA_DAYS = 30;

/** Origin failover: an origin group has exactly two members. @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html */
export const ORIGIN_GROUP_SIZE = 2;

/** The primary's status codes CloudFront can fail over on. @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html */
export const FAILOVER_STATUS_CODES = [400, 403, 404, 416, 500, 502, 503, 504] as const;

export const DEFAULTS = {
  defaultRootObject: "index.html",
  priceClass: "PriceClass_100" as PriceClass,
  compress: true,
  apiPathPattern: "/api/*",
  /** Status codes from the primary that send a request to the secondary origin. */
  failoverStatusCodes: [500, 502, 503, 504],
  /** A single-page app answers unknown paths with its index page. */
  spaErrorResponses: [
    { errorCode: 403, responseCode: 200, responsePagePath: "/index.html" },
    { errorCode: 404, responseCode: 200, responsePagePath: "/index.html" },
  ],
  logRetentionDays: 365,
  originReadTimeoutSeconds: 30,
} as const;
