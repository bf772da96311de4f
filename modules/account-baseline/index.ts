import { ConfigConfigurationRecorder } from "@cdktf/provider-aws/lib/config-configuration-recorder";
import { ConfigConfigurationRecorderStatus } from "@cdktf/provider-aws/lib/config-configuration-recorder-status";
import { ConfigDeliveryChannel } from "@cdktf/provider-aws/lib/config-delivery-channel";
import { EbsEncryptionByDefault } from "@cdktf/provider-aws/lib/ebs-encryption-by-default";
import { Ec2InstanceMetadataDefaults } from "@cdktf/provider-aws/lib/ec2-instance-metadata-defaults";
import { IamAccountPasswordPolicy } from "@cdktf/provider-aws/lib/iam-account-password-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamServiceLinkedRole } from "@cdktf/provider-aws/lib/iam-service-linked-role";
import { S3AccountPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-account-public-access-block";
import { Construct } from "constructs";
import { policyDocument, policyJson, trustNamedPrincipals } from "../iam/policy";

export interface AccountBaselineProps {
  /** The account this stack deploys to. */
  readonly accountId: string;
  /**
   * This is the account's home-region stack: it also owns the account-global settings (Config's
   * service-linked role, S3 account public-access block, password policy, deploy role) and the
   * recorder includes global resource types (IAM) here only, so they are recorded once.
   * @default false
   */
  readonly accountGlobal?: boolean;
  /** Log-archive bucket that Config delivers to (in the security account). */
  readonly logArchiveBucketName: string;
  /** ARN of the log-archive CMK that Config encrypts deliveries with. */
  readonly logArchiveKmsKeyArn: string;
  /**
   * Config recorder and delivery channel name; one of each per account-region.
   * @default "default"
   */
  readonly configRecorderName?: string;
  /**
   * How often Config delivers configuration snapshots.
   * @default "TwentyFour_Hours"
   */
  readonly snapshotDeliveryFrequency?: "One_Hour" | "Three_Hours" | "Six_Hours" | "Twelve_Hours" | "TwentyFour_Hours";
  /**
   * The `AWSServiceRoleForConfig` service-linked role already exists in the account (Control Tower,
   * an earlier setup): adopt it with an `import` block instead of creating it. Home region only.
   * @default false
   */
  readonly configServiceLinkedRoleExists?: boolean;
  /**
   * Hop limit of the instance metadata default; 2 lets containers reach IMDSv2.
   * @default 2
   */
  readonly metadataHopLimit?: number;
  /**
   * Role that the management account's automation assumes here.
   * @default "OrganizationAccountAccessRole"
   */
  readonly deployRoleName?: string;
  /**
   * Manage the deploy role's trust policy (home region only). Organizations created the role, so it
   * is adopted with an `import` block; only its trust policy is managed, which then admits only
   * `trustedPrincipalArns`. Its inline admin policy stays as Organizations made it.
   * @default false
   */
  readonly manageDeployRole?: boolean;
  /**
   * Roles the deploy role trusts (not whole accounts). Each must exist when the trust is applied:
   * IAM refuses a trust naming a missing principal. Required with `manageDeployRole`.
   * @default - none
   */
  readonly trustedPrincipalArns?: readonly string[];
  /**
   * The organization the trusted principals must belong to (`aws:PrincipalOrgID`).
   * @default - no organization condition
   */
  readonly organizationId?: string;
  /**
   * Refuse `terraform destroy` of the deploy role.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/** AWS Config's service-linked role, by its fixed ARN. */
export function configServiceLinkedRoleArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
}

/**
 * The baseline of every account-region: AWS Config recording everything into the log archive,
 * EBS encryption by default and IMDSv2-only instance defaults; and, in the home region, the
 * account-global settings.
 */
export class AccountBaseline extends Construct {
  readonly configRecorderName: string;
  readonly deployRoleArn?: string;

  constructor(scope: Construct, id: string, props: AccountBaselineProps) {
    super(scope, id);
    const global = props.accountGlobal ?? false;
    const name = props.configRecorderName ?? "default";
    const issues: string[] = [];
    const trusted = props.trustedPrincipalArns ?? [];
    if (props.manageDeployRole && trusted.length === 0) {
      issues.push("trustedPrincipalArns: required when manageDeployRole is true (the only principals the role trusts)");
    }
    if (props.manageDeployRole && !global) {
      issues.push("manageDeployRole: IAM roles are account-global; set it only where accountGlobal is true");
    }
    this.node.addValidation({ validate: () => issues });

    let roleArn = configServiceLinkedRoleArn(props.accountId);
    if (global) {
      const slr = new IamServiceLinkedRole(this, "config_role", { awsServiceName: "config.amazonaws.com" });
      if (props.configServiceLinkedRoleExists) slr.importFrom(roleArn);
      roleArn = slr.arn;
    }
    const recorder = new ConfigConfigurationRecorder(this, "config_recorder", {
      name,
      roleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: global },
    });
    const channel = new ConfigDeliveryChannel(this, "config_delivery", {
      name,
      s3BucketName: props.logArchiveBucketName,
      s3KmsKeyArn: props.logArchiveKmsKeyArn,
      snapshotDeliveryProperties: { deliveryFrequency: props.snapshotDeliveryFrequency ?? "TwentyFour_Hours" },
      dependsOn: [recorder],
    });
    new ConfigConfigurationRecorderStatus(this, "config_recorder_status", {
      name: recorder.name,
      isEnabled: true,
      dependsOn: [channel],
    });
    this.configRecorderName = recorder.name;

    new EbsEncryptionByDefault(this, "ebs_encryption", { enabled: true });
    new Ec2InstanceMetadataDefaults(this, "instance_metadata", {
      httpTokens: "required",
      httpEndpoint: "enabled",
      httpPutResponseHopLimit: props.metadataHopLimit ?? 2,
    });

    if (!global) return;
    new S3AccountPublicAccessBlock(this, "s3_public_access", {
      accountId: props.accountId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new IamAccountPasswordPolicy(this, "password_policy", {
      minimumPasswordLength: 14,
      requireLowercaseCharacters: true,
      requireUppercaseCharacters: true,
      requireNumbers: true,
      requireSymbols: true,
      allowUsersToChangePassword: true,
      passwordReusePrevention: 24,
      maxPasswordAge: 90,
    });
    if (props.manageDeployRole && trusted.length > 0) {
      const roleName = props.deployRoleName ?? "OrganizationAccountAccessRole";
      const role = new IamRole(this, "deploy_role", {
        name: roleName,
        assumeRolePolicy: policyJson(
          policyDocument(trustNamedPrincipals("DeployPrincipalsOnly", trusted, props.organizationId)),
        ),
        lifecycle: { preventDestroy: props.deletionProtection ?? true },
      });
      role.importFrom(roleName);
      this.deployRoleArn = role.arn;
    }
  }
}
