import { GuarddutyOrganizationAdminAccount } from "@cdktf/provider-aws/lib/guardduty-organization-admin-account";
import { OrganizationsDelegatedAdministrator } from "@cdktf/provider-aws/lib/organizations-delegated-administrator";
import { SecurityhubOrganizationAdminAccount } from "@cdktf/provider-aws/lib/securityhub-organization-admin-account";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/**
 * Services registered with Organizations as administered by the security account. GuardDuty and
 * Security Hub are not listed: their own admin-account APIs register them, and a second
 * registration fails with AccountAlreadyRegistered.
 */
export const DELEGATED_ADMIN_SERVICES: readonly string[] = ["config.amazonaws.com", "access-analyzer.amazonaws.com"];

export interface DelegatedAdminsProps {
  /** Account (the security account) that administers the services. */
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
   * Organization-wide registrations (`aws_organizations_delegated_administrator`); give them in
   * one region only, they are global.
   * @default [] - none
   */
  readonly organizationServices?: readonly string[];
  /**
   * Provider of the management account in this region: only the management account designates
   * administrators, whichever stack declares them.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * What must exist first, when the organization is in the same stack.
   * @default []
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * The service already enabled in the admin account (its detector, its hub), which the regional
   * designation then waits for: AWS's order. Designating first lets the designation enable the
   * service itself, and the admin account's own `aws_guardduty_detector` / `aws_securityhub_account`
   * then fail with "already exists".
   * @default - the designations wait for nothing in the admin account
   * @see https://docs.aws.amazon.com/guardduty/latest/ug/organizations_permissions.html
   */
  readonly enabledFirst?: { readonly guardDuty?: ITerraformDependable; readonly securityHub?: ITerraformDependable };
}

/**
 * Delegated administration to the security account: the regional GuardDuty and Security Hub
 * designations, and, where asked, the organization-wide registrations.
 */
export class DelegatedAdmins extends Construct {
  /** Every designation, for `dependsOn` of the services the admin account then configures. */
  readonly designations: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: DelegatedAdminsProps) {
    super(scope, id);
    const common = { provider: props.provider, dependsOn: props.dependsOn };
    for (const service of props.organizationServices ?? []) {
      const name = service.replace(/\.amazonaws\.com$/, "").replace(/[^a-z0-9]+/g, "_");
      this.designations.push(
        new OrganizationsDelegatedAdministrator(this, name, {
          ...common,
          accountId: props.adminAccountId,
          servicePrincipal: service,
        }),
      );
    }
    // The regional designations need the organization-wide registrations first, and the service
    // enabled in the admin account.
    const first = [...(props.dependsOn ?? []), ...this.designations];
    const after = (enabled: ITerraformDependable | undefined) => {
      const all = enabled === undefined ? first : [...first, enabled];
      return { ...common, adminAccountId: props.adminAccountId, dependsOn: all.length > 0 ? all : undefined };
    };
    if (props.guardDuty ?? true) {
      this.designations.push(
        new GuarddutyOrganizationAdminAccount(this, "guardduty", after(props.enabledFirst?.guardDuty)),
      );
    }
    if (props.securityHub ?? true) {
      this.designations.push(
        new SecurityhubOrganizationAdminAccount(this, "securityhub", after(props.enabledFirst?.securityHub)),
      );
    }
  }
}
