import { CloudwatchLogSubscriptionFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Fn, Op, Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, policyJson } from "../iam/policy";
import { destinationRegion, LOG_GROUP_NAME } from "./defaults";
import type { LogDestinationRef } from "./index";

/** One log group sent to the central destination. */
export interface LogGroupSubscription {
  /** Name of the log group (`/aws/eks/acme-prod/cluster`). */
  readonly logGroupName: string;
  /**
   * Which events are sent, in CloudWatch Logs filter syntax.
   * @default "" - every event
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
   */
  readonly filterPattern?: string;
  /**
   * Resources the filter waits for: the log group's, when this stack creates it under a literal name.
   * @default [] - the group exists, or `logGroupName` is a reference to it
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

export interface LogSubscriptionProps {
  /** The central destination of this region (`CentralLogDestination.destination`, a cross-stack hand-off). */
  readonly destination: LogDestinationRef;
  /** Region of this stack's log groups (a literal). */
  readonly region: string;
  /** The account that owns the log groups. */
  readonly accountId: string;
  /**
   * Log groups by a stable key (`eks_control_plane`), which names the filter's address. Never list
   * a log group that receives what the destination writes, or the logs loop.
   */
  readonly logGroups: Readonly<Record<string, LogGroupSubscription>>;
  /** Prefix of the role and filter names (`acme-prod-us-east-1`). */
  readonly namePrefix: string;
  /**
   * Tags of the role.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * The sending side of central logging: subscription filters that deliver log groups of this
 * account and region to the central destination of the same region, and the role CloudWatch Logs
 * assumes to do so. A destination that admits its organization (rather than listed accounts)
 * requires that role in the sending account; it may put events of exactly the subscribed groups.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateSubscriptionFilter-IAMrole.html
 */
export class LogSubscription extends Construct {
  /** Filter names by log group key. */
  readonly filterNames: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: LogSubscriptionProps) {
    super(scope, id);
    const issues = logSubscriptionIssues(props);
    this.node.addValidation({ validate: () => issues });
    const name = `${props.namePrefix}-central-logs`;
    const groups = Object.entries(props.logGroups);
    const logGroupArn = (logGroupName: string) =>
      `arn:aws:logs:${props.region}:${props.accountId}:log-group:${logGroupName}:*`;

    const role = new IamRole(this, "role", {
      name: `${name}-subscription`,
      assumeRolePolicy: policyJson(
        policyDocument({
          Sid: "CloudWatchLogsOfThisAccount",
          Effect: "Allow",
          Principal: { Service: "logs.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringLike: { "aws:SourceArn": `arn:aws:logs:${props.region}:${props.accountId}:*` } },
        }),
      ),
      tags: props.tags ?? {},
    });
    const rolePolicy = new IamRolePolicy(this, "role_policy", {
      role: role.id,
      name: "send-subscribed-log-groups",
      policy: policyJson(
        policyDocument({
          Sid: "PutEventsOfTheSubscribedLogGroups",
          Effect: "Allow",
          Action: "logs:PutLogEvents",
          Resource: groups.map(([, group]) => logGroupArn(group.logGroupName)),
        }),
      ),
    });

    const names: Record<string, string> = {};
    for (const [key, group] of groups) {
      new CloudwatchLogSubscriptionFilter(this, `filter_${key}`, {
        name,
        logGroupName: group.logGroupName,
        filterPattern: group.filterPattern ?? "",
        destinationArn: props.destination.destinationArn,
        roleArn: role.arn,
        dependsOn: [rolePolicy, ...(group.dependsOn ?? [])],
        // An ARN from another stack's state is checked at plan too; a literal one is checked at synth,
        // and Terraform refuses a condition that refers to nothing ("Invalid precondition expression").
        lifecycle: Token.isUnresolved(props.destination.destinationArn)
          ? {
              precondition: [
                {
                  condition: Op.eq(Fn.element(Fn.split(":", props.destination.destinationArn), 3), props.region),
                  errorMessage: `logGroups.${key}: the destination is not in ${props.region}; a log group subscribes only to the destination of its own region`,
                },
              ],
            }
          : undefined,
      });
      names[key] = name;
    }
    this.filterNames = names;
  }
}

function logSubscriptionIssues(props: LogSubscriptionProps): string[] {
  const issues: string[] = [];
  const literalRegion = Token.isUnresolved(props.destination.destinationArn)
    ? props.destination.region
    : destinationRegion(props.destination.destinationArn);
  if (literalRegion === undefined) {
    issues.push(
      `destination.destinationArn: "${props.destination.destinationArn}" is not a CloudWatch Logs destination ARN`,
    );
  } else if (
    !Token.isUnresolved(literalRegion) &&
    !Token.isUnresolved(props.region) &&
    literalRegion !== props.region
  ) {
    issues.push(
      `destination: the destination is in ${literalRegion}, these log groups in ${props.region}; a log group subscribes only to the destination of its own region`,
    );
  }
  if (!Token.isUnresolved(props.accountId) && !/^\d{12}$/.test(props.accountId)) {
    issues.push(`accountId: "${props.accountId}" is not a 12-digit account id`);
  }
  const groups = Object.entries(props.logGroups);
  if (groups.length === 0) issues.push("logGroups: name at least one log group to send");
  const seen = new Map<string, string>();
  for (const [key, group] of groups) {
    const path = `logGroups.${key}`;
    if (!/^[a-z][a-z0-9_]*$/.test(key)) issues.push(`${path}: keys are snake_case (they name the filters)`);
    if (!Token.isUnresolved(group.logGroupName) && !LOG_GROUP_NAME.test(group.logGroupName)) {
      issues.push(`${path}.logGroupName: "${group.logGroupName}" is not a log group name`);
    }
    const earlier = seen.get(group.logGroupName);
    if (earlier !== undefined) {
      issues.push(
        `${path}.logGroupName: ${group.logGroupName} is already sent by logGroups.${earlier}; list each log group once`,
      );
    }
    seen.set(group.logGroupName, key);
  }
  return issues;
}
