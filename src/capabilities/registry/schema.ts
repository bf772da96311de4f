import { z } from "zod";
import type { NoKeys, OrganizationWith } from "../../config/shapes";

/** The organization registry: org id → home region, the one table replicated across residency zones. */
export const RegistrySchema = z.strictObject({
  /** Stack id that declares the table and its replicas, e.g. `prod-us-east-1`. */
  owner: z.string(),
  /** Regions of the replicas, in the owner's account. */
  replicaRegions: z.array(z.string()).min(1),
});

/** The registry's key at the top of the organization. */
export const REGISTRY_FRAGMENT = {
  /** The organization registry (a DynamoDB global table). @default - none */
  registry: RegistrySchema.optional(),
};

/** An organization as the registry capability sees it. */
export type RegistryOrganization = OrganizationWith<NoKeys, typeof REGISTRY_FRAGMENT>;
