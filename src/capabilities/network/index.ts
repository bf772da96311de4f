import { stackTargets } from "../../config/topology";
import type { NoKeys } from "../../config/shapes";
import type { Capability } from "../capability";
import type * as build from "./build";
import { checkNetworks } from "./checks";
import { networkDiagram } from "./diagram";
import { NETWORK_FRAGMENT } from "./schema";

/**
 * The three-tier VPC of an account-region (`network`): public, application and database subnets,
 * one network ACL per tier, NAT, flow logs, endpoints; and the cross-region database links it owns.
 */
export const network = {
  name: "network",
  accountRegion: NETWORK_FRAGMENT,
  organization: {},
  checks: checkNetworks,
  // A link's owner reads its peer's VPC, route table and ACL ids, and opens the peer's side.
  dependencies: (org) =>
    stackTargets(org).flatMap((target) =>
      Object.keys(target.settings.network?.peers ?? {})
        .filter((peer) => peer !== target.stackId)
        .map((peer) => ({
          from: target.stackId,
          to: peer,
          path: `${target.path}.network.peers.${peer}`,
          reason: "network link",
        })),
    ),
  diagram: networkDiagram,
  builder: () => (require("./build") as typeof build).networkBuilder,
} satisfies Capability<typeof NETWORK_FRAGMENT, NoKeys>;
