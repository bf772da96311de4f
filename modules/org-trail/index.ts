import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";

export interface OrgTrailProps {
  /**
   * Trail name. Changing it replaces the trail (a gap in logging).
   * @default "organization-trail"
   */
  readonly name?: string;
  /** Log-archive bucket (in the security account) whose policy admits this organization's trail. */
  readonly s3BucketName: string;
  /**
   * Key prefix inside the bucket, before `AWSLogs/`.
   * @default - none: logs land under `AWSLogs/<org id>/`, which the log-archive policy expects
   */
  readonly s3KeyPrefix?: string;
  /** ARN of the log-archive CMK, or of its alias (`arn:aws:kms:<region>:<account>:alias/<name>`). */
  readonly kmsKeyArn: string;
  /**
   * Refuse `terraform destroy` of the trail.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * What must exist first: the organization with trusted access for CloudTrail.
   * @default []
   */
  readonly dependsOn?: ITerraformDependable[];
}

const KMS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/;

/**
 * The organization CloudTrail, in the management account's home region: every account, every
 * region, global service events, log file validation, SSE-KMS into the log archive.
 */
export class OrgTrail extends Construct {
  readonly trailArn: string;

  constructor(scope: Construct, id: string, props: OrgTrailProps) {
    super(scope, id);
    const protect = props.deletionProtection ?? true;
    const trail = new Cloudtrail(this, "resource", {
      name: props.name ?? "organization-trail",
      s3BucketName: props.s3BucketName,
      s3KeyPrefix: props.s3KeyPrefix,
      kmsKeyId: props.kmsKeyArn,
      isOrganizationTrail: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      dependsOn: props.dependsOn,
      lifecycle: { preventDestroy: protect },
    });
    this.trailArn = trail.arn;
    this.node.addValidation({
      validate: () =>
        Token.isUnresolved(props.kmsKeyArn) || KMS_ARN.test(props.kmsKeyArn)
          ? []
          : [`kmsKeyArn: "${props.kmsKeyArn}" is not a KMS key or alias ARN; CloudTrail needs the full ARN`],
    });
  }
}
