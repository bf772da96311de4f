import { stackId } from "../naming";
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

/** The stack a target's Terraform depends on, with the config path that creates the edge. */
export interface StackEdge {
  readonly from: string;
  readonly to: string;
  readonly path: string;
}

/**
 * Dependencies the config implies: every stack on the security account's home-region stack (the
 * log archive its trail, Config and flow logs write to), a link's owner on its peer, a database
 * stack on its account's home-region stack and on its disaster-recovery region's stack.
 */
export function plannedDependencies(org: Organization): StackEdge[] {
  const targets = stackTargets(org);
  const security = Object.keys(org.accounts).find((accountName) => org.accounts[accountName].kind === "security");
  const archive = targets.find((t) => t.accountName === security && t.region === org.homeRegion);
  const onArchive =
    archive === undefined
      ? []
      : targets
          .filter((t) => t !== archive)
          .map((t) => ({
            from: t.stackId,
            to: archive.stackId,
            path: t.path,
          }));
  const onPeers = targets.flatMap((target) =>
    Object.keys(target.settings.network?.peers ?? {})
      .filter((peer) => peer !== target.stackId)
      .map((peer) => ({
        from: target.stackId,
        to: peer,
        path: `${target.path}.network.peers.${peer}`,
      })),
  );
  // Account-global roles (RDS monitoring, DMS) live in the account's home-region stack.
  const onAccountHome = targets
    .filter((t) => (t.settings.databases || t.settings.referenceSync) && t.region !== accountHomeRegion(org, t.account))
    .map((t) => ({
      from: t.stackId,
      to: stackId(t.accountName, accountHomeRegion(org, t.account)),
      path: `${t.path}.${t.settings.databases ? "databases" : "referenceSync"}`,
    }));
  // A disaster-recovery replica goes into the database tier of the account's stack in that region
  // (only a replica the data-tier checks can accept: same residency zone, another region).
  const onRecoveryRegion = targets.flatMap((t) =>
    Object.entries(t.settings.databases ?? {}).flatMap(([engine, database]) =>
      database?.disasterRecoveryRegion === undefined ||
      database.disasterRecoveryRegion === t.region ||
      org.regions[database.disasterRecoveryRegion]?.residency !== org.regions[t.region]?.residency ||
      !(database.disasterRecoveryRegion in t.account.regions)
        ? []
        : [
            {
              from: t.stackId,
              to: stackId(t.accountName, database.disasterRecoveryRegion),
              path: `${t.path}.databases.${engine}.disasterRecoveryRegion`,
            },
          ],
    ),
  );
  // One edge per pair of stacks, with the path of the first reason.
  const edges = new Map<string, StackEdge>();
  for (const edge of [...onArchive, ...onPeers, ...onAccountHome, ...onRecoveryRegion]) {
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
