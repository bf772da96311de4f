import { z } from "zod";
import { parseCidr } from "../../modules/network-acl/cidr";

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

const NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
const name = (what: string) =>
  z.string().regex(NAME, `${what} must be 2-32 lowercase letters, digits or dashes, starting with a letter`);

const cidr = z.string().refine((value) => parseCidr(value) !== undefined, "must be an IPv4 CIDR such as 10.0.0.0/16");

const accountId = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id (quote it in YAML)");

const iamRoleName = z
  .string()
  .regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM role name (1-64 letters, digits or +=,.@_-)");

/** A network ACL port range for a cross-region link, e.g. 3306 for MariaDB. */
const port = z.number().int().min(1).max(65535);

export const NetworkSchema = z.strictObject({
  /** The VPC's /16; every VPC in the organization needs its own. */
  cidr,
  /** Availability zones used, by letter order (a, b, c). @default 3 */
  availabilityZones: z.union([z.literal(2), z.literal(3)]).default(3),
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
  /**
   * Overrides the state key; only for adopting an existing state layout.
   * @default "<org>/<account>/<region>/terraform.tfstate"
   */
  stateKey: z.string().min(1).optional(),
});

export const AccountSchema = z.strictObject({
  id: accountId,
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

const S3BackendSchema = z.strictObject({
  type: z.literal("s3"),
  /** State bucket, created by the `bootstrap` stack. */
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid S3 bucket name"),
  /** DynamoDB lock table, created by the `bootstrap` stack. */
  lockTable: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, "must be a valid DynamoDB table name"),
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
});

const CloudBackendSchema = z.strictObject({
  type: z.literal("cloud"),
  /** Terraform Cloud / HCP Terraform organization. */
  organization: z.string().min(1),
  /** Workspace name prefix; each stack's workspace is `<prefix><stack id>`. */
  workspacePrefix: z.string().regex(/^[A-Za-z0-9_-]*$/, "may hold only letters, digits, - and _"),
  /** @default "app.terraform.io" */
  hostname: z.string().min(1).default("app.terraform.io"),
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
  /** Organizational units by path (`Workloads/Prod`); a parent must be listed before it is used. */
  organizationalUnits: z.record(z.string().regex(/^[A-Za-z][\w-]*(\/[A-Za-z][\w-]*)*$/, "must be an OU path such as Workloads/Prod"), z.strictObject({})).default({}),
  /** Tags on every resource, besides the ones the project sets. @default {} */
  tags: z.record(z.string(), z.string()).default({}),
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
