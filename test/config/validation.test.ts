import { join } from "node:path";
import { loadOrganization } from "../../src/config/load";
import type { OrganizationInput } from "../../src/config/schema";
import { issuesOf, issuesOfFile } from "../helpers/issues";

const prod = (org: OrganizationInput) => org.accounts.prod;

describe("the default organization", () => {
  test("is valid", () => {
    expect(issuesOf(() => undefined)).toEqual([]);
  });

  test("is used when ORG_CONFIG is unset or empty", () => {
    expect(loadOrganization({}).name).toBe("acme");
    expect(loadOrganization({ ORG_CONFIG: " " }).name).toBe("acme");
  });
});

describe("file loading", () => {
  test("malformed YAML is reported, not thrown", () => {
    const issues = issuesOfFile("org.yaml", "name: acme\naccounts: [unclosed\n");
    expect(issues).toHaveLength(1);
    expect(issues[0].message).toMatch(/^malformed YAML: /);
  });

  test("malformed JSON is reported, not thrown", () => {
    expect(issuesOfFile("org.json", '{"name": "acme",}')).toEqual([
      { path: "", message: expect.stringMatching(/^malformed JSON: /) },
    ]);
  });

  test("a duplicate YAML key is malformed, not silently overwritten", () => {
    const issues = issuesOfFile("org.yaml", "name: acme\nname: other\n");
    expect(issues[0].message).toMatch(/malformed YAML: .*[Uu]nique|malformed YAML: .*duplicate/i);
  });

  test("a missing file names the file", () => {
    expect(() => loadOrganization({ ORG_CONFIG: "/nonexistent/org.yaml" })).toThrow(/\/nonexistent\/org\.yaml/);
  });

  test("the example file is a valid organization different from the default", () => {
    const org = loadOrganization({ ORG_CONFIG: join(__dirname, "../../examples/org.yaml") });
    expect(org.name).toBe("globex");
    expect(Object.keys(org.regions)).toEqual(["us-west-2", "eu-west-1"]);
  });
});

describe("shape", () => {
  test("unknown keys are named with their full path", () => {
    expect(issuesOf((org) => Object.assign(prod(org), { colour: "blue" }))).toEqual([
      { path: "accounts.prod.colour", message: "unknown key" },
    ]);
  });

  test("an account id must have 12 digits", () => {
    expect(issuesOf((org) => (prod(org).id = "12345"))).toEqual([
      { path: "accounts.prod.id", message: "must be a 12-digit AWS account id (quote it in YAML)" },
    ]);
  });

  test("a required field that is missing says so", () => {
    expect(issuesOf((org) => delete (prod(org) as { environment?: string }).environment)).toEqual([
      { path: "accounts.prod.environment", message: "is required" },
    ]);
  });

  test("a CIDR must be an IPv4 CIDR", () => {
    expect(issuesOf((org) => (prod(org).regions["us-east-1"].network!.cidr = "10.0.0.0"))).toEqual([
      { path: "accounts.prod.regions.us-east-1.network.cidr", message: "must be an IPv4 CIDR such as 10.0.0.0/16" },
    ]);
  });

  test("the backend type decides its fields", () => {
    const issues = issuesOf((org) => (org.backend = { type: "cloud", organization: "acme" } as never));
    expect(issues).toEqual([{ path: "backend.workspacePrefix", message: "is required" }]);
  });
});

