import { z } from "zod";
import type { NoKeys, OrganizationWith } from "../../config/shapes";

/**
 * Attributes a user-directory item may carry besides its key `user_key`: routing data only. The
 * directory crosses residency zones like the registry, so it holds a user's organization and home
 * region (the region of the pool the user signed up in, which the identity capability's
 * post-confirmation writer records), never anything else about the user.
 */
export const USER_DIRECTORY_ROUTING_ATTRIBUTES = ["org_id", "home_region"] as const;

/**
 * The global user directory: user → organization, a second global table beside the registry with
 * the same owner and replicas. `user_key` is what the app knows before sign-in, derived by the
 * writer (e.g. a SHA-256 of the normalized sign-in email), never the email itself.
 */
const UserDirectorySchema = z.strictObject({
  /** The attributes its items carry besides `user_key`; only routing data. @default ["org_id"] */
  attributes: z.array(z.string()).min(1).default(["org_id"]),
});

/** The organization registry: org id → home region, the one table replicated across residency zones. */
export const RegistrySchema = z.strictObject({
  /** Stack id that declares the table and its replicas, e.g. `prod-us-east-1`. */
  owner: z.string(),
  /** Regions of the replicas, in the owner's account. */
  replicaRegions: z.array(z.string()).min(1),
  /** The global user directory (user → organization), in the same stacks as the registry. @default - none */
  userDirectory: UserDirectorySchema.optional(),
});

/** The registry's key at the top of the organization. */
export const REGISTRY_FRAGMENT = {
  /** The organization registry (a DynamoDB global table). @default - none */
  registry: RegistrySchema.optional(),
};

/** An organization as the registry capability sees it. */
export type RegistryOrganization = OrganizationWith<NoKeys, typeof REGISTRY_FRAGMENT>;
