import { accountOfKind, stackTargets, type StackTarget } from "../../config/topology";
import { stackId } from "../../naming";
import type { CentralLogsOrganization } from "./schema";

/**
 * Which log groups an account-region sends, by the key that names its filter: the EKS control
 * plane's, the flow logs', `applicationLogs` (pre-existing), and groups the stack creates, which its
 * capabilities put in the LOG_GROUPS slot under these keys: Fluent Bit's archived groups and the ECS
 * services' groups.
 */
export type LogSource =
  "eks_control_plane" | "flow_logs" | `app_${string}` | `fluent_bit_${string}` | `service_${string}`;

/** Keys of Fluent Bit's groups: a namespace's (`fluent_bit_ns_<namespace>`), or every other namespace's. */
export function fluentBitLogSource(namespace?: string): LogSource {
  return namespace === undefined ? "fluent_bit_system" : `fluent_bit_ns_${namespace.replace(/-/g, "_")}`;
}

/** Key of an ECS service's log group. */
export function serviceLogSource(service: string): LogSource {
  return `service_${service}`;
}

/** Whether a source is a group the stack creates, read from the LOG_GROUPS slot at build. */
export function isCreatedInStack(source: LogSource): boolean {
  return source.startsWith("fluent_bit_") || source.startsWith("service_");
}

/** What an account-region sends to its region's destination, given the sources the config turns on. */
export function logSourcesOf(org: CentralLogsOrganization, target: StackTarget<CentralLogsOrganization>): LogSource[] {
  const config = org.centralLogs;
  if (config === undefined || !config.enabled) return [];
  const { network, cluster, applicationLogs, services } = target.settings;
  const fluentBit = cluster?.addons?.fluentBit;
  return [
    ...(config.sources.eksControlPlane && cluster !== undefined && network !== undefined
      ? (["eks_control_plane"] as const)
      : []),
    ...(config.sources.flowLogs && network?.flowLogs.destination === "cloudWatch" ? (["flow_logs"] as const) : []),
    ...(config.sources.application ? Object.keys(applicationLogs).map((key) => `app_${key}` as const) : []),
    ...(config.sources.application && fluentBit?.archive && network !== undefined
      ? [...Object.keys(cluster!.addons!.namespaces).map(fluentBitLogSource), fluentBitLogSource()]
      : []),
    ...(config.sources.application && network !== undefined ? Object.keys(services ?? {}).map(serviceLogSource) : []),
  ];
}

/** The account-regions that send something, grouped by region. */
export function sendersByRegion(org: CentralLogsOrganization): Map<string, StackTarget<CentralLogsOrganization>[]> {
  const byRegion = new Map<string, StackTarget<CentralLogsOrganization>[]>();
  for (const target of stackTargets(org)) {
    if (logSourcesOf(org, target).length === 0) continue;
    byRegion.set(target.region, [...(byRegion.get(target.region) ?? []), target]);
  }
  return byRegion;
}

/** The destination's stack of a region: the security account's. */
export function destinationStackId(org: CentralLogsOrganization, region: string): string {
  return stackId(accountOfKind(org, "security"), region);
}

/** Names of a region's destination (its IAM roles are global, hence the region), at most 32 characters. */
export function destinationPrefix(org: CentralLogsOrganization, region: string): string {
  return `${org.name}-${region}`;
}

/** The destination's name, as `CentralLogDestination` names it. */
export function destinationName(org: CentralLogsOrganization, region: string): string {
  return `${destinationPrefix(org, region)}-central-logs`;
}

/**
 * The destination's ARN, known at synth: senders name it literally, so the subscription's region is
 * checked at synth and their stack follows the destination's by a recorded dependency.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html (resource type `destination`)
 */
export function destinationArn(org: CentralLogsOrganization, region: string, securityAccountId: string): string {
  return `arn:aws:logs:${region}:${securityAccountId}:destination:${destinationName(org, region)}`;
}

/** The regional archive bucket (S3 names are global): `acme-central-logs-ca-central-1-222222222222`. */
export function archiveBucketName(org: CentralLogsOrganization, region: string, securityAccountId: string): string {
  return `${org.name}-central-logs-${region}-${securityAccountId}`;
}
