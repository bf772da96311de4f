import { versionedExpiry } from "../../modules/log-archive/lifecycle";
import { stateKey } from "../naming";
import { capabilities } from "./capabilities";
import { plannedDependencies } from "./dependencies";
import { checkDeployPrincipals } from "./deploy-principals";
import type { ConfigIssue } from "./issues";
import { SCP_POLICIES } from "./policies";
import { AWS_REGIONS, DEFAULT_DEPLOY_ROLE, type Organization } from "./schema";
import { stackTargets, type StackEdge } from "./topology";

type Check = (org: Organization) => ConfigIssue[];

/** Semantic checks over a shape-valid organization; returns every issue, sorted by path. */
export function checkOrganization(org: Organization): ConfigIssue[] {
  const checks: Check[] = [
    checkRegions,
    checkAccountKinds,
    checkUniqueAccountFields,
    checkOrganizationalUnits,
    checkBackend,
    checkAccountIds,
    checkGovernanceStacks,
    checkServiceControlPolicies,
    checkLogArchive,
    checkDeployPrincipals,
    ...capabilities.flatMap((capability) => capability.checks ?? []),
    checkStateKeys,
    checkDependencyCycles,
  ];
  return checks.flatMap((check) => check(org));
}

const knownRegions: ReadonlySet<string> = new Set(AWS_REGIONS);

function regionIssue(path: string, region: string, org: Organization): ConfigIssue | undefined {
  if (!knownRegions.has(region)) return { path, message: `unknown AWS region "${region}"` };
  if (!(region in org.regions)) {
    const governed = Object.keys(org.regions).join(", ");
    return { path, message: `region "${region}" is not governed (organization.regions: ${governed})` };
  }
  return undefined;
}

function checkRegions(org: Organization): ConfigIssue[] {
  const issues: ConfigIssue[] = Object.keys(org.regions)
    .filter((region) => !knownRegions.has(region))
    .map((region) => ({ path: `regions.${region}`, message: `unknown AWS region "${region}"` }));
  const home = regionIssue("homeRegion", org.homeRegion, org);
  if (home) issues.push(home);
  for (const target of stackTargets(org)) {
    const issue = regionIssue(target.path, target.region, org);
    if (issue) issues.push(issue);
  }
  return issues;
}

function checkAccountKinds(org: Organization): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const kind of ["management", "security"] as const) {
    const names = Object.keys(org.accounts).filter((n) => org.accounts[n].kind === kind);
    if (names.length === 0) issues.push({ path: "accounts", message: `needs exactly one account of kind "${kind}"` });
    for (const extra of names.slice(1)) {
      issues.push({
        path: `accounts.${extra}.kind`,
        message: `a second "${kind}" account; accounts.${names[0]}.kind is already "${kind}"`,
      });
    }
  }
  for (const [accountName, account] of Object.entries(org.accounts)) {
    if (account.kind !== "management" && account.email === undefined) {
      issues.push({ path: `accounts.${accountName}.email`, message: "is required for member accounts" });
    }
    if (account.kind === "management" && account.ou !== "root") {
      issues.push({ path: `accounts.${accountName}.ou`, message: 'the management account lives in "root"' });
    }
  }
  return issues;
}

/** Reports each value that an earlier account already uses, naming the first owner. */
function duplicates(org: Organization, field: string, valueOf: (name: string) => string | undefined): ConfigIssue[] {
  const owners = new Map<string, string>();
  const issues: ConfigIssue[] = [];
  for (const accountName of Object.keys(org.accounts)) {
    const value = valueOf(accountName);
    if (value === undefined) continue;
    const owner = owners.get(value);
    if (owner === undefined) owners.set(value, accountName);
    else
      issues.push({
        path: `accounts.${accountName}.${field}`,
        message: `${value} is already used by accounts.${owner}.${field}`,
      });
  }
  return issues;
}

