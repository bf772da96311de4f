import { z } from "zod";
import { AdoptSchema } from "./adopt";
import { accountId, cidr, days, iamRoleName, name, tagText } from "./primitives";
import { DeployPrincipalArnsSchema, SecurityMonitoringBlock } from "./security";

/**
 * The organization's schema without its capabilities: accounts, regions, OUs, SCPs, the log
 * archive, security monitoring, the backend. `src/config/schema.ts` adds each capability's fragment
 * (from `src/capabilities`) with `organizationSchemaWith`; a capability types its own code with
 * `OrganizationWith<its fragments>`, so no capability needs the assembled schema (no import cycle).
 */

/** Role Organizations creates in new member accounts; stacks assume it unless the config names another. */
export const DEFAULT_DEPLOY_ROLE = "OrganizationAccountAccessRole";

/** What every account-region has, whatever its capabilities. */
const ACCOUNT_REGION_BASE = {
  /** Existing resources of this stack to import instead of create: `{ <address>: <cloud id> }`. @default {} */
  adopt: AdoptSchema.default({}),
  /**
   * Overrides the state key; only for adopting an existing state layout.
   * @default "<org>/<account>/<region>/terraform.tfstate"
   */
  stateKey: z.string().min(1).optional(),
};

/** One account-region (a stack `<account>-<region>`): its capabilities' fragments, then the base. */
export function accountRegionSchemaWith<S extends z.ZodRawShape>(fragments: S) {
  return z.strictObject({ ...fragments, ...ACCOUNT_REGION_BASE });
}

export function accountSchemaWith<S extends z.ZodRawShape>(accountRegion: S) {
  return z.strictObject({
    /**
     * The account's id once it exists. Given: the account is adopted (an `import` block in the
     * organization stack, a no-op once in state). Absent: the organization stack creates it; the
     * account can have no stacks until its id is written here. Required for the management account.
     */
    id: accountId.optional(),
    /** Root email; required for member accounts (it identifies them to Organizations). */
    email: z.email("must be an email address").optional(),
    /** What the account is for; exactly one management and one security account. @default "workload" */
    kind: z.enum(["management", "security", "workload"]).default("workload"),
    environment: z.enum(["dev", "staging", "prod"]),
    /** Path of the OU that holds the account, or `root`. */
    ou: z.string().min(1),
    /**
     * Role the account's stacks assume. @default "OrganizationAccountAccessRole"; none for management
     */
    deployRoleName: iamRoleName.optional(),
    /** Account-regions, each a stack `<account>-<region>`; keys are governed regions. */
    regions: z.record(z.string(), accountRegionSchemaWith(accountRegion)),
  });
}

/** An SCP attachment: `root`, `ou:<path>` or `account:<name>`. */
const scpTarget = z
  .string()
  .regex(/^(root|ou:.+|account:.+)$/, 'must be "root", "ou:<OU path>" or "account:<account name>"');

const ServiceControlPoliciesSchema = z.strictObject({
  /** Deny leaving the organization, disabling security services, changing the baseline. @default ["root"] */
  guardrails: z.array(scpTarget).min(1).optional(),
  /** Data residency: deny every region but the governed ones (global services exempt). @default ["root"] */
  regionGuard: z.array(scpTarget).min(1).optional(),
  /** Deny member accounts' root users. @default - every top-level OU */
  denyRootUser: z.array(scpTarget).min(1).optional(),
  /** Add the deny of IAM users and access keys to the guardrails. @default true */
  denyIamUsers: z.boolean().default(true),
  /** Break-glass role ARN patterns exempt from every deny but the root-user one. @default [] */
  exemptPrincipalArns: z
    .array(z.string().regex(/^arn:aws[a-z-]*:iam::(\d{12}|\*):role\/.+$/, "must be an IAM role ARN (pattern)"))
    .default([]),
});

const LogArchiveSchema = z.strictObject({
  /** Days logs are kept before they expire; the design asks 7-10 years. @default 2557 (7 years) */
  retentionDays: days.default(2557),
  /** Object Lock default retention, at most `retentionDays`. @default - retentionDays */
  objectLockDays: days.optional(),
  /** `COMPLIANCE` cannot be shortened by anyone, root included. @default "GOVERNANCE" */
  objectLockMode: z.enum(["GOVERNANCE", "COMPLIANCE"]).default("GOVERNANCE"),
  /** Days before logs move to Glacier. @default 90 */
  glacierAfterDays: days.default(90),
});

