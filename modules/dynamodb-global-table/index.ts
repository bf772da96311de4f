import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Token, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { PolicyStatement } from "../iam/policy";
import { KmsKeyWithAlias } from "../kms-key";

/** Defaults resolved once. */
export const DEFAULTS = {
  /** Partition key: the organization id. */
  hashKey: "org_id",
  /** Attribute and index that list the organizations of a home region. */
  homeRegionAttribute: "home_region",
  homeRegionIndexName: "by_home_region",
  /** Point-in-time recovery window in days (1-35). */
  pitrRecoveryPeriodDays: 35,
} as const;

/** One replica region of the global table. */
export interface GlobalTableReplica {
  /** Replica region, e.g. `ca-central-1`; must differ from the table's `region`. */
  readonly region: string;
  /** AWS provider of that region (an aliased provider in this stack); the module creates the region's CMK with it. */
  readonly provider: TerraformProvider;
  /**
   * Full ARN of a CMK in the replica region (a key of another region is rejected by DynamoDB).
   * @default - a new key with the alias `<tableName>-<region>` in the replica region
   */
  readonly kmsKeyArn?: string;
}

export interface GlobalTableProps {
  /** Table name, the same in every region. Changing it replaces the table and every replica. */
  readonly tableName: string;
  /** Region of the stack's default provider: where the table is created and its stream starts. */
  readonly region: string;
  /** Account that owns the table and, when the module creates them, the CMKs. */
  readonly accountId: string;
  /**
   * Replica regions (global tables version 2019.11.21), each with its provider and CMK. Removing
   * one deletes that replica and its data in place: `prevent_destroy` does not guard it.
   */
  readonly replicas: readonly GlobalTableReplica[];
  /**
   * CMK of the table in `region`.
   * @default - a new key with the alias `<tableName>-<region>`
   */
  readonly kmsKeyArn?: string;
  /**
   * Point-in-time recovery window of the table, in days (1-35). Replicas get PITR with the service default (35).
   * @default 35
   */
  readonly pitrRecoveryPeriodDays?: number;
  /**
   * Table deletion protection, `prevent_destroy` on the table and on the created CMKs.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /** Tags of the table (propagated to the replicas) and the keys. @default {} */
  readonly tags?: Record<string, string>;
  /**
   * Partition key and secondary index of the table, for a global table other than the registry (the
   * user directory: `user_key`, indexed by `org_id`). Changing either replaces the table.
   * @default - the registry's: `org_id`, indexed by `home_region` (`by_home_region`)
   */
  readonly keySchema?: GlobalTableKeySchema;
}

/** A table's string partition key and one global secondary index over another string attribute. */
export interface GlobalTableKeySchema {
  readonly hashKey: string;
  /** The index: its name and the attribute it is partitioned by (the table's key is its sort key). */
  readonly index: { readonly name: string; readonly hashKey: string };
}

/**
 * The organization registry: a DynamoDB global table (version 2019.11.21, `replica` blocks on
 * `aws_dynamodb_table`) mapping `org_id` to its home region, with a GSI by home region,
 * on-demand billing, NEW_AND_OLD_IMAGES streams, PITR and a customer-managed key in every region.
 */
export class GlobalTable extends Construct {
  readonly table: DynamodbTable;
  readonly tableName: string;
  readonly tableArn: string;
  readonly streamArn: string;
  /** Name of the table's secondary index (`by_home_region` for the registry). */
  readonly indexName: string;
  /** CMK ARN per region, the table's region first. */
  readonly kmsKeyArns: Readonly<Record<string, string>>;

  private readonly accountId: string;

  constructor(scope: Construct, id: string, props: GlobalTableProps) {
    super(scope, id);
    const protect = props.deletionProtection ?? true;
    const tags = props.tags ?? {};
    this.accountId = props.accountId;
    const keys = props.keySchema ?? {
      hashKey: DEFAULTS.hashKey,
      index: { name: DEFAULTS.homeRegionIndexName, hashKey: DEFAULTS.homeRegionAttribute },
    };
    this.indexName = keys.index.name;

    const issues = globalTableIssues(props);
    this.node.addValidation({ validate: () => issues });

    // One created key per region; a region given twice (reported above) reuses it.
    const created = new Map<string, string>();
    const key = (region: string, provider?: TerraformProvider): string => {
      const existing = created.get(region);
      if (existing !== undefined) return existing;
      const kms = new KmsKeyWithAlias(this, region === props.region ? "key" : `key_${snake(region)}`, {
        alias: `${props.tableName}-${region}`,
        description: `DynamoDB ${props.tableName} in ${region}`,
        accountId: props.accountId,
        deletionProtection: protect,
        provider,
      });
      created.set(region, kms.keyArn);
      return kms.keyArn;
    };
    const homeKey = props.kmsKeyArn ?? key(props.region);
    const replicaKeys = props.replicas.map((r) => r.kmsKeyArn ?? key(r.region, r.provider));
    this.kmsKeyArns = Object.fromEntries([
      [props.region, homeKey],
      ...props.replicas.map((r, i) => [r.region, replicaKeys[i]]),
    ]);

    this.table = new DynamodbTable(this, "resource", {
      name: props.tableName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: keys.hashKey,
      attribute: [
        { name: keys.hashKey, type: "S" },
        { name: keys.index.hashKey, type: "S" },
      ],
      globalSecondaryIndex: [
        { name: keys.index.name, hashKey: keys.index.hashKey, rangeKey: keys.hashKey, projectionType: "ALL" },
      ],
      streamEnabled: true,
      streamViewType: "NEW_AND_OLD_IMAGES",
      pointInTimeRecovery: {
        enabled: true,
        recoveryPeriodInDays: props.pitrRecoveryPeriodDays ?? DEFAULTS.pitrRecoveryPeriodDays,
      },
      serverSideEncryption: { enabled: true, kmsKeyArn: homeKey },
      replica: props.replicas.map((r, i) => ({
        regionName: r.region,
        kmsKeyArn: replicaKeys[i],
        pointInTimeRecovery: true,
        propagateTags: true,
      })),
      deletionProtectionEnabled: protect,
      tags: { ...tags, Name: props.tableName },
      lifecycle: { preventDestroy: protect },
    });
    this.tableName = this.table.name;
    this.tableArn = this.table.arn;
    this.streamArn = this.table.streamArn;
  }

