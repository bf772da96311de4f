import { analytics } from "./analytics";
import { backups } from "./backups";
import { buckets } from "./buckets";
import { budgets } from "./budgets";
import { caches } from "./caches";
import { centralLogs } from "./central-logs";
import { cluster } from "./cluster";
import { databases } from "./databases";
import { delivery } from "./delivery";
import { documentDatabases } from "./document-databases";
import { edge, edgeZones } from "./edge";
import { identity } from "./identity";
import { identityCenter } from "./identity-center";
import { network } from "./network";
import { referenceSync } from "./reference-sync";
import { registry } from "./registry";
import { services } from "./services";
import { transitHub } from "./transit-hub";

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
  transitHub,
  centralLogs,
  identityCenter,
  budgets,
] as const;
