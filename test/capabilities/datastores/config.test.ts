import type { OrganizationInput } from "../../../src/config/schema";
import { issuesOf } from "../../helpers/issues";

const prodUs = (org: OrganizationInput) => org.accounts.prod.regions["us-east-1"];
const prodCa = (org: OrganizationInput) => org.accounts.prod.regions["ca-central-1"];
const P = "accounts.prod.regions.us-east-1";

/** A second US region, where the prod account has a stack of its own (and the governance accounts theirs). */
function withUsWest2(org: OrganizationInput, prodSettings: OrganizationInput["accounts"][string]["regions"][string]) {
  org.regions["us-west-2"] = { residency: "us" };
  org.accounts.management.regions["us-west-2"] = {};
  org.accounts.security.regions["us-west-2"] = {};
  org.accounts.prod.regions["us-west-2"] = prodSettings;
}

describe("RDS read replicas and instance classes", () => {
  test("readReplicas takes 0-5; the old boolean is no longer a config key", () => {
    const issues = issuesOf((org) => {
      prodUs(org).databases!.postgres = { readReplicas: 6 };
      prodUs(org).databases!.mariadb = { readReplica: true } as object;
    });
    expect(issues.map((i) => i.path)).toEqual([
      `${P}.databases.postgres.readReplicas`,
      `${P}.databases.mariadb.readReplica`,
    ]);
    expect(issues[1].message).toBe("unknown key");
  });

  test("a class without Performance Insights is accepted (the module turns it off and warns)", () => {
    expect(
      issuesOf((org) => (org.accounts.dev.regions["us-east-1"].databases!.postgres = { instanceClass: "db.t3.micro" })),
    ).toEqual([]);
  });
});

describe("caches", () => {
  test("need the network, keep deletion protection outside dev, and run two nodes in prod", () => {
    const issues = issuesOf((org) => {
      org.accounts.security.regions["us-east-1"].caches = { sessions: {} };
      prodUs(org).caches = { sessions: { nodes: 1, deletionProtection: false } };
    });
    expect(issues).toEqual([
      {
        path: "accounts.security.regions.us-east-1.caches",
        message: "needs the network capability at accounts.security.regions.us-east-1.network, which is off",
      },
      {
        path: `${P}.caches.sessions.deletionProtection`,
        message: "only a dev account may turn deletion protection off; accounts.prod is prod",
      },
      {
        path: `${P}.caches.sessions.nodes`,
        message: "a prod cache runs Multi-AZ with automatic failover, which needs 2 nodes at least",
      },
    ]);
  });

  test("the windows and the replication group id's length are checked at their fields", () => {
    const issues = issuesOf((org) => {
      prodUs(org).caches = {
        sessions: { snapshotWindow: "05:00-06:00", maintenanceWindow: "sun:05:30-sun:06:30" },
        "a-much-much-too-long-name": {},
      };
    });
    expect(issues.map((i) => i.path)).toEqual([
      `${P}.caches.sessions.maintenanceWindow`,
      `${P}.caches.a-much-much-too-long-name`,
    ]);
    expect(issues[0].message).toMatch(/overlaps the daily snapshot window/);
    expect(issues[1].message).toMatch(
      /"acme-prod-us-east-1-a-much-much-too-long-name" \(45 characters\), longer than the 40 AWS allows/,
    );
  });
});

describe("document databases", () => {
  test("need the network, keep deletion protection outside dev, and check windows and sizes", () => {
    const issues = issuesOf((org) => {
      org.accounts.security.regions["us-east-1"].documentDatabases = { profiles: {} };
      prodUs(org).documentDatabases = {
        profiles: { deletionProtection: false, backupWindow: "01:00-01:10", instances: 17 },
      };
    });
    expect(issues.map((i) => i.path)).toEqual([
      `${P}.documentDatabases.profiles.instances`,
      "accounts.security.regions.us-east-1.documentDatabases",
    ]);
  });

  test("semantic checks once the shape is valid", () => {
    const issues = issuesOf((org) => {
      org.accounts.security.regions["us-east-1"].documentDatabases = { profiles: {} };
      prodUs(org).documentDatabases = { profiles: { deletionProtection: false, backupWindow: "01:00-01:10" } };
    });
    expect(issues.map((i) => i.path)).toEqual([
      "accounts.security.regions.us-east-1.documentDatabases",
      `${P}.documentDatabases.profiles.deletionProtection`,
      `${P}.documentDatabases.profiles.backupWindow`,
    ]);
  });
});

