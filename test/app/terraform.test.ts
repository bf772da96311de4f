/**
 * Terraform itself, for every synthesized stack: init (offline, from the provider mirror),
 * validate, and `terraform test` running a plan and an apply against a mocked AWS.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import type { OrganizationInput } from "../../src/config/schema";
import { mockTestFile } from "../helpers/mock-test-file";
import { buildApp, stacksOf } from "../../src/app";
import { organization, synthApp } from "../helpers/synth";
import {
  inParallel,
  terraformSkipped,
  terraformVersion,
  validateStack,
  verifyStack,
  writeCliConfig,
  type TerraformResult,
} from "../helpers/terraform";

const exampleInput = parse(readFileSync(join(__dirname, "../../examples/org.yaml"), "utf8")) as OrganizationInput;

const organizations = {
  default: organization(),
  "examples/org.yaml": organization(exampleInput),
};

/** Stacks whose providers cannot be installed here; checked by jest only, and said so. */
const JEST_ONLY = /-k8s$/;

const describeTerraform = terraformSkipped() ? describe.skip : describe;
if (terraformSkipped()) {
  process.stderr.write("SKIP_TERRAFORM=1: the Terraform suite (validate + mocked plan) was skipped on purpose\n");
}

describeTerraform.each(Object.entries(organizations))("terraform on the %s organization", (_, org) => {
  const { app, stacks } = synthApp(org);
  const outdir = app.outdir;
  app.synth();
  const verified = stacks.filter((s) => !JEST_ONLY.test(s.node.id)).map((s) => s.node.id);
  const jestOnly = stacks.filter((s) => JEST_ONLY.test(s.node.id)).map((s) => s.node.id);
  const results = new Map<string, TerraformResult>();

  beforeAll(
    async () => {
      const version = await terraformVersion();
      const expected = readFileSync(join(__dirname, "../../.terraform-version"), "utf8").trim();
      if (version !== expected) process.stderr.write(`terraform ${version} on PATH; the project pins ${expected}\n`);
      const cliConfig = writeCliConfig(mkdtempSync(join(tmpdir(), "tf-cli-")));
      const verify = async (id: string): Promise<void> => {
        const stack = stacks.find((s) => s.node.id === id)!;
        const dir = join(outdir, "stacks", id);
        const json = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as Record<string, never>;
        const testFiles = { plan: mockTestFile(stack, json, "plan"), apply: mockTestFile(stack, json, "apply") };
        results.set(id, await verifyStack(dir, cliConfig, testFiles));
      };
      // The first init fills the shared plugin cache, which concurrent inits would race to create.
      await verify(verified[0]);
      await inParallel(verified.slice(1), 2, verify);
      if (jestOnly.length > 0) {
        process.stderr.write(`jest-only (providers not installable here): ${jestOnly.join(", ")}\n`);
      }
    },
    15 * 60 * 1000,
  );

  test.each(verified)("%s: terraform validate and the mocked plan and apply pass", (id) => {
    const result = results.get(id);
    expect(result?.log).toBe("");
    expect(result?.ok).toBe(true);
  });
});

describeTerraform("terraform validate on the HCL output (npm run synth:hcl) of the default organization", () => {
  const outdir = mkdtempSync(join(tmpdir(), "synth-hcl-"));
  // What `cdktf synth --hcl` sets; cdktf's stacks read it when they are constructed.
  process.env.SYNTH_HCL_OUTPUT = "true";
  const app = buildApp(organization(), { outdir });
  delete process.env.SYNTH_HCL_OUTPUT;
  app.synth();
  const verified = stacksOf(app)
    .map((s) => s.node.id)
    .filter((id) => !JEST_ONLY.test(id));
  const results = new Map<string, TerraformResult>();

  beforeAll(
    async () => {
      const cliConfig = writeCliConfig(mkdtempSync(join(tmpdir(), "tf-cli-")));
      await inParallel(verified, 2, async (id) => {
        results.set(id, await validateStack(join(outdir, "stacks", id), cliConfig));
      });
    },
    10 * 60 * 1000,
  );

  test.each(verified)("%s: cdk.tf is valid Terraform", (id) => {
    expect(readFileSync(join(outdir, "stacks", id, "cdk.tf"), "utf8")).toMatch(/^terraform \{/);
    expect(results.get(id)?.log).toBe("");
  });
});
