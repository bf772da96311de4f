import { CognitoIdentityProvider } from "@cdktf/provider-aws/lib/cognito-identity-provider";
import { CognitoResourceServer } from "@cdktf/provider-aws/lib/cognito-resource-server";
import { CognitoRiskConfiguration } from "@cdktf/provider-aws/lib/cognito-risk-configuration";
import { CognitoUserPool as CognitoUserPoolResource } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { CognitoUserPoolDomain } from "@cdktf/provider-aws/lib/cognito-user-pool-domain";
import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Fn, Op, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { preconditionBlocksInHcl } from "../hcl/postconditions";
import { policyDocument, policyJson } from "../iam/policy";
import type { LambdaFunctionRef } from "../lambda-function";
import { poolScopes, resolvedPasswordPolicy, smsRoleName, userPoolIssues } from "./checks";
import {
  COGNITO_PROVIDER,
  DEFAULTS,
  type FeaturePlan,
  type PasswordPolicy,
  type ThreatProtectionMode,
  type TokenValidity,
} from "./defaults";

export * from "./defaults";
export { poolScopes, resolvedPasswordPolicy, smsRoleName, userPoolIssues } from "./checks";

/** SMS as a second factor, sent by Amazon SNS through a role only this account's Cognito may assume. */
export interface SmsMfa {
  /**
   * External id the role's trust requires (`sts:ExternalId`): an unguessable value, such as a UUID,
   * unique to this pool. Changing it updates the role and the pool in place.
   */
  readonly externalId: string;
  /**
   * Region of the SNS that sends the messages: the pool's own, so phone numbers stay in the
   * residency zone (another region is refused).
   * @default - the pool's region
   */
  readonly snsRegion?: string;
}

/** Mail sent through SES instead of Cognito's default sender (limited to 50 messages a day). */
export interface SesEmail {
  /** ARN of a verified SES identity in the pool's region. */
  readonly sourceArn: string;
  /** Sender, e.g. `Acme <no-reply@example.com>`. */
  readonly fromAddress: string;
  /** @default - none */
  readonly configurationSet?: string;
}

/**
 * The mobile app: a public client (no secret), the authorization code grant with PKCE through the
 * pool's domain, tokens refreshed and revocable.
 */
export interface PublicClient {
  /** Where Cognito may send the authorization code: https:// or the app's custom scheme (`myapp://callback`). */
  readonly callbackUrls: readonly string[];
  /** Where sign-out may return. @default [] */
  readonly logoutUrls?: readonly string[];
  /** OAuth scopes the app may request: standard ones and `<resource server>/<scope>`. @default ["openid", "email", "profile"] */
  readonly scopes?: readonly string[];
  /** `COGNITO` and names of `identityProviders` the app offers. @default ["COGNITO"] */
  readonly identityProviders?: readonly string[];
  /** @default DEFAULTS.tokenValidity - 60 minutes access and ID, 30 days refresh */
  readonly tokenValidity?: Partial<TokenValidity>;
}

/** A backend service: a confidential client (with a secret) that gets tokens by client credentials. */
export interface ServiceClient {
  /** Resource-server scopes (`<identifier>/<scope>`) the service may request; at least one. */
  readonly scopes: readonly string[];
  /** Access token lifetime (5-1440). @default 60 */
  readonly accessTokenMinutes?: number;
}

/** An API whose scopes clients request, e.g. identifier `orders` with scopes `read`, `write`. */
export interface ResourceServer {
  /** Identifier, the scopes' prefix; changing it replaces the server. */
  readonly identifier: string;
  /** @default - the key */
  readonly name?: string;
  /** Scope name → description. */
  readonly scopes: Readonly<Record<string, string>>;
}

/** `https://<prefix>.auth.<region>.amazoncognito.com`. */
export interface PrefixDomain {
  readonly prefix: string;
}

