import type { Organization } from "./schema";

/** The organization's three service control policies, as `serviceControlPolicies` names them. */
export const SCP_POLICIES = ["guardrails", "regionGuard", "denyRootUser"] as const;
export type ScpPolicy = (typeof SCP_POLICIES)[number];

/**
 * Where each SCP is attached (`root`, `ou:<path>`, `account:<name>`): the config's lists, else the
 * guardrails and region guard on the root and the root-user deny on every top-level OU. The stacks
 * and the diagrams both read it, so they cannot disagree.
 */
export function scpAttachments(org: Organization): Record<ScpPolicy, string[]> {
  const policies = org.serviceControlPolicies;
  const topLevelOus = Object.keys(org.organizationalUnits).filter((path) => !path.includes("/"));
  return {
    guardrails: policies.guardrails ?? ["root"],
    regionGuard: policies.regionGuard ?? ["root"],
    denyRootUser: policies.denyRootUser ?? topLevelOus.map((path) => `ou:${path}`),
  };
}