const S3BackendSchema = z.strictObject({
  type: z.literal("s3"),
  /** State bucket, created by the `bootstrap` stack. */
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid S3 bucket name"),
  /**
   * A DynamoDB lock table (created by `bootstrap`), used together with S3-native locking: only for
   * operators on Terraform older than 1.10, which lacks `use_lockfile`; Terraform 1.11 warns that
   * `dynamodb_table` is deprecated. Removing it from an existing config: README, "State locking".
   * @see https://developer.hashicorp.com/terraform/language/backend/s3 (state locking)
   * @default - S3-native locking only (a `.tflock` object next to each state)
   */
  lockTable: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{3,255}$/, "must be a valid DynamoDB table name")
    .optional(),
  region: z.string(),
  /** Name of the account that owns the state bucket. */
  account: z.string(),
  /** Role in that account that stacks assume for state access; created by `bootstrap`. @default "TerraformStateAccess" */
  roleName: iamRoleName.default("TerraformStateAccess"),
  /**
   * Set once `bootstrap` has been applied: its own state then moves into the bucket
   * (`terraform init -migrate-state`) under `<org>/bootstrap/terraform.tfstate`. @default false
   */
  bootstrapMigrated: z.boolean().default(false),
  /** Existing state bucket, lock table or key to import into `bootstrap`: `{ <address>: <cloud id> }`. @default {} */
  adopt: AdoptSchema.default({}),
});

const CloudBackendSchema = z.strictObject({
  type: z.literal("cloud"),
  /** Terraform Cloud / HCP Terraform organization. */
  organization: z.string().min(1),
  /** Workspace name prefix; each stack's workspace is `<prefix><stack id>`. */
  workspacePrefix: z.string().regex(/^[A-Za-z0-9_-]*$/, "may hold only letters, digits, - and _"),
  /** @default "app.terraform.io" */
  hostname: z.string().min(1).default("app.terraform.io"),
  /**
   * Add a `tfc` stack (tfe provider) that creates every stack's workspace with its Terraform
   * version, working directory, run triggers and remote-state consumers; apply it first.
   * @default false - create the workspaces from `tfc-workspaces.json` by other means
   */
  manageWorkspaces: z.boolean().default(false),
});

/**
 * The organization: the base keys, the capabilities' organization-level fragments, and its accounts
 * with the capabilities' account-region fragments.
 */
export function organizationSchemaWith<S extends z.ZodRawShape, O extends z.ZodRawShape>(
  accountRegion: S,
  organization: O,
) {
  return z.strictObject({
    /** Short organization name; prefixes state keys, physical names and tags. */
    name: name("organization name"),
    /** Region of organization-wide resources (trail, aggregators, log archive). */
    homeRegion: z.string(),
    /** Governed regions with their data-residency zone (`us`, `ca`, ...). */
    regions: z.record(z.string(), z.strictObject({ residency: z.string().regex(/^[a-z]{2,8}$/, "must be a short lowercase zone") })),
    /** Corporate ranges allowed to SSH to public subnets. @default [] */
    corporateCidrs: z.array(cidr).default([]),
    /**
     * Id of the existing organization (`o-exampleorg1`), adopted with an `import` block; required
     * once any member account has an id. @default - the organization stack creates the organization
     */
    organizationId: z.string().regex(/^o-[a-z0-9]{10,32}$/, "must be an organization id such as o-exampleorg1").optional(),
    /**
     * Organizational units by path (`Workloads/Prod`); a parent must be listed too. An `id` adopts
     * an existing OU. Renaming a path replaces the OU.
     */
    organizationalUnits: z.record(z.string().regex(/^[A-Za-z][\w-]*(\/[A-Za-z][\w-]*)*$/, "must be an OU path such as Workloads/Prod"), z.strictObject({ id: z.string().regex(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, "must be an OU id such as ou-ab12-cd34ef56").optional() })).default({}),
    /** Service control policies: where each is attached, and its options. */
    serviceControlPolicies: ServiceControlPoliciesSchema.default({ denyIamUsers: true, exemptPrincipalArns: [] }),
    /** Security Hub's CIS version and the CIS monitoring alarms (src/config/security.ts). @default - CIS 5.0.0, logs 365 days, no subscribers */
    securityMonitoring: SecurityMonitoringBlock,
    /** Roles the deploy and state-access roles trust. @default - [arn:aws:iam::<management>:role/TerraformDeployer] */
    deployPrincipalArns: DeployPrincipalArnsSchema,
    /** The log archive in the security account's home region. */
    logArchive: LogArchiveSchema.default({ retentionDays: 2557, objectLockMode: "GOVERNANCE", glacierAfterDays: 90 }),
    ...organization,
    /** Tags on every resource, besides the ones the project sets; AWS's tag rules apply. @default {} */
    tags: z.record(tagText("key", 1, 128), tagText("value", 0, 256)).default({}),
    backend: z.discriminatedUnion("type", [S3BackendSchema, CloudBackendSchema]),
    accounts: z.record(name("account name"), accountSchemaWith(accountRegion)),
  }); // prettier-ignore
}

/** No schema keys: the fragment of a capability that adds none at that level. */
export type NoKeys = Record<never, never>;

/** An organization with the given capability fragments, as a capability's own code sees it. */
export type OrganizationWith<S extends z.ZodRawShape = NoKeys, O extends z.ZodRawShape = NoKeys> = z.output<
  ReturnType<typeof organizationSchemaWith<S, O>>
>;

/** What every organization has, whatever its capabilities. */
export type CoreOrganization = OrganizationWith;

export type S3BackendConfig = z.output<typeof S3BackendSchema>;
export type CloudBackendConfig = z.output<typeof CloudBackendSchema>;
