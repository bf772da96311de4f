import { nameTag, stackId } from "../../naming";

/** Bucket name of an application bucket: `<org>-<account>-<region>-<key>` (3-63 characters). */
export function bucketName(org: string, account: string, region: string, key: string): string {
  return nameTag(org, stackId(account, region), key);
}
