import { AppBucket } from "../../../modules/app-bucket";
import { stackId, terraformName } from "../../naming";
import { Slot, type CapabilityBuilder } from "../capability";
import { stackAccessLogBucket } from "../data-stores/access-log-build";
import { bucketName } from "./names";
import type { BucketsOrganization } from "./schema";

/** The account-region's application buckets by their config key (a replicating bucket reads its replica's). */
export const BUCKETS = new Slot<ReadonlyMap<string, AppBucket>>("buckets");

/**
 * Each application bucket of the account-region, its server access logs in the stack's log bucket,
 * and, where the config says, live replication into the bucket of the same name in another region
 * of the zone (that stack is built and deployed first: see the dependencies).
 */
export const bucketsBuilder: CapabilityBuilder<BucketsOrganization> = {
  build(context) {
    const { scope, org, target } = context;
    const buckets = Object.entries(target.settings.buckets ?? {});
    if (buckets.length === 0) return;
    const accessLogBucket = stackAccessLogBucket(scope, org.name, target);
    const built = new Map<string, AppBucket>();
    for (const [key, config] of buckets) {
      const replica =
        config.replicateTo === undefined
          ? undefined
          : context.get(BUCKETS, stackId(target.accountName, config.replicateTo))!.get(key)!;
      const bucket = new AppBucket(scope, `bucket_${terraformName([key])}`, {
        bucketName: bucketName(org.name, target.accountName, target.region, key),
        region: target.region,
        accountId: target.accountId,
        encryption: config.encryption,
        lifecycle: config.lifecycle,
        accessLogBucket,
        deletionProtection: config.deletionProtection,
        replication:
          replica === undefined
            ? undefined
            : {
                destinationBucketArn: replica.bucketArn,
                destinationRegion: config.replicateTo!,
                destinationKmsKeyArn: replica.kmsKeyArn,
              },
      });
      built.set(key, bucket);
    }
    context.provide(BUCKETS, built);
  },
};
