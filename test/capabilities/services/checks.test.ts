import type { OrganizationInput } from "../../../src/config/schema";
import { issuesOf } from "../../helpers/issues";

type RegionInput = OrganizationInput["accounts"][string]["regions"][string];

const PROD = "accounts.prod.regions.us-east-1";

/** The default organization with an application tier in prod us-east-1 (which has a network and databases). */
function withServices(change: (region: RegionInput) => void = () => {}) {
  return issuesOf((org) => {
    const region = org.accounts.prod.regions["us-east-1"];
    region.repositories = { backend: {}, frontend: {} };
    region.services = {
      backend: { image: { repository: "backend", tag: "1.4.2" }, ports: [3001], databases: ["postgres"] },
      frontend: { image: { repository: "frontend", tag: "1.4.2" }, ports: [3001] },
    };
    region.loadBalancers = {
      public: {
        certificate: { domainName: "app.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" },
        targetGroups: { backend: { service: "backend" }, frontend: { service: "frontend" } },
        defaultTargetGroup: "frontend",
        rules: { api: { priority: 10, pathPatterns: ["/api/*"], targetGroup: "backend" } },
      },
    };
    change(region);
  });
}

describe("references resolve", () => {
  test("the valid application tier has no issue", () => {
    expect(withServices()).toEqual([]);
  });

  test("a service's image names a repository of its account-region", () => {
    expect(withServices((r) => (r.services!.backend.image.repository = "api"))).toEqual([
      {
        path: `${PROD}.services.backend.image.repository`,
        message: expect.stringMatching(/"api" is not a repository/),
      },
    ]);
  });

  test("a target group names a service of the account-region, on one of its ports", () => {
    expect(
      withServices((r) => {
        r.loadBalancers!.public.targetGroups.backend = { service: "api" };
        r.loadBalancers!.public.targetGroups.frontend = { service: "frontend", port: 8080 };
      }),
    ).toEqual([
      {
        path: `${PROD}.loadBalancers.public.targetGroups.backend.service`,
        message: expect.stringMatching(/"api" is not a service/),
      },
      {
        path: `${PROD}.loadBalancers.public.targetGroups.frontend.port`,
        message: "8080 is not a port of services.frontend (3001)",
      },
    ]);
  });

  test("a target group without a service (an EKS TargetGroupBinding) needs the targets' port", () => {
    expect(withServices((r) => (r.loadBalancers!.public.targetGroups.pods = {}))).toEqual([
      {
        path: `${PROD}.loadBalancers.public.targetGroups.pods.port`,
        message: expect.stringMatching(/needs the targets' port/),
      },
    ]);
  });

  test("a rule and the default name known target groups", () => {
    expect(
      withServices((r) => {
        r.loadBalancers!.public.rules!.api.targetGroup = "api";
        r.loadBalancers!.public.defaultTargetGroup = "web";
      }),
    ).toEqual([
      {
        path: `${PROD}.loadBalancers.public.rules.api.targetGroup`,
        message: expect.stringMatching(/"api" is not a target group/),
      },
      {
        path: `${PROD}.loadBalancers.public.defaultTargetGroup`,
        message: expect.stringMatching(/"web" is not a target group/),
      },
    ]);
  });

  test("the certificate has one validation zone, and its names are inside a zone given by domain", () => {
    expect(withServices((r) => (r.loadBalancers!.public.certificate = { domainName: "app.example.com" }))).toEqual([
      {
        path: `${PROD}.loadBalancers.public.certificate`,
        message: expect.stringMatching(/hostedZoneId or hostedZone/),
      },
    ]);
    expect(
      withServices(
        (r) =>
          (r.loadBalancers!.public.certificate = {
            domainName: "app.example.org",
            subjectAlternativeNames: ["www.example.com"],
            hostedZone: "example.com",
          }),
      ),
    ).toEqual([
      {
        path: `${PROD}.loadBalancers.public.certificate.domainName`,
        message: "app.example.org is not in the zone example.com",
      },
    ]);
  });

  test("a service reaches only databases its account-region has", () => {
    expect(
      issuesOf((org) => {
        const region = org.accounts.prod.regions["us-east-1"];
        delete region.databases;
        region.repositories = { backend: {} };
        region.services = {
          backend: { image: { repository: "backend", tag: "1" }, ports: [3001], databases: ["postgres"] },
        };
      }).filter((issue) => issue.path.includes(".services.")),
    ).toEqual([
      {
        path: `${PROD}.services.backend.databases[0]`,
        message: `there is no ${PROD}.databases.postgres to reach (none)`,
      },
    ]);
  });

  test("a service reaches only caches and document databases its account-region has, each named once", () => {
    expect(
      withServices((r) => {
        r.caches = { sessions: {} };
        r.documentDatabases = { profiles: {} };
        r.services!.backend.caches = ["sessions", "session", "sessions"];
        r.services!.backend.documentDatabases = ["users"];
      }).filter((issue) => issue.path.includes(".services.")),
    ).toEqual([
      {
        path: `${PROD}.services.backend.caches[1]`,
        message: `there is no ${PROD}.caches.session to reach (sessions)`,
      },
      { path: `${PROD}.services.backend.caches[2]`, message: "sessions is already caches[0]" },
      {
        path: `${PROD}.services.backend.documentDatabases[0]`,
        message: `there is no ${PROD}.documentDatabases.users to reach (profiles)`,
      },
    ]);
  });
});

describe("secrets, images and sizes", () => {
  test("secret names' form, and ARNs of this account and region only", () => {
    expect(
      withServices(
        (r) =>
          (r.services!.backend.secrets = {
            JWT: { secretsManager: "arn:aws:secretsmanager:ca-central-1:555555555555:secret:jwt-AbCdEf" },
            FLAGS: { parameter: "flags/prod" },
            KEY: { secretsManager: "bad name!" },
          }),
      ),
    ).toEqual([
      {
        path: `${PROD}.services.backend.secrets.JWT.secretsManager`,
        message: expect.stringMatching(
          /of 555555555555 in ca-central-1; a task reads secrets of its own account and region/,
        ),
      },
      {
        path: `${PROD}.services.backend.secrets.FLAGS.parameter`,
        message: expect.stringMatching(/a name with "\/" starts with "\/"/),
      },
      {
        path: `${PROD}.services.backend.secrets.KEY.secretsManager`,
        message: expect.stringMatching(/is not the name of a Secrets Manager secret/),
      },
    ]);
  });

  test("latest is refused, and the size must be a Fargate size", () => {
    expect(
      withServices((r) => {
        r.services!.backend.image.tag = "latest";
        r.services!.backend.cpu = 256;
        r.services!.backend.memory = 4096;
      }),
    ).toEqual([
      { path: `${PROD}.services.backend.image.tag`, message: expect.stringMatching(/"latest" is refused/) },
      {
        path: `${PROD}.services.backend.memory`,
        message: expect.stringMatching(/4096 MiB is not offered with cpu 256/),
      },
    ]);
  });
});

describe("placement, protection and residency", () => {
  test("a service or load balancer in an account-region without a network is refused", () => {
    expect(
      issuesOf((org) => {
        const region = org.accounts.management.regions["us-east-1"];
        region.repositories = { backend: {} };
        region.services = { backend: { image: { repository: "backend", tag: "1" }, ports: [3001] } };
      }),
    ).toEqual([
      {
        path: "accounts.management.regions.us-east-1.services",
        message: expect.stringMatching(/needs the network capability/),
      },
    ]);
  });

  test("ECR replication into another residency zone is refused with the path", () => {
    expect(withServices((r) => (r.repositories!.backend = { replicateTo: ["ca-central-1"] }))).toEqual([
      {
        path: `${PROD}.repositories.backend.replicateTo[0]`,
        message: 'ca-central-1 is in residency zone "ca", us-east-1 in "us": images stay in their residency zone',
      },
    ]);
  });

  test("only a dev account turns a load balancer's deletion protection off", () => {
    expect(withServices((r) => (r.loadBalancers!.public.deletionProtection = false))).toEqual([
      { path: `${PROD}.loadBalancers.public.deletionProtection`, message: expect.stringMatching(/only a dev account/) },
    ]);
  });

  test("names AWS would refuse are reported at the key that derives them", () => {
    expect(withServices((r) => (r.loadBalancers!.public.name = "a-very-long-load-balancer-name-x"))).toEqual([
      {
        path: `${PROD}.loadBalancers.public.targetGroups.backend`,
        message: expect.stringMatching(/target group's name/),
      },
      {
        path: `${PROD}.loadBalancers.public.targetGroups.frontend`,
        message: expect.stringMatching(/target group's name/),
      },
    ]);
  });
});