describe("accounts", () => {
  test("duplicate account ids name the account that has it first", () => {
    expect(issuesOf((org) => (org.accounts.staging.id = org.accounts.dev.id))).toEqual([
      { path: "accounts.staging.id", message: "333333333333 is already used by accounts.dev.id" },
    ]);
  });

  test("duplicate emails are found regardless of case", () => {
    expect(issuesOf((org) => (org.accounts.staging.email = "AWS+dev@example.com"))).toEqual([
      { path: "accounts.staging.email", message: "aws+dev@example.com is already used by accounts.dev.email" },
    ]);
  });

  test("member accounts need an email", () => {
    expect(issuesOf((org) => delete org.accounts.dev.email)).toEqual([
      { path: "accounts.dev.email", message: "is required for member accounts" },
    ]);
  });

  test("exactly one security account", () => {
    expect(issuesOf((org) => (org.accounts.dev.kind = "security"))).toEqual([
      {
        path: "accounts.dev.kind",
        message: 'a second "security" account; accounts.security.kind is already "security"',
      },
    ]);
    expect(issuesOf((org) => (org.accounts.security.kind = "workload"))).toEqual([
      { path: "accounts", message: 'needs exactly one account of kind "security"' },
    ]);
  });

  test("an account's OU must be declared", () => {
    expect(issuesOf((org) => (org.accounts.dev.ou = "Sandbox"))).toEqual([
      {
        path: "accounts.dev.ou",
        message: 'unknown OU "Sandbox" (declare it under organizationalUnits, or use "root")',
      },
    ]);
  });

  test("an OU's parent must be declared", () => {
    expect(issuesOf((org) => (org.organizationalUnits = { ...org.organizationalUnits, "Labs/Edge": {} }))).toEqual([
      { path: "organizationalUnits.Labs/Edge", message: 'parent OU "Labs" is not declared' },
    ]);
  });
});

describe("regions", () => {
  test("an unknown AWS region", () => {
    expect(issuesOf((org) => (org.accounts.dev.regions = { "us-east-9": {} }))).toEqual([
      { path: "accounts.dev.regions.us-east-9", message: 'unknown AWS region "us-east-9"' },
    ]);
  });

  test("a region that is not governed", () => {
    expect(issuesOf((org) => (org.accounts.dev.regions = { "eu-west-1": {} }))).toEqual([
      {
        path: "accounts.dev.regions.eu-west-1",
        message: 'region "eu-west-1" is not governed (organization.regions: us-east-1, ca-central-1)',
      },
    ]);
  });

  test("the home region and the state region must be governed", () => {
    const issues = issuesOf((org) => {
      org.homeRegion = "eu-west-1";
      (org.backend as { region: string }).region = "eu-west-1";
    });
    expect(issues.map((i) => i.path).sort()).toEqual(["backend.region", "homeRegion"]);
  });
});

describe("networks", () => {
  test("overlapping VPC CIDRs anywhere in the organization name both paths", () => {
    expect(issuesOf((org) => (org.accounts.dev.regions["us-east-1"].network!.cidr = "10.0.0.0/16"))).toEqual([
      {
        path: "accounts.prod.regions.us-east-1.network.cidr",
        message: "10.0.0.0/16 overlaps 10.0.0.0/16 at accounts.dev.regions.us-east-1.network.cidr",
      },
    ]);
  });

  test("a CIDR too small for the three-tier layout", () => {
    expect(issuesOf((org) => (org.accounts.dev.regions["us-east-1"].network!.cidr = "10.30.0.0/20"))).toEqual([
      {
        path: "accounts.dev.regions.us-east-1.network.cidr",
        message: "10.30.0.0/20 is too small for the three-tier layout, which needs a /16",
      },
    ]);
  });

  test("a CIDR with host bits set", () => {
    expect(issuesOf((org) => (org.accounts.dev.regions["us-east-1"].network!.cidr = "10.30.1.0/16"))).toEqual([
      {
        path: "accounts.dev.regions.us-east-1.network.cidr",
        message: "10.30.1.0/16 is not a network address (host bits are set)",
      },
    ]);
  });

  test("a link to a stack without the network capability", () => {
    expect(
      issuesOf((org) => (prod(org).regions["ca-central-1"].network!.peers!["security-us-east-1"] = { ports: [3306] })),
    ).toEqual([
      {
        path: "accounts.prod.regions.ca-central-1.network.peers.security-us-east-1",
        message: "needs the network capability at accounts.security.regions.us-east-1.network, which is off",
      },
    ]);
  });

  test("a link to an unknown stack, or to itself", () => {
    const issues = issuesOf((org) =>
      Object.assign(prod(org).regions["ca-central-1"].network!.peers!, {
        "prod-eu-west-1": { ports: [3306] },
        "prod-ca-central-1": { ports: [3306] },
      }),
    );
    expect(issues).toEqual([
      {
        path: "accounts.prod.regions.ca-central-1.network.peers.prod-eu-west-1",
        message: 'unknown stack "prod-eu-west-1" (expected <account>-<region>)',
      },
      {
        path: "accounts.prod.regions.ca-central-1.network.peers.prod-ca-central-1",
        message: "a stack cannot link to itself",
      },
    ]);
  });

  test("a link within one region", () => {
    expect(
      issuesOf(
        (org) => (org.accounts.dev.regions["us-east-1"].network!.peers = { "staging-us-east-1": { ports: [5432] } }),
      ),
    ).toEqual([
      {
        path: "accounts.dev.regions.us-east-1.network.peers.staging-us-east-1",
        message: "links are inter-region; staging-us-east-1 is in us-east-1 too",
      },
    ]);
  });

  test("links declared from both sides form a stack cycle", () => {
    const issues = issuesOf(
      (org) => (prod(org).regions["us-east-1"].network!.peers = { "prod-ca-central-1": { ports: [3306] } }),
    );
    expect(issues).toEqual([
      {
        path: "accounts.prod.regions.us-east-1.network.peers.prod-ca-central-1",
        message: "stack dependency cycle: prod-us-east-1 -> prod-ca-central-1 -> prod-us-east-1",
      },
    ]);
  });
});

