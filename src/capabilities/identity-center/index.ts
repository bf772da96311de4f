import type { NoKeys } from "../../config/shapes";
import type { Capability } from "../capability";
import type * as build from "./build";
import { checkIdentityCenter } from "./checks";
import { resolveIdentityCenter } from "./resolve";
import { IDENTITY_CENTER_FRAGMENT } from "./schema";

/**
 * Human access through IAM Identity Center (`identityCenter`): permission sets and the
 * assignments of the customer's groups to accounts, in the management account's home-region stack.
 */
export const identityCenter = {
  name: "identity center",
  accountRegion: {},
  organization: IDENTITY_CENTER_FRAGMENT,
  checks: checkIdentityCenter,
  diagram: {
    holdings: (target, org) => {
      const resolved = resolveIdentityCenter(org);
      return resolved?.accountName === target.accountName && resolved.region === target.region
        ? ["Identity Center permission sets and assignments"]
        : [];
    },
  },
  builder: () => (require("./build") as typeof build).identityCenterBuilder,
} satisfies Capability<NoKeys, typeof IDENTITY_CENTER_FRAGMENT>;
