/**
 * What a config needs of IAM Identity Center without loading a construct: the permission sets a
 * landing zone ships (a config refers to them by key), and the limits AWS puts on a permission set.
 */

/** A permission set as a config may give it; the construct's `PermissionSetProps` accepts it as is. */
export interface PermissionSetDefinition {
  /** Name shown in the AWS access portal and in the role name (`AWSReservedSSO_<name>_<hash>`). */
  readonly name: string;
  readonly description: string;
  /** ISO-8601 duration of a portal session, `PT1H` to `PT12H`. */
  readonly sessionDuration: string;
  /** ARNs of AWS managed policies (`arn:aws:iam::aws:policy/...`). */
  readonly awsManagedPolicyArns: readonly string[];
}

const AWS_POLICY = "arn:aws:iam::aws:policy";

/**
 * The permission sets of a landing zone, by key. Which group gets which set in which account is
 * the config's choice (group ids belong to the customer's directory); the intended use is in each
 * description. Administrative sets keep sessions short.
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/policy-list.html
 */
export const LANDING_ZONE_PERMISSION_SETS = {
  administrator: {
    name: "Administrator",
    description: "Full administrative access; for platform administrators, break-glass use",
    sessionDuration: "PT1H",
    awsManagedPolicyArns: [`${AWS_POLICY}/AdministratorAccess`],
  },
  powerUser: {
    name: "PowerUser",
    description: "Every service except IAM and Organizations administration; for workload engineers",
    sessionDuration: "PT4H",
    awsManagedPolicyArns: [`${AWS_POLICY}/PowerUserAccess`],
  },
  // ViewOnlyAccess lists and describes resources without reading their data (no S3 objects, no table
  // items), which is what developers may see in production; CloudWatch read access adds logs and metrics.
  readOnly: {
    name: "ReadOnly",
    description: "View resources and read CloudWatch logs and metrics, never stored data; e.g. developers in prod",
    sessionDuration: "PT8H",
    awsManagedPolicyArns: [`${AWS_POLICY}/job-function/ViewOnlyAccess`, `${AWS_POLICY}/CloudWatchReadOnlyAccess`],
  },
  securityAudit: {
    name: "SecurityAudit",
    description: "Read security configuration and metadata of every service; for the security team",
    sessionDuration: "PT8H",
    awsManagedPolicyArns: [`${AWS_POLICY}/SecurityAudit`],
  },
  securityAdministrator: {
    name: "SecurityAdministrator",
    description: "Administer the security account (log archive, GuardDuty, Security Hub); security team only",
    sessionDuration: "PT1H",
    awsManagedPolicyArns: [`${AWS_POLICY}/AdministratorAccess`],
  },
} as const satisfies Record<string, PermissionSetDefinition>;

export type LandingZonePermissionSet = keyof typeof LANDING_ZONE_PERMISSION_SETS;

/**
 * Limits of a permission set. Managed policies count AWS and customer managed ones together; IAM's
 * own quota of managed policies per role is 10 unless raised in every target account.
 * @see https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html
 * @see https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreatePermissionSet.html
 */
export const PERMISSION_SET_LIMITS = {
  name: /^[\w+=,.@-]{1,32}$/,
  descriptionMaxLength: 700,
  managedPolicies: 20,
  /** Characters of the inline policy without whitespace (its whole size may reach 32,768 bytes). */
  inlinePolicyNonWhitespace: 10_240,
  sessionMinutes: { min: 60, max: 720 },
} as const;

/** Identity store group id (a UUID, optionally prefixed with 10 hex characters and `-`), as the API states it. */
export const GROUP_ID =
  /^(?:[0-9a-f]{10}-)?[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;

/**
 * Minutes of an ISO-8601 session duration in hours and minutes (`PT1H`, `PT1H30M`, `PT90M`), or
 * undefined for anything else. Identity Center takes 1 to 12 hours.
 * @see https://docs.aws.amazon.com/singlesignon/latest/userguide/howtosessionduration.html
 */
export function sessionMinutes(duration: string): number | undefined {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(duration);
  if (match === null || (match[1] === undefined && match[2] === undefined)) return undefined;
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

/** The problem with a session duration, or undefined when Identity Center accepts it. */
export function sessionDurationIssue(duration: string): string | undefined {
  const minutes = sessionMinutes(duration);
  if (minutes === undefined) {
    return `"${duration}" is not an ISO-8601 duration in hours and minutes, such as PT1H or PT1H30M`;
  }
  const { min, max } = PERMISSION_SET_LIMITS.sessionMinutes;
  if (minutes < min || minutes > max) return `"${duration}" is outside 1 to 12 hours (PT1H to PT12H)`;
  return undefined;
}
