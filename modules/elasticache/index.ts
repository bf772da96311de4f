import { DataAwsSecretsmanagerRandomPassword } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password";
import { ElasticacheParameterGroup } from "@cdktf/provider-aws/lib/elasticache-parameter-group";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { logRetentionIssues } from "../eks/checks";
import { createDataStoreBase, createStoreLogGroup, type DataStoreNetworkRef, type DataStoreProps } from "../data-store";
import type { PolicyStatement } from "../iam/policy";
import { windowIssues } from "../rds/windows";
import type { ServiceSecurityGroup } from "../security-group";
import type { SecurityGroupRef } from "../vpc";
import {
  CACHE_ENGINES,
  DEFAULTS,
  ELASTICACHE_WINDOWS,
  MAX_NODES,
  MAX_SNAPSHOT_RETENTION_DAYS,
  parameterGroupFamily,
  REPLICATION_GROUP_ID,
  validEngineVersion,
  type CacheEngine,
  type CacheProfileSettings,
} from "./defaults";

export { CACHE_ENGINES, DEFAULTS, MAX_NODES, type CacheEngine, type CacheProfileSettings } from "./defaults";

/** Where the cache runs: the database tier of a `Vpc`; two nodes or more need subnets in two AZs. */
export type CacheNetworkRef = DataStoreNetworkRef;

/** What an application needs to reach the cache. */
export interface CacheConnectionRef {
  readonly engine: CacheEngine;
  /** Primary endpoint (writes); TLS only. */
  readonly primaryAddress: string;
  /** Reader endpoint, spread over the replicas. */
  readonly readerAddress: string;
  readonly port: number;
  /** Secrets Manager secret of the application user: `{"username", "password"}`. */
  readonly secretArn: string;
  /** The CMK of the secret (and of the cache at rest). */
  readonly kmsKeyArn: string;
}

export interface ElastiCacheProps extends DataStoreProps {
  /**
   * Replication group id and prefix of every name, e.g. `acme-prod-us-east-1-cache`: 1-40
   * lowercase letters, digits and single hyphens, a letter first. Changing it replaces the cache.
   */
  readonly name: string;
  /**
   * Valkey or Redis OSS. Changing it replaces the cache (Terraform cannot upgrade one engine into the other).
   * @default "valkey"
   */
  readonly engine?: CacheEngine;
  /**
   * `<major>.<minor>`; ElastiCache applies patches itself. A lower version replaces the cache.
   * @default DEFAULTS.engineVersions - "8.1" for valkey, "7.1" for redis
   */
  readonly engineVersion?: string;
  /** @default - the profile's: cache.r7g.large (prod), cache.t4g.medium (staging), cache.t4g.micro (dev) */
  readonly nodeType?: string;
  /**
   * Nodes of the one shard (1-6): a primary and replicas. Two or more turn on Multi-AZ with
   * automatic failover (a replica in another AZ takes over). Every node costs the node type's price.
   * @default - the profile's: 2 (prod, staging), 1 (dev)
   */
  readonly nodes?: number;
  /** Days automatic snapshots are kept (0-35; 0 turns them off). @default - the profile's: 7 (prod), 3, 1 */
  readonly snapshotRetentionDays?: number;
  /** Daily snapshot window, UTC, at least 60 minutes. @default "03:00-04:00" */
  readonly snapshotWindow?: string;
  /** Weekly maintenance window, UTC, at least 60 minutes, not overlapping the snapshot window. @default "sun:05:00-sun:06:00" */
  readonly maintenanceWindow?: string;
  /**
   * Engine parameters of the module's parameter group, e.g. `{ "maxmemory-policy": "allkeys-lru" }`.
   * @default {} - the family's defaults
   * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html
   */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Name the application authenticates as (`AUTH <user> <password>`). Changing it replaces the user. @default "app" */
  readonly userName?: string;
  /**
   * Access string of the application user.
   * @default "on ~* &* +@all -@dangerous" - every key and channel, no dangerous command
   * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html
   */
  readonly accessString?: string;
  // kmsKeyArn (also the user secret's key), logRetentionDays (slow and engine logs),
  // deletionProtection (`prevent_destroy`: ElastiCache has no flag; a final snapshot
  // `<name>-final` is taken either way) and tags: DataStoreProps.
}

