import { BOOTSTRAP_STACK_ID, ORGANIZATION_STACK_ID, stackId } from "../naming";
import type { Account, AccountRegion, Organization } from "./schema";

/** One (account, region) of the organization: the unit that becomes a stack. */
export interface StackTarget {
  readonly stackId: string;
  readonly accountName: string;
  readonly account: Account;
  /** The account's id: only accounts that exist have stacks. */
  readonly accountId: string;
  readonly region: string;
  readonly settings: AccountRegion;
  /** Dotted config path of this account-region, for error messages. */
  readonly path: string;
}

/** The id of an account that must exist; the config checks guarantee it where stacks need it. */
export function accountIdOf(org: Organization, accountName: string): string {
  const id = org.accounts[accountName]?.id;
  if (id === undefined) throw new Error(`accounts.${accountName}.id is required here; the config checks missed it`);
  return id;
}

/** Key of the one account of a kind (`management`, `security`); the config checks guarantee one. */
export function accountOfKind(org: Organization, kind: "management" | "security"): string {
  const found = Object.keys(org.accounts).find((accountName) => org.accounts[accountName].kind === kind);
  if (found === undefined) throw new Error(`no ${kind} account; the config checks missed it`);
  return found;
}

/** Where an account's account-global resources live: the home region if it has a stack there, else its first region. */
export function accountHomeRegion(org: Organization, account: Account): string {
  return org.homeRegion in account.regions ? org.homeRegion : Object.keys(account.regions)[0];
}

/** Every account-region of the existing accounts, in config order (accounts, then their regions). */
export function stackTargets(org: Organization): StackTarget[] {
  return Object.entries(org.accounts).flatMap(([accountName, account]) =>
    Object.entries(account.id === undefined ? {} : account.regions).map(([region, settings]) => ({
      stackId: stackId(accountName, region),
      accountName,
      account,
      accountId: account.id!,
      region,
      settings,
      path: `accounts.${accountName}.regions.${region}`,
    })),
  );
}

/** Why one stack must deploy before another. */
export type DependencyReason =
  "state backend" | "trusted access" | "log archive" | "account home" | "network link" | "DR replica";

/** A stack's dependency on another stack, with the config path that creates it and why. */
export interface StackEdge {
  readonly from: string;
  readonly to: string;
  readonly path: string;
  readonly reason: DependencyReason;
}

/**
 * Every dependency between stacks, so that `cdktf deploy '*'`, the deploy waves and Terraform
 * Cloud run triggers put whatever a stack names by a fixed name or ARN first:
 * - the organization stack on `bootstrap` (S3 backend): every backend needs the state bucket,
 *   lock and role, and every other stack reaches `bootstrap` through the organization stack;
 * - the security stacks and the management account's home-region stack on the organization stack:
 *   delegated administrators and the organization trail need its trusted access;
 * - every stack on the security account's home-region stack: the log archive its trail, Config
 *   and flow logs write to;
 * - every other stack of an account on the account's home-region stack: account-global resources
 *   live there (Config's service-linked role, named by every Config recorder; the RDS monitoring
 *   and DMS roles; the deploy role's trust);
 * - a link's owner on its peer, a disaster-recovery replica's stack on its source's.
 */
export function plannedDependencies(org: Organization): StackEdge[] {
  const targets = stackTargets(org);
  const onBootstrap: StackEdge[] =
    org.backend.type === "s3"
      ? [{ from: ORGANIZATION_STACK_ID, to: BOOTSTRAP_STACK_ID, path: "backend", reason: "state backend" }]
      : [];
  const onOrganization = targets
    .filter((t) => t.account.kind === "security" || (t.account.kind === "management" && t.region === org.homeRegion))
    .map((t) => ({ from: t.stackId, to: ORGANIZATION_STACK_ID, path: t.path, reason: "trusted access" as const }));
  const security = Object.keys(org.accounts).find((accountName) => org.accounts[accountName].kind === "security");
  const archive = targets.find((t) => t.accountName === security && t.region === org.homeRegion);
  const onArchive =
    archive === undefined
      ? []
      : targets
          .filter((t) => t !== archive)
          .map((t) => ({ from: t.stackId, to: archive.stackId, path: t.path, reason: "log archive" as const }));
  const onPeers = targets.flatMap((target) =>
    Object.keys(target.settings.network?.peers ?? {})
      .filter((peer) => peer !== target.stackId)
      .map((peer) => ({
        from: target.stackId,
        to: peer,
        path: `${target.path}.network.peers.${peer}`,
        reason: "network link" as const,
      })),
  );
  const onAccountHome = targets
    .filter((t) => t.region !== accountHomeRegion(org, t.account))
    .map((t) => ({
      from: t.stackId,
      to: stackId(t.accountName, accountHomeRegion(org, t.account)),
      path: t.path,
      reason: "account home" as const,
    }));
  // A disaster-recovery replica lives in the account's stack of that region, after its source
  // (only a replica the data-tier checks can accept: same residency zone, another region).
  const onRecoveryRegion = targets.flatMap((t) =>
    Object.entries(t.settings.databases ?? {}).flatMap(([engine, database]) =>
      database?.disasterRecoveryRegion === undefined ||
      database.disasterRecoveryRegion === t.region ||
      database.disasterRecoveryRegion === accountHomeRegion(org, t.account) ||
      org.regions[database.disasterRecoveryRegion]?.residency !== org.regions[t.region]?.residency ||
      !(database.disasterRecoveryRegion in t.account.regions)
        ? []
        : [
            {
              from: stackId(t.accountName, database.disasterRecoveryRegion),
              to: t.stackId,
              path: `${t.path}.databases.${engine}.disasterRecoveryRegion`,
              reason: "DR replica" as const,
            },
          ],
    ),
  );
  // One edge per pair of stacks, with the most specific reason.
  const edges = new Map<string, StackEdge>();
  for (const edge of [
    ...onBootstrap,
    ...onOrganization,
    ...onArchive,
    ...onPeers,
    ...onRecoveryRegion,
    ...onAccountHome,
  ]) {
    const key = `${edge.from} ${edge.to}`;
    if (!edges.has(key)) edges.set(key, edge);
  }
  return [...edges.values()];
}

/**
 * Targets ordered so that every stack comes after the stacks it depends on; config order
 * otherwise. The config checks guarantee the planned dependencies form a DAG.
 */
export function dependencyOrder(org: Organization): StackTarget[] {
  const targets = stackTargets(org);
  const needs = new Map(targets.map((t) => [t.stackId, [] as string[]]));
  for (const edge of plannedDependencies(org)) needs.get(edge.from)?.push(edge.to);
  const ordered: StackTarget[] = [];
  const placed = new Set<string>();
  const place = (target: StackTarget): void => {
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
