import { stackTargets } from "../../config/topology";
import type { CrossRegionLink, Diagram } from "../../diagram/types";
import { stackId } from "../../naming";
import type { BucketsOrganization } from "./schema";

/** The buckets' part of docs/architecture.md: the buckets a stack holds, and each replication. */
export const bucketsDiagram: Diagram<BucketsOrganization> = {
  holdings: (target) => Object.keys(target.settings.buckets ?? {}).map((key) => `S3 bucket ${key}`),
  links: (org, stackEnd) =>
    stackTargets(org).flatMap((target) =>
      Object.entries(target.settings.buckets ?? {}).flatMap(([key, bucket]): CrossRegionLink[] => {
        const replica = bucket.replicateTo === undefined ? undefined : stackId(target.accountName, bucket.replicateTo);
        const from = stackEnd(target.stackId);
        const to = replica === undefined ? undefined : stackEnd(replica);
        return from === undefined || to === undefined
          ? []
          : [
              {
                style: "solid",
                from,
                to,
                label: [`S3 ${key} replication`],
                text: `\`${target.stackId}\` → \`${replica}\`: S3 bucket ${key} replication (same residency zone)`,
              },
            ];
      }),
    ),
};
