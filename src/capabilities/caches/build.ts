import { ElastiCache } from "../../../modules/elasticache";
import { terraformName } from "../../naming";
import { Slot, type CapabilityBuilder } from "../capability";
import { VPC } from "../network/build";
import { cacheName } from "./names";
import type { CachesOrganization } from "./schema";

/** The account-region's caches by their config key, for the capabilities that grant access to them. */
export const CACHES = new Slot<ReadonlyMap<string, ElastiCache>>("caches");

/**
 * Each cache of the account-region in the VPC's database subnets, reached only from the
 * application nodes' group (the network capability opens 6379 in the database NACL for it).
 */
export const cachesBuilder: CapabilityBuilder<CachesOrganization> = {
  build(context) {
    const { scope, org, target } = context;
    const vpc = context.get(VPC);
    const caches = Object.entries(target.settings.caches ?? {});
    if (vpc === undefined || caches.length === 0) return;
    const built = new Map<string, ElastiCache>();
    for (const [key, config] of caches) {
      const { deletionProtection, ...sizing } = config;
      const cache = new ElastiCache(scope, `cache_${terraformName([key])}`, {
        ...sizing,
        name: cacheName(org.name, target.stackId, key),
        region: target.region,
        accountId: target.accountId,
        profile: target.account.environment,
        network: { vpcId: vpc.vpcId, subnetIds: vpc.subnetIds.database },
        deletionProtection,
      });
      cache.allowFrom(vpc.securityGroups.nodes);
      built.set(key, cache);
    }
    context.provide(CACHES, built);
  },
};
