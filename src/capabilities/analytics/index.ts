import type { NoKeys } from "../../config/shapes";
import type { Capability } from "../capability";
import { DATABASES_FRAGMENT } from "../databases/schema";
import { NETWORK_FRAGMENT } from "../network/schema";
import type * as build from "./build";
import { checkAnalytics } from "./checks";
import { analyticsDiagram } from "./diagram";
import { ANALYTICS_FRAGMENT } from "./schema";

/**
 * Glue ETL and QuickSight over an account-region's own MariaDB and PostgreSQL (`analytics`,
 * which needs `network` and `databases`); the QuickSight account subscription is a prerequisite.
 */
export const analytics = {
  name: "analytics",
  accountRegion: { ...NETWORK_FRAGMENT, ...DATABASES_FRAGMENT, ...ANALYTICS_FRAGMENT },
  organization: {},
  checks: checkAnalytics,
  diagram: analyticsDiagram,
  builder: () => (require("./build") as typeof build).analyticsBuilder,
} satisfies Capability<typeof NETWORK_FRAGMENT & typeof DATABASES_FRAGMENT & typeof ANALYTICS_FRAGMENT, NoKeys>;
