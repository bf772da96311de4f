import {
  ADDONS,
  DEFAULTS,
  MAX_ROLE_NAME,
  namespaceRoleName,
  type PodSecurityLevel,
} from "../../../modules/cluster-addons/defaults";
import { namespaceIssues, podSecurityRank } from "../../../modules/cluster-addons/namespaces";
import type { ConfigIssue } from "../../config/issues";
import type { AccountOf } from "../../config/topology";
import type { CoreOrganization } from "../../config/shapes";
import { namespaceSpecs, type AddonsConfig } from "./addons-schema";
import type { ResolvedCluster } from "./schema";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** What the add-on checks need of the cluster around them. */
export interface AddonsCheckContext {
  /** `<target>.cluster.addons` */
  readonly path: string;
  readonly clusterName: string;
  readonly region: string;
  readonly environment: AccountOf<CoreOrganization>["environment"];
  readonly nodePools: ResolvedCluster["nodePools"];
}

/** Every problem of `cluster.addons`, each with the path of the field at fault. */
export function addonsIssues(addons: AddonsConfig, context: AddonsCheckContext): ConfigIssue[] {
  return [
    ...namespaceSpecIssues(addons, context.path),
    ...secretsIssues(addons, context),
    ...addonNamespaceIssues(addons, context.path),
    ...argoCdIssues(addons, context.path),
    ...observabilityIssues(addons, context.path),
    ...vaultIssues(addons, context),
    ...(addons.deletionProtection || context.environment === "dev"
      ? []
      : [
          {
            path: `${context.path}.deletionProtection`,
            message: `only a dev account may turn it off; this one is ${context.environment}`,
          },
        ]),
  ];
}

/**
 * Names Kubernetes refuses or owns, quotas below their pods' requests and limits, LimitRanges out of order: the
 * module's own rules (modules/cluster-addons/namespaces.ts), their `namespaces[i]` paths turned into config keys.
 */
function namespaceSpecIssues(addons: AddonsConfig, path: string): ConfigIssue[] {
  const names = Object.keys(addons.namespaces);
  return namespaceIssues(namespaceSpecs(addons)).map((issue) => {
    const match = /^namespaces\[(\d+)\](?:\.name)?([^:\s]*): (.*)$/s.exec(issue);
    if (match === null) return { path: `${path}.namespaces`, message: issue };
    return { path: `${path}.namespaces.${names[Number(match[1])]}${match[2]}`, message: match[3] };
  });
}

function secretsIssues(addons: AddonsConfig, context: AddonsCheckContext): ConfigIssue[] {
  const provider = addons.awsSecretsProvider;
  if (provider === undefined) return [];
  const path = `${context.path}.awsSecretsProvider`;
  const issues: ConfigIssue[] = [];
  if (addons.secretsStoreCsiDriver === undefined) {
    issues.push({
      path,
      message:
        "needs secretsStoreCsiDriver (the driver mounts what the provider fetches): add secretsStoreCsiDriver: {}",
    });
  }
  // Secrets Manager encrypts with a key of the secret's own region; a key elsewhere would also carry the secrets'
  // data keys out of the cluster's residency zone.
  const keyRegion = provider.kmsKeyArn?.split(":")[3];
  if (keyRegion !== undefined && keyRegion !== context.region) {
    issues.push({
      path: `${path}.kmsKeyArn`,
      message: `the key is in ${keyRegion}, the cluster in ${context.region}: secrets and their key stay in the cluster's region`,
    });
  }
  for (const name of Object.keys(addons.namespaces)) {
    const role = namespaceRoleName(context.clusterName, name);
    if (role.length > MAX_ROLE_NAME) {
      issues.push({
        path: `${context.path}.namespaces.${name}`,
        message: `its secrets role ${role} has ${role.length} characters, IAM allows ${MAX_ROLE_NAME}: shorten the namespace`,
      });
    }
  }
  return issues;
}

