import type { Organization } from "../config/schema";
import { plannedDependencies, stackTargets, type StackTarget } from "../config/topology";
import { BOOTSTRAP_STACK_ID, k8sStackId, ORGANIZATION_STACK_ID } from "../naming";
import { Flowchart } from "./mermaid";
import { colourByZone, defineZoneClasses, regionsInOrder, regionTitle } from "./zones";

/** One stack of the app, with the region it deploys to and what it holds. */
export interface StackNode {
  readonly id: string;
  readonly region: string;
  readonly holds: readonly string[];
}

/** A deploy-order edge: `before` deploys first, `after` depends on it. */
export interface DeployEdge {
  readonly before: string;
  readonly after: string;
  /** Why, when it is not the log archive every stack writes to. */
  readonly reason?: string;
}

/** What an account-region stack holds, in a few words. */
function holdings(org: Organization, target: StackTarget): string[] {
  const home = target.region === org.homeRegion;
  const { network, databases, cluster, referenceSync } = target.settings;
  const holds = [
    ...(target.account.kind === "management" && home ? ["organization trail"] : []),
    ...(target.account.kind === "security" ? [home ? "log archive, security services" : "security services"] : []),
    ...(network ? [`VPC ${network.cidr}`] : []),
    ...(databases?.postgres ? ["PostgreSQL"] : []),
    ...(databases?.mariadb ? ["MariaDB"] : []),
    ...(cluster ? ["EKS"] : []),
    ...(referenceSync ? ["DMS"] : []),
    ...(org.registry?.owner === target.stackId ? ["registry"] : []),
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
      ...(target.settings.cluster
        ? [
            {
              id: k8sStackId(target.accountName, target.region),
              region: target.region,
              holds: ["Karpenter, LB controller"],
            },
          ]
        : []),
    ]),
  ];
}

/**
 * The deploy order as edges: the planned dependencies of topology (labelled with their reason,
 * but for the log archive every stack writes to), and each `-k8s` stack after its stack.
 */
export function deployEdges(org: Organization): DeployEdge[] {
  return [
    ...plannedDependencies(org).map((edge) => ({
      before: edge.to,
      after: edge.from,
      reason: edge.reason === "log archive" ? undefined : edge.reason,
    })),
    ...stackTargets(org)
      .filter((t) => t.settings.cluster)
      .map((t) => ({ before: t.stackId, after: k8sStackId(t.accountName, t.region), reason: "cluster outputs" })),
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
