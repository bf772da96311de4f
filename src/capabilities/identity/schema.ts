import { z } from "zod";
import { FEATURE_PLANS, THREAT_PROTECTION_MODES } from "../../../modules/cognito-user-pool/defaults";
import { HTTP_METHODS } from "../../../modules/http-api/defaults";
import type { OrganizationWith } from "../../config/shapes";
import type { NETWORK_FRAGMENT } from "../network/schema";
import type { REGISTRY_FRAGMENT } from "../registry/schema";

/** A config key that becomes part of Terraform addresses and physical names. */
const key = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,30}$/, "must be 1-31 lowercase letters, digits or _, starting with a letter");

const dnsName = z.string().regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a DNS name");

/** The mobile app: a public client (no secret), authorization code with PKCE. */
const PublicClientSchema = z.strictObject({
  /** https:// or the app's own scheme (`com.example.app://callback`); http:// only for localhost in dev. */
  callbackUrls: z.array(z.string()).min(1),
  /** @default [] */
  logoutUrls: z.array(z.string()).default([]),
  /** @default ["openid", "email", "profile"] */
  scopes: z.array(z.string()).min(1).optional(),
  /** `COGNITO` and names of the pool's `identityProviders`. @default ["COGNITO"] */
  identityProviders: z.array(z.string()).min(1).optional(),
});

/** A backend service: a confidential client with the client-credentials grant. */
const ServiceClientSchema = z.strictObject({
  /** Resource-server scopes (`<identifier>/<scope>`) it may request. */
  scopes: z.array(z.string()).min(1),
  /** @default 60 */
  accessTokenMinutes: z.number().int().min(5).max(1440).optional(),
});

const ResourceServerSchema = z.strictObject({
  /** Prefix of its scopes (`orders` → `orders/read`). */
  identifier: z.string().regex(/^[\w.:/-]{1,256}$/, "must be 1-256 letters, digits or _.:/-"),
  /** Scope name → description. */
  scopes: z.record(z.string().regex(/^[\w.-]{1,256}$/, "must be a scope name"), z.string().min(1)),
});

/** Enterprise SSO over SAML 2.0: the IdP's metadata by URL (https) or as XML. */
const SamlProviderSchema = z.strictObject({
  type: z.literal("SAML"),
  metadataUrl: z.string().optional(),
  metadataFile: z.string().optional(),
  /** Pool attribute → SAML attribute; `email` is required. @default { email: "email" } */
  attributeMapping: z.record(z.string(), z.string()).default({ email: "email" }),
  /** Email domains that route users to this IdP. @default [] */
  identifiers: z.array(z.string()).default([]),
  /** Sign users out of the IdP too. @default false */
  signOut: z.boolean().default(false),
});

/** Enterprise SSO over OpenID Connect; the client secret stays in Secrets Manager of the pool's region. */
const OidcProviderSchema = z.strictObject({
  type: z.literal("OIDC"),
  /** https issuer with `/.well-known/openid-configuration`. */
  issuer: z.string(),
  clientId: z.string().min(1),
  /** ARN of a Secrets Manager secret of the pool's region holding the client secret. */
  clientSecretArn: z.string().regex(/^arn:aws[a-z-]*:secretsmanager:/, "must be a Secrets Manager secret ARN"),
  /** Key of a JSON secret. @default - the whole secret string */
  clientSecretKey: z.string().optional(),
  /** @default { email: "email" } */
  attributeMapping: z.record(z.string(), z.string()).default({ email: "email" }),
  /** @default [] */
  identifiers: z.array(z.string()).default([]),
});

