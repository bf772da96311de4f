import type { ConfigIssue } from "../../config/issues";
import { accountOfKind, stackTargets, type StackEdge } from "../../config/topology";
import { archiveBucketName, destinationPrefix, destinationStackId, sendersByRegion } from "./placement";
import type { CentralLogsOrganization } from "./schema";

/**
 * Every region that sends logs needs the security account's stack there (the destination stays in
 * the senders' region, hence in their residency zone), and its names must fit AWS's limits.
 */
export function checkCentralLogs(org: CentralLogsOrganization): ConfigIssue[] {
  const issues: ConfigIssue[] = archiveIssues(org);
  if (!hasSecurityAccount(org)) return issues; // the core checks report a missing security account
  const security = org.accounts[accountOfKind(org, "security")];
  for (const [region, senders] of sendersByRegion(org)) {
    if (security.id === undefined || !(region in security.regions)) {
      for (const sender of senders) {
        issues.push({
          path: sender.path,
          message: `sends logs to the central destination of ${region}, but the security account has no stack there (accounts.${accountOfKind(org, "security")}.regions.${region}); logs never leave their region`,
        });
      }
      continue;
    }
    const prefix = destinationPrefix(org, region);
    if (prefix.length > 32) {
      issues.push({
        path: "centralLogs",
        message: `"${prefix}" (organization name and region) names the destination's roles and must be at most 32 characters; shorten the organization name`,
      });
    }
    const bucket = archiveBucketName(org, region, security.id);
    if (bucket.length > 63) {
      issues.push({
        path: "centralLogs",
        message: `the archive bucket name "${bucket}" is longer than S3's 63 characters; shorten the organization name`,
      });
    }
  }
  return issues;
}

/**
 * `fluentBit.archive` sends through central logs, as application logs: it needs them on, with
 * `sources.application` (the switch that turns application logs off turns these off too, so an
 * archive never silently does nothing).
 */
function archiveIssues(org: CentralLogsOrganization): ConfigIssue[] {
  const config = org.centralLogs;
  return stackTargets(org)
    .filter((target) => target.settings.cluster?.addons?.fluentBit?.archive === true)
    .flatMap((target) => {
      const path = `${target.path}.cluster.addons.fluentBit.archive`;
      if (config === undefined || !config.enabled) {
        return [{ path, message: "archives through central logs, which are off: set centralLogs (enabled)" }];
      }
      if (!config.sources.application) {
        return [{ path, message: "archives application logs, but centralLogs.sources.application is off" }];
      }
      return [];
    });
}

/** A sender's stack follows its region's destination stack, whose ARN it names literally. */
export function centralLogsDependencies(org: CentralLogsOrganization): StackEdge[] {
  if (!hasSecurityAccount(org)) return [];
  const stacks = new Set(stackTargets(org).map((t) => t.stackId));
  return [...sendersByRegion(org)].flatMap(([region, senders]) =>
    senders
      .filter(
        (sender) => sender.stackId !== destinationStackId(org, region) && stacks.has(destinationStackId(org, region)),
      )
      .map((sender) => ({
        from: sender.stackId,
        to: destinationStackId(org, region),
        path: "centralLogs",
        reason: "central logs",
      })),
  );
}

const hasSecurityAccount = (org: CentralLogsOrganization): boolean =>
  Object.values(org.accounts).some((account) => account.kind === "security");
