import { OrganizationsAccount } from "@cdktf/provider-aws/lib/organizations-account";
import { OrganizationsOrganization } from "@cdktf/provider-aws/lib/organizations-organization";
import { OrganizationsOrganizationalUnit } from "@cdktf/provider-aws/lib/organizations-organizational-unit";
import { Construct } from "constructs";
import {
  allowOnlyGovernedRegions,
  denyIamUsers,
  denyLeaveOrganization,
  denyRootUser,
  mergePolicyDocuments,
  protectAccountBaseline,
  protectSecurityServices,
  protectTables,
  ServiceControlPolicy,
} from "../scp";

/**
 * Services trusted across the organization: CloudTrail, Config (and its organization rules),
 * GuardDuty (and its malware protection, which the EBS malware feature needs), Security Hub,
 * IAM Access Analyzer, IAM Identity Center and RAM.
 */
export const ORGANIZATION_SERVICE_PRINCIPALS: readonly string[] = [
  "access-analyzer.amazonaws.com",
  "cloudtrail.amazonaws.com",
  "config-multiaccountsetup.amazonaws.com",
  "config.amazonaws.com",
  "guardduty.amazonaws.com",
  "malware-protection.guardduty.amazonaws.com",
  "ram.amazonaws.com",
  "securityhub.amazonaws.com",
  "sso.amazonaws.com",
];

/** Role Organizations creates in every new account; stacks assume it unless told otherwise. */
export const ORGANIZATION_ACCESS_ROLE = "OrganizationAccountAccessRole";

/** Where an SCP is attached; build it only through the factories. */
export class ScpTarget {
  /** The organization root: every member account. */
  static root(): ScpTarget {
    return new ScpTarget("root", "root");
  }
  /** An OU by path, as a key of `organizationalUnits` (`Workloads/Prod`). */
  static ou(path: string): ScpTarget {
    return new ScpTarget("ou", path);
  }
  /** A member account by its key in `accounts`. */
  static account(key: string): ScpTarget {
    return new ScpTarget("account", key);
  }
  private constructor(
    readonly kind: "root" | "ou" | "account",
    readonly ref: string,
  ) {}
  /** Stable address suffix of the attachment: `root`, `ou_workloads_prod`, `account_dev`. */
  get key(): string {
    return this.kind === "root" ? "root" : `${this.kind}_${snake(this.ref)}`;
  }
  toString(): string {
    return this.kind === "root" ? "root" : `${this.kind} "${this.ref}"`;
  }
}

export interface OrganizationalUnitProps {
  /**
   * Id of an existing OU (`ou-ab12-cd34ef56`) to adopt with an `import` block instead of creating one.
   * @default - the OU is created
   */
  readonly existingId?: string;
}

export interface MemberAccountProps {
  /** Account name shown in Organizations. */
  readonly name: string;
  /** Root user email; unique across AWS. Changing it on an existing account is not supported by the API. */
  readonly email: string;
  /** Path of the OU that holds the account (a key of `organizationalUnits`), or `root`. */
  readonly ouPath: string;
  /**
   * Id of an existing member account to adopt with an `import` block instead of creating one.
   * @default - the account is created
   */
  readonly existingId?: string;
  /**
   * Admin role Organizations creates in a new account. Not readable after creation, so changes are
   * ignored (and it is never set on adopted accounts).
   * @default "OrganizationAccountAccessRole"
   */
  readonly roleName?: string;
}

/** The three SCPs this construct manages; statements are merged to stay within 5 SCPs per target. */
export type OrganizationScp = "guardrails" | "regionGuard" | "denyRootUser";

