import {
  COGNITO_PROVIDER,
  domainPrefixProblem,
  identityProviderNameProblem,
  redirectUrlProblem,
  STANDARD_SCOPES,
} from "../../../modules/cognito-user-pool/defaults";
import { corsProblems, routeKeyProblem } from "../../../modules/http-api/defaults";
import { ORGANIZATION_LOOKUP_ROUTE } from "../../../modules/organization-lookup/defaults";
import type { ConfigIssue } from "../../config/issues";
import { stackTargets, type StackEdge, type StackTarget } from "../../config/topology";
import { USER_DIRECTORY_ROUTING_ATTRIBUTES } from "../registry/schema";
import type { ApiConfig, FunctionConfig, IdentityOrganization, UserPoolConfig } from "./schema";

type Target = StackTarget<IdentityOrganization>;

/**
 * Every reference of the identity layer at its path (API → pool → clients, route → handler, domain),
 * the pools' redirect URLs and identity providers, and where the organization lookup can read the
 * registry. Everything an account-region's identity names is of that account-region, so no pool,
 * handler or log of one residency zone can serve another's API.
 */
export function checkIdentity(org: IdentityOrganization): ConfigIssue[] {
  const targets = stackTargets(org).filter((t) => t.settings.identity !== undefined);
  return [...targets.flatMap((t) => checkTarget(org, t)), ...duplicateDomains(targets)];
}

function checkTarget(org: IdentityOrganization, target: Target): ConfigIssue[] {
  const identity = target.settings.identity!;
  const path = `${target.path}.identity`;
  return [
    ...Object.entries(identity.userPools).flatMap(([key, pool]) => checkPool(target, pool, `${path}.userPools.${key}`)),
    ...Object.entries(identity.userPools).flatMap(([key, pool]) =>
      postConfirmationIssues(target, pool, `${path}.userPools.${key}.postConfirmation`),
    ),
    ...Object.entries(identity.functions).flatMap(([key, fn]) =>
      checkFunction(org, target, fn, `${path}.functions.${key}`),
    ),
    ...Object.entries(identity.apis).flatMap(([key, api]) => checkApi(target, api, `${path}.apis.${key}`)),
    ...entryRedirectIssues(target, `${path}.entryRedirect`),
  ];
}

/** Every scope a token of the pool can carry: Cognito's standard ones and `<identifier>/<scope>`. */
export function poolScopesOf(pool: UserPoolConfig): string[] {
  return [
    ...STANDARD_SCOPES,
    ...Object.values(pool.resourceServers).flatMap((server) =>
      Object.keys(server.scopes).map((scope) => `${server.identifier}/${scope}`),
    ),
  ];
}

