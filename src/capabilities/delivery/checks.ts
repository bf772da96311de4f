import { CONNECTION_ARN } from "../../../modules/delivery-pipeline/defaults";
import type { ConfigIssue } from "../../config/issues";
import { stackTargets, type StackTarget } from "../../config/topology";
import { nameTag } from "../../naming";
import type { DeliveryOrganization } from "./schema";

/** Deploy roles and pipelines of every account-region, at their fields' paths. */
export function checkDelivery(org: DeliveryOrganization): ConfigIssue[] {
  const targets = stackTargets(org).filter((t) => t.settings.delivery !== undefined);
  const roleNames = new Map<string, string>();
  return targets.flatMap((target) => {
    const issues = checkStack(target);
    for (const [key, role] of Object.entries(target.settings.delivery!.githubRoles)) {
      const path = `${target.path}.delivery.githubRoles.${key}`;
      const name = githubRoleName(org, target, key, role.roleName);
      const owner = roleNames.get(`${target.accountName} ${name}`);
      if (owner !== undefined)
        issues.push({ path, message: `role name ${name} is already ${owner}'s (IAM is global)` });
      roleNames.set(`${target.accountName} ${name}`, path);
      if (name.length > 64) issues.push({ path, message: `role name ${name} is over 64 characters; set roleName` });
    }
    return issues;
  });
}

/** The role's IAM name: the config's, or `<org>-<account>-<region>-<key>`. */
export function githubRoleName(
  org: DeliveryOrganization,
  target: StackTarget<DeliveryOrganization>,
  key: string,
  given?: string,
): string {
  return given ?? nameTag(org.name, target.stackId, key.replace(/_/g, "-"));
}

function checkStack(target: StackTarget<DeliveryOrganization>): ConfigIssue[] {
  const delivery = target.settings.delivery!;
  const path = `${target.path}.delivery`;
  const issues: ConfigIssue[] = [];
  for (const [key, role] of Object.entries(delivery.githubRoles)) {
    const at = `${path}.githubRoles.${key}`;
    if (role.branches.length + role.environments.length === 0) {
      issues.push({ path: `${at}.branches`, message: "name at least one branch or environment the role trusts" });
    }
    role.sites.forEach((site, i) => {
      if (target.settings.edge?.sites[site] === undefined)
        issues.push({ path: `${at}.sites.${i}`, message: `"${site}" is not a site of ${target.path}.edge.sites` });
    });
    role.statements.forEach((statement, i) =>
      statement.actions.forEach((action, j) => {
        if (action.endsWith(":*"))
          issues.push({
            path: `${at}.statements.${i}.actions.${j}`,
            message: `${action} grants a whole service; name the actions`,
          });
      }),
    );
  }
  for (const [key, pipeline] of Object.entries(delivery.pipelines)) {
    const at = `${path}.pipelines.${key}`;
    const match = CONNECTION_ARN.exec(pipeline.connectionArn);
    if (match === null) {
      issues.push({
        path: `${at}.connectionArn`,
        message: "must be a codestar-connections or codeconnections connection ARN",
      });
    } else if (match[2] !== target.region || match[3] !== target.accountId) {
      issues.push({
        path: `${at}.connectionArn`,
        message: `a pipeline uses a connection of its own account and region (${target.accountId}, ${target.region}); this one is ${match[3]}'s in ${match[2]}`,
      });
    }
    const services = Object.keys(target.settings.services ?? {});
    if (pipeline.deploy !== undefined && !services.includes(pipeline.deploy.service)) {
      issues.push({
        path: `${at}.deploy.service`,
        message: `"${pipeline.deploy.service}" is not a service of ${target.path}.services (${services.join(", ") || "none"})`,
      });
    }
    if (!pipeline.deletionProtection && target.account.environment !== "dev") {
      issues.push({
        path: `${at}.deletionProtection`,
        message: `only a dev account may turn deletion protection off; accounts.${target.accountName} is ${target.account.environment}`,
      });
    }
  }
  return issues;
}
