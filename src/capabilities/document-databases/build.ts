import { DocumentDb } from "../../../modules/documentdb";
import { terraformName } from "../../naming";
import { Slot, type CapabilityBuilder } from "../capability";
import { VPC } from "../network/build";
import { documentDatabaseName } from "./names";
import type { DocumentDatabasesOrganization } from "./schema";

/** The account-region's document databases by their config key. */
export const DOCUMENT_DATABASES = new Slot<ReadonlyMap<string, DocumentDb>>("document-databases");

/**
 * Each DocumentDB cluster of the account-region in the VPC's database subnets, reached only from
 * the application nodes' group (the network capability opens 27017 in the database NACL for it).
 */
export const documentDatabasesBuilder: CapabilityBuilder<DocumentDatabasesOrganization> = {
  build(context) {
    const { scope, org, target } = context;
    const vpc = context.get(VPC);
    const clusters = Object.entries(target.settings.documentDatabases ?? {});
    if (vpc === undefined || clusters.length === 0) return;
    const built = new Map<string, DocumentDb>();
    for (const [key, config] of clusters) {
      const cluster = new DocumentDb(scope, `docdb_${terraformName([key])}`, {
        ...config,
        identifier: documentDatabaseName(org.name, target.stackId, key),
        region: target.region,
        accountId: target.accountId,
        profile: target.account.environment,
        network: { vpcId: vpc.vpcId, subnetIds: vpc.subnetIds.database },
      });
      cluster.allowFrom(vpc.securityGroups.nodes);
      built.set(key, cluster);
    }
    context.provide(DOCUMENT_DATABASES, built);
  },
};