function checkPool(target: Target, pool: UserPoolConfig, path: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const dev = target.account.environment === "dev";
  if (!pool.deletionProtection && !dev) {
    issues.push({
      path: `${path}.deletionProtection`,
      message: `only a dev account may turn deletion protection off (a deleted pool loses every user); accounts.${target.accountName} is ${target.account.environment}`,
    });
  }
  if (pool.allowLocalhostCallbacks && !dev) {
    issues.push({
      path: `${path}.allowLocalhostCallbacks`,
      message: `http://localhost callbacks are for a dev account; accounts.${target.accountName} is ${target.account.environment}`,
    });
  }
  if (pool.threatProtection !== undefined && pool.featurePlan !== "PLUS") {
    issues.push({
      path: `${path}.threatProtection`,
      message: `threat protection is a feature of the PLUS plan; set featurePlan: PLUS (it is ${pool.featurePlan ?? "ESSENTIALS"})`,
    });
  }
  const aclRegion = pool.webAclArn?.split(":")[3];
  if (aclRegion !== undefined && aclRegion !== target.region) {
    issues.push({
      path: `${path}.webAclArn`,
      message: `the web ACL is in ${aclRegion}; a user pool takes a regional web ACL of its own region ${target.region}`,
    });
  }
  const scopes = poolScopesOf(pool);
  const providers = Object.keys(pool.identityProviders);
  for (const [key, client] of Object.entries(pool.publicClients)) {
    const clientPath = `${path}.publicClients.${key}`;
    for (const field of ["callbackUrls", "logoutUrls"] as const) {
      client[field].forEach((url, i) => {
        const problem = redirectUrlProblem(url, { allowLocalhost: pool.allowLocalhostCallbacks });
        if (problem !== undefined) issues.push({ path: `${clientPath}.${field}[${i}]`, message: `${url} ${problem}` });
      });
    }
    (client.identityProviders ?? []).forEach((name, i) => {
      if (name !== COGNITO_PROVIDER && !providers.includes(name)) {
        issues.push({
          path: `${clientPath}.identityProviders[${i}]`,
          message: `"${name}" is neither COGNITO nor a provider of ${path}.identityProviders (${providers.join(", ") || "none"})`,
        });
      }
    });
    (client.scopes ?? []).forEach((scope, i) => {
      if (!scopes.includes(scope)) {
        issues.push({ path: `${clientPath}.scopes[${i}]`, message: `"${scope}" is not a scope of the pool` });
      }
    });
    if (key in pool.serviceClients) {
      issues.push({ path: clientPath, message: `${path}.serviceClients.${key} has the same key` });
    }
  }
  for (const [key, client] of Object.entries(pool.serviceClients)) {
    client.scopes.forEach((scope, i) => {
      if (!scopes.includes(scope) || !scope.includes("/")) {
        issues.push({
          path: `${path}.serviceClients.${key}.scopes[${i}]`,
          message: `"${scope}" is not a resource-server scope of the pool (<identifier>/<scope>)`,
        });
      }
    });
  }
  const oauthClients = Object.keys(pool.publicClients).length + Object.keys(pool.serviceClients).length;
  if (pool.domainPrefix === undefined && oauthClients > 0) {
    issues.push({
      path: `${path}.domainPrefix`,
      message: "app clients sign in through the pool's OAuth endpoints, which need a domain; give a domainPrefix",
    });
  }
  const prefixProblem = pool.domainPrefix === undefined ? undefined : domainPrefixProblem(pool.domainPrefix);
  if (prefixProblem !== undefined) issues.push({ path: `${path}.domainPrefix`, message: prefixProblem });
  return [...issues, ...identityProviderIssues(target, pool, path)];
}

function identityProviderIssues(target: Target, pool: UserPoolConfig, path: string): ConfigIssue[] {
  return Object.entries(pool.identityProviders).flatMap(([name, provider]): ConfigIssue[] => {
    const providerPath = `${path}.identityProviders.${name}`;
    const issues: ConfigIssue[] = [];
    const nameProblem = identityProviderNameProblem(name);
    if (nameProblem !== undefined) issues.push({ path: providerPath, message: nameProblem });
    if (provider.attributeMapping.email === undefined) {
      issues.push({
        path: `${providerPath}.attributeMapping.email`,
        message: "users sign in with their email: map the IdP's email attribute",
      });
    }
    if (provider.type === "SAML") {
      const given = [provider.metadataUrl, provider.metadataFile].filter((m) => m !== undefined).length;
      if (given !== 1) {
        issues.push({
          path: `${providerPath}.metadataUrl`,
          message:
            given === 0
              ? "a SAML identity provider needs its metadata: give metadataUrl (https) or metadataFile (the XML)"
              : "give metadataUrl or metadataFile, not both",
        });
      }
      if (provider.metadataUrl !== undefined && !provider.metadataUrl.startsWith("https://")) {
        issues.push({ path: `${providerPath}.metadataUrl`, message: `${provider.metadataUrl} is not an https:// URL` });
      }
      return issues;
    }
    if (!provider.issuer.startsWith("https://")) {
      issues.push({ path: `${providerPath}.issuer`, message: `${provider.issuer} is not an https:// issuer` });
    }
    const secretRegion = provider.clientSecretArn.split(":")[3];
    if (secretRegion !== target.region) {
      issues.push({
        path: `${providerPath}.clientSecretArn`,
        message: `the secret is in ${secretRegion}; the pool reads secrets of its own region ${target.region} only`,
      });
    }
    return issues;
  });
}

