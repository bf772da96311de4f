import { albNameIssues, ruleIssues } from "../../../modules/alb/defaults";
import { DEFAULTS as WAF_DEFAULTS } from "../../../modules/waf-web-acl/defaults";
import { REPLICATION_LIMITS } from "../../../modules/ecr-repositories/defaults";
import {
  fargateSizeIssues,
  imageTagIssues,
  PARAMETER_ARN,
  PARAMETER_NAME,
  SECRET_ARN,
} from "../../../modules/ecs-service/defaults";
import type { ConfigIssue } from "../../config/issues";
import { stackTargets, type StackTarget } from "../../config/topology";
import { accessLogBucketName, ecsServiceName, loadBalancerName, targetGroupName } from "./names";
import { SERVICE_PROFILES, type LoadBalancerConfig, type ServiceConfig, type ServicesOrganization } from "./schema";

type Target = StackTarget<ServicesOrganization>;

/** Application ports a load balancer may reach: the application ACL's rules 40-89 hold ten. */
export const MAX_APPLICATION_PORTS = 10;

/** A Secrets Manager secret name: letters, digits and `/_+=.@-`, up to 512. */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** Every account-region's repositories, services, load balancers and alarms, each issue at its field's path. */
export function checkServices(org: ServicesOrganization): ConfigIssue[] {
  return stackTargets(org).flatMap((target) => [
    ...placementIssues(target),
    ...repositoryIssues(org, target),
    ...Object.entries(target.settings.services ?? {}).flatMap(([key, service]) =>
      serviceIssues(org, target, key, service),
    ),
    ...Object.entries(target.settings.loadBalancers ?? {}).flatMap(([key, lb]) =>
      loadBalancerIssues(org, target, key, lb),
    ),
    ...applicationPortIssues(target),
  ]);
}

/** Services and load balancers live in the VPC. */
function placementIssues(target: Target): ConfigIssue[] {
  if (target.settings.network) return [];
  return (["services", "loadBalancers"] as const)
    .filter((field) => Object.keys(target.settings[field] ?? {}).length > 0)
    .map((field) => ({
      path: `${target.path}.${field}`,
      message: `needs the network capability at ${target.path}.network, which is off`,
    }));
}

/** Replication stays in the account, inside the residency zone, within ECR's limits. */
function repositoryIssues(org: ServicesOrganization, target: Target): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const zone = org.regions[target.region]?.residency;
  const repositories = Object.entries(target.settings.repositories ?? {});
  for (const [key, repository] of repositories) {
    repository.replicateTo.forEach((region, i) => {
      const path = `${target.path}.repositories.${key}.replicateTo[${i}]`;
      if (!(region in org.regions)) issues.push({ path, message: `region "${region}" is not governed` });
      else if (region === target.region) issues.push({ path, message: "a registry replicates to other regions" });
      else if (org.regions[region].residency !== zone) {
        issues.push({
          path,
          message:
            `${region} is in residency zone "${org.regions[region].residency}", ${target.region} in "${zone}": ` +
            "images stay in their residency zone",
        });
      } else if (repository.replicateTo.indexOf(region) !== i) {
        issues.push({ path, message: `${region} is listed twice` });
      }
    });
  }
  const rules = repositories.filter(([, repository]) => repository.replicateTo.length > 0).length;
  if (rules > REPLICATION_LIMITS.rules) {
    issues.push({
      path: `${target.path}.repositories`,
      message: `${rules} repositories replicate; a registry holds at most ${REPLICATION_LIMITS.rules} replication rules`,
    });
  }
  return issues;
}

