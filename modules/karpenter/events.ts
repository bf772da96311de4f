/**
 * The EventBridge events Karpenter acts on, typed: a misspelled detail-type is a compile error here, not an
 * interruption queue that silently never receives anything.
 * @see https://karpenter.sh/docs/concepts/disruption/#interruption
 */
export type InterruptionEvent =
  | { readonly source: "aws.health"; readonly detailType: "AWS Health Event" }
  | {
      readonly source: "aws.ec2";
      readonly detailType:
        | "EC2 Spot Instance Interruption Warning"
        | "EC2 Instance Rebalance Recommendation"
        | "EC2 Instance State-change Notification"
        | "EC2 Capacity Reservation Instance Interruption Warning";
    };

/** An EventBridge event pattern matching one source and one detail-type. */
export interface EventPattern {
  readonly source: readonly [InterruptionEvent["source"]];
  readonly "detail-type": readonly [InterruptionEvent["detailType"]];
}

export interface InterruptionRule {
  /** Suffix of the rule's physical name, `<cluster>-karpenter-<shortName>` (at most 64 characters in all). */
  readonly shortName: string;
  readonly description: string;
  readonly event: InterruptionEvent;
}

/**
 * One rule per event, keyed by the construct id (address `aws_cloudwatch_event_rule.<module>_<key>`).
 * Karpenter 1.8 acts on the first four; it acknowledges and drops capacity-reservation interruption
 * warnings, which it handles from 1.10 on: the rule is there so that an upgrade needs no AWS change.
 */
export const INTERRUPTION_RULES = {
  health_event: {
    shortName: "health",
    description: "Karpenter interruption: AWS Health scheduled changes",
    event: { source: "aws.health", detailType: "AWS Health Event" },
  },
  spot_interruption: {
    shortName: "spot",
    description: "Karpenter interruption: EC2 Spot two-minute warning",
    event: { source: "aws.ec2", detailType: "EC2 Spot Instance Interruption Warning" },
  },
  rebalance: {
    shortName: "rebalance",
    description: "Karpenter interruption: EC2 rebalance recommendation",
    event: { source: "aws.ec2", detailType: "EC2 Instance Rebalance Recommendation" },
  },
  instance_state_change: {
    shortName: "state-change",
    description: "Karpenter interruption: EC2 instance stopping or terminating",
    event: { source: "aws.ec2", detailType: "EC2 Instance State-change Notification" },
  },
  capacity_reservation_interruption: {
    shortName: "reservation",
    description: "Karpenter interruption: EC2 capacity reservation interruption warning",
    event: { source: "aws.ec2", detailType: "EC2 Capacity Reservation Instance Interruption Warning" },
  },
} as const satisfies Record<string, InterruptionRule>;

export function eventPattern(event: InterruptionEvent): EventPattern {
  return { source: [event.source], "detail-type": [event.detailType] };
}