export interface OrganizationProps {
  /**
   * Id of the existing organization (`o-exampleorg1`) to adopt with an `import` block.
   * @default - a new organization is created
   */
  readonly existingOrganizationId?: string;
  /**
   * Service principals with trusted access to the organization.
   * @default ORGANIZATION_SERVICE_PRINCIPALS
   */
  readonly serviceAccessPrincipals?: readonly string[];
  /**
   * OUs by path (`Workloads/NonProd`); a parent must be listed too. Addresses derive from the path
   * (`ou_workloads_nonprod`): renaming a path replaces the OU.
   * @default {} - every account sits in the root
   */
  readonly organizationalUnits?: Record<string, OrganizationalUnitProps>;
  /**
   * Member accounts keyed by a stable name (`dev`), never the management account. Closing an account
   * is out of band: `close_on_deletion` is false and destroy is refused.
   * @default {}
   */
  readonly accounts?: Record<string, MemberAccountProps>;
  /** Regions the region guard allows; every other region is denied. */
  readonly governedRegions: string[];
  /**
   * Role stacks assume in member accounts; the guardrails let only it change the account baseline.
   * @default "OrganizationAccountAccessRole"
   */
  readonly deployRoleName?: string;
  /**
   * Add the IAM user and access key deny to the guardrails.
   * @default true
   */
  readonly denyIamUsers?: boolean;
  /**
   * DynamoDB tables (the organization registry) whose deletion and replica deletion the guardrails deny.
   * @default []
   */
  readonly protectedTableNames?: readonly string[];
  /**
   * Break-glass principal ARN patterns exempt from every deny except the root-user deny.
   * @default []
   */
  readonly exemptPrincipalArns?: string[];
  /**
   * Where each SCP is attached.
   * @default - guardrails and region guard on the root; the root-user deny on every top-level OU
   */
  readonly policyTargets?: Partial<Record<OrganizationScp, ScpTarget[]>>;
  /**
   * Prefix of the SCP names (`<prefix>-guardrails`).
   * @default "org"
   */
  readonly policyNamePrefix?: string;
  /**
   * Refuse `terraform destroy` of the organization, its OUs and accounts.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * AWS Organizations for the management account's home-region stack: the organization, OUs,
 * member accounts and the guardrail SCPs. Existing organizations,
 * OUs and accounts are adopted with `import` blocks.
 */
export class Organization extends Construct {
  readonly organizationId: string;
  readonly organizationArn: string;
  readonly rootId: string;
  readonly managementAccountId: string;
  /** OU ids by path. */
  readonly ouIds: Readonly<Record<string, string>>;
  /** Member account ids by key. */
  readonly accountIds: Readonly<Record<string, string>>;
  /** The organization resource, for `dependsOn` of constructs that need trusted access first. */
  readonly organization: OrganizationsOrganization;
  readonly policies: Readonly<Record<OrganizationScp, ServiceControlPolicy>>;

