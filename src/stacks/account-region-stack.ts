import { DataAwsOrganizationsOrganization } from "@cdktf/provider-aws/lib/data-aws-organizations-organization";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { Vpc } from "../../modules/vpc";
import { databaseLinkFor, VpcPeering } from "../../modules/vpc-peering";
import type { Organization } from "../config/schema";
import { accountOfKind, type StackTarget } from "../config/topology";
import { nameTag, stackId, stateKey, terraformName } from "../naming";
import { configureAwsProvider } from "./aws-provider";
import { configureBackend } from "./backend";
import { BaseStack } from "./base-stack";
import {
  buildAccountBaseline,
  buildLogArchive,
  buildOrganization,
  buildOrganizationTrail,
  buildSecurityServices,
  type LogArchiveRef,
} from "./governance";
import { buildNetwork } from "./network";

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
    const organization = kind === "management" && home ? buildOrganization(this, org) : undefined;
    const organizationId =
      organization?.organizationId ?? new DataAwsOrganizationsOrganization(this, "organization", {}).id;
    if (kind === "security" && home) this.logArchive = buildLogArchive(this, org, target, organizationId);
    const logs = this.logArchive ?? built.get(logArchiveStackId(org))!.logArchive!;

    if (organization) {
      buildOrganizationTrail(this, org, organization, logs);
      // Ids of the accounts this stack creates go into the config (accounts.<name>.id) before their stacks exist.
      new TerraformOutput(this, "account_ids", { value: organization.accountIds });
      new TerraformOutput(this, "organization_id", { value: organization.organizationId });
    }
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
    if (target.settings.network) this.vpc = this.buildLinkedNetwork(org, organizationId, logs, built);
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
