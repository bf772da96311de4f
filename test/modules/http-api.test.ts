import { TerraformOutput } from "cdktf";
import type { UserPoolRef } from "../../modules/cognito-user-pool";
import { ACCESS_LOG_FORMAT, HttpApi, routeArnPath, routeKeyProblem, type HttpApiProps } from "../../modules/http-api";
import type { LambdaFunctionRef } from "../../modules/lambda-function";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const lookup: LambdaFunctionRef = {
  functionName: "acme-prod-organization-lookup",
  functionArn: "arn:aws:lambda:ca-central-1:123456789012:function:acme-prod-organization-lookup",
  invokeArn:
    "arn:aws:apigateway:ca-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:ca-central-1:123456789012:function:acme-prod-organization-lookup/invocations",
};
const health: LambdaFunctionRef = {
  functionName: "acme-prod-health",
  functionArn: "arn:aws:lambda:ca-central-1:123456789012:function:acme-prod-health",
  invokeArn: "arn:aws:apigateway:ca-central-1:lambda:path/2015-03-31/functions/health/invocations",
};
const pool: UserPoolRef = {
  region: "ca-central-1",
  userPoolId: "ca-central-1_AbCdEf123",
  issuer: "https://cognito-idp.ca-central-1.amazonaws.com/ca-central-1_AbCdEf123",
  clientIds: { mobile: "1example23456789abcdefghij", orders_sync: "2example23456789abcdefghij" },
  scopes: ["openid", "email", "profile", "orders/read"],
};

const base: HttpApiProps = {
  name: "acme-prod-ca-central-1",
  region: "ca-central-1",
  accountId: "123456789012",
  handlers: { lookup, health },
  routes: {
    organization: { routeKey: "GET /organizations/{organizationId}", handler: "lookup", scopes: ["openid"] },
    organization_head: {
      routeKey: "HEAD /organizations/{organizationId}",
      handler: "lookup",
      throttle: { burstLimit: 10, rateLimit: 5 },
    },
    health: { routeKey: "GET /health", handler: "health", authorization: "NONE" },
  },
  jwtAuthorizer: { userPool: pool, audience: ["mobile"] },
  cors: { allowOrigins: ["https://app.acme.example.com"], allowCredentials: true },
};

function synth(props: Partial<HttpApiProps> = {}): StackJson {
  return synthModule((s) => {
    const api = new HttpApi(s, "api", { ...base, ...props });
    if (api.customDomainTarget !== undefined) new TerraformOutput(s, "target", { value: api.customDomainTarget });
  });
}

