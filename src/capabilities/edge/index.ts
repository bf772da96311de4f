import type { NoKeys } from "../../config/shapes";
import type { Capability } from "../capability";
import type * as build from "./build";
import { checkEdge } from "./checks";
import { edgeDiagram } from "./diagram";
import { EDGE_FRAGMENT } from "./schema";

/**
 * The public edge of an account-region (`edge`): private S3 sites behind CloudFront (OAC, a us-east-1
 * certificate and CLOUDFRONT web ACL, an uncached API path to a regional load balancer), Route 53
 * zones in the account's home-region stack with records, health checks and routing written by each
 * region, and Global Accelerators whose regional endpoint groups point at the regions' load balancers.
 */
export const edge = {
  name: "edge",
  accountRegion: EDGE_FRAGMENT,
  organization: {},
  checks: checkEdge,
  diagram: edgeDiagram,
  builder: () => (require("./build") as typeof build).edgeBuilder,
} satisfies Capability<typeof EDGE_FRAGMENT, NoKeys>;

/**
 * The edge's global part (hosted zones and accelerators in the home-region stack), registered apart so
 * that it builds before the capabilities whose certificates validate in those zones, and the edge's
 * records after the load balancers and API domains they name. It reads the edge's keys and declares
 * the same fragment, so the schema is unchanged.
 */
export const edgeZones = {
  name: "edge zones",
  accountRegion: EDGE_FRAGMENT,
  organization: {},
  builder: () => (require("./build") as typeof build).edgeZonesBuilder,
} satisfies Capability<typeof EDGE_FRAGMENT, NoKeys>;
