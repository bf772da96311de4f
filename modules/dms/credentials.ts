import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Construct } from "constructs";
import { KmsKeyWithAlias } from "../kms-key";

export interface DmsEndpointCredentialsProps {
  /** Prefix of the secret names and key alias, e.g. `acme-prod-ca-central-1-ref`. */
  readonly name: string;
  /** Account of the stack, owner of the key. */
  readonly accountId: string;
  /**
   * Refuse `terraform destroy` of the key (losing it loses the secrets).
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * The two endpoint secrets DMS reads (`<name>-dms-source`, `<name>-dms-target`), encrypted with
 * their own CMK, created empty: Terraform cannot create database users, so an operator puts the
 * replication users' `{"username","password","host","port"}` in with
 * `aws secretsmanager put-secret-value` (no password ever enters Terraform state).
 */
export class DmsEndpointCredentials extends Construct {
  readonly kmsKeyArn: string;
  readonly sourceSecretArn: string;
  readonly targetSecretArn: string;

  constructor(scope: Construct, id: string, props: DmsEndpointCredentialsProps) {
    super(scope, id);
    const key = new KmsKeyWithAlias(this, "key", {
      alias: `${props.name}-dms-secrets`,
      description: `DMS ${props.name}: replication user secrets`,
      accountId: props.accountId,
      deletionProtection: props.deletionProtection,
    });
    const secret = (side: "source" | "target"): string =>
      new SecretsmanagerSecret(this, side, {
        name: `${props.name}-dms-${side}`,
        description: `DMS ${props.name}: the ${side} database's replication user (username, password, host, port)`,
        kmsKeyId: key.keyArn,
        recoveryWindowInDays: 30,
      }).arn;
    this.kmsKeyArn = key.keyArn;
    this.sourceSecretArn = secret("source");
    this.targetSecretArn = secret("target");
  }
}
