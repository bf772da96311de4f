/**
 * What a config needs of the central CloudWatch Logs destination without loading a construct:
 * defaults, and the name rules AWS sets for destinations and log groups.
 */

export const CENTRAL_LOGS_DEFAULTS = {
  /** Days from a log's arrival in the archive to its deletion: seven years, as the log archive keeps audit logs. */
  retentionDays: 2557,
  /** Days before archived logs move to S3 Glacier Flexible Retrieval. */
  glacierAfterDays: 90,
  /** Days the delivery stream's own error log is kept. */
  errorLogRetentionDays: 365,
  /**
   * Firehose buffering: an object at most every 300 s or 5 MiB, whichever comes first.
   * @see https://docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html
   */
  bufferingIntervalSeconds: 300,
  bufferingSizeMiB: 5,
  /** Key prefix of the delivered objects (a day per folder) and of the records Firehose could not deliver. */
  prefix: "cloudwatch-logs/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/",
  errorOutputPrefix:
    "cloudwatch-logs-errors/!{firehose:error-output-type}/!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/",
} as const;

/**
 * A log group name as CloudWatch Logs accepts it.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
 */
export const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/**
 * A log group takes at most two subscription filters; this module places one.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html
 */
export const SUBSCRIPTION_FILTERS_PER_LOG_GROUP = 2;

/** `us-east-1` from `arn:aws:logs:us-east-1:123456789012:destination:name`; undefined when not such an ARN. */
export function destinationRegion(destinationArn: string): string | undefined {
  return /^arn:aws(?:-[a-z]+)*:logs:([a-z0-9-]+):\d{12}:destination:[^:*]+$/.exec(destinationArn)?.[1];
}
