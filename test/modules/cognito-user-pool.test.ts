import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import {
  CognitoUserPool,
  DEFAULTS,
  domainPrefixProblem,
  redirectUrlProblem,
  type CognitoUserPoolProps,
  type IdentityProvider,
  type SecretReference,
} from "../../modules/cognito-user-pool";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const OKTA_METADATA = "https://acme.okta.example.com/app/exk123/sso/saml/metadata";
const ENTRA_SECRET = "arn:aws:secretsmanager:ca-central-1:123456789012:secret:acme-entra-client-AbCdEf";

const base: CognitoUserPoolProps = {
  name: "acme-prod-ca-central-1",
  region: "ca-central-1",
  accountId: "123456789012",
  publicClients: {
    mobile: {
      callbackUrls: ["com.acme.resilience://auth/callback", "https://app.acme.example.com/auth/callback"],
      logoutUrls: ["com.acme.resilience://auth/signout"],
      identityProviders: ["COGNITO", "Okta", "Entra"],
    },
  },
  serviceClients: { orders_sync: { scopes: ["orders/read"] } },
  resourceServers: { orders: { identifier: "orders", scopes: { read: "Read orders", write: "Change orders" } } },
  domain: { prefix: "acme-prod-ca" },
  identityProviders: {
    Okta: {
      type: "SAML",
      metadataUrl: OKTA_METADATA,
      attributeMapping: { email: "email" },
      identifiers: ["acme.example.com"],
    },
    Entra: {
      type: "OIDC",
      issuer: "https://login.microsoftonline.example.com/tenant/v2.0",
      clientId: "0000-entra-client",
      clientSecret: { secretArn: ENTRA_SECRET, jsonKey: "client_secret" },
      attributeMapping: { email: "email", name: "name" },
    },
  },
};

function synth(props: Partial<CognitoUserPoolProps> = {}): StackJson {
  return synthModule((s) => {
    const pool = new CognitoUserPool(s, "users", { ...base, ...props });
    new TerraformOutput(s, "issuer", { value: pool.issuer });
    new TerraformOutput(s, "client_ids", { value: pool.clientIds });
    new TerraformOutput(s, "scopes", { value: pool.ref.scopes });
    if (pool.oauthBaseUrl !== undefined) new TerraformOutput(s, "oauth", { value: pool.oauthBaseUrl });
    if (pool.customDomainTarget !== undefined) new TerraformOutput(s, "target", { value: pool.customDomainTarget });
  });
}

const pool = (json: StackJson) => resource(json, "aws_cognito_user_pool", "users");
const client = (json: StackJson, key: string) => resource(json, "aws_cognito_user_pool_client", `users_client_${key}`);

describe("CognitoUserPool defaults", () => {
  const json = synth();

  test("keeps deletion protection and prevent_destroy on, on the Essentials plan", () => {
    expect(pool(json)).toMatchObject({
      name: "acme-prod-ca-central-1",
      deletion_protection: "ACTIVE",
      user_pool_tier: "ESSENTIALS",
      lifecycle: { prevent_destroy: true },
    });
  });

  test("requires MFA with TOTP apps and sends no SMS", () => {
    expect(pool(json)).toMatchObject({ mfa_configuration: "ON", software_token_mfa_configuration: { enabled: true } });
    expect(pool(json).sms_configuration).toBeUndefined();
    expect(resourcesOf(json, "aws_iam_role")).toEqual({});
  });

  test("the password policy is NIST's: 15 characters, no composition rules, history, short temporary passwords", () => {
    expect(pool(json).password_policy).toEqual({
      minimum_length: 15,
      require_lowercase: false,
      require_uppercase: false,
      require_numbers: false,
      require_symbols: false,
      password_history_size: 5,
      temporary_password_validity_days: 3,
    });
  });

  test("users sign in with a verified email, recover by it only, and are created by administrators", () => {
    expect(pool(json)).toMatchObject({
      username_attributes: ["email"],
      username_configuration: { case_sensitive: false },
      auto_verified_attributes: ["email"],
      verification_message_template: { default_email_option: "CONFIRM_WITH_CODE" },
      user_attribute_update_settings: { attributes_require_verification_before_update: ["email"] },
      account_recovery_setting: { recovery_mechanism: [{ name: "verified_email", priority: 1 }] },
      admin_create_user_config: { allow_admin_create_user_only: true },
      email_configuration: { email_sending_account: "COGNITO_DEFAULT" },
    });
  });

  test("no threat protection unless asked", () => {
    expect(pool(json).user_pool_add_ons).toBeUndefined();
    expect(resourcesOf(json, "aws_cognito_risk_configuration")).toEqual({});
  });

  test("publishes the issuer the API's JWT authorizer expects", () => {
    expect(json.output?.issuer.value).toBe(
      "https://cognito-idp.ca-central-1.amazonaws.com/${aws_cognito_user_pool.users.id}",
    );
    expect(json.output?.client_ids.value).toEqual({
      mobile: "${aws_cognito_user_pool_client.users_client_mobile.id}",
      orders_sync: "${aws_cognito_user_pool_client.users_client_orders_sync.id}",
    });
    expect(json.output?.scopes.value).toEqual([
      "openid",
      "email",
      "phone",
      "profile",
      "aws.cognito.signin.user.admin",
      "orders/read",
      "orders/write",
    ]);
  });

  test("nothing in a ca-central-1 pool names another region: no replication, no remote SMS, mail or secret", () => {
    const text = JSON.stringify(json.resource) + JSON.stringify(json.data ?? {});
    expect(text.match(/(?:us|eu|ap|sa|me|af|il|mx)-[a-z]+-\d|ca-west-1/g)).toBeNull();
  });
});

