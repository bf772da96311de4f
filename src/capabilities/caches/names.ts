import { nameTag } from "../../naming";

/** Replication group id of a cache: `<org>-<account>-<region>-<key>`, so two stacks never share one. */
export function cacheName(org: string, stackId: string, key: string): string {
  return nameTag(org, stackId, key);
}
