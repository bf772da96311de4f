import { stringify } from "yaml";
import { SYSTEM_PLACEMENT } from "../eks";
import { ADDONS, DEFAULTS } from "./defaults";

/**
 * Sign-in through the organization's OIDC provider; the local `admin` user is then off.
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/user-management/#existing-oidc-provider
 */
export interface ArgoCdSso {
  /** The provider's issuer URL (`https://`). */
  readonly issuer: string;
  readonly clientId: string;
  /**
   * Kubernetes Secret in Argo CD's namespace holding the client secret, labelled
   * `app.kubernetes.io/part-of: argocd` (Argo CD reads `$<name>:<key>` only from such secrets). Created out of band:
   * a client secret never goes through Terraform state.
   */
  readonly clientSecret: { readonly secretName: string; readonly key: string };
  /** Groups (the `groups` claim) that get `role:admin`. */
  readonly adminGroups: readonly string[];
  /** Groups that get `role:readonly`. @default [] */
  readonly readonlyGroups?: readonly string[];
}

/** An Argo CD Application: one path of the GitOps repository, synced into one namespace. */
export interface ArgoCdApplication {
  /** A DNS label, unique among the applications. */
  readonly name: string;
  /** Path in the repository. */
  readonly path: string;
  /** Destination: one of the cluster's application namespaces (its quota and Pod Security apply). */
  readonly namespace: string;
  /** @default "HEAD" */
  readonly targetRevision?: string;
  /**
   * Sync automatically, pruning what left the repository and undoing drift.
   * @default true
   */
  readonly automated?: boolean;
}

/**
 * GitOps with Argo CD: private (ClusterIP services only, no ingress; reach it through a port-forward or an internal
 * load balancer of your own), every component on the system nodes, the repository and applications from props,
 * confined to an AppProject that may deploy only from that repository into the application namespaces and may
 * create no cluster-scoped object, ResourceQuota or LimitRange.
 */
export interface ArgoCdProps {
  /** The GitOps repository (`https://` or SSH). Private repositories need a credentials Secret (see the README). */
  readonly repositoryUrl: string;
  /** @default [] */
  readonly applications?: readonly ArgoCdApplication[];
  /**
   * The URL users reach Argo CD at (an internal name): the OIDC redirect URI is built from it.
   * @default - none; required with `sso`
   */
  readonly url?: string;
  /**
   * SSO through OIDC. Without it the local `admin` user signs in with the password Argo CD generates into the
   * Secret `argocd-initial-admin-secret` (read it once, change it, delete the Secret).
   * @default - local admin
   */
  readonly sso?: ArgoCdSso;
}

export const ARGOCD_PROJECT = "platform-apps";
const IN_CLUSTER = "https://kubernetes.default.svc";
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function argoCdIssues(props: ArgoCdProps, namespaces: readonly string[]): string[] {
  const issues: string[] = [];
  if (!/^(https:\/\/|ssh:\/\/|git@)\S+$/.test(props.repositoryUrl)) {
    issues.push(`argoCd.repositoryUrl: "${props.repositoryUrl}" must be an https:// or SSH repository URL`);
  }
  if (props.url !== undefined && !/^https:\/\/[^/\s]+/.test(props.url)) {
    issues.push(`argoCd.url: "${props.url}" must be an https:// URL`);
  }
  const sso = props.sso;
  if (sso !== undefined) {
    if (props.url === undefined)
      issues.push("argoCd.url: SSO needs the URL users reach Argo CD at (the OIDC redirect URI)");
    if (!/^https:\/\/\S+$/.test(sso.issuer)) issues.push(`argoCd.sso.issuer: "${sso.issuer}" must be an https:// URL`);
    if (sso.clientId === "") issues.push("argoCd.sso.clientId: must not be empty");
    if (!DNS_LABEL.test(sso.clientSecret.secretName)) {
      issues.push(`argoCd.sso.clientSecret.secretName: "${sso.clientSecret.secretName}" is not a Secret name`);
    }
    if (sso.adminGroups.length === 0) {
      issues.push(
        "argoCd.sso.adminGroups: give at least one group; the local admin is off with SSO, nobody could administer Argo CD",
      );
    }
  }
  const seen = new Map<string, number>();
  (props.applications ?? []).forEach((app, i) => {
    const path = `argoCd.applications[${i}]`;
    if (!DNS_LABEL.test(app.name)) issues.push(`${path}.name: "${app.name}" is not a DNS label`);
    const first = seen.get(app.name);
    if (first !== undefined) issues.push(`${path}.name: "${app.name}" is already argoCd.applications[${first}]`);
    else seen.set(app.name, i);
    if (!namespaces.includes(app.namespace)) {
      issues.push(
        `${path}.namespace: "${app.namespace}" is not an application namespace of this cluster (${namespaces.join(", ") || "none"})`,
      );
    }
    if (app.path === "") issues.push(`${path}.path: must not be empty (the repository root is ".")`);
  });
  return issues;
}

