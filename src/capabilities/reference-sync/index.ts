import type { Capability } from "../capability";
import type * as build from "./build";
import { DATABASES_FRAGMENT } from "../databases/schema";
import { NETWORK_FRAGMENT } from "../network/schema";
import { checkReferenceSync } from "./checks";
import { referenceSyncDiagram } from "./diagram";
import { REFERENCE_DATA_FRAGMENT, REFERENCE_SYNC_FRAGMENT } from "./schema";

type Fragments = typeof NETWORK_FRAGMENT & typeof DATABASES_FRAGMENT & typeof REFERENCE_SYNC_FRAGMENT;

/**
 * DMS copying the reference tables one way from another stack's MariaDB (`referenceSync` on the
 * target; `referenceData` lists the only tables that may leave their region).
 */
export const referenceSync = {
  name: "reference sync",
  accountRegion: { ...NETWORK_FRAGMENT, ...DATABASES_FRAGMENT, ...REFERENCE_SYNC_FRAGMENT },
  organization: REFERENCE_DATA_FRAGMENT,
  checks: checkReferenceSync,
  // A source MariaDB keeps the binary log DMS reads changes from.
  needs: (target, org) => ({
    changeDataCapture: Object.values(org.accounts).some((account) =>
      Object.values(account.regions).some((region) => region.referenceSync?.source === target.stackId),
    ),
  }),
  diagram: referenceSyncDiagram,
  builder: () => (require("./build") as typeof build).referenceSyncBuilder,
} satisfies Capability<Fragments, typeof REFERENCE_DATA_FRAGMENT>;
