import { DEFAULTS, ElastiCache, type ElastiCacheProps } from "../../modules/elasticache";
import { ELASTICACHE_WINDOWS, parameterGroupFamily, validEngineVersion } from "../../modules/elasticache/defaults";
import { windowIssues } from "../../modules/rds/windows";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const base: ElastiCacheProps = {
  name: "acme-prod-us-east-1-cache",
  region: "us-east-1",
  accountId: "123456789012",
  profile: "prod",
  network: { vpcId: "vpc-0prod", subnetIds: ["subnet-0a", "subnet-0b", "subnet-0c"] },
};

const APP_NODES = { securityGroupId: "sg-0nodes", key: "nodes" };

function synth(props: Partial<ElastiCacheProps> = {}, clients = [APP_NODES]): StackJson {
  return synthModule((s) => {
    const cache = new ElastiCache(s, "cache", { ...base, ...props });
    for (const client of clients) cache.allowFrom(client);
  });
}

describe("ElastiCache defaults (Valkey, prod profile)", () => {
  const json = synth();
  const group = resource(json, "aws_elasticache_replication_group", "cache");

  test("is a pinned Valkey 8.1 replication group of two r7g nodes in one shard", () => {
    expect(group).toMatchObject({
      replication_group_id: "acme-prod-us-east-1-cache",
      engine: "valkey",
      engine_version: "8.1",
      node_type: "cache.r7g.large",
      num_cache_clusters: 2,
      cluster_mode: "disabled",
      port: 6379,
      auto_minor_version_upgrade: "true",
    });
    expect(DEFAULTS.engineVersions).toEqual({ valkey: "8.1", redis: "7.1" });
  });

  test("runs Multi-AZ with automatic failover from two nodes", () => {
    expect(group).toMatchObject({ multi_az_enabled: true, automatic_failover_enabled: true });
  });

  test("requires TLS in transit and encrypts at rest with the module's CMK", () => {
    expect(group).toMatchObject({
      transit_encryption_enabled: true,
      transit_encryption_mode: "required",
      at_rest_encryption_enabled: "true",
      kms_key_id: "${aws_kms_key.cache_key.arn}",
    });
    expect(resource(json, "aws_kms_alias", "cache_key_alias").name).toBe("alias/acme-prod-us-east-1-cache-cache");
  });

  test("never accepts a plain-text client or a shared AUTH token", () => {
    expect(group.transit_encryption_mode).not.toBe("preferred");
    expect(group).not.toHaveProperty("auth_token");
    expect(group.user_group_ids).toEqual(["${aws_elasticache_user_group.cache_user_group.user_group_id}"]);
  });

  test("lives in its own subnet group on the given database subnets", () => {
    expect(resource(json, "aws_elasticache_subnet_group", "cache_subnet_group")).toMatchObject({
      name: "acme-prod-us-east-1-cache",
      subnet_ids: ["subnet-0a", "subnet-0b", "subnet-0c"],
    });
    expect(group.subnet_group_name).toBe("${aws_elasticache_subnet_group.cache_subnet_group.name}");
  });

  test("keeps snapshots a week, in a daily window apart from the weekly maintenance window", () => {
    expect(group).toMatchObject({
      snapshot_retention_limit: 7,
      snapshot_window: "03:00-04:00",
      maintenance_window: "sun:05:00-sun:06:00",
      final_snapshot_identifier: "acme-prod-us-east-1-cache-final",
    });
  });

  test("uses its own parameter group of the engine's family, replaced before it is destroyed", () => {
    expect(resource(json, "aws_elasticache_parameter_group", "cache_parameters")).toMatchObject({
      name: "acme-prod-us-east-1-cache-valkey8",
      family: "valkey8",
      lifecycle: { create_before_destroy: true },
    });
    expect(group.parameter_group_name).toBe("${aws_elasticache_parameter_group.cache_parameters.name}");
  });

  test("delivers slow and engine logs as JSON to KMS-encrypted log groups that expire", () => {
    expect(group.log_delivery_configuration).toEqual([
      {
        destination: "${aws_cloudwatch_log_group.cache_slow_log.name}",
        destination_type: "cloudwatch-logs",
        log_format: "json",
        log_type: "slow-log",
      },
      {
        destination: "${aws_cloudwatch_log_group.cache_engine_log.name}",
        destination_type: "cloudwatch-logs",
        log_format: "json",
        log_type: "engine-log",
      },
    ]);
    for (const [name, path] of [
      ["cache_slow_log", "slow-log"],
      ["cache_engine_log", "engine-log"],
    ]) {
      expect(resource(json, "aws_cloudwatch_log_group", name)).toMatchObject({
        name: `/aws/elasticache/acme-prod-us-east-1-cache/${path}`,
        kms_key_id: "${aws_kms_key.cache_key.arn}",
        retention_in_days: 365,
      });
    }
  });

  test("the key lets CloudWatch Logs encrypt exactly the cache's log groups", () => {
    const statements = policyOf(resource(json, "aws_kms_key", "cache_key")).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Principal: { Service: "logs.us-east-1.amazonaws.com" },
        Condition: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn":
              "arn:aws:logs:us-east-1:123456789012:log-group:/aws/elasticache/acme-prod-us-east-1-cache/*",
          },
        },
      }),
    );
  });

  test("cannot be destroyed by a plan: the cache, its key and its log groups", () => {
    expect(group.lifecycle).toEqual({ prevent_destroy: true });
    expect(resource(json, "aws_kms_key", "cache_key").lifecycle).toEqual({ prevent_destroy: true });
    expect(resource(json, "aws_cloudwatch_log_group", "cache_slow_log").lifecycle).toEqual({ prevent_destroy: true });
  });
});

