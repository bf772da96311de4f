import { Testing, type S3Backend } from "cdktf";
import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { validateApp } from "../../src/app";
import { BaseStack } from "../../src/stacks/base-stack";
import { defaultInput, organization, policyOf, resource, synthApp, type StackJson } from "../helpers/synth";

const { json: stacks, app } = synthApp();
const resourceAddresses = (json: StackJson) =>
  Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));
/** The default organization with the DynamoDB lock table opted in, as an existing config has it. */
function withLockTable() {
  const input = defaultInput();
  Object.assign(input.backend, { lockTable: "acme-terraform-locks" });
  return input;
}
const providerOf = (json: StackJson) => json.provider!.aws[0] as Record<string, unknown>;
const s3BackendOf = (json: StackJson) =>
  (json.terraform as { backend: { s3: Record<string, unknown> } }).backend.s3 as Record<string, unknown>;

describe("stacks of the default organization", () => {
  test("one per account and region, plus bootstrap, the organization and a -k8s stack per cluster", () => {
    expect(Object.keys(stacks).sort()).toEqual([
      "bootstrap",
      "dev-us-east-1",
      "dev-us-east-1-k8s",
      "management-ca-central-1",
      "management-us-east-1",
      "organization",
      "prod-ca-central-1",
      "prod-ca-central-1-k8s",
      "prod-us-east-1",
      "prod-us-east-1-k8s",
      "security-ca-central-1",
      "security-us-east-1",
      "staging-us-east-1",
      "staging-us-east-1-k8s",
    ]);
  });
});

describe("the AWS provider", () => {
  test("assumes the deploy role in exactly its own account", () => {
    const provider = providerOf(stacks["prod-ca-central-1"]);
    expect(provider.region).toBe("ca-central-1");
    expect(provider.allowed_account_ids).toEqual(["555555555555"]);
    expect(provider.assume_role).toEqual([
      {
        role_arn: "arn:aws:iam::555555555555:role/OrganizationAccountAccessRole",
        session_name: "acme-prod-ca-central-1",
      },
    ]);
  });

  test("assumes no role in the management account unless one is configured", () => {
    expect(providerOf(stacks["management-us-east-1"]).assume_role).toBeUndefined();
    const input = defaultInput();
    input.accounts.management.deployRoleName = "PlatformDeploy";
    const { json } = synthApp(organization(input));
    expect(providerOf(json["management-us-east-1"]).assume_role).toEqual([
      expect.objectContaining({ role_arn: "arn:aws:iam::111111111111:role/PlatformDeploy" }),
    ]);
  });

  test("tags everything with organization, account, environment, stack and manager", () => {
    expect(providerOf(stacks["staging-us-east-1"]).default_tags).toEqual([
      {
        tags: {
          CostCenter: "platform",
          Organization: "acme",
          Account: "staging",
          Environment: "staging",
          Stack: "staging-us-east-1",
          ManagedBy: "cdktf",
        },
      },
    ]);
  });
});

