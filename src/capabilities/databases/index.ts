import type { NoKeys } from "../../config/shapes";
import type { Capability } from "../capability";
import type * as build from "./build";
import { NETWORK_FRAGMENT } from "../network/schema";
import { checkDatabases, recoveryReplicaDependencies } from "./checks";
import { databasesDiagram } from "./diagram";
import { DATABASES_FRAGMENT } from "./schema";

/**
 * RDS PostgreSQL and MariaDB in an account-region's database tier (`databases`, which needs
 * `network`), sized by the environment's profile; disaster-recovery replicas in their own region.
 */
export const databases = {
  name: "databases",
  accountRegion: { ...NETWORK_FRAGMENT, ...DATABASES_FRAGMENT },
  organization: {},
  checks: checkDatabases,
  dependencies: recoveryReplicaDependencies,
  // The database tier admits MariaDB's port besides PostgreSQL's where there is a MariaDB.
  needs: (target) => (target.settings.databases?.mariadb ? { databasePorts: [3306] } : {}),
  diagram: databasesDiagram,
  builder: () => (require("./build") as typeof build).databasesBuilder,
} satisfies Capability<typeof NETWORK_FRAGMENT & typeof DATABASES_FRAGMENT, NoKeys>;
