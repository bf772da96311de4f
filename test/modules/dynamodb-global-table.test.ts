import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformOutput } from "cdktf";
import { GlobalTable, type GlobalTableProps, type GlobalTableReplica } from "../../modules/dynamodb-global-table";
import { resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

type ReplicaSpec = Omit<GlobalTableReplica, "provider"> & { providerRegion?: string };

/** The registry in us-east-1 with replicas, each on an aliased provider named after its region. */
function synth(
  replicas: ReplicaSpec[] = [{ region: "ca-central-1" }],
  props: Partial<GlobalTableProps> = {},
): StackJson {
  return synthModule((s) => {
    const table = new GlobalTable(s, "registry", {
      tableName: "acme-organization-registry",
      region: "us-east-1",
      accountId: "123456789012",
      replicas: replicas.map(({ providerRegion, ...replica }, i) => {
        const region = providerRegion ?? replica.region;
        const alias = `${region.replace(/-/g, "_")}_${i}`;
        return { ...replica, provider: new AwsProvider(s, `aws_${alias}`, { alias, region }) };
      }),
      ...props,
    });
    new TerraformOutput(s, "statements", { value: JSON.stringify(table.accessStatements("ca-central-1", "read")) });
  });
}

type Replica = { region_name: string; kms_key_arn: string; point_in_time_recovery: boolean; propagate_tags: boolean };

describe("GlobalTable", () => {
  const json = synth();
  const table = resource(json, "aws_dynamodb_table", "registry");

  test("is a 2019.11.21 global table: replica blocks on aws_dynamodb_table, no legacy or separate replica resource", () => {
    expect(Object.keys(resourcesOf(json, "aws_dynamodb_table"))).toEqual(["registry"]);
    expect((table.replica as Replica[]).map((r) => r.region_name)).toEqual(["ca-central-1"]);
    expect(resourcesOf(json, "aws_dynamodb_global_table")).toEqual({});
    expect(resourcesOf(json, "aws_dynamodb_table_replica")).toEqual({});
  });

  test("keys organizations by org_id, on demand, streaming new and old images", () => {
    expect(table).toMatchObject({
      name: "acme-organization-registry",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "org_id",
      stream_enabled: true,
      stream_view_type: "NEW_AND_OLD_IMAGES",
      attribute: [
        { name: "org_id", type: "S" },
        { name: "home_region", type: "S" },
      ],
    });
    expect(table).not.toHaveProperty("range_key");
    expect(table).not.toHaveProperty("read_capacity");
  });

  test("indexes organizations by home region", () => {
    expect(table.global_secondary_index).toEqual([
      { name: "by_home_region", hash_key: "home_region", range_key: "org_id", projection_type: "ALL" },
    ]);
  });

  test("takes another key schema for another routing table (the user directory)", () => {
    const directory = resource(
      synth([{ region: "ca-central-1" }], {
        keySchema: { hashKey: "user_key", index: { name: "by_org_id", hashKey: "org_id" } },
      }),
      "aws_dynamodb_table",
      "registry",
    );
    expect(directory).toMatchObject({
      hash_key: "user_key",
      attribute: [
        { name: "user_key", type: "S" },
        { name: "org_id", type: "S" },
      ],
      global_secondary_index: [
        { name: "by_org_id", hash_key: "org_id", range_key: "user_key", projection_type: "ALL" },
      ],
    });
  });

  test("has point-in-time recovery on the table and on every replica", () => {
    expect(table.point_in_time_recovery).toEqual({ enabled: true, recovery_period_in_days: 35 });
    const many = resource(
      synth([{ region: "ca-central-1" }, { region: "us-west-2" }]),
      "aws_dynamodb_table",
      "registry",
    );
    expect((many.replica as Replica[]).filter((r) => r.point_in_time_recovery !== true)).toEqual([]);
  });

  test("encrypts the table with the home region's CMK", () => {
    expect(table.server_side_encryption).toEqual({ enabled: true, kms_key_arn: "${aws_kms_key.registry_key.arn}" });
    expect(resource(json, "aws_kms_key", "registry_key")).not.toHaveProperty("provider");
  });

  test("encrypts each replica with a full key ARN of a CMK created in the replica's region", () => {
    expect(table.replica).toEqual([
      {
        region_name: "ca-central-1",
        kms_key_arn: "${aws_kms_key.registry_key_ca_central_1.arn}",
        point_in_time_recovery: true,
        propagate_tags: true,
      },
    ]);
    expect(resource(json, "aws_kms_key", "registry_key_ca_central_1")).toMatchObject({
      provider: "aws.ca_central_1_0",
      enable_key_rotation: true,
    });
    expect(resource(json, "aws_kms_alias", "registry_key_ca_central_1_alias")).toMatchObject({
      provider: "aws.ca_central_1_0",
      name: "alias/acme-organization-registry-ca-central-1",
    });
  });

  test("uses given key ARNs instead of creating keys", () => {
    const home = "arn:aws:kms:us-east-1:123456789012:key/home";
    const ca = "arn:aws:kms:ca-central-1:123456789012:key/ca";
    const given = synth([{ region: "ca-central-1", kmsKeyArn: ca }], { kmsKeyArn: home });
    expect(resourcesOf(given, "aws_kms_key")).toEqual({});
    const t = resource(given, "aws_dynamodb_table", "registry");
    expect((t.server_side_encryption as { kms_key_arn: string }).kms_key_arn).toBe(home);
    expect((t.replica as Replica[])[0].kms_key_arn).toBe(ca);
  });

  test("cannot be deleted: deletion protection and prevent_destroy on the table and its keys", () => {
    expect(table).toMatchObject({ deletion_protection_enabled: true, lifecycle: { prevent_destroy: true } });
    for (const key of Object.values(resourcesOf(json, "aws_kms_key"))) {
      expect(key.lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  test("deletionProtection false lifts both", () => {
    const open = resource(synth(undefined, { deletionProtection: false }), "aws_dynamodb_table", "registry");
    expect(open).toMatchObject({ deletion_protection_enabled: false, lifecycle: { prevent_destroy: false } });
  });

  test("grants read access in a region on the table, its indexes and that region's key only", () => {
    expect(JSON.parse(json.output?.statements.value as string)).toEqual([
      {
        Effect: "Allow",
        Action: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:DescribeTable"],
        Resource: [
          "arn:aws:dynamodb:ca-central-1:123456789012:table/${aws_dynamodb_table.registry.name}",
          "arn:aws:dynamodb:ca-central-1:123456789012:table/${aws_dynamodb_table.registry.name}/index/*",
        ],
      },
      { Effect: "Allow", Action: ["kms:Decrypt"], Resource: "${aws_kms_key.registry_key_ca_central_1.arn}" },
    ]);
  });
});

describe("GlobalTable validation", () => {
  test("reports every replica problem with its path", () => {
    expect(() =>
      synth([
        { region: "us-east-1" },
        { region: "ca-central-1", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/home" },
        { region: "ca-central-1", kmsKeyArn: "alias/registry" },
        { region: "us-west-2", providerRegion: "eu-west-1" },
      ]),
    ).toThrow(
      new RegExp(
        [
          String.raw`\[test/registry\] replicas\[0\]\.region: us-east-1 is the table's own region`,
          String.raw`replicas\[1\]\.kmsKeyArn: the key is in us-east-1; a replica needs a key of its own region ca-central-1`,
          String.raw`replicas\[2\]\.region: ca-central-1 is already replicas\[1\]`,
          String.raw`replicas\[2\]\.kmsKeyArn: "alias/registry" is not a full key ARN`,
          String.raw`replicas\[3\]\.provider: it is configured for eu-west-1, not us-west-2`,
        ].join(String.raw`[\s\S]*`),
      ),
    );
  });

  test("refuses a table without replicas and a home key of another region", () => {
    expect(() => synth([], { kmsKeyArn: "arn:aws:kms:ca-central-1:123456789012:key/x" })).toThrow(
      /replicas: give at least one replica region[\s\S]*kmsKeyArn: the key is in ca-central-1, not in the table's region us-east-1/,
    );
  });

  test("refuses a PITR window DynamoDB does not offer", () => {
    expect(() => synth(undefined, { pitrRecoveryPeriodDays: 36 })).toThrow(
      /pitrRecoveryPeriodDays: 36 is outside 1-35/,
    );
  });
});
