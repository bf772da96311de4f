import { Token } from "cdktf";
import {
  DEFAULTS,
  domainPrefixProblem,
  FEATURE_PLANS,
  identityProviderNameProblem,
  PASSWORD_LENGTH,
  redirectUrlProblem,
  STANDARD_SCOPES,
  THREAT_PROTECTION_MODES,
  TOKEN_VALIDITY_LIMITS,
  COGNITO_PROVIDER,
  type PasswordPolicy,
  type TokenValidity,
} from "./defaults";
import type { CognitoUserPoolProps, IdentityProvider } from "./index";

const literal = (value: string | undefined): value is string => value !== undefined && !Token.isUnresolved(value);

/** `[service, region]` of a literal ARN; undefined for tokens and absent values. */
function arnParts(arn: string | undefined): { service: string; region: string } | undefined {
  if (!literal(arn)) return undefined;
  const [, , service = "", region = ""] = arn.split(":");
  return { service, region };
}

/** The password rules with every default applied (no history on LITE, which has none). */
export function resolvedPasswordPolicy(
  props: Pick<CognitoUserPoolProps, "passwordPolicy" | "featurePlan">,
): PasswordPolicy {
  const plan = props.featurePlan ?? DEFAULTS.featurePlan;
  return {
    ...DEFAULTS.passwordPolicy,
    ...(plan === "LITE" ? { passwordHistorySize: 0 } : {}),
    ...props.passwordPolicy,
  };
}

/** Every scope the pool's tokens can carry: Cognito's standard ones and `<identifier>/<scope>`. */
export function poolScopes(props: Pick<CognitoUserPoolProps, "resourceServers">): string[] {
  return [...STANDARD_SCOPES, ...resourceServerScopes(props)];
}

function resourceServerScopes(props: Pick<CognitoUserPoolProps, "resourceServers">): string[] {
  return Object.values(props.resourceServers ?? {}).flatMap((server) =>
    Object.keys(server.scopes).map((scope) => `${server.identifier}/${scope}`),
  );
}

/** IAM role names are account-wide: the region keeps two regions' pools apart. */
export const smsRoleName = (props: Pick<CognitoUserPoolProps, "name" | "region">): string =>
  `${props.name}-sms-${props.region}`;

/** Every problem with the props, as `<prop path>: <message>`. */
/**
 * Custom attribute names: 1-20 characters, each once.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SchemaAttributeType.html
 */
function customAttributeIssues(props: CognitoUserPoolProps): string[] {
  const names = props.customAttributes ?? [];
  return names.flatMap((name, i) => [
    ...(/^[\w.:-]{1,20}$/.test(name) ? [] : [`customAttributes[${i}]: "${name}" is not 1-20 letters, digits or _.:-`]),
    ...(names.indexOf(name) < i ? [`customAttributes[${i}]: "${name}" is given twice`] : []),
  ]);
}

export function userPoolIssues(props: CognitoUserPoolProps): string[] {
  return [
    ...poolIssues(props),
    ...passwordIssues(props),
    ...clientIssues(props),
    ...resourceServerIssues(props),
    ...domainIssues(props),
    ...customAttributeIssues(props),
    ...Object.entries(props.identityProviders ?? {}).flatMap(([name, provider]) =>
      identityProviderIssues(`identityProviders.${name}`, name, provider, props.region),
    ),
  ];
}

