import { nameTag } from "../../naming";

/** Cluster identifier of a document database: `<org>-<account>-<region>-<key>`. */
export function documentDatabaseName(org: string, stackId: string, key: string): string {
  return nameTag(org, stackId, key);
}
