import { DEFAULTS, POD_SECURITY_LEVELS, RESERVED_NAMESPACES, type PodSecurityLevel } from "./defaults";
import { bytes, cpuQuantity, memoryQuantity, millicores } from "./quantity";

/** CPU (`"250m"`, `"1"`) and memory (`"512Mi"`) of a pod's requests or limits, or of a quota. */
export interface ComputeResources {
  readonly cpu: string;
  readonly memory: string;
}

/**
 * Pod Security Admission of a namespace: `enforce` rejects a pod that breaks the level, `warn` tells the client,
 * `audit` records it in the audit log. Each defaults to `restricted`.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export interface PodSecurity {
  /** @default "restricted" */
  readonly enforce?: PodSecurityLevel;
  /** @default "restricted" */
  readonly warn?: PodSecurityLevel;
  /** @default "restricted" */
  readonly audit?: PodSecurityLevel;
}

/**
 * An application namespace: its ResourceQuota, the LimitRange that gives containers without their own requests
 * and limits the defaults (a quota on requests and limits rejects such pods otherwise), and its Pod Security labels.
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/
 * @see https://kubernetes.io/docs/concepts/policy/limit-range/
 */
export interface NamespaceSpec {
  /** A DNS label (`backend`); not one of Kubernetes' own namespaces. */
  readonly name: string;
  /**
   * Pods the namespace is sized for at peak (its HorizontalPodAutoscalers' maxReplicas, summed): the quota
   * must hold this many pods at the LimitRange's defaults.
   */
  readonly expectedPods: number;
  /** The namespace's ResourceQuota (`requests.cpu`, `requests.memory`, `limits.cpu`, `limits.memory`, `pods`). */
  readonly quota: {
    readonly requests: ComputeResources;
    readonly limits: ComputeResources;
    /** @default - no cap on the pod count */
    readonly pods?: number;
  };
  /** The LimitRange of its containers. */
  readonly limitRange: {
    /** Requests of a container that sets none. */
    readonly defaultRequest: ComputeResources;
    /** Limits of a container that sets none. */
    readonly default: ComputeResources;
    /** @default - no maximum per container */
    readonly max?: ComputeResources;
  };
  /** @default - restricted for enforce, warn and audit */
  readonly podSecurity?: PodSecurity;
  /** Extra labels of the namespace; the `pod-security.kubernetes.io/` ones come from `podSecurity`. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A namespace as `charts/cluster-platform` renders it (`namespaces[]` of its values.yaml). */
export interface PlatformNamespace {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** `spec.hard` of the ResourceQuota `compute`; none for an add-on's own namespace. */
  readonly quota?: Readonly<Record<string, string>>;
  /** The `Container` item of the LimitRange `defaults`. */
  readonly limitRange?: {
    readonly default: ComputeResources;
    readonly defaultRequest: ComputeResources;
    readonly max?: ComputeResources;
  };
  /** ServiceAccounts the chart creates in the namespace (the ones Pod Identity associations name). */
  readonly serviceAccounts: readonly string[];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const PSA_PREFIX = "pod-security.kubernetes.io/";

/** Rank of a level: a namespace admits a pod when its level ranks at or below what the pod needs. */
export function podSecurityRank(level: PodSecurityLevel): number {
  return POD_SECURITY_LEVELS.indexOf(level);
}

/**
 * The Pod Security Admission labels: each mode with its level, pinned to the cluster's Kubernetes minor version
 * (`v1.33`), so that a control-plane upgrade changes no policy until this version moves with it.
 */
export function podSecurityLabels(podSecurity: PodSecurity, kubernetesVersion: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of ["enforce", "warn", "audit"] as const) {
    labels[`${PSA_PREFIX}${mode}`] = podSecurity[mode] ?? DEFAULTS.podSecurity;
    labels[`${PSA_PREFIX}${mode}-version`] = `v${kubernetesVersion}`;
  }
  return labels;
}

/** Names that are no DNS label, belong to Kubernetes, or repeat (`<field>[2]: "backend" is already <field>[0]`). */
export function namespaceNameIssues(names: readonly string[], field = "namespaces", suffix = ".name"): string[] {
  const issues: string[] = [];
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const path = `${field}[${i}]${suffix}`;
    if (!DNS_LABEL.test(name) || name.length > 63) {
      issues.push(`${path}: "${name}" is not a DNS label (lowercase letters, digits and "-", at most 63)`);
    } else if ((RESERVED_NAMESPACES as readonly string[]).includes(name)) {
      issues.push(`${path}: "${name}" belongs to Kubernetes; choose a namespace of your own`);
    }
    const first = seen.get(name);
    if (first !== undefined) issues.push(`${path}: "${name}" is already ${field}[${first}]`);
    else seen.set(name, i);
  });
  return issues;
}

