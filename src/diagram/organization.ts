import { SCP_POLICIES, scpAttachments, type ScpPolicy } from "../config/policies";
import type { Organization } from "../config/schema";
import { accountOfKind } from "../config/topology";
import { stackId } from "../naming";
import { Flowchart } from "./mermaid";

/** Policy names as modules/organization creates them (`policyNamePrefix` is the organization's name). */
const POLICY_SUFFIX: Record<ScpPolicy, string> = {
  guardrails: "guardrails",
  regionGuard: "region-guard",
  denyRootUser: "deny-root-user",
};

function policyLines(org: Organization, policy: ScpPolicy): string[] {
  const policies = org.serviceControlPolicies;
  const what: Record<ScpPolicy, string[]> = {
    guardrails: [
      "deny leaving the organization, stopping security services,",
      policies.denyIamUsers ? "changing the baseline, IAM users and keys" : "changing the baseline",
    ],
    regionGuard: [`deny every region but ${Object.keys(org.regions).join(", ")}`],
    denyRootUser: ["deny member accounts' root users"],
  };
  const exempt = policies.exemptPrincipalArns.length;
  return [
    `SCP ${org.name}-${POLICY_SUFFIX[policy]}`,
    ...what[policy],
    ...(exempt > 0 && policy !== "denyRootUser" ? [`${exempt} break-glass role pattern(s) exempt`] : []),
  ];
}

/** Key of an OU path, `root`, or an account, as SCP targets and parents name them. */
function unitKey(target: string): string {
  if (target === "root") return "root";
  const [kind, ...ref] = target.split(":");
  return kind === "ou" ? `ou:${ref.join(":")}` : `account:${ref.join(":")}`;
}

/**
 * The organization root, its OUs (parents above children), the accounts in them, and the SCPs with
 * a dotted arrow to each place they are attached.
 */
export function organizationChart(org: Organization): Flowchart {
  const chart = new Flowchart("TB");
  chart.classDef("scp", "fill:#fef3c7,stroke:#b45309,color:#78350f");
  chart.classDef("ou", "fill:#f3f4f6,stroke:#4b5563,color:#111827");
  chart.classDef("account", "fill:#ffffff,stroke:#1f2937,color:#111827");
  chart.classDef("exempt", "fill:#ffffff,stroke:#6b7280,color:#374151,stroke-dasharray:5 3");

  const managementHome = stackId(accountOfKind(org, "management"), org.homeRegion);
  chart.node(
    "root",
    [
      `${org.name} organization root`,
      org.organizationId === undefined ? `created by ${managementHome}` : `adopted: ${org.organizationId}`,
    ],
    "round",
  );
  chart.addClass("root", "ou");
  for (const [path, ou] of Object.entries(org.organizationalUnits)) {
    chart.node(`ou:${path}`, [`OU ${path}`, ...(ou.id === undefined ? [] : [ou.id])], "round");
    chart.addClass(`ou:${path}`, "ou");
  }
  for (const [name, account] of Object.entries(org.accounts)) {
    const role =
      account.kind === "management"
        ? ["management account: SCPs never apply"]
        : account.kind === "security"
          ? ["security account: log archive, security tooling"]
          : [];
    chart.node(`account:${name}`, [name, `${account.id ?? "to be created"} · ${account.environment}`, ...role]);
    chart.addClass(`account:${name}`, account.kind === "management" ? "exempt" : "account");
  }
  for (const policy of SCP_POLICIES) {
    chart.node(`scp:${policy}`, policyLines(org, policy), "hexagon");
    chart.addClass(`scp:${policy}`, "scp");
  }

  for (const path of Object.keys(org.organizationalUnits)) {
    const at = path.lastIndexOf("/");
    chart.link(at < 0 ? "root" : `ou:${path.slice(0, at)}`, `ou:${path}`);
  }
  for (const [name, account] of Object.entries(org.accounts)) {
    chart.link(account.ou === "root" ? "root" : `ou:${account.ou}`, `account:${name}`);
  }
  const attachments = scpAttachments(org);
  for (const policy of SCP_POLICIES) {
    for (const target of attachments[policy]) chart.link(`scp:${policy}`, unitKey(target), { arrow: "dotted" });
  }
  return chart;
}