/**
 * The pool's OAuth endpoints on your own name, e.g. `auth.example.com`. Cognito serves it through
 * CloudFront, so the certificate must be in us-east-1 whatever the pool's region; the parent domain
 * must resolve (an A record) before the domain is created.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-add-custom-domain.html
 */
export interface CustomDomain {
  readonly domainName: string;
  /** ACM certificate ARN in us-east-1 covering `domainName` (e.g. from modules/acm-certificate). */
  readonly certificateArn: string;
}

/** A secret Cognito needs (an OIDC client secret): from Secrets Manager, or a Terraform expression. */
export type SecretReference =
  | {
      /** Secret ARN in the pool's region; read at plan, so its value is in the plan and the state. */
      readonly secretArn: string;
      /** Key of a JSON secret. @default - the whole secret string */
      readonly jsonKey?: string;
    }
  | {
      /** An unresolved token (a sensitive variable or another resource's attribute), never a literal. */
      readonly value: string;
    };

/** Enterprise SSO through SAML 2.0. */
export interface SamlIdentityProvider {
  readonly type: "SAML";
  /** The IdP's metadata document URL (https); give this or `metadataFile`. */
  readonly metadataUrl?: string;
  /** The metadata XML itself. */
  readonly metadataFile?: string;
  /** User pool attribute → SAML attribute; `email` is required (the pool's user name). */
  readonly attributeMapping: Readonly<Record<string, string>>;
  /** Email domains or other identifiers that route users to this IdP. @default [] */
  readonly identifiers?: readonly string[];
  /** Sign users out of the IdP too (`IDPSignout`). @default false */
  readonly signOut?: boolean;
}

/** Enterprise SSO through OpenID Connect. */
export interface OidcIdentityProvider {
  readonly type: "OIDC";
  /** Issuer URL (https), whose `/.well-known/openid-configuration` Cognito reads. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: SecretReference;
  /** @default ["openid", "email", "profile"] */
  readonly scopes?: readonly string[];
  /** User pool attribute → OIDC claim; `email` is required (the pool's user name). */
  readonly attributeMapping: Readonly<Record<string, string>>;
  /** @default [] */
  readonly identifiers?: readonly string[];
}

export type IdentityProvider = SamlIdentityProvider | OidcIdentityProvider;

