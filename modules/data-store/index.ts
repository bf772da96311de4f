import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { Construct } from "constructs";
import { cloudWatchLogsStatement, KmsKeyWithAlias } from "../kms-key";
import type { EnvironmentProfile } from "../rds/profiles";
import { ServiceSecurityGroup } from "../security-group";

/** Where a data store runs: the database tier of a `Vpc`. */
export interface DataStoreNetworkRef {
  readonly vpcId: string;
  /** Database subnets (`vpc.subnetIds.database`); a store with replicas needs subnets in two AZs. */
  readonly subnetIds: readonly string[];
}

/** What every managed data store of the database tier (a cache, a document database) takes. */
export interface DataStoreProps {
  /** Region of the stack's provider (log group ARNs in the key policy). */
  readonly region: string;
  /** Account that owns the store and, when the module creates it, the CMK. */
  readonly accountId: string;
  /** Environment profile whose values apply unless a prop overrides them (the module's `DEFAULTS.profiles`). */
  readonly profile: EnvironmentProfile;
  /** Database subnets the subnet group spans, and the VPC of the security group. */
  readonly network: DataStoreNetworkRef;
  /**
   * CMK of the store at rest, its snapshots and log groups; its policy must let
   * `logs.<region>.amazonaws.com` use it for the store's log groups. Changing it replaces the store.
   * @default - a new key with the alias `<name>-<service>` (`-cache`, `-docdb`)
   */
  readonly kmsKeyArn?: string;
  /** Days the exported logs are kept (a CloudWatch Logs retention). @default 365 */
  readonly logRetentionDays?: number;
  /** `prevent_destroy` on the store, its key and log groups (and the service's flag where it has one). @default true */
  readonly deletionProtection?: boolean;
  /** Tags on every resource, besides the provider's default tags. @default {} */
  readonly tags?: Record<string, string>;
}

/** What the store's module says of itself for the key, the group and the log groups. */
export interface DataStoreSpec {
  /** The store's name or identifier, prefix of the key alias and the group's name. */
  readonly name: string;
  /** `ElastiCache`, `DocumentDB`: the first word of descriptions. */
  readonly service: string;
  /** Suffix of the key alias and the group name: `cache`, `docdb`. */
  readonly suffix: string;
  /** What the key encrypts, for its description. */
  readonly encrypts: string;
  /** Prefix of the store's log groups, e.g. `/aws/docdb/<identifier>`. */
  readonly logGroupPrefix: string;
  /** The one TCP port the store listens on. */
  readonly port: number;
  /** Key of the group in other modules' rule addresses (the store's construct id). */
  readonly key: string;
}

/**
 * The parts every data store creates alike, under its own construct (`<id>_key`, `<id>_sg`): the
 * CMK (unless one is given) that CloudWatch Logs may use for the store's log groups, and the
 * service security group that admits nothing until `allowFrom`.
 */
export function createDataStoreBase(
  scope: Construct,
  props: DataStoreProps,
  spec: DataStoreSpec,
): { kmsKeyArn: string; group: ServiceSecurityGroup } {
  const kmsKeyArn =
    props.kmsKeyArn ??
    new KmsKeyWithAlias(scope, "key", {
      alias: `${spec.name}-${spec.suffix}`,
      description: `${spec.service} ${spec.name}: ${spec.encrypts}`,
      accountId: props.accountId,
      deletionProtection: props.deletionProtection ?? true,
      policyStatements: [
        cloudWatchLogsStatement(
          props.region,
          `arn:aws:logs:${props.region}:${props.accountId}:log-group:${spec.logGroupPrefix}/*`,
        ),
      ],
    }).keyArn;
  const group = new ServiceSecurityGroup(scope, "sg", {
    name: `${spec.name}-${spec.suffix}`,
    description: `${spec.service} ${spec.name}: ${spec.port} from the admitted client groups only`,
    vpcId: props.network.vpcId,
    port: spec.port,
    key: spec.key,
    tags: props.tags ?? {},
  });
  return { kmsKeyArn, group };
}

/**
 * A log group the store exports into, created before the service would create it unencrypted and
 * kept forever: encrypted with the store's CMK, expiring, protected like the store.
 */
export function createStoreLogGroup(
  scope: Construct,
  id: string,
  props: DataStoreProps,
  log: { readonly name: string; readonly kmsKeyArn: string; readonly retentionDays: number; readonly nameTag: string },
): CloudwatchLogGroup {
  return new CloudwatchLogGroup(scope, id, {
    name: log.name,
    kmsKeyId: log.kmsKeyArn,
    retentionInDays: log.retentionDays,
    tags: { ...props.tags, Name: log.nameTag },
    lifecycle: { preventDestroy: props.deletionProtection ?? true },
  });
}
