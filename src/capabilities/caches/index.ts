import { DEFAULTS } from "../../../modules/elasticache/defaults";
import type { NoKeys } from "../../config/shapes";
import type { Capability } from "../capability";
import { NETWORK_FRAGMENT } from "../network/schema";
import type * as build from "./build";
import { checkCaches } from "./checks";
import { cachesDiagram } from "./diagram";
import { CACHES_FRAGMENT } from "./schema";

/**
 * ElastiCache Valkey or Redis OSS replication groups in an account-region's database tier
 * (`caches`, which needs `network`), sized by the environment's profile.
 */
export const caches = {
  name: "caches",
  accountRegion: { ...NETWORK_FRAGMENT, ...CACHES_FRAGMENT },
  organization: {},
  checks: checkCaches,
  // The database tier admits the cache port from the application tier (NACL and security group).
  needs: (target) => (Object.keys(target.settings.caches ?? {}).length > 0 ? { databasePorts: [DEFAULTS.port] } : {}),
  diagram: cachesDiagram,
  builder: () => (require("./build") as typeof build).cachesBuilder,
} satisfies Capability<typeof NETWORK_FRAGMENT & typeof CACHES_FRAGMENT, NoKeys>;