/**
 * A Valkey (or Redis OSS) replication group in the database subnets: TLS required in transit, a
 * CMK at rest, AUTH through an RBAC user group whose application user's password the module
 * generates into Secrets Manager, Multi-AZ with automatic failover from two nodes, snapshots,
 * a maintenance window, its own parameter group and security group, and slow and engine logs in
 * encrypted log groups. Everything is created in the stack provider's region.
 */
export class ElastiCache extends Construct {
  readonly engine: CacheEngine;
  readonly replicationGroupId: string;
  readonly replicationGroupArn: string;
  readonly primaryAddress: string;
  readonly readerAddress: string;
  readonly port: number;
  /** The cache's group: admit clients with `allowFrom(peer)`. */
  readonly securityGroup: SecurityGroupRef;
  readonly userGroupId: string;
  /** The application user's secret (`{"username","password"}`). */
  readonly secretArn: string;
  readonly kmsKeyArn: string;
  readonly connection: CacheConnectionRef;

  private readonly group: ServiceSecurityGroup;

  constructor(scope: Construct, id: string, props: ElastiCacheProps) {
    super(scope, id);
    const profile: CacheProfileSettings = DEFAULTS.profiles[props.profile];
    const engine = props.engine ?? DEFAULTS.engine;
    const settings = {
      engineVersion: props.engineVersion ?? DEFAULTS.engineVersions[engine] ?? DEFAULTS.engineVersions.valkey,
      nodeType: props.nodeType ?? profile.nodeType,
      nodes: props.nodes ?? profile.nodes,
      snapshotRetentionDays: props.snapshotRetentionDays ?? profile.snapshotRetentionDays,
      snapshotWindow: props.snapshotWindow ?? DEFAULTS.snapshotWindow,
      maintenanceWindow: props.maintenanceWindow ?? DEFAULTS.maintenanceWindow,
      userName: props.userName ?? DEFAULTS.userName,
      logRetentionDays: props.logRetentionDays ?? DEFAULTS.logRetentionDays,
    };
    const protect = props.deletionProtection ?? true;
    const tags = props.tags ?? {};
    const tagged = (name: string) => ({ ...tags, Name: name });
    const name = props.name;
    const highlyAvailable = settings.nodes >= 2;
    this.engine = engine;
    this.port = DEFAULTS.port;

    const issues = cacheIssues(props, engine, settings);
    this.node.addValidation({ validate: () => issues });

    const logGroupPrefix = `/aws/elasticache/${name}`;
    const base = createDataStoreBase(this, props, {
      name,
      service: "ElastiCache",
      suffix: "cache",
      encrypts: "data at rest, snapshots, the user secret, logs",
      logGroupPrefix,
      port: this.port,
      key: id,
    });
    const kmsKeyArn = base.kmsKeyArn;
    this.kmsKeyArn = kmsKeyArn;
    this.group = base.group;
    this.securityGroup = this.group;

    const subnetGroup = new ElasticacheSubnetGroup(this, "subnet_group", {
      name,
      description: `ElastiCache ${name}: database subnets`,
      subnetIds: [...props.network.subnetIds],
      tags: tagged(name),
    });

    const family = parameterGroupFamily(engine, settings.engineVersion);
    const parameterGroup = new ElasticacheParameterGroup(this, "parameters", {
      // No name_prefix on this resource: the family in the name lets an upgrade create the next group first.
      name: `${name}-${family}`,
      family,
      description: `${engine} ${settings.engineVersion} parameters of ${name}`,
      parameter: Object.entries(props.parameters ?? {}).map(([parameter, value]) => ({ name: parameter, value })),
      tags: tagged(`${name}-${family}`),
      lifecycle: { createBeforeDestroy: true },
    });

    const { userGroupId, secretArn } = this.createUsers(props, engine, settings.userName, kmsKeyArn, tagged);
    this.userGroupId = userGroupId;
    this.secretArn = secretArn;

    // ElastiCache would deliver nowhere without the groups; created here they are encrypted and expire.
    const logGroups = (["slow-log", "engine-log"] as const).map(
      (logType) =>
        [
          logType,
          createStoreLogGroup(this, logType.replace("-", "_"), props, {
            name: `${logGroupPrefix}/${logType}`,
            kmsKeyArn,
            retentionDays: settings.logRetentionDays,
            nameTag: `${name}-${logType}`,
          }),
        ] as const,
    );

    const cache = new ElasticacheReplicationGroup(this, "resource", {
      replicationGroupId: name,
      description: `${engine} ${settings.engineVersion} cache ${name}`,
      engine,
      engineVersion: settings.engineVersion,
      nodeType: settings.nodeType,
      port: this.port,
      clusterMode: "disabled",
      numCacheClusters: settings.nodes,
      automaticFailoverEnabled: highlyAvailable,
      multiAzEnabled: highlyAvailable,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [this.group.securityGroupId],
      parameterGroupName: parameterGroup.name,
      atRestEncryptionEnabled: "true",
      kmsKeyId: kmsKeyArn,
      transitEncryptionEnabled: true,
      // `required` refuses plain-text clients; `preferred` is only for migrating an existing cache to TLS.
      transitEncryptionMode: "required",
      userGroupIds: [userGroupId],
      snapshotRetentionLimit: settings.snapshotRetentionDays,
      snapshotWindow: settings.snapshotWindow,
      maintenanceWindow: settings.maintenanceWindow,
      finalSnapshotIdentifier: `${name}-final`,
      autoMinorVersionUpgrade: "true",
      applyImmediately: false,
      logDeliveryConfiguration: logGroups.map(([logType, group]) => ({
        destination: group.name,
        destinationType: "cloudwatch-logs",
        logFormat: "json",
        logType,
      })),
      tags: tagged(name),
      lifecycle: { preventDestroy: protect },
    });
    this.replicationGroupId = cache.replicationGroupId;
    this.replicationGroupArn = cache.arn;
    this.primaryAddress = cache.primaryEndpointAddress;
    this.readerAddress = cache.readerEndpointAddress;
    this.connection = {
      engine,
      primaryAddress: this.primaryAddress,
      readerAddress: this.readerAddress,
      port: this.port,
      secretArn,
      kmsKeyArn,
    };
  }