describe("HttpApi", () => {
  const json = synth();

  test("is an HTTP API with the given CORS, its execute-api endpoint on when there is no custom domain", () => {
    expect(resource(json, "aws_apigatewayv2_api", "api")).toMatchObject({
      name: "acme-prod-ca-central-1",
      protocol_type: "HTTP",
      disable_execute_api_endpoint: false,
      cors_configuration: {
        allow_origins: ["https://app.acme.example.com"],
        allow_credentials: true,
        allow_methods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers: ["authorization", "content-type"],
        max_age: 600,
      },
    });
  });

  test("the JWT authorizer trusts the pool's issuer for the named clients only", () => {
    expect(resource(json, "aws_apigatewayv2_authorizer", "api_authorizer")).toMatchObject({
      api_id: "${aws_apigatewayv2_api.api.id}",
      authorizer_type: "JWT",
      identity_sources: ["$request.header.Authorization"],
      jwt_configuration: {
        issuer: "https://cognito-idp.ca-central-1.amazonaws.com/ca-central-1_AbCdEf123",
        audience: ["1example23456789abcdefghij"],
      },
    });
  });

  test("one Lambda proxy integration (payload format 2.0) per handler, however many routes use it", () => {
    expect(Object.keys(resourcesOf(json, "aws_apigatewayv2_integration")).sort()).toEqual([
      "api_integration_health",
      "api_integration_lookup",
    ]);
    expect(resource(json, "aws_apigatewayv2_integration", "api_integration_lookup")).toMatchObject({
      integration_type: "AWS_PROXY",
      integration_method: "POST",
      integration_uri: lookup.invokeArn,
      payload_format_version: "2.0",
      timeout_milliseconds: 30000,
    });
  });

  test("routes go to their handler behind the authorizer with their scopes; a NONE route has no authorizer", () => {
    expect(resource(json, "aws_apigatewayv2_route", "api_route_organization")).toMatchObject({
      route_key: "GET /organizations/{organizationId}",
      target: "integrations/${aws_apigatewayv2_integration.api_integration_lookup.id}",
      authorization_type: "JWT",
      authorizer_id: "${aws_apigatewayv2_authorizer.api_authorizer.id}",
      authorization_scopes: ["openid"],
    });
    const open = resource(json, "aws_apigatewayv2_route", "api_route_health");
    expect(open.authorization_type).toBe("NONE");
    expect(open.authorizer_id).toBeUndefined();
    expect(open.authorization_scopes).toBeUndefined();
  });

  test("each route's handler may be invoked by calls of that route of this API only", () => {
    const permissions = resourcesOf(json, "aws_lambda_permission");
    expect(permissions.api_permission_organization).toEqual({
      function_name: "acme-prod-organization-lookup",
      action: "lambda:InvokeFunction",
      principal: "apigateway.amazonaws.com",
      source_arn: "${aws_apigatewayv2_api.api.execution_arn}/*/GET/organizations/*",
    });
    for (const permission of Object.values(permissions)) {
      expect(permission.source_arn).toMatch(/^\$\{aws_apigatewayv2_api\.api\.execution_arn\}\/\*\/[A-Z]+\/.+$/);
    }
  });

  test("the $default stage deploys itself, throttles every route and the throttled route more, after the routes exist", () => {
    const stage = resource(json, "aws_apigatewayv2_stage", "api_stage");
    expect(stage).toMatchObject({
      name: "$default",
      auto_deploy: true,
      default_route_settings: {
        throttling_burst_limit: 100,
        throttling_rate_limit: 50,
        detailed_metrics_enabled: false,
      },
      route_settings: [
        {
          route_key: "HEAD /organizations/{organizationId}",
          throttling_burst_limit: 10,
          throttling_rate_limit: 5,
          detailed_metrics_enabled: false,
        },
      ],
    });
    expect(stage.depends_on).toEqual([
      "aws_apigatewayv2_route.api_route_organization",
      "aws_apigatewayv2_route.api_route_organization_head",
      "aws_apigatewayv2_route.api_route_health",
    ]);
  });

  test("access logs are JSON with the request id, source IP, route, status and integration error", () => {
    const settings = resource(json, "aws_apigatewayv2_stage", "api_stage").access_log_settings as Record<
      string,
      string
    >;
    expect(settings.destination_arn).toBe("${aws_cloudwatch_log_group.api_access_logs.arn}");
    const format = JSON.parse(settings.format) as Record<string, string>;
    expect(format).toEqual(ACCESS_LOG_FORMAT);
    expect(format).toMatchObject({
      requestId: "$context.requestId",
      sourceIp: "$context.identity.sourceIp",
      routeKey: "$context.routeKey",
      status: "$context.status",
      integrationError: "$context.integrationErrorMessage",
    });
    expect(Object.values(format).some((variable) => variable.includes("claims"))).toBe(false);
  });

  test("the access log group is encrypted with its own key, kept a year and protected", () => {
    expect(resource(json, "aws_cloudwatch_log_group", "api_access_logs")).toMatchObject({
      name: "/aws/apigateway/acme-prod-ca-central-1/access",
      kms_key_id: "${aws_kms_key.api_logs_key.arn}",
      retention_in_days: 365,
      lifecycle: { prevent_destroy: true },
    });
    const statements = policyOf(resource(json, "aws_kms_key", "api_logs_key")).Statement;
    expect(statements[1]).toMatchObject({
      Principal: { Service: "logs.ca-central-1.amazonaws.com" },
      Condition: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn":
            "arn:aws:logs:ca-central-1:123456789012:log-group:/aws/apigateway/acme-prod-ca-central-1/access",
        },
      },
    });
  });

  test("without a custom domain there is no domain or mapping", () => {
    expect(resourcesOf(json, "aws_apigatewayv2_domain_name")).toEqual({});
    expect(resourcesOf(json, "aws_apigatewayv2_api_mapping")).toEqual({});
  });

  test("nothing names another region than the API's", () => {
    expect(JSON.stringify(json.resource).match(/us-east-1|us-west-2|ca-west-1/g)).toBeNull();
  });
});

