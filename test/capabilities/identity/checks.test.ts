import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { issuesOfDocument } from "../../helpers/issues";

/** The customer1 example as a plain document, for tests that change one field. */
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const customer1 = (): Doc => parse(readFileSync(join(__dirname, "../../../examples/customer1.yaml"), "utf8")) as Doc;

const US = "accounts.prod.regions.us-east-1.identity";
const CA = "accounts.prod.regions.ca-central-1.identity";

/** Issues of the example after `change`, as `path: message` lines. */
function issuesAfter(change: (doc: Doc) => void): string[] {
  const doc = customer1();
  change(doc);
  return issuesOfDocument(doc).map((issue) => `${issue.path}: ${issue.message}`);
}

const usIdentity = (doc: Doc): Doc => doc.accounts.prod.regions["us-east-1"].identity;
const caIdentity = (doc: Doc): Doc => doc.accounts.prod.regions["ca-central-1"].identity;

describe("the identity layer's references", () => {
  test("the example is valid", () => {
    expect(issuesAfter(() => undefined)).toEqual([]);
  });

  test("an API names a pool of its own account-region only", () => {
    expect(
      issuesAfter((doc) => {
        caIdentity(doc).apis.public.userPool = "us_users";
      }),
    ).toEqual([
      `${CA}.apis.public.userPool: "us_users" is not a user pool of accounts.prod.regions.ca-central-1.identity.userPools (users); an API takes tokens of its own region's pool only`,
    ]);
  });

  test("an audience names clients of the API's pool", () => {
    expect(
      issuesAfter((doc) => {
        usIdentity(doc).apis.public.audience = ["mobile", "web"];
      }),
    ).toEqual([`${US}.apis.public.audience[1]: "web" is not a client of user pool users (mobile, backend)`]);
  });

  test("a route names a function of its account-region and a valid, unique route key", () => {
    const issues = issuesAfter((doc) => {
      const routes = usIdentity(doc).apis.public.routes;
      routes.organization.handler = "missing";
      routes.again = { handler: "lookup", authorization: "NONE" };
      routes.bad = { handler: "lookup", routeKey: "FETCH /x", authorization: "NONE" };
    });
    expect(issues).toEqual([
      `${US}.apis.public.routes.organization.handler: "missing" is not a function of accounts.prod.regions.us-east-1.identity.functions (lookup, directory, health)`,
      `${US}.apis.public.routes.bad.routeKey: "FETCH" is not one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY`,
    ]);
    expect(
      issuesAfter((doc) => {
        usIdentity(doc).apis.public.routes.again = { handler: "lookup", authorization: "NONE" };
      }),
    ).toEqual([
      `${US}.apis.public.routes.again.routeKey: GET /organizations/{organizationId} is already the route of ${US}.apis.public.routes.organization`,
    ]);
  });

  test("a JWT route needs the API's pool, and its scopes must be the pool's", () => {
    expect(
      issuesAfter((doc) => {
        const api = caIdentity(doc).apis.public;
        delete api.userPool;
        api.routes.private = { handler: "lookup", routeKey: "GET /me" };
        usIdentity(doc).apis.public.routes.scoped = { handler: "lookup", routeKey: "GET /x", scopes: ["app/write"] };
      }),
    ).toEqual([
      `${US}.apis.public.routes.scoped.scopes[0]: "app/write" is not a scope of user pool users`,
      `${CA}.apis.public.routes.private.authorization: JWT needs ${CA}.apis.public.userPool; name the region's pool, or say NONE for a public route`,
    ]);
  });

  test("one custom domain serves one API", () => {
    expect(
      issuesAfter((doc) => {
        caIdentity(doc).apis.public.customDomain.domainName = "api.us.customer1.example.com";
      }),
    ).toEqual([
      `${CA}.apis.public.customDomain.domainName: api.us.customer1.example.com is already the domain of ${US}.apis.public.customDomain.domainName`,
      `accounts.prod.regions.ca-central-1.edge.records.api_ca.target.apiDomain: api.ca.customer1.example.com is not a name of ${CA}.apis.public (api.us.customer1.example.com, api.customer1.example.com): API Gateway serves a custom domain under its own name only; add it to ${CA}.apis.public.customDomain.sharedNames`,
    ]);
  });

  test("CORS with credentials refuses a wildcard origin", () => {
    expect(
      issuesAfter((doc) => {
        usIdentity(doc).apis.public.cors = { allowOrigins: ["*"], allowCredentials: true };
      }),
    ).toEqual([
      expect.stringMatching(
        /^accounts\.prod\.regions\.us-east-1\.identity\.apis\.public\.cors\.allowOrigins\[0\]: "\*" cannot be combined with allowCredentials/,
      ),
    ]);
  });
});