describe("state", () => {
  test("duplicate state keys name the stack that has the key first", () => {
    expect(
      issuesOf((org) => (org.accounts.staging.regions["us-east-1"].stateKey = "acme/dev/us-east-1/terraform.tfstate")),
    ).toEqual([
      {
        path: "accounts.staging.regions.us-east-1.stateKey",
        message: "state key acme/dev/us-east-1/terraform.tfstate is already used by accounts.dev.regions.us-east-1",
      },
    ]);
  });

  test("the state bucket's account must exist", () => {
    expect(issuesOf((org) => ((org.backend as { account: string }).account = "shared"))).toEqual([
      { path: "backend.account", message: 'unknown account "shared"' },
    ]);
  });
});

describe("organization and account adoption", () => {
  test("an account without an id is created by the organization stack and can have no stacks yet", () => {
    expect(issuesOf((org) => delete org.accounts.dev.id)).toEqual([
      {
        path: "accounts.dev.regions",
        message:
          "an account without an id has no stacks yet: apply the organization stack, which creates it, " +
          "then set accounts.dev.id from its account_ids output",
      },
    ]);
    expect(
      issuesOf((org) => {
        delete org.accounts.dev.id;
        org.accounts.dev.regions = {};
      }),
    ).toEqual([]);
  });

  test("the management account needs its id", () => {
    expect(issuesOf((org) => delete org.accounts.management.id)).toEqual(
      expect.arrayContaining([{ path: "accounts.management.id", message: "is required for the management account" }]),
    );
  });

  test("adopting a member account means the organization exists: its id is required", () => {
    expect(issuesOf((org) => delete org.organizationId)).toEqual([
      {
        path: "organizationId",
        message:
          "accounts.security.id adopts an existing member, so the organization exists: give its id (o-...) to adopt it",
      },
    ]);
  });

  test("organization and OU ids are checked for their format", () => {
    const issues = issuesOf((org) => {
      org.organizationId = "org-1";
      org.organizationalUnits!.Security = { id: "ou-1" };
    });
    expect(issues).toEqual([
      { path: "organizationId", message: "must be an organization id such as o-exampleorg1" },
      { path: "organizationalUnits.Security.id", message: "must be an OU id such as ou-ab12-cd34ef56" },
    ]);
  });

  test("the management and security accounts need a stack in every governed region", () => {
    expect(issuesOf((org) => delete org.accounts.security.regions["ca-central-1"])).toEqual([
      {
        path: "accounts.security.regions",
        message: "add ca-central-1: the security account needs a stack in every governed region",
      },
    ]);
  });
});

