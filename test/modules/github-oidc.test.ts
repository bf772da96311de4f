import { GithubOidc, type GithubOidcProps } from "../../modules/github-oidc";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const push = {
  Sid: "PushImages",
  Effect: "Allow" as const,
  Action: ["ecr:PutImage", "ecr:UploadLayerPart"],
  Resource: "arn:aws:ecr:us-east-1:123456789012:repository/bankapp",
};
const base: GithubOidcProps = {
  roles: {
    deploy_prod: {
      roleName: "bankapp-prod-deploy",
      subjects: [
        { repository: "example-org/bankapp", branch: "main" },
        { repository: "example-org/bankapp", environment: "production" },
      ],
      policyStatements: [push],
      managedPolicyArns: { readonly: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
    },
  },
};
const synth = (props: Partial<GithubOidcProps> = {}): StackJson =>
  synthModule((s) => new GithubOidc(s, "github", { ...base, ...props }));
const withSubject = (subject: object) =>
  synth({ roles: { r: { roleName: "r", subjects: [subject as { repository: string; branch: string }] } } });

describe("GithubOidc", () => {
  const json = synth();

  test("creates GitHub's provider with the sts.amazonaws.com audience and no thumbprint", () => {
    const provider = resource(json, "aws_iam_openid_connect_provider", "github");
    expect(provider).toMatchObject({
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
    expect(provider).not.toHaveProperty("thumbprint_list");
  });

  test("adopts an existing provider instead", () => {
    const adopted = synth({
      existingProviderArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
    });
    expect(resourcesOf(adopted, "aws_iam_openid_connect_provider")).toEqual({});
    expect(
      policyOf(resource(adopted, "aws_iam_role", "github_deploy_prod"), "assume_role_policy").Statement[0]!.Principal,
    ).toEqual({
      Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
    });
  });

  test("trusts only the exact branch and environment subjects, with the STS audience", () => {
    const role = resource(json, "aws_iam_role", "github_deploy_prod");
    expect(policyOf(role, "assume_role_policy").Statement).toEqual([
      {
        Sid: "GithubActionsOfTheseSubjectsOnly",
        Effect: "Allow",
        Principal: { Federated: "${aws_iam_openid_connect_provider.github.arn}" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": [
              "repo:example-org/bankapp:ref:refs/heads/main",
              "repo:example-org/bankapp:environment:production",
            ],
          },
        },
      },
    ]);
    expect(JSON.stringify(policyOf(role, "assume_role_policy"))).not.toMatch(/StringLike|\*/);
    expect(role.max_session_duration).toBe(3600);
  });

  test("gives the role its policies from props", () => {
    expect(policyOf(resource(json, "aws_iam_role_policy", "github_deploy_prod_policy")).Statement).toEqual([push]);
    expect(resource(json, "aws_iam_role_policy_attachment", "github_deploy_prod_readonly").policy_arn).toBe(
      "arn:aws:iam::aws:policy/ReadOnlyAccess",
    );
  });

  describe("validation", () => {
    test("refuses a wildcard repository", () => {
      expect(() => withSubject({ repository: "example-org/*", branch: "main" })).toThrow(
        /roles.r.subjects\[0\].repository: "example-org\/\*" must be one exact <owner>\/<repository>; wildcards would trust other repositories' workflows/,
      );
      expect(() => withSubject({ repository: "*", branch: "main" })).toThrow(/roles.r.subjects\[0\].repository/);
      expect(() => withSubject({ repository: "bankapp", branch: "main" })).toThrow(
        /roles.r.subjects\[0\].repository: "bankapp" must be one exact/,
      );
    });

    test("refuses a wildcard branch or environment", () => {
      expect(() => withSubject({ repository: "example-org/bankapp", branch: "release/*" })).toThrow(
        /roles.r.subjects\[0\].branch: "release\/\*" must be one exact name, without wildcards/,
      );
      expect(() => withSubject({ repository: "example-org/bankapp", environment: "prod?" })).toThrow(
        /roles.r.subjects\[0\].environment/,
      );
    });

    test("refuses a role without subjects, wildcard actions and long sessions", () => {
      expect(() =>
        synth({
          roles: {
            r: {
              roleName: "r",
              subjects: [],
              policyStatements: [{ Effect: "Allow", Action: "ecs:*", Resource: "*" }],
              maxSessionHours: 24,
            },
          },
        }),
      ).toThrow(
        /roles.r.subjects: name at least one repository[\s\S]*roles.r.policyStatements\[0\].Action: a deploy role names its actions[\s\S]*roles.r.maxSessionHours: 24 is not a whole number of hours within 1-12/,
      );
    });
  });
});
