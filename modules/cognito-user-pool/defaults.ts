/**
 * What a config layer needs of the user pool module, with no construct import: defaults, allowed
 * values, limits and the checks of redirect URLs, domain prefixes and identity provider names.
 */

/**
 * User pool feature plans (`user_pool_tier`). Threat protection needs PLUS; password history and
 * managed login need ESSENTIALS or PLUS. Each plan is billed per monthly active user.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html
 */
export const FEATURE_PLANS = ["LITE", "ESSENTIALS", "PLUS"] as const;
export type FeaturePlan = (typeof FEATURE_PLANS)[number];

/**
 * Threat protection modes (`user_pool_add_ons.advanced_security_mode`): AUDIT only records risk,
 * ENFORCED acts on it. Only on the PLUS plan.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html
 */
export const THREAT_PROTECTION_MODES = ["AUDIT", "ENFORCED"] as const;
export type ThreatProtectionMode = (typeof THREAT_PROTECTION_MODES)[number];

/** A user pool's password rules. */
export interface PasswordPolicy {
  /** 6-99 (Cognito's range). */
  readonly minimumLength: number;
  readonly requireLowercase: boolean;
  readonly requireUppercase: boolean;
  readonly requireNumbers: boolean;
  readonly requireSymbols: boolean;
  /** Previous passwords a user may not reuse, 0-24; anything above 0 needs ESSENTIALS or PLUS. */
  readonly passwordHistorySize: number;
  /** Days an administrator-set temporary password works, 0-365. */
  readonly temporaryPasswordValidityDays: number;
}

/** Lifetimes of the tokens an app client receives. */
export interface TokenValidity {
  /** 5-1440 minutes. */
  readonly accessTokenMinutes: number;
  /** 5-1440 minutes. */
  readonly idTokenMinutes: number;
  /** 1-3650 days. */
  readonly refreshTokenDays: number;
}

/** Defaults resolved once. */
export const DEFAULTS = {
  featurePlan: "ESSENTIALS" as FeaturePlan,
  mfa: "ON" as "ON" | "OPTIONAL",
  /**
   * NIST SP 800-63B-4 §3.1.1.2: a password that may be the only factor is at least 15 characters,
   * and verifiers SHALL NOT impose composition rules (mixtures of character types); length is what
   * makes it strong. 15 holds when MFA is OPTIONAL too. Cognito checks passwords against breached
   * lists (NIST's blocklist) only with threat protection (PLUS). History stops a reset from
   * restoring the old password.
   * @see https://pages.nist.gov/800-63-4/sp800-63b.html#password
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html
   */
  passwordPolicy: {
    minimumLength: 15,
    requireLowercase: false,
    requireUppercase: false,
    requireNumbers: false,
    requireSymbols: false,
    passwordHistorySize: 5,
    temporaryPasswordValidityDays: 3,
  } satisfies PasswordPolicy,
  /** Short access and ID tokens; refresh tokens revocable (`enable_token_revocation`). */
  tokenValidity: { accessTokenMinutes: 60, idTokenMinutes: 60, refreshTokenDays: 30 } satisfies TokenValidity,
  /** Minutes a sign-in session (between MFA prompts) stays valid: 3-15. */
  authSessionMinutes: 3,
  /** Scopes of a public client when none are given. */
  publicClientScopes: ["openid", "email", "profile"],
  /** OIDC scopes Cognito asks an OIDC identity provider for. */
  oidcAuthorizeScopes: ["openid", "email", "profile"],
} as const;

export const PASSWORD_LENGTH = { min: 6, max: 99 } as const;
export const TOKEN_VALIDITY_LIMITS = {
  accessTokenMinutes: { min: 5, max: 1440 },
  idTokenMinutes: { min: 5, max: 1440 },
  refreshTokenDays: { min: 1, max: 3650 },
} as const;

/** Scopes Cognito itself defines; resource-server scopes are `<identifier>/<scope>`. */
export const STANDARD_SCOPES = ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"] as const;

/** The user pool's own directory in `supported_identity_providers`. */
export const COGNITO_PROVIDER = "COGNITO";

/** URL schemes never accepted for a redirect: they run code or read files instead of returning to an app. */
const FORBIDDEN_SCHEMES = ["javascript", "data", "file", "vbscript", "ftp", "blob"];

/**
 * Why a callback or sign-out URL is refused, or undefined when it is fine. Cognito takes absolute
 * URIs with no fragment, HTTPS (plain HTTP only for `http://localhost`, for testing), or an app's
 * custom scheme such as `myapp://callback`.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-CallbackURLs
 */
export function redirectUrlProblem(url: string, options: { readonly allowLocalhost: boolean }): string | undefined {
  if (url.length > 1024) return "is longer than 1024 characters";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not an absolute URL";
  }
  if (url.includes("#")) return "has a fragment (#...), which a redirect URI must not have";
  const scheme = parsed.protocol.replace(/:$/, "");
  if (scheme === "https") return parsed.hostname === "" ? "has no host" : undefined;
  if (scheme === "http") {
    if (parsed.hostname !== "localhost") return "uses plain HTTP; use https:// (http:// is for localhost only)";
    return options.allowLocalhost
      ? undefined
      : "is http://localhost, allowed only with allowLocalhostCallbacks (testing)";
  }
  if (FORBIDDEN_SCHEMES.includes(scheme)) return `uses the ${scheme}: scheme, which is never a redirect target`;
  if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) return `has an invalid scheme "${scheme}"`;
  return undefined;
}

/**
 * Why a Cognito domain prefix (`<prefix>.auth.<region>.amazoncognito.com`) is refused: lowercase
 * letters, digits and hyphens, not starting or ending with a hyphen, and never the reserved words
 * aws, amazon or cognito.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-assign-domain-prefix.html
 */
export function domainPrefixProblem(prefix: string): string | undefined {
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix)) {
    return `"${prefix}" must be 1-63 lowercase letters, digits or "-", not starting or ending with "-"`;
  }
  const reserved = ["aws", "amazon", "cognito"].find((word) => prefix.includes(word));
  return reserved === undefined ? undefined : `"${prefix}" contains the reserved word "${reserved}"`;
}

/**
 * Identity provider names (`provider_name`): 3-32 characters here, letters, digits, `.`, `_` or
 * `-`, and not the pool's own `COGNITO`. Clients list them in `supported_identity_providers`.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateIdentityProvider.html#CognitoUserPools-CreateIdentityProvider-request-ProviderName
 */
export function identityProviderNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{1,30}[A-Za-z0-9]$/.test(name)) {
    return `"${name}" must be 3-32 letters, digits, ".", "_" or "-", starting and ending with a letter or digit`;
  }
  return name.toUpperCase() === COGNITO_PROVIDER ? `"${name}" is the pool's own directory` : undefined;
}
