/**
 * What a config layer needs of the HTTP API module, with no construct import: defaults, limits, the
 * access log format and the checks of route keys and CORS.
 */

/** Stage throttling: a token bucket of `burstLimit` requests refilled at `rateLimit` requests a second. */
export interface Throttle {
  readonly burstLimit: number;
  readonly rateLimit: number;
}

/**
 * API Gateway's default account quota per region, shared by every API of the account: 10,000
 * requests a second with a bucket of 5,000. A stage or route limit above it is never reached.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
 */
export const ACCOUNT_THROTTLE: Throttle = { burstLimit: 5000, rateLimit: 10000 };

export const DEFAULTS = {
  /** Every route of the stage unless the route sets its own. */
  throttle: { burstLimit: 100, rateLimit: 50 } satisfies Throttle,
  /** Days the access log group keeps events (Security Hub CloudWatch.16 asks for a year). */
  logRetentionDays: 365,
  /** Integration timeout in milliseconds: HTTP APIs allow 50-30,000. */
  integrationTimeoutMs: 30000,
  /** How long browsers may cache a CORS preflight answer, in seconds. */
  corsMaxAgeSeconds: 600,
} as const;

export const INTEGRATION_TIMEOUT_MS = { min: 50, max: 30000 } as const;

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"] as const;

/**
 * The access log record, one JSON object per request. Variables are HTTP API `$context` variables;
 * no token claims or user attributes are logged, only what operations need to trace a request.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 */
export const ACCESS_LOG_FORMAT: Readonly<Record<string, string>> = {
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  sourceIp: "$context.identity.sourceIp",
  httpMethod: "$context.httpMethod",
  routeKey: "$context.routeKey",
  path: "$context.path",
  protocol: "$context.protocol",
  status: "$context.status",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationStatus: "$context.integration.status",
  integrationLatency: "$context.integration.latency",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
  errorMessage: "$context.error.message",
  domainName: "$context.domainName",
};

/**
 * Why a route key is refused: `$default`, or `<METHOD> <path>` where the path starts with `/`, its
 * segments are literal or `{parameter}`, and only the last may be greedy (`{proxy+}`).
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */
export function routeKeyProblem(routeKey: string): string | undefined {
  if (routeKey === "$default") return undefined;
  const [method, path, ...rest] = routeKey.split(" ");
  if (rest.length > 0 || path === undefined) return `"${routeKey}" is not "<METHOD> <path>" or "$default"`;
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    return `"${method}" is not one of ${HTTP_METHODS.join(", ")}`;
  }
  if (!path.startsWith("/")) return `the path "${path}" does not start with "/"`;
  const segments = path === "/" ? [] : path.slice(1).split("/");
  for (const [i, segment] of segments.entries()) {
    const greedy = /^\{[A-Za-z0-9_]+\+\}$/.test(segment);
    if (greedy && i !== segments.length - 1) return `the greedy parameter ${segment} must be the last segment`;
    if (!greedy && !/^\{[A-Za-z0-9_]+\}$/.test(segment) && !/^[A-Za-z0-9._~-]+$/.test(segment)) {
      return `the path segment "${segment}" is neither literal nor a {parameter}`;
    }
  }
  return undefined;
}

/**
 * The `<METHOD>/<path>` part of the execute-api ARN of calls to a route, for the Lambda permission:
 * parameters become `*` (the ARN carries the actual values), ANY becomes `*`.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html
 */
export function routeArnPath(routeKey: string): string {
  if (routeKey === "$default") return "$default";
  const [method, path] = routeKey.split(" ");
  const resource = path
    .slice(1)
    .split("/")
    .map((segment) => (segment.startsWith("{") ? "*" : segment))
    .join("/");
  return `${method === "ANY" ? "*" : method}/${resource}`;
}

/** CORS settings of an HTTP API; API Gateway answers the preflight itself. */
export interface HttpApiCors {
  /** Origins (`https://app.example.com`), or `["*"]` for any origin without credentials. */
  readonly allowOrigins: readonly string[];
  /** @default ["GET", "POST", "PUT", "PATCH", "DELETE"] */
  readonly allowMethods?: readonly string[];
  /** @default ["authorization", "content-type"] */
  readonly allowHeaders?: readonly string[];
  /** @default [] */
  readonly exposeHeaders?: readonly string[];
  /** Let browsers send cookies or HTTP authentication. @default false */
  readonly allowCredentials?: boolean;
  /** @default 600 */
  readonly maxAgeSeconds?: number;
}

export const CORS_DEFAULTS = {
  allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
  allowHeaders: ["authorization", "content-type"],
} as const;

/**
 * Problems with CORS settings, as `{ field, message }` relative to the CORS object. With
 * credentials a browser refuses a wildcard origin and reads `*` in allowed headers or methods
 * literally (Fetch standard), so a wildcard there is refused.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
 * @see https://fetch.spec.whatwg.org/#cors-protocol-and-credentials
 */
export function corsProblems(cors: HttpApiCors): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const credentials = cors.allowCredentials ?? false;
  if (cors.allowOrigins.length === 0) problems.push({ field: "allowOrigins", message: "give at least one origin" });
  cors.allowOrigins.forEach((origin, i) => {
    const field = `allowOrigins[${i}]`;
    if (origin === "*") {
      if (credentials) {
        problems.push({
          field,
          message: `"*" cannot be combined with allowCredentials: browsers refuse credentialed responses to a wildcard origin; list the origins`,
        });
      }
    } else if (
      !/^https:\/\/[a-z0-9.-]+(?::\d{1,5})?$/.test(origin) &&
      !/^http:\/\/localhost(?::\d{1,5})?$/.test(origin)
    ) {
      problems.push({
        field,
        message: `"${origin}" is not an origin such as https://app.example.com (scheme, host and port only; http:// only for localhost)`,
      });
    }
  });
  for (const key of ["allowHeaders", "allowMethods"] as const) {
    (cors[key] ?? []).forEach((value, i) => {
      if (value === "*" && credentials) {
        problems.push({
          field: `${key}[${i}]`,
          message: `"*" is read literally when credentials are allowed; list the ${key === "allowHeaders" ? "headers" : "methods"}`,
        });
      }
    });
  }
  (cors.allowMethods ?? []).forEach((method, i) => {
    if (method !== "*" && !(HTTP_METHODS as readonly string[]).filter((m) => m !== "ANY").includes(method)) {
      problems.push({ field: `allowMethods[${i}]`, message: `"${method}" is not an HTTP method` });
    }
  });
  const maxAge = cors.maxAgeSeconds ?? DEFAULTS.corsMaxAgeSeconds;
  if (!Number.isInteger(maxAge) || maxAge < 0 || maxAge > 86400) {
    problems.push({ field: "maxAgeSeconds", message: `${maxAge} is outside 0-86400` });
  }
  return problems;
}