function checkFunction(org: IdentityOrganization, target: Target, fn: FunctionConfig, path: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (fn.inVpc && target.settings.network === undefined) {
    issues.push({
      path: `${path}.inVpc`,
      message: `the application subnets come from the network capability at ${target.path}.network, which is off`,
    });
  }
  if (fn.type === "source" && fn.source === undefined) {
    issues.push({ path: `${path}.source`, message: "a source function needs its directory, functions/<name>" });
  }
  if (fn.type === "organizationLookup") {
    if (fn.source !== undefined) {
      issues.push({
        path: `${path}.source`,
        message: "the organization lookup's source is functions/organization-lookup",
      });
    }
    issues.push(...registryReadIssues(org, target, path));
  }
  if (fn.type === "userDirectoryWriter") {
    if (fn.source !== undefined) {
      issues.push({ path: `${path}.source`, message: "the writer's source is functions/user-directory-writer" });
    }
    issues.push(...directoryWriteIssues(org, target, path));
  }
  return issues;
}

/**
 * The pool's post-confirmation trigger is a directory writer of its own stack, and users sign up
 * themselves: Cognito invokes the trigger only for users who sign up, never for users created with
 * administrator credentials.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-confirmation.html
 */
function postConfirmationIssues(target: Target, pool: UserPoolConfig, path: string): ConfigIssue[] {
  if (pool.postConfirmation === undefined) return [];
  const functions = target.settings.identity!.functions;
  const fn = functions[pool.postConfirmation];
  const issues: ConfigIssue[] = [];
  if (fn?.type !== "userDirectoryWriter") {
    const writers = Object.keys(functions).filter((k) => functions[k].type === "userDirectoryWriter");
    issues.push({
      path,
      message: `"${pool.postConfirmation}" is not a userDirectoryWriter of ${target.path}.identity.functions (${writers.join(", ") || "none"})`,
    });
  }
  if (!pool.selfSignUp) {
    issues.push({
      path,
      message:
        "Cognito runs the post-confirmation trigger only for users who sign up themselves, never for users administrators create; set selfSignUp: true",
    });
  }
  return issues;
}

/**
 * The writer writes the user directory replica of its own region, in its own account, and the
 * directory declares the routing attributes it writes.
 */
function directoryWriteIssues(org: IdentityOrganization, target: Target, path: string): ConfigIssue[] {
  const directory = org.registry?.userDirectory;
  if (directory === undefined) {
    return [
      { path: `${path}.type`, message: "the writer writes the user directory; configure registry.userDirectory" },
    ];
  }
  const issues = registryReadIssues(org, target, path).map((issue) => ({
    ...issue,
    message: issue.message.replace("the organization lookup reads", "the directory writer writes"),
  }));
  const missing = USER_DIRECTORY_ROUTING_ATTRIBUTES.filter((a) => !directory.attributes.includes(a));
  if (missing.length > 0) {
    issues.push({
      path: "registry.userDirectory.attributes",
      message: `the directory writer at ${path} writes ${USER_DIRECTORY_ROUTING_ATTRIBUTES.join(", ")}; declare ${missing.join(", ")}`,
    });
  }
  return issues;
}

/** The lookup reads the registry replica of its own region, in its own account. */
function registryReadIssues(org: IdentityOrganization, target: Target, path: string): ConfigIssue[] {
  const registry = org.registry;
  if (registry === undefined) {
    return [{ path: `${path}.type`, message: "the organization lookup reads the registry; configure registry" }];
  }
  const owner = stackTargets(org).find((t) => t.stackId === registry.owner);
  if (owner === undefined) return []; // the registry's own check reports the owner
  if (owner.accountName !== target.accountName) {
    return [
      {
        path: `${path}.type`,
        message: `the organization lookup reads the registry of its own account; registry.owner ${registry.owner} is in accounts.${owner.accountName}`,
      },
    ];
  }
  if (owner.region !== target.region && !registry.replicaRegions.includes(target.region)) {
    return [
      {
        path: `${path}.type`,
        message: `the registry has no replica in ${target.region}; add it to registry.replicaRegions (the lookup reads its own region's)`,
      },
    ];
  }
  return [];
}