describe("service control policies", () => {
  test("targets must be root, a declared OU or a member account", () => {
    const issues = issuesOf((org) => {
      org.serviceControlPolicies = {
        guardrails: ["root", "ou:Sandbox", "account:audit"],
        denyRootUser: ["account:management"],
      };
    });
    expect(issues).toEqual([
      {
        path: "serviceControlPolicies.guardrails[1]",
        message: 'unknown OU "Sandbox" (declare it under organizationalUnits)',
      },
      { path: "serviceControlPolicies.guardrails[2]", message: 'unknown account "audit"' },
      {
        path: "serviceControlPolicies.denyRootUser[0]",
        message: "SCPs never apply to the management account; attach to member OUs or accounts",
      },
    ]);
  });

  test("a target is written root, ou:<path> or account:<name>", () => {
    expect(issuesOf((org) => (org.serviceControlPolicies = { regionGuard: ["everything"] }))).toEqual([
      {
        path: "serviceControlPolicies.regionGuard[0]",
        message: 'must be "root", "ou:<OU path>" or "account:<account name>"',
      },
    ]);
  });

  test("member accounts share one deploy role, which the guardrails protect", () => {
    expect(issuesOf((org) => (org.accounts.prod.deployRoleName = "PlatformDeploy"))).toEqual([
      {
        path: "accounts.prod.deployRoleName",
        message:
          "member accounts share one deploy role (the guardrail SCP protects it): OrganizationAccountAccessRole is used by accounts.security",
      },
    ]);
  });
});

describe("log archive", () => {
  test("Object Lock cannot outlive retention, and Glacier comes before expiry", () => {
    expect(
      issuesOf((org) => (org.logArchive = { retentionDays: 365, objectLockDays: 400, glacierAfterDays: 365 })),
    ).toEqual([
      {
        path: "logArchive.objectLockDays",
        message: "400 exceeds retentionDays 365: locked logs would outlive their expiry",
      },
      {
        path: "logArchive.glacierAfterDays",
        message: "365 must be less than 364, the day logs are marked deleted (retentionDays - 1)",
      },
    ]);
  });

  test("Glacier must come before the delete marker, a day before the retention ends", () => {
    expect(
      issuesOf((org) => (org.logArchive = { retentionDays: 91, objectLockDays: 30, glacierAfterDays: 90 })),
    ).toEqual([
      {
        path: "logArchive.glacierAfterDays",
        message: "90 must be less than 90, the day logs are marked deleted (retentionDays - 1)",
      },
    ]);
  });
});

describe("explicit subnets", () => {
  const subnets = {
    public: { a: "10.30.1.0/24", b: "10.30.2.0/24", c: "10.30.3.0/24" },
    application: { a: "10.30.16.0/20", b: "10.30.32.0/20", c: "10.30.48.0/20" },
    database: { a: "10.30.64.0/21", b: "10.30.72.0/21", c: "10.30.80.0/21" },
  };
  const dev = (org: OrganizationInput) => org.accounts.dev.regions["us-east-1"].network!;

  test("a complete layout inside the VPC is valid", () => {
    expect(issuesOf((org) => (dev(org).subnets = structuredClone(subnets)))).toEqual([]);
  });

  test("one CIDR per used AZ letter in each tier", () => {
    const issues = issuesOf((org) => {
      dev(org).availabilityZones = 2;
      dev(org).subnets = { ...structuredClone(subnets), public: { a: "10.30.1.0/24" } };
    });
    expect(issues).toEqual([
      { path: "accounts.dev.regions.us-east-1.network.subnets.public", message: "give a CIDR for AZ b" },
      {
        path: "accounts.dev.regions.us-east-1.network.subnets.application.c",
        message: "AZ c is not used (availabilityZones is 2)",
      },
      {
        path: "accounts.dev.regions.us-east-1.network.subnets.database.c",
        message: "AZ c is not used (availabilityZones is 2)",
      },
    ]);
  });

  test("subnets outside the VPC or overlapping each other name both paths", () => {
    const issues = issuesOf((org) => {
      dev(org).subnets = structuredClone(subnets);
      dev(org).subnets!.public.b = "10.31.2.0/24";
      dev(org).subnets!.database.c = "10.30.48.0/21";
    });
    expect(issues).toEqual([
      {
        path: "accounts.dev.regions.us-east-1.network.subnets.public.b",
        message: "10.31.2.0/24 is outside the VPC's 10.30.0.0/16",
      },
      {
        path: "accounts.dev.regions.us-east-1.network.subnets.database.c",
        message: "10.30.48.0/21 overlaps accounts.dev.regions.us-east-1.network.subnets.application.c",
      },
    ]);
  });
});

