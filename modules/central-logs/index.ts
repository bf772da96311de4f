import { CloudwatchLogDestination } from "@cdktf/provider-aws/lib/cloudwatch-log-destination";
import { CloudwatchLogDestinationPolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-destination-policy";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, policyJson } from "../iam/policy";
import { cloudWatchLogsStatement, KmsKeyWithAlias } from "../kms-key";
import { expiringLogRules, MIN_RETENTION_DAYS, versionedExpiry } from "../log-archive/lifecycle";
import { SecureBucket } from "../secure-bucket";
import { CENTRAL_LOGS_DEFAULTS } from "./defaults";

export {
  CENTRAL_LOGS_DEFAULTS,
  destinationRegion,
  LOG_GROUP_NAME,
  SUBSCRIPTION_FILTERS_PER_LOG_GROUP,
} from "./defaults";

/** What a source account's subscription needs of the destination of its region. */
export interface LogDestinationRef {
  readonly destinationArn: string;
  /** Region of the destination (a literal): a log group subscribes only to the destination of its own region. */
  readonly region: string;
}

export interface CentralLogDestinationProps {
  /** Region of the destination, its stream and its bucket: the provider's region. */
  readonly region: string;
  /** The security account, which owns everything here. */
  readonly accountId: string;
  /** Organization id (`o-…`): only its accounts may subscribe (`aws:PrincipalOrgID`). */
  readonly organizationId: string;
  /**
   * Accounts whose log groups send here. CloudWatch Logs assumes the destination's role on behalf
   * of the sending account (and of this one, for the test record it sends when the destination is
   * created), and the role trusts exactly those (`aws:SourceArn`).
   */
  readonly sourceAccountIds: readonly string[];
  /** Prefix of the destination, stream, role, key and log group names (`acme-security-us-east-1`). */
  readonly namePrefix: string;
  /** Name of the regional archive bucket. Changing it replaces the bucket. */
  readonly bucketName: string;
  /**
   * Bucket receiving the archive bucket's server access logs (SSE-S3, in this region).
   * @default - no access logging
   */
  readonly accessLogBucketName?: string;
  /**
   * Days from a log's arrival to its deletion (the versioned-bucket arithmetic of log-archive).
   * @default 2557 - seven years
   */
  readonly retentionDays?: number;
  /**
   * Days before archived logs move to S3 Glacier Flexible Retrieval (cheaper, slower to read).
   * @default 90
   */
  readonly glacierAfterDays?: number;
  /**
   * Refuse `terraform destroy` of the bucket and the key.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Tags on every resource.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * The central CloudWatch Logs destination of one region, in the security account. Subscription
 * filters of the organization's accounts in this region deliver to it; it writes through Amazon
 * Data Firehose (encrypted with a CMK) into an archive bucket of the same region. Firehose rather
 * than a Kinesis data stream: it delivers to S3 itself (no consumer to run, no shards to size) and
 * keeps logs as long as the bucket does, where a stream holds records for at most a year. Nothing
 * leaves the region: the destination, the stream, the key and the bucket all live in `region`.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CrossAccountSubscriptions-Firehose.html
 */
export class CentralLogDestination extends Construct {
  readonly destinationArn: string;
  readonly destinationName: string;
  readonly deliveryStreamArn: string;
  readonly bucketArn: string;
  readonly kmsKeyArn: string;
  /** The hand-off to `LogSubscription` in the source accounts of this region. */
  readonly destination: LogDestinationRef;

  constructor(scope: Construct, id: string, props: CentralLogDestinationProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? CENTRAL_LOGS_DEFAULTS.retentionDays;
    const glacierAfterDays = props.glacierAfterDays ?? CENTRAL_LOGS_DEFAULTS.glacierAfterDays;
    const issues = centralLogIssues(props, retentionDays, glacierAfterDays);
    this.node.addValidation({ validate: () => issues });
    const protect = props.deletionProtection ?? true;
    const tags = props.tags ?? {};
    const name = `${props.namePrefix}-central-logs`;
    const logs = `arn:aws:logs:${props.region}:${props.accountId}`;
    const errorLogGroupName = `/aws/kinesisfirehose/${name}`;

    const key = new KmsKeyWithAlias(this, "key", {
      alias: name,
      description: `Central CloudWatch Logs of ${props.region}: delivery stream, archive bucket, error log`,
      accountId: props.accountId,
      policyStatements: [cloudWatchLogsStatement(props.region, `${logs}:log-group:${errorLogGroupName}`)],
      deletionProtection: protect,
    });
    this.kmsKeyArn = key.keyArn;

    const bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      kmsKeyArn: key.keyArn,
      accessLogBucket: props.accessLogBucketName,
      lifecycleRules: expiringLogRules("archive-then-expire-logs", retentionDays, glacierAfterDays),
      deletionProtection: protect,
    });
    this.bucketArn = bucket.bucketArn;

    const errorLog = new CloudwatchLogGroup(this, "error_log", {
      name: errorLogGroupName,
      retentionInDays: CENTRAL_LOGS_DEFAULTS.errorLogRetentionDays,
      kmsKeyId: key.keyArn,
      tags,
    });
    const errorStream = new CloudwatchLogStream(this, "error_log_stream", {
      name: "S3Delivery",
      logGroupName: errorLog.name,
    });

    const stream = this.createDeliveryStream(props, name, key.keyArn, bucket.bucketArn, errorLog, errorStream);
    this.deliveryStreamArn = stream.arn;

    const destination = this.createDestination(props, name, stream.arn);
    this.destinationArn = destination.arn;
    this.destinationName = destination.name;
    this.destination = { destinationArn: destination.arn, region: props.region };
  }

  /**
   * The destination, the role CloudWatch Logs assumes to put records into the stream on behalf of
   * the sending accounts, and the policy admitting the organization's subscriptions.
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateFirehoseStreamDestination.html
   */
  private createDestination(
    props: CentralLogDestinationProps,
    name: string,
    streamArn: string,
  ): CloudwatchLogDestination {
    const tags = props.tags ?? {};
    const senders = [...new Set([...props.sourceAccountIds, props.accountId])];
    const logsRole = new IamRole(this, "logs_role", {
      name: `${name}-to-firehose`,
      assumeRolePolicy: policyJson(
        policyDocument({
          Sid: "CloudWatchLogsOfTheSendingAccounts",
          Effect: "Allow",
          Principal: { Service: "logs.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringLike: { "aws:SourceArn": senders.map((account) => `arn:aws:logs:${props.region}:${account}:*`) },
          },
        }),
      ),
      tags,
    });
    const logsRolePolicy = new IamRolePolicy(this, "logs_role_policy", {
      role: logsRole.id,
      name: "put-records",
      policy: policyJson(
        policyDocument({
          Sid: "PutRecordsIntoTheStream",
          Effect: "Allow",
          Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
          Resource: streamArn,
        }),
      ),
    });

    const destination = new CloudwatchLogDestination(this, "resource", {
      name,
      roleArn: logsRole.arn,
      targetArn: streamArn,
      tags,
      // The destination is tested with a record as it is created: the role must already work.
      dependsOn: [logsRolePolicy],
    });
    // Any principal of the organization may subscribe, nobody outside it.
    // @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateDestination.html
    new CloudwatchLogDestinationPolicy(this, "policy", {
      destinationName: destination.name,
      accessPolicy: policyJson(
        policyDocument({
          Sid: "OrganizationAccountsSubscribe",
          Effect: "Allow",
          Principal: "*",
          Action: "logs:PutSubscriptionFilter",
          Resource: destination.arn,
          Condition: { StringEquals: { "aws:PrincipalOrgID": props.organizationId } },
        }),
      ),
    });
    return destination;
  }

  /**
   * Direct-put Firehose into the archive bucket, server-side encrypted with the CMK, objects
   * SSE-KMS with the same key. CloudWatch Logs sends gzip-compressed records, so Firehose adds no
   * compression of its own.
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#FirehoseExample
   */
  private createDeliveryStream(
    props: CentralLogDestinationProps,
    name: string,
    keyArn: string,
    bucketArn: string,
    errorLog: CloudwatchLogGroup,
    errorStream: CloudwatchLogStream,
  ): KinesisFirehoseDeliveryStream {
    // @see https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3
    const role = new IamRole(this, "firehose_role", {
      name: `${name}-firehose`,
      assumeRolePolicy: policyJson(
        policyDocument({
          Sid: "FirehoseOfThisAccount",
          Effect: "Allow",
          Principal: { Service: "firehose.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": props.accountId } },
        }),
      ),
      tags: props.tags ?? {},
    });
    const rolePolicy = new IamRolePolicy(this, "firehose_role_policy", {
      role: role.id,
      name: "deliver-to-archive",
      policy: policyJson(
        policyDocument(
          {
            Sid: "WriteTheArchive",
            Effect: "Allow",
            Action: [
              "s3:AbortMultipartUpload",
              "s3:GetBucketLocation",
              "s3:GetObject",
              "s3:ListBucket",
              "s3:ListBucketMultipartUploads",
              "s3:PutObject",
            ],
            Resource: [bucketArn, `${bucketArn}/*`],
          },
          {
            Sid: "EncryptThroughS3",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: keyArn,
            Condition: {
              StringEquals: { "kms:ViaService": `s3.${props.region}.amazonaws.com` },
              // With an S3 bucket key the context is the bucket's ARN, without it the object's.
              StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucketArn, `${bucketArn}/*`] },
            },
          },
          {
            Sid: "ReportDeliveryErrors",
            Effect: "Allow",
            Action: "logs:PutLogEvents",
            Resource: `${errorLog.arn}:log-stream:${errorStream.name}`,
          },
        ),
      ),
    });
    return new KinesisFirehoseDeliveryStream(this, "stream", {
      name,
      destination: "extended_s3",
      serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn },
      extendedS3Configuration: {
        roleArn: role.arn,
        bucketArn,
        kmsKeyArn: keyArn,
        prefix: CENTRAL_LOGS_DEFAULTS.prefix,
        errorOutputPrefix: CENTRAL_LOGS_DEFAULTS.errorOutputPrefix,
        bufferingInterval: CENTRAL_LOGS_DEFAULTS.bufferingIntervalSeconds,
        bufferingSize: CENTRAL_LOGS_DEFAULTS.bufferingSizeMiB,
        compressionFormat: "UNCOMPRESSED",
        cloudwatchLoggingOptions: { enabled: true, logGroupName: errorLog.name, logStreamName: errorStream.name },
      },
      tags: props.tags ?? {},
      dependsOn: [rolePolicy],
    });
  }
}

