import { z } from "zod";
import { cidr, days, port } from "../../config/primitives";
import type { OrganizationWith } from "../../config/shapes";

/** Explicit subnet CIDRs of one tier, keyed by AZ letter (`a`, `b`, `c`). */
const tierSubnets = z.partialRecord(z.enum(["a", "b", "c"]), cidr);

export const NetworkSchema = z.strictObject({
  /** The VPC's /16; every VPC in the organization needs its own. */
  cidr,
  /**
   * Subnet CIDRs per tier and AZ letter, inside `cidr`, one per used AZ; for adopting an existing
   * layout. Changing one replaces the subnet. @default - the reference layout computed from `cidr`
   */
  subnets: z.strictObject({ public: tierSubnets, application: tierSubnets, database: tierSubnets }).optional(),
  /**
   * Where flow logs go: the organization log archive (S3), or CloudWatch Logs in this account
   * with a KMS key. @default { destination: "logArchive" }
   */
  flowLogs: z
    .discriminatedUnion("destination", [
      z.strictObject({ destination: z.literal("logArchive") }),
      z.strictObject({
        destination: z.literal("cloudWatch"),
        /** @default 365 */
        retentionDays: days.default(365),
      }),
    ])
    .default({ destination: "logArchive" }),
  /** Availability zones used, by position (a, b, c). @default 3 */
  availabilityZones: z.union([z.literal(2), z.literal(3)]).default(3),
  /**
   * AZ IDs by position (a, b, c), one per used zone: IDs name the same zones in every account, AZ
   * names do not. An adopted VPC gives its subnets' IDs. Changing one replaces the subnets there.
   * @default - the region's default zones (modules/vpc/availability-zones.ts)
   */
  availabilityZoneIds: z.array(z.string().regex(/^[a-z]+\d+-az\d+$/, "must be an AZ ID such as use1-az1")).optional(),
  /** NAT gateways: one per AZ, or one shared. @default "perAz" for prod, "single" otherwise */
  natGateways: z.enum(["perAz", "single"]).optional(),
  /**
   * Inter-region links this stack owns, keyed by the peer stack id (`prod-us-east-1`).
   * The owner depends on the peer; the peer never declares the same link back.
   */
  peers: z
    .record(
      z.string(),
      z.strictObject({
        /** TCP ports the peer's database tier may reach in ours (and the reverse return path). */
        ports: z.array(port).min(1),
      }),
    )
    .default({}),
});

/** The network capability's key on an account-region. */
export const NETWORK_FRAGMENT = {
  /** The three-tier VPC; absent means this account-region has no network. */
  network: NetworkSchema.optional(),
};

export type NetworkConfig = z.output<typeof NetworkSchema>;

/** An organization as the network capability sees it. */
export type NetworkOrganization = OrganizationWith<typeof NETWORK_FRAGMENT>;
