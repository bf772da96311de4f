import { DataAwsIdentitystoreGroup } from "@cdktf/provider-aws/lib/data-aws-identitystore-group";
import { DataAwsSsoadminInstances } from "@cdktf/provider-aws/lib/data-aws-ssoadmin-instances";
import { SsoadminAccountAssignment } from "@cdktf/provider-aws/lib/ssoadmin-account-assignment";
import { SsoadminCustomerManagedPolicyAttachment } from "@cdktf/provider-aws/lib/ssoadmin-customer-managed-policy-attachment";
import { SsoadminManagedPolicyAttachment } from "@cdktf/provider-aws/lib/ssoadmin-managed-policy-attachment";
import { SsoadminPermissionSet } from "@cdktf/provider-aws/lib/ssoadmin-permission-set";
import { SsoadminPermissionSetInlinePolicy } from "@cdktf/provider-aws/lib/ssoadmin-permission-set-inline-policy";
import { SsoadminPermissionsBoundaryAttachment } from "@cdktf/provider-aws/lib/ssoadmin-permissions-boundary-attachment";
import { Fn, Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { postconditionBlocksInHcl } from "../hcl/postconditions";
import { policyJson, type PolicyDocument } from "../iam/policy";
import { GROUP_ID, PERMISSION_SET_LIMITS, sessionDurationIssue } from "./defaults";

export {
  GROUP_ID,
  LANDING_ZONE_PERMISSION_SETS,
  PERMISSION_SET_LIMITS,
  sessionDurationIssue,
  sessionMinutes,
  type LandingZonePermissionSet,
  type PermissionSetDefinition,
} from "./defaults";

/** A customer managed policy by name and path; it must exist under that name in every account the set is assigned to. */
export interface CustomerManagedPolicyRef {
  readonly name: string;
  /** @default "/" */
  readonly path?: string;
}

/** The permissions boundary of a permission set: an AWS managed policy or a customer managed one. */
export type PermissionsBoundary =
  { readonly awsManagedPolicyArn: string } | { readonly customerManagedPolicy: CustomerManagedPolicyRef };

export interface PermissionSetProps {
  /**
   * Name in the access portal and in the role Identity Center provisions (`AWSReservedSSO_<name>_…`);
   * 1-32 of `[\w+=,.@-]`. Changing it replaces the set and every assignment of it.
   */
  readonly name: string;
  /** What the set is for; up to 700 characters. */
  readonly description: string;
  /**
   * Length of a portal session, ISO-8601, 1 to 12 hours.
   * @default "PT1H"
   * @see https://docs.aws.amazon.com/singlesignon/latest/userguide/howtosessionduration.html
   */
  readonly sessionDuration?: string;
  /**
   * AWS managed policies (`arn:aws:iam::aws:policy/...`). With the customer managed ones at most 20;
   * IAM allows 10 per role unless the quota is raised in every target account.
   * @default []
   */
  readonly awsManagedPolicyArns?: readonly string[];
  /**
   * Customer managed policies, referenced by name and path: Identity Center attaches the policy of
   * that name in each target account, and an assignment fails where it does not exist.
   * @default []
   */
  readonly customerManagedPolicies?: readonly CustomerManagedPolicyRef[];
  /**
   * The set's inline policy (at most 10,240 characters without whitespace).
   * @default - none
   */
  readonly inlinePolicy?: PolicyDocument;
  /**
   * Permissions boundary of the provisioned roles.
   * @default - none
   */
  readonly permissionsBoundary?: PermissionsBoundary;
  /**
   * Console URL the portal opens after sign-in.
   * @default - the console home
   */
  readonly relayState?: string;
}

export interface IdentityCenterProps {
  /**
   * Permission sets by a stable key (`readOnly`); the key names addresses, so renaming it replaces the set.
   * `LANDING_ZONE_PERMISSION_SETS` holds the usual ones.
   */
  readonly permissionSets: Readonly<Record<string, PermissionSetProps>>;
  /** Identity store group ids by a stable key (`developers`): the directory is the customer's. */
  readonly groups: Readonly<Record<string, string>>;
  /** 12-digit account ids by a stable key (`prod`). */
  readonly accounts: Readonly<Record<string, string>>;
  /**
   * Which group gets which sets in which account: `{ developers: { prod: ["readOnly"] } }`. Each
   * assignment is addressed `<group>_<account>_<set>`.
   * @default {} - nobody is assigned anything
   */
  readonly assignments?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /**
   * Read each group from the identity store at plan, so that an id that is not in the directory fails
   * the plan (naming `data.aws_identitystore_group.<id>_group_<key>`) instead of an assignment at apply.
   * @default true
   */
  readonly verifyGroups?: boolean;
  /**
   * Tags of the permission sets.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/** A permission set as assignments elsewhere refer to it. */
export interface PermissionSetRef {
  readonly arn: string;
  readonly name: string;
}

/**
 * IAM Identity Center permission sets and group assignments, in the stack of the account and region
 * where Identity Center is enabled (the management account or its delegated administrator). The
 * instance is looked up: a plan fails clearly when this account and region have no instance.
 * @see https://docs.aws.amazon.com/singlesignon/latest/userguide/permissionsetsconcept.html
 */
export class IdentityCenter extends Construct {
  readonly instanceArn: string;
  readonly identityStoreId: string;
  /** Permission sets by key. */
  readonly permissionSets: Readonly<Record<string, PermissionSetRef>>;

  constructor(scope: Construct, id: string, props: IdentityCenterProps) {
    super(scope, id);
    const issues = identityCenterIssues(props);
    this.node.addValidation({ validate: () => issues });

    const instances = this.lookUpInstance();
    this.instanceArn = Token.asString(Fn.one(instances.arns));
    this.identityStoreId = Token.asString(Fn.one(instances.identityStoreIds));

    const sets: Record<string, PermissionSetRef> = {};
    const provisioned: Record<string, ITerraformDependable[]> = {};
    for (const [key, set] of Object.entries(props.permissionSets)) {
      const created = this.createPermissionSet(key, set, props.tags ?? {});
      sets[key] = { arn: created.resource.arn, name: set.name };
      provisioned[key] = [created.resource, ...created.attachments];
    }
    this.permissionSets = sets;

    this.createAssignments(props, provisioned);
  }

  /** `<group>_<account>_<set>`: a group of the customer's directory gets a set in an account. */
  private createAssignments(props: IdentityCenterProps, provisioned: Record<string, ITerraformDependable[]>): void {
    const principals = this.createGroupLookups(props);
    for (const [group, accounts] of Object.entries(props.assignments ?? {})) {
      for (const [account, setKeys] of Object.entries(accounts)) {
        for (const setKey of setKeys) {
          const accountId = props.accounts[account];
          const principalId = principals[group];
          const set = this.permissionSets[setKey];
          const address = `${snake(group)}_${snake(account)}_${snake(setKey)}`;
          // Unknown keys and taken addresses are reported by identityCenterIssues.
          if (accountId === undefined || principalId === undefined || set === undefined) continue;
          if (this.node.tryFindChild(address) !== undefined) continue;
          new SsoadminAccountAssignment(this, address, {
            instanceArn: this.instanceArn,
            permissionSetArn: set.arn,
            principalType: "GROUP",
            principalId,
            targetType: "AWS_ACCOUNT",
            targetId: accountId,
            // The first provisioning of the set into the account then carries every policy.
            dependsOn: provisioned[setKey],
          });
        }
      }
    }
  }

  /** The one Identity Center instance of this account and region, read at plan. */
  private lookUpInstance(): DataAwsSsoadminInstances {
    const instances = new DataAwsSsoadminInstances(this, "instance", {
      lifecycle: {
        postcondition: [
          {
            condition: "${length(self.arns) == 1}",
            errorMessage:
              "IAM Identity Center: this account and region have ${length(self.arns)} instances, not one. Enable " +
              "Identity Center (an organization instance) in the management account, and deploy this stack in " +
              "the account and region where it is enabled.",
          },
        ],
      },
    });
    postconditionBlocksInHcl(instances);
    return instances;
  }

  private createPermissionSet(
    key: string,
    set: PermissionSetProps,
    tags: Record<string, string>,
  ): { resource: SsoadminPermissionSet; attachments: ITerraformDependable[] } {
    const id = snake(key);
    const resource = new SsoadminPermissionSet(this, id, {
      instanceArn: this.instanceArn,
      name: set.name,
      description: set.description,
      sessionDuration: set.sessionDuration ?? "PT1H",
      relayState: set.relayState,
      tags,
    });
    const common = { instanceArn: this.instanceArn, permissionSetArn: resource.arn };
    const attachments: ITerraformDependable[] = [];
    // A policy listed twice is reported by permissionSetIssues; it is attached once.
    const awsManaged = new Map((set.awsManagedPolicyArns ?? []).map((arn) => [managedPolicyKey(arn), arn]));
    for (const [policyKey, arn] of awsManaged) {
      attachments.push(
        new SsoadminManagedPolicyAttachment(this, `${id}_managed_${policyKey}`, {
          ...common,
          managedPolicyArn: arn,
        }),
      );
    }
    const customer = new Map((set.customerManagedPolicies ?? []).map((policy) => [snake(policy.name), policy]));
    for (const [policyKey, policy] of customer) {
      attachments.push(
        new SsoadminCustomerManagedPolicyAttachment(this, `${id}_customer_${policyKey}`, {
          ...common,
          customerManagedPolicyReference: { name: policy.name, path: policy.path ?? "/" },
        }),
      );
    }
    if (set.inlinePolicy !== undefined) {
      attachments.push(
        new SsoadminPermissionSetInlinePolicy(this, `${id}_inline`, {
          ...common,
          inlinePolicy: policyJson(set.inlinePolicy),
        }),
      );
    }
    const boundary = set.permissionsBoundary;
    if (boundary !== undefined) {
      attachments.push(
        new SsoadminPermissionsBoundaryAttachment(this, `${id}_boundary`, {
          ...common,
          permissionsBoundary:
            "awsManagedPolicyArn" in boundary
              ? { managedPolicyArn: boundary.awsManagedPolicyArn }
              : {
                  customerManagedPolicyReference: {
                    name: boundary.customerManagedPolicy.name,
                    path: boundary.customerManagedPolicy.path ?? "/",
                  },
                },
        }),
      );
    }
    return { resource, attachments };
  }

  /** Group ids by key; read from the identity store when `verifyGroups`, so a wrong id fails the plan. */
  private createGroupLookups(props: IdentityCenterProps): Record<string, string> {
    if (props.verifyGroups === false) return { ...props.groups };
    return Object.fromEntries(
      Object.entries(props.groups).map(([key, groupId]) => [
        key,
        new DataAwsIdentitystoreGroup(this, `group_${snake(key)}`, {
          identityStoreId: this.identityStoreId,
          groupId,
        }).groupId,
      ]),
    );
  }
}

/** `job_function_viewonlyaccess` from `arn:aws:iam::aws:policy/job-function/ViewOnlyAccess`: the path keeps keys apart. */
function managedPolicyKey(arn: string): string {
  return arn
    .replace(/^.*:policy\//, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_");
}

/** `securityAudit` and `security-audit` both become `security_audit`. */
function snake(value: string): string {
  return value
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}

const AWS_MANAGED_POLICY_ARN = /^arn:aws(?:-[a-z]+)*:iam::aws:policy\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]+$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const POLICY_PATH = /^\/(?:[\w+=,.@-]+\/)*$/;

/** Every invariant of the props, as `<prop path>: message`. */
export function identityCenterIssues(props: IdentityCenterProps): string[] {
  const issues: string[] = [];
  for (const [key, set] of Object.entries(props.permissionSets)) {
    issues.push(...permissionSetIssues(`permissionSets.${key}`, set));
  }
  for (const [key, groupId] of Object.entries(props.groups)) {
    if (!Token.isUnresolved(groupId) && !GROUP_ID.test(groupId)) {
      issues.push(`groups.${key}: "${groupId}" is not an identity store group id (a UUID)`);
    }
  }
  for (const [key, accountId] of Object.entries(props.accounts)) {
    if (!Token.isUnresolved(accountId) && !/^\d{12}$/.test(accountId)) {
      issues.push(`accounts.${key}: "${accountId}" is not a 12-digit account id`);
    }
  }
  const addresses = new Map<string, string>();
  for (const key of Object.keys(props.permissionSets)) addresses.set(snake(key), `permissionSets.${key}`);
  for (const [group, accounts] of Object.entries(props.assignments ?? {})) {
    if (props.groups[group] === undefined) {
      issues.push(`assignments.${group}: group "${group}" is not in groups (${list(props.groups)})`);
    }
    for (const [account, setKeys] of Object.entries(accounts)) {
      const path = `assignments.${group}.${account}`;
      if (props.accounts[account] === undefined) {
        issues.push(`${path}: account "${account}" is not in accounts (${list(props.accounts)})`);
      }
      setKeys.forEach((setKey, i) => {
        if (props.permissionSets[setKey] === undefined) {
          issues.push(
            `${path}[${i}]: permission set "${setKey}" is not in permissionSets (${list(props.permissionSets)})`,
          );
          return;
        }
        const address = `${snake(group)}_${snake(account)}_${snake(setKey)}`;
        const earlier = addresses.get(address);
        if (earlier !== undefined) {
          issues.push(`${path}[${i}]: its address "${address}" is already taken by ${earlier}; rename a key`);
        }
        addresses.set(address, `${path}[${i}]`);
      });
    }
  }
  return issues;
}

function permissionSetIssues(path: string, set: PermissionSetProps): string[] {
  const issues: string[] = [];
  if (!PERMISSION_SET_LIMITS.name.test(set.name)) {
    issues.push(`${path}.name: "${set.name}" must be 1-32 letters, digits or +=,.@_-`);
  }
  if (set.description.length === 0 || set.description.length > PERMISSION_SET_LIMITS.descriptionMaxLength) {
    issues.push(`${path}.description: must be 1-${PERMISSION_SET_LIMITS.descriptionMaxLength} characters`);
  }
  if (set.sessionDuration !== undefined) {
    const problem = sessionDurationIssue(set.sessionDuration);
    if (problem !== undefined) issues.push(`${path}.sessionDuration: ${problem}`);
  }
  const awsManaged = set.awsManagedPolicyArns ?? [];
  awsManaged.forEach((arn, i) => {
    if (!AWS_MANAGED_POLICY_ARN.test(arn)) {
      issues.push(
        `${path}.awsManagedPolicyArns[${i}]: "${arn}" is not an AWS managed policy ARN (arn:aws:iam::aws:policy/...)`,
      );
    }
    const first = awsManaged.findIndex((other) => managedPolicyKey(other) === managedPolicyKey(arn));
    if (first < i) issues.push(`${path}.awsManagedPolicyArns[${i}]: "${arn}" is already listed at [${first}]`);
  });
  const customer = set.customerManagedPolicies ?? [];
  customer.forEach((policy, i) => {
    issues.push(...customerPolicyIssues(`${path}.customerManagedPolicies[${i}]`, policy));
    const first = customer.findIndex((other) => snake(other.name) === snake(policy.name));
    if (first < i)
      issues.push(`${path}.customerManagedPolicies[${i}]: "${policy.name}" is already listed at [${first}]`);
  });
  const managed = awsManaged.length + customer.length;
  if (managed > PERMISSION_SET_LIMITS.managedPolicies) {
    issues.push(
      `${path}: ${managed} managed policies exceed Identity Center's ${PERMISSION_SET_LIMITS.managedPolicies} per permission set; merge some into the inline policy`,
    );
  }
  if (set.inlinePolicy !== undefined) {
    const size = policyJson(set.inlinePolicy, { compact: true }).length;
    if (size > PERMISSION_SET_LIMITS.inlinePolicyNonWhitespace) {
      issues.push(
        `${path}.inlinePolicy: ${size} characters exceed the ${PERMISSION_SET_LIMITS.inlinePolicyNonWhitespace} an inline policy may have without whitespace`,
      );
    }
  }
  const boundary = set.permissionsBoundary;
  if (boundary !== undefined) {
    if ("awsManagedPolicyArn" in boundary) {
      if (!AWS_MANAGED_POLICY_ARN.test(boundary.awsManagedPolicyArn)) {
        issues.push(
          `${path}.permissionsBoundary.awsManagedPolicyArn: "${boundary.awsManagedPolicyArn}" is not an AWS managed policy ARN`,
        );
      }
    } else {
      issues.push(
        ...customerPolicyIssues(`${path}.permissionsBoundary.customerManagedPolicy`, boundary.customerManagedPolicy),
      );
    }
  }
  return issues;
}

function customerPolicyIssues(path: string, policy: CustomerManagedPolicyRef): string[] {
  const issues: string[] = [];
  if (!POLICY_NAME.test(policy.name)) issues.push(`${path}.name: "${policy.name}" is not an IAM policy name`);
  if (policy.path !== undefined && !POLICY_PATH.test(policy.path)) {
    issues.push(`${path}.path: "${policy.path}" must start and end with "/" (e.g. "/" or "/platform/")`);
  }
  return issues;
}

function list(record: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(record);
  return keys.length === 0 ? "none defined" : keys.join(", ");
}