/** Every problem of the namespaces, with its path (`namespaces[1].quota.requests.cpu: ...`). */
export function namespaceIssues(namespaces: readonly NamespaceSpec[]): string[] {
  const issues = namespaceNameIssues(namespaces.map((ns) => ns.name));
  namespaces.forEach((ns, i) => {
    const path = `namespaces[${i}]`;
    for (const key of Object.keys(ns.labels ?? {})) {
      if (key.startsWith(PSA_PREFIX)) issues.push(`${path}.labels.${key}: set Pod Security through podSecurity`);
    }
    for (const [mode, level] of Object.entries(ns.podSecurity ?? {})) {
      if (!(POD_SECURITY_LEVELS as readonly string[]).includes(level)) {
        issues.push(`${path}.podSecurity.${mode}: "${level}" is not a level (${POD_SECURITY_LEVELS.join(", ")})`);
      }
    }
    issues.push(...sizingIssues(path, ns));
  });
  return issues;
}

interface Amounts {
  readonly cpu: number;
  readonly memory: number;
}

function amounts(path: string, resources: ComputeResources, issues: string[]): Amounts | undefined {
  const cpu = millicores(resources.cpu);
  const memory = bytes(resources.memory);
  if (cpu === undefined) issues.push(`${path}.cpu: "${resources.cpu}" is not a CPU quantity like "250m" or "2"`);
  if (memory === undefined) {
    issues.push(`${path}.memory: "${resources.memory}" is not a memory quantity like "512Mi" or "2Gi"`);
  }
  return cpu === undefined || memory === undefined ? undefined : { cpu, memory };
}

/** The LimitRange's own order, then the quota against its defaults × the expected pods. */
function sizingIssues(path: string, ns: NamespaceSpec): string[] {
  const issues: string[] = [];
  const pods = ns.expectedPods;
  if (!Number.isInteger(pods) || pods < 1)
    issues.push(`${path}.expectedPods: ${pods} must be a whole number, at least 1`);
  const defaultRequest = amounts(`${path}.limitRange.defaultRequest`, ns.limitRange.defaultRequest, issues);
  const defaultLimit = amounts(`${path}.limitRange.default`, ns.limitRange.default, issues);
  const max =
    ns.limitRange.max === undefined ? undefined : amounts(`${path}.limitRange.max`, ns.limitRange.max, issues);
  const requests = amounts(`${path}.quota.requests`, ns.quota.requests, issues);
  const limits = amounts(`${path}.quota.limits`, ns.quota.limits, issues);
  const format = { cpu: cpuQuantity, memory: memoryQuantity };
  for (const resource of ["cpu", "memory"] as const) {
    if (defaultRequest && defaultLimit && defaultRequest[resource] > defaultLimit[resource]) {
      issues.push(
        `${path}.limitRange.defaultRequest.${resource}: ${ns.limitRange.defaultRequest[resource]} is above limitRange.default.${resource} (${ns.limitRange.default[resource]}); a request cannot exceed its limit`,
      );
    }
    if (defaultLimit && max && defaultLimit[resource] > max[resource]) {
      issues.push(
        `${path}.limitRange.default.${resource}: ${ns.limitRange.default[resource]} is above limitRange.max.${resource} (${ns.limitRange.max![resource]})`,
      );
    }
    if (!Number.isInteger(pods) || pods < 1) continue;
    for (const [kind, quota, perPod, field] of [
      ["requests", requests, defaultRequest, "defaultRequest"],
      ["limits", limits, defaultLimit, "default"],
    ] as const) {
      if (quota === undefined || perPod === undefined) continue;
      const needed = perPod[resource] * pods;
      if (quota[resource] < needed) {
        issues.push(
          `${path}.quota.${kind}.${resource}: ${ns.quota[kind][resource]} holds fewer than expectedPods (${pods}) × limitRange.${field}.${resource} (${ns.limitRange[field][resource]}) = ${format[resource](needed)}; raise it or lower expectedPods`,
        );
      }
    }
  }
  if (ns.quota.pods !== undefined && Number.isInteger(pods) && ns.quota.pods < pods) {
    issues.push(`${path}.quota.pods: ${ns.quota.pods} is below expectedPods (${pods})`);
  }
  return issues;
}

/** An application namespace as the platform chart renders it. */
export function platformNamespace(
  ns: NamespaceSpec,
  kubernetesVersion: string,
  serviceAccounts: readonly string[],
): PlatformNamespace {
  const hard: Record<string, string> = {
    "requests.cpu": ns.quota.requests.cpu,
    "requests.memory": ns.quota.requests.memory,
    "limits.cpu": ns.quota.limits.cpu,
    "limits.memory": ns.quota.limits.memory,
  };
  if (ns.quota.pods !== undefined) hard.pods = String(ns.quota.pods);
  return {
    name: ns.name,
    labels: { ...ns.labels, ...podSecurityLabels(ns.podSecurity ?? {}, kubernetesVersion) },
    quota: hard,
    limitRange: {
      default: ns.limitRange.default,
      defaultRequest: ns.limitRange.defaultRequest,
      ...(ns.limitRange.max === undefined ? {} : { max: ns.limitRange.max }),
    },
    serviceAccounts,
  };
}
