import { stackId } from "../naming";
import type { CoreOrganization } from "./shapes";

/** An account of an organization, with the account-region settings its capabilities give it. */
export type AccountOf<O extends CoreOrganization> = O["accounts"][string];

/** One (account, region) of the organization: the unit that becomes a stack. */
export interface StackTarget<O extends CoreOrganization = CoreOrganization> {
  readonly stackId: string;
  readonly accountName: string;
  readonly account: AccountOf<O>;
  /** The account's id: only accounts that exist have stacks. */
  readonly accountId: string;
  readonly region: string;
  readonly settings: AccountOf<O>["regions"][string];
  /** Dotted config path of this account-region, for error messages. */
  readonly path: string;
}

/** The id of an account that must exist; the config checks guarantee it where stacks need it. */
export function accountIdOf(org: CoreOrganization, accountName: string): string {
  const id = org.accounts[accountName]?.id;
  if (id === undefined) throw new Error(`accounts.${accountName}.id is required here; the config checks missed it`);
  return id;
}

/** Key of the one account of a kind (`management`, `security`); the config checks guarantee one. */
export function accountOfKind(org: CoreOrganization, kind: "management" | "security"): string {
  const found = Object.keys(org.accounts).find((accountName) => org.accounts[accountName].kind === kind);
  if (found === undefined) throw new Error(`no ${kind} account; the config checks missed it`);
  return found;
}

/** Where an account's account-global resources live: the home region if it has a stack there, else its first region. */
export function accountHomeRegion(org: CoreOrganization, account: AccountOf<CoreOrganization>): string {
  return org.homeRegion in account.regions ? org.homeRegion : Object.keys(account.regions)[0];
}

/** Every account-region of the existing accounts, in config order (accounts, then their regions). */
export function stackTargets<O extends CoreOrganization>(org: O): StackTarget<O>[] {
  const accounts = org.accounts as Record<string, AccountOf<O>>;
  return Object.entries(accounts).flatMap(([accountName, account]) => {
    const regions: AccountOf<O>["regions"] = account.id === undefined ? {} : account.regions;
    return Object.entries(regions).map(([region, settings]): StackTarget<O> => ({
      stackId: stackId(accountName, region),
      accountName,
      account,
      accountId: account.id!,
      region,
      settings: settings as AccountOf<O>["regions"][string],
      path: `accounts.${accountName}.regions.${region}`,
    }));
  });
}

/** The stack a target's Terraform depends on, with the config path that creates it and why. */
export interface StackEdge {
  readonly from: string;
  readonly to: string;
  readonly path: string;
  /** Why, in a few words: `log archive`, `network link`, `DR replica`. */
  readonly reason: string;
}