describe("AUTH through an RBAC user group", () => {
  const json = synth();
  const users = resourcesOf(json, "aws_elasticache_user");

  test("the application user authenticates by a generated password, with a least-privilege access string", () => {
    expect(users.cache_user).toMatchObject({
      user_id: "acme-prod-us-east-1-cache-app",
      user_name: "app",
      engine: "valkey",
      access_string: "on ~* &* +@all -@dangerous",
      authentication_mode: {
        type: "password",
        passwords: ["${data.aws_secretsmanager_random_password.cache_user_password.random_password}"],
      },
    });
  });

  test("the passwords are 64 alphanumeric characters from Secrets Manager's generator", () => {
    expect(json.data?.aws_secretsmanager_random_password).toEqual({
      cache_user_password: {
        password_length: 64,
        exclude_punctuation: true,
        include_space: false,
        require_each_included_type: true,
      },
      cache_default_user_password: {
        password_length: 64,
        exclude_punctuation: true,
        include_space: false,
        require_each_included_type: true,
      },
    });
  });

  test("the default user every group carries is switched off", () => {
    expect(users.cache_default_user).toMatchObject({
      user_id: "acme-prod-us-east-1-cache-default",
      user_name: "default",
      access_string: "off -@all",
    });
  });

  test("a later plan's freshly generated password never replaces the one in use", () => {
    for (const user of Object.values(users)) {
      expect(user.lifecycle).toEqual({ ignore_changes: ["authentication_mode[0].passwords"] });
    }
  });

  test("the user group holds exactly the two users", () => {
    expect(resource(json, "aws_elasticache_user_group", "cache_user_group")).toMatchObject({
      user_group_id: "acme-prod-us-east-1-cache",
      engine: "valkey",
      user_ids: ["${aws_elasticache_user.cache_default_user.user_id}", "${aws_elasticache_user.cache_user.user_id}"],
    });
  });

  test("the application user's credentials go to a CMK-encrypted secret through a write-only value", () => {
    expect(resource(json, "aws_secretsmanager_secret", "cache_user_secret")).toMatchObject({
      name: "acme-prod-us-east-1-cache-cache-app",
      kms_key_id: "${aws_kms_key.cache_key.arn}",
      recovery_window_in_days: 30,
    });
    const version = resource(json, "aws_secretsmanager_secret_version", "cache_user_secret_value");
    expect(version).toMatchObject({
      secret_id: "${aws_secretsmanager_secret.cache_user_secret.id}",
      secret_string_wo_version: 1,
    });
    expect(version.secret_string_wo).toBe(
      '${jsonencode({"username" = "app", "password" = data.aws_secretsmanager_random_password.cache_user_password.random_password})}',
    );
    expect(version).not.toHaveProperty("secret_string");
  });

  test("readSecretStatements grants exactly the secret and its key", () => {
    let cache: ElastiCache | undefined;
    synthModule((s) => {
      cache = new ElastiCache(s, "cache", base);
    });
    expect(cache?.readSecretStatements()).toEqual([
      {
        Sid: "ReadCacheUserSecret",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        Resource: cache?.secretArn,
      },
      { Sid: "DecryptCacheUserSecret", Effect: "Allow", Action: "kms:Decrypt", Resource: cache?.kmsKeyArn },
    ]);
  });
});

