import { Token } from "cdktf";

/** One IAM policy statement, typed so that documents are built, never hand-written as JSON strings. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | { readonly [kind in "AWS" | "Service" | "Federated"]?: string | string[] };
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: { readonly [operator: string]: { readonly [key: string]: string | string[] | boolean } };
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * Renders a document as a JSON string; references to other resources become `${...}`
 * interpolations inside it, so the synthesized policy stays readable JSON. Indented by default:
 * a multi-line string becomes a heredoc in `cdktf synth --hcl`, where a one-line string holding
 * both quotes and `${...}` is rendered unescaped and breaks the HCL. `compact` for SCPs, whose
 * whitespace counts against their size limit when saved through the API.
 * List tokens cannot be interpolated into a string: pass ARNs one by one.
 */
export function policyJson(document: PolicyDocument, options: { readonly compact?: boolean } = {}): string {
  return JSON.stringify(
    document,
    (_, value: unknown) => {
      if (Array.isArray(value) && Token.isUnresolved(value)) {
        throw new Error("a policy document cannot hold a list token; pass each ARN as a string");
      }
      return value;
    },
    options.compact ? undefined : 2,
  );
}

/** Denies any request to a bucket that does not use TLS (checkov CKV_AWS_... / trivy AVD-AWS-0094 family). */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/**
 * A trust statement admitting exactly the named principals (role ARNs) to `sts:AssumeRole`, and,
 * given the organization id, only while they belong to it (`aws:PrincipalOrgID`). IAM refuses a
 * trust naming a principal that does not exist ("MalformedPolicyDocument: Invalid principal").
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
 */
export function trustNamedPrincipals(
  sid: string,
  principalArns: readonly string[],
  organizationId?: string,
): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { AWS: [...principalArns] },
    Action: "sts:AssumeRole",
    ...(organizationId === undefined ? {} : { Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } } }),
  };
}
