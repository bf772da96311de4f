import { z } from "zod";
import { GROUP_ID, PERMISSION_SET_LIMITS } from "../../../modules/identity-center/defaults";
import type { OrganizationWith } from "../../config/shapes";

/** A config key (group, permission set): letters and digits, as addresses are derived from it. */
const key = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "must be a key of letters, digits, - and _");

const stringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** One statement of a permission set's inline policy. */
const StatementSchema = z.strictObject({
  Sid: z.string().regex(/^[A-Za-z0-9]*$/, "must be letters and digits").optional(),
  Effect: z.enum(["Allow", "Deny"]),
  Action: stringOrList.optional(),
  NotAction: stringOrList.optional(),
  Resource: stringOrList.optional(),
  NotResource: stringOrList.optional(),
  Condition: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean()]))).optional(),
}); // prettier-ignore

/** A permission set; the key names it in assignments and in Terraform addresses. */
const PermissionSetSchema = z.strictObject({
  /** Name in the access portal (1-32 of `[\w+=,.@-]`); a change replaces the set and its assignments. */
  name: z.string().regex(PERMISSION_SET_LIMITS.name, "must be 1-32 letters, digits or +=,.@-"),
  description: z.string().min(1).max(PERMISSION_SET_LIMITS.descriptionMaxLength),
  /** ISO-8601 portal session length, PT1H to PT12H. @default "PT1H" */
  sessionDuration: z.string().default("PT1H"),
  /** AWS managed policy ARNs. @default [] */
  awsManagedPolicyArns: z.array(z.string()).default([]),
  /** Customer managed policies, which must exist under this name in every account the set is assigned to. @default [] */
  customerManagedPolicies: z.array(z.strictObject({ name: z.string().min(1), path: z.string().default("/") })).default([]),
  /** Statements of the set's one inline policy. @default - none */
  inlinePolicy: z.array(StatementSchema).min(1).optional(),
}); // prettier-ignore

export const IdentityCenterSchema = z.strictObject({
  /**
   * The account whose Identity Center instance holds the sets: the management account, or the
   * account registered as Identity Center's delegated administrator. @default - the management account
   */
  account: z.string().optional(),
  /** The region Identity Center is enabled in. @default - the home region */
  region: z.string().optional(),
  /** Identity store group ids by key; the directory (and so every id) is the customer's. */
  groups: z.record(key, z.string().regex(GROUP_ID, "must be an identity store group id (a UUID)")),
  /**
   * Permission sets by key, over the landing zone's own (`administrator`, `powerUser`, `readOnly`,
   * `securityAudit`, `securityAdministrator`: modules/identity-center/defaults.ts); a key given here
   * replaces the one shipped. @default {}
   */
  permissionSets: z.record(key, PermissionSetSchema).default({}),
  /**
   * `{ <group>: { <account>: [<set>, ...] } }`. @default - `securityGroup` gets
   * securityAdministrator and securityAudit in the security account, `developersGroup` readOnly in
   * every prod account (each only if the group is in `groups`)
   */
  assignments: z.record(key, z.record(z.string(), z.array(key).min(1))).optional(),
  /** The security team: the only group with access to the security account. @default "security" */
  securityGroup: key.default("security"),
  /** The developers' group, read-only in prod by default. @default "developers" */
  developersGroup: key.default("developers"),
  /** Read every group from the identity store at plan, so an unknown id fails the plan. @default true */
  verifyGroups: z.boolean().default(true),
});

/** The Identity Center capability's organization-level key. */
export const IDENTITY_CENTER_FRAGMENT = {
  /** Human access: IAM Identity Center permission sets and group assignments. @default - none */
  identityCenter: IdentityCenterSchema.optional(),
};

export type IdentityCenterConfig = z.output<typeof IdentityCenterSchema>;
export type IdentityCenterOrganization = OrganizationWith<Record<never, never>, typeof IDENTITY_CENTER_FRAGMENT>;