/** Values of the `argo-cd` chart this module sets. */
export interface ArgoCdChartValues {
  /** Every component (controller, server, repo-server, redis, ApplicationSet, notifications) on the system nodes. */
  readonly global: typeof SYSTEM_PLACEMENT;
  readonly configs: {
    readonly cm: Readonly<Record<string, string | boolean>>;
    readonly rbac: Readonly<Record<string, string>>;
    readonly repositories: Readonly<
      Record<string, { readonly url: string; readonly name: string; readonly type: "git" }>
    >;
  };
  readonly dex: { readonly enabled: boolean };
  readonly server: {
    readonly service: { readonly type: "ClusterIP" };
    readonly ingress: { readonly enabled: boolean };
  };
}

export function argoCdValues(props: ArgoCdProps): ArgoCdChartValues {
  const sso = props.sso;
  const cm: Record<string, string | boolean> = { "admin.enabled": sso === undefined, "exec.enabled": false };
  if (props.url !== undefined) cm.url = props.url;
  if (sso !== undefined) {
    cm["oidc.config"] = stringify({
      name: "SSO",
      issuer: sso.issuer,
      clientID: sso.clientId,
      clientSecret: `$${sso.clientSecret.secretName}:${sso.clientSecret.key}`,
      requestedScopes: ["openid", "profile", "email", "groups"],
    });
  }
  const policy = [
    ...(sso?.adminGroups ?? []).map((group) => `g, ${group}, role:admin`),
    ...(sso?.readonlyGroups ?? []).map((group) => `g, ${group}, role:readonly`),
  ];
  return {
    global: { ...SYSTEM_PLACEMENT },
    configs: {
      cm,
      // Nobody gets a role by default: only the mapped groups (and the local admin when SSO is off).
      rbac: {
        "policy.default": "",
        "policy.csv": policy.length === 0 ? "" : `${policy.join("\n")}\n`,
        scopes: "[groups]",
      },
      repositories: { gitops: { url: props.repositoryUrl, name: "gitops", type: "git" } },
    },
    dex: { enabled: false },
    server: { service: { type: "ClusterIP" }, ingress: { enabled: false } },
  };
}

/** Values of the `argocd-apps` chart: the AppProject and the Applications. */
export interface ArgoCdAppsChartValues {
  readonly projects: Readonly<Record<string, object>>;
  readonly applications: Readonly<Record<string, object>>;
}

export function argoCdAppsValues(props: ArgoCdProps, namespaces: readonly string[]): ArgoCdAppsChartValues {
  const namespace = ADDONS.argoCd.namespace;
  return {
    projects: {
      [ARGOCD_PROJECT]: {
        namespace,
        description: "The GitOps repository, into the application namespaces only",
        sourceRepos: [props.repositoryUrl],
        destinations: namespaces.map((ns) => ({ server: IN_CLUSTER, namespace: ns })),
        clusterResourceWhitelist: [],
        namespaceResourceBlacklist: [
          { group: "", kind: "ResourceQuota" },
          { group: "", kind: "LimitRange" },
        ],
      },
    },
    applications: Object.fromEntries(
      (props.applications ?? []).map((app) => [
        app.name,
        {
          namespace,
          project: ARGOCD_PROJECT,
          source: {
            repoURL: props.repositoryUrl,
            targetRevision: app.targetRevision ?? DEFAULTS.argoCdRevision,
            path: app.path,
          },
          destination: { server: IN_CLUSTER, namespace: app.namespace },
          ...((app.automated ?? true) ? { syncPolicy: { automated: { prune: true, selfHeal: true } } } : {}),
        },
      ]),
    ),
  };
}
