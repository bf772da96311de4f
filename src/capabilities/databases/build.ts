import { Annotations } from "cdktf";
import { CrossRegionReplica, Database, RdsMonitoringRole, type DatabaseEngine } from "../../../modules/rds";
import type { Vpc } from "../../../modules/vpc";
import { accountHomeRegion, type StackTarget } from "../../config/topology";
import { nameTag, stackId, terraformName } from "../../naming";
import { Slot, type BuildContext, type CapabilityBuilder } from "../capability";
import { VPC } from "../network/build";
import type { DatabasesOrganization } from "./schema";

/** The account's RDS enhanced monitoring role, in its home-region stack. */
export const MONITORING_ROLE = new Slot<string>("rds-monitoring-role");

/** The account-region's databases, for the capabilities that reach them (DMS). */
export const DATABASES = new Slot<Partial<Record<DatabaseEngine, Database>>>("databases");

const ENGINES: readonly DatabaseEngine[] = ["postgres", "mariadb"];

/**
 * The RDS instances of an account-region and the disaster-recovery replicas its region holds; in
 * the account's home-region stack, the monitoring role every one of them uses.
 */
export const databasesBuilder: CapabilityBuilder<DatabasesOrganization> = {
  build(context) {
    const { scope, org, target } = context;
    const homeId = stackId(target.accountName, accountHomeRegion(org, target.account));
    if (homeId === target.stackId && Object.values(target.account.regions).some((region) => region.databases)) {
      context.provide(
        MONITORING_ROLE,
        new RdsMonitoringRole(scope, "rds_monitoring", { roleName: `${org.name}-rds-monitoring` }).roleArn,
      );
    }
    const vpc = context.get(VPC);
    const replicas = recoverySources(target).length > 0;
    if (vpc === undefined || !(target.settings.databases || replicas)) return;
    const monitoringRoleArn = context.get(MONITORING_ROLE, homeId)!;
    if (target.settings.databases) context.provide(DATABASES, buildDatabases(context, vpc, monitoringRoleArn));
    if (replicas) buildRecoveryReplicas(context, vpc, monitoringRoleArn);
  },
};

/** The RDS instances of one account-region, sized by its environment's profile. */
function buildDatabases(
  context: BuildContext<DatabasesOrganization>,
  vpc: Vpc,
  monitoringRoleArn: string,
): Partial<Record<DatabaseEngine, Database>> {
  const { scope, org, target } = context;
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
      ...placement(target, vpc),
      monitoringRoleArn,
      changeDataCaptureSource: engine === "mariadb" && (context.needs.changeDataCapture ?? false),
    });
  }
  return built;
}

/** Where a database of this stack sits: its region, account, environment profile and the VPC's database tier. */
function placement(target: StackTarget<DatabasesOrganization>, vpc: Vpc) {
  return {
    region: target.region,
    accountId: target.accountId,
    profile: target.account.environment,
    network: { subnetGroupName: vpc.dbSubnetGroupName, securityGroupId: vpc.securityGroupIds.database },
  };
}

/** The databases of this account's other regions whose disaster-recovery replica lives in this stack's region. */
function recoverySources(target: StackTarget<DatabasesOrganization>): { region: string; engine: DatabaseEngine }[] {
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
function buildRecoveryReplicas(
  context: BuildContext<DatabasesOrganization>,
  vpc: Vpc,
  monitoringRoleArn: string,
): CrossRegionReplica[] {
  const { scope, org, target } = context;
  return recoverySources(target).map(({ region, engine }) => {
    const source = stackId(target.accountName, region);
    const config = target.account.regions[region].databases![engine]!;
    const sourceIdentifier = nameTag(org.name, source, engine);
    return new CrossRegionReplica(scope, `${engine}_dr_${terraformName([source])}`, {
      engine,
      sourceArn: `arn:aws:rds:${region}:${target.accountId}:db:${sourceIdentifier}`,
      identifier: `${sourceIdentifier}-dr`,
      ...placement(target, vpc),
      monitoringRoleArn,
      engineVersion: config.engineVersion,
      instanceClass: config.instanceClass,
      changeDataCaptureSource:
        engine === "mariadb" && (context.needsOf({ ...target, stackId: source }).changeDataCapture ?? false),
      ...("logStatement" in config
        ? { logStatement: config.logStatement, slowStatementMs: config.slowStatementMs }
        : {}),
      maxAllocatedStorage: config.maxAllocatedStorage,
      deletionProtection: config.deletionProtection,
    });
  });
}
