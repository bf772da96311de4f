/**
 * What a config layer needs of the dns-zone module (allowed values, defaults), with no construct import.
 */

/** Route 53 geolocation continent codes. @see https://docs.aws.amazon.com/Route53/latest/APIReference/API_GeoLocation.html */
export const CONTINENT_CODES = ["AF", "AN", "AS", "EU", "OC", "NA", "SA"] as const;
export type ContinentCode = (typeof CONTINENT_CODES)[number];

/** The geolocation country code of the default record: queries from anywhere no other record covers. */
export const DEFAULT_LOCATION = "*";

/**
 * Hosted zone ids of alias targets that are the same everywhere.
 * CloudFront: @see https://docs.aws.amazon.com/Route53/latest/APIReference/API_AliasTarget.html
 * Global Accelerator: @see https://docs.aws.amazon.com/general/latest/gr/global_accelerator.html
 */
export const ALIAS_ZONE_IDS = { cloudFront: "Z2FDTNDATAQYW2", globalAccelerator: "Z2BJ6XQ5FK7U4H" } as const;

/**
 * Health check defaults, and what Route 53 allows.
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html
 */
export const HEALTH_CHECK = {
  port: 443,
  path: "/health",
  failureThreshold: 3,
  requestInterval: 30,
  /** 1-10 consecutive failures (or successes) change the status. */
  failureThresholdRange: [1, 10],
  /** Seconds between checks: 30 (standard) or 10 (fast, billed higher). */
  requestIntervals: [10, 30],
  /** A health check given checker regions needs at least three. */
  minRegions: 3,
} as const;

export const DEFAULTS = {
  recordType: "A",
  ttl: 300,
  /** DNSSEC signing is opt-in: turning it off later needs the DS record removed at the parent first. */
  dnssec: false,
} as const;

/**
 * The KMS key behind a key-signing key: us-east-1, asymmetric, ECC_NIST_P256, SIGN_VERIFY.
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-configuring-dnssec-cmk-requirements.html
 */
export const DNSSEC_KEY = { region: "us-east-1", keySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY" } as const;
