import { GuarddutyOrganizationAdminAccount } from "@cdktf/provider-aws/lib/guardduty-organization-admin-account";
import { SecurityhubOrganizationAdminAccount } from "@cdktf/provider-aws/lib/securityhub-organization-admin-account";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";

export interface DelegatedAdminsProps {
  /** Account (the security account) that administers GuardDuty and Security Hub in this region. */
  readonly adminAccountId: string;
  /**
   * Designate the GuardDuty administrator in this region.
   * @default true
   */
  readonly guardDuty?: boolean;
  /**
   * Designate the Security Hub administrator in this region.
   * @default true
   */
  readonly securityHub?: boolean;
  /**
   * Provider of the region, when one stack designates several regions.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * What must exist first: the organization with trusted access, and its delegated administrators.
   * @default []
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The regional half of delegated administration: GuardDuty and Security Hub name their
 * administrator per region. One per governed region, in the management account's stacks.
 */
export class DelegatedAdmins extends Construct {
  readonly guardDuty?: GuarddutyOrganizationAdminAccount;
  readonly securityHub?: SecurityhubOrganizationAdminAccount;

  constructor(scope: Construct, id: string, props: DelegatedAdminsProps) {
    super(scope, id);
    const common = { adminAccountId: props.adminAccountId, provider: props.provider, dependsOn: props.dependsOn };
    if (props.guardDuty ?? true) this.guardDuty = new GuarddutyOrganizationAdminAccount(this, "guardduty", common);
    if (props.securityHub ?? true) {
      this.securityHub = new SecurityhubOrganizationAdminAccount(this, "securityhub", common);
    }
  }
}
