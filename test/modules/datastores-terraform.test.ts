import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { AppBucket } from "../../modules/app-bucket";
import { BACKUP_SCHEDULES, BackupVaultWithPlans } from "../../modules/backup";
import { DocumentDb } from "../../modules/documentdb";
import { ElastiCache } from "../../modules/elasticache";
import { GlueEtl, type GlueJdbcEndpoint } from "../../modules/glue-etl";
import { QuickSightSource } from "../../modules/quicksight-source";
import { BaseStack } from "../../src/stacks/base-stack";
import { configureAwsProvider } from "../../src/stacks/aws-provider";
import { terraformVersion, validateStack, writeCliConfig } from "../../src/terraform/cli";
import { organization } from "../helpers/synth";
import { terraformSkipped } from "../helpers/terraform";

class DatastoresStack extends BaseStack {}

const ACCOUNT = "555555555555";
const NETWORK = { vpcId: "vpc-0prod", subnetIds: ["subnet-0a", "subnet-0b"] };
const NODES = { securityGroupId: "sg-0nodes", key: "nodes" };

/** Every module of the data-store layer in one stack, the way a capability would use them. */
function datastoresStack(app: App): DatastoresStack {
  const stack = new DatastoresStack(app, "datastores");
  configureAwsProvider(stack, organization(), { accountName: "prod", region: "us-east-1", stack: "datastores" });
  const common = { region: "us-east-1", accountId: ACCOUNT };
  new ElastiCache(stack, "cache", {
    ...common,
    name: "acme-prod-us-east-1-cache",
    profile: "prod",
    network: NETWORK,
  }).allowFrom(NODES);
  new ElastiCache(stack, "redis", {
    ...common,
    name: "acme-prod-us-east-1-redis",
    profile: "dev",
    engine: "redis",
    network: NETWORK,
  });
  new DocumentDb(stack, "docdb", {
    ...common,
    identifier: "acme-prod-us-east-1-docdb",
    profile: "prod",
    network: NETWORK,
  }).allowFrom(NODES);
  new BackupVaultWithPlans(stack, "backup", {
    ...common,
    name: "acme-prod-us-east-1",
    vaultLock: { mode: "compliance", minRetentionDays: 7, maxRetentionDays: 3650 },
    notificationTopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:backup-events`,
    plans: {
      databases: {
        rules: {
          daily: { schedule: BACKUP_SCHEDULES.daily, retentionDays: 35 },
          monthly: {
            schedule: BACKUP_SCHEDULES.monthly,
            retentionDays: 365,
            coldStorageAfterDays: 30,
            copyTo: [{ destinationVaultArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:acme-prod-us-west-2` }],
          },
        },
        selections: { tagged: { tagKey: "backup", tagValue: "databases" } },
      },
    },
  });
  new AppBucket(stack, "uploads", {
    ...common,
    bucketName: "acme-prod-us-east-1-uploads",
    accessLogBucket: "acme-prod-us-east-1-access-logs",
    lifecycle: {
      intelligentTieringAfterDays: 0,
      glacierAfterDays: 90,
      expireAfterDays: 365,
      noncurrentExpireAfterDays: 90,
    },
    replication: {
      destinationBucketArn: "arn:aws:s3:::acme-prod-us-west-2-uploads",
      destinationRegion: "us-west-2",
      destinationKmsKeyArn: `arn:aws:kms:us-west-2:${ACCOUNT}:key/replica`,
    },
  });
  new AppBucket(stack, "assets", {
    ...common,
    bucketName: "acme-prod-us-east-1-assets",
    accessLogBucket: "acme-prod-us-east-1-access-logs",
    encryption: "sse-s3",
  });
  const endpoint = (host: string, port: number, database: string): GlueJdbcEndpoint => ({
    host,
    port,
    database,
    secretArn: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${database}`,
    secretKmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/secrets`,
    securityGroupId: "sg-0database",
  });
  new GlueEtl(stack, "etl", {
    ...common,
    name: "acme-prod-us-east-1-analytics",
    network: { vpcId: NETWORK.vpcId, subnetId: "subnet-0app-a" },
    source: endpoint("mariadb.example.internal", 3306, "transactions"),
    target: endpoint("postgres.example.internal", 5432, "analytics"),
    tables: ["sales.orders"],
    scriptsBucketName: "acme-prod-us-east-1-glue-scripts",
  });
  new QuickSightSource(stack, "quicksight", {
    ...common,
    name: "acme-prod-us-east-1-analytics",
    network: NETWORK,
    postgres: {
      host: "postgres.example.internal",
      database: "analytics",
      secretArn: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:reporting`,
      securityGroupId: "sg-0database",
    },
  });
  return stack;
}

(terraformSkipped() ? describe.skip : describe)("the data-store modules against provider 5.100.0", () => {
  test("terraform validate accepts every argument and block the modules write", async () => {
    await terraformVersion();
    const outdir = mkdtempSync(join(tmpdir(), "datastores-validate-"));
    const app = new App({ outdir });
    const stack = datastoresStack(app);
    expect(stack.node.findAll().flatMap((c) => c.node.validate())).toEqual([]);
    app.synth();
    const result = await validateStack(join(outdir, "stacks", "datastores"), writeCliConfig(outdir));
    expect(result.log).toBe("");
    expect(result.ok).toBe(true);
  }, 180_000);
});
