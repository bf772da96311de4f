import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2ApiMapping } from "@cdktf/provider-aws/lib/apigatewayv2-api-mapping";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { Apigatewayv2DomainName } from "@cdktf/provider-aws/lib/apigatewayv2-domain-name";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Construct } from "constructs";
import type { UserPoolRef } from "../cognito-user-pool";
import { KmsKeyWithAlias, logGroupKeyStatement } from "../kms-key";
import type { LambdaFunctionRef } from "../lambda-function";
import { httpApiIssues } from "./checks";
import { ACCESS_LOG_FORMAT, CORS_DEFAULTS, DEFAULTS, routeArnPath, type HttpApiCors, type Throttle } from "./defaults";

export * from "./defaults";
export { httpApiIssues } from "./checks";

/** One route: `METHOD /path` to a handler, behind the JWT authorizer unless it says NONE. */
export interface HttpApiRoute {
  /** `GET /organizations/{organizationId}`, `ANY /{proxy+}` or `$default`. Changing it replaces the route. */
  readonly routeKey: string;
  /** Key of `handlers` that serves the route. */
  readonly handler: string;
  /** `JWT` (the pool's tokens) or `NONE` (public, e.g. a health check). @default "JWT" */
  readonly authorization?: "JWT" | "NONE";
  /**
   * OAuth scopes of which the token must carry at least one; without scopes any valid token of an
   * audience passes, ID tokens included (AWS recommends scopes).
   * @default [] - no scope required
   */
  readonly scopes?: readonly string[];
  /** This route's own throttle. @default - the stage's `throttle` */
  readonly throttle?: Throttle;
}

/** The JWT authorizer: tokens of one user pool, for some of its app clients. */
export interface HttpApiJwtAuthorizer {
  /** The pool of the API's own region (`CognitoUserPool.ref`). */
  readonly userPool: UserPoolRef;
  /** Keys of the pool's clients whose tokens are accepted (`aud`, or `client_id` of access tokens). */
  readonly audience: readonly string[];
}

/** The API on its own name, with a regional certificate. */
export interface HttpApiCustomDomain {
  /** e.g. `api.ca.example.com`; changing it replaces the domain. */
  readonly domainName: string;
  /** ACM certificate in the API's region covering `domainName` (e.g. from modules/acm-certificate). */
  readonly certificateArn: string;
}

export interface HttpApiProps {
  /** API name, e.g. `acme-prod-ca-central-1`; also names its log group and key. */
  readonly name: string;
  /** @default - none */
  readonly description?: string;
  /** Region of the stack's provider. */
  readonly region: string;
  /** Account of the API (for the log key's policy). */
  readonly accountId: string;
  /** Lambda functions by key, each integrated once (payload format 2.0). */
  readonly handlers: Readonly<Record<string, LambdaFunctionRef>>;
  /** Routes by stable key (`<id>_route_<key>`). */
  readonly routes: Readonly<Record<string, HttpApiRoute>>;
  /** @default - none: every route must then say `authorization: "NONE"` */
  readonly jwtAuthorizer?: HttpApiJwtAuthorizer;
  /** Stage-wide throttle. @default DEFAULTS.throttle - burst 100, 50 requests a second */
  readonly throttle?: Throttle;
  /** @default - no CORS: browsers on other origins cannot call the API */
  readonly cors?: HttpApiCors;
  /**
   * A custom domain (TLS 1.2) mapped to the `$default` stage; the `execute-api` endpoint is then
   * turned off so every call goes through the domain.
   * @default - the execute-api endpoint only
   */
  readonly customDomain?: HttpApiCustomDomain;
  /**
   * Further custom domains by stable key (`<id>_domain_<key>`), each mapped to the same stage: a
   * name that APIs of other regions serve too, behind Route 53 latency or geolocation records
   * (regional custom domain names are per region, so one name may exist in several). Needs
   * `customDomain`.
   * @default {}
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-regional-api-custom-domain-create.html
   */
  readonly sharedDomains?: Readonly<Record<string, HttpApiCustomDomain>>;
  /** CloudWatch metrics per route (billed as custom metrics). @default false */
  readonly detailedMetrics?: boolean;
  /** @default 365 */
  readonly logRetentionDays?: number;
  /**
   * CMK of the access log group; a key you pass must admit `logs.<region>.amazonaws.com` for it.
   * @default - a new key with the alias `<name>-api-logs`
   */
  readonly kmsKeyArn?: string;
  /** `prevent_destroy` on the log group and a created key. @default true */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * An API Gateway HTTP API of one region: routes to Lambda handlers (payload format 2.0) behind a
 * JWT authorizer of that region's user pool, the `$default` stage with auto-deploy, throttling,
 * JSON access logs to a KMS-encrypted log group, CORS, and a custom domain with TLS 1.2. Each
 * handler may be invoked by this API's routes only.
 */
export class HttpApi extends Construct {
  readonly api: Apigatewayv2Api;
  readonly apiId: string;
  /** `https://<id>.execute-api.<region>.amazonaws.com` (off when there is a custom domain). */
  readonly apiEndpoint: string;
  readonly executionArn: string;
  readonly logGroupName: string;
  /** Alias target of the custom domain, for a Route 53 record. */
  readonly customDomainTarget?: { readonly domainName: string; readonly hostedZoneId: string };
  /** Alias targets of the `sharedDomains`, by their key. */
  readonly sharedDomainTargets: Readonly<
    Record<string, { readonly domainName: string; readonly hostedZoneId: string }>
  >;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const issues = httpApiIssues(props);
    this.node.addValidation({ validate: () => issues });
    const tags = props.tags ?? {};

