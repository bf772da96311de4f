import type { Capability } from "../capability";
import { EDGE_FRAGMENT } from "../edge/schema";
import { NETWORK_FRAGMENT } from "../network/schema";
import { REGISTRY_FRAGMENT } from "../registry/schema";
import type * as build from "./build";
import { checkIdentity, identityDependencies } from "./checks";
import { identityDiagram } from "./diagram";
import { apiRecordIssues } from "./routing-checks";
import { IDENTITY_FRAGMENT } from "./schema";

/**
 * Identity and API (`identity`): Cognito user pools per residency region, Lambda handlers in the
 * application subnets (the organization lookup reads the region's registry replica), and HTTP APIs
 * with a JWT authorizer of the region's pool and a regional custom domain (and shared names that
 * the edge's geolocation or latency records route). It also reads the edge's records, to check
 * that a record pointing at an API names one of that API's names.
 */
export const identity = {
  name: "identity",
  accountRegion: { ...NETWORK_FRAGMENT, ...IDENTITY_FRAGMENT, ...EDGE_FRAGMENT },
  organization: REGISTRY_FRAGMENT,
  checks: (org) => [...checkIdentity(org), ...apiRecordIssues(org)],
  dependencies: identityDependencies,
  diagram: identityDiagram,
  builder: () => (require("./build") as typeof build).identityBuilder,
} satisfies Capability<
  typeof NETWORK_FRAGMENT & typeof IDENTITY_FRAGMENT & typeof EDGE_FRAGMENT,
  typeof REGISTRY_FRAGMENT
>;