export interface CognitoUserPoolProps {
  /** Pool name, e.g. `acme-prod-ca-central-1`; it also names the app clients and the SMS role. */
  readonly name: string;
  /** Region of the stack's provider: the pool, its SMS and mail stay there. */
  readonly region: string;
  /** Account of the pool (the SMS role's trust names it). */
  readonly accountId: string;
  /**
   * Feature plan; PLUS costs more per monthly active user than ESSENTIALS.
   * @default "ESSENTIALS"
   * @see https://aws.amazon.com/cognito/pricing/
   */
  readonly featurePlan?: FeaturePlan;
  /**
   * Threat protection (compromised credentials, adaptive authentication); needs `featurePlan: "PLUS"`.
   * ENFORCED also blocks sign-ins, sign-ups and password changes with compromised credentials.
   * @default - off
   */
  readonly threatProtection?: ThreatProtectionMode;
  /** MFA required for everyone (`ON`) or offered (`OPTIONAL`); TOTP apps always. @default "ON" */
  readonly mfa?: "ON" | "OPTIONAL";
  /** SMS as another second factor (SNS charges per message). @default - TOTP only */
  readonly sms?: SmsMfa;
  /** Overrides of the password rules. @default DEFAULTS.passwordPolicy */
  readonly passwordPolicy?: Partial<PasswordPolicy>;
  /** Let anyone sign up; otherwise administrators create users. @default false */
  readonly selfSignUp?: boolean;
  /** @default - Cognito's default sender (50 messages a day) */
  readonly email?: SesEmail;
  /** Public (mobile) app clients by stable key (`<id>_client_<key>`). @default {} */
  readonly publicClients?: Readonly<Record<string, PublicClient>>;
  /** Service clients (client credentials) by stable key. @default {} */
  readonly serviceClients?: Readonly<Record<string, ServiceClient>>;
  /** Resource servers by stable key. @default {} */
  readonly resourceServers?: Readonly<Record<string, ResourceServer>>;
  /**
   * Domain of the OAuth endpoints (authorize, token, managed login); required by OAuth clients.
   * Changing it replaces the domain.
   * @default - none
   */
  readonly domain?: PrefixDomain | CustomDomain;
  /** SAML and OIDC identity providers by provider name. @default {} */
  readonly identityProviders?: Readonly<Record<string, IdentityProvider>>;
  /**
   * A regional WAFv2 web ACL of the pool's region to associate with the pool (its sign-in and token endpoints).
   * @default - none
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-waf.html
   */
  readonly webAclArn?: string;
  /**
   * Custom string attributes (`custom:<name>`, 1-64 characters) that a user gets when created (at
   * sign-up or by an administrator) and can never change. Cognito can add custom attributes to a
   * pool but never change or remove them.
   * @default []
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#user-pool-settings-custom-attributes
   */
  readonly customAttributes?: readonly string[];
  /**
   * The post-confirmation trigger: a function of the pool's region that Cognito invokes after a user
   * confirms their sign-up (or a password reset), never for users administrators create. A failing
   * trigger fails the confirmation. Only this pool may invoke it.
   * @default - none
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-confirmation.html
   */
  readonly postConfirmation?: LambdaFunctionRef;
  /** Accept `http://localhost` callback URLs (local testing only). @default false */
  readonly allowLocalhostCallbacks?: boolean;
  /** `deletion_protection = ACTIVE` and `prevent_destroy`: a deleted pool loses every user. @default true */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/** What an API's JWT authorizer needs of the pool. */
export interface UserPoolRef {
  readonly region: string;
  readonly userPoolId: string;
  /** `https://cognito-idp.<region>.amazonaws.com/<pool id>`, the tokens' `iss`. */
  readonly issuer: string;
  /** App client id by client key (public and service clients). */
  readonly clientIds: Readonly<Record<string, string>>;
  /** Every scope a token of this pool can carry: standard and resource-server scopes. */
  readonly scopes: readonly string[];
}

/**
 * One Cognito user pool of one residency region: users sign in with their email, MFA (TOTP, SMS
 * optional), NIST-style passwords, deletion protection, a public client with PKCE for the mobile
 * app, client-credentials clients for services, an optional domain, SAML and OIDC federation.
 * The pool never replicates users anywhere: nothing here names another region.
 */
export class CognitoUserPool extends Construct {
  readonly userPool: CognitoUserPoolResource;
  readonly userPoolId: string;
  readonly userPoolArn: string;
  readonly issuer: string;
  readonly clientIds: Readonly<Record<string, string>>;
  /** Base URL of the OAuth endpoints (`/oauth2/authorize`, `/oauth2/token`), when there is a domain. */
  readonly oauthBaseUrl?: string;
  /** Alias target of a custom domain (its CloudFront distribution), for a Route 53 record. */
  readonly customDomainTarget?: { readonly domainName: string; readonly hostedZoneId: string };
  readonly ref: UserPoolRef;

  private readonly tags: Record<string, string>;

