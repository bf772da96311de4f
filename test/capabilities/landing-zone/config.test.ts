import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { plannedDependencies } from "../../../src/config/dependencies";
import { resolveIdentityCenter } from "../../../src/capabilities/identity-center/resolve";
import { issuesOf, issuesOfDocument } from "../../helpers/issues";
import { organization } from "../../helpers/synth";

/** A fresh copy of examples/landing-zone.yaml as written, untyped so that tests can break it. */
const example = () => parse(readFileSync("examples/landing-zone.yaml", "utf8"));
type Document = ReturnType<typeof example>;

/** Issues of the example after `change`, as `[path] message` for readable failures. */
function issuesAfter(change: (org: Document) => void): string[] {
  const input = example();
  change(input);
  return issuesOfDocument(input).map((issue) => `[${issue.path}] ${issue.message}`);
}

test("the example is a valid organization", () => {
  expect(issuesOfDocument(example())).toEqual([]);
});

describe("identityCenter", () => {
  test("an unknown set, account or group is an error at its path, all at once", () => {
    const issues = issuesAfter((org) => {
      org.identityCenter.assignments.developers.production = ["readOnly", "readonly"];
      org.identityCenter.assignments.developers.staging = ["readOnly"];
      org.identityCenter.assignments.contractors = { development: ["readOnly"] };
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\[identityCenter\.assignments\.developers\.production\[1\]\] permission set "readonly" is not in permissionSets/,
        ),
        expect.stringMatching(
          /^\[identityCenter\.assignments\.developers\.staging\] account "staging" is not in accounts/,
        ),
        expect.stringMatching(
          /^\[identityCenter\.assignments\.contractors\] group "contractors" is not in identityCenter\.groups/,
        ),
      ]),
    );
    expect(issues).toHaveLength(3);
  });

  test("only the security team may access the security account", () => {
    expect(issuesAfter((org) => (org.identityCenter.assignments.platform.audit = ["securityAudit"]))).toEqual([
      '[identityCenter.assignments.platform.audit] only the security team (identityCenter.securityGroup "security") may access the security account',
    ]);
  });

  test("a session outside 1 to 12 hours is refused at its path", () => {
    expect(issuesAfter((org) => (org.identityCenter.permissionSets.incidentReader.sessionDuration = "PT13H"))).toEqual([
      '[identityCenter.permissionSets.incidentReader.sessionDuration] "PT13H" is outside 1 to 12 hours (PT1H to PT12H)',
    ]);
  });

  test("a delegated administrator may not manage access to the management account", () => {
    const issues = issuesAfter((org) => {
      org.identityCenter.account = "audit";
      org.identityCenter.assignments.platform.root = ["administrator"];
    });
    expect(issues).toEqual([
      expect.stringMatching(
        /^\[identityCenter\.assignments\.platform\.root\] Identity Center is administered from audit, a delegated administrator/,
      ),
    ]);
  });

  test("a group id that is not a UUID is a shape error", () => {
    expect(issuesAfter((org) => (org.identityCenter.groups.security = "security-team"))).toEqual([
      expect.stringMatching(/^\[identityCenter\.groups\.security\] must be an identity store group id/),
    ]);
  });

  test("without assignments, the security team gets the security account alone and developers read-only in prod", () => {
    const input = example();
    delete input.identityCenter.assignments;
    expect(resolveIdentityCenter(organization(input))?.assignments).toEqual({
      security: { audit: ["securityAdministrator", "securityAudit"] },
      developers: { production: ["readOnly"], network: ["readOnly"] },
    });
  });
});

describe("budgets", () => {
  test("unknown accounts, thresholds out of range or repeated, and no recipient are errors at their paths", () => {
    const issues = issuesAfter((org) => {
      org.budgets.accounts.staging = { amount: 10 };
      org.budgets.thresholds = [{ percent: 80 }, { percent: 1001 }, { percent: 80 }];
      org.budgets.notifications = { topic: false };
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[budgets\.accounts\.staging\] account "staging" is not in accounts/),
        "[budgets.thresholds[1].percent] 1001 is outside 1-1000 %",
        "[budgets.thresholds[2]] ACTUAL 80 % is listed twice",
        "[budgets.notifications] with topic off, give emails: a budget alert must reach someone",
        expect.stringMatching(/^\[budgets\.anomalyDetection\.frequency\] IMMEDIATE alerts go to an SNS topic/),
      ]),
    );
  });
});

