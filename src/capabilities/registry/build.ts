import { GlobalTable } from "../../../modules/dynamodb-global-table";
import { registryTableName, userDirectoryTableName } from "../../naming";
import { Slot, type CapabilityBuilder } from "../capability";
import type { RegistryOrganization } from "./schema";

/** The registry and the user directory, in the stack that owns them, for the readers of other stacks. */
export const REGISTRY = new Slot<{ readonly registry: GlobalTable; readonly userDirectory?: GlobalTable }>("registry");

/**
 * The user directory's keys: `user_key` (derived from what the app knows before sign-in), indexed
 * by organization so an organization's entries can be listed and removed with it.
 */
const USER_DIRECTORY_KEYS = { hashKey: "user_key", index: { name: "by_org_id", hashKey: "org_id" } } as const;

/** The organization registry with its replicas, and the user directory beside it, in the stack that owns them. */
export const registryBuilder: CapabilityBuilder<RegistryOrganization> = {
  build(context) {
    const { scope, org, target } = context;
    if (org.registry?.owner !== target.stackId) return;
    const replicas = org.registry.replicaRegions.map((region) => ({ region, provider: context.providerIn(region) }));
    const registry = new GlobalTable(scope, "registry", {
      tableName: registryTableName(org.name),
      region: target.region,
      accountId: target.accountId,
      replicas,
    });
    const userDirectory =
      org.registry.userDirectory === undefined
        ? undefined
        : new GlobalTable(scope, "user_directory", {
            tableName: userDirectoryTableName(org.name),
            region: target.region,
            accountId: target.accountId,
            replicas,
            keySchema: USER_DIRECTORY_KEYS,
          });
    context.provide(REGISTRY, { registry, userDirectory });
  },
};
