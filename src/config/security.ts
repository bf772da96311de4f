import { z } from "zod";
import { LOG_RETENTION_DAYS } from "../../modules/eks/checks";
import { CIS_VERSIONS, DEFAULT_CIS_VERSION } from "../../modules/security-services/standards";

/**
 * Role in the management account that operators and CI run as: the principal every deploy role
 * and the state-access role trust unless `deployPrincipalArns` names others. It must exist before
 * the first apply (IAM refuses a trust policy naming a role that does not exist); see the README.
 */
export const DEFAULT_DEPLOY_PRINCIPAL_ROLE = "TerraformDeployer";

/**
 * An IAM role ARN, path included (`role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123`):
 * a trust policy names the role exactly, and IAM refuses wildcards in `Principal`.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
 */
const roleArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/,
    "must be an IAM role ARN, arn:aws:iam::<account>:role/[<path>/]<name>, without wildcards",
  );

const httpsUrl = z.url({ protocol: /^https$/, error: "must be an https:// URL" });

/** Security Hub's CIS version and the CIS monitoring alarms over the organization trail. */
export const SecurityMonitoringSchema = z.strictObject({
  /**
   * CIS AWS Foundations Benchmark version Security Hub evaluates the organization against (beside
   * FSBP). The alarms below stay whichever version is chosen: in 3.0.0 and 5.0.0 they are manual
   * recommendations, and they are still what detects misuse. @default "5.0.0", the newest
   */
  cisVersion: z.enum(CIS_VERSIONS).default(DEFAULT_CIS_VERSION),
  /**
   * Days the trail's CloudWatch Logs copy is kept, a CloudWatch Logs retention value (Security
   * Hub CloudWatch.16 asks for at least a year). The log archive keeps the S3 copy. @default 365
   */
  logRetentionDays: z
    .number()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      message: `must be a CloudWatch Logs retention (${LOG_RETENTION_DAYS.join(", ")})`,
    })
    .default(365),
  /** Addresses subscribed to the alarm topic; each confirms by the mail SNS sends. @default [] */
  alarmEmails: z.array(z.email("must be an email address")).default([]),
  /** HTTPS endpoints subscribed to the alarm topic; each confirms the subscription. @default [] */
  alarmHttpsEndpoints: z.array(httpsUrl).default([]),
});

/** The block with every default applied when it is left out. */
export const SecurityMonitoringBlock = SecurityMonitoringSchema.prefault({});

/**
 * The principals the member deploy roles and the state-access role trust, instead of the whole
 * management account. @default - [arn:aws:iam::<management id>:role/TerraformDeployer]
 */
export const DeployPrincipalArnsSchema = z.array(roleArn).min(1).optional();