function poolIssues(props: CognitoUserPoolProps): string[] {
  const issues: string[] = [];
  if (!literal(props.name) || !/^[\w+=,.@-]{1,128}$/.test(props.name)) {
    issues.push(`name: "${props.name}" must be 1-128 letters, digits or + = , . @ _ -`);
  }
  const plan = props.featurePlan ?? DEFAULTS.featurePlan;
  if (!(FEATURE_PLANS as readonly string[]).includes(plan)) {
    issues.push(`featurePlan: "${plan}" is not one of ${FEATURE_PLANS.join(", ")}`);
  }
  if (props.threatProtection !== undefined) {
    if (!(THREAT_PROTECTION_MODES as readonly string[]).includes(props.threatProtection)) {
      issues.push(`threatProtection: "${props.threatProtection}" is not one of ${THREAT_PROTECTION_MODES.join(", ")}`);
    } else if (plan !== "PLUS") {
      issues.push(`threatProtection: needs featurePlan "PLUS" (threat protection is a Plus feature), not "${plan}"`);
    }
  }
  const mfa = props.mfa ?? DEFAULTS.mfa;
  if (mfa !== "ON" && mfa !== "OPTIONAL") issues.push(`mfa: "${String(mfa)}" is not ON or OPTIONAL`);
  if (props.sms !== undefined) {
    if (props.sms.externalId === "") issues.push("sms.externalId: give an unguessable value, e.g. a UUID");
    const snsRegion = props.sms.snsRegion ?? props.region;
    if (snsRegion !== props.region) {
      issues.push(
        `sms.snsRegion: ${snsRegion} is not the pool's region ${props.region}; phone numbers stay in the pool's residency region`,
      );
    }
    if (smsRoleName(props).length > 64) {
      issues.push(`name: the SMS role name "${smsRoleName(props)}" is longer than IAM's 64 characters`);
    }
  }
  const ses = arnParts(props.email?.sourceArn);
  if (ses !== undefined && (ses.service !== "ses" || ses.region !== props.region)) {
    issues.push(
      `email.sourceArn: ${props.email!.sourceArn} is not an SES identity of the pool's region ${props.region}; mail is sent from the residency region`,
    );
  }
  const acl = props.webAclArn;
  if (literal(acl) && !new RegExp(`^arn:aws:wafv2:${props.region}:\\d{12}:regional/webacl/`).test(acl)) {
    issues.push(`webAclArn: ${acl} is not a regional WAFv2 web ACL of ${props.region}`);
  }
  return issues;
}

function passwordIssues(props: CognitoUserPoolProps): string[] {
  const issues: string[] = [];
  const policy = resolvedPasswordPolicy(props);
  const plan = props.featurePlan ?? DEFAULTS.featurePlan;
  const length = policy.minimumLength;
  if (!Number.isInteger(length) || length < PASSWORD_LENGTH.min || length > PASSWORD_LENGTH.max) {
    issues.push(
      `passwordPolicy.minimumLength: ${length} is outside Cognito's ${PASSWORD_LENGTH.min}-${PASSWORD_LENGTH.max}`,
    );
  } else if (length < 8) {
    issues.push(`passwordPolicy.minimumLength: ${length} is below NIST SP 800-63B's minimum of 8`);
  } else if ((props.mfa ?? DEFAULTS.mfa) === "OPTIONAL" && length < 15) {
    issues.push(
      `passwordPolicy.minimumLength: ${length} is below 15, NIST SP 800-63B's minimum for a password that may be the only factor (mfa is OPTIONAL)`,
    );
  }
  const history = policy.passwordHistorySize;
  if (!Number.isInteger(history) || history < 0 || history > 24) {
    issues.push(`passwordPolicy.passwordHistorySize: ${history} is outside 0-24`);
  } else if (history > 0 && plan === "LITE") {
    issues.push(`passwordPolicy.passwordHistorySize: password history needs featurePlan ESSENTIALS or PLUS, not LITE`);
  }
  const temporary = policy.temporaryPasswordValidityDays;
  if (!Number.isInteger(temporary) || temporary < 0 || temporary > 365) {
    issues.push(`passwordPolicy.temporaryPasswordValidityDays: ${temporary} is outside 0-365`);
  }
  return issues;
}

function tokenValidityIssues(path: string, validity: Partial<TokenValidity>): string[] {
  return (Object.keys(TOKEN_VALIDITY_LIMITS) as (keyof TokenValidity)[]).flatMap((field) => {
    const value = validity[field];
    const { min, max } = TOKEN_VALIDITY_LIMITS[field];
    return value === undefined || (Number.isInteger(value) && value >= min && value <= max)
      ? []
      : [`${path}.${field}: ${value} is outside ${min}-${max}`];
  });
}

