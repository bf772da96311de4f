import { BUCKET_NAME } from "../../../modules/app-bucket/defaults";
import type { ConfigIssue } from "../../config/issues";
import { accountHomeRegion, stackTargets, type StackEdge, type StackTarget } from "../../config/topology";
import { stackId } from "../../naming";
import { bucketName } from "./names";
import type { BucketConfig, BucketsOrganization } from "./schema";

/** Names, protection and every replication's destination, at their paths. */
export function checkBuckets(org: BucketsOrganization): ConfigIssue[] {
  return stackTargets(org).flatMap((target) =>
    Object.entries(target.settings.buckets ?? {}).flatMap(([key, bucket]) => {
      const path = `${target.path}.buckets.${key}`;
      const name = bucketName(org.name, target.accountName, target.region, key);
      const issues: ConfigIssue[] = [];
      // The replication role is `<bucket>-replication`, and IAM role names are 64 characters at most.
      if (!BUCKET_NAME.test(name) || (bucket.replicateTo !== undefined && name.length > 64 - "-replication".length)) {
        issues.push({ path, message: `makes the bucket name "${name}", too long or not a valid bucket name` });
      }
      if (!bucket.deletionProtection && target.account.environment !== "dev") {
        issues.push({
          path: `${path}.deletionProtection`,
          message: `only a dev account may turn deletion protection off; accounts.${target.accountName} is ${target.account.environment}`,
        });
      }
      const message = bucket.replicateTo === undefined ? undefined : replicationIssue(org, target, key, bucket);
      if (message !== undefined) issues.push({ path: `${path}.replicateTo`, message });
      return issues;
    }),
  );
}

/** Why a replication is refused: another zone, no such bucket there, another encryption, or an order Terraform cannot follow. */
function replicationIssue(
  org: BucketsOrganization,
  target: StackTarget<BucketsOrganization>,
  key: string,
  bucket: BucketConfig,
): string | undefined {
  const region = bucket.replicateTo!;
  const zone = org.regions[target.region]?.residency;
  if (!(region in org.regions)) return `region "${region}" is not governed`;
  if (region === target.region) return "a replica goes to another region";
  if (org.regions[region].residency !== zone) {
    return `${region} is in residency zone "${org.regions[region].residency}", ${target.region} in "${zone}": a bucket's copy stays in its zone`;
  }
  const destination = target.account.regions[region]?.buckets?.[key];
  if (destination === undefined) {
    return `the replica bucket is accounts.${target.accountName}.regions.${region}.buckets.${key}, which is not declared`;
  }
  if (destination.encryption !== bucket.encryption) {
    return `the replica bucket is ${destination.encryption}, this one ${bucket.encryption}: both use the same encryption`;
  }
  if (target.region === accountHomeRegion(org, target.account)) {
    return (
      `${target.region} is the account's home region, whose stack every other stack of the account follows; ` +
      "a replicating bucket's stack follows its replica's, so it cannot be in the home region"
    );
  }
  return undefined;
}

/** A replicating bucket's stack reads its replica's name and key, so it follows the replica's stack. */
export function replicationDependencies(org: BucketsOrganization): StackEdge[] {
  return stackTargets(org).flatMap((target) =>
    Object.entries(target.settings.buckets ?? {}).flatMap(([key, bucket]) =>
      bucket.replicateTo === undefined || replicationIssue(org, target, key, bucket) !== undefined
        ? []
        : [
            {
              from: target.stackId,
              to: stackId(target.accountName, bucket.replicateTo),
              path: `${target.path}.buckets.${key}.replicateTo`,
              reason: "bucket replica",
            },
          ],
    ),
  );
}
