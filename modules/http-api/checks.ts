import { Token } from "cdktf";
import { logRetentionIssues } from "../eks/checks";
import { ACCOUNT_THROTTLE, corsProblems, routeKeyProblem, type Throttle } from "./defaults";
import type { HttpApiCustomDomain, HttpApiProps } from "./index";

const literal = (value: string | undefined): value is string => value !== undefined && !Token.isUnresolved(value);

function throttleIssues(path: string, throttle: Throttle | undefined): string[] {
  if (throttle === undefined) return [];
  const issues: string[] = [];
  if (
    !Number.isInteger(throttle.burstLimit) ||
    throttle.burstLimit < 0 ||
    throttle.burstLimit > ACCOUNT_THROTTLE.burstLimit
  ) {
    issues.push(
      `${path}.burstLimit: ${throttle.burstLimit} is outside 0-${ACCOUNT_THROTTLE.burstLimit} (the account's regional bucket)`,
    );
  }
  if (!(throttle.rateLimit >= 0) || throttle.rateLimit > ACCOUNT_THROTTLE.rateLimit) {
    issues.push(
      `${path}.rateLimit: ${throttle.rateLimit} is outside 0-${ACCOUNT_THROTTLE.rateLimit} (the account's regional quota)`,
    );
  }
  return issues;
}

/** Every problem with the props, as `<prop path>: <message>`. */
export function httpApiIssues(props: HttpApiProps): string[] {
  const issues: string[] = [];
  if (!literal(props.name) || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(props.name)) {
    issues.push(`name: "${props.name}" must be 1-128 letters, digits, "-" or "_" (it also names the log group)`);
  }
  const jwt = props.jwtAuthorizer;
  const handlers = Object.keys(props.handlers);
  const routeKeys = new Map<string, string>();
  for (const [key, route] of Object.entries(props.routes)) {
    const path = `routes.${key}`;
    if (!/^[a-z0-9_]+$/.test(key))
      issues.push(`${path}: keys are lowercase letters, digits and "_" (an address suffix)`);
    const problem = routeKeyProblem(route.routeKey);
    if (problem !== undefined) issues.push(`${path}.routeKey: ${problem}`);
    const first = routeKeys.get(route.routeKey);
    if (first !== undefined) issues.push(`${path}.routeKey: "${route.routeKey}" is already routes.${first}`);
    routeKeys.set(route.routeKey, key);
    if (props.handlers[route.handler] === undefined) {
      issues.push(`${path}.handler: "${route.handler}" is not one of handlers (${handlers.join(", ") || "none"})`);
    }
    const authorization = route.authorization ?? "JWT";
    if (authorization === "JWT" && jwt === undefined) {
      issues.push(`${path}.authorization: JWT needs jwtAuthorizer; give one, or say "NONE" for a public route`);
    }
    if (authorization === "NONE" && (route.scopes ?? []).length > 0) {
      issues.push(`${path}.scopes: a route without authorization checks no scopes`);
    }
    (route.scopes ?? []).forEach((scope, i) => {
      if (jwt !== undefined && !jwt.userPool.scopes.includes(scope)) {
        issues.push(
          `${path}.scopes[${i}]: "${scope}" is not a scope of the user pool (${jwt.userPool.scopes.join(", ")})`,
        );
      }
    });
    issues.push(...throttleIssues(`${path}.throttle`, route.throttle));
  }
  if (Object.keys(props.routes).length === 0) issues.push("routes: give at least one route");
  if (jwt !== undefined) {
    const clients = Object.keys(jwt.userPool.clientIds);
    if (jwt.audience.length === 0) issues.push("jwtAuthorizer.audience: give at least one client of the user pool");
    jwt.audience.forEach((client, i) => {
      if (!clients.includes(client)) {
        issues.push(
          `jwtAuthorizer.audience[${i}]: "${client}" is not a client of the user pool (${clients.join(", ") || "none"})`,
        );
      }
    });
    if (literal(jwt.userPool.region) && jwt.userPool.region !== props.region) {
      issues.push(
        `jwtAuthorizer.userPool: the pool is in ${jwt.userPool.region}, not the API's region ${props.region}; each region's API authorizes with its own region's pool`,
      );
    }
  }
  issues.push(...throttleIssues("throttle", props.throttle));
  if (props.cors !== undefined) issues.push(...corsProblems(props.cors).map((p) => `cors.${p.field}: ${p.message}`));
  const domains: [string, HttpApiCustomDomain | undefined][] = [
    ["customDomain", props.customDomain],
    ...Object.entries(props.sharedDomains ?? {}).map(([key, d]): [string, HttpApiCustomDomain] => [
      `sharedDomains.${key}`,
      d,
    ]),
  ];
  for (const [field, domain] of domains) {
    if (domain === undefined) continue;
    if (
      literal(domain.domainName) &&
      !/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain.domainName)
    ) {
      issues.push(`${field}.domainName: "${domain.domainName}" is not a lowercase DNS name such as api.example.com`);
    }
    if (literal(domain.certificateArn)) {
      const [, , service, region] = domain.certificateArn.split(":");
      if (service !== "acm" || region !== props.region) {
        issues.push(
          `${field}.certificateArn: ${domain.certificateArn} is not an ACM certificate of the API's region ${props.region}; a regional custom domain takes its certificate from its own region`,
        );
      }
    }
  }
  for (const [key, d] of Object.entries(props.sharedDomains ?? {})) {
    if (props.customDomain === undefined) issues.push(`sharedDomains.${key}: a shared domain needs customDomain`);
    else if (d.domainName === props.customDomain.domainName)
      issues.push(`sharedDomains.${key}.domainName: ${d.domainName} is already the customDomain`);
  }
  if (literal(props.kmsKeyArn) && props.kmsKeyArn.split(":")[3] !== props.region) {
    issues.push(`kmsKeyArn: ${props.kmsKeyArn} is not a key of the API's region ${props.region}`);
  }
  if (props.logRetentionDays !== undefined) issues.push(...logRetentionIssues(props.logRetentionDays));
  return issues;
}