describe("transitHub", () => {
  test("a peering across residency zones is refused with its path", () => {
    const issues = issuesAfter((org) => {
      org.regions["ca-central-1"] = { residency: "ca" };
      for (const name of ["root", "audit", "network"]) org.accounts[name].regions["ca-central-1"] = {};
      org.transitHub.regions["ca-central-1"] = { amazonSideAsn: 64514 };
      org.transitHub.peerings.push(["us-east-1", "ca-central-1"]);
    });
    expect(issues).toEqual([
      '[transitHub.peerings[1]] us-east-1 is in residency zone "us", ca-central-1 in "ca": hubs peer only inside a residency zone',
    ]);
  });

  test("the peering's owner is the hub of the other region than the hub account's home, after the peer hub", () => {
    expect(plannedDependencies(organization(example()))).toEqual(
      expect.arrayContaining([
        { from: "network-us-west-2", to: "network-us-east-1", path: "transitHub.peerings[0]", reason: "hub peering" },
      ]),
    );
  });

  test("a dev VPC may join neither prod nor shared", () => {
    expect(
      issuesAfter((org) => (org.accounts.development.regions["us-east-1"].transitAttachment = { segment: "prod" })),
    ).toEqual([
      '[accounts.development.regions.us-east-1.transitAttachment.segment] accounts.development is dev: its VPC joins "nonprod", never "prod" (prod never routes to dev)',
    ]);
    expect(
      issuesAfter((org) => (org.accounts.development.regions["us-east-1"].transitAttachment = { segment: "shared" })),
    ).toEqual([expect.stringMatching(/transitAttachment\.segment\] "shared" is reached by prod and nonprod alike/)]);
  });

  test("hub regions, accounts, ASNs and peerings are checked at their paths", () => {
    const issues = issuesAfter((org) => {
      org.transitHub.regions["us-west-2"].amazonSideAsn = 64512;
      org.transitHub.regions["eu-west-1"] = { amazonSideAsn: 100 };
      org.transitHub.peerings.push(["us-west-2", "us-east-1"]);
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        '[transitHub.regions.eu-west-1] region "eu-west-1" is not governed',
        "[transitHub.regions.eu-west-1.amazonSideAsn] 100 is not a private ASN (64512-65534, 4200000000-4294967294)",
        "[transitHub.peerings[0]] both hubs use ASN 64512; give peered hubs distinct transitHub.regions.<region>.amazonSideAsn",
        "[transitHub.peerings[1]] us-west-2 and us-east-1 are peered twice",
      ]),
    );
  });

  test("an attachment needs a hub in its region", () => {
    expect(issuesOf((org) => ((org.accounts.prod.regions["us-east-1"] as Document).transitAttachment = {}))).toEqual([
      { path: "accounts.prod.regions.us-east-1.transitAttachment", message: "there is no transitHub to attach to" },
    ]);
  });

  test("the hub's ports must fit the application ACL's transit rules of every attached VPC", () => {
    const issues = issuesAfter((org) => {
      org.transitHub.ports = [...Array(21).keys()].map((i) => 8000 + i);
    });
    expect(issues).toEqual([
      "[accounts.production.regions.us-east-1.transitAttachment] reaches 1 VPCs on 21 ports (transitHub.ports): 21 rules, beyond the application ACL's 20 (rules 20-39)",
      "[accounts.production.regions.us-west-2.transitAttachment] reaches 1 VPCs on 21 ports (transitHub.ports): 21 rules, beyond the application ACL's 20 (rules 20-39)",
    ]);
    expect(issuesAfter((org) => (org.transitHub.ports = [0]))).toEqual([
      expect.stringMatching(/^\[transitHub\.ports\[0\]\]/),
    ]);
  });
});

describe("centralLogs", () => {
  test("a region whose security account has no stack cannot receive logs: the sender is refused", () => {
    expect(issuesAfter((org) => delete org.accounts.audit.regions["us-west-2"])).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\[accounts\.production\.regions\.us-west-2\] sends logs to the central destination of us-west-2, but the security account has no stack there/,
        ),
      ]),
    );
  });

  test("each sender's stack follows its own region's destination stack", () => {
    // In the home region the log archive's edge is already there; in us-west-2 central logs add one.
    const edges = plannedDependencies(organization(example())).map(
      (edge) => `${edge.from} -> ${edge.to} (${edge.reason})`,
    );
    expect(edges).toEqual(
      expect.arrayContaining([
        "development-us-east-1 -> audit-us-east-1 (log archive)",
        "production-us-east-1 -> audit-us-east-1 (log archive)",
        "production-us-west-2 -> audit-us-west-2 (central logs)",
      ]),
    );
  });
});