  /** The table's ARN in one of its regions (replicas share the name). */
  tableArnIn(region: string): string {
    return `arn:aws:dynamodb:${region}:${this.accountId}:table/${this.tableName}`;
  }

  /**
   * Statements that let a principal in `region` read (or read and write) the registry there,
   * including its indexes and the region's CMK.
   */
  accessStatements(region: string, access: "read" | "readWrite"): PolicyStatement[] {
    const table = this.tableArnIn(region);
    const read = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:DescribeTable"];
    const write = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"];
    const key = this.kmsKeyArns[region];
    return [
      {
        Effect: "Allow",
        Action: access === "read" ? read : [...read, ...write],
        Resource: [table, `${table}/index/*`],
      },
      ...(key === undefined
        ? []
        : [
            {
              Effect: "Allow" as const,
              Action: access === "read" ? ["kms:Decrypt"] : ["kms:Decrypt", "kms:GenerateDataKey"],
              Resource: key,
            },
          ]),
    ];
  }
}

function globalTableIssues(props: GlobalTableProps): string[] {
  const issues: string[] = [];
  if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(props.tableName)) {
    issues.push(`tableName: "${props.tableName}" must be 3-255 letters, digits, "_", "-" or "."`);
  }
  if (props.replicas.length === 0) {
    issues.push("replicas: give at least one replica region; a global table without replicas is a regional table");
  }
  const days = props.pitrRecoveryPeriodDays ?? DEFAULTS.pitrRecoveryPeriodDays;
  if (!Number.isInteger(days) || days < 1 || days > 35) {
    issues.push(`pitrRecoveryPeriodDays: ${days} is outside 1-35`);
  }
  const homeKeyRegion = arnRegion(props.kmsKeyArn);
  if (homeKeyRegion !== undefined && homeKeyRegion !== props.region) {
    issues.push(`kmsKeyArn: the key is in ${homeKeyRegion}, not in the table's region ${props.region}`);
  }
  props.replicas.forEach((replica, i) => {
    const path = `replicas[${i}]`;
    if (replica.region === props.region) {
      issues.push(`${path}.region: ${replica.region} is the table's own region`);
    }
    const first = props.replicas.findIndex((r) => r.region === replica.region);
    if (first < i) issues.push(`${path}.region: ${replica.region} is already replicas[${first}]`);
    const providerRegion = replica.provider instanceof AwsProvider ? replica.provider.region : undefined;
    if (providerRegion !== undefined && !Token.isUnresolved(providerRegion) && providerRegion !== replica.region) {
      issues.push(`${path}.provider: it is configured for ${providerRegion}, not ${replica.region}`);
    }
    const keyRegion = arnRegion(replica.kmsKeyArn);
    if (keyRegion !== undefined && keyRegion !== replica.region) {
      issues.push(
        `${path}.kmsKeyArn: the key is in ${keyRegion}; a replica needs a key of its own region ${replica.region}`,
      );
    }
    if (
      replica.kmsKeyArn !== undefined &&
      !Token.isUnresolved(replica.kmsKeyArn) &&
      !replica.kmsKeyArn.startsWith("arn:")
    ) {
      issues.push(`${path}.kmsKeyArn: "${replica.kmsKeyArn}" is not a full key ARN (an id or alias is not enough)`);
    }
  });
  return issues;
}

/** The region of a literal ARN; undefined for tokens and absent values. */
function arnRegion(arn: string | undefined): string | undefined {
  if (arn === undefined || Token.isUnresolved(arn)) return undefined;
  const region = arn.split(":")[3];
  return region === undefined || region === "" ? undefined : region;
}

const snake = (region: string): string => region.replace(/-/g, "_");

/** Puts every resource of a construct (e.g. a `KmsKeyWithAlias`) on another provider. */
