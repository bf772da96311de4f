import type { ClusterRef } from "../eks";

/** What each add-on's AWS side needs of the cluster and of the module's own props. */
export interface AwsContext {
  readonly cluster: Pick<ClusterRef, "clusterName" | "clusterArn" | "region" | "accountId">;
  readonly deletionProtection: boolean;
  readonly tags: Record<string, string>;
}
