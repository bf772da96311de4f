import type { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import type { z } from "zod";
import type { ConfigIssue } from "../config/issues";
import type { CoreOrganization, OrganizationWith } from "../config/shapes";
import type { StackEdge, StackTarget } from "../config/topology";
import type { Diagram } from "../diagram/types";

/** An organization as a capability with these fragments sees it. */
type Org<S extends z.ZodRawShape, O extends z.ZodRawShape> = OrganizationWith<S, O> & CoreOrganization;

/**
 * The seam every capability of an account-region plugs into (network, databases, cluster, ...).
 * One folder per capability under src/capabilities, one entry in ./index.ts: the organization schema,
 * the semantic checks, the stack dependencies, the diagrams and each account-region stack are
 * assembled from that list, so adding a capability edits no other file.
 *
 * Everything here but `builder` is pure: loading the config never loads a construct.
 */
export interface Capability<S extends z.ZodRawShape = z.ZodRawShape, O extends z.ZodRawShape = z.ZodRawShape> {
  /** The capability's name, as the README and the diagrams say it. */
  readonly name: string;
  /** Its keys on an account-region (`accounts.<a>.regions.<r>.<key>`), each optional or defaulted. */
  readonly accountRegion: S;
  /** Its organization-level keys, each optional or defaulted. */
  readonly organization: O;
  /** Semantic checks over a shape-valid organization, each issue at the path of the field at fault. */
  readonly checks?: (org: Org<S, O>) => ConfigIssue[];
  /** Dependencies between stacks the capability creates (a link's owner on its peer). */
  readonly dependencies?: (org: Org<S, O>) => StackEdge[];
  /** What an account-region asks of the other capabilities because of this one (ports, tags). */
  readonly needs?: (target: StackTarget<Org<S, O>>, org: Org<S, O>) => CapabilityNeeds;
  /** Its part of docs/architecture.md. */
  readonly diagram?: Diagram<Org<S, O>>;
  /**
   * The builder, loaded on first use (a `require` of the folder's build.ts): config → module props →
   * constructs in an account-region stack.
   */
  readonly builder?: () => CapabilityBuilder<Org<S, O>>;
}

/** What one capability asks of the others in the same account-region; merged over all capabilities. */
export interface CapabilityNeeds {
  /** Database ports the database tier admits from the application tier (beyond PostgreSQL's 5432). */
  readonly databasePorts?: readonly number[];
  /**
   * The EKS cluster of the account-region: its name tags the application subnets
   * (`karpenter.sh/discovery`), and its subnets must be in zones EKS supports.
   */
  readonly clusterName?: string;
  /** The stack's MariaDB is a DMS source: it keeps the binary log change data capture reads. */
  readonly changeDataCapture?: boolean;
  /** A load balancer in the public subnets uses the VPC's load balancer security group. */
  readonly loadBalancer?: boolean;
  /** TCP ports load balancers reach in the application tier: the only ones the public tier may reach there. */
  readonly applicationPorts?: readonly number[];
  /** Of `applicationPorts`, those reached on the nodes' group (EKS pods behind a TargetGroupBinding). */
  readonly nodePorts?: readonly number[];
  /**
   * The VPCs the transit hub joins this one to (CIDRs by name, the ports application tiers open to
   * one another) and those of the hubs' other segments, which the application tier denies.
   */
  readonly transitPeers?: {
    readonly cidrs: Readonly<Record<string, string>>;
    readonly ports: readonly number[];
    readonly deniedCidrs: Readonly<Record<string, string>>;
  };
}

/** Builds a capability's constructs in one account-region stack. */
export interface CapabilityBuilder<O extends CoreOrganization> {
  build(context: BuildContext<O>): void;
}

/** A typed value one capability's builder provides in a stack for others (the VPC, the cluster). */
export class Slot<T> {
  // The type parameter only types provide/get; this keeps it from being erased structurally.
  declare private readonly value: T;
  constructor(readonly name: string) {}
}

/** What a builder gets: its stack, the organization, the account-region, and what others provided. */
export interface BuildContext<O extends CoreOrganization> {
  /** The account-region stack: the scope of the capability's constructs. */
  readonly scope: Construct;
  /** The app, for a stack of the capability's own (the cluster's `-k8s` stack). */
  readonly app: Construct;
  readonly org: O;
  readonly target: StackTarget<O>;
  /** What every capability asks of this account-region. */
  readonly needs: CapabilityNeeds;
  /** What every capability asks of another account-region. */
  needsOf(target: StackTarget<O>): CapabilityNeeds;
  /** The organization's id (looked up once per stack, on first use). */
  organizationId(): string;
  /** The organization log archive (in the security account's home region). */
  readonly logArchive: { readonly bucketName: string; readonly bucketArn: string; readonly kmsKeyArn: string };
  /** This account's provider in another region (an alias made once per region). */
  providerIn(region: string): TerraformProvider;
  /** A provider of another account and region, aliased in this stack (the peer of a link). */
  providerOf(accountName: string, region: string, alias: string): TerraformProvider;
  /** Makes `value` available to later capabilities of this stack and to the stacks built after it. */
  provide<T>(slot: Slot<T>, value: T): void;
  /** What this stack, or an earlier-built stack (`stackId`), provided; undefined when nothing did. */
  get<T>(slot: Slot<T>, stackId?: string): T | undefined;
}