describe("user pools", () => {
  test("bad callback URLs are refused with their path: plain HTTP, a fragment, a script scheme", () => {
    expect(
      issuesAfter((doc) => {
        usIdentity(doc).userPools.users.publicClients.mobile.callbackUrls = [
          "http://app.customer1.example.com/cb",
          "https://app.customer1.example.com/cb#x",
          "javascript:alert(1)",
          "http://localhost:3000/cb",
        ];
      }),
    ).toEqual([
      `${US}.userPools.users.publicClients.mobile.callbackUrls[0]: http://app.customer1.example.com/cb uses plain HTTP; use https:// (http:// is for localhost only)`,
      `${US}.userPools.users.publicClients.mobile.callbackUrls[1]: https://app.customer1.example.com/cb#x has a fragment (#...), which a redirect URI must not have`,
      `${US}.userPools.users.publicClients.mobile.callbackUrls[2]: javascript:alert(1) uses the javascript: scheme, which is never a redirect target`,
      `${US}.userPools.users.publicClients.mobile.callbackUrls[3]: http://localhost:3000/cb is http://localhost, allowed only with allowLocalhostCallbacks (testing)`,
    ]);
  });

  test("localhost callbacks and an unprotected pool are for dev accounts only", () => {
    expect(
      issuesAfter((doc) => {
        Object.assign(usIdentity(doc).userPools.users, { allowLocalhostCallbacks: true, deletionProtection: false });
      }),
    ).toEqual([
      `${US}.userPools.users.deletionProtection: only a dev account may turn deletion protection off (a deleted pool loses every user); accounts.prod is prod`,
      `${US}.userPools.users.allowLocalhostCallbacks: http://localhost callbacks are for a dev account; accounts.prod is prod`,
    ]);
  });

  test("an identity provider without metadata is an error at its path", () => {
    expect(
      issuesAfter((doc) => {
        delete usIdentity(doc).userPools.users.identityProviders.AcmeCorp.metadataUrl;
      }),
    ).toEqual([
      `${US}.userPools.users.identityProviders.AcmeCorp.metadataUrl: a SAML identity provider needs its metadata: give metadataUrl (https) or metadataFile (the XML)`,
    ]);
  });

  test("an OIDC provider's secret must be in the pool's own region", () => {
    expect(
      issuesAfter((doc) => {
        caIdentity(doc).userPools.users.identityProviders = {
          Entra: {
            type: "OIDC",
            issuer: "https://login.example.com/v2.0",
            clientId: "c",
            clientSecretArn: "arn:aws:secretsmanager:us-east-1:100000000003:secret:entra-AbCdEf",
          },
        };
      }),
    ).toEqual([
      `${CA}.userPools.users.identityProviders.Entra.clientSecretArn: the secret is in us-east-1; the pool reads secrets of its own region ca-central-1 only`,
    ]);
  });

  test("a web ACL must be of the pool's region", () => {
    expect(
      issuesAfter((doc) => {
        caIdentity(doc).userPools.users.webAclArn = "arn:aws:wafv2:us-east-1:100000000003:regional/webacl/signin/0000";
      }),
    ).toEqual([
      `${CA}.userPools.users.webAclArn: the web ACL is in us-east-1; a user pool takes a regional web ACL of its own region ca-central-1`,
    ]);
  });

  test("a client offers only the pool's providers; threat protection needs PLUS; OAuth clients need a domain", () => {
    expect(
      issuesAfter((doc) => {
        const pool = caIdentity(doc).userPools.users;
        pool.publicClients.mobile.identityProviders = ["COGNITO", "AcmeCorp"];
        delete pool.featurePlan;
        delete pool.domainPrefix;
      }),
    ).toEqual([
      `${CA}.userPools.users.threatProtection: threat protection is a feature of the PLUS plan; set featurePlan: PLUS (it is ESSENTIALS)`,
      `${CA}.userPools.users.publicClients.mobile.identityProviders[1]: "AcmeCorp" is neither COGNITO nor a provider of ${CA}.userPools.users.identityProviders (none)`,
      `${CA}.userPools.users.domainPrefix: app clients sign in through the pool's OAuth endpoints, which need a domain; give a domainPrefix`,
    ]);
  });
});

describe("handlers and the registry", () => {
  test("the organization lookup needs the registry", () => {
    expect(
      issuesAfter((doc) => {
        delete doc.registry;
      }),
    ).toEqual([
      `${US}.functions.lookup.type: the organization lookup reads the registry; configure registry`,
      `${US}.functions.directory.type: the writer writes the user directory; configure registry.userDirectory`,
      `${CA}.functions.lookup.type: the organization lookup reads the registry; configure registry`,
      `${CA}.functions.directory.type: the writer writes the user directory; configure registry.userDirectory`,
    ]);
  });

  test("a handler in the application subnets needs the network", () => {
    expect(
      issuesAfter((doc) => {
        // The region's data and application tiers need the network too; this test is about the handler alone.
        const region = doc.accounts.prod.regions["ca-central-1"];
        delete region.network;
        delete region.databases;
        delete region.analytics;
        delete region.services;
        delete region.loadBalancers;
      }),
    ).toEqual([
      ...["lookup", "directory", "health"].map(
        (fn) =>
          `${CA}.functions.${fn}.inVpc: the application subnets come from the network capability at accounts.prod.regions.ca-central-1.network, which is off`,
      ),
    ]);
  });

  test("a source function names its directory", () => {
    expect(
      issuesAfter((doc) => {
        usIdentity(doc).functions.orders = { type: "source" };
      }),
    ).toEqual([`${US}.functions.orders.source: a source function needs its directory, functions/<name>`]);
  });
});

