import { AcmCertificate } from "../../../modules/acm-certificate";
import { CognitoUserPool, type IdentityProvider } from "../../../modules/cognito-user-pool";
import { EdgeRedirect } from "../../../modules/edge-redirect";
import { HttpApi } from "../../../modules/http-api";
import {
  LambdaCode,
  LambdaFunction,
  repositoryDirectory,
  type LambdaFunctionRef,
} from "../../../modules/lambda-function";
import { ORGANIZATION_LOOKUP_ROUTE, OrganizationLookup } from "../../../modules/organization-lookup";
import { ORGANIZATION_USER_ATTRIBUTE_NAME, UserDirectoryWriter } from "../../../modules/user-directory-writer";
import type { Vpc } from "../../../modules/vpc";
import { accountHomeRegion } from "../../config/topology";
import { nameTag, registryTableName, stackId, terraformName, userDirectoryTableName } from "../../naming";
import { Slot, type BuildContext, type CapabilityBuilder } from "../capability";
import { VPC } from "../network/build";
import { REGISTRY } from "../registry/build";
import { API_DOMAINS, HOSTED_ZONES, type ApiDomainRef } from "../slots";
import { entryHost } from "./checks";
import type { ApiConfig, EntryRedirectConfig, FunctionConfig, IdentityOrganization, UserPoolConfig } from "./schema";

type Context = BuildContext<IdentityOrganization>;

/**
 * The entry redirect's CloudFront Function, for the edge capability to associate with its
 * distribution's viewer-request event (with a policy that forwards `CloudFront-Viewer-Country`).
 */
export const ENTRY_REDIRECT = new Slot<{ readonly functionArn: string }>("entry-redirect");

/**
 * The account-region's identity layer: its user pools, its Lambda handlers (in the application
 * subnets) and its HTTP APIs with their JWT authorizers and custom domains. Everything is built
 * with the stack's own provider, in its region: nothing here reaches another region but the
 * organization lookup's read of the registry replica the registry's owner declares here.
 */
export const identityBuilder: CapabilityBuilder<IdentityOrganization> = {
  build(context) {
    const identity = context.target.settings.identity;
    if (identity === undefined) return;
    const vpc = context.get(VPC);
    const functions = new Map(
      Object.entries(identity.functions).map(([key, fn]) => [key, buildFunction(context, key, fn, vpc)] as const),
    );
    const pools = new Map(
      Object.entries(identity.userPools).map(([key, pool]) => {
        const trigger = pool.postConfirmation === undefined ? undefined : functions.get(pool.postConfirmation)?.ref;
        return [key, buildPool(context, key, pool, trigger)] as const;
      }),
    );
    const domains = new Map<string, ApiDomainRef>();
    for (const [key, api] of Object.entries(identity.apis)) {
      const domain = buildApi(context, key, api, pools, functions);
      if (domain !== undefined) domains.set(key, domain);
    }
    context.provide(API_DOMAINS, domains);
    if (identity.entryRedirect !== undefined) buildEntryRedirect(context, identity.entryRedirect);
  },
};

/** The country → regional API host table at the edge; host names only, no organization data. */
function buildEntryRedirect(context: Context, redirect: EntryRedirectConfig): void {
  const { scope, org, target } = context;
  const entry = new EdgeRedirect(scope, "entry_redirect", {
    name: nameTag(org.name, target.stackId, "entry"),
    hostsByCountry: Object.fromEntries(
      Object.entries(redirect.regionsByCountry).map(([country, region]) => [country, entryHost(target, region)!]),
    ),
    defaultHost: entryHost(target, redirect.defaultRegion)!,
  });
  context.provide(ENTRY_REDIRECT, { functionArn: entry.functionArn });
}

