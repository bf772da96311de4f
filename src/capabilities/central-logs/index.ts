import type { Capability } from "../capability";
import { CLUSTER_FRAGMENT } from "../cluster/schema";
import { NETWORK_FRAGMENT } from "../network/schema";
import { SERVICES_FRAGMENT } from "../services/schema";
import type * as build from "./build";
import { centralLogsDependencies, checkCentralLogs } from "./checks";
import { destinationStackId, logSourcesOf, sendersByRegion } from "./placement";
import { APPLICATION_LOGS_FRAGMENT, CENTRAL_LOGS_FRAGMENT } from "./schema";

/**
 * Central CloudWatch Logs (`centralLogs`, `applicationLogs`): a destination in the security
 * account per region, and each account-region's subscription filters to its own region's.
 */
export const centralLogs = {
  name: "central logs",
  accountRegion: { ...NETWORK_FRAGMENT, ...CLUSTER_FRAGMENT, ...SERVICES_FRAGMENT, ...APPLICATION_LOGS_FRAGMENT },
  organization: CENTRAL_LOGS_FRAGMENT,
  checks: checkCentralLogs,
  dependencies: centralLogsDependencies,
  diagram: {
    holdings: (target, org) => [
      ...(target.stackId === destinationStackId(org, target.region) && sendersByRegion(org).has(target.region)
        ? ["central log destination"]
        : []),
      ...(logSourcesOf(org, target).length > 0 ? ["log subscriptions"] : []),
    ],
  },
  builder: () => (require("./build") as typeof build).centralLogsBuilder,
} satisfies Capability<
  typeof NETWORK_FRAGMENT & typeof CLUSTER_FRAGMENT & typeof SERVICES_FRAGMENT & typeof APPLICATION_LOGS_FRAGMENT,
  typeof CENTRAL_LOGS_FRAGMENT
>;