const UserPoolSchema = z.strictObject({
  /** ESSENTIALS (default), LITE or PLUS (threat protection; costs most per monthly active user). @default "ESSENTIALS" */
  featurePlan: z.enum(FEATURE_PLANS).optional(),
  /** Threat protection (needs PLUS): AUDIT records risk, ENFORCED also blocks compromised credentials. @default - off */
  threatProtection: z.enum(THREAT_PROTECTION_MODES).optional(),
  /** MFA for everyone (ON) or offered (OPTIONAL); TOTP always. @default "ON" */
  mfa: z.enum(["ON", "OPTIONAL"]).optional(),
  /** SMS as another factor, through SNS of the pool's region (billed per message). @default - TOTP only */
  sms: z.strictObject({ externalId: z.uuid("must be a UUID, unique to this pool") }).optional(),
  /** Overrides of the NIST-style rules (15 characters, no composition rules, history 5). @default - the module's */
  passwordPolicy: z
    .strictObject({
      minimumLength: z.number().int().optional(),
      passwordHistorySize: z.number().int().optional(),
      temporaryPasswordValidityDays: z.number().int().optional(),
    })
    .optional(),
  /** Anyone may sign up; otherwise administrators create users. @default false */
  selfSignUp: z.boolean().default(false),
  /** The Cognito-hosted sign-in domain `<prefix>.auth.<region>.amazoncognito.com`; required by OAuth clients. @default - none */
  domainPrefix: z.string().optional(),
  /** Public (mobile) clients by key. @default {} */
  publicClients: z.record(key, PublicClientSchema).default({}),
  /** Service clients by key. @default {} */
  serviceClients: z.record(key, ServiceClientSchema).default({}),
  /** Resource servers by key. @default {} */
  resourceServers: z.record(key, ResourceServerSchema).default({}),
  /** SAML and OIDC identity providers by provider name. @default {} */
  identityProviders: z.record(z.string(), z.discriminatedUnion("type", [SamlProviderSchema, OidcProviderSchema])).default({}),
  /** A regional WAFv2 web ACL of the pool's region, on its sign-in and token endpoints. @default - none */
  webAclArn: z.string().regex(/^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\//, "must be a regional WAFv2 web ACL ARN").optional(),
  /**
   * Key of a `userDirectoryWriter` of `identity.functions`: Cognito's post-confirmation trigger,
   * writing a self-signed-up user's routing entry into the user directory. The pool then gets the
   * immutable custom attribute `custom:org_id`, which the user's sign-up must carry. Needs
   * `selfSignUp` (Cognito never runs the trigger for users administrators create).
   * @default - no trigger
   */
  postConfirmation: key.optional(),
  /** Accept http://localhost callback URLs; only in a dev account. @default false */
  allowLocalhostCallbacks: z.boolean().default(false),
  /** Deletion protection and `prevent_destroy`; only a dev account may turn it off. @default true */
  deletionProtection: z.boolean().default(true),
}); // prettier-ignore

/** A Lambda handler from this repository's source. */
const FunctionSchema = z.strictObject({
  /**
   * `organizationLookup`: functions/organization-lookup, reading this region's registry replica
   * (`GET /organizations/{organizationId}`). `userDirectoryWriter`: functions/user-directory-writer,
   * a pool's post-confirmation trigger writing this region's user directory replica (routing
   * attributes only). `source`: a directory of TypeScript handlers.
   */
  type: z.enum(["organizationLookup", "userDirectoryWriter", "source"]),
  /** For `source`: the directory, `functions/<name>`. */
  source: z
    .string()
    .regex(/^functions\/[a-z0-9-]+$/, "must be functions/<name>")
    .optional(),
  /** For `source`: `<file>.<export>`. @default "handler.handler" */
  handler: z
    .string()
    .regex(/^[\w-]+\.[\w$]+$/, "must be <file>.<export>")
    .default("handler.handler"),
  /** @default 256 */
  memorySizeMb: z.number().int().min(128).max(10240).optional(),
  /** @default 10 */
  timeoutSeconds: z.number().int().min(1).max(900).optional(),
  /** Reserves and caps concurrency (0 stops the function). @default - unreserved */
  reservedConcurrency: z.number().int().min(0).optional(),
  /** Log retention in days. @default 365 */
  logRetentionDays: z.number().int().min(1).optional(),
  /** Run in the VPC's application subnets (needs `network`). @default true */
  inVpc: z.boolean().default(true),
});

const ThrottleSchema = z.strictObject({
  burstLimit: z.number().int().min(0),
  rateLimit: z.number().min(0),
});

const RouteSchema = z.strictObject({
  /** `METHOD /path`. @default - the handler's own route (`GET /organizations/{organizationId}` for the lookup) */
  routeKey: z.string().optional(),
  /** Key of `identity.functions`. */
  handler: z.string(),
  /** JWT (the API's pool) or NONE (public). @default "JWT" */
  authorization: z.enum(["JWT", "NONE"]).default("JWT"),
  /** Scopes of which the token must carry one. @default [] */
  scopes: z.array(z.string()).default([]),
  /** @default - the API's throttle */
  throttle: ThrottleSchema.optional(),
});

const ApiSchema = z.strictObject({
  /** Key of `identity.userPools` whose tokens the JWT authorizer accepts. @default - none: every route NONE */
  userPool: z.string().optional(),
  /** Client keys of that pool whose tokens are accepted. @default - every client of the pool */
  audience: z.array(z.string()).min(1).optional(),
  /** Routes by key. */
  routes: z.record(key, RouteSchema),
  /** Stage-wide throttle. @default { burstLimit: 100, rateLimit: 50 } */
  throttle: ThrottleSchema.optional(),
  /** CORS for browsers on other origins. @default - no CORS */
  cors: z
    .strictObject({
      allowOrigins: z.array(z.string()).min(1),
      allowMethods: z.array(z.enum([...HTTP_METHODS.filter((m) => m !== "ANY"), "*"])).optional(),
      allowHeaders: z.array(z.string()).optional(),
      allowCredentials: z.boolean().default(false),
      maxAgeSeconds: z.number().int().optional(),
    })
    .optional(),
  /**
   * Custom domain with a regional ACM certificate validated in Route 53: the zone from `hostedZoneId`,
   * or the account's hosted zone of the domain (HOSTED_ZONES of its home-region stack).
   * @default - the execute-api endpoint only
   */
  customDomain: z
    .strictObject({
      domainName: dnsName,
      hostedZoneId: z
        .string()
        .regex(/^Z[A-Z0-9]{1,31}$/, "must be a Route 53 hosted zone id")
        .optional(),
      /**
       * Further names of this API that other regions' APIs serve too (`api.example.com`), for one
       * global name behind Route 53 geolocation or latency records (edge records with
       * `target: { apiDomain: <this API> }` and that name). Each gets a custom domain of its own with
       * a certificate of this region, validated in `hostedZoneId` or the account's zone of the name,
       * mapped to the same stage.
       * @default []
       */
      sharedNames: z.array(dnsName).default([]),
    })
    .optional(),
  /** Access log retention in days. @default 365 */
  logRetentionDays: z.number().int().min(1).optional(),
});

/**
 * The design's edge redirect as AWS allows it: a CloudFront Function (not Lambda@Edge, which is
 * replicated out of us-east-1 with its logs) that sends a viewer to a regional API host by country.
 * It holds host names only, taken from the custom domains of this account's APIs.
 */
const EntryRedirectSchema = z.strictObject({
  /** Key of the API (in each listed region of this account) whose custom domain is the target. */
  api: key,
  /** Region of the target API by viewer country (ISO 3166-1 alpha-2), e.g. `{ CA: ca-central-1 }`. */
  regionsByCountry: z.record(z.string().regex(/^[A-Z]{2}$/, "must be a two-letter country code"), z.string()),
  /** Region for every other country and for requests without one. */
  defaultRegion: z.string(),
});

export const IdentitySchema = z.strictObject({
  /** Cognito user pools of this region, by key. @default {} */
  userPools: z.record(key, UserPoolSchema).default({}),
  /** Lambda handlers by key. @default {} */
  functions: z.record(key, FunctionSchema).default({}),
  /** API Gateway HTTP APIs by key. @default {} */
  apis: z.record(key, ApiSchema).default({}),
  /** A country-based redirect to this account's regional APIs, for the edge's distribution. @default - none */
  entryRedirect: EntryRedirectSchema.optional(),
});

/** The identity capability's key on an account-region. */
export const IDENTITY_FRAGMENT = {
  /** User pools, HTTP APIs and Lambda handlers of this account-region. @default - none */
  identity: IdentitySchema.optional(),
};

export type IdentityConfig = z.output<typeof IdentitySchema>;
export type UserPoolConfig = z.output<typeof UserPoolSchema>;
export type ApiConfig = z.output<typeof ApiSchema>;
export type FunctionConfig = z.output<typeof FunctionSchema>;
export type EntryRedirectConfig = z.output<typeof EntryRedirectSchema>;

/**
 * An organization as the identity capability sees it: handlers sit in the network's application
 * tier, and the organization lookup reads the registry.
 */
export type IdentityOrganization = OrganizationWith<
  typeof NETWORK_FRAGMENT & typeof IDENTITY_FRAGMENT,
  typeof REGISTRY_FRAGMENT
>;
