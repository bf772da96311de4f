import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp, stacksOf, validateApp } from "../src/app";
import { ConfigError, formatIssues } from "../src/config/issues";
import { DEFAULT_SOURCE, loadOrganization } from "../src/config/load";
import { mockedPlan, writeCliConfig } from "../src/terraform/cli";
import { mockTestFile, type SynthesizedStack } from "../src/terraform/mock-test-file";

/** What a mocked plan prints of each resource, and its summary line. */
const PLAN_LINES = /^\s*# \S+ (will be|must be|has moved)|^\s*Plan: |^\s*No changes\./;

/**
 * `npm run mock-plan -- <stack>`: synthesizes the organization into a scratch folder and runs the
 * stack's plan against a mocked AWS (`terraform test` with `mock_provider`), as the test suite does,
 * printing each planned action and the summary. Cross-stack reads get placeholders shaped by the
 * output's name. Nothing is written to cdktf.out, and no credentials or network are needed.
 */
async function main(): Promise<number> {
  const id = process.argv[2];
  const source = process.env.ORG_CONFIG?.trim() || DEFAULT_SOURCE;
  const scratch = mkdtempSync(join(tmpdir(), "mock-plan-"));
  try {
    const app = buildApp(loadOrganization(), { outdir: join(scratch, "out") });
    const issues = validateApp(app);
    if (issues.length > 0) throw new ConfigError(source, issues);
    const stacks = stacksOf(app);
    const stack = stacks.find((s) => s.node.id === id);
    if (stack === undefined) {
      process.stderr.write(
        `usage: npm run mock-plan -- <stack>\n${id === undefined ? "no stack given" : `no stack "${id}"`}; ` +
          `the stacks: ${stacks.map((s) => s.node.id).join(", ")}\n`,
      );
      return 2;
    }
    if (id.endsWith("-k8s")) {
      process.stderr.write(`${id} uses the Helm provider, which cannot be installed offline; jest checks it\n`);
      return 2;
    }
    app.synth();
    const dir = join(scratch, "stack");
    cpSync(join(scratch, "out", "stacks", id), dir, { recursive: true });
    const json = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as SynthesizedStack;
    const plan = await mockedPlan(dir, writeCliConfig(scratch), mockTestFile(stack, json, "plan"));
    if (!plan.ok) {
      process.stderr.write(`The mocked plan of ${id} failed:\n${plan.output}\n`);
      return 1;
    }
    const output = plan.output;
    const lines = output.split("\n").filter((line) => PLAN_LINES.test(line));
    process.stdout.write(`Mocked plan of ${id} (${source}):\n${lines.map((line) => line.trim()).join("\n")}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Invalid organization (${error.source}):\n${formatIssues(error.issues)}\n`);
      return 1;
    }
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

void main().then((code) => {
  process.exitCode = code;
});
