import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, policyJson, type PolicyStatement } from "../iam/policy";

/** A bucket as one side of a replication. */
export interface ReplicatedBucketRef {
  /** `arn:aws:s3:::<bucket>`. */
  readonly bucketArn: string;
  /** Region of the bucket: the KMS conditions name S3 there. */
  readonly region: string;
  /** The bucket's CMK, when it is SSE-KMS. @default - SSE-S3 */
  readonly kmsKeyArn?: string;
}

export interface BucketReplicationProps {
  /** Id (name) of the source bucket, whose replication configuration this is. */
  readonly sourceBucket: string;
  readonly source: ReplicatedBucketRef;
  /**
   * The destination, versioned. With an SSE-KMS source its `kmsKeyArn` (a key of the destination
   * region) encrypts the replicas: S3 replicates SSE-KMS objects only when told which key to use.
   */
  readonly destination: ReplicatedBucketRef;
  /** Account of both buckets: the only one whose S3 may assume the role. */
  readonly accountId: string;
  /** IAM name of the role (IAM is global: unique in the account). */
  readonly roleName: string;
  /** Storage class of the replicas. @default - the source object's */
  readonly storageClass?: string;
  /** Replicate delete markers, so a delete shows in the copy too. @default false - the copy keeps what the source deletes */
  readonly replicateDeletes?: boolean;
  /**
   * What must exist first: the versioning of both buckets (S3 refuses a replication configuration
   * while either is unversioned).
   */
  readonly dependsOn: ITerraformDependable[];
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * Live replication of every new object from one bucket to another: the role S3 assumes (read the
 * source's versions, replicate into the destination, the keys only through S3 of their regions)
 * and the one rule. Addresses: `<id>_role`, `<id>_policy`, `<id>` (the configuration).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
 */
export class BucketReplication extends Construct {
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: BucketReplicationProps) {
    super(scope, id);
    const { source, destination } = props;
    const role = new IamRole(this, "role", {
      name: props.roleName,
      description: `S3 replicates ${props.sourceBucket} into ${destination.bucketArn}`,
      assumeRolePolicy: policyJson(
        policyDocument({
          Effect: "Allow",
          Principal: { Service: "s3.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
        }),
      ),
      tags: { ...props.tags, Name: props.roleName },
    });
    this.roleArn = role.arn;
    const policy = new IamRolePolicy(this, "policy", {
      role: role.id,
      name: "replicate",
      policy: policyJson(policyDocument(...replicationStatements(source, destination))),
    });

    const kms = source.kmsKeyArn !== undefined && destination.kmsKeyArn !== undefined;
    new S3BucketReplicationConfigurationA(this, "resource", {
      bucket: props.sourceBucket,
      role: role.arn,
      rule: [
        {
          id: "replicate-everything",
          status: "Enabled",
          priority: 1,
          filter: {},
          deleteMarkerReplication: { status: props.replicateDeletes === true ? "Enabled" : "Disabled" },
          // S3 skips SSE-KMS objects unless the rule selects them and names the replicas' key.
          sourceSelectionCriteria: kms ? { sseKmsEncryptedObjects: { status: "Enabled" } } : undefined,
          destination: {
            bucket: destination.bucketArn,
            storageClass: props.storageClass,
            encryptionConfiguration: kms ? { replicaKmsKeyId: destination.kmsKeyArn } : undefined,
          },
        },
      ],
      // S3 replicates with the role's policy, and refuses the configuration until both sides are versioned.
      dependsOn: [...props.dependsOn, policy],
    });
  }
}

/** Read the source's configuration and versions, replicate into the destination, each key through S3 only. */
function replicationStatements(source: ReplicatedBucketRef, destination: ReplicatedBucketRef): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: "ReadReplicationConfiguration",
      Effect: "Allow",
      Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
      Resource: source.bucketArn,
    },
    {
      Sid: "ReadSourceVersions",
      Effect: "Allow",
      Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
      Resource: `${source.bucketArn}/*`,
    },
    {
      Sid: "WriteReplicas",
      Effect: "Allow",
      Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      Resource: `${destination.bucketArn}/*`,
    },
  ];
  if (source.kmsKeyArn === undefined || destination.kmsKeyArn === undefined) return statements;
  return [
    ...statements,
    {
      Sid: "DecryptSourceObjects",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: source.kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `s3.${source.region}.amazonaws.com` } },
    },
    {
      Sid: "EncryptReplicas",
      Effect: "Allow",
      Action: ["kms:Encrypt", "kms:GenerateDataKey"],
      Resource: destination.kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `s3.${destination.region}.amazonaws.com` } },
    },
  ];
}
