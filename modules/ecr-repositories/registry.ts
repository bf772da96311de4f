import { EcrRegistryScanningConfiguration } from "@cdktf/provider-aws/lib/ecr-registry-scanning-configuration";
import { EcrReplicationConfiguration } from "@cdktf/provider-aws/lib/ecr-replication-configuration";
import { Construct } from "constructs";
import type { PolicyStatement } from "../iam/policy";
import { REPLICATION_LIMITS } from "./defaults";

/** One replication rule: the repositories it copies (by name prefix) and where to. */
export interface ReplicationRule {
  /** Destination registries: a region and the account (registry id) there. */
  readonly destinations: readonly { readonly region: string; readonly accountId: string }[];
  /** Repository name prefixes copied. @default [] - every repository */
  readonly repositoryPrefixes?: readonly string[];
}

export interface EcrRegistrySettingsProps {
  /** This registry's account and region (a rule into itself is refused). */
  readonly accountId: string;
  readonly region: string;
  /**
   * Replication rules. Which destinations are allowed (e.g. only inside a residency zone) is the
   * caller's decision; this construct checks their shape.
   * @default [] - no replication configuration
   */
  readonly replicationRules?: readonly ReplicationRule[];
  /**
   * Registry scanning: BASIC (scan on push, free) or ENHANCED (Amazon Inspector, continuous, billed;
   * Inspector must be enabled for the account). Registry-wide: it overrides each repository's scan on push.
   * @default - not managed: each repository's scanOnPush applies
   * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html
   */
  readonly scanning?: "BASIC" | "ENHANCED";
}

/**
 * The registry-wide settings of ECR in one account and region: the replication configuration and the
 * scanning configuration. Each exists once per registry per region, so this is a construct of its own,
 * created once per account-region stack, not a prop of every repository set.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html
 */
export class EcrRegistrySettings extends Construct {
  constructor(scope: Construct, id: string, props: EcrRegistrySettingsProps) {
    super(scope, id);
    const rules = props.replicationRules ?? [];
    this.node.addValidation({ validate: () => replicationIssues(props, rules) });
    if (rules.length > 0) {
      new EcrReplicationConfiguration(this, "replication", {
        replicationConfiguration: {
          rule: rules.map((rule) => ({
            destination: rule.destinations.map((d) => ({ region: d.region, registryId: d.accountId })),
            repositoryFilter: (rule.repositoryPrefixes ?? []).map((prefix) => ({
              filter: prefix,
              filterType: "PREFIX_MATCH",
            })),
          })),
        },
      });
    }
    if (props.scanning !== undefined) {
      new EcrRegistryScanningConfiguration(this, "scanning", {
        scanType: props.scanning,
        rule: [
          {
            scanFrequency: props.scanning === "ENHANCED" ? "CONTINUOUS_SCAN" : "SCAN_ON_PUSH",
            repositoryFilter: [{ filter: "*", filterType: "WILDCARD" }],
          },
        ],
      });
    }
  }
}

/**
 * Registry policy statement for a destination account's registry (`aws_ecr_registry_policy` there):
 * lets `sourceAccountId` replicate into it. Same-account replication needs none.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions-create-replication.html
 */
export function replicationDestinationStatement(
  sourceAccountId: string,
  destinationAccountId: string,
  region: string,
): PolicyStatement {
  return {
    Sid: `ReplicationFrom${sourceAccountId}`,
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${sourceAccountId}:root` },
    Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
    Resource: `arn:aws:ecr:${region}:${destinationAccountId}:repository/*`,
  };
}

function replicationIssues(props: EcrRegistrySettingsProps, rules: readonly ReplicationRule[]): string[] {
  const issues: string[] = [];
  if (rules.length > REPLICATION_LIMITS.rules) {
    issues.push(`replicationRules: ${rules.length} rules exceed ECR's ${REPLICATION_LIMITS.rules} per registry`);
  }
  const total = rules.reduce((n, r) => n + r.destinations.length, 0);
  if (total > REPLICATION_LIMITS.destinations) {
    issues.push(
      `replicationRules: ${total} destinations exceed ECR's ${REPLICATION_LIMITS.destinations} per replication configuration`,
    );
  }
  rules.forEach((rule, i) => {
    const path = `replicationRules[${i}]`;
    if (rule.destinations.length === 0) issues.push(`${path}.destinations: name at least one destination`);
    rule.destinations.forEach((d, j) => {
      const at = `${path}.destinations[${j}]`;
      if (!/^\d{12}$/.test(d.accountId)) issues.push(`${at}.accountId: "${d.accountId}" is not a 12-digit account id`);
      if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(d.region)) issues.push(`${at}.region: "${d.region}" is not a region name`);
      if (d.region === props.region && d.accountId === props.accountId) {
        issues.push(`${at}: ${d.region} in ${d.accountId} is this registry itself`);
      }
      const first = rule.destinations.findIndex((o) => o.region === d.region && o.accountId === d.accountId);
      if (first < j) issues.push(`${at}: already ${path}.destinations[${first}]`);
    });
    const prefixes = rule.repositoryPrefixes ?? [];
    if (prefixes.length > REPLICATION_LIMITS.filtersPerRule) {
      issues.push(
        `${path}.repositoryPrefixes: ${prefixes.length} filters exceed ECR's ${REPLICATION_LIMITS.filtersPerRule} per rule`,
      );
    }
    prefixes.forEach((p, j) => {
      if (!/^[a-z0-9][a-z0-9._\-/]*$/.test(p))
        issues.push(`${path}.repositoryPrefixes[${j}]: "${p}" is not a repository name prefix (no wildcards)`);
    });
  });
  return issues;
}
