import { windowIssues, type WindowRules } from "../../../modules/rds/windows";
import type { ConfigIssue } from "../../config/issues";

/** What the shared checks read of an account-region (a `StackTarget` of any capability in the network). */
export interface StoreTarget {
  readonly path: string;
  readonly accountName: string;
  readonly account: { readonly environment: string };
  readonly settings: { readonly network?: unknown };
}

/** What the shared checks need to know of one kind of store. */
export interface StoreRules<T> {
  /** The physical name a store's key makes, at its longest (instances add a suffix), and the service's limit. */
  readonly name: (key: string, store: T) => string;
  readonly maxLength: number;
  /** What the name names, for the message (`replication group id`). */
  readonly what: string;
  /** The store's daily and weekly windows, defaults applied, and the service's window rules. */
  readonly windows: (store: T) => readonly [string, string];
  readonly windowRules: WindowRules;
}

/**
 * Checks every data store of the database tier shares (caches, document databases): the
 * account-region has the network they sit in, only dev turns deletion protection off, the physical
 * name fits the service, and the windows are well-formed, long enough and apart.
 */
export function storeIssues<T extends { readonly deletionProtection: boolean }>(
  target: StoreTarget,
  key: string,
  stores: Readonly<Record<string, T>>,
  rules: StoreRules<T>,
): ConfigIssue[] {
  const path = `${target.path}.${key}`;
  const issues: ConfigIssue[] = [];
  if (Object.keys(stores).length > 0 && !target.settings.network) {
    issues.push({ path, message: `needs the network capability at ${target.path}.network, which is off` });
  }
  for (const [name, store] of Object.entries(stores)) {
    const storePath = `${path}.${name}`;
    if (!store.deletionProtection && target.account.environment !== "dev") {
      issues.push({
        path: `${storePath}.deletionProtection`,
        message: `only a dev account may turn deletion protection off; accounts.${target.accountName} is ${target.account.environment}`,
      });
    }
    issues.push(...nameLengthIssues(storePath, rules.name(name, store), rules.maxLength, rules.what));
    issues.push(...atPath(storePath, windowIssues(...rules.windows(store), rules.windowRules)));
  }
  return issues;
}

/**
 * Module messages of the form `<prop>: <text>` (the window checks of the rds module) at the config
 * path of that prop.
 */
function atPath(path: string, messages: readonly string[]): ConfigIssue[] {
  return messages.map((message) => {
    const [field, ...rest] = message.split(": ");
    return { path: `${path}.${field}`, message: rest.join(": ") };
  });
}

/** A physical name longer than the service takes, at the config key that makes it. */
function nameLengthIssues(path: string, name: string, max: number, what: string): ConfigIssue[] {
  return name.length > max
    ? [
        {
          path,
          message: `makes the ${what} "${name}" (${name.length} characters), longer than the ${max} AWS allows; use a shorter key`,
        },
      ]
    : [];
}