describe("CognitoUserPool app clients", () => {
  const json = synth();

  test("the mobile client is public: no secret, the authorization code grant only (PKCE), no password flows", () => {
    expect(client(json, "mobile")).toMatchObject({
      name: "acme-prod-ca-central-1-mobile",
      generate_secret: false,
      allowed_oauth_flows: ["code"],
      allowed_oauth_flows_user_pool_client: true,
      allowed_oauth_scopes: ["openid", "email", "profile"],
      explicit_auth_flows: ["ALLOW_REFRESH_TOKEN_AUTH"],
      prevent_user_existence_errors: "ENABLED",
      enable_token_revocation: true,
      callback_urls: ["com.acme.resilience://auth/callback", "https://app.acme.example.com/auth/callback"],
      logout_urls: ["com.acme.resilience://auth/signout"],
      supported_identity_providers: ["COGNITO", "Okta", "Entra"],
    });
  });

  test("tokens: 60-minute access and ID tokens, 30-day refresh tokens, in explicit units", () => {
    expect(client(json, "mobile")).toMatchObject({
      access_token_validity: 60,
      id_token_validity: 60,
      refresh_token_validity: 30,
      token_validity_units: [{ access_token: "minutes", id_token: "minutes", refresh_token: "days" }],
      auth_session_validity: 3,
    });
  });

  test("the service client is confidential and gets resource-server scopes by client credentials", () => {
    expect(client(json, "orders_sync")).toMatchObject({
      generate_secret: true,
      allowed_oauth_flows: ["client_credentials"],
      allowed_oauth_scopes: ["orders/read"],
    });
    expect(client(json, "orders_sync").callback_urls).toBeUndefined();
  });

  test("clients wait for the identity providers and resource servers they name", () => {
    expect(client(json, "mobile").depends_on).toEqual([
      "aws_cognito_identity_provider.users_idp_okta",
      "aws_cognito_identity_provider.users_idp_entra",
      "aws_cognito_resource_server.users_resource_server_orders",
    ]);
  });

  test("the resource server declares its scopes", () => {
    expect(resource(json, "aws_cognito_resource_server", "users_resource_server_orders")).toMatchObject({
      identifier: "orders",
      name: "orders",
      scope: [
        { scope_name: "read", scope_description: "Read orders" },
        { scope_name: "write", scope_description: "Change orders" },
      ],
    });
  });
});

