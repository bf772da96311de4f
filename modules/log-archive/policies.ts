import type { PolicyStatement } from "../iam/policy";

/** Who writes into the log archive, and from where. */
export interface LogDeliveryScope {
  readonly organizationId: string;
  readonly managementAccountId: string;
  /** ARN of the organization trail: CloudTrail's writes are matched on it (`aws:SourceArn`), as AWS documents for organization trails. */
  readonly organizationTrailArn: string;
}

const CLOUDTRAIL = { Service: "cloudtrail.amazonaws.com" };
const CONFIG = { Service: "config.amazonaws.com" };
const DELIVERY_LOGS = { Service: "delivery.logs.amazonaws.com" };

/**
 * Key policy statements: exactly CloudTrail (for the organization trail), Config and log delivery
 * (VPC flow logs) may use the key, and only on behalf of this organization.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 */
export function logArchiveKeyStatements(scope: LogDeliveryScope): PolicyStatement[] {
  const org = { "aws:SourceOrgID": scope.organizationId };
  const trail = { "aws:SourceArn": scope.organizationTrailArn };
  return [
    {
      Sid: "CloudTrailEncryptsOrganizationTrailLogs",
      Effect: "Allow",
      Principal: CLOUDTRAIL,
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: {
        StringEquals: trail,
        StringLike: {
          "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${scope.managementAccountId}:trail/*`,
        },
      },
    },
    {
      Sid: "CloudTrailDescribesKey",
      Effect: "Allow",
      Principal: CLOUDTRAIL,
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: trail },
    },
    {
      Sid: "ConfigEncryptsDeliveries",
      Effect: "Allow",
      Principal: CONFIG,
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
      Condition: { StringEquals: org },
    },
    {
      Sid: "LogDeliveryEncryptsFlowLogs",
      Effect: "Allow",
      Principal: DELIVERY_LOGS,
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: { StringEquals: org },
    },
  ];
}

/**
 * Bucket policy statements for the three log writers. CloudTrail's are limited to the organization
 * trail by `aws:SourceArn` (the documented form for organization trails), Config's and flow logs'
 * to this organization by `aws:SourceOrgID`; object writes also require `bucket-owner-full-control`.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html
 */
export function logArchiveBucketStatements(bucketArn: string, scope: LogDeliveryScope): PolicyStatement[] {
  const org = { "aws:SourceOrgID": scope.organizationId };
  const trail = { "aws:SourceArn": scope.organizationTrailArn };
  const ownerWrites = { ...org, "s3:x-amz-acl": "bucket-owner-full-control" };
  return [
    {
      Sid: "CloudTrailAclCheck",
      Effect: "Allow",
      Principal: CLOUDTRAIL,
      Action: "s3:GetBucketAcl",
      Resource: bucketArn,
      Condition: { StringEquals: trail },
    },
    {
      Sid: "CloudTrailWrite",
      Effect: "Allow",
      Principal: CLOUDTRAIL,
      Action: "s3:PutObject",
      Resource: [
        `${bucketArn}/AWSLogs/${scope.organizationId}/*`,
        `${bucketArn}/AWSLogs/${scope.managementAccountId}/*`,
      ],
      Condition: { StringEquals: { ...trail, "s3:x-amz-acl": "bucket-owner-full-control" } },
    },
    {
      Sid: "ConfigAclCheckAndList",
      Effect: "Allow",
      Principal: CONFIG,
      Action: ["s3:GetBucketAcl", "s3:ListBucket"],
      Resource: bucketArn,
      Condition: { StringEquals: org },
    },
    {
      Sid: "ConfigWrite",
      Effect: "Allow",
      Principal: CONFIG,
      Action: "s3:PutObject",
      Resource: `${bucketArn}/AWSLogs/*/Config/*`,
      Condition: { StringEquals: ownerWrites },
    },
    {
      Sid: "FlowLogsAclCheck",
      Effect: "Allow",
      Principal: DELIVERY_LOGS,
      Action: ["s3:GetBucketAcl", "s3:ListBucket"],
      Resource: bucketArn,
      Condition: { StringEquals: org },
    },
    {
      Sid: "FlowLogsWrite",
      Effect: "Allow",
      Principal: DELIVERY_LOGS,
      Action: "s3:PutObject",
      Resource: `${bucketArn}/AWSLogs/*`,
      Condition: { StringEquals: ownerWrites },
    },
  ];
}