function centralLogIssues(
  props: CentralLogDestinationProps,
  retentionDays: number,
  glacierAfterDays: number,
): string[] {
  const issues: string[] = [];
  if (Token.isUnresolved(props.region) || !/^[a-z]{2}(?:-[a-z]+)+-\d$/.test(props.region)) {
    issues.push(
      `region: "${props.region}" must be a literal region such as us-east-1 (residency is checked against it)`,
    );
  }
  if (!Token.isUnresolved(props.organizationId) && !/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) {
    issues.push(`organizationId: "${props.organizationId}" is not an organization id (o-exampleorg1)`);
  }
  for (const [path, id] of [
    ["accountId", props.accountId],
    ...props.sourceAccountIds.map((account, i) => [`sourceAccountIds[${i}]`, account] as const),
  ] as const) {
    if (!Token.isUnresolved(id) && !/^\d{12}$/.test(id)) issues.push(`${path}: "${id}" is not a 12-digit account id`);
  }
  if (props.sourceAccountIds.length === 0) {
    issues.push("sourceAccountIds: name the accounts whose log groups send here");
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(props.namePrefix) || props.namePrefix.length > 32) {
    issues.push(
      `namePrefix: "${props.namePrefix}" must be at most 32 letters, digits, ".", "_" or "-" (it names roles and the stream)`,
    );
  }
  if (!Number.isInteger(retentionDays) || retentionDays < MIN_RETENTION_DAYS) {
    issues.push(`retentionDays: ${retentionDays} must be a whole number of days, at least ${MIN_RETENTION_DAYS}`);
  }
  const markedDeleted = versionedExpiry(retentionDays).markDeletedAfterDays;
  if (!Number.isInteger(glacierAfterDays) || glacierAfterDays < 1 || glacierAfterDays >= markedDeleted) {
    issues.push(
      `glacierAfterDays: ${glacierAfterDays} must be a whole number from 1 to ${markedDeleted - 1} (before logs are marked deleted)`,
    );
  }
  return issues;
}