function checkApi(target: Target, api: ApiConfig, path: string): ConfigIssue[] {
  const identity = target.settings.identity!;
  const issues: ConfigIssue[] = [];
  const pool = api.userPool === undefined ? undefined : identity.userPools[api.userPool];
  if (api.userPool !== undefined && pool === undefined) {
    issues.push({
      path: `${path}.userPool`,
      message: `"${api.userPool}" is not a user pool of ${target.path}.identity.userPools (${Object.keys(identity.userPools).join(", ") || "none"}); an API takes tokens of its own region's pool only`,
    });
  }
  if (api.audience !== undefined && api.userPool === undefined) {
    issues.push({ path: `${path}.audience`, message: "an audience needs a userPool" });
  }
  if (pool !== undefined) {
    const clients = [...Object.keys(pool.publicClients), ...Object.keys(pool.serviceClients)];
    if (clients.length === 0) {
      issues.push({
        path: `${path}.userPool`,
        message: `${api.userPool} has no app client whose tokens the API could accept`,
      });
    }
    (api.audience ?? []).forEach((client, i) => {
      if (!clients.includes(client)) {
        issues.push({
          path: `${path}.audience[${i}]`,
          message: `"${client}" is not a client of user pool ${api.userPool} (${clients.join(", ") || "none"})`,
        });
      }
    });
  }
  if (Object.keys(api.routes).length === 0) issues.push({ path: `${path}.routes`, message: "give at least one route" });
  const routeKeys = new Map<string, string>();
  for (const [key, route] of Object.entries(api.routes)) {
    const routePath = `${path}.routes.${key}`;
    const fn = identity.functions[route.handler];
    if (fn === undefined) {
      issues.push({
        path: `${routePath}.handler`,
        message: `"${route.handler}" is not a function of ${target.path}.identity.functions (${Object.keys(identity.functions).join(", ") || "none"})`,
      });
    } else if (fn.type === "userDirectoryWriter") {
      issues.push({
        path: `${routePath}.handler`,
        message: `"${route.handler}" is a user pool trigger, not an API handler`,
      });
    }
    const routeKey = route.routeKey ?? (fn?.type === "organizationLookup" ? ORGANIZATION_LOOKUP_ROUTE : undefined);
    if (routeKey === undefined) {
      if (fn !== undefined) issues.push({ path: `${routePath}.routeKey`, message: "give the route's METHOD /path" });
    } else {
      const problem = routeKeyProblem(routeKey);
      if (problem !== undefined) issues.push({ path: `${routePath}.routeKey`, message: problem });
      const first = routeKeys.get(routeKey);
      if (first !== undefined) {
        issues.push({ path: `${routePath}.routeKey`, message: `${routeKey} is already the route of ${first}` });
      }
      routeKeys.set(routeKey, routePath);
    }
    if (route.authorization === "JWT" && api.userPool === undefined) {
      issues.push({
        path: `${routePath}.authorization`,
        message: `JWT needs ${path}.userPool; name the region's pool, or say NONE for a public route`,
      });
    }
    if (route.authorization === "NONE" && route.scopes.length > 0) {
      issues.push({ path: `${routePath}.scopes`, message: "a route without authorization checks no scopes" });
    }
    const scopes = pool === undefined ? [] : poolScopesOf(pool);
    route.scopes.forEach((scope, i) => {
      if (pool !== undefined && !scopes.includes(scope)) {
        issues.push({
          path: `${routePath}.scopes[${i}]`,
          message: `"${scope}" is not a scope of user pool ${api.userPool}`,
        });
      }
    });
  }
  if (api.cors !== undefined) {
    issues.push(...corsProblems(api.cors).map((p) => ({ path: `${path}.cors.${p.field}`, message: p.message })));
  }
  const domain = api.customDomain;
  domain?.sharedNames.forEach((name, i) => {
    if (name === domain.domainName || domain.sharedNames.indexOf(name) < i) {
      issues.push({ path: `${path}.customDomain.sharedNames[${i}]`, message: `${name} is already a name of this API` });
    }
  });
  return issues;
}