function buildPool(
  context: Context,
  key: string,
  pool: UserPoolConfig,
  postConfirmation: LambdaFunctionRef | undefined,
): CognitoUserPool {
  const { scope, org, target } = context;
  return new CognitoUserPool(scope, `pool_${key}`, {
    name: nameTag(org.name, target.stackId, key),
    region: target.region,
    accountId: target.accountId,
    featurePlan: pool.featurePlan,
    threatProtection: pool.threatProtection,
    mfa: pool.mfa,
    sms: pool.sms,
    passwordPolicy: pool.passwordPolicy,
    selfSignUp: pool.selfSignUp,
    publicClients: pool.publicClients,
    serviceClients: pool.serviceClients,
    resourceServers: pool.resourceServers,
    domain: pool.domainPrefix === undefined ? undefined : { prefix: pool.domainPrefix },
    identityProviders: Object.fromEntries(
      Object.entries(pool.identityProviders).map(([name, provider]): [string, IdentityProvider] => [
        name,
        provider.type === "SAML"
          ? provider
          : {
              ...provider,
              clientSecret: { secretArn: provider.clientSecretArn, jsonKey: provider.clientSecretKey },
            },
      ]),
    ),
    webAclArn: pool.webAclArn,
    // The directory writer reads the user's organization from this attribute, set at sign-up.
    customAttributes: postConfirmation === undefined ? undefined : [ORGANIZATION_USER_ATTRIBUTE_NAME],
    postConfirmation,
    allowLocalhostCallbacks: pool.allowLocalhostCallbacks,
    deletionProtection: pool.deletionProtection,
  });
}

/** A built handler and the route it serves unless a route says otherwise. */
interface BuiltFunction {
  readonly ref: LambdaFunctionRef;
  readonly routeKey?: string;
}

function buildFunction(context: Context, key: string, fn: FunctionConfig, vpc: Vpc | undefined): BuiltFunction {
  const { scope, org, target } = context;
  const common = {
    functionName: nameTag(org.name, target.stackId, key),
    region: target.region,
    accountId: target.accountId,
    memorySizeMb: fn.memorySizeMb,
    timeoutSeconds: fn.timeoutSeconds,
    reservedConcurrency: fn.reservedConcurrency,
    logRetentionDays: fn.logRetentionDays,
  };
  const subnets =
    fn.inVpc && vpc !== undefined ? { vpcId: vpc.vpcId, subnetIds: vpc.subnetIds.application } : undefined;
  if (fn.type === "organizationLookup") {
    const lookup = new OrganizationLookup(scope, `fn_${key}`, {
      ...common,
      registry: registryReplica(context),
      network: subnets,
    });
    return { ref: lookup.ref, routeKey: ORGANIZATION_LOOKUP_ROUTE };
  }
  if (fn.type === "userDirectoryWriter") {
    const writer = new UserDirectoryWriter(scope, `fn_${key}`, {
      ...common,
      directory: userDirectoryReplica(context),
      network: subnets,
    });
    return { ref: writer.ref };
  }
  const built = new LambdaFunction(scope, `fn_${key}`, {
    ...common,
    code: LambdaCode.fromTypeScript(repositoryDirectory(fn.source!)),
    handler: fn.handler,
    // A handler of its own reaches nothing but its logs until a capability names what it may call.
    network: subnets === undefined ? undefined : { ...subnets, egress: {} },
  });
  return { ref: built.ref };
}

/**
 * The registry as this region holds it: the table of the owner's account by its name, in this
 * region, and this region's key, which the owner's stack creates (read across stacks).
 */
function registryReplica(context: Context) {
  const { org, target } = context;
  const tableName = registryTableName(org.name);
  const owner = org.registry!.owner;
  const registry = context.get(REGISTRY, owner)!.registry;
  return {
    tableName,
    tableArn: `arn:aws:dynamodb:${target.region}:${target.accountId}:table/${tableName}`,
    kmsKeyArn: registry.kmsKeyArns[target.region],
  };
}

/** The user directory as this region holds it, like the registry (`registryReplica`). */
function userDirectoryReplica(context: Context) {
  const { org, target } = context;
  const tableName = userDirectoryTableName(org.name);
  const directory = context.get(REGISTRY, org.registry!.owner)!.userDirectory!;
  return {
    tableName,
    tableArn: `arn:aws:dynamodb:${target.region}:${target.accountId}:table/${tableName}`,
    kmsKeyArn: directory.kmsKeyArns[target.region],
  };
}

