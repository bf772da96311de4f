import type { CoreOrganization } from "../config/shapes";
import type { StackTarget } from "../config/topology";
import type { Tier } from "../../modules/vpc/layout";

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

/** An end of a cross-region link: a stack, or a registry replica. */
export interface LinkEnd {
  /** Chart key: `stack:<id>` or `registry:<region>`. */
  readonly key: string;
  readonly region: string;
  readonly lines: readonly string[];
  readonly shape: "box" | "cylinder";
}

/** How a link is drawn: both ways (peering), one way, or thick (a replicated table). */
export type LinkStyle = "both" | "solid" | "thick";

export interface CrossRegionLink {
  readonly style: LinkStyle;
  readonly from: LinkEnd;
  readonly to: LinkEnd;
  /** Label lines on the diagram. */
  readonly label: readonly string[];
  /** The same link as a Markdown list item (without the leading dash and the zones). */
  readonly text: string;
}

/** What the diagrams know of every capability together, for a capability's own section. */
export interface DiagramFacts<O extends CoreOrganization> {
  /** What runs in each tier of an account-region's VPC, from every capability. */
  tierHosts(target: StackTarget<O>, tier: Tier): string[];
}

/** A capability's part of docs/architecture.md; every part is optional. */
export interface Diagram<O extends CoreOrganization> {
  /** What an account-region stack holds because of the capability, in a few words each. */
  holdings?(target: StackTarget<O>, org: O): string[];
  /** What runs in a tier of the account-region's VPC because of the capability. */
  tierHosts?(target: StackTarget<O>, tier: Tier): string[];
  /** Stacks of the capability's own (a `-k8s` stack), beside the account-region's. */
  stacks?(target: StackTarget<O>, org: O): StackNode[];
  /** Deploy-order edges to those stacks (the recorded dependencies are drawn already). */
  deployEdges?(org: O): DeployEdge[];
  /** Links that cross a region; `stackEnd` gives the chart end of a stack by id. */
  links?(org: O, stackEnd: (stackId: string) => LinkEnd | undefined): CrossRegionLink[];
  /** Sections of their own, as Markdown (the VPCs). */
  sections?(org: O, facts: DiagramFacts<O>): string[];
}
