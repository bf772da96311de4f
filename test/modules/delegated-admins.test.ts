import { DELEGATED_ADMIN_SERVICES, DelegatedAdmins } from "../../modules/delegated-admins";
import { resourcesOf, synthModule } from "../helpers/synth";

describe("DelegatedAdmins", () => {
  test("designates the security account for GuardDuty and Security Hub in the region", () => {
    const json = synthModule((s) => new DelegatedAdmins(s, "delegated_admins", { adminAccountId: "123456789013" }));
    expect(resourcesOf(json, "aws_guardduty_organization_admin_account")).toEqual({
      delegated_admins_guardduty: { admin_account_id: "123456789013" },
    });
    expect(resourcesOf(json, "aws_securityhub_organization_admin_account")).toEqual({
      delegated_admins_securityhub: { admin_account_id: "123456789013" },
    });
  });

  test("one per region, each on its own provider", () => {
    const json = synthModule((s) => {
      new DelegatedAdmins(s, "delegated_admins_us_east_1", { adminAccountId: "123456789013" });
      new DelegatedAdmins(s, "delegated_admins_ca_central_1", { adminAccountId: "123456789013", provider: undefined });
    });
    expect(Object.keys(resourcesOf(json, "aws_guardduty_organization_admin_account")).sort()).toEqual([
      "delegated_admins_ca_central_1_guardduty",
      "delegated_admins_us_east_1_guardduty",
    ]);
  });

  test("each service can be left out", () => {
    const json = synthModule(
      (s) => new DelegatedAdmins(s, "delegated_admins", { adminAccountId: "123456789013", securityHub: false }),
    );
    expect(resourcesOf(json, "aws_securityhub_organization_admin_account")).toEqual({});
    expect(Object.keys(resourcesOf(json, "aws_guardduty_organization_admin_account"))).toHaveLength(1);
  });

  test("registers Config and Access Analyzer with Organizations before the regional designations", () => {
    const json = synthModule(
      (s) =>
        new DelegatedAdmins(s, "delegated_admins", {
          adminAccountId: "123456789013",
          organizationServices: DELEGATED_ADMIN_SERVICES,
        }),
    );
    const registrations = resourcesOf(json, "aws_organizations_delegated_administrator");
    expect(Object.values(registrations).map((r) => r.service_principal)).toEqual([
      "access-analyzer.amazonaws.com",
      "config.amazonaws.com",
    ]);
    expect(resourcesOf(json, "aws_guardduty_organization_admin_account").delegated_admins_guardduty.depends_on).toEqual(
      [
        "aws_organizations_delegated_administrator.delegated_admins_config",
        "aws_organizations_delegated_administrator.delegated_admins_access_analyzer",
      ],
    );
  });

  test("never registers GuardDuty or Security Hub with Organizations a second time", () => {
    expect(DELEGATED_ADMIN_SERVICES).not.toContain("guardduty.amazonaws.com");
    expect(DELEGATED_ADMIN_SERVICES).not.toContain("securityhub.amazonaws.com");
  });
});
