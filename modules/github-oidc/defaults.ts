/**
 * What a config layer needs of the github-oidc module, with no construct import.
 *
 * GitHub's OIDC issuer and the audience AWS's configure-aws-credentials action requests. AWS validates
 * GitHub's tokens against its library of trusted root CAs, not a thumbprint, so no thumbprint is set
 * (provider 5.100.0 makes `thumbprint_list` optional; IAM then keeps its own).
 * @see https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc_verify-thumbprint.html
 */
export const GITHUB_OIDC = {
  url: "https://token.actions.githubusercontent.com",
  host: "token.actions.githubusercontent.com",
  audience: "sts.amazonaws.com",
} as const;

/** GitHub owner (user or organization) and repository names; no wildcards. @see https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims */
export const GITHUB_REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
/** A branch or environment name without wildcard characters. */
export const GITHUB_REF_NAME = /^[A-Za-z0-9._\-/]{1,255}$/;

export const DEFAULTS = { maxSessionHours: 1 } as const;

/** Where a workflow runs: a branch, or a deployment environment, of one repository. */
export type GithubSubject =
  | { readonly repository: string; readonly branch: string }
  | { readonly repository: string; readonly environment: string };

/** The `sub` claim GitHub issues for a subject. */
export function subjectClaim(subject: GithubSubject): string {
  return "branch" in subject
    ? `repo:${subject.repository}:ref:refs/heads/${subject.branch}`
    : `repo:${subject.repository}:environment:${subject.environment}`;
}