  constructor(scope: Construct, id: string, props: OrganizationProps) {
    super(scope, id);
    const protect = props.deletionProtection ?? true;
    const ous = props.organizationalUnits ?? {};
    const accounts = props.accounts ?? {};
    const issues = organizationIssues(props);
    this.node.addValidation({ validate: () => issues });

    this.organization = new OrganizationsOrganization(this, "resource", {
      featureSet: "ALL",
      awsServiceAccessPrincipals: [...(props.serviceAccessPrincipals ?? ORGANIZATION_SERVICE_PRINCIPALS)],
      enabledPolicyTypes: ["SERVICE_CONTROL_POLICY", "TAG_POLICY"],
      lifecycle: { preventDestroy: protect },
    });
    if (props.existingOrganizationId !== undefined) this.organization.importFrom(props.existingOrganizationId);
    this.organizationId = this.organization.id;
    this.organizationArn = this.organization.arn;
    this.managementAccountId = this.organization.masterAccountId;
    this.rootId = this.organization.roots.get(0).id;

    // Parents before children: by depth, then in the order given.
    const ouIds: Record<string, string> = {};
    const paths = Object.keys(ous).sort((a, b) => depth(a) - depth(b));
    for (const path of paths) {
      const parent = parentOf(path);
      const parentId = parent === undefined ? this.rootId : ouIds[parent];
      if (parentId === undefined) continue; // reported by organizationIssues
      const ou = new OrganizationsOrganizationalUnit(this, `ou_${snake(path)}`, {
        name: path.split("/").pop()!,
        parentId,
        lifecycle: { preventDestroy: protect },
      });
      const existing = ous[path].existingId;
      if (existing !== undefined) ou.importFrom(existing);
      ouIds[path] = ou.id;
    }
    this.ouIds = ouIds;

    const accountIds: Record<string, string> = {};
    for (const [key, account] of Object.entries(accounts)) {
      const parentId = account.ouPath === "root" ? this.rootId : ouIds[account.ouPath];
      const member = new OrganizationsAccount(this, `account_${snake(key)}`, {
        name: account.name,
        email: account.email,
        parentId,
        roleName: account.existingId === undefined ? (account.roleName ?? ORGANIZATION_ACCESS_ROLE) : undefined,
        closeOnDeletion: false,
        lifecycle: { preventDestroy: protect, ignoreChanges: ["role_name"] },
      });
      if (account.existingId !== undefined) member.importFrom(account.existingId);
      accountIds[key] = member.id;
    }
    this.accountIds = accountIds;

    const targetIds = (target: ScpTarget): string | undefined =>
      target.kind === "root" ? this.rootId : target.kind === "ou" ? ouIds[target.ref] : accountIds[target.ref];
    const targets = resolvedTargets(props);
    const attach = (scp: OrganizationScp): Record<string, string> =>
      Object.fromEntries(
        targets[scp].flatMap((t) => {
          const targetId = targetIds(t);
          return targetId === undefined ? [] : [[t.key, targetId]];
        }),
      );

    const prefix = props.policyNamePrefix ?? "org";
    const deployRoleName = props.deployRoleName ?? ORGANIZATION_ACCESS_ROLE;
    const exemptPrincipalArns = props.exemptPrincipalArns ?? [];
    const guardrails = mergePolicyDocuments(
      denyLeaveOrganization({ exemptPrincipalArns }),
      protectSecurityServices({ exemptPrincipalArns }),
      protectAccountBaseline({ deployRoleName, exemptPrincipalArns }),
      ...((props.denyIamUsers ?? true) ? [denyIamUsers({ exemptPrincipalArns })] : []),
      ...((props.protectedTableNames ?? []).length > 0
        ? [protectTables({ tableNames: props.protectedTableNames!, exemptPrincipalArns })]
        : []),
    );
    this.policies = {
      guardrails: new ServiceControlPolicy(this, "scp_guardrails", {
        name: `${prefix}-guardrails`,
        description: "Deny leaving the organization, disabling security services, changing the account baseline",
        document: guardrails,
        targets: attach("guardrails"),
        dependsOn: [this.organization],
      }),
      regionGuard: new ServiceControlPolicy(this, "scp_region_guard", {
        name: `${prefix}-region-guard`,
        description: `Data residency: deny every region but ${props.governedRegions.join(", ")}`,
        document: allowOnlyGovernedRegions({ governedRegions: props.governedRegions, exemptPrincipalArns }),
        targets: attach("regionGuard"),
        dependsOn: [this.organization],
      }),
      denyRootUser: new ServiceControlPolicy(this, "scp_deny_root_user", {
        name: `${prefix}-deny-root-user`,
        description: "Deny every action of member accounts' root users",
        document: denyRootUser(),
        targets: attach("denyRootUser"),
        dependsOn: [this.organization],
      }),
    };
  }
}

function snake(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}

function depth(path: string): number {
  return path.split("/").length;
}

function parentOf(path: string): string | undefined {
  const at = path.lastIndexOf("/");
  return at < 0 ? undefined : path.slice(0, at);
}

function resolvedTargets(props: OrganizationProps): Record<OrganizationScp, ScpTarget[]> {
  const topLevelOus = Object.keys(props.organizationalUnits ?? {}).filter((path) => !path.includes("/"));
  return {
    guardrails: props.policyTargets?.guardrails ?? [ScpTarget.root()],
    regionGuard: props.policyTargets?.regionGuard ?? [ScpTarget.root()],
    denyRootUser: props.policyTargets?.denyRootUser ?? topLevelOus.map((path) => ScpTarget.ou(path)),
  };
}

const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ACCOUNT_ID = /^\d{12}$/;

/** Every invariant of the props, as `<prop path>: message`. */
export function organizationIssues(props: OrganizationProps): string[] {
  const issues: string[] = [];
  const ous = props.organizationalUnits ?? {};
  const accounts = props.accounts ?? {};
  if (props.existingOrganizationId !== undefined && !ORGANIZATION_ID.test(props.existingOrganizationId)) {
    issues.push(`existingOrganizationId: "${props.existingOrganizationId}" is not an organization id (o-exampleorg1)`);
  }
  if (props.governedRegions.length === 0) {
    issues.push("governedRegions: name at least one region, or the region guard denies every regional service");
  }
  for (const [path, ou] of Object.entries(ous)) {
    const parent = parentOf(path);
    if (parent !== undefined && ous[parent] === undefined) {
      issues.push(`organizationalUnits.${path}: parent OU "${parent}" is not listed; add it to organizationalUnits`);
    }
    if (ou.existingId !== undefined && !OU_ID.test(ou.existingId)) {
      issues.push(`organizationalUnits.${path}.existingId: "${ou.existingId}" is not an OU id (ou-ab12-cd34ef56)`);
    }
  }
  for (const [key, account] of Object.entries(accounts)) {
    if (account.ouPath !== "root" && ous[account.ouPath] === undefined) {
      issues.push(`accounts.${key}.ouPath: OU "${account.ouPath}" is not in organizationalUnits (or use "root")`);
    }
    if (account.existingId !== undefined && !ACCOUNT_ID.test(account.existingId)) {
      issues.push(`accounts.${key}.existingId: "${account.existingId}" is not a 12-digit account id`);
    }
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(account.email)) {
      issues.push(`accounts.${key}.email: "${account.email}" is not an email address`);
    }
  }
  for (const [scp, targets] of Object.entries(resolvedTargets(props))) {
    targets.forEach((target, index) => {
      const known = target.kind === "root" || (target.kind === "ou" ? ous[target.ref] : accounts[target.ref]);
      if (!known) {
        issues.push(`policyTargets.${scp}[${index}]: ${target} is not defined in this organization`);
      }
    });
  }
  return issues;
}