function clientIssues(props: CognitoUserPoolProps): string[] {
  const issues: string[] = [];
  const scopes = poolScopes(props);
  const serverScopes = resourceServerScopes(props);
  const providers = [COGNITO_PROVIDER, ...Object.keys(props.identityProviders ?? {})];
  const allowLocalhost = props.allowLocalhostCallbacks ?? false;
  for (const [key, client] of Object.entries(props.publicClients ?? {})) {
    const path = `publicClients.${key}`;
    if (!/^[a-z0-9_]+$/.test(key))
      issues.push(`${path}: keys are lowercase letters, digits and "_" (an address suffix)`);
    if (client.callbackUrls.length === 0)
      issues.push(`${path}.callbackUrls: give at least one (the authorization code grant redirects there)`);
    if (client.callbackUrls.length > 100) issues.push(`${path}.callbackUrls: Cognito takes at most 100`);
    for (const [field, urls] of [
      ["callbackUrls", client.callbackUrls],
      ["logoutUrls", client.logoutUrls ?? []],
    ] as const) {
      urls.forEach((url, i) => {
        const problem = literal(url) ? redirectUrlProblem(url, { allowLocalhost }) : undefined;
        if (problem !== undefined) issues.push(`${path}.${field}[${i}]: "${url}" ${problem}`);
      });
    }
    (client.scopes ?? DEFAULTS.publicClientScopes).forEach((scope, i) => {
      if (!scopes.includes(scope)) {
        issues.push(
          `${path}.scopes[${i}]: "${scope}" is neither a standard scope nor a scope of a resource server of this pool`,
        );
      }
    });
    (client.identityProviders ?? [COGNITO_PROVIDER]).forEach((provider, i) => {
      if (!providers.includes(provider)) {
        issues.push(
          `${path}.identityProviders[${i}]: "${provider}" is not an identity provider of this pool (${providers.join(", ")})`,
        );
      }
    });
    issues.push(...tokenValidityIssues(`${path}.tokenValidity`, client.tokenValidity ?? {}));
  }
  for (const [key, client] of Object.entries(props.serviceClients ?? {})) {
    const path = `serviceClients.${key}`;
    if (!/^[a-z0-9_]+$/.test(key))
      issues.push(`${path}: keys are lowercase letters, digits and "_" (an address suffix)`);
    if (props.publicClients?.[key] !== undefined) issues.push(`${path}: publicClients.${key} already uses this key`);
    if (client.scopes.length === 0) issues.push(`${path}.scopes: give at least one resource-server scope`);
    client.scopes.forEach((scope, i) => {
      if (!serverScopes.includes(scope)) {
        issues.push(
          `${path}.scopes[${i}]: "${scope}" is not a scope of a resource server of this pool; client credentials carry only resource-server scopes`,
        );
      }
    });
    issues.push(...tokenValidityIssues(path, { accessTokenMinutes: client.accessTokenMinutes }));
  }
  return issues;
}

function resourceServerIssues(props: CognitoUserPoolProps): string[] {
  const issues: string[] = [];
  const seen = new Map<string, string>();
  for (const [key, server] of Object.entries(props.resourceServers ?? {})) {
    const path = `resourceServers.${key}`;
    if (!/^[a-z0-9_]+$/.test(key))
      issues.push(`${path}: keys are lowercase letters, digits and "_" (an address suffix)`);
    if (!/^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/.test(server.identifier)) {
      issues.push(
        `${path}.identifier: "${server.identifier}" must be 1-256 printable characters without spaces, " or \\`,
      );
    }
    const first = seen.get(server.identifier);
    if (first !== undefined)
      issues.push(`${path}.identifier: "${server.identifier}" is already resourceServers.${first}`);
    seen.set(server.identifier, key);
    const names = Object.keys(server.scopes);
    if (names.length === 0) issues.push(`${path}.scopes: give at least one scope`);
    if (names.length > 100) issues.push(`${path}.scopes: a resource server has at most 100 scopes`);
    for (const name of names) {
      if (!/^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}$/.test(name)) {
        issues.push(`${path}.scopes.${name}: scope names are printable characters without spaces, ", / or \\`);
      }
    }
  }
  return issues;
}

