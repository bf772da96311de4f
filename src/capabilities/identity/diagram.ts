import type { Diagram } from "../../diagram/types";
import type { IdentityOrganization } from "./schema";

/** The identity layer's part of docs/architecture.md: pools, APIs and handlers, the handlers in the application tier. */
export const identityDiagram: Diagram<IdentityOrganization> = {
  holdings: (target) => {
    const identity = target.settings.identity;
    if (identity === undefined) return [];
    return [
      ...Object.keys(identity.userPools).map((key) => `Cognito pool ${key}`),
      ...Object.entries(identity.apis).map(([key, api]) => `HTTP API ${api.customDomain?.domainName ?? key}`),
    ];
  },
  tierHosts: (target, tier) =>
    tier === "application"
      ? Object.entries(target.settings.identity?.functions ?? {})
          .filter(([, fn]) => fn.inVpc)
          .map(([key]) => `Lambda ${key}`)
      : [],
};