describe("backups", () => {
  const plan = (copyTo: string[]) => ({
    plans: {
      databases: {
        rules: { monthly: { schedule: "monthly", retentionDays: 365, copyTo } },
        selections: { tagged: { tagKey: "backup", tagValue: "databases" } },
      },
    },
  });

  test("a copy of US backups into Canada is refused at its path: it would leave the residency zone", () => {
    const issues = issuesOf((org) => {
      prodUs(org).backups = plan(["ca-central-1"]);
      prodCa(org).backups = plan([]);
    });
    expect(issues).toEqual([
      {
        path: `${P}.backups.plans.databases.rules.monthly.copyTo[0]`,
        message: 'ca-central-1 is in residency zone "ca", us-east-1 in "us": a backup copy stays in its zone',
      },
    ]);
  });

  test("a copy inside the zone needs a vault there, in another region", () => {
    const issues = issuesOf((org) => {
      withUsWest2(org, {});
      prodUs(org).backups = plan(["us-west-2", "us-east-1", "eu-west-9"]);
    });
    expect(issues).toEqual([
      {
        path: `${P}.backups.plans.databases.rules.monthly.copyTo[0]`,
        message: "the copy needs a vault: accounts.prod.regions.us-west-2.backups",
      },
      {
        path: `${P}.backups.plans.databases.rules.monthly.copyTo[1]`,
        message: "a copy goes to another region's vault",
      },
      { path: `${P}.backups.plans.databases.rules.monthly.copyTo[2]`, message: 'region "eu-west-9" is not governed' },
    ]);
    expect(
      issuesOf((org) => {
        withUsWest2(org, { backups: plan([]) });
        prodUs(org).backups = plan(["us-west-2"]);
      }),
    ).toEqual([]);
  });

  test("a prod vault stays locked, and every retention fits the lock", () => {
    const issues = issuesOf((org) => {
      prodUs(org).backups = { ...plan([]), vaultLock: false };
      org.accounts.dev.regions["us-east-1"].backups = {
        ...plan([]),
        vaultLock: { mode: "governance", minRetentionDays: 400, maxRetentionDays: 30 },
      };
    });
    expect(issues).toEqual([
      {
        path: "accounts.dev.regions.us-east-1.backups.vaultLock.minRetentionDays",
        message: "is above maxRetentionDays",
      },
      {
        path: "accounts.dev.regions.us-east-1.backups.plans.databases.rules.monthly.retentionDays",
        message: "365 is outside the vault lock's 400-30 days; AWS Backup would fail the jobs",
      },
      { path: `${P}.backups.vaultLock`, message: "a prod vault is locked; accounts.prod is prod" },
    ]);
  });

  test("a plan needs a rule and a selection", () => {
    const issues = issuesOf((org) => (prodUs(org).backups = { plans: { empty: { rules: {}, selections: {} } } }));
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      `${P}.backups.plans.empty.rules: a plan needs a rule`,
      `${P}.backups.plans.empty.selections: a plan needs a selection`,
    ]);
  });
});

describe("application buckets", () => {
  test("replication of a US bucket into Canada is refused at its path", () => {
    const issues = issuesOf((org) => {
      prodCa(org).buckets = { uploads: { replicateTo: "us-east-1" } };
      prodUs(org).buckets = { uploads: {} };
    });
    expect(issues).toEqual([
      {
        path: "accounts.prod.regions.ca-central-1.buckets.uploads.replicateTo",
        message: 'us-east-1 is in residency zone "us", ca-central-1 in "ca": a bucket\'s copy stays in its zone',
      },
    ]);
  });

  test("a replica is the bucket of the same name and encryption in another region of the zone, and not from the home region", () => {
    const issues = issuesOf((org) => {
      withUsWest2(org, { buckets: { uploads: { encryption: "sse-s3" }, exports: { replicateTo: "us-east-1" } } });
      prodUs(org).buckets = { uploads: { replicateTo: "us-west-2" }, exports: {} };
      org.accounts.prod.regions["us-west-2"].buckets!.logs = { replicateTo: "us-east-1" };
    });
    expect(issues).toEqual([
      {
        path: `${P}.buckets.uploads.replicateTo`,
        message: "the replica bucket is sse-s3, this one sse-kms: both use the same encryption",
      },
      {
        path: "accounts.prod.regions.us-west-2.buckets.logs.replicateTo",
        message: "the replica bucket is accounts.prod.regions.us-east-1.buckets.logs, which is not declared",
      },
    ]);
    expect(
      issuesOf((org) => {
        withUsWest2(org, { buckets: { uploads: {} } });
        prodUs(org).buckets = { uploads: { replicateTo: "us-west-2" } };
      }).map((i) => i.message),
    ).toEqual([expect.stringMatching(/^us-east-1 is the account's home region/)]);
  });

  test("deletion protection stays on outside dev", () => {
    expect(issuesOf((org) => (prodUs(org).buckets = { uploads: { deletionProtection: false } }))).toEqual([
      {
        path: `${P}.buckets.uploads.deletionProtection`,
        message: "only a dev account may turn deletion protection off; accounts.prod is prod",
      },
    ]);
  });
});

describe("analytics", () => {
  test("Glue and QuickSight read this account-region's own databases", () => {
    const issues = issuesOf((org) => {
      org.accounts.staging.regions["us-east-1"].databases = { postgres: {} };
      org.accounts.staging.regions["us-east-1"].analytics = {
        etl: { sourceDatabase: "shop", targetDatabase: "analytics", tables: ["sales.orders"] },
        quickSight: { database: "analytics" },
      };
      org.accounts.security.regions["us-east-1"].analytics = { quickSight: { database: "analytics" } };
    });
    expect(issues).toEqual([
      {
        path: "accounts.security.regions.us-east-1.analytics",
        message: "needs the network capability at accounts.security.regions.us-east-1.network, which is off",
      },
      {
        path: "accounts.security.regions.us-east-1.analytics.quickSight",
        message:
          "reads this region's PostgreSQL: accounts.security.regions.us-east-1.databases.postgres is not declared",
      },
      {
        path: "accounts.staging.regions.us-east-1.analytics.etl",
        message:
          "reads this region's MariaDB and writes its PostgreSQL: accounts.staging.regions.us-east-1.databases needs both",
      },
    ]);
  });

  test("tables are schema.table names", () => {
    const issues = issuesOf(
      (org) =>
        (prodUs(org).analytics = {
          etl: { sourceDatabase: "shop", targetDatabase: "analytics", tables: ["orders", "Sales.x"] },
        }),
    );
    expect(issues.map((i) => i.path)).toEqual([`${P}.analytics.etl.tables[0]`, `${P}.analytics.etl.tables[1]`]);
  });
});