function serviceIssues(org: ServicesOrganization, target: Target, key: string, service: ServiceConfig): ConfigIssue[] {
  const path = `${target.path}.services.${key}`;
  const issues: ConfigIssue[] = [];
  const repositories = Object.keys(target.settings.repositories ?? {});
  if (!repositories.includes(service.image.repository)) {
    issues.push({
      path: `${path}.image.repository`,
      message: `"${service.image.repository}" is not a repository of ${target.path} (${repositories.join(", ") || "none"})`,
    });
  }
  issues.push(...atPath(path, imageTagIssues("image.tag", service.image.tag)));
  const profile = SERVICE_PROFILES[target.account.environment];
  issues.push(...atPath(path, fargateSizeIssues(service.cpu ?? profile.cpu, service.memory ?? profile.memory)));
  service.ports.forEach((port, i) => {
    if (service.ports.indexOf(port) !== i) {
      issues.push({ path: `${path}.ports[${i}]`, message: `${port} is already ports[${service.ports.indexOf(port)}]` });
    }
  });
  issues.push(...secretIssues(target, path, service));
  const scaling = service.autoscaling;
  if (scaling !== undefined && scaling.minTasks > scaling.maxTasks) {
    issues.push({
      path: `${path}.autoscaling.minTasks`,
      message: `${scaling.minTasks} is above maxTasks ${scaling.maxTasks}`,
    });
  }
  if (scaling !== undefined && service.desiredCount !== undefined) {
    issues.push({
      path: `${path}.desiredCount`,
      message: "autoscaling owns the task count; leave desiredCount out (the service starts at minTasks)",
    });
  }
  for (const field of ["databases", "caches", "documentDatabases"] as const) {
    issues.push(...storeReferenceIssues(target, path, field, service[field]));
  }
  const role = `${ecsServiceName(org, key)}-${target.region}-execution`;
  if (role.length > 64) {
    issues.push({ path, message: `the key is too long: the execution role "${role}" exceeds IAM's 64 characters` });
  }
  return issues;
}

/** Each data store a service names is one of its account-region's, named once. */
function storeReferenceIssues(
  target: Target,
  path: string,
  field: "databases" | "caches" | "documentDatabases",
  keys: readonly string[],
): ConfigIssue[] {
  const stores: Readonly<Record<string, unknown>> = target.settings[field] ?? {};
  return keys.flatMap((key, i) => {
    const at = `${path}.${field}[${i}]`;
    if (stores[key] === undefined) {
      const known = Object.keys(stores).join(", ") || "none";
      return [{ path: at, message: `there is no ${target.path}.${field}.${key} to reach (${known})` }];
    }
    return keys.indexOf(key) === i ? [] : [{ path: at, message: `${key} is already ${field}[${keys.indexOf(key)}]` }];
  });
}

/** Secrets by name or ARN, of this region (they stay in its residency zone). */
function secretIssues(target: Target, path: string, service: ServiceConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [name, secret] of Object.entries(service.secrets)) {
    const at = `${path}.secrets.${name}`;
    if (name in service.environment) {
      issues.push({ path: at, message: `environment.${name} sets the same variable; keep one` });
    }
    const [field, value, arn, what, isName] =
      "secretsManager" in secret
        ? (["secretsManager", secret.secretsManager, SECRET_ARN, "a Secrets Manager secret", SECRET_NAME.test(secret.secretsManager)] as const)
        : (["parameter", secret.parameter, PARAMETER_ARN, "an SSM parameter", PARAMETER_NAME.test(secret.parameter) && (!secret.parameter.includes("/") || secret.parameter.startsWith("/"))] as const); // prettier-ignore
    if (value.startsWith("arn:")) {
      const match = arn.exec(value);
      if (match === null) {
        issues.push({ path: `${at}.${field}`, message: `"${value}" is not the full ARN of ${what}` });
      } else if (match[1] !== target.region || match[2] !== target.accountId) {
        issues.push({
          path: `${at}.${field}`,
          message: `${what} of ${match[2]} in ${match[1]}; a task reads secrets of its own account and region (${target.accountId}, ${target.region})`,
        });
      }
    } else if (!isName) {
      issues.push({
        path: `${at}.${field}`,
        message:
          `"${value}" is not the name of ${what}` + (field === "parameter" ? ' (a name with "/" starts with "/")' : ""),
      });
    }
  }
  return issues;
}

