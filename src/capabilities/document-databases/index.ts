import { DEFAULTS } from "../../../modules/documentdb/defaults";
import type { NoKeys } from "../../config/shapes";
import type { Capability } from "../capability";
import { NETWORK_FRAGMENT } from "../network/schema";
import type * as build from "./build";
import { checkDocumentDatabases } from "./checks";
import { documentDatabasesDiagram } from "./diagram";
import { DOCUMENT_DATABASES_FRAGMENT } from "./schema";

/**
 * Amazon DocumentDB clusters in an account-region's database tier (`documentDatabases`, which
 * needs `network`), sized by the environment's profile (three instances in prod).
 */
export const documentDatabases = {
  name: "document databases",
  accountRegion: { ...NETWORK_FRAGMENT, ...DOCUMENT_DATABASES_FRAGMENT },
  organization: {},
  checks: checkDocumentDatabases,
  // The database tier admits 27017 from the application tier (NACL and security group).
  needs: (target) =>
    Object.keys(target.settings.documentDatabases ?? {}).length > 0 ? { databasePorts: [DEFAULTS.port] } : {},
  diagram: documentDatabasesDiagram,
  builder: () => (require("./build") as typeof build).documentDatabasesBuilder,
} satisfies Capability<typeof NETWORK_FRAGMENT & typeof DOCUMENT_DATABASES_FRAGMENT, NoKeys>;
