/** The log delivery services' identities, with no construct import. */

/**
 * The service principal Elastic Load Balancing delivers access logs as, in every Region. Regions that
 * existed before August 2022 also accept the older policy naming the Region's ELB account
 * (us-east-1 127311923021, ca-central-1 985666609251); AWS keeps it working but recommends this one,
 * and Regions outside that list support only this one.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
export const ELB_LOG_DELIVERY_PRINCIPAL = "logdelivery.elasticloadbalancing.amazonaws.com";

/**
 * The service principal S3 delivers server access logs as.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 */
export const S3_LOG_DELIVERY_PRINCIPAL = "logging.s3.amazonaws.com";

/**
 * Canonical user id of the `awslogsdelivery` account, which writes CloudFront standard logs (legacy)
 * and needs FULL_CONTROL in the log bucket's ACL.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html
 */
export const AWSLOGSDELIVERY_CANONICAL_ID = "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0";
