import { nameTag, stackId } from "../../naming";

/** Vault name of an account-region: `<org>-<account>-<region>` (2-50 characters). */
export function vaultName(org: string, account: string, region: string): string {
  return nameTag(org, stackId(account, region));
}

/** The vault a copy action names in another region of the same account (created by that region's stack). */
export function vaultArn(org: string, account: string, accountId: string, region: string): string {
  return `arn:aws:backup:${region}:${accountId}:backup-vault:${vaultName(org, account, region)}`;
}
