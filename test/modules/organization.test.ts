import { Organization, ScpTarget, type OrganizationProps } from "../../modules/organization";
import { resource, resourcesOf, synthModule } from "../helpers/synth";

const base: OrganizationProps = {
  governedRegions: ["us-east-1", "ca-central-1"],
  organizationalUnits: { Security: {}, Workloads: {}, "Workloads/NonProd": {}, "Workloads/Prod": {} },
  accounts: {
    security: { name: "security", email: "security@example.com", ouPath: "Security" },
    dev: { name: "dev", email: "dev@example.com", ouPath: "Workloads/NonProd" },
    prod: { name: "prod", email: "prod@example.com", ouPath: "Workloads/Prod", existingId: "123456789014" },
  },
};
const synth = (props: Partial<OrganizationProps> = {}) =>
  synthModule((s) => new Organization(s, "organization", { ...base, ...props }));
const policyOf = (json: ReturnType<typeof synth>, name: string) =>
  JSON.parse(resource(json, "aws_organizations_policy", name).content as string) as {
    Statement: { Sid: string; Condition?: Record<string, Record<string, unknown>> }[];
  };
const attachmentsOf = (json: ReturnType<typeof synth>, policy: string) =>
  Object.keys(resourcesOf(json, "aws_organizations_policy_attachment"))
    .filter((name) => name.startsWith(`organization_${policy}_attach_`))
    .map((name) => name.replace(`organization_${policy}_attach_`, ""))
    .sort();

describe("the organization", () => {
  const json = synth();
  const org = resource(json, "aws_organizations_organization", "organization");

  test("has all features, SCP and tag policies, and the trusted services", () => {
    expect(org.feature_set).toBe("ALL");
    expect(org.enabled_policy_types).toEqual(["SERVICE_CONTROL_POLICY", "TAG_POLICY"]);
    expect(org.aws_service_access_principals).toEqual(
      expect.arrayContaining([
        "cloudtrail.amazonaws.com",
        "config.amazonaws.com",
        "guardduty.amazonaws.com",
        "securityhub.amazonaws.com",
        "access-analyzer.amazonaws.com",
        "sso.amazonaws.com",
        "ram.amazonaws.com",
      ]),
    );
  });

  test("cannot be destroyed by default, and can be when deletion protection is off", () => {
    expect(org.lifecycle).toEqual({ prevent_destroy: true });
    const unprotected = synth({ deletionProtection: false });
    expect(resource(unprotected, "aws_organizations_organization", "organization").lifecycle).toEqual({
      prevent_destroy: false,
    });
  });
});

describe("organizational units", () => {
  const json = synth();
  const ous = resourcesOf(json, "aws_organizations_organizational_unit");

  test("are addressed by path", () => {
    expect(Object.keys(ous).sort()).toEqual([
      "organization_ou_security",
      "organization_ou_workloads",
      "organization_ou_workloads_nonprod",
      "organization_ou_workloads_prod",
    ]);
  });

  test("top-level OUs sit in the root, nested ones in their parent", () => {
    expect(ous.organization_ou_workloads.parent_id).toBe("${aws_organizations_organization.organization.roots[0].id}");
    expect(ous.organization_ou_workloads_prod).toMatchObject({
      name: "Prod",
      parent_id: "${aws_organizations_organizational_unit.organization_ou_workloads.id}",
    });
  });

  test("reports an OU whose parent is missing", () => {
    expect(() => synth({ organizationalUnits: { "Workloads/Prod": {} } })).toThrow(
      /organizationalUnits\.Workloads\/Prod: parent OU "Workloads" is not listed/,
    );
  });
});

describe("member accounts", () => {
  const json = synth();
  const accounts = resourcesOf(json, "aws_organizations_account");

  test("are never closed by Terraform and cannot be destroyed", () => {
    for (const account of Object.values(accounts)) {
      expect(account.close_on_deletion).toBe(false);
      expect(account.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["role_name"] });
    }
  });

  test("sit in their OU", () => {
    expect(accounts.organization_account_dev.parent_id).toBe(
      "${aws_organizations_organizational_unit.organization_ou_workloads_nonprod.id}",
    );
  });

  test("new accounts get the access role; adopted ones do not set it", () => {
    expect(accounts.organization_account_dev.role_name).toBe("OrganizationAccountAccessRole");
    expect(accounts.organization_account_prod.role_name).toBeUndefined();
  });

  test("reports an unknown OU path", () => {
    expect(() => synth({ accounts: { x: { name: "x", email: "x@example.com", ouPath: "Sandbox" } } })).toThrow(
      /accounts\.x\.ouPath: OU "Sandbox" is not in organizationalUnits/,
    );
  });
});

