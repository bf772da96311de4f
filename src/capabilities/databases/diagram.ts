import { stackTargets } from "../../config/topology";
import type { CrossRegionLink, Diagram, LinkEnd } from "../../diagram/types";
import { stackId } from "../../naming";
import type { DatabasesOrganization } from "./schema";

/** Each RDS disaster-recovery replica, from its primary's stack to the replica's. */
function recoveryLinks(
  org: DatabasesOrganization,
  stackEnd: (stackId: string) => LinkEnd | undefined,
): CrossRegionLink[] {
  return stackTargets(org).flatMap((target) =>
    Object.entries(target.settings.databases ?? {}).flatMap(([engine, database]) => {
      const region = database?.disasterRecoveryRegion;
      const replica = region === undefined ? undefined : stackId(target.accountName, region);
      const to = replica === undefined ? undefined : stackEnd(replica);
      if (to === undefined || region === target.region) return [];
      return [
        {
          style: "solid" as const,
          from: stackEnd(target.stackId)!,
          to,
          label: [`RDS ${engine} DR replica`],
          text: `\`${target.stackId}\` → \`${replica}\`: RDS ${engine} disaster-recovery replica`,
        },
      ];
    }),
  );
}

/** The databases' part of docs/architecture.md: the engines in their tier, and the DR replicas. */
export const databasesDiagram: Diagram<DatabasesOrganization> = {
  holdings: (target) => [
    ...(target.settings.databases?.postgres ? ["PostgreSQL"] : []),
    ...(target.settings.databases?.mariadb ? ["MariaDB"] : []),
  ],
  tierHosts: (target, tier) =>
    tier === "database"
      ? [
          ...(target.settings.databases?.postgres ? ["PostgreSQL"] : []),
          ...(target.settings.databases?.mariadb ? ["MariaDB"] : []),
        ]
      : [],
  links: recoveryLinks,
};
