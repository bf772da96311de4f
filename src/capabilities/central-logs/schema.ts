import { z } from "zod";
import { CENTRAL_LOGS_DEFAULTS, LOG_GROUP_NAME } from "../../../modules/central-logs/defaults";
import { days } from "../../config/primitives";
import type { OrganizationWith } from "../../config/shapes";
import type { CLUSTER_FRAGMENT } from "../cluster/schema";
import type { NETWORK_FRAGMENT } from "../network/schema";
import type { SERVICES_FRAGMENT } from "../services/schema";

export const CentralLogsSchema = z.strictObject({
  /** Turns central logs on or off without losing the settings. @default true */
  enabled: z.boolean().default(true),
  /**
   * Which log groups every account-region subscribes: the EKS control plane's, the VPC flow logs'
   * (only in CloudWatch mode: `network.flowLogs.destination: cloudWatch`) and `applicationLogs`.
   * @default { eksControlPlane: true, flowLogs: true, application: true }
   */
  sources: z
    .strictObject({
      eksControlPlane: z.boolean().default(true),
      flowLogs: z.boolean().default(true),
      application: z.boolean().default(true),
    })
    .default({ eksControlPlane: true, flowLogs: true, application: true }),
  /** Days from a log's arrival in the regional archive to its deletion. @default 2557 (7 years) */
  retentionDays: days.default(CENTRAL_LOGS_DEFAULTS.retentionDays),
  /** Days before archived logs move to Glacier Flexible Retrieval. @default 90 */
  glacierAfterDays: days.default(CENTRAL_LOGS_DEFAULTS.glacierAfterDays),
});

/** The central logs' organization-level key. */
export const CENTRAL_LOGS_FRAGMENT = {
  /**
   * CloudWatch Logs sent to a destination in the security account of each region (Firehose into a
   * KMS-encrypted bucket of that region). @default - none
   */
  centralLogs: CentralLogsSchema.optional(),
};

/** An application log group of an account-region, sent to the central destination of its region. */
const ApplicationLogSchema = z.strictObject({
  /** The log group, which must exist before this stack applies (a capability of the stack, or made elsewhere). */
  logGroupName: z.string().regex(LOG_GROUP_NAME, "must be a CloudWatch Logs log group name"),
  /** Which events are sent. @default "" (every event) */
  filterPattern: z.string().max(1024).default(""),
});

/** The central logs' account-region key. */
export const APPLICATION_LOGS_FRAGMENT = {
  /** Application log groups sent to the central destination, by a stable key. @default {} */
  applicationLogs: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "must be a snake_case key"), ApplicationLogSchema).default({}),
}; // prettier-ignore

export type CentralLogsOrganization = OrganizationWith<
  typeof NETWORK_FRAGMENT & typeof CLUSTER_FRAGMENT & typeof SERVICES_FRAGMENT & typeof APPLICATION_LOGS_FRAGMENT,
  typeof CENTRAL_LOGS_FRAGMENT
>;