describe("adoption with import blocks", () => {
  test("imports only the accounts that name an existing id", () => {
    expect(synth().import).toEqual([{ id: "123456789014", to: "aws_organizations_account.organization_account_prod" }]);
  });

  test("imports an existing organization and OU", () => {
    const json = synth({
      existingOrganizationId: "o-exampleorg1",
      organizationalUnits: { ...base.organizationalUnits, Security: { existingId: "ou-ab12-cd34ef56" } },
    });
    expect(json.import).toEqual(
      expect.arrayContaining([
        { id: "o-exampleorg1", to: "aws_organizations_organization.organization" },
        { id: "ou-ab12-cd34ef56", to: "aws_organizations_organizational_unit.organization_ou_security" },
      ]),
    );
  });

  test("reports malformed existing ids, each with its path", () => {
    const bad = () =>
      synth({
        existingOrganizationId: "org-1",
        organizationalUnits: { ...base.organizationalUnits, Security: { existingId: "ou-1" } },
        accounts: { dev: { name: "dev", email: "dev@example.com", ouPath: "Workloads", existingId: "42" } },
      });
    expect(bad).toThrow(/existingOrganizationId: "org-1" is not an organization id/);
    expect(bad).toThrow(/organizationalUnits\.Security\.existingId: "ou-1" is not an OU id/);
    expect(bad).toThrow(/accounts\.dev\.existingId: "42" is not a 12-digit account id/);
  });
});

describe("service control policies", () => {
  const json = synth();

  test("guardrails and the region guard are attached to the root only", () => {
    expect(attachmentsOf(json, "scp_guardrails")).toEqual(["root"]);
    expect(attachmentsOf(json, "scp_region_guard")).toEqual(["root"]);
  });

  test("the root-user deny is attached to the top-level OUs, not the root", () => {
    expect(attachmentsOf(json, "scp_deny_root_user")).toEqual(["ou_security", "ou_workloads"]);
  });

  test("the region guard allows exactly the governed regions", () => {
    const [statement] = policyOf(json, "organization_scp_region_guard").Statement;
    expect(statement.Condition?.StringNotEquals).toEqual({ "aws:RequestedRegion": ["us-east-1", "ca-central-1"] });
  });

  test("the guardrails deny leaving the organization and IAM users; the latter can be turned off", () => {
    const sids = policyOf(json, "organization_scp_guardrails").Statement.map((s) => s.Sid);
    expect(sids).toEqual(expect.arrayContaining(["DenyLeaveOrganization", "DenyIamUserCredentials"]));
    const withUsers = policyOf(synth({ denyIamUsers: false }), "organization_scp_guardrails").Statement;
    expect(withUsers.map((s) => s.Sid)).not.toContain("DenyIamUserCredentials");
  });

  test("the guardrails exempt the configured deploy role", () => {
    const statements = policyOf(synth({ deployRoleName: "PlatformDeploy" }), "organization_scp_guardrails").Statement;
    const deployRole = statements.find((s) => s.Sid === "ProtectDeployRole");
    expect(deployRole?.Condition).toEqual({
      ArnNotLike: { "aws:PrincipalArn": ["arn:aws:iam::*:role/PlatformDeploy"] },
    });
  });

  test("targets follow props", () => {
    const json2 = synth({
      policyTargets: { denyRootUser: [ScpTarget.ou("Workloads/Prod"), ScpTarget.account("dev")] },
    });
    expect(attachmentsOf(json2, "scp_deny_root_user")).toEqual(["account_dev", "ou_workloads_prod"]);
    expect(
      resource(json2, "aws_organizations_policy_attachment", "organization_scp_deny_root_user_attach_account_dev")
        .target_id,
    ).toBe("${aws_organizations_account.organization_account_dev.id}");
  });

  test("reports an unknown target with its path", () => {
    expect(() => synth({ policyTargets: { guardrails: [ScpTarget.root(), ScpTarget.account("management")] } })).toThrow(
      /policyTargets\.guardrails\[1\]: account "management" is not defined in this organization/,
    );
  });
});
