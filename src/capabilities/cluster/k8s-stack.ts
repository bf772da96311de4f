import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Fn } from "cdktf";
import type { Construct } from "constructs";
import { ClusterAddonsInCluster } from "../../../modules/cluster-addons/in-cluster";
import { KarpenterInCluster } from "../../../modules/karpenter/in-cluster";
import type { CoreOrganization } from "../../config/shapes";
import type { StackTarget } from "../../config/topology";
import { k8sStackId, k8sStateKey } from "../../naming";
import { configureBackend } from "../../stacks/backend";
import { BaseStack } from "../../stacks/base-stack";
import type { ClusterWiring } from "./build";

/**
 * `<account>-<region>-k8s`: what runs inside the account-region's cluster. A separate root module
 * because its Helm provider is configured from the cluster's outputs; those cross as cdktf
 * cross-stack references, which also make this stack depend on the account-region stack.
 */
export class K8sStack extends BaseStack {
  constructor(scope: Construct, target: StackTarget, org: CoreOrganization, wiring: ClusterWiring) {
    const id = k8sStackId(target.accountName, target.region);
    super(scope, id);
    configureBackend(this, org, { stackId: id, key: k8sStateKey(org.name, target.accountName, target.region) });

    new HelmProvider(this, "helm", {
      kubernetes: {
        host: wiring.cluster.endpoint,
        clusterCaCertificate: Fn.base64decode(wiring.cluster.certificateAuthorityData),
        // A short-lived token as the deploy role (a cluster admin), from the operator's AWS credentials.
        exec: {
          apiVersion: "client.authentication.k8s.io/v1beta1",
          command: "aws",
          args: [
            "eks",
            "get-token",
            "--cluster-name",
            wiring.clusterName,
            "--region",
            wiring.region,
            "--role-arn",
            wiring.deployRoleArn,
          ],
        },
      },
    });
    new KarpenterInCluster(this, "karpenter", {
      cluster: wiring.cluster,
      karpenter: wiring.karpenter,
      nodePools: wiring.nodePools,
      nodeTags: wiring.nodeTags,
      amiAlias: wiring.amiAlias,
    });
    if (wiring.addons !== undefined) {
      new ClusterAddonsInCluster(this, "addons", {
        cluster: wiring.cluster,
        addons: wiring.addons.ref,
        ...wiring.addons.inCluster,
      });
    }
  }
}