  /** Admits `peer` (e.g. the application nodes' group) to the cache port; nothing else reaches it. */
  allowFrom(peer: SecurityGroupRef): void {
    this.group.allowFrom(peer);
  }

  /** Lets an application role read the user secret: the secret and its key, nothing else. */
  readSecretStatements(): PolicyStatement[] {
    return [
      {
        Sid: "ReadCacheUserSecret",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        Resource: this.secretArn,
      },
      { Sid: "DecryptCacheUserSecret", Effect: "Allow", Action: "kms:Decrypt", Resource: this.kmsKeyArn },
    ];
  }

  /**
   * The RBAC user group: the application user with a generated password, stored in Secrets
   * Manager, and the `default` user every group carries, switched off ("off -@all") so that a
   * client that does not authenticate gets nothing. See the README on what reaches Terraform state.
   */
  private createUsers(
    props: ElastiCacheProps,
    engine: CacheEngine,
    userName: string,
    kmsKeyArn: string,
    tagged: (name: string) => Record<string, string>,
  ): { userGroupId: string; secretArn: string } {
    const name = props.name;
    // Read at plan time; after the first apply the users ignore new values (see ignoreChanges), so
    // the value a later plan reads is never used.
    const password = (key: string) =>
      new DataAwsSecretsmanagerRandomPassword(this, `${key}_password`, {
        passwordLength: DEFAULTS.passwordLength,
        excludePunctuation: true,
        includeSpace: false,
        requireEachIncludedType: true,
      }).randomPassword;
    const user = (key: string, userId: string, login: string, accessString: string, secret: string) =>
      new ElasticacheUser(this, key, {
        userId,
        userName: login,
        engine,
        accessString,
        authenticationMode: { type: "password", passwords: [secret] },
        tags: tagged(userId),
        lifecycle: { ignoreChanges: ["authentication_mode[0].passwords"] },
      });

    const appPassword = password("user");
    const app = user("user", `${name}-${userName}`, userName, props.accessString ?? DEFAULTS.accessString, appPassword);
    const fallback = user("default_user", `${name}-default`, "default", "off -@all", password("default_user"));
    const group = new ElasticacheUserGroup(this, "user_group", {
      userGroupId: name,
      engine,
      userIds: [fallback.userId, app.userId],
      tags: tagged(name),
    });

    const secret = new SecretsmanagerSecret(this, "user_secret", {
      name: `${name}-cache-${userName}`,
      description: `ElastiCache ${name}: the ${userName} user's password (AUTH ${userName} <password>, TLS)`,
      kmsKeyId: kmsKeyArn,
      recoveryWindowInDays: 30,
      tags: tagged(`${name}-cache-${userName}`),
    });
    // Write-only: the secret's value never enters Terraform state through the version.
    new SecretsmanagerSecretVersion(this, "user_secret_value", {
      secretId: secret.id,
      secretStringWo: Fn.jsonencode({ username: userName, password: appPassword }),
      secretStringWoVersion: 1,
    });
    return { userGroupId: group.userGroupId, secretArn: secret.arn };
  }
}

