import { DEFAULTS as EKS_DEFAULTS } from "../../../modules/eks/defaults";
import { adminKey, endpointAccessProblems, MAX_CLUSTER_NAME } from "../../../modules/eks/checks";
import { amiAliasIssues, defaultAmiAlias } from "../../../modules/karpenter/ami";
import { availabilityZoneIssues } from "../../../modules/vpc/availability-zones";
import type { ConfigIssue } from "../../config/issues";
import { stackTargets } from "../../config/topology";
import { clusterName, k8sStateKey, stateKey } from "../../naming";
import { addonsIssues } from "./addons-checks";
import { resolveCluster, SYSTEM_NODE_RANGE, type ClusterOrganization, type ResolvedCluster } from "./schema";

/** Semantic checks of every `cluster`: capabilities it needs, sizes, endpoints, names; paths to the field. */
export function checkClusters(org: ClusterOrganization): ConfigIssue[] {
  const targets = stackTargets(org);
  const stateKeys = new Map(
    targets.map((t) => [stateKey(org.name, t.accountName, t.region, t.settings.stateKey), t.path]),
  );
  return targets.flatMap((target) => {
    const config = target.settings.cluster;
    if (config === undefined) return [];
    const path = `${target.path}.cluster`;
    const cluster = resolveCluster(config, target.account.environment);
    const issues: ConfigIssue[] = [];

    const network = target.settings.network;
    if (network === undefined) {
      issues.push({ path, message: `needs the network capability at ${target.path}.network, which is off` });
    } else {
      issues.push(...eksZoneIssues(target.path, target.region, network));
    }
    const name = clusterName(org.name, target.stackId);
    if (name.length > MAX_CLUSTER_NAME) {
      issues.push({
        path,
        message: `the cluster name ${name} has ${name.length} characters, more than ${MAX_CLUSTER_NAME} (it prefixes IAM role names): shorten the organization or account name`,
      });
    }
    if (target.account.deployRoleName === undefined && target.account.kind === "management") {
      issues.push({
        path,
        message: `the -k8s stack deploys as the account's deploy role, and the management account has none: set accounts.${target.accountName}.deployRoleName`,
      });
    }
    const k8sKey = k8sStateKey(org.name, target.accountName, target.region);
    const keyOwner = stateKeys.get(k8sKey);
    if (org.backend.type === "s3" && keyOwner !== undefined) {
      issues.push({ path, message: `the -k8s stack's state key ${k8sKey} is already used by ${keyOwner}` });
    }

    // kube-proxy's build follows the Kubernetes minor version; the other add-ons span several.
    const version = cluster.kubernetesVersion ?? EKS_DEFAULTS.kubernetesVersion;
    const kubeProxy = cluster.addonVersions["kube-proxy"] ?? EKS_DEFAULTS.addonVersions["kube-proxy"];
    if (!kubeProxy.startsWith(`v${version}.`)) {
      issues.push({
        path: `${path}.addonVersions.kube-proxy`,
        message: `${kubeProxy} is for another Kubernetes version than ${version}: give the build for ${version} (aws eks describe-addon-versions --kubernetes-version ${version} --addon-name kube-proxy)`,
      });
    }
    issues.push(...systemNodeIssues(`${path}.systemNodes`, cluster.systemNodes));
    if (target.account.environment === "prod" && cluster.nodePools.onDemandFloor === undefined) {
      issues.push({
        path: `${path}.nodePools.onDemandFloor`,
        message:
          'is required in prod: an on-demand floor such as { cpu: 16, memory: "64Gi" } keeps prod off spot alone',
      });
    }
    for (const problem of endpointAccessProblems(cluster.endpointAccess)) {
      issues.push({ path: `${path}.endpointAccess.${problem.field}`, message: problem.message });
    }
    for (const message of amiAliasIssues(cluster.amiAlias ?? defaultAmiAlias(version), version)) {
      issues.push({ path: `${path}.amiAlias`, message });
    }
    issues.push(...adminRoleIssues(`${path}.adminRoleArns`, cluster.adminRoleArns));
    cluster.ecrRepositories.forEach((repository, i) => {
      const first = cluster.ecrRepositories.indexOf(repository);
      if (first !== i) {
        issues.push({
          path: `${path}.ecrRepositories[${i}]`,
          message: `${repository} is already listed at ecrRepositories[${first}]`,
        });
      }
    });
    if (cluster.addons !== undefined) {
      issues.push(
        ...addonsIssues(cluster.addons, {
          path: `${path}.addons`,
          clusterName: name,
          region: target.region,
          environment: target.account.environment,
          nodePools: cluster.nodePools,
        }),
      );
    }
    return issues;
  });
}

/** Zones of the network where EKS refuses cluster subnets (the network checks every other zone rule). */
function eksZoneIssues(
  path: string,
  region: string,
  network: { availabilityZones: number; availabilityZoneIds?: string[] },
): ConfigIssue[] {
  const zones = { region, count: network.availabilityZones, ids: network.availabilityZoneIds };
  const withoutEks = new Set(availabilityZoneIssues({ ...zones, eks: false }).map((i) => `${i.field} ${i.message}`));
  return availabilityZoneIssues({ ...zones, eks: true })
    .filter((issue) => !withoutEks.has(`${issue.field} ${issue.message}`))
    .map((issue) => ({
      path: `${path}.network.${issue.field}`,
      message: `${issue.message} (this stack has a cluster)`,
    }));
}

function systemNodeIssues(path: string, nodes: ResolvedCluster["systemNodes"]): ConfigIssue[] {
  const { minSize, desiredSize, maxSize } = nodes;
  const { min, max } = SYSTEM_NODE_RANGE;
  const issues: ConfigIssue[] = [];
  if (minSize < min) {
    issues.push({
      path: `${path}.minSize`,
      message: `${minSize} is below ${min}: Karpenter's two controller replicas need two system nodes`,
    });
  }
  if (maxSize > max) {
    issues.push({
      path: `${path}.maxSize`,
      message: `${maxSize} is above ${max}: the system nodes run cluster-critical pods only; workloads scale through nodePools`,
    });
  }
  if (maxSize < minSize) issues.push({ path: `${path}.maxSize`, message: `${maxSize} is below minSize (${minSize})` });
  if (desiredSize < minSize || desiredSize > maxSize) {
    issues.push({
      path: `${path}.desiredSize`,
      message: `${desiredSize} must be between minSize (${minSize}) and maxSize (${maxSize})`,
    });
  }
  return issues;
}

/** Access entries are addressed by role name, so two roles of one name (in two accounts) would clash. */
function adminRoleIssues(path: string, arns: readonly string[]): ConfigIssue[] {
  return arns.flatMap((arn, i) => {
    const first = arns.findIndex((other) => adminKey(other) === adminKey(arn));
    return first === i
      ? []
      : [{ path: `${path}[${i}]`, message: `role name ${adminKey(arn)} is already used by adminRoleArns[${first}]` }];
  });
}