/** The namespaces the add-ons run in (kube-system aside) and the least strict Pod Security each needs there. */
function addonNamespaces(addons: AddonsConfig): { addon: string; namespace: string; level: PodSecurityLevel }[] {
  const wanted = [
    addons.fluentBit && { addon: "fluentBit", ...ADDONS.fluentBit },
    addons.argoCd && { addon: "argoCd", ...ADDONS.argoCd },
    addons.observability?.mode === "in-cluster" && { addon: "observability", ...ADDONS.kubePrometheusStack },
    addons.vault && { addon: "vault", ...ADDONS.vault },
  ];
  return wanted.flatMap((a) => (a ? [{ addon: a.addon, namespace: a.namespace, level: a.podSecurity }] : []));
}

/** An add-on in an application namespace (002's `logging`) runs under that namespace's Pod Security. */
function addonNamespaceIssues(addons: AddonsConfig, path: string): ConfigIssue[] {
  return addonNamespaces(addons).flatMap(({ addon, namespace, level }) => {
    const ns = addons.namespaces[namespace];
    if (ns === undefined) return [];
    const enforce = ns.podSecurity.enforce ?? DEFAULTS.podSecurity;
    return podSecurityRank(enforce) > podSecurityRank(level)
      ? [
          {
            path: `${path}.namespaces.${namespace}.podSecurity.enforce`,
            message: `"${enforce}" rejects the pods of ${addon}, which runs in ${namespace} and needs "${level}": set podSecurity: { enforce: ${level} }`,
          },
        ]
      : [];
  });
}

function argoCdIssues(addons: AddonsConfig, path: string): ConfigIssue[] {
  const argo = addons.argoCd;
  if (argo === undefined) return [];
  const issues: ConfigIssue[] = [];
  if (argo.sso !== undefined && argo.url === undefined) {
    issues.push({
      path: `${path}.argoCd.url`,
      message: "SSO needs the URL users reach Argo CD at (the OIDC redirect URI)",
    });
  }
  const namespaces = Object.keys(addons.namespaces);
  for (const [name, app] of Object.entries(argo.applications)) {
    const appPath = `${path}.argoCd.applications.${name}`;
    if (!DNS_LABEL.test(name) || name.length > 63) {
      issues.push({ path: appPath, message: `"${name}" is not a DNS label (lowercase letters, digits and "-")` });
    }
    if (!namespaces.includes(app.namespace)) {
      issues.push({
        path: `${appPath}.namespace`,
        message: `"${app.namespace}" is not one of addons.namespaces (${namespaces.join(", ") || "none"})`,
      });
    }
  }
  return issues;
}

const IN_CLUSTER_ONLY = ["retention", "prometheusStorage", "alertmanagerStorage", "grafanaStorage"] as const;

function observabilityIssues(addons: AddonsConfig, path: string): ConfigIssue[] {
  const observability = addons.observability;
  if (observability === undefined) return [];
  if (observability.mode === "in-cluster") {
    return observability.grafanaAdminGroupIds.length === 0
      ? []
      : [
          {
            path: `${path}.observability.grafanaAdminGroupIds`,
            message: "applies to the managed mode (Amazon Managed Grafana); in-cluster Grafana has its own users",
          },
        ];
  }
  return IN_CLUSTER_ONLY.filter((field) => observability[field] !== undefined).map((field) => ({
    path: `${path}.observability.${field}`,
    message: "applies to mode: in-cluster (kube-prometheus-stack); the managed mode sizes itself",
  }));
}

/** Vault's servers default to on-demand capacity, which a spot-only cluster without an on-demand floor never has. */
function vaultIssues(addons: AddonsConfig, context: AddonsCheckContext): ConfigIssue[] {
  const { nodePools } = context;
  if (addons.vault === undefined || addons.vault.nodeSelector !== undefined) return [];
  if (nodePools.capacity !== "spot-only" || nodePools.onDemandFloor !== undefined) return [];
  return [
    {
      path: `${context.path}.vault.nodeSelector`,
      message:
        "Vault runs on on-demand nodes by default, and nodePools launches spot only (no onDemandFloor): add an onDemandFloor, or give nodeSelector: {} to accept spot interruptions of raft voters",
    },
  ];
}