describe("availability zones", () => {
  const network = (org: OrganizationInput, account: string, region: string) =>
    org.accounts[account].regions[region].network!;

  test("AZ IDs of the region, one per used zone, are valid", () => {
    expect(
      issuesOf(
        (org) => (network(org, "prod", "ca-central-1").availabilityZoneIds = ["cac1-az4", "cac1-az2", "cac1-az1"]),
      ),
    ).toEqual([]);
  });

  test("a zone EKS refuses is an error under a cluster, and names the cluster", () => {
    expect(
      issuesOf(
        (org) => (network(org, "prod", "ca-central-1").availabilityZoneIds = ["cac1-az1", "cac1-az3", "cac1-az4"]),
      ),
    ).toEqual([
      {
        path: "accounts.prod.regions.ca-central-1.network.availabilityZoneIds[1]",
        message: "EKS does not support cluster subnets in cac1-az3; choose another zone (this stack has a cluster)",
      },
    ]);
  });

  test("zones of another region, unknown zones and too few are reported with their paths", () => {
    const issues = issuesOf((org) => {
      network(org, "dev", "us-east-1").availabilityZoneIds = ["use1-az1", "usw2-az1", "use1-az9"];
      network(org, "staging", "us-east-1").availabilityZoneIds = ["use1-az1", "use1-az2"];
      network(org, "prod", "us-east-1").availabilityZoneIds = ["use1a"];
    });
    expect(issues).toEqual([
      {
        path: "accounts.prod.regions.us-east-1.network.availabilityZoneIds[0]",
        message: "must be an AZ ID such as use1-az1",
      },
      {
        path: "accounts.dev.regions.us-east-1.network.availabilityZoneIds[1]",
        message: '"usw2-az1" is not an AZ ID of us-east-1 (they look like use1-az1)',
      },
      {
        path: "accounts.dev.regions.us-east-1.network.availabilityZoneIds[2]",
        message: '"use1-az9" is not an AZ ID of us-east-1 (use1-az1, use1-az2, use1-az3, use1-az4, use1-az5, use1-az6)',
      },
      {
        path: "accounts.staging.regions.us-east-1.network.availabilityZoneIds",
        message: "2 given for 3 availability zones; give one per AZ",
      },
    ]);
  });

  test("a region without default zones asks for them", () => {
    const issues = issuesOf((org) => {
      org.regions["ap-northeast-1"] = { residency: "jp" };
      for (const account of ["management", "security"]) org.accounts[account].regions["ap-northeast-1"] = {};
      org.accounts.dev.regions["ap-northeast-1"] = { network: { cidr: "10.40.0.0/16" } };
    });
    expect(issues).toEqual([
      {
        path: "accounts.dev.regions.ap-northeast-1.network.availabilityZoneIds",
        message: "no default zones for ap-northeast-1; give its AZ IDs (aws ec2 describe-availability-zones)",
      },
    ]);
  });
});

describe("every problem at once", () => {
  test("shape and semantic problems of different accounts are reported together", () => {
    const issues = issuesOf((org) => {
      org.accounts.security.id = "12345"; // shape
      Object.assign(org.accounts.dev, { colour: "blue" }); // shape, unknown key
      org.accounts.staging.regions = { "eu-west-1": {} }; // semantic: region not governed
      prod(org).regions["ca-central-1"].network!.cidr = "10.0.0.0/16"; // semantic: overlaps prod us-east-1
    });
    expect(issues.map((i) => i.path).sort()).toEqual([
      "accounts.dev.colour",
      "accounts.prod.regions.ca-central-1.network.cidr",
      "accounts.security.id",
      "accounts.staging.regions.eu-west-1",
    ]);
  });
});