function checkUniqueAccountFields(org: Organization): ConfigIssue[] {
  return [
    ...duplicates(org, "id", (n) => org.accounts[n].id),
    ...duplicates(org, "email", (n) => org.accounts[n].email?.toLowerCase()),
  ];
}

function checkOrganizationalUnits(org: Organization): ConfigIssue[] {
  const ous = new Set(Object.keys(org.organizationalUnits));
  const issues: ConfigIssue[] = [];
  for (const ou of ous) {
    const parent = ou.split("/").slice(0, -1).join("/");
    if (parent !== "" && !ous.has(parent)) {
      issues.push({ path: `organizationalUnits.${ou}`, message: `parent OU "${parent}" is not declared` });
    }
  }
  for (const [accountName, account] of Object.entries(org.accounts)) {
    if (account.ou !== "root" && !ous.has(account.ou)) {
      issues.push({
        path: `accounts.${accountName}.ou`,
        message: `unknown OU "${account.ou}" (declare it under organizationalUnits, or use "root")`,
      });
    }
  }
  return issues;
}

function checkBackend(org: Organization): ConfigIssue[] {
  if (org.backend.type !== "s3") return [];
  const issues: ConfigIssue[] = [];
  const region = regionIssue("backend.region", org.backend.region, org);
  if (region) issues.push(region);
  const owner = org.accounts[org.backend.account];
  if (owner === undefined) {
    issues.push({ path: "backend.account", message: `unknown account "${org.backend.account}"` });
  } else if (owner.id === undefined) {
    issues.push({
      path: "backend.account",
      message: `accounts.${org.backend.account} has no id yet; the state bucket needs an existing account`,
    });
  }
  return issues;
}

/** An account without an id is created by the organization stack, so it cannot have stacks yet. */
function checkAccountIds(org: Organization): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [accountName, account] of Object.entries(org.accounts)) {
    if (account.id !== undefined) continue;
    if (account.kind === "management") {
      issues.push({ path: `accounts.${accountName}.id`, message: "is required for the management account" });
    } else if (Object.keys(account.regions).length > 0) {
      issues.push({
        path: `accounts.${accountName}.regions`,
        message:
          "an account without an id has no stacks yet: apply the organization stack, which creates it, " +
          `then set accounts.${accountName}.id from its account_ids output`,
      });
    }
  }
  const adopted = [
    ...Object.entries(org.accounts)
      .filter(([, account]) => account.kind !== "management" && account.id !== undefined)
      .map(([accountName]) => `accounts.${accountName}.id`),
    ...Object.entries(org.organizationalUnits)
      .filter(([, ou]) => ou.id !== undefined)
      .map(([path]) => `organizationalUnits.${path}.id`),
  ];
  if (org.organizationId === undefined && adopted.length > 0) {
    issues.push({
      path: "organizationId",
      message: `${adopted[0]} adopts an existing member, so the organization exists: give its id (o-...) to adopt it`,
    });
  }
  return issues;
}

/** GuardDuty, Security Hub and Config are regional: both governance accounts need every governed region. */
function checkGovernanceStacks(org: Organization): ConfigIssue[] {
  return (["management", "security"] as const).flatMap((kind) => {
    const accountName = Object.keys(org.accounts).find((name) => org.accounts[name].kind === kind);
    if (accountName === undefined) return [];
    return Object.keys(org.regions)
      .filter((region) => !(region in org.accounts[accountName].regions))
      .map((region) => ({
        path: `accounts.${accountName}.regions`,
        message: `add ${region}: the ${kind} account needs a stack in every governed region`,
      }));
  });
}