describe("HttpApi custom domain", () => {
  const certificate = "arn:aws:acm:ca-central-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
  const json = synth({ customDomain: { domainName: "api.ca.acme.example.com", certificateArn: certificate } });

  test("a regional domain with the API's region's certificate and the TLS 1.2 policy, mapped to $default", () => {
    expect(resource(json, "aws_apigatewayv2_domain_name", "api_domain")).toMatchObject({
      domain_name: "api.ca.acme.example.com",
      domain_name_configuration: {
        certificate_arn: certificate,
        endpoint_type: "REGIONAL",
        security_policy: "TLS_1_2",
      },
    });
    expect(resource(json, "aws_apigatewayv2_api_mapping", "api_mapping")).toEqual({
      api_id: "${aws_apigatewayv2_api.api.id}",
      domain_name: "${aws_apigatewayv2_domain_name.api_domain.id}",
      stage: "${aws_apigatewayv2_stage.api_stage.id}",
    });
  });

  test("the execute-api endpoint is off, so every call goes through the domain", () => {
    expect(resource(json, "aws_apigatewayv2_api", "api").disable_execute_api_endpoint).toBe(true);
  });

  test("exposes the alias target for Route 53", () => {
    expect(json.output?.target.value).toEqual({
      domainName: "${aws_apigatewayv2_domain_name.api_domain.domain_name_configuration[0].target_domain_name}",
      hostedZoneId: "${aws_apigatewayv2_domain_name.api_domain.domain_name_configuration[0].hosted_zone_id}",
    });
  });
});

describe("HttpApi shared domains", () => {
  const cert = (n: string) => `arn:aws:acm:ca-central-1:123456789012:certificate/${n}`;
  const json = synth({
    customDomain: { domainName: "api.ca.acme.example.com", certificateArn: cert("regional") },
    sharedDomains: { global: { domainName: "api.acme.example.com", certificateArn: cert("global") } },
  });

  test("a further regional domain of the shared name, with its own certificate, mapped to the same stage", () => {
    expect(resource(json, "aws_apigatewayv2_domain_name", "api_domain_global")).toMatchObject({
      domain_name: "api.acme.example.com",
      domain_name_configuration: {
        certificate_arn: cert("global"),
        endpoint_type: "REGIONAL",
        security_policy: "TLS_1_2",
      },
    });
    expect(resource(json, "aws_apigatewayv2_api_mapping", "api_mapping_global")).toEqual({
      api_id: "${aws_apigatewayv2_api.api.id}",
      domain_name: "${aws_apigatewayv2_domain_name.api_domain_global.id}",
      stage: "${aws_apigatewayv2_stage.api_stage.id}",
    });
    expect(resource(json, "aws_apigatewayv2_domain_name", "api_domain").domain_name).toBe("api.ca.acme.example.com");
  });

  test("refuses a shared domain without customDomain, of the custom domain's name, or with another region's certificate", () => {
    expect(() =>
      synth({ sharedDomains: { global: { domainName: "api.acme.example.com", certificateArn: cert("g") } } }),
    ).toThrow(/sharedDomains\.global: a shared domain needs customDomain/);
    expect(() =>
      synth({
        customDomain: { domainName: "api.acme.example.com", certificateArn: cert("r") },
        sharedDomains: {
          same: { domainName: "api.acme.example.com", certificateArn: cert("g") },
          east: {
            domainName: "api2.acme.example.com",
            certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/g",
          },
        },
      }),
    ).toThrow(
      /sharedDomains\.east\.certificateArn: .* is not an ACM certificate of the API's region[\s\S]*sharedDomains\.same\.domainName: api\.acme\.example\.com is already the customDomain/,
    );
  });
});