  constructor(scope: Construct, id: string, props: CognitoUserPoolProps) {
    super(scope, id);
    this.tags = props.tags ?? {};
    const issues = userPoolIssues(props);
    this.node.addValidation({ validate: () => issues });

    this.userPool = this.createPool(props);
    this.userPoolId = this.userPool.id;
    this.userPoolArn = this.userPool.arn;
    this.issuer = `https://cognito-idp.${props.region}.amazonaws.com/${this.userPool.id}`;

    if (props.postConfirmation !== undefined) {
      // Cognito invokes the trigger as cognito-idp.amazonaws.com on behalf of this pool only.
      // @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html
      new LambdaPermission(this, "post_confirmation_permission", {
        functionName: props.postConfirmation.functionName,
        action: "lambda:InvokeFunction",
        principal: "cognito-idp.amazonaws.com",
        sourceArn: this.userPool.arn,
        sourceAccount: props.accountId,
      });
    }

    const providers = this.createIdentityProviders(props);
    const servers = this.createResourceServers(props);
    this.clientIds = this.createClients(props, [...providers, ...servers]);
    if (props.domain !== undefined) {
      const domain = this.createDomain(props.domain);
      if ("prefix" in props.domain) {
        this.oauthBaseUrl = `https://${domain.domain}.auth.${props.region}.amazoncognito.com`;
      } else {
        this.oauthBaseUrl = `https://${domain.domain}`;
        this.customDomainTarget = {
          domainName: domain.cloudfrontDistribution,
          hostedZoneId: domain.cloudfrontDistributionZoneId,
        };
      }
    }

    if (props.threatProtection === "ENFORCED") {
      new CognitoRiskConfiguration(this, "risk", {
        userPoolId: this.userPool.id,
        compromisedCredentialsRiskConfiguration: {
          eventFilter: ["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"],
          actions: { eventAction: "BLOCK" },
        },
      });
    }
    if (props.webAclArn !== undefined) {
      new Wafv2WebAclAssociation(this, "waf", { resourceArn: this.userPool.arn, webAclArn: props.webAclArn });
    }
    this.ref = {
      region: props.region,
      userPoolId: this.userPoolId,
      issuer: this.issuer,
      clientIds: this.clientIds,
      scopes: poolScopes(props),
    };
  }

  private createPool(props: CognitoUserPoolProps): CognitoUserPoolResource {
    const protect = props.deletionProtection ?? true;
    const plan = props.featurePlan ?? DEFAULTS.featurePlan;
    const password = resolvedPasswordPolicy(props);
    const sms = props.sms === undefined ? undefined : this.createSmsRole(props, props.sms);
    return new CognitoUserPoolResource(this, "resource", {
      name: props.name,
      userPoolTier: plan,
      deletionProtection: protect ? "ACTIVE" : "INACTIVE",
      // Users sign in with their email, which Cognito verifies before it counts.
      usernameAttributes: ["email"],
      usernameConfiguration: { caseSensitive: false },
      autoVerifiedAttributes: ["email"],
      verificationMessageTemplate: { defaultEmailOption: "CONFIRM_WITH_CODE" },
      userAttributeUpdateSettings: { attributesRequireVerificationBeforeUpdate: ["email"] },
      // Recovery by the verified email only: the phone, when SMS is a factor, must not also reset the password.
      accountRecoverySetting: { recoveryMechanism: [{ name: "verified_email", priority: 1 }] },
      adminCreateUserConfig: { allowAdminCreateUserOnly: !(props.selfSignUp ?? false) },
      mfaConfiguration: props.mfa ?? DEFAULTS.mfa,
      softwareTokenMfaConfiguration: { enabled: true },
      smsConfiguration: sms?.configuration,
      passwordPolicy: {
        minimumLength: password.minimumLength,
        requireLowercase: password.requireLowercase,
        requireUppercase: password.requireUppercase,
        requireNumbers: password.requireNumbers,
        requireSymbols: password.requireSymbols,
        passwordHistorySize: password.passwordHistorySize,
        temporaryPasswordValidityDays: password.temporaryPasswordValidityDays,
      },
      schema:
        (props.customAttributes ?? []).length === 0
          ? undefined
          : props.customAttributes!.map((name) => ({
              name,
              attributeDataType: "String",
              mutable: false,
              developerOnlyAttribute: false,
              stringAttributeConstraints: { minLength: "1", maxLength: "64" },
            })),
      lambdaConfig:
        props.postConfirmation === undefined ? undefined : { postConfirmation: props.postConfirmation.functionArn },
      userPoolAddOns:
        props.threatProtection === undefined ? undefined : { advancedSecurityMode: props.threatProtection },
      emailConfiguration:
        props.email === undefined
          ? { emailSendingAccount: "COGNITO_DEFAULT" }
          : {
              emailSendingAccount: "DEVELOPER",
              sourceArn: props.email.sourceArn,
              fromEmailAddress: props.email.fromAddress,
              configurationSet: props.email.configurationSet,
            },
      tags: this.tagged(props.name),
      lifecycle: { preventDestroy: protect },
      // Cognito checks at creation that it can send SMS through the role.
      dependsOn: sms === undefined ? undefined : [sms.policy],
    });
  }

