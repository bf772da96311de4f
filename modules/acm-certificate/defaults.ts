/**
 * What a config layer needs of the ACM certificate module, with no construct import.
 */

/** Key algorithms ACM issues public certificates with. @see https://docs.aws.amazon.com/acm/latest/userguide/acm-certificate.html#algorithms */
export const KEY_ALGORITHMS = ["RSA_2048", "EC_prime256v1", "EC_secp384r1"] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

/**
 * Key algorithms CloudFront serves from an ACM certificate: RSA 2048 and ECDSA P-256 only.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html
 */
export const CLOUDFRONT_KEY_ALGORITHMS: readonly KeyAlgorithm[] = ["RSA_2048", "EC_prime256v1"];

/**
 * CloudFront reads its viewer certificate from ACM in us-east-1 only.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html#https-requirements-certificate-issuer
 */
export const CLOUDFRONT_CERTIFICATE_REGION = "us-east-1";

/**
 * ACM's default quota of domain names per certificate (the primary name included); adjustable.
 * @see https://docs.aws.amazon.com/acm/latest/userguide/acm-limits.html
 */
export const MAX_DOMAIN_NAMES = 10;

export const DEFAULTS = {
  /** The widest client support; an ECDSA key is smaller and faster where every client takes it. */
  keyAlgorithm: "RSA_2048" as KeyAlgorithm,
  /** TTL of the validation CNAMEs. */
  validationRecordTtl: 60,
} as const;

/** A DNS name a public certificate can carry: lowercase labels, a wildcard only as the whole first label. */
export const CERTIFICATE_DOMAIN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