describe("CognitoUserPool identity providers", () => {
  const json = synth();

  test("SAML reads the IdP's metadata URL and maps the email", () => {
    expect(resource(json, "aws_cognito_identity_provider", "users_idp_okta")).toMatchObject({
      provider_name: "Okta",
      provider_type: "SAML",
      provider_details: { MetadataURL: OKTA_METADATA, IDPSignout: "false" },
      attribute_mapping: { email: "email" },
      idp_identifiers: ["acme.example.com"],
    });
  });

  test("OIDC takes its client secret from Secrets Manager, never from the code", () => {
    expect(resource(json, "aws_cognito_identity_provider", "users_idp_entra")).toMatchObject({
      provider_type: "OIDC",
      provider_details: {
        client_id: "0000-entra-client",
        client_secret:
          "${jsondecode(data.aws_secretsmanager_secret_version.users_idp_entra_secret.secret_string).client_secret}",
        attributes_request_method: "GET",
        oidc_issuer: "https://login.microsoftonline.example.com/tenant/v2.0",
        authorize_scopes: "openid email profile",
      },
    });
    expect(json.data?.aws_secretsmanager_secret_version).toEqual({
      users_idp_entra_secret: expect.objectContaining({ secret_id: ENTRA_SECRET }),
    });
  });
});

describe("CognitoUserPool domain", () => {
  test("a prefix domain serves the OAuth endpoints on amazoncognito.com", () => {
    const json = synth();
    expect(resource(json, "aws_cognito_user_pool_domain", "users_domain")).toMatchObject({
      domain: "acme-prod-ca",
      user_pool_id: "${aws_cognito_user_pool.users.id}",
    });
    expect(json.output?.oauth.value).toBe(
      "https://${aws_cognito_user_pool_domain.users_domain.domain}.auth.ca-central-1.amazoncognito.com",
    );
  });

  test("a custom domain takes a us-east-1 certificate, checked again at plan for a certificate from another resource", () => {
    const json = synthModule((s) => {
      const pool = new CognitoUserPool(s, "users", {
        ...base,
        domain: {
          domainName: "auth.acme.example.com",
          certificateArn: new AcmCertificate(s, "auth", {
            domainName: "auth.acme.example.com",
            validationMethod: "DNS",
          }).arn,
        },
      });
      new TerraformOutput(s, "target", { value: pool.customDomainTarget });
    });
    const domain = resource(json, "aws_cognito_user_pool_domain", "users_domain");
    expect(domain).toMatchObject({
      domain: "auth.acme.example.com",
      certificate_arn: "${aws_acm_certificate.auth.arn}",
    });
    expect(domain.lifecycle).toEqual({
      precondition: [
        {
          condition: '${(element(split(":", aws_acm_certificate.auth.arn), 3) == "us-east-1")}',
          error_message:
            "The certificate of the Cognito custom domain auth.acme.example.com must be an ACM certificate in us-east-1.",
        },
      ],
    });
    expect(json.output?.target.value).toEqual({
      domainName: "${aws_cognito_user_pool_domain.users_domain.cloudfront_distribution}",
      hostedZoneId: "${aws_cognito_user_pool_domain.users_domain.cloudfront_distribution_zone_id}",
    });
  });
});