function loadBalancerIssues(
  org: ServicesOrganization,
  target: Target,
  key: string,
  lb: LoadBalancerConfig,
): ConfigIssue[] {
  const path = `${target.path}.loadBalancers.${key}`;
  const issues: ConfigIssue[] = [];
  const services = target.settings.services ?? {};
  const name = loadBalancerName(org, target, key, lb);
  issues.push(...atPath(path, albNameIssues("name", name)));
  for (const [groupKey, group] of Object.entries(lb.targetGroups)) {
    const at = `${path}.targetGroups.${groupKey}`;
    for (const issue of albNameIssues("name", targetGroupName(name, groupKey))) {
      issues.push({
        path: at,
        message: `the target group's name ${issue.slice("name: ".length)}; shorten the key or the name`,
      });
    }
    const service = group.service === undefined ? undefined : services[group.service];
    if (group.service !== undefined && service === undefined) {
      issues.push({
        path: `${at}.service`,
        message: `"${group.service}" is not a service of ${target.path} (${Object.keys(services).join(", ") || "none"})`,
      });
    } else if (service !== undefined && group.port !== undefined && !service.ports.includes(group.port)) {
      issues.push({
        path: `${at}.port`,
        message: `${group.port} is not a port of services.${group.service} (${service.ports.join(", ")})`,
      });
    } else if (group.service === undefined && group.port === undefined) {
      issues.push({ path: `${at}.port`, message: "a target group without a service needs the targets' port" });
    }
    const check = group.healthCheck;
    if ((check?.timeoutSeconds ?? 5) >= (check?.intervalSeconds ?? 30)) {
      issues.push({ path: `${at}.healthCheck.timeoutSeconds`, message: "must be below intervalSeconds" });
    }
  }
  issues.push(...atPath(path, ruleIssues(lb.rules, Object.keys(lb.targetGroups))));
  if (lb.defaultTargetGroup !== undefined && !(lb.defaultTargetGroup in lb.targetGroups)) {
    issues.push({
      path: `${path}.defaultTargetGroup`,
      message: `"${lb.defaultTargetGroup}" is not a target group (${Object.keys(lb.targetGroups).join(", ")})`,
    });
  }
  issues.push(...certificateIssues(`${path}.certificate`, lb));
  const groups: readonly string[] = WAF_DEFAULTS.managedRuleGroups.map((group) => group.name);
  lb.waf.countOnly.forEach((group, i) => {
    if (!groups.includes(group)) {
      issues.push({
        path: `${path}.waf.countOnly[${i}]`,
        message: `"${group}" is not a rule group of the web ACL (${groups.join(", ")})`,
      });
    }
  });
  if (lb.deletionProtection === false && target.account.environment !== "dev") {
    issues.push({
      path: `${path}.deletionProtection`,
      message: `only a dev account may turn deletion protection off; accounts.${target.accountName} is ${target.account.environment}`,
    });
  }
  const bucket = accessLogBucketName(org, target, key);
  if (bucket.length > 63) {
    issues.push({ path, message: `the key is too long: the access-log bucket "${bucket}" exceeds S3's 63 characters` });
  }
  return issues;
}

/** One validation zone, and every name of the certificate inside it. */
function certificateIssues(path: string, lb: LoadBalancerConfig): ConfigIssue[] {
  const { hostedZoneId, hostedZone, domainName, subjectAlternativeNames } = lb.certificate;
  if ((hostedZoneId === undefined) === (hostedZone === undefined)) {
    return [{ path, message: "give the validation zone: hostedZoneId or hostedZone, one of them" }];
  }
  if (hostedZone === undefined) return [];
  const outside = (domain: string) => domain !== hostedZone && !domain.endsWith(`.${hostedZone}`);
  return [
    ...(outside(domainName)
      ? [{ path: `${path}.domainName`, message: `${domainName} is not in the zone ${hostedZone}` }]
      : []),
    ...subjectAlternativeNames.flatMap((domain, i) =>
      outside(domain)
        ? [{ path: `${path}.subjectAlternativeNames[${i}]`, message: `${domain} is not in the zone ${hostedZone}` }]
        : [],
    ),
    ...(1 + subjectAlternativeNames.length > 10
      ? [{ path: `${path}.subjectAlternativeNames`, message: "ACM takes at most 10 names per certificate" }]
      : []),
  ];
}

/** The ports load balancers reach in the application tier, as the VPC admits them. */
export function applicationPorts(target: Target): number[] {
  const services = target.settings.services ?? {};
  const ports = Object.values(target.settings.loadBalancers ?? {}).flatMap((lb) =>
    Object.values(lb.targetGroups).flatMap((group) => {
      const port = group.port ?? (group.service === undefined ? undefined : services[group.service]?.ports[0]);
      return port === undefined ? [] : [port];
    }),
  );
  return [...new Set(ports)].sort((a, b) => a - b);
}

function applicationPortIssues(target: Target): ConfigIssue[] {
  const ports = applicationPorts(target);
  return ports.length > MAX_APPLICATION_PORTS
    ? [
        {
          path: `${target.path}.loadBalancers`,
          message: `targets on ${ports.length} ports (${ports.join(", ")}); the application tier admits at most ${MAX_APPLICATION_PORTS}`,
        },
      ]
    : [];
}

/** Module issues (`cpu: …`, `rules.api.targetGroup: …`) at their config paths. */
function atPath(path: string, issues: readonly string[]): ConfigIssue[] {
  return issues.map((issue) => {
    const [field, ...message] = issue.split(": ");
    return { path: `${path}.${field}`, message: message.join(": ") };
  });
}
