import { DataAwsIamRole } from "@cdktf/provider-aws/lib/data-aws-iam-role";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { policyDocument, policyJson, trustNamedPrincipals } from "../iam/policy";
import { KmsKeyWithAlias } from "../kms-key";
import { SecureBucket } from "../secure-bucket";

export interface StateBackendProps {
  /** State bucket name. Changing it replaces the bucket (and strands every stack's state). */
  readonly bucketName: string;
  /**
   * A DynamoDB lock table, for Terraform older than 1.10 (newer ones lock with S3 objects).
   * Changing it replaces the table. @default - no table
   */
  readonly lockTableName?: string;
  /** Alias of the state CMK, without `alias/`; stacks' backends name it as `kms_key_id`. */
  readonly keyAlias: string;
  /** Account that owns the bucket, the table and the key. */
  readonly accountId: string;
  /** Name of the role that stacks assume for state access. */
  readonly accessRoleName: string;
  /**
   * Roles that may assume the access role (not whole accounts). Each must exist before the
   * bootstrap apply; those in `accountId` are looked up at plan time, so a missing one fails the plan.
   */
  readonly trustedPrincipalArns: readonly string[];
  /**
   * The organization the trusted principals must belong to (`aws:PrincipalOrgID`).
   * @default - no organization condition (an organization not created yet)
   */
  readonly organizationId?: string;
  /** State key prefix the access role may touch, e.g. `acme/`. */
  readonly keyPrefix: string;
  /**
   * Days noncurrent state versions are kept.
   * @default 90
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Protect bucket, table and key from deletion.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * What remote state needs: a hardened, versioned, KMS-encrypted bucket (which also holds the
 * `.tflock` lock objects), an optional lock table, their CMK, and a least-privilege role for state access.
 */
export class StateBackend extends Construct {
  readonly bucketName: string;
  readonly lockTableName?: string;
  readonly keyArn: string;
  readonly accessRoleArn: string;

  constructor(scope: Construct, id: string, props: StateBackendProps) {
    super(scope, id);
    const protect = props.deletionProtection ?? true;
    const key = new KmsKeyWithAlias(this, "key", {
      alias: props.keyAlias,
      description: "Terraform state and locks",
      accountId: props.accountId,
      deletionProtection: protect,
    });
    const bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      kmsKeyArn: key.keyArn,
      deletionProtection: protect,
      lifecycleRules: [
        {
          id: "expire-noncurrent-state-versions",
          status: "Enabled",
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays ?? 90 }],
        },
      ],
    });
    const table =
      props.lockTableName === undefined
        ? undefined
        : new DynamodbTable(this, "lock_table", {
            name: props.lockTableName,
            billingMode: "PAY_PER_REQUEST",
            hashKey: "LockID",
            attribute: [{ name: "LockID", type: "S" }],
            serverSideEncryption: { enabled: true, kmsKeyArn: key.keyArn },
            pointInTimeRecovery: { enabled: true },
            deletionProtectionEnabled: protect,
            lifecycle: { preventDestroy: protect },
          });
    const role = new IamRole(this, "access_role", {
      name: props.accessRoleName,
      description: "Read and write Terraform state; assumed by every stack's backend",
      assumeRolePolicy: policyJson(
        policyDocument(trustNamedPrincipals("DeployPrincipalsOnly", props.trustedPrincipalArns, props.organizationId)),
      ),
      dependsOn: this.lookUpLocalPrincipals(props),
    });
    new IamRolePolicy(this, "access_policy", {
      role: role.name,
      name: "terraform-state",
      policy: policyJson(
        policyDocument(
          {
            Sid: "ListStatePrefix",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: bucket.bucketArn,
            Condition: { StringLike: { "s3:prefix": [`${props.keyPrefix}*`] } },
          },
          {
            Sid: "ReadWriteStateAndLockfiles",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            Resource: `${bucket.bucketArn}/${props.keyPrefix}*`,
          },
          ...(table === undefined
            ? []
            : [
                {
                  Sid: "LockTable",
                  Effect: "Allow" as const,
                  Action: ["dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
                  Resource: table.arn,
                },
              ]),
          {
            Sid: "StateKey",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
            Resource: key.keyArn,
          },
        ),
      ),
    });
    this.bucketName = bucket.bucketName;
    this.lockTableName = table?.name;
    this.keyArn = key.keyArn;
    this.accessRoleArn = role.arn;
  }

  /**
   * The trusted roles of this account, read at plan time: a role that does not exist (yet) fails
   * the plan with its name, instead of the apply with IAM's "Invalid principal in policy".
   */
  private lookUpLocalPrincipals(props: StateBackendProps): DataAwsIamRole[] {
    return props.trustedPrincipalArns
      .filter((arn) => arn.split(":")[4] === props.accountId)
      .map((arn) => {
        const name = arn.slice(arn.lastIndexOf("/") + 1);
        return new DataAwsIamRole(this, `principal_${name.toLowerCase().replace(/[^a-z0-9]+/g, "_")}`, { name });
      });
  }
}