  /**
   * The role Cognito sends SMS through: assumable by cognito-idp.amazonaws.com only with the
   * external id, for user pools of this account and region; it may only publish (SMS to a phone
   * number has no resource ARN to name).
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-sms-settings.html
   */
  private createSmsRole(
    props: CognitoUserPoolProps,
    sms: SmsMfa,
  ): { configuration: { externalId: string; snsCallerArn: string; snsRegion: string }; policy: IamRolePolicy } {
    const role = new IamRole(this, "sms_role", {
      name: smsRoleName(props),
      description: `Cognito user pool ${props.name} sends SMS`,
      assumeRolePolicy: policyJson(
        policyDocument({
          Effect: "Allow",
          Principal: { Service: "cognito-idp.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "sts:ExternalId": sms.externalId, "aws:SourceAccount": props.accountId },
            ArnLike: { "aws:SourceArn": `arn:aws:cognito-idp:${props.region}:${props.accountId}:userpool/*` },
          },
        }),
      ),
      tags: this.tagged(smsRoleName(props)),
    });
    const policy = new IamRolePolicy(this, "sms_role_policy", {
      role: role.id,
      name: "publish-sms",
      policy: policyJson(policyDocument({ Effect: "Allow", Action: "sns:Publish", Resource: "*" })),
    });
    return {
      configuration: { externalId: sms.externalId, snsCallerArn: role.arn, snsRegion: sms.snsRegion ?? props.region },
      policy,
    };
  }

  private createIdentityProviders(props: CognitoUserPoolProps): CognitoIdentityProvider[] {
    return Object.entries(props.identityProviders ?? {}).map(([name, provider]) => {
      const key = `idp_${snake(name)}`;
      const common = {
        userPoolId: this.userPool.id,
        providerName: name,
        providerType: provider.type,
        attributeMapping: { ...provider.attributeMapping },
        idpIdentifiers: provider.identifiers === undefined ? undefined : [...provider.identifiers],
      };
      if (provider.type === "SAML") {
        return new CognitoIdentityProvider(this, key, {
          ...common,
          providerDetails: {
            ...(provider.metadataUrl === undefined ? {} : { MetadataURL: provider.metadataUrl }),
            ...(provider.metadataFile === undefined ? {} : { MetadataFile: provider.metadataFile }),
            IDPSignout: String(provider.signOut ?? false),
          },
        });
      }
      return new CognitoIdentityProvider(this, key, {
        ...common,
        providerDetails: {
          client_id: provider.clientId,
          client_secret: this.secretValue(`${key}_secret`, provider.clientSecret),
          attributes_request_method: "GET",
          oidc_issuer: provider.issuer,
          authorize_scopes: (provider.scopes ?? DEFAULTS.oidcAuthorizeScopes).join(" "),
        },
      });
    });
  }

  private secretValue(key: string, reference: SecretReference): string {
    if ("value" in reference) return reference.value;
    const secret = new DataAwsSecretsmanagerSecretVersion(this, key, { secretId: reference.secretArn });
    return reference.jsonKey === undefined
      ? secret.secretString
      : Fn.lookup(Fn.jsondecode(secret.secretString), reference.jsonKey);
  }

