import { stackTargets } from "../../config/topology";
import type { CrossRegionLink, Diagram } from "../../diagram/types";
import { stackId } from "../../naming";
import type { BackupsOrganization } from "./schema";

/** The backups' part of docs/architecture.md: the vault, and each copy to another region's vault. */
export const backupsDiagram: Diagram<BackupsOrganization> = {
  holdings: (target) => (target.settings.backups ? ["AWS Backup vault"] : []),
  links: (org, stackEnd) =>
    stackTargets(org).flatMap((target) => {
      const regions = new Set(
        Object.values(target.settings.backups?.plans ?? {}).flatMap((plan) =>
          Object.values(plan.rules).flatMap((rule) => rule.copyTo),
        ),
      );
      return [...regions].flatMap((region): CrossRegionLink[] => {
        const to = stackEnd(stackId(target.accountName, region));
        const from = stackEnd(target.stackId);
        return to === undefined || from === undefined
          ? []
          : [
              {
                style: "solid",
                from,
                to,
                label: ["backup copies"],
                text: `\`${target.stackId}\` → \`${stackId(target.accountName, region)}\`: AWS Backup copies (same residency zone)`,
              },
            ];
      });
    }),
};