test("cdktf synth --hcl writes the precondition as a block, which Terraform requires", () => {
  const stack = new TerraformStack(Testing.app(), "hcl");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new CognitoUserPool(stack, "users", {
    ...base,
    domain: {
      domainName: "auth.acme.example.com",
      certificateArn: new AcmCertificate(stack, "auth", {
        domainName: "auth.acme.example.com",
        validationMethod: "DNS",
      }).arn,
    },
  });
  const hcl = Testing.synthHcl(stack);
  expect(hcl).toMatch(/resource "aws_cognito_user_pool_domain"[^]*?lifecycle \{\s*precondition \{\s*condition = /);
  expect(hcl).not.toMatch(/precondition = \[/);
});

describe("CognitoUserPool options", () => {
  test("threat protection ENFORCED on Plus blocks compromised credentials", () => {
    const json = synth({ featurePlan: "PLUS", threatProtection: "ENFORCED" });
    expect(pool(json)).toMatchObject({
      user_pool_tier: "PLUS",
      user_pool_add_ons: { advanced_security_mode: "ENFORCED" },
    });
    expect(resource(json, "aws_cognito_risk_configuration", "users_risk")).toMatchObject({
      user_pool_id: "${aws_cognito_user_pool.users.id}",
      compromised_credentials_risk_configuration: {
        event_filter: ["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"],
        actions: { event_action: "BLOCK" },
      },
    });
  });

  test("threat protection AUDIT records risk and blocks nothing", () => {
    const json = synth({ featurePlan: "PLUS", threatProtection: "AUDIT" });
    expect(pool(json).user_pool_add_ons).toEqual({ advanced_security_mode: "AUDIT" });
    expect(resourcesOf(json, "aws_cognito_risk_configuration")).toEqual({});
  });

  test("SMS sends through the pool's own region with a role only Cognito of this account may assume", () => {
    const json = synth({ sms: { externalId: "5f0c7f1e-0000-4000-8000-000000000001" } });
    expect(pool(json).sms_configuration).toEqual({
      external_id: "5f0c7f1e-0000-4000-8000-000000000001",
      sns_caller_arn: "${aws_iam_role.users_sms_role.arn}",
      sns_region: "ca-central-1",
    });
    expect(pool(json).depends_on).toEqual(["aws_iam_role_policy.users_sms_role_policy"]);
    const role = resource(json, "aws_iam_role", "users_sms_role");
    expect(role.name).toBe("acme-prod-ca-central-1-sms-ca-central-1");
    expect(policyOf(role, "assume_role_policy").Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "cognito-idp.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: {
            "sts:ExternalId": "5f0c7f1e-0000-4000-8000-000000000001",
            "aws:SourceAccount": "123456789012",
          },
          ArnLike: { "aws:SourceArn": "arn:aws:cognito-idp:ca-central-1:123456789012:userpool/*" },
        },
      },
    ]);
    expect(policyOf(resource(json, "aws_iam_role_policy", "users_sms_role_policy")).Statement).toEqual([
      { Effect: "Allow", Action: "sns:Publish", Resource: "*" },
    ]);
  });

  test("optional MFA, self sign-up, SES mail and a web ACL", () => {
    const json = synth({
      mfa: "OPTIONAL",
      selfSignUp: true,
      email: {
        sourceArn: "arn:aws:ses:ca-central-1:123456789012:identity/acme.example.com",
        fromAddress: "no-reply@acme.example.com",
      },
      webAclArn: "arn:aws:wafv2:ca-central-1:123456789012:regional/webacl/acme-auth/abcd",
    });
    expect(pool(json)).toMatchObject({
      mfa_configuration: "OPTIONAL",
      admin_create_user_config: { allow_admin_create_user_only: false },
      email_configuration: {
        email_sending_account: "DEVELOPER",
        source_arn: "arn:aws:ses:ca-central-1:123456789012:identity/acme.example.com",
        from_email_address: "no-reply@acme.example.com",
      },
    });
    expect(resource(json, "aws_wafv2_web_acl_association", "users_waf")).toEqual({
      resource_arn: "${aws_cognito_user_pool.users.arn}",
      web_acl_arn: "arn:aws:wafv2:ca-central-1:123456789012:regional/webacl/acme-auth/abcd",
    });
  });

  test("LITE has no password history; deletionProtection false turns both guards off", () => {
    const json = synth({ featurePlan: "LITE", deletionProtection: false });
    expect(pool(json)).toMatchObject({
      deletion_protection: "INACTIVE",
      lifecycle: { prevent_destroy: false },
      password_policy: expect.objectContaining({ password_history_size: 0 }),
    });
  });
});

describe("CognitoUserPool post-confirmation trigger and custom attributes", () => {
  const trigger = {
    functionName: "acme-directory",
    functionArn: "arn:aws:lambda:ca-central-1:123456789012:function:acme-directory",
    invokeArn: "arn:aws:apigateway:ca-central-1:lambda:path/functions/acme-directory/invocations",
  };
  const json = synth({ postConfirmation: trigger, customAttributes: ["org_id"] });

  test("the pool invokes the trigger after confirmation, and only this pool may", () => {
    expect(pool(json).lambda_config).toEqual({ post_confirmation: trigger.functionArn });
    expect(resource(json, "aws_lambda_permission", "users_post_confirmation_permission")).toEqual({
      function_name: "acme-directory",
      action: "lambda:InvokeFunction",
      principal: "cognito-idp.amazonaws.com",
      source_arn: "${aws_cognito_user_pool.users.arn}",
      source_account: "123456789012",
    });
  });

  test("custom attributes are immutable strings; a pool without them declares no schema", () => {
    expect(pool(json).schema).toEqual([
      {
        name: "org_id",
        attribute_data_type: "String",
        mutable: false,
        developer_only_attribute: false,
        string_attribute_constraints: { min_length: "1", max_length: "64" },
      },
    ]);
    const plain = synth();
    expect(pool(plain).schema).toBeUndefined();
    expect(pool(plain).lambda_config).toBeUndefined();
  });

  test("refuses a malformed or repeated custom attribute name", () => {
    expect(() => synth({ customAttributes: ["org id", "org_id", "org_id"] })).toThrow(
      /customAttributes\[0\]: "org id" is not 1-20 letters[\s\S]*customAttributes\[2\]: "org_id" is given twice/,
    );
  });
});