describe("route keys", () => {
  test.each([
    ["GET /organizations/{organizationId}", "GET/organizations/*"],
    ["ANY /{proxy+}", "*/*"],
    ["POST /orgs/{id}/users", "POST/orgs/*/users"],
    ["$default", "$default"],
  ])("%s is invoked as %s", (routeKey, arnPath) => {
    expect(routeKeyProblem(routeKey)).toBeUndefined();
    expect(routeArnPath(routeKey)).toBe(arnPath);
  });

  test.each([
    ["GET organizations", 'the path "organizations" does not start with "/"'],
    ["FETCH /x", '"FETCH" is not one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY'],
    ["GET /{proxy+}/x", "the greedy parameter {proxy+} must be the last segment"],
    ["GET /a b", '"GET /a b" is not "<METHOD> <path>" or "$default"'],
  ])("%s is refused", (routeKey, problem) => {
    expect(routeKeyProblem(routeKey)).toBe(problem);
  });
});

describe("HttpApi validation", () => {
  const organization = base.routes.organization;
  test.each<[string, Partial<HttpApiProps>, RegExp]>([
    [
      "a route to an unknown handler",
      { routes: { organization: { ...organization, handler: "lookpu" } } },
      /routes\.organization\.handler: "lookpu" is not one of handlers \(lookup, health\)/,
    ],
    [
      "an audience that is not one of the pool's clients",
      { jwtAuthorizer: { userPool: pool, audience: ["mobile", "web"] } },
      /jwtAuthorizer\.audience\[1\]: "web" is not a client of the user pool \(mobile, orders_sync\)/,
    ],
    [
      "CORS * with credentials",
      { cors: { allowOrigins: ["*"], allowCredentials: true } },
      /cors\.allowOrigins\[0\]: "\*" cannot be combined with allowCredentials/,
    ],
    [
      "a wildcard header with credentials",
      { cors: { allowOrigins: ["https://app.acme.example.com"], allowHeaders: ["*"], allowCredentials: true } },
      /cors\.allowHeaders\[0\]: "\*" is read literally when credentials are allowed/,
    ],
    [
      "an origin with a path",
      { cors: { allowOrigins: ["https://app.acme.example.com/"] } },
      /cors\.allowOrigins\[0\]: "https:\/\/app\.acme\.example\.com\/" is not an origin/,
    ],
    [
      "a malformed route key",
      { routes: { organization: { ...organization, routeKey: "GET organizations" } } },
      /routes\.organization\.routeKey: the path "organizations" does not start with "\/"/,
    ],
    [
      "a route key given twice",
      { routes: { a: { ...organization }, b: { ...organization } } },
      /routes\.b\.routeKey: "GET \/organizations\/\{organizationId\}" is already routes\.a/,
    ],
    [
      "a JWT route without an authorizer",
      { jwtAuthorizer: undefined, routes: { organization: { ...organization, scopes: [] } } },
      /routes\.organization\.authorization: JWT needs jwtAuthorizer/,
    ],
    [
      "a scope the pool does not know",
      { routes: { organization: { ...organization, scopes: ["orders/delete"] } } },
      /routes\.organization\.scopes\[0\]: "orders\/delete" is not a scope of the user pool/,
    ],
    [
      "the pool of another region",
      { region: "us-east-1", cors: undefined },
      /jwtAuthorizer\.userPool: the pool is in ca-central-1, not the API's region us-east-1/,
    ],
    [
      "a certificate of another region",
      {
        customDomain: {
          domainName: "api.ca.acme.example.com",
          certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
        },
      },
      /customDomain\.certificateArn: .* is not an ACM certificate of the API's region ca-central-1/,
    ],
    [
      "a throttle above the account quota",
      { throttle: { burstLimit: 6000, rateLimit: 20000 } },
      /throttle\.burstLimit: 6000 is outside 0-5000[\s\S]*throttle\.rateLimit: 20000 is outside 0-10000/,
    ],
    [
      "a retention CloudWatch does not offer",
      { logRetentionDays: 42 },
      /logRetentionDays: 42 is not a CloudWatch Logs retention/,
    ],
  ])("refuses %s", (_, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
