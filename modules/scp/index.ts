import { OrganizationsPolicy } from "@cdktf/provider-aws/lib/organizations-policy";
import { OrganizationsPolicyAttachment } from "@cdktf/provider-aws/lib/organizations-policy-attachment";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { policyJson, type PolicyDocument } from "../iam/policy";
import { policySize, SCP_MAX_CHARACTERS } from "./policies";

export * from "./policies";

export interface ServiceControlPolicyProps {
  /** Policy name shown in Organizations; changing it updates the policy in place. */
  readonly name: string;
  /**
   * What the policy is for; shown in the console.
   * @default - no description
   */
  readonly description?: string;
  /** The policy, built with the functions of this module (`denyLeaveOrganization()`, ...). */
  readonly document: PolicyDocument;
  /**
   * Where the policy is attached: root, OU or account ids, keyed by a stable name that becomes the
   * attachment's address (`root`, `ou_workloads`). Never the management account: SCPs do not
   * apply to it.
   * @default {} - created but not attached
   */
  readonly targets?: Record<string, string>;
  /**
   * What must exist first, typically the organization (SCPs need the policy type enabled).
   * @default []
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A service control policy and its attachments. Validates the rendered size against the
 * 5,120-character SCP limit and that statement ids are unique.
 */
export class ServiceControlPolicy extends Construct {
  readonly policyId: string;
  readonly policyArn: string;

  constructor(scope: Construct, id: string, props: ServiceControlPolicyProps) {
    super(scope, id);
    const policy = new OrganizationsPolicy(this, "resource", {
      name: props.name,
      description: props.description,
      type: "SERVICE_CONTROL_POLICY",
      content: policyJson(props.document, { compact: true }),
      dependsOn: props.dependsOn,
    });
    this.policyId = policy.id;
    this.policyArn = policy.arn;

    for (const [key, targetId] of Object.entries(props.targets ?? {})) {
      new OrganizationsPolicyAttachment(this, `attach_${key}`, { policyId: policy.id, targetId });
    }

    this.node.addValidation({ validate: () => scpIssues(props.document) });
  }
}

/** Every problem of an SCP document that AWS would reject, as `document...: message`. */
export function scpIssues(document: PolicyDocument): string[] {
  const issues: string[] = [];
  const size = policySize(document);
  if (size > SCP_MAX_CHARACTERS) {
    issues.push(
      `document: rendered policy is ${size} characters, over the SCP limit of ${SCP_MAX_CHARACTERS} (minified JSON); ` +
        "split it into several policies or shorten its action lists with wildcards",
    );
  }
  const seen = new Map<string, number>();
  document.Statement.forEach((statement, index) => {
    if (statement.Sid === undefined) return;
    const first = seen.get(statement.Sid);
    if (first !== undefined) {
      issues.push(`document.Statement[${index}].Sid: "${statement.Sid}" is already used by Statement[${first}]`);
    } else {
      seen.set(statement.Sid, index);
    }
  });
  return issues;
}