describe("redirect URL and domain prefix rules", () => {
  test.each([
    ["https://app.example.com/cb", undefined],
    ["com.acme.app:/callback", undefined],
    ["myapp://callback", undefined],
    ["http://localhost:3000/cb", "is http://localhost, allowed only with allowLocalhostCallbacks (testing)"],
    ["http://app.example.com/cb", "uses plain HTTP; use https:// (http:// is for localhost only)"],
    ["https://app.example.com/cb#token", "has a fragment (#...), which a redirect URI must not have"],
    ["javascript:alert(1)", "uses the javascript: scheme, which is never a redirect target"],
    ["/auth/callback", "is not an absolute URL"],
  ])("%s", (url, problem) => {
    expect(redirectUrlProblem(url, { allowLocalhost: false })).toBe(problem);
  });

  test("localhost is accepted when allowed", () => {
    expect(redirectUrlProblem("http://localhost:3000/cb", { allowLocalhost: true })).toBeUndefined();
  });

  test("domain prefixes refuse reserved words and bad characters", () => {
    expect(domainPrefixProblem("acme-auth")).toBeUndefined();
    expect(domainPrefixProblem("acme-cognito")).toBe('"acme-cognito" contains the reserved word "cognito"');
    expect(domainPrefixProblem("Acme_Auth")).toMatch(/must be 1-63 lowercase letters/);
  });

  test("the default password policy is at least NIST's 15 characters", () => {
    expect(DEFAULTS.passwordPolicy.minimumLength).toBeGreaterThanOrEqual(15);
  });
});

