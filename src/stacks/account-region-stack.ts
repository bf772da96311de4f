import type { Construct } from "constructs";
import type { Vpc } from "../../modules/vpc";
import { databaseLinkFor, VpcPeering } from "../../modules/vpc-peering";
import type { Organization } from "../config/schema";
import type { StackTarget } from "../config/topology";
import { nameTag, stateKey, terraformName } from "../naming";
import { configureAwsProvider } from "./aws-provider";
import { configureBackend } from "./backend";
import { BaseStack } from "./base-stack";
import { buildNetwork } from "./network";

/** The stack of one account-region: provider and backend, then the modules its config turns on. */
export class AccountRegionStack extends BaseStack {
  readonly target: StackTarget;
  /** The three-tier VPC, when the network capability is on. */
  readonly vpc?: Vpc;

  /** `peers` holds the stacks this one links to; they are built first (the config is a DAG). */
  constructor(
    scope: Construct,
    target: StackTarget,
    org: Organization,
    peers: ReadonlyMap<string, AccountRegionStack>,
  ) {
    super(scope, target.stackId);
    this.target = target;
    configureAwsProvider(this, org, {
      accountName: target.accountName,
      account: target.account,
      region: target.region,
      stack: target.stackId,
    });
    configureBackend(this, org, {
      stackId: target.stackId,
      key: stateKey(org.name, target.accountName, target.region, target.settings.stateKey),
    });
    if (!target.settings.network) return;

    const links = Object.entries(target.settings.network.peers).map(([peerId, link]) => ({
      peer: peers.get(peerId)!,
      name: terraformName([peerId]),
      ports: link.ports,
    }));
    this.vpc = buildNetwork(
      this,
      target,
      org,
      links.map((link) => databaseLinkFor(link.name, link.peer.vpc!.databaseTier, link.ports, "connect")),
    );
    for (const link of links) {
      const peerProvider = configureAwsProvider(this, org, {
        accountName: link.peer.target.accountName,
        account: link.peer.target.account,
        region: link.peer.target.region,
        stack: target.stackId,
        alias: `peer_${link.name}`,
      });
      new VpcPeering(this, `link_${link.name}`, {
        local: this.vpc.databaseTier,
        peer: link.peer.vpc!.databaseTier,
        peerProvider,
        ports: link.ports,
        localSide: "connect",
        peerOwnerId: link.peer.target.account.id,
        name: nameTag(org.name, target.stackId, "to", link.peer.target.stackId),
      });
    }
  }
}