describe("the user directory", () => {
  test("declares routing data only: any other attribute is an error with its path", () => {
    expect(
      issuesAfter((doc) => {
        doc.registry.userDirectory.attributes = ["org_id", "home_region", "email"];
      }),
    ).toEqual([
      'registry.userDirectory.attributes[2]: "email" is not routing data: the user directory is replicated to every residency zone and may hold only org_id, home_region; keep user attributes in the user pool of the user\'s home region',
    ]);
  });
});

describe("the entry redirect", () => {
  test("sends each country to an API of this account with a custom domain", () => {
    expect(
      issuesAfter((doc) => {
        usIdentity(doc).entryRedirect.regionsByCountry.MX = "us-west-2";
        delete caIdentity(doc).apis.public.customDomain;
      }),
    ).toEqual([
      `${US}.entryRedirect.regionsByCountry.CA: accounts.prod.regions.ca-central-1.identity.apis.public has no customDomain to redirect to`,
      `${US}.entryRedirect.regionsByCountry.MX: accounts.prod.regions.us-west-2.identity.apis.public has no customDomain to redirect to`,
    ]);
  });
});

describe("one global API name", () => {
  const usEdge = (doc: Doc): Doc => doc.accounts.prod.regions["us-east-1"].edge;

  test("a region that routes the shared name must declare it on its API", () => {
    expect(
      issuesAfter((doc) => {
        caIdentity(doc).apis.public.customDomain.sharedNames = [];
      }),
    ).toEqual([
      `accounts.prod.regions.ca-central-1.edge.records.api_geo_ca.target.apiDomain: api.customer1.example.com is not a name of ${CA}.apis.public (api.ca.customer1.example.com): API Gateway serves a custom domain under its own name only; ${US}.apis.public shares it; add it to ${CA}.apis.public.customDomain.sharedNames too`,
    ]);
  });

  test("a geolocation set needs a default member", () => {
    expect(
      issuesAfter((doc) => {
        delete usEdge(doc).records.api_geo_default;
      }),
    ).toEqual([
      `accounts.prod.regions.us-east-1.edge.records.api_geo_us.routing: the geolocation set api.customer1.example.com A has no default record (country "*"); queries from anywhere else would get no answer`,
    ]);
  });

  test("a shared name is no API's own domain, and one API per region serves it", () => {
    expect(
      issuesAfter((doc) => {
        const domain = usIdentity(doc).apis.public.customDomain;
        domain.sharedNames = [
          "api.customer1.example.com",
          "api.us.customer1.example.com",
          "api.ca.customer1.example.com",
        ];
      }),
    ).toEqual([
      `${US}.apis.public.customDomain.sharedNames[1]: api.us.customer1.example.com is already a name of this API`,
      `${US}.apis.public.customDomain.sharedNames[2]: api.ca.customer1.example.com is the domain of ${CA}.apis.public.customDomain.domainName, not a shared name`,
    ]);
  });
});

describe("the post-confirmation trigger", () => {
  test("is a directory writer of the pool's stack, on a pool whose users sign up themselves", () => {
    expect(
      issuesAfter((doc) => {
        caIdentity(doc).userPools.users.selfSignUp = false;
        usIdentity(doc).userPools.users.postConfirmation = "lookup";
      }),
    ).toEqual([
      `${US}.userPools.users.postConfirmation: "lookup" is not a userDirectoryWriter of accounts.prod.regions.us-east-1.identity.functions (directory)`,
      `${CA}.userPools.users.postConfirmation: Cognito runs the post-confirmation trigger only for users who sign up themselves, never for users administrators create; set selfSignUp: true`,
    ]);
  });

  test("a writer serves no route, and writes a directory replica of its own region", () => {
    expect(
      issuesAfter((doc) => {
        usIdentity(doc).apis.public.routes.organization.handler = "directory";
        doc.registry.replicaRegions = ["us-west-2"];
        doc.regions["us-west-2"] = { residency: "us" };
      }),
    ).toEqual(
      expect.arrayContaining([
        `${US}.apis.public.routes.organization.handler: "directory" is a user pool trigger, not an API handler`,
        `${CA}.functions.directory.type: the registry has no replica in ca-central-1; add it to registry.replicaRegions (the lookup reads its own region's)`,
      ]),
    );
  });
});