describe("network access", () => {
  test("the cache's group admits 6379 from the given client groups only", () => {
    const json = synth({}, [APP_NODES, { securityGroupId: "sg-0jobs", key: "jobs" }]);
    const rules = resourcesOf(json, "aws_vpc_security_group_ingress_rule");
    expect(Object.keys(rules).sort()).toEqual(["cache_sg_in_6379_from_jobs", "cache_sg_in_6379_from_nodes"]);
    expect(rules.cache_sg_in_6379_from_nodes).toEqual({
      security_group_id: "${aws_security_group.cache_sg.id}",
      description: "tcp 6379 from nodes",
      ip_protocol: "tcp",
      from_port: 6379,
      to_port: 6379,
      referenced_security_group_id: "sg-0nodes",
    });
    expect(rules.cache_sg_in_6379_from_jobs).toMatchObject({
      from_port: 6379,
      to_port: 6379,
      referenced_security_group_id: "sg-0jobs",
    });
  });

  test("no CIDR reaches the cache, and it has no egress at all", () => {
    const json = synth();
    const rules = Object.values(resourcesOf(json, "aws_vpc_security_group_ingress_rule"));
    expect(rules.filter((r) => "cidr_ipv4" in r || "cidr_ipv6" in r)).toEqual([]);
    expect(resourcesOf(json, "aws_vpc_security_group_egress_rule")).toEqual({});
    const group = resource(json, "aws_security_group", "cache_sg");
    expect(group).not.toHaveProperty("ingress");
    expect(group).not.toHaveProperty("egress");
    expect(resource(json, "aws_elasticache_replication_group", "cache").security_group_ids).toEqual([
      "${aws_security_group.cache_sg.id}",
    ]);
  });
});

describe("profiles and engines", () => {
  test("dev is one small node without Multi-AZ or failover", () => {
    const group = resource(synth({ profile: "dev" }), "aws_elasticache_replication_group", "cache");
    expect(group).toMatchObject({
      node_type: "cache.t4g.micro",
      num_cache_clusters: 1,
      multi_az_enabled: false,
      automatic_failover_enabled: false,
      snapshot_retention_limit: 1,
    });
  });

  test("Redis OSS 7.1 uses the redis7 family and Redis users", () => {
    const json = synth({ engine: "redis" });
    expect(resource(json, "aws_elasticache_replication_group", "cache")).toMatchObject({
      engine: "redis",
      engine_version: "7.1",
    });
    expect(resource(json, "aws_elasticache_parameter_group", "cache_parameters").family).toBe("redis7");
    expect(resource(json, "aws_elasticache_user", "cache_user").engine).toBe("redis");
    expect(resource(json, "aws_elasticache_user_group", "cache_user_group").engine).toBe("redis");
  });

  test("parameters land in the group", () => {
    const json = synth({ parameters: { "maxmemory-policy": "allkeys-lru" } });
    expect(resource(json, "aws_elasticache_parameter_group", "cache_parameters").parameter).toEqual([
      { name: "maxmemory-policy", value: "allkeys-lru" },
    ]);
  });

  test("a given key replaces the module's", () => {
    const key = "arn:aws:kms:us-east-1:123456789012:key/given";
    const json = synth({ kmsKeyArn: key });
    expect(resourcesOf(json, "aws_kms_key")).toEqual({});
    expect(resource(json, "aws_elasticache_replication_group", "cache").kms_key_id).toBe(key);
    expect(resource(json, "aws_secretsmanager_secret", "cache_user_secret").kms_key_id).toBe(key);
  });

  test("deletionProtection false lifts prevent_destroy but keeps the final snapshot", () => {
    const json = synth({ profile: "dev", deletionProtection: false });
    expect(resource(json, "aws_elasticache_replication_group", "cache")).toMatchObject({
      lifecycle: { prevent_destroy: false },
      final_snapshot_identifier: "acme-prod-us-east-1-cache-final",
    });
  });

  test("version families and formats follow the provider's rules", () => {
    expect(parameterGroupFamily("valkey", "7.2")).toBe("valkey7");
    expect(parameterGroupFamily("redis", "6.2")).toBe("redis6");
    expect(validEngineVersion("valkey", "8.1")).toBe(true);
    expect(validEngineVersion("valkey", "8.1.1")).toBe(false);
    expect(validEngineVersion("valkey", "6.2")).toBe(false);
    expect(validEngineVersion("redis", "5.0")).toBe(false);
  });
});