function checkServiceControlPolicies(org: Organization): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  // The guardrails protect one deploy role name in every member account.
  const roles = Object.entries(org.accounts).filter(([, account]) => account.kind !== "management");
  const firstRole = roles[0]?.[1].deployRoleName ?? DEFAULT_DEPLOY_ROLE;
  for (const [accountName, account] of roles) {
    const role = account.deployRoleName ?? DEFAULT_DEPLOY_ROLE;
    if (role !== firstRole) {
      issues.push({
        path: `accounts.${accountName}.deployRoleName`,
        message: `member accounts share one deploy role (the guardrail SCP protects it): ${firstRole} is used by accounts.${roles[0][0]}`,
      });
    }
  }
  const policies = org.serviceControlPolicies;
  for (const policy of SCP_POLICIES) {
    (policies[policy] ?? []).forEach((target, index) => {
      const path = `serviceControlPolicies.${policy}[${index}]`;
      const [kind, ...rest] = target.split(":");
      const ref = rest.join(":");
      if (kind === "ou" && !(ref in org.organizationalUnits)) {
        issues.push({ path, message: `unknown OU "${ref}" (declare it under organizationalUnits)` });
      } else if (kind === "account" && !(ref in org.accounts)) {
        issues.push({ path, message: `unknown account "${ref}"` });
      } else if (kind === "account" && org.accounts[ref].kind === "management") {
        issues.push({ path, message: "SCPs never apply to the management account; attach to member OUs or accounts" });
      }
    });
  }
  return issues;
}

function checkLogArchive(org: Organization): ConfigIssue[] {
  const { retentionDays, objectLockDays, glacierAfterDays } = org.logArchive;
  const issues: ConfigIssue[] = [];
  if (objectLockDays !== undefined && objectLockDays > retentionDays) {
    issues.push({
      path: "logArchive.objectLockDays",
      message: `${objectLockDays} exceeds retentionDays ${retentionDays}: locked logs would outlive their expiry`,
    });
  }
  const markedDeleted = versionedExpiry(retentionDays).markDeletedAfterDays;
  if (glacierAfterDays >= markedDeleted) {
    issues.push({
      path: "logArchive.glacierAfterDays",
      message: `${glacierAfterDays} must be less than ${markedDeleted}, the day logs are marked deleted (retentionDays - 1)`,
    });
  }
  return issues;
}

function checkStateKeys(org: Organization): ConfigIssue[] {
  if (org.backend.type !== "s3") return [];
  const owners = new Map<string, string>();
  const issues: ConfigIssue[] = [];
  for (const target of stackTargets(org)) {
    const key = stateKey(org.name, target.accountName, target.region, target.settings.stateKey);
    const owner = owners.get(key);
    if (owner === undefined) owners.set(key, target.path);
    else issues.push({ path: `${target.path}.stateKey`, message: `state key ${key} is already used by ${owner}` });
  }
  return issues;
}

/** One issue per dependency cycle, at the path of the edge that starts it. */
function checkDependencyCycles(org: Organization): ConfigIssue[] {
  return findCycles(plannedDependencies(org)).map((cycle) => ({
    path: cycle[0].path,
    message: `stack dependency cycle: ${[...cycle.map((e) => e.from), cycle[0].from].join(" -> ")}`,
  }));
}

/** Cycles found by a depth-first walk (at least one per cyclic part of the graph), as the edges along each. */
function findCycles(edges: readonly StackEdge[]): StackEdge[][] {
  const out = new Map<string, StackEdge[]>();
  for (const edge of edges) out.set(edge.from, [...(out.get(edge.from) ?? []), edge]);
  const state = new Map<string, "open" | "done">();
  const stack: StackEdge[] = [];
  const cycles: StackEdge[][] = [];
  const visit = (node: string): void => {
    state.set(node, "open");
    for (const edge of out.get(node) ?? []) {
      const next = state.get(edge.to);
      if (next === "open") {
        const start = stack.findIndex((e) => e.from === edge.to);
        cycles.push([...(start === -1 ? [] : stack.slice(start)), edge]);
      } else if (next === undefined) {
        stack.push(edge);
        visit(edge.to);
        stack.pop();
      }
    }
    state.set(node, "done");
  };
  for (const node of out.keys()) if (!state.has(node)) visit(node);
  return cycles;
}
