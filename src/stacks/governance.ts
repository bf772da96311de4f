import { Annotations, type TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import { AccountBaseline } from "../../modules/account-baseline";
import { CisMonitoring } from "../../modules/cis-monitoring";
import { DELEGATED_ADMIN_SERVICES, DelegatedAdmins } from "../../modules/delegated-admins";
import { LogArchive } from "../../modules/log-archive";
import { OrgTrail } from "../../modules/org-trail";
import { Organization as AwsOrganization, ScpTarget, type OrganizationScp } from "../../modules/organization";
import { SecurityServices } from "../../modules/security-services";
import { scpAttachments } from "../config/policies";
import type { Organization } from "../config/schema";
import { deployPrincipalArns } from "../config/deploy-principals";
import { accountHomeRegion, accountIdOf, accountOfKind, type StackTarget } from "../config/topology";
import {
  logAccessBucketName,
  logArchiveBucketName,
  nameTag,
  organizationTrailName,
  registryTableName,
  userDirectoryTableName,
} from "../naming";
import { deployRoleName } from "./aws-provider";

/** What the log writers of every stack need from the security account's log archive. */
export interface LogArchiveRef {
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly kmsKeyArn: string;
}

/** The organization stack: the organization, its OUs, accounts and SCPs. */
export function buildOrganization(scope: Construct, org: Organization): AwsOrganization {
  const policies = org.serviceControlPolicies;
  const members = Object.entries(org.accounts).filter(([, account]) => account.kind !== "management");
  return new AwsOrganization(scope, "organization", {
    existingOrganizationId: org.organizationId,
    organizationalUnits: Object.fromEntries(
      Object.entries(org.organizationalUnits).map(([path, ou]) => [path, { existingId: ou.id }]),
    ),
    accounts: Object.fromEntries(
      members.map(([accountName, account]) => [
        accountName,
        {
          name: accountName,
          email: account.email!,
          ouPath: account.ou,
          existingId: account.id,
          roleName: deployRoleName(org, accountName),
        },
      ]),
    ),
    governedRegions: Object.keys(org.regions),
    deployRoleName: members.length > 0 ? deployRoleName(org, members[0][0]) : undefined,
    denyIamUsers: policies.denyIamUsers,
    exemptPrincipalArns: policies.exemptPrincipalArns,
    // The user directory's replicas lack deletion protection as the registry's do (provider 5.100.0).
    protectedTableNames:
      org.registry === undefined
        ? []
        : [registryTableName(org.name), ...(org.registry.userDirectory ? [userDirectoryTableName(org.name)] : [])],
    policyTargets: Object.fromEntries(
      Object.entries(scpAttachments(org)).map(([policy, targets]) => [policy, targets.map(scpTarget)]),
    ) as Record<OrganizationScp, ScpTarget[]>,
    policyNamePrefix: org.name,
  });
}

function scpTarget(target: string): ScpTarget {
  if (target === "root") return ScpTarget.root();
  const [kind, ...ref] = target.split(":");
  return kind === "ou" ? ScpTarget.ou(ref.join(":")) : ScpTarget.account(ref.join(":"));
}

/**
 * Management account, home region: the organization trail into the log archive, and its copy in
 * CloudWatch Logs with the CIS monitoring filters and alarms (Security Hub CloudWatch.1-14). Its
 * stack depends on the organization stack, which gives CloudTrail trusted access first.
 */
export function buildOrganizationTrail(
  scope: Construct,
  org: Organization,
  organizationId: string,
  logs: LogArchiveRef,
): OrgTrail {
  const accountId = accountIdOf(org, accountOfKind(org, "management"));
  const monitoring = org.securityMonitoring;
  const trail = new OrgTrail(scope, "trail", {
    name: organizationTrailName(org.name),
    s3BucketName: logs.bucketName,
    kmsKeyArn: logs.kmsKeyArn,
    cloudWatchLogs: {
      accountId,
      region: org.homeRegion,
      organizationId,
      retentionDays: monitoring.logRetentionDays,
    },
  });
  new CisMonitoring(scope, "cis_monitoring", {
    logGroupName: trail.logGroupName!,
    accountId,
    region: org.homeRegion,
    namePrefix: org.name,
    emailSubscriptions: monitoring.alarmEmails,
    httpsSubscriptions: monitoring.alarmHttpsEndpoints,
  });
  if (monitoring.alarmEmails.length + monitoring.alarmHttpsEndpoints.length === 0) {
    Annotations.of(scope).addWarning(
      "securityMonitoring has no alarmEmails or alarmHttpsEndpoints: the CIS alarms notify nobody, and Security Hub wants a subscriber on their topic",
    );
  }
  return trail;
}

/** Security account, home region: the log archive every account writes to. */
export function buildLogArchive(
  scope: Construct,
  org: Organization,
  target: StackTarget,
  organizationId: string,
): LogArchive {
  const managementAccountId = accountIdOf(org, accountOfKind(org, "management"));
  return new LogArchive(scope, "log_archive", {
    bucketName: logArchiveBucketName(org.name, target.accountId),
    accessLogBucketName: logAccessBucketName(org.name, target.accountId),
    accountId: target.accountId,
    organizationId,
    managementAccountId,
    organizationTrailArn: `arn:aws:cloudtrail:${org.homeRegion}:${managementAccountId}:trail/${organizationTrailName(org.name)}`,
    keyAlias: `${org.name}-log-archive`,
    retentionDays: org.logArchive.retentionDays,
    objectLockDays: org.logArchive.objectLockDays,
    objectLockMode: org.logArchive.objectLockMode,
    glacierAfterDays: org.logArchive.glacierAfterDays,
  });
}

/**
 * Security account, every governed region, in AWS's order: GuardDuty and Security Hub enabled in
 * the account, then the management account designates it administrator (through
 * `managementProvider`), then it configures GuardDuty, Security Hub, Config aggregation and Access
 * Analyzer for the organization.
 */
export function buildSecurityServices(
  scope: Construct,
  org: Organization,
  target: StackTarget,
  managementProvider: TerraformProvider,
): SecurityServices {
  const home = target.region === org.homeRegion;
  const services = new SecurityServices(scope, "security_services", {
    region: target.region,
    governedRegions: Object.keys(org.regions),
    homeRegion: home,
    namePrefix: org.name,
    cisVersion: org.securityMonitoring.cisVersion,
  });
  const admins = new DelegatedAdmins(scope, "delegated_admins", {
    adminAccountId: target.accountId,
    organizationServices: home ? DELEGATED_ADMIN_SERVICES : [],
    provider: managementProvider,
    enabledFirst: services.enabledServices,
  });
  services.administerOrganization(admins.designations);
  return services;
}

/** Every account and region: Config into the log archive, EBS and IMDS defaults; account-global settings once. */
export function buildAccountBaseline(
  scope: Construct,
  org: Organization,
  target: StackTarget,
  logs: LogArchiveRef,
): AccountBaseline {
  const accountGlobal = target.region === accountHomeRegion(org, target.account);
  const member = target.account.kind !== "management";
  return new AccountBaseline(scope, "baseline", {
    accountId: target.accountId,
    accountGlobal,
    logArchiveBucketName: logs.bucketName,
    logArchiveKmsKeyArn: logs.kmsKeyArn,
    configRecorderName: nameTag(org.name, "config"),
    deployRoleName: deployRoleName(org, target.accountName),
    manageDeployRole: accountGlobal && member,
    trustedPrincipalArns: deployPrincipalArns(org),
    organizationId: org.organizationId,
  });
}
