import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { policyDocument, policyJson, type PolicyStatement } from "../iam/policy";
import {
  DEFAULTS,
  GITHUB_OIDC,
  GITHUB_REF_NAME,
  GITHUB_REPOSITORY,
  subjectClaim,
  type GithubSubject,
} from "./defaults";

export { DEFAULTS, GITHUB_OIDC, subjectClaim, type GithubSubject } from "./defaults";

/** A role GitHub Actions workflows of the named subjects may assume. */
export interface DeployRoleSpec {
  /** IAM role name. Changing it replaces the role. */
  readonly roleName: string;
  /** Repositories with a branch or an environment; each becomes one exact `sub` value. */
  readonly subjects: readonly GithubSubject[];
  /** Inline policy of the role (least privilege: no `*` action). @default [] */
  readonly policyStatements?: readonly PolicyStatement[];
  /** Managed policies attached, by key (the address suffix). @default {} */
  readonly managedPolicyArns?: Readonly<Record<string, string>>;
  /** Maximum session length, 1-12 hours. @default 1 */
  readonly maxSessionHours?: number;
}

export interface GithubOidcProps {
  /** Deploy roles by stable key. */
  readonly roles: Readonly<Record<string, DeployRoleSpec>>;
  /**
   * ARN of the account's existing GitHub provider: IAM holds one provider per URL per account.
   * @default - the provider is created here
   */
  readonly existingProviderArn?: string;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * The GitHub Actions OIDC provider (token.actions.githubusercontent.com, audience sts.amazonaws.com) and
 * deploy roles trusted only for exact repository + branch or environment subjects.
 */
export class GithubOidc extends Construct {
  readonly providerArn: string;
  /** Role ARNs by key. */
  readonly roleArns: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: GithubOidcProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => roleIssues(props) });
    this.providerArn =
      props.existingProviderArn ??
      new IamOpenidConnectProvider(this, "resource", {
        url: GITHUB_OIDC.url,
        clientIdList: [GITHUB_OIDC.audience],
        tags: { ...props.tags, Name: GITHUB_OIDC.host },
      }).arn;

    const arns: Record<string, string> = {};
    for (const [key, spec] of Object.entries(props.roles)) {
      const role = new IamRole(this, key, {
        name: spec.roleName,
        description: `GitHub Actions deploy role for ${spec.subjects.map(subjectClaim).join(", ")}`.slice(0, 1000),
        maxSessionDuration: (spec.maxSessionHours ?? DEFAULTS.maxSessionHours) * 3600,
        assumeRolePolicy: policyJson(
          policyDocument({
            Sid: "GithubActionsOfTheseSubjectsOnly",
            Effect: "Allow",
            Principal: { Federated: this.providerArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
              StringEquals: {
                [`${GITHUB_OIDC.host}:aud`]: GITHUB_OIDC.audience,
                [`${GITHUB_OIDC.host}:sub`]: spec.subjects.map(subjectClaim),
              },
            },
          }),
        ),
        tags: { ...props.tags, Name: spec.roleName },
      });
      if ((spec.policyStatements ?? []).length > 0) {
        new IamRolePolicy(this, `${key}_policy`, {
          role: role.name,
          name: "deploy",
          policy: policyJson(policyDocument(...(spec.policyStatements ?? []))),
        });
      }
      for (const [policyKey, arn] of Object.entries(spec.managedPolicyArns ?? {})) {
        new IamRolePolicyAttachment(this, `${key}_${policyKey}`, { role: role.name, policyArn: arn });
      }
      arns[key] = role.arn;
    }
    this.roleArns = arns;
  }
}

function roleIssues(props: GithubOidcProps): string[] {
  const issues: string[] = [];
  for (const [key, spec] of Object.entries(props.roles)) {
    const path = `roles.${key}`;
    if (spec.subjects.length === 0)
      issues.push(`${path}.subjects: name at least one repository with a branch or environment`);
    spec.subjects.forEach((subject, i) => {
      const at = `${path}.subjects[${i}]`;
      if (/[*?]/.test(subject.repository) || !GITHUB_REPOSITORY.test(subject.repository)) {
        issues.push(
          `${at}.repository: "${subject.repository}" must be one exact <owner>/<repository>; wildcards would trust other repositories' workflows`,
        );
      }
      const [field, value] = "branch" in subject ? ["branch", subject.branch] : ["environment", subject.environment];
      if (/[*?]/.test(value) || !GITHUB_REF_NAME.test(value)) {
        issues.push(`${at}.${field}: "${value}" must be one exact name, without wildcards`);
      }
    });
    (spec.policyStatements ?? []).forEach((s, i) => {
      const actions = s.Action === undefined ? [] : ([] as string[]).concat(s.Action);
      if (s.Effect === "Allow" && actions.some((a) => a === "*" || a.endsWith(":*"))) {
        issues.push(
          `${path}.policyStatements[${i}].Action: a deploy role names its actions; "*" and "<service>:*" are not least privilege`,
        );
      }
    });
    const hours = spec.maxSessionHours;
    if (hours !== undefined && (!Number.isInteger(hours) || hours < 1 || hours > 12)) {
      issues.push(`${path}.maxSessionHours: ${hours} is not a whole number of hours within 1-12`);
    }
  }
  return issues;
}