describe("the S3 backend", () => {
  test("keys state by organization, account and region, encrypted with the state key", () => {
    expect(s3BackendOf(stacks["prod-ca-central-1"])).toEqual({
      bucket: "acme-terraform-state-111111111111",
      key: "acme/prod/ca-central-1/terraform.tfstate",
      region: "us-east-1",
      encrypt: true,
      kms_key_id: "arn:aws:kms:us-east-1:111111111111:alias/acme-terraform-state",
      assume_role: {
        role_arn: "arn:aws:iam::111111111111:role/TerraformStateAccess",
        session_name: "acme-state-prod-ca-central-1",
      },
      use_lockfile: true,
    });
  });

  test("locks with S3 objects only, unless the config opts into a DynamoDB table for older Terraform", () => {
    expect(Object.keys(s3BackendOf(stacks["dev-us-east-1"]))).not.toContain("dynamodb_table");
    expect(resourceAddresses(stacks.bootstrap)).not.toContainEqual(expect.stringMatching(/^aws_dynamodb_table\./));
    expect(Object.keys(stacks.bootstrap.output ?? {})).not.toContain("lock_table_name");
    expect(
      policyOf(resource(stacks.bootstrap, "aws_iam_role_policy", "state_access_policy")).Statement,
    ).not.toContainEqual(expect.objectContaining({ Sid: "LockTable" }));
    const { json } = synthApp(organization(withLockTable()));
    expect(s3BackendOf(json["dev-us-east-1"])).toEqual(
      expect.objectContaining({ dynamodb_table: "acme-terraform-locks", use_lockfile: true }),
    );
    expect(policyOf(resource(json.bootstrap, "aws_iam_role_policy", "state_access_policy")).Statement).toContainEqual(
      expect.objectContaining({ Sid: "LockTable", Resource: "${aws_dynamodb_table.state_lock_table.arn}" }),
    );
  });

  test("has no top-level role_arn, which Terraform 1.11 rejects", () => {
    expect(Object.keys(s3BackendOf(stacks["dev-us-east-1"]))).not.toContain("role_arn");
  });

  test("keeps the lock table out of what consumers' terraform_remote_state copies", () => {
    const stack = app.node.findChild("dev-us-east-1") as BaseStack;
    const backend = stack.node.children.find((c) => c.constructor.name === "S3Backend") as S3Backend;
    const consumer = new (class extends BaseStack {})(Testing.app(), "consumer");
    backend.getRemoteStateDataSource(consumer, "remote", "dev-us-east-1");
    const config = Object.values(JSON.parse(Testing.synth(consumer)).data.terraform_remote_state)[0] as {
      config: Record<string, unknown>;
    };
    expect(config.config).toEqual(expect.objectContaining({ key: "acme/dev/us-east-1/terraform.tfstate" }));
    expect(Object.keys(config.config)).not.toContain("dynamodb_table");
    expect(Object.keys(config.config)).not.toContain("use_lockfile");
  });

  test("an adopted state layout keeps its own key", () => {
    const input = defaultInput();
    input.accounts.dev.regions["us-east-1"].stateKey = "legacy/dev.tfstate";
    const { json } = synthApp(organization(input));
    expect(s3BackendOf(json["dev-us-east-1"]).key).toBe("legacy/dev.tfstate");
  });
});

describe("the Terraform Cloud backend", () => {
  const input = defaultInput();
  input.backend = { type: "cloud", organization: "acme-corp", workspacePrefix: "acme-" };
  const { json } = synthApp(organization(input));

  test("gives every stack its own workspace", () => {
    expect((json["prod-us-east-1"].terraform as Record<string, unknown>).cloud).toEqual({
      hostname: "app.terraform.io",
      organization: "acme-corp",
      workspaces: { name: "acme-prod-us-east-1" },
    });
  });

  test("needs no bootstrap stack: Terraform Cloud keeps the state", () => {
    expect(Object.keys(json)).not.toContain("bootstrap");
    expect((json["dev-us-east-1"].terraform as Record<string, unknown>).backend).toBeUndefined();
  });
});

