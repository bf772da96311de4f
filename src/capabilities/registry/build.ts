import { GlobalTable } from "../../../modules/dynamodb-global-table";
import { registryTableName } from "../../naming";
import type { CapabilityBuilder } from "../capability";
import type { RegistryOrganization } from "./schema";

/** The organization registry with its replicas, in the stack that owns it. */
export const registryBuilder: CapabilityBuilder<RegistryOrganization> = {
  build(context) {
    const { scope, org, target } = context;
    if (org.registry?.owner !== target.stackId) return;
    new GlobalTable(scope, "registry", {
      tableName: registryTableName(org.name),
      region: target.region,
      accountId: target.accountId,
      replicas: org.registry.replicaRegions.map((region) => ({ region, provider: context.providerIn(region) })),
    });
  },
};
