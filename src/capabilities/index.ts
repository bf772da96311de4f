import { analytics } from "./analytics";
import { backups } from "./backups";
import { buckets } from "./buckets";
import { caches } from "./caches";
import { cluster } from "./cluster";
import { databases } from "./databases";
import { documentDatabases } from "./document-databases";
import { identity } from "./identity";
import { network } from "./network";
import { referenceSync } from "./reference-sync";
import { registry } from "./registry";
import { delivery } from "./delivery";
import { edge, edgeZones } from "./edge";
import { services } from "./services";

/**
 * Every capability, in build order: a capability comes after those whose slots it reads (the
 * network's VPC before everything placed in it). Adding a capability: a folder beside these, and
 * one line here (README, "Adding a capability").
 */
export const CAPABILITIES = [
  network,
  cluster,
  databases,
  referenceSync,
  registry,
  caches,
  documentDatabases,
  backups,
  buckets,
  analytics,
  edgeZones,
  services,
  identity,
  edge,
  delivery,
] as const;
