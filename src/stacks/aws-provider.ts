import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import type { Account, Organization } from "../config/schema";

export const DEFAULT_DEPLOY_ROLE = "OrganizationAccountAccessRole";

/** Where an AWS provider points: one account, one region. */
export interface ProviderTarget {
  readonly accountName: string;
  readonly account: Account;
  readonly region: string;
  /** Stack id, recorded in the default tags. */
  readonly stack: string;
  /** Provider alias, for a second region in the same stack. @default - the default provider */
  readonly alias?: string;
}

/** The role a stack assumes in an account; none for management unless the config names one. */
export function deployRoleArn(account: Account): string | undefined {
  const role = account.deployRoleName ?? (account.kind === "management" ? undefined : DEFAULT_DEPLOY_ROLE);
  return role === undefined ? undefined : `arn:aws:iam::${account.id}:role/${role}`;
}

/**
 * The AWS provider of one account-region: assumes the deploy role, refuses any other account
 * (`allowed_account_ids`), and tags everything it creates.
 */
export function configureAwsProvider(scope: Construct, org: Organization, target: ProviderTarget): AwsProvider {
  const roleArn = deployRoleArn(target.account);
  return new AwsProvider(scope, target.alias ?? "aws", {
    alias: target.alias,
    region: target.region,
    allowedAccountIds: [target.account.id],
    assumeRole: roleArn === undefined ? undefined : [{ roleArn, sessionName: `${org.name}-${target.stack}` }],
    defaultTags: [
      {
        tags: {
          ...org.tags,
          Organization: org.name,
          Account: target.accountName,
          Environment: target.account.environment,
          Stack: target.stack,
          ManagedBy: "cdktf",
        },
      },
    ],
  });
}