/** The regional host of the entry redirect in `region`: the custom domain of the named API there. */
export function entryHost(target: Target, region: string): string | undefined {
  const redirect = target.settings.identity?.entryRedirect;
  const settings = target.account.regions[region] as Target["settings"] | undefined;
  return redirect === undefined ? undefined : settings?.identity?.apis[redirect.api]?.customDomain?.domainName;
}

/** Every region the redirect sends to has the API, on a custom domain, in this account. */
function entryRedirectIssues(target: Target, path: string): ConfigIssue[] {
  const redirect = target.settings.identity!.entryRedirect;
  if (redirect === undefined) return [];
  const targets: [string, string][] = [
    ...Object.entries(redirect.regionsByCountry).map(([country, region]): [string, string] => [
      `${path}.regionsByCountry.${country}`,
      region,
    ]),
    [`${path}.defaultRegion`, redirect.defaultRegion],
  ];
  return targets.flatMap(([fieldPath, region]) =>
    entryHost(target, region) === undefined
      ? [
          {
            path: fieldPath,
            message: `accounts.${target.accountName}.regions.${region}.identity.apis.${redirect.api} has no customDomain to redirect to`,
          },
        ]
      : [],
  );
}

/**
 * One custom domain serves one API of the organization; a shared name serves one API per region
 * (regional custom domain names are per region), of one account, and is no API's own domain.
 */
function duplicateDomains(targets: readonly Target[]): ConfigIssue[] {
  const own = new Map<string, string>();
  const shared = new Map<string, { path: string; stackId: string; accountName: string }>();
  const issues: ConfigIssue[] = [];
  for (const target of targets) {
    for (const [key, api] of Object.entries(target.settings.identity!.apis)) {
      const domain = api.customDomain;
      if (domain === undefined) continue;
      const path = `${target.path}.identity.apis.${key}.customDomain`;
      const first = own.get(domain.domainName);
      if (first !== undefined)
        issues.push({ path: `${path}.domainName`, message: `${domain.domainName} is already the domain of ${first}` });
      own.set(domain.domainName, first ?? `${path}.domainName`);
      domain.sharedNames.forEach((name, i) => {
        const at = `${path}.sharedNames[${i}]`;
        const other = shared.get(name);
        if (other === undefined)
          shared.set(name, { path: at, stackId: target.stackId, accountName: target.accountName });
        else if (other.stackId === target.stackId)
          issues.push({
            path: at,
            message: `${name} is already shared by ${other.path}; one API per region serves it`,
          });
        else if (other.accountName !== target.accountName)
          issues.push({
            path: at,
            message: `${name} is shared by ${other.path} of another account; a shared name's records live in one account's zone`,
          });
      });
    }
  }
  for (const [name, at] of shared) {
    const first = own.get(name);
    // The API's own domain among its own shared names is reported by the API's check.
    if (first !== undefined && !at.path.startsWith(first.replace(/domainName$/, "")))
      issues.push({ path: at.path, message: `${name} is the domain of ${first}, not a shared name` });
  }
  return issues;
}

/** A lookup outside the registry's stack reads the replica the owner declares: it deploys after the owner. */
export function identityDependencies(org: IdentityOrganization): StackEdge[] {
  const registry = org.registry;
  if (registry === undefined) return [];
  return stackTargets(org).flatMap((target) =>
    Object.entries(target.settings.identity?.functions ?? {})
      .filter(([, fn]) => fn.type !== "source" && target.stackId !== registry.owner)
      .filter(() => registry.replicaRegions.includes(target.region))
      .slice(0, 1)
      .map(([key]) => ({
        from: target.stackId,
        to: registry.owner,
        path: `${target.path}.identity.functions.${key}`,
        reason: "registry replica",
      })),
  );
}
