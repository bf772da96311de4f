import type { Diagram } from "../../diagram/types";
import { k8sStackId } from "../../naming";
import { stackTargets } from "../../config/topology";
import type { ClusterOrganization } from "./schema";

/** The cluster's part of docs/architecture.md: EKS in its stack, and the `-k8s` stack beside it. */
export const clusterDiagram: Diagram<ClusterOrganization> = {
  holdings: (target) => (target.settings.cluster ? ["EKS"] : []),
  tierHosts: (target, tier) => (tier === "application" && target.settings.cluster ? ["EKS nodes and pods"] : []),
  stacks: (target) =>
    target.settings.cluster
      ? [
          {
            id: k8sStackId(target.accountName, target.region),
            region: target.region,
            holds: ["Karpenter, LB controller", ...(target.settings.cluster.addons ? ["platform add-ons"] : [])],
          },
        ]
      : [],
  deployEdges: (org) =>
    stackTargets(org)
      .filter((t) => t.settings.cluster)
      .map((t) => ({ before: t.stackId, after: k8sStackId(t.accountName, t.region), reason: "cluster outputs" })),
};