function domainIssues(props: CognitoUserPoolProps): string[] {
  const issues: string[] = [];
  const domain = props.domain;
  const oauthClients = [
    ...Object.keys(props.publicClients ?? {}).map((key) => `publicClients.${key}`),
    ...Object.keys(props.serviceClients ?? {}).map((key) => `serviceClients.${key}`),
  ];
  if (domain === undefined) {
    if (oauthClients.length > 0) {
      issues.push(
        `domain: ${oauthClients.join(", ")} need a domain: the OAuth authorize and token endpoints are served on it`,
      );
    }
    return issues;
  }
  if ("prefix" in domain) {
    const problem = literal(domain.prefix) ? domainPrefixProblem(domain.prefix) : undefined;
    if (problem !== undefined) issues.push(`domain.prefix: ${problem}`);
    return issues;
  }
  if (
    literal(domain.domainName) &&
    !/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain.domainName)
  ) {
    issues.push(`domain.domainName: "${domain.domainName}" is not a lowercase DNS name such as auth.example.com`);
  }
  const certificate = arnParts(domain.certificateArn);
  if (certificate !== undefined && (certificate.service !== "acm" || certificate.region !== "us-east-1")) {
    issues.push(
      `domain.certificateArn: ${domain.certificateArn} is not an ACM certificate in us-east-1; Cognito serves custom domains through CloudFront, which takes certificates from us-east-1 only`,
    );
  }
  return issues;
}

function identityProviderIssues(path: string, name: string, provider: IdentityProvider, region: string): string[] {
  const issues: string[] = [];
  const nameProblem = identityProviderNameProblem(name);
  if (nameProblem !== undefined) issues.push(`${path}: ${nameProblem}`);
  if (provider.attributeMapping.email === undefined) {
    issues.push(`${path}.attributeMapping.email: map the IdP's email attribute (email is the pool's user name)`);
  }
  const https = (url: string): boolean => !literal(url) || /^https:\/\/[^\s/?#]+(?:\/[^\s?#]*)?$/.test(url);
  if (provider.type === "SAML") {
    const sources = [provider.metadataUrl, provider.metadataFile].filter((source) => source !== undefined);
    if (sources.length !== 1) {
      issues.push(`${path}: give exactly one of metadataUrl or metadataFile (the IdP's SAML metadata)`);
    }
    if (provider.metadataUrl !== undefined && !https(provider.metadataUrl)) {
      issues.push(`${path}.metadataUrl: "${provider.metadataUrl}" is not an https:// URL`);
    }
    if (literal(provider.metadataFile) && !provider.metadataFile.includes("EntityDescriptor")) {
      issues.push(`${path}.metadataFile: is not SAML metadata (no EntityDescriptor)`);
    }
    return issues;
  }
  if (!https(provider.issuer))
    issues.push(`${path}.issuer: "${provider.issuer}" is not an https:// URL without query or fragment`);
  if (provider.clientId === "") issues.push(`${path}.clientId: give the client id registered at the IdP`);
  const secret = provider.clientSecret;
  if ("value" in secret) {
    if (!Token.isUnresolved(secret.value)) {
      issues.push(
        `${path}.clientSecret.value: must be a reference (a sensitive variable or another resource's attribute), never the secret itself; or give secretArn`,
      );
    }
  } else {
    const arn = arnParts(secret.secretArn);
    if (arn !== undefined && (arn.service !== "secretsmanager" || arn.region !== region)) {
      issues.push(
        `${path}.clientSecret.secretArn: ${secret.secretArn} is not a Secrets Manager secret of the pool's region ${region}`,
      );
    }
  }
  return issues;
}
