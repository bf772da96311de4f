import type { NoKeys } from "../../config/shapes";
import type { Capability } from "../capability";
import type * as build from "./build";
import { checkBackups } from "./checks";
import { backupsDiagram } from "./diagram";
import { BACKUPS_FRAGMENT } from "./schema";

/**
 * An AWS Backup vault per account-region (`backups`): CMK, a lock in prod, plans with daily and
 * monthly rules, selections by tag, copies only to vaults of the same residency zone.
 */
export const backups = {
  name: "backups",
  accountRegion: BACKUPS_FRAGMENT,
  organization: {},
  checks: checkBackups,
  diagram: backupsDiagram,
  builder: () => (require("./build") as typeof build).backupsBuilder,
} satisfies Capability<typeof BACKUPS_FRAGMENT, NoKeys>;
