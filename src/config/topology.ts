import { stackId } from "../naming";
import type { Account, AccountRegion, Organization } from "./schema";

/** One (account, region) of the organization: the unit that becomes a stack. */
export interface StackTarget {
  readonly stackId: string;
  readonly accountName: string;
  readonly account: Account;
  readonly region: string;
  readonly settings: AccountRegion;
  /** Dotted config path of this account-region, for error messages. */
  readonly path: string;
}

/** Every account-region in config order (accounts, then their regions). */
export function stackTargets(org: Organization): StackTarget[] {
  return Object.entries(org.accounts).flatMap(([accountName, account]) =>
    Object.entries(account.regions).map(([region, settings]) => ({
      stackId: stackId(accountName, region),
      accountName,
      account,
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

/** Dependencies the config implies: a link's owner depends on its peer. */
export function plannedDependencies(org: Organization): StackEdge[] {
  return stackTargets(org).flatMap((target) =>
    Object.keys(target.settings.network?.peers ?? {})
      .filter((peer) => peer !== target.stackId)
      .map((peer) => ({
        from: target.stackId,
        to: peer,
        path: `${target.path}.network.peers.${peer}`,
      })),
  );
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
