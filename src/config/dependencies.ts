import { BOOTSTRAP_STACK_ID, ORGANIZATION_STACK_ID, stackId } from "../naming";
import { capabilities } from "./capabilities";
import type { Organization } from "./schema";
import { accountHomeRegion, stackTargets, type StackEdge, type StackTarget } from "./topology";

/**
 * Every dependency between stacks, so that `cdktf deploy '*'`, the deploy waves and Terraform
 * Cloud run triggers put whatever a stack names by a fixed name or ARN first:
 * - the organization stack on `bootstrap` (S3 backend): every backend needs the state bucket,
 *   lock and role, and every other stack reaches `bootstrap` through the organization stack;
 * - the security stacks and the management account's home-region stack on the organization stack:
 *   delegated administrators and the organization trail need its trusted access;
 * - every stack on the security account's home-region stack: the log archive its trail, Config
 *   and flow logs write to;
 * - what each capability adds (a link's owner on its peer, a disaster-recovery replica's stack on
 *   its source's: `dependencies` of src/capabilities);
 * - every other stack of an account on the account's home-region stack: account-global resources
 *   live there (Config's service-linked role, named by every Config recorder; the RDS monitoring
 *   and DMS roles; the deploy role's trust).
 */
export function plannedDependencies(org: Organization): StackEdge[] {
  const targets = stackTargets(org);
  const onBootstrap: StackEdge[] =
    org.backend.type === "s3"
      ? [{ from: ORGANIZATION_STACK_ID, to: BOOTSTRAP_STACK_ID, path: "backend", reason: "state backend" }]
      : [];
  const onOrganization = targets
    .filter((t) => t.account.kind === "security" || (t.account.kind === "management" && t.region === org.homeRegion))
    .map((t) => ({ from: t.stackId, to: ORGANIZATION_STACK_ID, path: t.path, reason: "trusted access" }));
  const security = Object.keys(org.accounts).find((accountName) => org.accounts[accountName].kind === "security");
  const archive = targets.find((t) => t.accountName === security && t.region === org.homeRegion);
  const onArchive =
    archive === undefined
      ? []
      : targets
          .filter((t) => t !== archive)
          .map((t) => ({ from: t.stackId, to: archive.stackId, path: t.path, reason: "log archive" }));
  const ofCapabilities = capabilities.flatMap((capability) => capability.dependencies?.(org) ?? []);
  const onAccountHome = targets
    .filter((t) => t.region !== accountHomeRegion(org, t.account))
    .map((t) => ({
      from: t.stackId,
      to: stackId(t.accountName, accountHomeRegion(org, t.account)),
      path: t.path,
      reason: "account home",
    }));
  // One edge per pair of stacks, with the most specific reason.
  const edges = new Map<string, StackEdge>();
  for (const edge of [...onBootstrap, ...onOrganization, ...onArchive, ...ofCapabilities, ...onAccountHome]) {
    const key = `${edge.from} ${edge.to}`;
    if (!edges.has(key)) edges.set(key, edge);
  }
  return [...edges.values()];
}

/**
 * Targets ordered so that every stack comes after the stacks it depends on; config order
 * otherwise. The config checks guarantee the planned dependencies form a DAG.
 */
export function dependencyOrder(org: Organization): StackTarget<Organization>[] {
  const targets = stackTargets(org);
  const needs = new Map(targets.map((t) => [t.stackId, [] as string[]]));
  for (const edge of plannedDependencies(org)) needs.get(edge.from)?.push(edge.to);
  const ordered: StackTarget<Organization>[] = [];
  const placed = new Set<string>();
  const place = (target: StackTarget<Organization>): void => {
    if (placed.has(target.stackId)) return;
    placed.add(target.stackId);
    for (const dependency of needs.get(target.stackId) ?? []) {
      const found = targets.find((t) => t.stackId === dependency);
      if (found) place(found);
    }
    ordered.push(target);
  };
  targets.forEach(place);
  return ordered;
}