describe("the bootstrap stack", () => {
  const bootstrap = stacks.bootstrap;

  test("keeps its own state locally, in the account that owns the bucket", () => {
    expect((bootstrap.terraform as { backend: unknown }).backend).toEqual({ local: { path: "terraform.tfstate" } });
    expect(providerOf(bootstrap).allowed_account_ids).toEqual(["111111111111"]);
  });

  test("moves onto the bucket it created once the config says it was migrated", () => {
    const input = defaultInput();
    Object.assign(input.backend, { bootstrapMigrated: true });
    const { json } = synthApp(organization(input));
    expect(s3BackendOf(json.bootstrap)).toEqual(
      expect.objectContaining({ key: "acme/bootstrap/terraform.tfstate", use_lockfile: true }),
    );
  });

  test("creates a versioned, KMS-encrypted, private, TLS-only state bucket that cannot be destroyed", () => {
    const bucket = resource(bootstrap, "aws_s3_bucket", "state_bucket");
    expect(bucket).toEqual(
      expect.objectContaining({
        bucket: "acme-terraform-state-111111111111",
        force_destroy: false,
        lifecycle: { prevent_destroy: true },
      }),
    );
    expect(resource(bootstrap, "aws_s3_bucket_versioning", "state_bucket_versioning").versioning_configuration).toEqual(
      { status: "Enabled" },
    );
    expect(
      resource(bootstrap, "aws_s3_bucket_server_side_encryption_configuration", "state_bucket_encryption").rule,
    ).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: "aws:kms",
          kms_master_key_id: "${aws_kms_key.state_key.arn}",
        },
        bucket_key_enabled: true,
      },
    ]);
    expect(resource(bootstrap, "aws_s3_bucket_public_access_block", "state_bucket_public_access")).toEqual(
      expect.objectContaining({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      }),
    );
    expect(resource(bootstrap, "aws_s3_bucket_ownership_controls", "state_bucket_ownership").rule).toEqual({
      object_ownership: "BucketOwnerEnforced",
    });
    expect(policyOf(resource(bootstrap, "aws_s3_bucket_policy", "state_bucket_policy")).Statement).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
  });

  test("expires noncurrent state versions", () => {
    const rules = resource(bootstrap, "aws_s3_bucket_lifecycle_configuration", "state_bucket_lifecycle").rule as Record<
      string,
      unknown
    >[];
    expect(rules.find((r) => r.id === "expire-noncurrent-state-versions")?.noncurrent_version_expiration).toEqual([
      { noncurrent_days: 90 },
    ]);
  });

  test("creates a rotating state key, and an opted-in lock table encrypted, recoverable and protected", () => {
    expect(resource(bootstrap, "aws_kms_key", "state_key")).toEqual(
      expect.objectContaining({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } }),
    );
    expect(resource(bootstrap, "aws_kms_alias", "state_key_alias").name).toBe("alias/acme-terraform-state");
    const { json } = synthApp(organization(withLockTable()));
    expect(resource(json.bootstrap, "aws_dynamodb_table", "state_lock_table")).toEqual(
      expect.objectContaining({
        name: "acme-terraform-locks",
        hash_key: "LockID",
        billing_mode: "PAY_PER_REQUEST",
        attribute: [{ name: "LockID", type: "S" }],
        point_in_time_recovery: { enabled: true },
        server_side_encryption: { enabled: true, kms_key_arn: "${aws_kms_key.state_key.arn}" },
        deletion_protection_enabled: true,
        lifecycle: { prevent_destroy: true },
      }),
    );
  });

  test("lets the state role touch only this organization's keys", () => {
    const policy = resource(bootstrap, "aws_iam_role_policy", "state_access_policy").policy as string;
    expect(policy).toContain("${aws_s3_bucket.state_bucket.arn}/acme/*");
    expect(policy).not.toMatch(/"Resource":"\*"/);
    expect(resource(bootstrap, "aws_iam_role", "state_access_role").name).toBe("TerraformStateAccess");
  });

  test("the state role trusts the deploy principal in the management account, within the organization", () => {
    const trust = JSON.parse(resource(bootstrap, "aws_iam_role", "state_access_role").assume_role_policy as string) as {
      Statement: unknown[];
    };
    expect(trust.Statement).toEqual([
      {
        Sid: "DeployPrincipalsOnly",
        Effect: "Allow",
        Principal: { AWS: ["arn:aws:iam::111111111111:role/TerraformDeployer"] },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-exampleorg1" } },
      },
    ]);
    expect(Object.keys(bootstrap.data?.aws_iam_role ?? {})).toEqual(["state_principal_terraformdeployer"]);
  });
});

describe("the address policy", () => {
  test("no stack has an address with a hash suffix", () => {
    const addresses = Object.values(stacks).flatMap((json) =>
      Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`)),
    );
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.filter((a) => /[A-F0-9]{8}$/.test(a) || /[^a-z0-9_.]/.test(a))).toEqual([]);
  });

  test("a clash of two construct paths fails synth naming both", () => {
    const stack = new (class extends BaseStack {})(Testing.app(), "clash");
    new S3Bucket(new Construct(stack, "logs"), "archive", { bucket: "a" });
    new S3Bucket(stack, "logs_archive", { bucket: "b" });
    expect(() => Testing.synth(stack)).toThrow(
      'Terraform name "logs_archive" of clash/logs_archive is already used by clash/logs/archive',
    );
  });
});

describe("whole-app validation", () => {
  test("reports every construct's validation message with its path", () => {
    const { app: invalid } = synthApp();
    const stack = invalid.node.findChild("dev-us-east-1") as BaseStack;
    stack.node.addValidation({ validate: () => ["first problem", "second problem"] });
    expect(validateApp(invalid)).toEqual([
      { path: "dev-us-east-1", message: "first problem" },
      { path: "dev-us-east-1", message: "second problem" },
    ]);
  });

  test("cdktf itself refuses a stack cycle when the dependency is added", () => {
    const { app: cyclic } = synthApp();
    const [a, b] = ["dev-us-east-1", "staging-us-east-1"].map((id) => cyclic.node.findChild(id) as BaseStack);
    a.addDependency(b);
    expect(() => b.addDependency(a)).toThrow(/circular dependency/);
  });
});
