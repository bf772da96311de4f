import { DataAwsOrganizationsOrganization } from "@cdktf/provider-aws/lib/data-aws-organizations-organization";
import type { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import type { Vpc } from "../../modules/vpc";
import { databaseLinkFor, VpcPeering } from "../../modules/vpc-peering";
import type { Organization } from "../config/schema";
import { accountHomeRegion, accountOfKind, type StackTarget } from "../config/topology";
import { nameTag, stackId, stateKey, terraformName } from "../naming";
import { adoptResources } from "./adopt";
import { configureAwsProvider } from "./aws-provider";
import { configureBackend } from "./backend";
import { BaseStack } from "./base-stack";
import {
  buildAccountBaseline,
  buildLogArchive,
  buildOrganizationTrail,
  buildSecurityServices,
  type LogArchiveRef,
} from "./governance";
import {
  buildAccountDataRoles,
  buildDatabases,
  buildRecoveryReplicas,
  buildReferenceSync,
  buildRegistry,
  recoverySources,
  type AccountDataRoles,
  type DataTierContext,
} from "./data";
import { buildNetwork } from "./network";
import { buildCluster, type ClusterWiring } from "./cluster";

/** The stack that holds the log archive: the security account's home region. */
export function logArchiveStackId(org: Organization): string {
  return stackId(accountOfKind(org, "security"), org.homeRegion);
}

/** The stack of one account-region: provider and backend, then the modules its config turns on. */
export class AccountRegionStack extends BaseStack {
  readonly target: StackTarget;
  /** The log archive, in the security account's home-region stack only. */
  readonly logArchive?: LogArchiveRef;
  /** The three-tier VPC, when the network capability is on. */
  readonly vpc?: Vpc;
  /** The EKS cluster's hand-off to this account-region's `-k8s` stack, when the cluster capability is on. */
  readonly cluster?: ClusterWiring;
  /** Account-global data-tier roles, in the account's home-region stack. */
  readonly dataRoles: AccountDataRoles;
  private readonly regionProviders = new Map<string, TerraformProvider>();

  /**
   * `built` holds the stacks built so far; the ones this stack needs (the log archive's, its
   * link peers') come first, as the config's dependency order guarantees.
   */
  constructor(
    scope: Construct,
    target: StackTarget,
    org: Organization,
    built: ReadonlyMap<string, AccountRegionStack>,
  ) {
    super(scope, target.stackId);
    this.target = target;
    configureAwsProvider(this, org, { accountName: target.accountName, region: target.region, stack: target.stackId });
    configureBackend(this, org, {
      stackId: target.stackId,
      key: stateKey(org.name, target.accountName, target.region, target.settings.stateKey),
    });

    const home = target.region === org.homeRegion;
    const kind = target.account.kind;
    // Looked up (one read of the organization per plan) only by the stacks that use its id.
    let lookup: string | undefined;
    const organizationId = (): string => (lookup ??= new DataAwsOrganizationsOrganization(this, "organization", {}).id);
    if (kind === "security" && home) this.logArchive = buildLogArchive(this, org, target, organizationId());
    const logs = this.logArchive ?? built.get(logArchiveStackId(org))!.logArchive!;

    if (kind === "management" && home) buildOrganizationTrail(this, org, organizationId(), logs);
    if (kind === "security") {
      const managementProvider = configureAwsProvider(this, org, {
        accountName: accountOfKind(org, "management"),
        region: target.region,
        stack: target.stackId,
        alias: "management",
      });
      buildSecurityServices(this, org, target, managementProvider);
    }
    buildAccountBaseline(this, org, target, logs);
    if (target.settings.network) this.vpc = this.buildLinkedNetwork(org, organizationId(), logs, built);
    if (target.settings.cluster && this.vpc) this.cluster = buildCluster(this, target, org, this.vpc);
    this.dataRoles = buildAccountDataRoles(this, org, target);
    this.buildDataTier(org, built);
    adoptResources(this, target.settings.adopt, `${target.path}.adopt`);
  }

  /** This account's provider in another region (an alias per region, made once). */
  private providerIn(org: Organization, region: string): TerraformProvider {
    const existing = this.regionProviders.get(region);
    if (existing) return existing;
    const provider = configureAwsProvider(this, org, {
      accountName: this.target.accountName,
      region,
      stack: this.target.stackId,
      alias: terraformName([region]),
    });
    this.regionProviders.set(region, provider);
    return provider;
  }

  private buildDataTier(org: Organization, built: ReadonlyMap<string, AccountRegionStack>): void {
    const target = this.target;
    const providerIn = (region: string) => this.providerIn(org, region);
    if (org.registry?.owner === target.stackId) buildRegistry(this, org, target, providerIn);
    const replicas = recoverySources(target).length > 0;
    if (this.vpc === undefined || !(target.settings.databases || target.settings.referenceSync || replicas)) return;
    const homeId = stackId(target.accountName, accountHomeRegion(org, target.account));
    const context: DataTierContext = {
      vpc: this.vpc,
      roles: homeId === target.stackId ? this.dataRoles : built.get(homeId)!.dataRoles,
      rolesInThisStack: homeId === target.stackId,
      vpcOf: (id) => built.get(id)!.vpc!,
      providerIn,
    };
    if (target.settings.databases) buildDatabases(this, org, target, context);
    if (replicas) buildRecoveryReplicas(this, org, target, context);
    if (target.settings.referenceSync) buildReferenceSync(this, org, target, context);
  }

  private buildLinkedNetwork(
    org: Organization,
    organizationId: string,
    logs: LogArchiveRef,
    built: ReadonlyMap<string, AccountRegionStack>,
  ): Vpc {
    const target = this.target;
    const links = Object.entries(target.settings.network!.peers).map(([peerId, link]) => ({
      peer: built.get(peerId)!,
      name: terraformName([peerId]),
      ports: link.ports,
    }));
    const vpc = buildNetwork(this, target, org, {
      organizationId,
      logArchive: logs,
      links: links.map((link) => databaseLinkFor(link.name, link.peer.vpc!.databaseTier, link.ports, "connect")),
    });
    for (const link of links) {
      const peerProvider = configureAwsProvider(this, org, {
        accountName: link.peer.target.accountName,
        region: link.peer.target.region,
        stack: target.stackId,
        alias: `peer_${link.name}`,
      });
      new VpcPeering(this, `link_${link.name}`, {
        local: vpc.databaseTier,
        peer: link.peer.vpc!.databaseTier,
        peerProvider,
        ports: link.ports,
        localSide: "connect",
        peerOwnerId: link.peer.target.accountId,
        name: nameTag(org.name, target.stackId, "to", link.peer.target.stackId),
      });
    }
    return vpc;
  }
}
