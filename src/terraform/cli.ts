import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Where the offline provider mirror lives on the build machines; `TF_PROVIDER_MIRROR=""` turns it off. */
export const DEFAULT_PROVIDER_MIRROR = "/opt/tf-plugins";

/**
 * A Terraform CLI config for the suite: providers from the filesystem mirror when one is
 * there (else the registry), and one shared plugin cache so each `init` links the provider.
 */
export function writeCliConfig(dir: string): string {
  const mirror = process.env.TF_PROVIDER_MIRROR ?? DEFAULT_PROVIDER_MIRROR;
  const cache = process.env.TF_PLUGIN_CACHE_DIR ?? join(tmpdir(), "aws-org-cdktf-plugin-cache");
  mkdirSync(cache, { recursive: true });
  const installation =
    mirror !== "" && existsSync(mirror)
      ? `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirror)}
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
`
      : "";
  const file = join(dir, "terraform-cli.rc");
  // Every AWS stack folder carries the project's lock file, so each init links from the cache
  // instead of installing again (parallel inits that rewrite one cache would race).
  writeFileSync(file, `${installation}plugin_cache_dir = ${JSON.stringify(cache)}\n`);
  return file;
}

/** `terraform version`, or a clear error when it is not on PATH. */
export async function terraformVersion(): Promise<string> {
  try {
    const { stdout } = await run("terraform", ["version", "-json"]);
    return (JSON.parse(stdout) as { terraform_version: string }).terraform_version;
  } catch {
    throw new Error(
      "terraform is not on PATH: install the version in .terraform-version, or set SKIP_TERRAFORM=1 to skip the Terraform suite",
    );
  }
}

export interface TerraformResult {
  readonly ok: boolean;
  /** The step that failed, with Terraform's output; empty when every step passed. */
  readonly log: string;
  /** The outputs of the mocked apply, by name (only `verifyStack` fills them). */
  readonly outputs?: Readonly<Record<string, unknown>>;
}

const INIT = ["init", "-backend=false", "-input=false", "-no-color"];

/** The provider lock file synthesis writes into every AWS stack folder. */
const LOCK_FILE = ".terraform.lock.hcl";

/**
 * In one synthesized stack folder: `init -backend=false`, `validate`, and `terraform test` of
 * the mocked plan. Then the mocked apply, in a copy whose only change is `prevent_destroy`
 * lifted: `terraform test` destroys what it applied when it tears down (Terraform 1.11 has no
 * `skip_cleanup`), which `prevent_destroy` refuses. Module tests assert the real flag. The
 * result carries the apply's outputs, for the stacks that read them.
 */
export async function verifyStack(
  dir: string,
  cliConfig: string,
  testFiles: { plan: string; apply: string },
): Promise<TerraformResult> {
  writeFileSync(join(dir, "mock.tftest.hcl"), testFiles.plan);
  const applyDir = `${dir}.mocked-apply`;
  mkdirSync(applyDir, { recursive: true });
  const config = readFileSync(join(dir, "cdk.tf.json"), "utf8");
  writeFileSync(join(applyDir, "cdk.tf.json"), config.replace(/"prevent_destroy": true/g, '"prevent_destroy": false'));
  cpSync(join(dir, LOCK_FILE), join(applyDir, LOCK_FILE));
  writeFileSync(join(applyDir, "mock.tftest.hcl"), testFiles.apply);
  const plan = await runSteps(dir, cliConfig, [INIT, ["validate", "-no-color"], ["test", "-no-color"]]);
  if (!plan.ok) return plan;
  const apply = await runSteps(applyDir, cliConfig, [INIT, ["test", "-no-color", "-verbose", "-json"]]);
  if (!apply.ok) return { ok: false, log: readableTestLog(apply.log) };
  return { ok: true, log: "", outputs: appliedOutputs(apply.stdout ?? "") };
}

/**
 * The outputs of the state `terraform test -verbose -json` prints after its last run; each state
 * line also carries the provider schemas (megabytes), so only the outputs are kept.
 */
export function appliedOutputs(jsonLines: string): Record<string, unknown> {
  const states = jsonLines.split("\n").filter((line) => line.includes('"type":"test_state"'));
  if (states.length === 0) return {};
  const { test_state: state } = JSON.parse(states[states.length - 1]) as {
    test_state: { outputs?: Record<string, { value: unknown }> };
  };
  return Object.fromEntries(Object.entries(state.outputs ?? {}).map(([name, output]) => [name, output.value]));
}

/** A failed `terraform test -json` run as text: each message, with the diagnostics' detail. */
function readableTestLog(log: string): string {
  return log
    .split("\n")
    .map((line) => {
      if (!line.startsWith("{")) return line;
      const entry = JSON.parse(line) as { "@message"?: string; diagnostic?: { detail?: string } };
      if (entry["@message"]?.includes("printing state")) return "";
      return [entry["@message"], entry.diagnostic?.detail].filter(Boolean).join("\n  ");
    })
    .filter((line) => line !== "")
    .join("\n");
}

/** `init -backend=false` and `validate` in one stack folder (the HCL output has no test file). */
export async function validateStack(dir: string, cliConfig: string): Promise<TerraformResult> {
  return runSteps(dir, cliConfig, [INIT, ["validate", "-no-color"]]);
}

/**
 * The mocked plan of one synthesized stack folder as `terraform test -verbose` prints it
 * ("# aws_vpc.vpc will be imported", "Plan: 4 to import, 120 to add, …"), and whether it passed.
 */
export async function mockedPlan(
  dir: string,
  cliConfig: string,
  testFile: string,
): Promise<{ ok: boolean; output: string }> {
  writeFileSync(join(dir, "mock.tftest.hcl"), testFile);
  const result = await runSteps(dir, cliConfig, [INIT, ["test", "-verbose", "-no-color"]]);
  return { ok: result.ok, output: result.ok ? (result.stdout ?? "") : result.log };
}

/** The output of a mocked plan that must pass; a failed one throws with Terraform's output. */
export async function mockedPlanOutput(dir: string, cliConfig: string, testFile: string): Promise<string> {
  const plan = await mockedPlan(dir, cliConfig, testFile);
  if (!plan.ok) throw new Error(plan.output);
  return plan.output;
}

function terraformEnv(cliConfig: string): NodeJS.ProcessEnv {
  return { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
}

/** Runs the steps in order, stopping at the first that fails; the last step's stdout on success. */
async function runSteps(
  dir: string,
  cliConfig: string,
  steps: string[][],
): Promise<{ ok: boolean; log: string; stdout?: string }> {
  const env = terraformEnv(cliConfig);
  let stdout = "";
  for (const args of steps) {
    try {
      // A verbose JSON test prints the provider schemas with every state: allow for them.
      ({ stdout } = await run("terraform", args, { cwd: dir, env, maxBuffer: 1024 * 1024 * 1024 }));
    } catch (error) {
      const { stdout: out = "", stderr = "" } = error as { stdout?: string; stderr?: string };
      return { ok: false, log: `terraform ${args[0]} failed in ${dir}:\n${stderr}\n${out}` };
    }
  }
  return { ok: true, log: "", stdout };
}

/** Runs tasks with at most `limit` at once, keeping their order in the result. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
