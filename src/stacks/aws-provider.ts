import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import { DEFAULT_DEPLOY_ROLE, type CoreOrganization } from "../config/shapes";
import { accountIdOf } from "../config/topology";

/** Where an AWS provider points: one account, one region. */
export interface ProviderTarget {
  /** Key of an existing account in `accounts`. */
  readonly accountName: string;
  readonly region: string;
  /** Stack id, recorded in the default tags. */
  readonly stack: string;
  /** Provider alias, for a second region in the same stack. @default - the default provider */
  readonly alias?: string;
}

/** The role stacks assume in an account; none for management unless the config names one. */
export function deployRoleName(org: CoreOrganization, accountName: string): string | undefined {
  const account = org.accounts[accountName];
  return account.deployRoleName ?? (account.kind === "management" ? undefined : DEFAULT_DEPLOY_ROLE);
}

export function deployRoleArn(org: CoreOrganization, accountName: string): string | undefined {
  const role = deployRoleName(org, accountName);
  return role === undefined ? undefined : `arn:aws:iam::${accountIdOf(org, accountName)}:role/${role}`;
}

/**
 * The AWS provider of one account-region: assumes the deploy role, refuses any other account
 * (`allowed_account_ids`), and tags everything it creates.
 */
export function configureAwsProvider(scope: Construct, org: CoreOrganization, target: ProviderTarget): AwsProvider {
  const account = org.accounts[target.accountName];
  const roleArn = deployRoleArn(org, target.accountName);
  return new AwsProvider(scope, target.alias ?? "aws", {
    alias: target.alias,
    region: target.region,
    allowedAccountIds: [accountIdOf(org, target.accountName)],
    assumeRole: roleArn === undefined ? undefined : [{ roleArn, sessionName: `${org.name}-${target.stack}` }],
    defaultTags: [
      {
        tags: {
          ...org.tags,
          Organization: org.name,
          Account: target.accountName,
          Environment: account.environment,
          Stack: target.stack,
          ManagedBy: "cdktf",
        },
      },
    ],
  });
}
