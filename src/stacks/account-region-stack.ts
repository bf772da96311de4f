import { DataAwsOrganizationsOrganization } from "@cdktf/provider-aws/lib/data-aws-organizations-organization";
import type { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import type { BuildContext, CapabilityNeeds, Slot } from "../capabilities/capability";
import { capabilities, needsOf } from "../config/capabilities";
import type { Organization } from "../config/schema";
import { accountOfKind, type StackTarget } from "../config/topology";
import { stackId, stateKey, terraformName } from "../naming";
import { adoptResources } from "./adopt";
import { configureAwsProvider } from "./aws-provider";
import { configureBackend } from "./backend";
import { BaseStack } from "./base-stack";
import {
  buildAccountBaseline,
  buildLogArchive,
  buildOrganizationTrail,
  buildSecurityServices,
  type LogArchiveRef,
} from "./governance";

/** The stack that holds the log archive: the security account's home region. */
export function logArchiveStackId(org: Organization): string {
  return stackId(accountOfKind(org, "security"), org.homeRegion);
}

/**
 * The stack of one account-region: provider and backend, the governance every account has, then
 * each capability of src/capabilities in registry order. It holds no capability's code: it is the
 * `BuildContext` the capabilities' builders share.
 */
export class AccountRegionStack extends BaseStack implements BuildContext<Organization> {
  readonly target: StackTarget<Organization>;
  readonly org: Organization;
  readonly app: Construct;
  readonly needs: CapabilityNeeds;
  /** The log archive, in the security account's home region (the security home stack makes it). */
  readonly logArchive: LogArchiveRef;
  private readonly slots = new Map<Slot<unknown>, unknown>();
  private readonly regionProviders = new Map<string, TerraformProvider>();
  private organizationLookup?: string;

  /**
   * `built` holds the stacks built so far; the ones this stack reads (the log archive's, its link
   * peers', its account's home stack) come first, as the config's dependency order guarantees.
   */
  constructor(
    scope: Construct,
    target: StackTarget<Organization>,
    org: Organization,
    private readonly built: ReadonlyMap<string, AccountRegionStack>,
  ) {
    super(scope, target.stackId);
    this.target = target;
    this.org = org;
    this.app = scope;
    this.needs = needsOf(org, target);
    configureAwsProvider(this, org, { accountName: target.accountName, region: target.region, stack: target.stackId });
    configureBackend(this, org, {
      stackId: target.stackId,
      key: stateKey(org.name, target.accountName, target.region, target.settings.stateKey),
    });

    const home = target.region === org.homeRegion;
    const kind = target.account.kind;
    this.logArchive =
      kind === "security" && home
        ? buildLogArchive(this, org, target, this.organizationId())
        : built.get(logArchiveStackId(org))!.logArchive;
    if (kind === "management" && home) buildOrganizationTrail(this, org, this.organizationId(), this.logArchive);
    if (kind === "security") {
      const managementProvider = this.providerOf(accountOfKind(org, "management"), target.region, "management");
      buildSecurityServices(this, org, target, managementProvider);
    }
    buildAccountBaseline(this, org, target, this.logArchive);
    for (const capability of capabilities) capability.builder?.().build(this);
    adoptResources(this, target.settings.adopt, `${target.path}.adopt`);
  }

  get scope(): Construct {
    return this;
  }

  needsOf(target: StackTarget<Organization>): CapabilityNeeds {
    return needsOf(this.org, target);
  }

  /** Looked up (one read of the organization per plan) only by the stacks that use its id. */
  organizationId(): string {
    return (this.organizationLookup ??= new DataAwsOrganizationsOrganization(this, "organization", {}).id);
  }

  providerIn(region: string): TerraformProvider {
    const existing = this.regionProviders.get(region);
    if (existing) return existing;
    const provider = this.providerOf(this.target.accountName, region, terraformName([region]));
    this.regionProviders.set(region, provider);
    return provider;
  }

  providerOf(accountName: string, region: string, alias: string): TerraformProvider {
    return configureAwsProvider(this, this.org, { accountName, region, stack: this.target.stackId, alias });
  }

  provide<T>(slot: Slot<T>, value: T): void {
    this.slots.set(slot, value);
  }

  get<T>(slot: Slot<T>, stackId?: string): T | undefined {
    const stack = stackId === undefined || stackId === this.target.stackId ? this : this.built.get(stackId);
    return stack?.slots.get(slot) as T | undefined;
  }
}