    this.api = new Apigatewayv2Api(this, "resource", {
      name: props.name,
      description: props.description,
      protocolType: "HTTP",
      corsConfiguration: props.cors === undefined ? undefined : corsConfiguration(props.cors),
      disableExecuteApiEndpoint: props.customDomain !== undefined,
      tags: { ...tags, Name: props.name },
    });
    this.apiId = this.api.id;
    this.apiEndpoint = this.api.apiEndpoint;
    this.executionArn = this.api.executionArn;

    const authorizer =
      props.jwtAuthorizer === undefined ? undefined : this.createAuthorizer(props, props.jwtAuthorizer);
    const routes = this.createRoutes(props, authorizer);
    const stage = this.createStage(props, routes);
    this.logGroupName = stage.logGroupName;
    if (props.customDomain !== undefined) {
      this.customDomainTarget = this.createDomain(props, props.customDomain, stage.stage, "");
    }
    this.sharedDomainTargets = Object.fromEntries(
      Object.entries(props.customDomain === undefined ? {} : (props.sharedDomains ?? {})).map(([key, domain]) => [
        key,
        this.createDomain(props, domain, stage.stage, `_${key}`),
      ]),
    );
  }

  private createAuthorizer(props: HttpApiProps, jwt: HttpApiJwtAuthorizer): Apigatewayv2Authorizer {
    return new Apigatewayv2Authorizer(this, "authorizer", {
      apiId: this.api.id,
      name: `${props.name}-user-pool`,
      authorizerType: "JWT",
      identitySources: ["$request.header.Authorization"],
      jwtConfiguration: {
        issuer: jwt.userPool.issuer,
        audience: jwt.audience.map((key) => jwt.userPool.clientIds[key] ?? key),
      },
    });
  }

  /**
   * One integration per handler that a route uses, the routes, and per route a Lambda permission
   * for calls of that route of this API only (`<execution ARN>/*\/<METHOD>/<path>`).
   */
  private createRoutes(props: HttpApiProps, authorizer: Apigatewayv2Authorizer | undefined): Apigatewayv2Route[] {
    const integrations = new Map<string, Apigatewayv2Integration>();
    const integrationOf = (handlerKey: string, handler: LambdaFunctionRef): Apigatewayv2Integration => {
      const existing = integrations.get(handlerKey);
      if (existing !== undefined) return existing;
      const integration = new Apigatewayv2Integration(this, `integration_${handlerKey}`, {
        apiId: this.api.id,
        integrationType: "AWS_PROXY",
        integrationMethod: "POST",
        integrationUri: handler.invokeArn,
        payloadFormatVersion: "2.0",
        timeoutMilliseconds: DEFAULTS.integrationTimeoutMs,
      });
      integrations.set(handlerKey, integration);
      return integration;
    };
    const created: Apigatewayv2Route[] = [];
    for (const [key, route] of Object.entries(props.routes)) {
      const handler = props.handlers[route.handler];
      if (handler === undefined) continue; // reported by the validation
      const jwt = (route.authorization ?? "JWT") === "JWT" && authorizer !== undefined;
      created.push(
        new Apigatewayv2Route(this, `route_${key}`, {
          apiId: this.api.id,
          routeKey: route.routeKey,
          target: `integrations/${integrationOf(route.handler, handler).id}`,
          authorizationType: jwt ? "JWT" : "NONE",
          authorizerId: jwt ? authorizer.id : undefined,
          authorizationScopes: jwt && (route.scopes ?? []).length > 0 ? [...route.scopes!] : undefined,
        }),
      );
      new LambdaPermission(this, `permission_${key}`, {
        functionName: handler.functionName,
        action: "lambda:InvokeFunction",
        principal: "apigateway.amazonaws.com",
        sourceArn: `${this.api.executionArn}/*/${routeArnPath(route.routeKey)}`,
      });
    }
    return created;
  }