describe("ElastiCache validation", () => {
  test("refuses a name ElastiCache would reject", () => {
    expect(() => synth({ name: "Acme--cache-" })).toThrow(/name: "Acme--cache-" must be 1-40 lowercase letters/);
    expect(() => synth({ name: `a${"b".repeat(40)}` })).toThrow(/name: "ab+" must be 1-40/);
  });

  test("refuses a patch-level or foreign engine version", () => {
    expect(() => synth({ engineVersion: "8.1.0" })).toThrow(
      /engineVersion: "8\.1\.0" is not a valkey <major>\.<minor> version such as "8\.1"/,
    );
  });

  test("refuses more than six nodes, and Multi-AZ without two AZs", () => {
    expect(() => synth({ nodes: 7 })).toThrow(/nodes: 7 is outside 1-6/);
    expect(() => synth({ network: { vpcId: "vpc-0prod", subnetIds: ["subnet-0a"] } })).toThrow(
      /network\.subnetIds: 2 nodes run Multi-AZ, which needs subnets in at least two AZs/,
    );
  });

  test("refuses node types without Multi-AZ when there are replicas", () => {
    expect(() => synth({ nodeType: "cache.t2.small" })).toThrow(
      /nodeType: cache\.t2\.small does not support Multi-AZ, which 2 nodes turn on/,
    );
    expect(() => synth({ nodeType: "r7g.large" })).toThrow(/nodeType: "r7g\.large" is not an ElastiCache node type/);
  });

  test("refuses snapshot retention beyond 35 days and overlapping or short windows", () => {
    expect(() => synth({ snapshotRetentionDays: 36 })).toThrow(/snapshotRetentionDays: 36 is outside 0-35/);
    expect(() => synth({ maintenanceWindow: "tue:03:30-tue:04:30" })).toThrow(
      /maintenanceWindow: "tue:03:30-tue:04:30" overlaps the daily snapshot window "03:00-04:00"; ElastiCache rejects overlapping windows/,
    );
    expect(() => synth({ maintenanceWindow: "sun:05:00-sun:05:30" })).toThrow(
      /maintenanceWindow: "sun:05:00-sun:05:30" is shorter than the 60 minutes ElastiCache requires/,
    );
  });

  test("refuses a user named default and a log retention CloudWatch Logs does not offer", () => {
    expect(() => synth({ userName: "default", logRetentionDays: 100 })).toThrow(
      /userName: "default" must be lowercase[\s\S]*logRetentionDays: 100 is not a CloudWatch Logs retention/,
    );
  });

  test("the ElastiCache window rules name the snapshot window", () => {
    expect(windowIssues("03:00-03:30", "sun:05:00-sun:06:00", ELASTICACHE_WINDOWS)).toEqual([
      'snapshotWindow: "03:00-03:30" is shorter than the 60 minutes ElastiCache requires',
    ]);
  });
});
