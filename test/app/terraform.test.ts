/**
 * Terraform itself, for every synthesized stack: init (offline, from the provider mirror),
 * validate, and `terraform test` running a plan and an apply against a mocked AWS. A deploy
 * rehearsal: stacks run in deploy-wave order, and each stack's `terraform_remote_state` reads
 * get what its producers' mocked applies output, so a consumer that reads an output its producer
 * lacks, or gets a value of the wrong shape, fails here as it would on a real first deploy.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp, stacksOf } from "../../src/app";
import { terraformName } from "../../src/naming";
import { deployWaves } from "../../src/operators";
import {
  inParallel,
  mockedPlan,
  terraformVersion,
  validateStack,
  verifyStack,
  writeCliConfig,
  type TerraformResult,
} from "../../src/terraform/cli";
import { mockTestFile, remoteStateReads, type SynthesizedStack } from "../../src/terraform/mock-test-file";
import { allOrganizations } from "../helpers/examples";
import { organization, synthApp } from "../helpers/synth";
import { terraformSkipped } from "../helpers/terraform";

// The default organization and every example in examples/: each capability's example runs here.
const organizations = allOrganizations();

/** Stacks whose providers cannot be installed here; checked by jest only, and said so. */
const JEST_ONLY = /-k8s$/;

const describeTerraform = terraformSkipped() ? describe.skip : describe;
if (terraformSkipped()) {
  process.stderr.write("SKIP_TERRAFORM=1: the Terraform suite (validate + mocked plan) was skipped on purpose\n");
}

describeTerraform.each(organizations)("the deploy rehearsal of the %s organization", (_, org) => {
  const { app, stacks } = synthApp(org);
  const outdir = app.outdir;
  app.synth();
  const ids = stacks.map((s) => s.node.id);
  const verified = ids.filter((id) => !JEST_ONLY.test(id));
  const jestOnly = ids.filter((id) => JEST_ONLY.test(id));
  const results = new Map<string, TerraformResult>();
  const jsonOf = (id: string) =>
    JSON.parse(readFileSync(join(outdir, "stacks", id, "cdk.tf.json"), "utf8")) as SynthesizedStack;
  // cdktf names a consumer's remote state of stack `x` `cross_stack_reference_input_<x in snake_case>`.
  const producerOf = new Map(ids.map((id) => [`cross_stack_reference_input_${terraformName([id])}`, id]));
  const remoteOutputs = (dataSource: string) => results.get(producerOf.get(dataSource) ?? "")?.outputs;

  beforeAll(
    async () => {
      const version = await terraformVersion();
      const expected = readFileSync(join(__dirname, "../../.terraform-version"), "utf8").trim();
      if (version !== expected) process.stderr.write(`terraform ${version} on PATH; the project pins ${expected}\n`);
      const cliConfig = writeCliConfig(mkdtempSync(join(tmpdir(), "tf-cli-")));
      const verify = async (id: string): Promise<void> => {
        const stack = stacks.find((s) => s.node.id === id)!;
        const dir = join(outdir, "stacks", id);
        try {
          const json = jsonOf(id);
          const options = { remoteOutputs };
          const testFiles = {
            plan: mockTestFile(stack, json, "plan", options),
            apply: mockTestFile(stack, json, "apply", options),
          };
          results.set(id, await verifyStack(dir, cliConfig, testFiles));
        } catch (error) {
          results.set(id, { ok: false, log: `${id}: ${(error as Error).message}` });
        }
      };
      // In deploy waves, so every producer has applied before its consumers plan.
      for (const wave of deployWaves(outdir)) {
        await inParallel(
          wave.filter((id) => verified.includes(id)),
          2,
          verify,
        );
      }
      if (jestOnly.length > 0) {
        process.stderr.write(`jest-only (providers not installable here): ${jestOnly.join(", ")}\n`);
      }
    },
    20 * 60 * 1000,
  );

  test.each(verified)("%s: terraform validate, and the mocked plan and apply on its producers' outputs", (id) => {
    const result = results.get(id);
    expect(result?.log).toBe("");
    expect(result?.ok).toBe(true);
  });

  test("every output a jest-only stack reads exists in its producer's applied outputs", () => {
    for (const id of jestOnly) {
      for (const [dataSource, outputs] of Object.entries(remoteStateReads(jsonOf(id)))) {
        const produced = remoteOutputs(dataSource) ?? {};
        expect([id, dataSource, outputs.filter((output) => !(output in produced))]).toEqual([id, dataSource, []]);
      }
    }
  });
});

describeTerraform("checks a real plan makes before anything is created", () => {
  const { app, stacks } = synthApp(organization());
  app.synth();
  const id = "prod-ca-central-1";
  const dir = join(app.outdir, "stacks", id);
  const json = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as SynthesizedStack;
  const stack = stacks.find((s) => s.node.id === id)!;

  test(
    "a zone the account is not offered fails the plan, naming the zone",
    async () => {
      const cliConfig = writeCliConfig(mkdtempSync(join(tmpdir(), "tf-cli-")));
      const plan = await mockedPlan(
        dir,
        cliConfig,
        mockTestFile(stack, json, "plan", { offeredZoneIds: ["cac1-az1", "cac1-az2"] }),
      );
      expect(plan.ok).toBe(false);
      expect(plan.output.replace(/\s+/g, " ")).toContain(
        "AZ IDs cac1-az4 are not offered to this account in ca-central-1 (it has cac1-az1, cac1-az2)",
      );
    },
    5 * 60 * 1000,
  );
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