interface ResolvedSettings {
  readonly engineVersion: string;
  readonly nodeType: string;
  readonly nodes: number;
  readonly snapshotRetentionDays: number;
  readonly snapshotWindow: string;
  readonly maintenanceWindow: string;
  readonly userName: string;
  readonly logRetentionDays: number;
}

/** Every problem with the props, named by prop path. */
function cacheIssues(props: ElastiCacheProps, engine: CacheEngine, s: ResolvedSettings): string[] {
  const issues: string[] = [];
  if (!REPLICATION_GROUP_ID.test(props.name)) {
    issues.push(
      `name: "${props.name}" must be 1-40 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen`,
    );
  }
  if (!(CACHE_ENGINES as readonly string[]).includes(engine)) {
    issues.push(`engine: "${engine}" is not one of ${CACHE_ENGINES.join(", ")}`);
  } else if (!validEngineVersion(engine, s.engineVersion)) {
    issues.push(
      `engineVersion: "${s.engineVersion}" is not a ${engine} <major>.<minor> version such as "${DEFAULTS.engineVersions[engine]}"`,
    );
  }
  if (!/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(s.nodeType)) {
    issues.push(`nodeType: "${s.nodeType}" is not an ElastiCache node type such as cache.t4g.medium`);
  } else if (s.nodes >= 2 && /^cache\.t[12]\./.test(s.nodeType)) {
    issues.push(
      `nodeType: ${s.nodeType} does not support Multi-AZ, which ${s.nodes} nodes turn on; use cache.t4g or larger`,
    );
  }
  if (!Number.isInteger(s.nodes) || s.nodes < 1 || s.nodes > MAX_NODES) {
    issues.push(`nodes: ${s.nodes} is outside 1-${MAX_NODES} (a primary and up to five replicas)`);
  }
  if (s.nodes >= 2 && props.network.subnetIds.length < 2) {
    issues.push(`network.subnetIds: ${s.nodes} nodes run Multi-AZ, which needs subnets in at least two AZs`);
  }
  if (
    !Number.isInteger(s.snapshotRetentionDays) ||
    s.snapshotRetentionDays < 0 ||
    s.snapshotRetentionDays > MAX_SNAPSHOT_RETENTION_DAYS
  ) {
    issues.push(`snapshotRetentionDays: ${s.snapshotRetentionDays} is outside 0-${MAX_SNAPSHOT_RETENTION_DAYS}`);
  }
  issues.push(...windowIssues(s.snapshotWindow, s.maintenanceWindow, ELASTICACHE_WINDOWS));
  if (!/^[a-z][a-z0-9-]*$/.test(s.userName) || s.userName === "default") {
    issues.push(
      `userName: "${s.userName}" must be lowercase letters, digits and hyphens, starting with a letter, and not "default" (the disabled fallback user)`,
    );
  }
  issues.push(...logRetentionIssues(s.logRetentionDays));
  return issues;
}
