import type { ConfigIssue } from "../../config/issues";

/** What the shared checks read of an account-region (a `StackTarget` of any capability in the network). */
export interface StoreTarget {
  readonly path: string;
  readonly accountName: string;
  readonly account: { readonly environment: string };
  readonly settings: { readonly network?: unknown };
}

/**
 * Checks every data store of the database tier shares (caches, document databases): the
 * account-region has the network they sit in, and only dev turns deletion protection off.
 */
export function storeIssues(
  target: StoreTarget,
  key: string,
  stores: Readonly<Record<string, { readonly deletionProtection: boolean }>>,
): ConfigIssue[] {
  const path = `${target.path}.${key}`;
  const issues: ConfigIssue[] = [];
  if (Object.keys(stores).length > 0 && !target.settings.network) {
    issues.push({ path, message: `needs the network capability at ${target.path}.network, which is off` });
  }
  for (const [name, store] of Object.entries(stores)) {
    if (!store.deletionProtection && target.account.environment !== "dev") {
      issues.push({
        path: `${path}.${name}.deletionProtection`,
        message: `only a dev account may turn deletion protection off; accounts.${target.accountName} is ${target.account.environment}`,
      });
    }
  }
  return issues;
}

/**
 * Module messages of the form `<prop>: <text>` (the window checks of the rds module) at the config
 * path of that prop.
 */
export function atPath(path: string, messages: readonly string[]): ConfigIssue[] {
  return messages.map((message) => {
    const [field, ...rest] = message.split(": ");
    return { path: `${path}.${field}`, message: rest.join(": ") };
  });
}

/** A physical name longer than the service takes, at the config key that makes it. */
export function nameLengthIssues(path: string, name: string, max: number, what: string): ConfigIssue[] {
  return name.length > max
    ? [{ path, message: `makes the ${what} "${name}" (${name.length} characters), longer than the ${max} AWS allows; use a shorter key` }]
    : [];
}
