import type { NoKeys } from "../../config/shapes";
import type { Capability } from "../capability";
import { EDGE_FRAGMENT } from "../edge/schema";
import { SERVICES_FRAGMENT } from "../services/schema";
import type * as build from "./build";
import { checkDelivery } from "./checks";
import { deliveryDiagram } from "./diagram";
import { DELIVERY_FRAGMENT } from "./schema";

/**
 * Delivery (`delivery`): GitHub Actions OIDC deploy roles scoped to exact repository branches and
 * environments (with deploy rights to the stack's sites), and CodePipeline + CodeBuild pipelines that
 * build from a CodeStar connection and deploy to an ECS service of the account-region (`services`),
 * artifacts on the pipeline's CMK.
 */
export const delivery = {
  name: "delivery",
  accountRegion: { ...EDGE_FRAGMENT, ...SERVICES_FRAGMENT, ...DELIVERY_FRAGMENT },
  organization: {},
  checks: checkDelivery,
  diagram: deliveryDiagram,
  builder: () => (require("./build") as typeof build).deliveryBuilder,
} satisfies Capability<typeof EDGE_FRAGMENT & typeof SERVICES_FRAGMENT & typeof DELIVERY_FRAGMENT, NoKeys>;
