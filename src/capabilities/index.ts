import { budgets } from "./budgets";
import { centralLogs } from "./central-logs";
import { cluster } from "./cluster";
import { databases } from "./databases";
import { identityCenter } from "./identity-center";
import { network } from "./network";
import { referenceSync } from "./reference-sync";
import { registry } from "./registry";
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
  transitHub,
  centralLogs,
  identityCenter,
  budgets,
] as const;
