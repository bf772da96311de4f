import { CentralLogDestination } from "../../../modules/central-logs";
import { LogSubscription, type LogGroupSubscription } from "../../../modules/central-logs/subscription";
import { accountIdOf, accountOfKind } from "../../config/topology";
import type { BuildContext, CapabilityBuilder } from "../capability";
import { CLUSTER } from "../cluster/build";
import { VPC } from "../network/build";
import { LOG_GROUPS } from "../slots";
import {
  archiveBucketName,
  destinationArn,
  destinationPrefix,
  destinationStackId,
  isCreatedInStack,
  logSourcesOf,
  sendersByRegion,
} from "./placement";
import type { CentralLogsOrganization } from "./schema";

/**
 * The security account's stack of a region holds that region's destination; every stack with
 * something to send subscribes its log groups to the destination of its own region.
 */
export const centralLogsBuilder: CapabilityBuilder<CentralLogsOrganization> = {
  build(context) {
    const { org, target } = context;
    if (org.centralLogs === undefined || !org.centralLogs.enabled) return;
    const senders = sendersByRegion(org).get(target.region) ?? [];
    if (target.stackId === destinationStackId(org, target.region) && senders.length > 0) {
      new CentralLogDestination(context.scope, "central_logs", {
        region: target.region,
        accountId: target.accountId,
        organizationId: context.organizationId(),
        sourceAccountIds: [...new Set(senders.map((sender) => sender.accountId))],
        namePrefix: destinationPrefix(org, target.region),
        bucketName: archiveBucketName(org, target.region, target.accountId),
        retentionDays: org.centralLogs.retentionDays,
        glacierAfterDays: org.centralLogs.glacierAfterDays,
      });
    }
    const logGroups = logGroupsOf(context);
    if (Object.keys(logGroups).length === 0) return;
    const securityId = accountIdOf(org, accountOfKind(org, "security"));
    new LogSubscription(context.scope, "central_logs_subscription", {
      destination: { destinationArn: destinationArn(org, target.region, securityId), region: target.region },
      region: target.region,
      accountId: target.accountId,
      namePrefix: `${org.name}-${target.stackId}`,
      logGroups,
    });
  },
};

/**
 * The stack's log groups to send, named by references (or depending on their resource) so each
 * filter waits for its group.
 */
function logGroupsOf(context: BuildContext<CentralLogsOrganization>): Record<string, LogGroupSubscription> {
  const logGroups: Record<string, LogGroupSubscription> = {};
  const { applicationLogs } = context.target.settings;
  const created = new Map((context.get(LOG_GROUPS) ?? []).map((group) => [group.key, group]));
  for (const source of logSourcesOf(context.org, context.target)) {
    if (isCreatedInStack(source)) {
      const group = created.get(source);
      if (group !== undefined) logGroups[source] = { logGroupName: group.name, dependsOn: [group.construct] };
    } else if (source === "eks_control_plane") {
      const name = context.get(CLUSTER)?.cluster.controlPlaneLogGroupName;
      if (name !== undefined) logGroups[source] = { logGroupName: name };
    } else if (source === "flow_logs") {
      const name = context.get(VPC)?.flowLogGroupName;
      if (name !== undefined) logGroups[source] = { logGroupName: name };
    } else {
      logGroups[source] = applicationLogs[source.slice("app_".length)];
    }
  }
  return logGroups;
}
