import { DataAwsOrganizationsOrganization } from "@cdktf/provider-aws/lib/data-aws-organizations-organization";
import type { Construct } from "constructs";
import { KmsKeyWithAlias } from "../../modules/kms-key";
import { Vpc, type DatabaseLink } from "../../modules/vpc";
import type { Organization } from "../config/schema";
import type { StackTarget } from "../config/topology";
import { nameTag } from "../naming";

/** Retention of VPC flow logs in CloudWatch Logs, in days. */
export const FLOW_LOG_RETENTION_DAYS = 365;

/**
 * The account-region's three-tier VPC, its flow-log key, and the organization lookup its
 * endpoint policies need. `links` are the database links this stack owns (it connects to them).
 */
export function buildNetwork(scope: Construct, target: StackTarget, org: Organization, links: DatabaseLink[]): Vpc {
  const network = target.settings.network!;
  const organization = new DataAwsOrganizationsOrganization(scope, "organization", {});
  const flowLogsKey = new KmsKeyWithAlias(scope, "flow_logs_key", {
    alias: nameTag(org.name, target.stackId, "flow-logs"),
    description: "VPC flow logs of this account-region",
    accountId: target.account.id,
    policyStatements: [
      {
        Sid: "CloudWatchLogsOfThisAccount",
        Effect: "Allow",
        Principal: { Service: `logs.${target.region}.amazonaws.com` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: {
          ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${target.region}:${target.account.id}:*` },
        },
      },
    ],
  });
  return new Vpc(scope, "vpc", {
    cidr: network.cidr,
    region: target.region,
    namePrefix: nameTag(org.name, target.stackId, "vpc"),
    organizationId: organization.id,
    availabilityZones: network.availabilityZones,
    natGateways: network.natGateways ?? (target.account.environment === "prod" ? "perAz" : "single"),
    corporateCidrs: org.corporateCidrs,
    flowLogs: {
      type: "cloudwatch",
      kmsKeyArn: flowLogsKey.keyArn,
      accountId: target.account.id,
      retentionDays: FLOW_LOG_RETENTION_DAYS,
    },
    databaseLinks: links,
  });
}
