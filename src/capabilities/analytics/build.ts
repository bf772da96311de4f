import { GlueEtl } from "../../../modules/glue-etl";
import { QuickSightSource } from "../../../modules/quicksight-source";
import type { Database } from "../../../modules/rds";
import type { Vpc } from "../../../modules/vpc";
import { nameTag } from "../../naming";
import type { BuildContext, CapabilityBuilder } from "../capability";
import { stackAccessLogBucket } from "../data-stores/access-log-build";
import { DATABASES } from "../databases/build";
import { VPC } from "../network/build";
import type { AnalyticsOrganization } from "./schema";

/**
 * Seed 000's analytics in one account-region: the Glue job from its MariaDB into its PostgreSQL,
 * and QuickSight on its PostgreSQL, both over the VPC's application subnets (which the database
 * NACL admits on 3306 and 5432) and admitted by the database security group. Both databases are
 * this stack's: nothing is read from another region.
 */
export const analyticsBuilder: CapabilityBuilder<AnalyticsOrganization> = {
  build(context) {
    const analytics = context.target.settings.analytics;
    const vpc = context.get(VPC);
    const databases = context.get(DATABASES);
    if (analytics === undefined || vpc === undefined || databases === undefined) return;
    if (analytics.etl !== undefined) buildEtl(context, vpc, databases.mariadb!, databases.postgres!);
    if (analytics.quickSight !== undefined) buildQuickSight(context, vpc, databases.postgres!);
  },
};

/**
 * The job reads and writes with the databases' master secrets (encrypted with each database's
 * CMK); see the README's security table for why that is accepted.
 */
function endpoint(database: Database, name: string) {
  return {
    host: database.address,
    port: database.port,
    database: name,
    secretArn: database.masterUserSecretArn,
    secretKmsKeyArn: database.kmsKeyArn,
    securityGroupId: database.securityGroupId,
  };
}

function buildEtl(context: BuildContext<AnalyticsOrganization>, vpc: Vpc, mariadb: Database, postgres: Database) {
  const { scope, org, target } = context;
  const { sourceDatabase, targetDatabase, ...job } = target.settings.analytics!.etl!;
  const etl = new GlueEtl(scope, "analytics_etl", {
    ...job,
    name: nameTag(org.name, target.stackId, "etl"),
    region: target.region,
    accountId: target.accountId,
    // Glue runs a job's JDBC connections in one subnet; the first application subnet has the NAT route.
    network: { vpcId: vpc.vpcId, subnetId: vpc.subnetIds.application[0] },
    source: endpoint(mariadb, sourceDatabase),
    target: endpoint(postgres, targetDatabase),
    scriptsBucketName: nameTag(org.name, target.stackId, "glue-scripts"),
    accessLogBucket: stackAccessLogBucket(scope, org.name, target),
    deletionProtection: target.account.environment !== "dev",
  });
  vpc.allowDatabaseFrom(etl.securityGroup, mariadb.port);
  vpc.allowDatabaseFrom(etl.securityGroup, postgres.port);
}

function buildQuickSight(context: BuildContext<AnalyticsOrganization>, vpc: Vpc, postgres: Database) {
  const { scope, org, target } = context;
  const config = target.settings.analytics!.quickSight!;
  const source = new QuickSightSource(scope, "quicksight", {
    name: nameTag(org.name, target.stackId, "quicksight"),
    region: target.region,
    accountId: target.accountId,
    // Application subnets: the database NACL admits 5432 from them, not from the database tier itself.
    network: { vpcId: vpc.vpcId, subnetIds: vpc.subnetIds.application },
    postgres: {
      host: postgres.address,
      port: postgres.port,
      database: config.database,
      secretArn: postgres.masterUserSecretArn,
      securityGroupId: postgres.securityGroupId,
    },
    permissions: config.permissions,
  });
  vpc.allowDatabaseFrom(source.securityGroup, postgres.port);
}
