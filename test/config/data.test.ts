import type { OrganizationInput } from "../../src/config/schema";
import { issuesOf } from "../helpers/issues";

const prodCa = (org: OrganizationInput) => org.accounts.prod.regions["ca-central-1"];
const prodUs = (org: OrganizationInput) => org.accounts.prod.regions["us-east-1"];

describe("databases", () => {
  test("need the network capability of their account-region", () => {
    expect(issuesOf((org) => (org.accounts.security.regions["us-east-1"].databases = { postgres: {} }))).toEqual([
      {
        path: "accounts.security.regions.us-east-1.databases",
        message: "needs the network capability at accounts.security.regions.us-east-1.network, which is off",
      },
    ]);
  });

  test("only a dev account may turn deletion protection off", () => {
    const issues = issuesOf((org) => {
      org.accounts.dev.regions["us-east-1"].databases = { postgres: { deletionProtection: false } };
      prodUs(org).databases = { postgres: { deletionProtection: false }, mariadb: {} };
    });
    expect(issues).toEqual([
      {
        path: "accounts.prod.regions.us-east-1.databases.postgres.deletionProtection",
        message: "only a dev account may turn deletion protection off; accounts.prod is prod",
      },
    ]);
  });

  test("statement logging is PostgreSQL's: MariaDB refuses the keys, PostgreSQL checks the values", () => {
    const issues = issuesOf((org) => {
      prodUs(org).databases = {
        postgres: { logStatement: "everything" as "ddl", slowStatementMs: -2 },
        mariadb: { logStatement: "ddl" } as object,
      };
    });
    expect(issues.map((i) => i.path)).toEqual([
      "accounts.prod.regions.us-east-1.databases.postgres.logStatement",
      "accounts.prod.regions.us-east-1.databases.postgres.slowStatementMs",
      "accounts.prod.regions.us-east-1.databases.mariadb.logStatement",
    ]);
  });

  test("a disaster-recovery replica of US data in Canada breaks data residency", () => {
    expect(issuesOf((org) => (prodUs(org).databases!.postgres = { disasterRecoveryRegion: "ca-central-1" }))).toEqual([
      {
        path: "accounts.prod.regions.us-east-1.databases.postgres.disasterRecoveryRegion",
        message:
          'ca-central-1 is in residency zone "ca", us-east-1 in "us": only the registry and the reference tables may leave their zone',
      },
    ]);
  });

  test("a disaster-recovery replica stays in a governed region of the zone where the account has a network", () => {
    const issues = issuesOf((org) => {
      org.regions["us-west-2"] = { residency: "us" };
      org.accounts.management.regions["us-west-2"] = {};
      org.accounts.security.regions["us-west-2"] = {};
      prodUs(org).databases!.postgres = { disasterRecoveryRegion: "us-west-2" };
      prodUs(org).databases!.mariadb = { disasterRecoveryRegion: "eu-west-1" };
    });
    expect(issues).toEqual([
      {
        path: "accounts.prod.regions.us-east-1.databases.postgres.disasterRecoveryRegion",
        message: "the replica needs a network in accounts.prod.regions.us-west-2",
      },
      {
        path: "accounts.prod.regions.us-east-1.databases.mariadb.disasterRecoveryRegion",
        message: 'region "eu-west-1" is not governed',
      },
    ]);
  });

  test("an instance class and engine version have their formats", () => {
    const issues = issuesOf(
      (org) => (prodUs(org).databases!.postgres = { instanceClass: "large", engineVersion: "sixteen" }),
    );
    expect(issues).toEqual([
      {
        path: "accounts.prod.regions.us-east-1.databases.postgres.engineVersion",
        message: "must be a major version such as 16 or 10.11",
      },
      {
        path: "accounts.prod.regions.us-east-1.databases.postgres.instanceClass",
        message:
          "must be an RDS instance class db.<family>.<size> such as db.t4g.large or db.r6g.large; every such class is " +
          "accepted, db.t2.micro, db.t2.small, db.t3.micro, db.t3.small, db.t4g.micro, db.t4g.small with Performance Insights off",
      },
    ]);
  });
});

describe("reference data sync (DMS)", () => {
  test("copies only tables of the reference schema that the organization lists", () => {
    const issues = issuesOf(
      (org) =>
        (prodCa(org).referenceSync!.tables = ["reference.country", "billing.invoice", "reference.secrets", "country"]),
    );
    expect(issues).toEqual([
      {
        path: "accounts.prod.regions.ca-central-1.referenceSync.tables[1]",
        message:
          'billing.invoice is outside the reference schema "reference": only reference data may leave its region',
      },
      {
        path: "accounts.prod.regions.ca-central-1.referenceSync.tables[2]",
        message: "reference.secrets is not listed in referenceData.tables",
      },
      {
        path: "accounts.prod.regions.ca-central-1.referenceSync.tables[3]",
        message: '"country" must be written schema.table',
      },
    ]);
  });

  test("the source is another stack", () => {
    expect(issuesOf((org) => (prodCa(org).referenceSync!.source = "prod-ca-central-1"))).toEqual([
      {
        path: "accounts.prod.regions.ca-central-1.referenceSync.source",
        message: "the source is this stack: DMS copies from another region",
      },
    ]);
  });

  test("needs a network link for 3306 to the source, and MariaDB on both sides", () => {
    const issues = issuesOf((org) => {
      prodCa(org).network!.peers = {};
      prodCa(org).databases = { postgres: {} };
      prodUs(org).databases = { postgres: {} };
    });
    expect(issues).toEqual([
      {
        path: "accounts.prod.regions.ca-central-1.referenceSync.source",
        message: "prod-us-east-1 has no MariaDB (accounts.prod.regions.us-east-1.databases.mariadb)",
      },
      {
        path: "accounts.prod.regions.ca-central-1.referenceSync.source",
        message:
          "no network link for 3306 between prod-ca-central-1 and prod-us-east-1: add it at accounts.prod.regions.ca-central-1.network.peers",
      },
      {
        path: "accounts.prod.regions.ca-central-1.referenceSync",
        message: "DMS writes into this stack's MariaDB: add accounts.prod.regions.ca-central-1.databases.mariadb",
      },
    ]);
  });
});

describe("the organization registry", () => {
  test("its owner is a stack and its replicas other governed regions, once each", () => {
    expect(issuesOf((org) => (org.registry = { owner: "prod-eu-west-1", replicaRegions: ["ca-central-1"] }))).toEqual([
      { path: "registry.owner", message: 'unknown stack "prod-eu-west-1" (expected <account>-<region>)' },
    ]);
    const issues = issuesOf(
      (org) =>
        (org.registry = {
          owner: "prod-us-east-1",
          replicaRegions: ["us-east-1", "eu-west-1", "ca-central-1", "ca-central-1"],
        }),
    );
    expect(issues).toEqual([
      { path: "registry.replicaRegions[0]", message: "us-east-1 is the owner's own region" },
      { path: "registry.replicaRegions[1]", message: 'region "eu-west-1" is not governed' },
      { path: "registry.replicaRegions[3]", message: "ca-central-1 is listed twice" },
    ]);
  });

  test("may cross residency zones: it holds only org id → home region", () => {
    expect(issuesOf((org) => (org.registry = { owner: "prod-ca-central-1", replicaRegions: ["us-east-1"] }))).toEqual(
      [],
    );
  });
});