describe("CognitoUserPool validation", () => {
  const oidc = (clientSecret: SecretReference): IdentityProvider => ({
    type: "OIDC",
    issuer: "https://login.example.com",
    clientId: "c",
    clientSecret,
    attributeMapping: { email: "email" },
  });
  const mobile = base.publicClients!.mobile;
  test.each<[string, Partial<CognitoUserPoolProps>, RegExp]>([
    [
      "a plain-HTTP callback URL",
      { publicClients: { mobile: { ...mobile, callbackUrls: ["http://app.acme.example.com/cb"] } } },
      /publicClients\.mobile\.callbackUrls\[0\]: "http:\/\/app\.acme\.example\.com\/cb" uses plain HTTP/,
    ],
    [
      "a callback URL with a fragment",
      {
        publicClients: {
          mobile: { ...mobile, callbackUrls: ["https://app.acme.example.com/cb", "https://x.example.com/#a"] },
        },
      },
      /publicClients\.mobile\.callbackUrls\[1\]: "https:\/\/x\.example\.com\/#a" has a fragment/,
    ],
    [
      "a javascript: sign-out URL",
      { publicClients: { mobile: { ...mobile, logoutUrls: ["javascript:void(0)"] } } },
      /publicClients\.mobile\.logoutUrls\[0\]: "javascript:void\(0\)" uses the javascript: scheme/,
    ],
    [
      "a public client without callback URLs",
      { publicClients: { mobile: { ...mobile, callbackUrls: [] } } },
      /publicClients\.mobile\.callbackUrls: give at least one/,
    ],
    [
      "a SAML identity provider without metadata",
      { identityProviders: { Okta: { type: "SAML", attributeMapping: { email: "email" } } } },
      /identityProviders\.Okta: give exactly one of metadataUrl or metadataFile \(the IdP's SAML metadata\)/,
    ],
    [
      "a SAML metadata URL over plain HTTP",
      {
        identityProviders: {
          Okta: { type: "SAML", metadataUrl: "http://idp.example.com/md", attributeMapping: { email: "email" } },
        },
      },
      /identityProviders\.Okta\.metadataUrl: "http:\/\/idp\.example\.com\/md" is not an https:\/\/ URL/,
    ],
    [
      "an identity provider that does not map the email",
      { identityProviders: { Okta: { type: "SAML", metadataUrl: OKTA_METADATA, attributeMapping: {} } } },
      /identityProviders\.Okta\.attributeMapping\.email: map the IdP's email attribute/,
    ],
    [
      "an OIDC secret written into the code",
      {
        identityProviders: {
          Entra: oidc({ value: "s3cr3t" }),
        },
      },
      /identityProviders\.Entra\.clientSecret\.value: must be a reference/,
    ],
    [
      "an OIDC secret of another region",
      {
        identityProviders: {
          Entra: oidc({ secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:x" }),
        },
      },
      /identityProviders\.Entra\.clientSecret\.secretArn: .* is not a Secrets Manager secret of the pool's region ca-central-1/,
    ],
    [
      "a client offering an unknown identity provider",
      { publicClients: { mobile: { ...mobile, identityProviders: ["COGNITO", "Google"] } } },
      /publicClients\.mobile\.identityProviders\[1\]: "Google" is not an identity provider of this pool \(COGNITO, Okta, Entra\)/,
    ],
    [
      "a client scope no resource server declares",
      { publicClients: { mobile: { ...mobile, scopes: ["openid", "orders/delete"] } } },
      /publicClients\.mobile\.scopes\[1\]: "orders\/delete" is neither a standard scope nor a scope of a resource server/,
    ],
    [
      "a service client asking for a standard scope",
      { serviceClients: { orders_sync: { scopes: ["openid"] } } },
      /serviceClients\.orders_sync\.scopes\[0\]: "openid" is not a scope of a resource server of this pool/,
    ],
    [
      "OAuth clients without a domain",
      { domain: undefined },
      /domain: publicClients\.mobile, serviceClients\.orders_sync need a domain/,
    ],
    [
      "a custom domain certificate outside us-east-1",
      {
        domain: {
          domainName: "auth.acme.example.com",
          certificateArn: "arn:aws:acm:ca-central-1:123456789012:certificate/abc",
        },
      },
      /domain\.certificateArn: .* is not an ACM certificate in us-east-1; Cognito serves custom domains through CloudFront/,
    ],
    [
      "a reserved word in the prefix",
      { domain: { prefix: "acme-aws" } },
      /domain\.prefix: "acme-aws" contains the reserved word "aws"/,
    ],
    ["threat protection below Plus", { threatProtection: "ENFORCED" }, /threatProtection: needs featurePlan "PLUS"/],
    [
      "password history on Lite",
      { featurePlan: "LITE", passwordPolicy: { passwordHistorySize: 3 } },
      /passwordPolicy\.passwordHistorySize: password history needs featurePlan ESSENTIALS or PLUS/,
    ],
    [
      "a 7-character password",
      { passwordPolicy: { minimumLength: 7 } },
      /passwordPolicy\.minimumLength: 7 is below NIST SP 800-63B's minimum of 8/,
    ],
    [
      "a 12-character password when MFA is optional",
      { mfa: "OPTIONAL", passwordPolicy: { minimumLength: 12 } },
      /passwordPolicy\.minimumLength: 12 is below 15, NIST SP 800-63B's minimum for a password that may be the only factor/,
    ],
    [
      "SMS through another region",
      { sms: { externalId: "x", snsRegion: "us-east-1" } },
      /sms\.snsRegion: us-east-1 is not the pool's region ca-central-1; phone numbers stay in the pool's residency region/,
    ],
    [
      "mail from another region",
      {
        email: {
          sourceArn: "arn:aws:ses:us-east-1:123456789012:identity/acme.example.com",
          fromAddress: "a@acme.example.com",
        },
      },
      /email\.sourceArn: .* is not an SES identity of the pool's region ca-central-1/,
    ],
    [
      "a web ACL of another region",
      { webAclArn: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/a/b" },
      /webAclArn: .* is not a regional WAFv2 web ACL of ca-central-1/,
    ],
    [
      "a token lifetime out of range",
      { publicClients: { mobile: { ...mobile, tokenValidity: { accessTokenMinutes: 2 } } } },
      /publicClients\.mobile\.tokenValidity\.accessTokenMinutes: 2 is outside 5-1440/,
    ],
  ])("refuses %s", (_, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
