import { clusterName } from "../../naming";
import type { NoKeys } from "../../config/shapes";
import type { Capability } from "../capability";
import type * as build from "./build";
import { NETWORK_FRAGMENT } from "../network/schema";
import { checkClusters } from "./checks";
import { clusterDiagram } from "./diagram";
import { CLUSTER_FRAGMENT } from "./schema";

/**
 * EKS with Karpenter in an account-region (`cluster`, which needs `network`): the cluster, its system
 * nodes and Karpenter's AWS side in the stack, and a `<stack>-k8s` stack for what runs inside it.
 */
export const cluster = {
  name: "cluster",
  accountRegion: { ...NETWORK_FRAGMENT, ...CLUSTER_FRAGMENT },
  organization: {},
  checks: checkClusters,
  // The cluster's name tags the application subnets, which must be in zones EKS supports.
  needs: (target, org) => (target.settings.cluster ? { clusterName: clusterName(org.name, target.stackId) } : {}),
  diagram: clusterDiagram,
  builder: () => (require("./build") as typeof build).clusterBuilder,
} satisfies Capability<typeof NETWORK_FRAGMENT & typeof CLUSTER_FRAGMENT, NoKeys>;
