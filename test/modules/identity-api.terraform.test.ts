import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { App } from "cdktf";
import { CognitoUserPool } from "../../modules/cognito-user-pool";
import { EdgeRedirect } from "../../modules/edge-redirect";
import { HttpApi } from "../../modules/http-api";
import { LambdaCode, LambdaFunction } from "../../modules/lambda-function";
import { OrganizationLookup, ORGANIZATION_LOOKUP_ROUTE } from "../../modules/organization-lookup";
import { validateStack, writeCliConfig } from "../../src/terraform/cli";
import { configureAwsProvider } from "../../src/stacks/aws-provider";
import { BaseStack } from "../../src/stacks/base-stack";
import { organization } from "../helpers/synth";
import { terraformSkipped } from "../helpers/terraform";

class IdentityStack extends BaseStack {}

const ACCOUNT = "123456789012";
const REGION = "us-east-1";

/** A region's identity and API layer from these modules, as a stack would wire it. */
function buildIdentityStack(app: App): void {
  const stack = new IdentityStack(app, "identity");
  configureAwsProvider(stack, organization(), { accountName: "prod", region: REGION, stack: "identity" });
  const certificate = (id: string, domainName: string) =>
    new AcmCertificate(stack, id, { domainName, validationMethod: "DNS", lifecycle: { createBeforeDestroy: true } })
      .arn;

  const pool = new CognitoUserPool(stack, "users", {
    name: "acme-prod-us-east-1",
    region: REGION,
    accountId: ACCOUNT,
    featurePlan: "PLUS",
    threatProtection: "ENFORCED",
    sms: { externalId: "5f0c7f1e-0000-4000-8000-000000000001" },
    publicClients: {
      mobile: {
        callbackUrls: ["com.acme.resilience://auth/callback"],
        identityProviders: ["COGNITO", "Okta", "Entra"],
      },
    },
    serviceClients: { orders_sync: { scopes: ["orders/read"] } },
    resourceServers: { orders: { identifier: "orders", scopes: { read: "Read orders" } } },
    domain: {
      domainName: "auth.us.acme.example.com",
      certificateArn: certificate("auth_certificate", "auth.us.acme.example.com"),
    },
    identityProviders: {
      Okta: {
        type: "SAML",
        metadataUrl: "https://acme.okta.example.com/metadata",
        attributeMapping: { email: "email" },
      },
      Entra: {
        type: "OIDC",
        issuer: "https://login.example.com/tenant/v2.0",
        clientId: "entra-client",
        clientSecret: {
          secretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:entra-AbCdEf`,
          jsonKey: "client_secret",
        },
        attributeMapping: { email: "email" },
      },
    },
    webAclArn: `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/acme-auth/0000`,
  });
  const lookup = new OrganizationLookup(stack, "org_lookup", {
    functionName: "acme-prod-organization-lookup",
    region: REGION,
    accountId: ACCOUNT,
    registry: {
      tableName: "acme-organization-registry",
      tableArn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/acme-organization-registry`,
      kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee`,
    },
    network: { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0a", "subnet-0b"] },
    reservedConcurrency: 10,
  });
  const worker = new LambdaFunction(stack, "worker", {
    functionName: "acme-prod-worker",
    region: REGION,
    accountId: ACCOUNT,
    code: LambdaCode.fromTypeScript(join(__dirname, "../../functions/organization-lookup")),
    handler: "handler.handler",
    tracing: true,
    deadLetter: { type: "sqs", arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:worker-dlq` },
  });
  new EdgeRedirect(stack, "entry", {
    name: "acme-regional-entry",
    hostsByCountry: { CA: "api.ca.acme.example.com", US: "api.us.acme.example.com" },
    defaultHost: "api.us.acme.example.com",
  });
  new HttpApi(stack, "api", {
    name: "acme-prod-us-east-1",
    region: REGION,
    accountId: ACCOUNT,
    handlers: { lookup: lookup.ref, worker: worker.ref },
    routes: {
      organization: {
        routeKey: ORGANIZATION_LOOKUP_ROUTE,
        handler: "lookup",
        scopes: ["openid"],
        throttle: { burstLimit: 20, rateLimit: 10 },
      },
      work: { routeKey: "POST /work", handler: "worker", scopes: ["orders/read"] },
    },
    jwtAuthorizer: { userPool: pool.ref, audience: ["mobile", "orders_sync"] },
    cors: { allowOrigins: ["https://app.acme.example.com"], allowCredentials: true },
    customDomain: {
      domainName: "api.us.acme.example.com",
      certificateArn: certificate("api_certificate", "api.us.acme.example.com"),
    },
  });
}

/** Synthesizes the stack into a fresh folder (with its assets) and returns the stack's folder. */
function synthesized(): string {
  const outdir = mkdtempSync(join(tmpdir(), "identity-api-"));
  const app = new App({ outdir, skipValidation: false });
  buildIdentityStack(app);
  app.synth();
  return join(outdir, "stacks", "identity");
}

(terraformSkipped() ? describe.skip : describe)("identity and API modules in Terraform", () => {
  test("terraform validate accepts a stack built from them (provider 5.100.0)", async () => {
    const cliConfig = writeCliConfig(mkdtempSync(join(tmpdir(), "identity-api-cli-")));
    const result = await validateStack(synthesized(), cliConfig);
    expect(result.log).toBe("");
    expect(result.ok).toBe(true);
  }, 120000);
});
