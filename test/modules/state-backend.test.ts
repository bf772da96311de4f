import { StateBackend, type StateBackendProps } from "../../modules/state-backend";
import { policyOf, resource, resourcesOf, synthModule } from "../helpers/synth";

const deployer = "arn:aws:iam::123456789012:role/TerraformDeployer";
const ci = "arn:aws:iam::123456789099:role/ci/GithubDeploy";
const base: StateBackendProps = {
  bucketName: "acme-terraform-state-123456789012",
  lockTableName: "acme-terraform-locks",
  keyAlias: "acme-terraform-state",
  accountId: "123456789012",
  accessRoleName: "TerraformStateAccess",
  trustedPrincipalArns: [deployer, ci],
  organizationId: "o-exampleorg1",
  keyPrefix: "acme/",
};
const synth = (props: Partial<StateBackendProps> = {}) =>
  synthModule((s) => new StateBackend(s, "state", { ...base, ...props }));

describe("the state-access role", () => {
  const json = synth();
  const role = resource(json, "aws_iam_role", "state_access_role");

  test("trusts the named principals of the organization, never a whole account", () => {
    expect(policyOf(role, "assume_role_policy").Statement).toEqual([
      {
        Sid: "DeployPrincipalsOnly",
        Effect: "Allow",
        Principal: { AWS: [deployer, ci] },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-exampleorg1" } },
      },
    ]);
    expect(role.assume_role_policy).not.toContain(":root");
  });

  test("looks up the trusted roles of its own account at plan time, so a missing one fails the plan", () => {
    expect(resourcesOf({ resource: json.data }, "aws_iam_role")).toEqual({
      state_principal_terraformdeployer: { name: "TerraformDeployer" },
    });
    expect(role.depends_on).toEqual(["data.aws_iam_role.state_principal_terraformdeployer"]);
  });

  test("has no organization condition before the organization exists", () => {
    const statement = policyOf(
      resource(synth({ organizationId: undefined }), "aws_iam_role", "state_access_role"),
      "assume_role_policy",
    ).Statement[0];
    expect(statement).not.toHaveProperty("Condition");
  });
});
