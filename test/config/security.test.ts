import { deployPrincipalArns } from "../../src/config/deploy-principals";
import { issuesOf } from "../helpers/issues";
import { organization } from "../helpers/synth";

describe("securityMonitoring", () => {
  test("defaults: CIS 5.0.0 and a year of trail logs", () => {
    expect(organization().securityMonitoring).toMatchObject({ cisVersion: "5.0.0", logRetentionDays: 365 });
  });

  test("refuses a CIS version Security Hub lacks, a retention CloudWatch Logs lacks, and bad subscribers", () => {
    const issues = issuesOf((org) => {
      org.securityMonitoring = {
        cisVersion: "2.0.0" as "5.0.0",
        logRetentionDays: 100,
        alarmEmails: ["not-an-email"],
        alarmHttpsEndpoints: ["http://hooks.example.com/plain"],
      };
    });
    expect(issues.map((i) => i.path)).toEqual([
      "securityMonitoring.cisVersion",
      "securityMonitoring.logRetentionDays",
      "securityMonitoring.alarmEmails[0]",
      "securityMonitoring.alarmHttpsEndpoints[0]",
    ]);
    expect(issues[3].message).toBe("must be an https:// URL");
  });
});

describe("deployPrincipalArns", () => {
  test("default to TerraformDeployer in the management account", () => {
    expect(deployPrincipalArns(organization())).toEqual(["arn:aws:iam::111111111111:role/TerraformDeployer"]);
  });

  test("accept role ARNs with paths", () => {
    const sso = "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Deploy_0123456789abcdef";
    expect(issuesOf((org) => (org.deployPrincipalArns = [sso]))).toEqual([]);
  });

  test("refuse wildcards, users and account roots", () => {
    const issues = issuesOf((org) => {
      org.deployPrincipalArns = [
        "arn:aws:iam::111111111111:role/Deploy*",
        "arn:aws:iam::111111111111:user/alice",
        "arn:aws:iam::111111111111:root",
      ];
    });
    expect(issues).toEqual(
      [0, 1, 2].map((i) => ({
        path: `deployPrincipalArns[${i}]`,
        message: "must be an IAM role ARN, arn:aws:iam::<account>:role/[<path>/]<name>, without wildcards",
      })),
    );
  });

  test("must be roles of the organization's accounts, each role once", () => {
    const issues = issuesOf((org) => {
      org.deployPrincipalArns = [
        "arn:aws:iam::111111111111:role/TerraformDeployer",
        "arn:aws:iam::999999999999:role/TerraformDeployer",
        "arn:aws:iam::111111111111:role/ci/TerraformDeployer",
      ];
    });
    expect(issues).toEqual([
      {
        path: "deployPrincipalArns[1]",
        message:
          "account 999999999999 is not an account of this organization (with an id): the trusts' aws:PrincipalOrgID condition would refuse it",
      },
      {
        path: "deployPrincipalArns[2]",
        message:
          "names the role of deployPrincipalArns[0] again (role names are unique in an account, whatever the path)",
      },
    ]);
  });
});