function buildApi(
  context: Context,
  key: string,
  api: ApiConfig,
  pools: ReadonlyMap<string, CognitoUserPool>,
  functions: ReadonlyMap<string, BuiltFunction>,
): ApiDomainRef | undefined {
  const { scope, org, target } = context;
  const pool = api.userPool === undefined ? undefined : pools.get(api.userPool)!;
  const poolConfig = api.userPool === undefined ? undefined : target.settings.identity!.userPools[api.userPool];
  const audience =
    api.audience ??
    (poolConfig === undefined
      ? []
      : [...Object.keys(poolConfig.publicClients), ...Object.keys(poolConfig.serviceClients)]);
  const handlers = Object.fromEntries(
    Object.values(api.routes).map((route) => [route.handler, functions.get(route.handler)!.ref]),
  );
  const domain = api.customDomain;
  const certificate = domain === undefined ? undefined : apiCertificate(context, key, domain.domainName, domain, "");
  // Each shared name: a certificate of its own (adding a name leaves the regional one alone).
  const shared = (domain?.sharedNames ?? []).flatMap((name) => {
    const nameKey = terraformName([name]);
    const cert = apiCertificate(context, key, name, domain!, `_${nameKey}`);
    return cert === undefined ? [] : [{ name, nameKey, certificateArn: cert.certificateArn }];
  });
  const built = new HttpApi(scope, `api_${key}`, {
    name: nameTag(org.name, target.stackId, key),
    region: target.region,
    accountId: target.accountId,
    handlers,
    routes: Object.fromEntries(
      Object.entries(api.routes).map(([routeName, route]) => [
        routeName,
        {
          routeKey: route.routeKey ?? functions.get(route.handler)!.routeKey!,
          handler: route.handler,
          authorization: route.authorization,
          scopes: route.scopes,
          throttle: route.throttle,
        },
      ]),
    ),
    jwtAuthorizer: pool === undefined ? undefined : { userPool: pool.ref, audience },
    throttle: api.throttle,
    cors: api.cors,
    customDomain:
      api.customDomain === undefined || certificate === undefined
        ? undefined
        : { domainName: api.customDomain.domainName, certificateArn: certificate.certificateArn },
    sharedDomains: Object.fromEntries(
      shared.map(({ name, nameKey, certificateArn }) => [nameKey, { domainName: name, certificateArn }]),
    ),
    logRetentionDays: api.logRetentionDays,
  });
  if (api.customDomain === undefined || built.customDomainTarget === undefined) return undefined;
  return {
    domainName: api.customDomain.domainName,
    targetDomainName: built.customDomainTarget.domainName,
    targetZoneId: built.customDomainTarget.hostedZoneId,
    sharedDomains: shared.map(({ name, nameKey }) => ({
      domainName: name,
      targetDomainName: built.sharedDomainTargets[nameKey].domainName,
      targetZoneId: built.sharedDomainTargets[nameKey].hostedZoneId,
    })),
  };
}

/**
 * The custom domain's certificate, in the API's region (a regional custom domain takes a certificate
 * of its own region), validated in the zone the config names or the account's hosted zone of the
 * domain that the home-region stack holds (HOSTED_ZONES).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-custom-domain-names.html
 */
function apiCertificate(
  context: Context,
  key: string,
  domainName: string,
  domain: NonNullable<ApiConfig["customDomain"]>,
  suffix: string,
): AcmCertificate | undefined {
  const { scope, org, target } = context;
  const zoneId = domain.hostedZoneId ?? hostedZoneOf(context, domainName);
  if (zoneId === undefined) {
    const path = `${target.path}.identity.apis.${key}.customDomain.hostedZoneId`;
    scope.node.addValidation({
      validate: () => [
        `${path}: no hosted zone of ${domainName} in ${stackId(target.accountName, accountHomeRegion(org, target.account))}; give the zone id that validates the certificate`,
      ],
    });
    return undefined;
  }
  return new AcmCertificate(scope, `api_${key}_certificate${suffix}`, { domainName, hostedZoneId: zoneId });
}

/** The zone of the account's home-region stack whose name is the longest suffix of the domain. */
function hostedZoneOf(context: Context, domainName: string): string | undefined {
  const { org, target } = context;
  const zones = context.get(HOSTED_ZONES, stackId(target.accountName, accountHomeRegion(org, target.account)));
  const matching = [...(zones?.values() ?? [])]
    .filter((zone) => `.${domainName}`.endsWith(`.${zone.name.replace(/\.$/, "")}`))
    .sort((a, b) => b.name.length - a.name.length);
  return matching[0]?.zoneId;
}
