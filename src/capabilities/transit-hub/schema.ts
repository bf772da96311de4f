import { z } from "zod";
import type { OrganizationWith } from "../../config/shapes";
import type { NETWORK_FRAGMENT } from "../network/schema";

export const TransitHubSchema = z.strictObject({
  /** The account that owns the hubs (a network account); it needs a stack in each hub region. @default "network" */
  account: z.string().default("network"),
  /** Hub regions, each a Transit Gateway shared with the organization through RAM. */
  regions: z.record(
    z.string(),
    z.strictObject({
      /** Private ASN of the Amazon side (a change replaces the gateway); peered hubs need distinct ones. @default 64512 */
      amazonSideAsn: z.number().int().optional(),
    }),
  ),
  /**
   * Peerings between hubs, as region pairs; both regions must lie in one residency zone. Peerings
   * carry static routes per segment, so prod still reaches only prod and shared. @default []
   */
  peerings: z.array(z.tuple([z.string(), z.string()])).default([]),
  /**
   * TCP ports application tiers open to the VPCs their segment reaches (the application ACL and the
   * nodes' security group admit them from those VPCs only). @default [443] - HTTPS
   */
  ports: z.array(z.number().int().min(1).max(65535)).min(1).default([443]),
});

/** The transit hub's organization-level key. */
export const TRANSIT_HUB_FRAGMENT = {
  /** A Transit Gateway per region in the network account, prod and nonprod kept apart. @default - none */
  transitHub: TransitHubSchema.optional(),
};

/** The segments an attachment may join: each segment's table learns only itself and shared. */
export const SEGMENTS = ["prod", "nonprod", "shared"] as const;
export type Segment = (typeof SEGMENTS)[number];

/** An account-region's opt-in: its VPC attaches to the hub of its region. */
export const TRANSIT_ATTACHMENT_FRAGMENT = {
  /**
   * Attach this account-region's VPC to the transit hub of its region (needs `network`).
   * @default - not attached
   */
  transitAttachment: z
    .strictObject({
      /**
       * Route table the VPC joins. Only a management or security account (or the hub's own) may
       * join `shared`, which both environments reach. @default - "prod" for a prod account, else "nonprod"
       */
      segment: z.enum(SEGMENTS).optional(),
    })
    .optional(),
};

export type TransitHubOrganization = OrganizationWith<
  typeof NETWORK_FRAGMENT & typeof TRANSIT_ATTACHMENT_FRAGMENT,
  typeof TRANSIT_HUB_FRAGMENT
>;