  private createResourceServers(props: CognitoUserPoolProps): CognitoResourceServer[] {
    return Object.entries(props.resourceServers ?? {}).map(
      ([key, server]) =>
        new CognitoResourceServer(this, `resource_server_${key}`, {
          userPoolId: this.userPool.id,
          identifier: server.identifier,
          name: server.name ?? key,
          scope: Object.entries(server.scopes).map(([scopeName, scopeDescription]) => ({
            scopeName,
            scopeDescription,
          })),
        }),
    );
  }

  /** App clients; they wait for the identity providers and resource servers they name (Cognito checks them). */
  private createClients(props: CognitoUserPoolProps, named: ITerraformDependable[]): Record<string, string> {
    const ids: Record<string, string> = {};
    const common = {
      userPoolId: this.userPool.id,
      allowedOauthFlowsUserPoolClient: true,
      // Sign-in happens in the managed pages (OAuth); the SDK only refreshes tokens.
      explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
      preventUserExistenceErrors: "ENABLED",
      enableTokenRevocation: true,
      authSessionValidity: DEFAULTS.authSessionMinutes,
      tokenValidityUnits: [{ accessToken: "minutes", idToken: "minutes", refreshToken: "days" }],
      dependsOn: named,
    };
    for (const [key, client] of Object.entries(props.publicClients ?? {})) {
      const validity = { ...DEFAULTS.tokenValidity, ...client.tokenValidity };
      ids[key] = new CognitoUserPoolClient(this, `client_${key}`, {
        ...common,
        name: `${props.name}-${key}`,
        generateSecret: false,
        allowedOauthFlows: ["code"],
        allowedOauthScopes: [...(client.scopes ?? DEFAULTS.publicClientScopes)],
        callbackUrls: [...client.callbackUrls],
        logoutUrls: [...(client.logoutUrls ?? [])],
        supportedIdentityProviders: [...(client.identityProviders ?? [COGNITO_PROVIDER])],
        accessTokenValidity: validity.accessTokenMinutes,
        idTokenValidity: validity.idTokenMinutes,
        refreshTokenValidity: validity.refreshTokenDays,
      }).id;
    }
    for (const [key, client] of Object.entries(props.serviceClients ?? {})) {
      ids[key] = new CognitoUserPoolClient(this, `client_${key}`, {
        ...common,
        name: `${props.name}-${key}`,
        generateSecret: true,
        allowedOauthFlows: ["client_credentials"],
        allowedOauthScopes: [...client.scopes],
        accessTokenValidity: client.accessTokenMinutes ?? DEFAULTS.tokenValidity.accessTokenMinutes,
        idTokenValidity: DEFAULTS.tokenValidity.idTokenMinutes,
        refreshTokenValidity: DEFAULTS.tokenValidity.refreshTokenDays,
      }).id;
    }
    return ids;
  }

  /**
   * The domain. A custom domain's certificate must be in us-east-1 (Cognito serves it through
   * CloudFront): checked at synth when the ARN is literal, and by a precondition at plan when it
   * comes from another resource.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-add-custom-domain.html
   */
  private createDomain(domain: PrefixDomain | CustomDomain): CognitoUserPoolDomain {
    if ("prefix" in domain) {
      return new CognitoUserPoolDomain(this, "domain", { userPoolId: this.userPool.id, domain: domain.prefix });
    }
    const resource = new CognitoUserPoolDomain(this, "domain", {
      userPoolId: this.userPool.id,
      domain: domain.domainName,
      certificateArn: domain.certificateArn,
      lifecycle: {
        precondition: [
          {
            condition: Op.eq(Fn.element(Fn.split(":", domain.certificateArn), 3), "us-east-1"),
            errorMessage: `The certificate of the Cognito custom domain ${domain.domainName} must be an ACM certificate in us-east-1.`,
          },
        ],
      },
    });
    preconditionBlocksInHcl(resource);
    return resource;
  }

  private tagged(name: string): Record<string, string> {
    return { ...this.tags, Name: name };
  }
}

const snake = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, "_");
