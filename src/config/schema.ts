import { z } from "zod";
import { parseCidr } from "../../modules/network-acl/cidr";
import { ClusterSchema } from "./cluster";
import { AdoptSchema } from "./adopt";
import { DatabasesSchema, ReferenceDataSchema, ReferenceSyncSchema, RegistrySchema } from "./data";
import { DeployPrincipalArnsSchema, SecurityMonitoringBlock } from "./security";

/** Commercial AWS regions this project can name; anything else is reported as an unknown region. */
export const AWS_REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  "ca-central-1", "ca-west-1",
  "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
  "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
  "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-east-1",
  "sa-east-1", "me-south-1", "me-central-1", "af-south-1", "il-central-1", "mx-central-1",
] as const; // prettier-ignore
export type AwsRegion = (typeof AWS_REGIONS)[number];

/** Role Organizations creates in new member accounts; stacks assume it unless the config names another. */
export const DEFAULT_DEPLOY_ROLE = "OrganizationAccountAccessRole";

const NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
const name = (what: string) =>
  z.string().regex(NAME, `${what} must be 2-32 lowercase letters, digits or dashes, starting with a letter`);

const cidr = z.string().refine((value) => parseCidr(value) !== undefined, "must be an IPv4 CIDR such as 10.0.0.0/16");

const accountId = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id (quote it in YAML)");

/** Days, for retention settings. */
const days = z.number().int().min(1);

const iamRoleName = z
  .string()
  .regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM role name (1-64 letters, digits or +=,.@_-)");

/**
 * A tag key or value as AWS accepts it: letters, digits, spaces and `_ . : / = + - @`, counted in
 * Unicode characters, without the `aws:` prefix (any case) that AWS reserves in keys and values.
 * @see https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html (tag naming limits and requirements)
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html (the character pattern)
 */
const tagText = (what: "key" | "value", min: number, max: number) =>
  z
    .string()
    .refine(
      (text) => [...text].length >= min && [...text].length <= max,
      `a tag ${what} must be ${min}-${max} characters`,
    )
    .refine(
      (text) => /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(text),
      `a tag ${what} may hold only letters, digits, spaces and _ . : / = + - @`,
    )
    .refine((text) => !/^aws:/i.test(text), `a tag ${what} must not start with "aws:", which AWS reserves`);

/** A network ACL port range for a cross-region link, e.g. 3306 for MariaDB. */
const port = z.number().int().min(1).max(65535);

/** Explicit subnet CIDRs of one tier, keyed by AZ letter (`a`, `b`, `c`). */
const tierSubnets = z.partialRecord(z.enum(["a", "b", "c"]), cidr);

export const NetworkSchema = z.strictObject({
  /** The VPC's /16; every VPC in the organization needs its own. */
  cidr,
  /**
   * Subnet CIDRs per tier and AZ letter, inside `cidr`, one per used AZ; for adopting an existing
   * layout. Changing one replaces the subnet. @default - the reference layout computed from `cidr`
   */
  subnets: z.strictObject({ public: tierSubnets, application: tierSubnets, database: tierSubnets }).optional(),
  /**
   * Where flow logs go: the organization log archive (S3), or CloudWatch Logs in this account
   * with a KMS key. @default { destination: "logArchive" }
   */
  flowLogs: z
    .discriminatedUnion("destination", [
      z.strictObject({ destination: z.literal("logArchive") }),
      z.strictObject({
        destination: z.literal("cloudWatch"),
        /** @default 365 */
        retentionDays: days.default(365),
      }),
    ])
    .default({ destination: "logArchive" }),
  /** Availability zones used, by position (a, b, c). @default 3 */
  availabilityZones: z.union([z.literal(2), z.literal(3)]).default(3),
  /**
   * AZ IDs by position (a, b, c), one per used zone: IDs name the same zones in every account, AZ
   * names do not. An adopted VPC gives its subnets' IDs. Changing one replaces the subnets there.
   * @default - the region's default zones (modules/vpc/availability-zones.ts)
   */
  availabilityZoneIds: z.array(z.string().regex(/^[a-z]+\d+-az\d+$/, "must be an AZ ID such as use1-az1")).optional(),
  /** NAT gateways: one per AZ, or one shared. @default "perAz" for prod, "single" otherwise */
  natGateways: z.enum(["perAz", "single"]).optional(),
  /**
   * Inter-region links this stack owns, keyed by the peer stack id (`prod-us-east-1`).
   * The owner depends on the peer; the peer never declares the same link back.
   */
  peers: z
    .record(
      z.string(),
      z.strictObject({
        /** TCP ports the peer's database tier may reach in ours (and the reverse return path). */
        ports: z.array(port).min(1),
      }),
    )
    .default({}),
});

export const AccountRegionSchema = z.strictObject({
  /** The three-tier VPC; absent means this account-region has no network. */
  network: NetworkSchema.optional(),
  /** RDS instances in the database tier (needs `network`). @default - none */
  databases: DatabasesSchema.optional(),
  /** DMS here copying reference tables from another stack's MariaDB. @default - none */
  referenceSync: ReferenceSyncSchema.optional(),
  /** EKS with Karpenter (needs `network`), plus a `<stack>-k8s` stack for what runs in it. @default - none */
  cluster: ClusterSchema.optional(),
  /** Existing resources of this stack to import instead of create: `{ <address>: <cloud id> }`. @default {} */
  adopt: AdoptSchema.default({}),
  /**
   * Overrides the state key; only for adopting an existing state layout.
   * @default "<org>/<account>/<region>/terraform.tfstate"
   */
  stateKey: z.string().min(1).optional(),
});

export const AccountSchema = z.strictObject({
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
  regions: z.record(z.string(), AccountRegionSchema),
});

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

export const OrganizationSchema = z.strictObject({
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
  /** Reference tables: the only relational data that may leave its region (by DMS). @default { schema: "reference", tables: [] } */
  referenceData: ReferenceDataSchema.default({ schema: "reference", tables: [] }),
  /** The organization registry (a DynamoDB global table). @default - none */
  registry: RegistrySchema.optional(),
  /** Tags on every resource, besides the ones the project sets; AWS's tag rules apply. @default {} */
  tags: z.record(tagText("key", 1, 128), tagText("value", 0, 256)).default({}),
  backend: z.discriminatedUnion("type", [S3BackendSchema, CloudBackendSchema]),
  accounts: z.record(name("account name"), AccountSchema),
}); // prettier-ignore

/** The organization as written in a file (defaults not yet applied). */
export type OrganizationInput = z.input<typeof OrganizationSchema>;
/** The organization after shape validation, with defaults applied. */
export type Organization = z.output<typeof OrganizationSchema>;
export type Account = z.output<typeof AccountSchema>;
export type AccountRegion = z.output<typeof AccountRegionSchema>;
export type NetworkConfig = z.output<typeof NetworkSchema>;
export type S3BackendConfig = z.output<typeof S3BackendSchema>;
export type CloudBackendConfig = z.output<typeof CloudBackendSchema>;