  /**
   * The `$default` stage (auto-deploy) with throttling and JSON access logs into a log group of its
   * own, encrypted with a CMK. Route settings name route keys, so the stage waits for the routes.
   */
  private createStage(
    props: HttpApiProps,
    routes: Apigatewayv2Route[],
  ): { stage: Apigatewayv2Stage; logGroupName: string } {
    const protect = props.deletionProtection ?? true;
    const logGroupName = `/aws/apigateway/${props.name}/access`;
    const keyArn =
      props.kmsKeyArn ??
      new KmsKeyWithAlias(this, "logs_key", {
        alias: `${props.name}-api-logs`,
        description: `Access logs of HTTP API ${props.name}`,
        accountId: props.accountId,
        deletionProtection: protect,
        policyStatements: [logGroupKeyStatement(props.region, props.accountId, logGroupName)],
      }).keyArn;
    const logGroup = new CloudwatchLogGroup(this, "access_logs", {
      name: logGroupName,
      kmsKeyId: keyArn,
      retentionInDays: props.logRetentionDays ?? DEFAULTS.logRetentionDays,
      tags: { ...props.tags, Name: logGroupName },
      lifecycle: { preventDestroy: protect },
    });
    const throttle = props.throttle ?? DEFAULTS.throttle;
    const stage = new Apigatewayv2Stage(this, "stage", {
      apiId: this.api.id,
      name: "$default",
      autoDeploy: true,
      accessLogSettings: { destinationArn: logGroup.arn, format: JSON.stringify(ACCESS_LOG_FORMAT) },
      defaultRouteSettings: {
        throttlingBurstLimit: throttle.burstLimit,
        throttlingRateLimit: throttle.rateLimit,
        detailedMetricsEnabled: props.detailedMetrics ?? false,
      },
      routeSettings: Object.values(props.routes)
        .filter((route) => route.throttle !== undefined)
        .map((route) => ({
          routeKey: route.routeKey,
          throttlingBurstLimit: route.throttle!.burstLimit,
          throttlingRateLimit: route.throttle!.rateLimit,
          detailedMetricsEnabled: props.detailedMetrics ?? false,
        })),
      tags: { ...props.tags, Name: `${props.name}-default` },
      dependsOn: routes,
    });
    return { stage, logGroupName: logGroup.name };
  }

  /**
   * A regional custom domain (the certificate from the API's own region) with the TLS 1.2 policy,
   * mapped to the `$default` stage.
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-custom-domain-names.html
   */
  private createDomain(
    props: HttpApiProps,
    domain: HttpApiCustomDomain,
    stage: Apigatewayv2Stage,
    suffix: string,
  ): { domainName: string; hostedZoneId: string } {
    const resource = new Apigatewayv2DomainName(this, `domain${suffix}`, {
      domainName: domain.domainName,
      domainNameConfiguration: {
        certificateArn: domain.certificateArn,
        endpointType: "REGIONAL",
        securityPolicy: "TLS_1_2",
      },
      tags: { ...props.tags, Name: domain.domainName },
    });
    new Apigatewayv2ApiMapping(this, `mapping${suffix}`, {
      apiId: this.api.id,
      domainName: resource.id,
      stage: stage.id,
    });
    const target = resource.domainNameConfiguration;
    return { domainName: target.targetDomainName, hostedZoneId: target.hostedZoneId };
  }
}

function corsConfiguration(cors: HttpApiCors) {
  return {
    allowOrigins: [...cors.allowOrigins],
    allowMethods: [...(cors.allowMethods ?? CORS_DEFAULTS.allowMethods)],
    allowHeaders: [...(cors.allowHeaders ?? CORS_DEFAULTS.allowHeaders)],
    exposeHeaders: cors.exposeHeaders === undefined ? undefined : [...cors.exposeHeaders],
    allowCredentials: cors.allowCredentials ?? false,
    maxAge: cors.maxAgeSeconds ?? DEFAULTS.corsMaxAgeSeconds,
  };
}
