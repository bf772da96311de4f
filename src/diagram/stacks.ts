import { capabilities } from "../config/capabilities";
import { plannedDependencies } from "../config/dependencies";
import type { Organization } from "../config/schema";
import { stackTargets, type StackTarget } from "../config/topology";
import { BOOTSTRAP_STACK_ID, ORGANIZATION_STACK_ID } from "../naming";
import { Flowchart } from "./mermaid";
import type { DeployEdge, StackNode } from "./types";
import { colourByZone, defineZoneClasses, regionsInOrder, regionTitle } from "./zones";

/** What an account-region stack holds, in a few words. */
function holdings(org: Organization, target: StackTarget<Organization>): string[] {
  const home = target.region === org.homeRegion;
  const holds = [
    ...(target.account.kind === "management" && home ? ["organization trail"] : []),
    ...(target.account.kind === "security" ? [home ? "log archive, security services" : "security services"] : []),
    ...capabilities.flatMap((capability) => capability.diagram?.holdings?.(target, org) ?? []),
  ];
  return holds.length > 0 ? holds : ["account baseline"];
}

/** Every stack the app builds: `bootstrap` (S3 backend), `organization`, each account-region, each `<stack>-k8s`. */
export function stackNodes(org: Organization): StackNode[] {
  const bootstrap: StackNode[] =
    org.backend.type === "s3"
      ? [
          {
            id: BOOTSTRAP_STACK_ID,
            region: org.backend.region,
            holds: [org.backend.lockTable === undefined ? "state bucket" : "state bucket, lock table"],
          },
        ]
      : [];
  return [
    ...bootstrap,
    { id: ORGANIZATION_STACK_ID, region: org.homeRegion, holds: ["organization, OUs, accounts, SCPs"] },
    ...stackTargets(org).flatMap((target) => [
      { id: target.stackId, region: target.region, holds: holdings(org, target) },
      ...capabilities.flatMap((capability) => capability.diagram?.stacks?.(target, org) ?? []),
    ]),
  ];
}

/**
 * The deploy order as edges: the planned dependencies (labelled with their reason, but for the
 * log archive every stack writes to), and the capabilities' own stacks after theirs (`-k8s`).
 */
export function deployEdges(org: Organization): DeployEdge[] {
  return [
    ...plannedDependencies(org).map((edge) => ({
      before: edge.to,
      after: edge.from,
      reason: edge.reason === "log archive" ? undefined : edge.reason,
    })),
    ...capabilities.flatMap((capability) => capability.diagram?.deployEdges?.(org) ?? []),
  ];
}

/** The stacks grouped by region, with arrows in deploy order. */
export function stacksChart(org: Organization): Flowchart {
  const chart = new Flowchart("LR");
  defineZoneClasses(chart, org);
  const nodes = stackNodes(org);
  for (const region of regionsInOrder(
    org,
    nodes.map((node) => node.region),
  )) {
    const here = nodes.filter((node) => node.region === region);
    if (here.length === 0) continue;
    chart.subgraph(`region:${region}`, regionTitle(org, region), () => {
      for (const node of here) {
        chart.node(`stack:${node.id}`, [node.id, node.holds.join(", ")]);
        colourByZone(chart, org, `stack:${node.id}`, region);
      }
    });
  }
  for (const edge of deployEdges(org)) {
    chart.link(`stack:${edge.before}`, `stack:${edge.after}`, {
      arrow: edge.before === BOOTSTRAP_STACK_ID ? "dotted" : "solid",
      label: edge.reason,
    });
  }
  return chart;
}

/** The stack every other stack depends on: the security account's home-region stack (the log archive). */
export function logArchiveStack(org: Organization): string | undefined {
  return stackTargets(org).find((t) => t.account.kind === "security" && t.region === org.homeRegion)?.stackId;
}
