import { DelegatedAdmins } from "../../modules/delegated-admins";
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
});
