import type { Construct } from "constructs";
import type { Organization } from "../config/schema";
import type { StackTarget } from "../config/topology";
import { stateKey } from "../naming";
import { configureAwsProvider } from "./aws-provider";
import { configureBackend } from "./backend";
import { BaseStack } from "./base-stack";

/** The stack of one account-region: provider and backend, then the modules its config turns on. */
export class AccountRegionStack extends BaseStack {
  readonly target: StackTarget;

  constructor(scope: Construct, target: StackTarget, org: Organization) {
    super(scope, target.stackId);
    this.target = target;
    configureAwsProvider(this, org, {
      accountName: target.accountName,
      account: target.account,
      region: target.region,
      stack: target.stackId,
    });
    configureBackend(this, org, {
      stackId: target.stackId,
      key: stateKey(org.name, target.accountName, target.region, target.settings.stateKey),
    });
  }
}
