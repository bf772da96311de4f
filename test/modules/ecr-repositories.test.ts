import {
  EcrRegistrySettings,
  EcrRepositories,
  replicationDestinationStatement,
  type EcrRegistrySettingsProps,
  type EcrRepositoriesProps,
} from "../../modules/ecr-repositories";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

/** 004's two repositories. */
const base: EcrRepositoriesProps = {
  accountId: "123456789012",
  namePrefix: "usermgmt-prod-us-east-1",
  repositories: {
    backend: { name: "user-management-backend", pullAccountIds: ["210987654321"] },
    frontend: { name: "user-management-frontend", keepImages: 30, untaggedDays: 7 },
  },
};
const synth = (props: Partial<EcrRepositoriesProps> = {}): StackJson =>
  synthModule((s) => new EcrRepositories(s, "ecr", { ...base, ...props }));
const registry = (props: Partial<EcrRegistrySettingsProps> = {}): StackJson =>
  synthModule(
    (s) => new EcrRegistrySettings(s, "registry", { accountId: "123456789012", region: "us-east-1", ...props }),
  );

describe("EcrRepositories", () => {
  const json = synth();

  test("repositories have immutable tags, a CMK, scan on push and deletion protection", () => {
    expect(resource(json, "aws_ecr_repository", "ecr_backend")).toMatchObject({
      name: "user-management-backend",
      image_tag_mutability: "IMMUTABLE",
      encryption_configuration: [{ encryption_type: "KMS", kms_key: "${aws_kms_key.ecr_key.arn}" }],
      image_scanning_configuration: { scan_on_push: true },
      force_delete: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(resource(json, "aws_kms_key", "ecr_key").enable_key_rotation).toBe(true);
  });

  test("uses a given key instead of creating one", () => {
    const given = synth({ kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/given" });
    expect(resourcesOf(given, "aws_kms_key")).toEqual({});
    expect(
      (resource(given, "aws_ecr_repository", "ecr_frontend").encryption_configuration as { kms_key: string }[])[0]!
        .kms_key,
    ).toBe("arn:aws:kms:us-east-1:123456789012:key/given");
  });

  test("expires untagged images after D days and keeps the newest N (the EKS module's helper)", () => {
    const policy = JSON.parse(resource(json, "aws_ecr_lifecycle_policy", "ecr_frontend_lifecycle").policy as string);
    expect(policy.rules).toEqual([
      expect.objectContaining({
        rulePriority: 1,
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
      }),
      expect.objectContaining({
        rulePriority: 2,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 30 },
      }),
    ]);
    const defaults = JSON.parse(resource(json, "aws_ecr_lifecycle_policy", "ecr_backend_lifecycle").policy as string);
    expect(defaults.rules.map((r: { selection: { countNumber: number } }) => r.selection.countNumber)).toEqual([1, 10]);
  });

  test("lets only the named accounts pull, and only pull", () => {
    expect(policyOf(resource(json, "aws_ecr_repository_policy", "ecr_backend_policy")).Statement).toEqual([
      {
        Sid: "PullFromNamedAccounts",
        Effect: "Allow",
        Principal: { AWS: ["arn:aws:iam::210987654321:root"] },
        Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
      },
    ]);
    expect(resourcesOf(json, "aws_ecr_repository_policy")).not.toHaveProperty("ecr_frontend_policy");
  });

  test("manages no registry-wide setting", () => {
    expect(resourcesOf(json, "aws_ecr_replication_configuration")).toEqual({});
    expect(resourcesOf(json, "aws_ecr_registry_scanning_configuration")).toEqual({});
  });

  test("refuses bad names, repeats, counts and account ids with their paths", () => {
    expect(() =>
      synth({
        repositories: {
          a: { name: "User_Management", keepImages: 0, pullAccountIds: ["1234"] },
          b: { name: "user-management-backend" },
          c: { name: "user-management-backend", untaggedDays: 0.5 },
        },
      }),
    ).toThrow(
      /repositories.a.name: "User_Management" is not an ECR repository name[\s\S]*repositories.a.keepImages: 0 must be[\s\S]*repositories.a.pullAccountIds\[0\]: "1234" is not a 12-digit account id[\s\S]*repositories.c.name: "user-management-backend" is already repositories.b[\s\S]*repositories.c.untaggedDays: 0.5 must be/,
    );
  });
});

describe("EcrRegistrySettings", () => {
  test("replicates by prefix to the given destinations, in one configuration for the registry", () => {
    const json = registry({
      replicationRules: [
        { destinations: [{ region: "us-west-2", accountId: "123456789012" }], repositoryPrefixes: ["user-management"] },
      ],
    });
    expect(
      resource(json, "aws_ecr_replication_configuration", "registry_replication").replication_configuration,
    ).toEqual({
      rule: [
        {
          destination: [{ region: "us-west-2", registry_id: "123456789012" }],
          repository_filter: [{ filter: "user-management", filter_type: "PREFIX_MATCH" }],
        },
      ],
    });
  });

  test("creates no replication configuration without rules, and scanning only when asked", () => {
    const none = registry();
    expect(none.resource).toBeUndefined();
    expect(
      resource(registry({ scanning: "ENHANCED" }), "aws_ecr_registry_scanning_configuration", "registry_scanning"),
    ).toEqual({
      scan_type: "ENHANCED",
      rule: [{ scan_frequency: "CONTINUOUS_SCAN", repository_filter: [{ filter: "*", filter_type: "WILDCARD" }] }],
    });
  });

  test("refuses replication into itself, repeats, bad ids and wildcard prefixes", () => {
    expect(() =>
      registry({
        replicationRules: [
          {
            destinations: [
              { region: "us-east-1", accountId: "123456789012" },
              { region: "ca-central-1", accountId: "12" },
              { region: "ca-central-1", accountId: "12" },
            ],
            repositoryPrefixes: ["user-*"],
          },
          { destinations: [] },
        ],
      }),
    ).toThrow(
      /replicationRules\[0\].destinations\[0\]: us-east-1 in 123456789012 is this registry itself[\s\S]*replicationRules\[0\].destinations\[1\].accountId: "12" is not a 12-digit account id[\s\S]*replicationRules\[0\].destinations\[2\]: already replicationRules\[0\].destinations\[1\][\s\S]*replicationRules\[0\].repositoryPrefixes\[0\]: "user-\*" is not a repository name prefix[\s\S]*replicationRules\[1\].destinations: name at least one destination/,
    );
  });

  test("refuses more rules and destinations than a registry holds", () => {
    const rule = {
      destinations: [
        { region: "us-west-2", accountId: "123456789012" },
        { region: "eu-west-1", accountId: "123456789012" },
        { region: "eu-west-2", accountId: "123456789012" },
      ],
    };
    expect(() => registry({ replicationRules: Array.from({ length: 11 }, () => rule) })).toThrow(
      /replicationRules: 11 rules exceed ECR's 10 per registry[\s\S]*replicationRules: 33 destinations exceed ECR's 25/,
    );
  });

  test("offers the destination account's registry policy statement", () => {
    expect(replicationDestinationStatement("123456789012", "210987654321", "ca-central-1")).toEqual({
      Sid: "ReplicationFrom123456789012",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
      Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
      Resource: "arn:aws:ecr:ca-central-1:210987654321:repository/*",
    });
  });
});
