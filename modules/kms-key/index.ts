import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, policyJson, type PolicyStatement } from "../iam/policy";

export interface KmsKeyProps {
  /** Alias without the `alias/` prefix, e.g. `acme-terraform-state`. */
  readonly alias: string;
  /** What the key protects; shown in the console. */
  readonly description: string;
  /** Account that owns the key; its IAM policies administer it (the KMS default key policy). */
  readonly accountId: string;
  /**
   * Statements granting services or roles use of the key, after the account-root statement.
   * @default [] - only IAM policies of the owning account grant access
   */
  readonly policyStatements?: PolicyStatement[];
  /**
   * Days a deleted key waits before it is gone (7-30).
   * @default 30
   */
  readonly deletionWindowInDays?: number;
  /**
   * Protect the key from `terraform destroy`; losing a key loses everything it encrypted.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Provider of the key's region, for a key in another region than the stack's.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/** A customer-managed KMS key with yearly rotation and an alias. */
export class KmsKeyWithAlias extends Construct {
  readonly keyArn: string;
  readonly keyId: string;
  readonly aliasName: string;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    const key = new KmsKey(this, "resource", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: policyJson(
        policyDocument(
          {
            Sid: "AccountAdministers",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
            Action: "kms:*",
            Resource: "*",
          },
          ...(props.policyStatements ?? []),
        ),
      ),
      lifecycle: { preventDestroy: props.deletionProtection ?? true },
      provider: props.provider,
    });
    const alias = new KmsAlias(this, "alias", {
      name: `alias/${props.alias}`,
      targetKeyId: key.keyId,
      provider: props.provider,
    });
    this.keyArn = key.arn;
    this.keyId = key.keyId;
    this.aliasName = alias.name;
  }
}

/**
 * Key policy statement letting CloudWatch Logs of one region use the key for the log groups
 * matching `logGroupArn` (an ARN, `*` allowed), bound by the encryption context.
 */
export function cloudWatchLogsStatement(region: string, logGroupArn: string): PolicyStatement {
  return {
    Sid: "CloudWatchLogsEncryptsTheseLogGroups",
    Effect: "Allow",
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": logGroupArn } },
  };
}

/** `cloudWatchLogsStatement` for the one log group `logGroupName` of this account and region. */
export function logGroupKeyStatement(region: string, accountId: string, logGroupName: string): PolicyStatement {
  return cloudWatchLogsStatement(region, `arn:aws:logs:${region}:${accountId}:log-group:${logGroupName}`);
}
