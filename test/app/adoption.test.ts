import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp, stacksOf, validateApp } from "../../src/app";
import type { OrganizationInput } from "../../src/config/schema";
import { issuesOf } from "../helpers/issues";
import { mockTestFile, type SynthesizedStack } from "../../src/terraform/mock-test-file";
import { defaultInput, organization, synthApp, type StackJson } from "../helpers/synth";
import { mockedPlanOutput, terraformVersion, writeCliConfig } from "../../src/terraform/cli";
import { terraformSkipped } from "../helpers/terraform";

/** Existing resources of prod-us-east-1 and the state backend, by the addresses the manifest gives them. */
const PROD_ADOPTED = {
  "aws_vpc.vpc": "vpc-0a1b2c3d4e5f67890",
  "aws_subnet.vpc_public_a": "subnet-0a1b2c3d4e5f67890",
  "aws_subnet.vpc_database_a": "subnet-0a1b2c3d4e5f67891",
  "aws_kms_key.postgres_key": "1234abcd-12ab-34cd-56ef-1234567890ab",
  "aws_db_instance.postgres": "acme-prod-us-east-1-postgres",
  "aws_dynamodb_table.registry": "acme-organization-registry",
};
const STATE_ADOPTED = {
  "aws_s3_bucket.state_bucket": "acme-terraform-state-111111111111",
  "aws_dynamodb_table.state_lock_table": "acme-terraform-locks",
};

function adoptingInput(): OrganizationInput {
  const input = defaultInput();
  input.accounts.prod.regions["us-east-1"].adopt = { ...PROD_ADOPTED };
  if (input.backend.type === "s3")
    Object.assign(input.backend, { lockTable: "acme-terraform-locks", adopt: { ...STATE_ADOPTED } });
  return input;
}

const importsOf = (stack: StackJson) => (stack.import ?? []) as { to: string; id: string }[];

describe("adoption config", () => {
  test("ids are checked for their resource type's format, with the field path", () => {
    const issues = issuesOf((org) => {
      org.accounts.prod.regions["us-east-1"].adopt = {
        "aws_vpc.vpc": "vpc-123",
        "aws_subnet.vpc_public_a": "sg-0a1b2c3d",
        "aws_iam_role.rds_monitoring": "acme-rds-monitoring",
      };
    });
    expect(issues).toEqual([
      {
        path: "accounts.prod.regions.us-east-1.adopt.aws_vpc.vpc",
        message: '"vpc-123" is not an id of aws_vpc (vpc-0a1b2c3d4e5f67890)',
      },
      {
        path: "accounts.prod.regions.us-east-1.adopt.aws_subnet.vpc_public_a",
        message: '"sg-0a1b2c3d" is not an id of aws_subnet (subnet-0a1b2c3d4e5f67890)',
      },
      {
        path: "accounts.prod.regions.us-east-1.adopt.aws_iam_role.rds_monitoring",
        message:
          "aws_iam_role cannot be adopted here (aws_vpc, aws_subnet, aws_kms_key, aws_kms_alias, aws_db_instance, aws_dynamodb_table, aws_s3_bucket can)",
      },
    ]);
  });

  test("an address the stack does not have is an error naming the field", () => {
    const input = defaultInput();
    input.accounts.dev.regions["us-east-1"].adopt = { "aws_vpc.main": "vpc-0a1b2c3d4e5f67890" };
    const app = buildApp(organization(input), { outdir: mkdtempSync(join(tmpdir(), "adopt-")) });
    expect(validateApp(app)).toEqual([
      {
        path: "dev-us-east-1",
        message:
          "accounts.dev.regions.us-east-1.adopt.aws_vpc.main: dev-us-east-1 has no aws_vpc.main; its README and the address manifest list its addresses",
      },
    ]);
  });

  test("each entry becomes exactly one import block, on the named address, in its own stack", () => {
    const { json } = synthApp(organization(adoptingInput()));
    expect(importsOf(json["prod-us-east-1"]).map((i) => [i.to, i.id])).toEqual(
      expect.arrayContaining(Object.entries(PROD_ADOPTED)),
    );
    const prodImports = importsOf(json["prod-us-east-1"]).map((i) => i.to);
    expect(prodImports.filter((to) => !to.startsWith("aws_iam_role.baseline_deploy_role")).sort()).toEqual(
      Object.keys(PROD_ADOPTED).sort(),
    );
    expect(importsOf(json.bootstrap).map((i) => [i.to, i.id])).toEqual(Object.entries(STATE_ADOPTED));
    expect(importsOf(json["prod-ca-central-1"])).toEqual([]);
  });
});

const describeTerraform = terraformSkipped() ? describe.skip : describe;

describeTerraform("the mocked plan of an adopting stack", () => {
  const outdir = mkdtempSync(join(tmpdir(), "adopt-plan-"));
  const app = buildApp(organization(adoptingInput()), { outdir });
  app.synth();
  const plans = new Map<string, string>();

  beforeAll(async () => {
    await terraformVersion();
    const cliConfig = writeCliConfig(outdir);
    for (const stack of stacksOf(app).filter((s) => ["bootstrap", "prod-us-east-1"].includes(s.node.id))) {
      const dir = join(outdir, "stacks", stack.node.id);
      const json = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as SynthesizedStack;
      plans.set(stack.node.id, await mockedPlanOutput(dir, cliConfig, mockTestFile(stack, json, "plan")));
    }
  }, 300_000);

  test.each([
    ["prod-us-east-1", PROD_ADOPTED],
    ["bootstrap", STATE_ADOPTED],
  ])("%s imports exactly the adopted resources and creates or replaces none of them", (id, adopted) => {
    const plan = plans.get(id)!;
    const imported = [...plan.matchAll(/# (\S+) will be imported/g)].map((m) => m[1]);
    const extra = id === "prod-us-east-1" ? ["aws_iam_role.baseline_deploy_role"] : [];
    expect(imported.sort()).toEqual([...Object.keys(adopted), ...extra].sort());
    for (const address of Object.keys(adopted)) {
      expect(plan).not.toContain(`# ${address} will be created`);
      expect(plan).not.toContain(`# ${address} must be replaced`);
    }
    expect(plan).toMatch(new RegExp(`Plan: ${imported.length} to import, \\d+ to add, 0 to change, 0 to destroy`));
  });
});
