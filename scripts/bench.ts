/**
 * The synthesis benchmark: the default organization and generated ones of growing size, each in a
 * fresh `node -r ./scripts/require-ts.js main.ts` (the app from its sources, as `cdktf synth` runs it,
 * transpile cache warm) under `/usr/bin/time -v`
 * for wall time and peak RSS; `npm run synth` end to end; and Terraform (init, validate, the mocked
 * `terraform test` plan) on a sample of stacks. Prints a markdown report and writes BENCHMARKS.md.
 *
 *   npm run bench                                   # everything, as documented in BENCHMARKS.md
 *   npm run bench -- --sizes=10,30 --tf-sample=2 --no-synth-cli --no-write
 *
 * Timings are only comparable on a quiet machine.
 */
import { execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { TerraformStack } from "cdktf";
import * as prettier from "prettier";
import { buildApp, stacksOf } from "../src/app";
import { generateOrganization, GOVERNANCE_STACKS } from "../src/config/generate";
import { validateOrganization } from "../src/config/load";
import { ORGANIZATION_STACK_ID } from "../src/naming";
import { mockTestFile, type SynthesizedStack } from "../src/terraform/mock-test-file";
import { terraformVersion, writeCliConfig } from "../src/terraform/cli";

const run = promisify(execFile);
const ROOT = join(__dirname, "..");
const TIME = "/usr/bin/time";

/** The issue's targets on the 2-core build machine. */
const TARGETS = {
  defaultApp: { wallS: 2, rssMb: 400 },
  synthCli: { wallS: 8 },
  largest: { stacks: 300, wallS: 45, rssMb: 2560 },
} as const;

interface Options {
  readonly sizes: number[];
  /** How many sample stacks go through Terraform; 0 skips it. */
  readonly tfSample: number;
  readonly synthCli: boolean;
  readonly write: boolean;
  readonly keep: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];
  const flag = (name: string) => argv.includes(`--${name}`);
  const unknown = argv.filter((arg) => !/^--(sizes|tf-sample)=|^--(no-synth-cli|no-write|keep)$/.test(arg));
  if (unknown.length > 0) throw new Error(`unknown argument(s): ${unknown.join(" ")}`);
  const sizes = (value("sizes") ?? "10,30,100,300").split(",").map(Number);
  if (sizes.some((size) => !Number.isInteger(size))) throw new Error("--sizes takes whole numbers: --sizes=10,30");
  return {
    sizes,
    tfSample: Number(value("tf-sample") ?? SAMPLE.length),
    synthCli: !flag("no-synth-cli"),
    write: !flag("no-write"),
    keep: flag("keep"),
  };
}

interface Measured {
  readonly wallS: number;
  /** Peak resident set size of the largest process, in MB; undefined without /usr/bin/time. */
  readonly rssMb?: number;
}

/** Runs a command under `/usr/bin/time -v` (when there), failing with its output if it fails. */
async function measure(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Measured> {
  const timed = existsSync(TIME);
  const started = process.hrtime.bigint();
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(timed ? TIME : command, timed ? ["-v", command, ...args] : args, {
      cwd: ROOT,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", reject);
    child.on("close", (exit) => resolve({ code: exit, stderr: err }));
  });
  const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${code}:\n${stderr.slice(-4000)}`);
  if (!timed) return { wallS: elapsedS };
  const rssKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(stderr)?.[1];
  const seconds = wall?.split(":").reduce((total, part) => total * 60 + Number(part), 0);
  return { wallS: seconds ?? elapsedS, rssMb: rssKb === undefined ? undefined : Number(rssKb) / 1024 };
}

interface SynthCase {
  readonly name: string;
  /** Account-region stacks the generator was asked for; undefined for the default organization. */
  readonly size?: number;
  readonly accountRegionStacks: number;
  readonly k8sStacks: number;
  readonly totalStacks: number;
  readonly resources: number;
  /** Size of all cdk.tf.json files, MB. */
  readonly jsonMb: number;
  readonly measured: Measured;
  readonly outdir: string;
}

/** Counts stacks by kind and resources (`resource.<type>.<name>`) in a synthesized output folder. */
function countOutput(outdir: string): Omit<SynthCase, "name" | "size" | "measured" | "outdir"> {
  const stacks = readdirSync(join(outdir, "stacks"));
  let resources = 0;
  let bytes = 0;
  for (const stack of stacks) {
    const text = readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8");
    bytes += text.length;
    const json = JSON.parse(text) as { resource?: Record<string, Record<string, unknown>> };
    for (const byName of Object.values(json.resource ?? {})) resources += Object.keys(byName).length;
  }
  const k8sStacks = stacks.filter((stack) => stack.endsWith("-k8s")).length;
  // The bootstrap and organization stacks belong to no account-region.
  const organizationWide = stacks.filter((stack) => stack === "bootstrap" || stack === ORGANIZATION_STACK_ID).length;
  return {
    accountRegionStacks: stacks.length - k8sStacks - organizationWide,
    k8sStacks,
    totalStacks: stacks.length,
    resources,
    jsonMb: bytes / 1024 / 1024,
  };
}

/** One fresh process of the app, as `cdktf synth` starts it (cdktf.json `app`). */
async function synthCase(work: string, name: string, size?: number): Promise<SynthCase> {
  const outdir = join(work, `out-${name}`);
  const env: NodeJS.ProcessEnv = { CDKTF_OUTDIR: outdir, ORG_CONFIG: "" };
  if (size !== undefined) {
    env.ORG_CONFIG = join(work, `org-${size}.json`);
    writeFileSync(env.ORG_CONFIG, JSON.stringify(generateOrganization(size), null, 2));
  }
  process.stderr.write(`synthesizing ${name}... `);
  const measured = await measure(
    process.execPath,
    ["-r", join(ROOT, "scripts/require-ts.js"), join(ROOT, "main.ts")],
    env,
  );
  const counted = countOutput(outdir);
  process.stderr.write(`${measured.wallS.toFixed(1)} s, ${counted.totalStacks} stacks\n`);
  if (size !== undefined && counted.accountRegionStacks !== size) {
    throw new Error(`asked for ${size} account-region stacks, the app wrote ${counted.accountRegionStacks}`);
  }
  return { name, size, ...counted, measured, outdir };
}

/** Least squares y = intercept + slope·x, with R². */
function fitLine(points: readonly [number, number][]): { slope: number; intercept: number; r2: number } {
  const n = points.length;
  const mean = (f: (p: [number, number]) => number) => points.reduce((sum, p) => sum + f(p), 0) / n;
  const mx = mean(([x]) => x);
  const my = mean(([, y]) => y);
  const sxx = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  const sxy = points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0);
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const ssRes = points.reduce((sum, [x, y]) => sum + (y - intercept - slope * x) ** 2, 0);
  const ssTot = points.reduce((sum, [, y]) => sum + (y - my) ** 2, 0);
  return { slope, intercept, r2: ssTot === 0 ? 1 : 1 - ssRes / ssTot };
}

/**
 * Stacks of the smallest generated organization that cover every stack kind Terraform can check
 * here (the -k8s stacks need the Helm and Kubernetes providers, which the mirror lacks).
 */
const SAMPLE = [
  "bootstrap",
  "management-us-east-1",
  "security-us-east-1",
  "app-001-us-east-1", // registry owner, disaster-recovery target
  "app-001-ca-central-1", // link owner, DMS from us-east-1 (cross-stack remote state)
  "app-001-us-west-2", // disaster-recovery replicas into us-east-1
];

interface TerraformTiming {
  readonly stack: string;
  readonly resources: number;
  readonly initS: number;
  readonly validateS: number;
  readonly planS: number;
}

/** init -backend=false, validate and the mocked `terraform test` plan of each sample stack, one at a time. */
async function terraformSample(work: string, synthesized: SynthCase, count: number): Promise<TerraformTiming[]> {
  const org = validateOrganization(generateOrganization(synthesized.size!), `generated(${synthesized.size})`);
  // The stack objects, for the mocked resource types of each test file (nothing is synthesized here).
  const stacks = new Map<string, TerraformStack>(
    stacksOf(buildApp(org, { outdir: join(work, "unused") })).map((stack) => [stack.node.id, stack]),
  );
  const cliConfig = writeCliConfig(work);
  const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
  const step = async (dir: string, args: string[]): Promise<number> => {
    const started = process.hrtime.bigint();
    try {
      await run("terraform", [...args, "-no-color"], { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
      throw new Error(`terraform ${args[0]} failed in ${dir}:\n${stderr}\n${stdout}`, { cause: error });
    }
    return Number(process.hrtime.bigint() - started) / 1e9;
  };
  const timings: TerraformTiming[] = [];
  for (const id of SAMPLE.slice(0, count)) {
    const stack = stacks.get(id);
    if (stack === undefined) throw new Error(`sample stack ${id} is not in the ${synthesized.name} organization`);
    const dir = join(work, "terraform", id);
    mkdirSync(dir, { recursive: true });
    cpSync(join(synthesized.outdir, "stacks", id, "cdk.tf.json"), join(dir, "cdk.tf.json"));
    const json = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as SynthesizedStack;
    writeFileSync(join(dir, "mock.tftest.hcl"), mockTestFile(stack, json, "plan"));
    process.stderr.write(`terraform on ${id}... `);
    const initS = await step(dir, ["init", "-backend=false", "-input=false"]);
    const validateS = await step(dir, ["validate"]);
    const planS = await step(dir, ["test"]);
    process.stderr.write(`${(initS + validateS + planS).toFixed(1)} s\n`);
    const resources = Object.values(json.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
    timings.push({ stack: id, resources, initS, validateS, planS });
  }
  return timings;
}

const seconds = (s: number) => `${s.toFixed(2)} s`;
const megabytes = (mb: number | undefined) => (mb === undefined ? "-" : `${Math.round(mb)} MB`);
const verdict = (met: boolean) => (met ? "met" : "**missed**");

interface Machine {
  readonly date: string;
  readonly cpus: string;
  readonly memoryGb: number;
  readonly node: string;
  readonly terraform: string;
  readonly loadBefore: number[];
  readonly loadAfter: number[];
}

function report(
  machine: Machine,
  cases: SynthCase[],
  synthCli: Measured | string | undefined,
  tf: TerraformTiming[],
  tfOrg = "",
): string {
  const generated = cases.filter((c) => c.size !== undefined);
  const fit =
    generated.length >= 2 ? fitLine(generated.map((c) => [c.accountRegionStacks, c.measured.wallS])) : undefined;
  const rssFit =
    generated.every((c) => c.measured.rssMb !== undefined) && generated.length >= 2
      ? fitLine(generated.map((c) => [c.accountRegionStacks, c.measured.rssMb!]))
      : undefined;
  const lines = [
    `Measured ${machine.date} on ${machine.cpus}, ${machine.memoryGb.toFixed(1)} GB memory, Node.js ${machine.node}, ` +
      `Terraform ${machine.terraform}. Load average (1, 5, 15 min) before: ${machine.loadBefore.map((l) => l.toFixed(2)).join(", ")}; ` +
      `after: ${machine.loadAfter.map((l) => l.toFixed(2)).join(", ")}.`,
    "",
    ...(machine.loadBefore[0] > 0.5
      ? [
          `**Noisy:** the machine was busy before the run (1-minute load average ${machine.loadBefore[0].toFixed(2)} ` +
            `on ${availableParallelism()} CPUs); rerun on a quiet machine before comparing with the targets.`,
          "",
        ]
      : []),
    "### `node -r ./scripts/require-ts.js main.ts` (the app, one fresh process per organization)",
    "",
    "| organization | account-region stacks | -k8s stacks | all stacks | resources | JSON | wall | peak RSS | ms per account-region stack |",
    "| --- | --: | --: | --: | --: | --: | --: | --: | --: |",
    ...cases.map(
      (c) =>
        `| ${c.name} | ${c.accountRegionStacks} | ${c.k8sStacks} | ${c.totalStacks} | ${c.resources} | ` +
        `${c.jsonMb.toFixed(1)} MB | ${seconds(c.measured.wallS)} | ${megabytes(c.measured.rssMb)} | ` +
        `${Math.round((c.measured.wallS * 1000) / c.accountRegionStacks)} |`,
    ),
    "",
  ];
  if (fit) {
    lines.push(
      `Least squares over the generated organizations: wall = ${fit.intercept.toFixed(2)} s + ` +
        `**${(fit.slope * 1000).toFixed(0)} ms per account-region stack** (R² ${fit.r2.toFixed(3)})` +
        (rssFit
          ? `; peak RSS = ${Math.round(rssFit.intercept)} MB + ${rssFit.slope.toFixed(2)} MB per stack (R² ${rssFit.r2.toFixed(3)}).`
          : "."),
      "",
    );
  }
  const targets: string[] = [];
  const byDefault = cases.find((c) => c.size === undefined);
  if (byDefault) {
    const { wallS, rssMb } = byDefault.measured;
    const { wallS: wallTarget, rssMb: rssTarget } = TARGETS.defaultApp;
    targets.push(
      `| default organization, app alone | ≤ ${wallTarget} s, ≤ ${rssTarget} MB | ${seconds(wallS)}, ${megabytes(rssMb)} | ` +
        `${verdict(wallS <= wallTarget && (rssMb ?? 0) <= rssTarget)} |`,
    );
  }
  if (typeof synthCli === "string") {
    targets.push(
      `| \`npm run synth\` end to end (default) | ≤ ${TARGETS.synthCli.wallS} s | failed: ${synthCli} | - |`,
    );
  } else if (synthCli) {
    targets.push(
      `| \`npm run synth\` end to end (default; incremental build + cdktf CLI) | ≤ ${TARGETS.synthCli.wallS} s | ` +
        `${seconds(synthCli.wallS)}, ${megabytes(synthCli.rssMb)} | ${verdict(synthCli.wallS <= TARGETS.synthCli.wallS)} |`,
    );
  }
  const largest = cases.find((c) => c.size === TARGETS.largest.stacks);
  if (largest) {
    const { wallS, rssMb } = largest.measured;
    targets.push(
      `| ${TARGETS.largest.stacks} account-region stacks | ≤ ${TARGETS.largest.wallS} s, ≤ ${TARGETS.largest.rssMb / 1024} GB, linear | ` +
        `${seconds(wallS)}, ${megabytes(rssMb)}${fit ? `, R² ${fit.r2.toFixed(3)}` : ""} | ` +
        `${verdict(wallS <= TARGETS.largest.wallS && (rssMb ?? 0) <= TARGETS.largest.rssMb)} |`,
    );
  }
  if (targets.length > 0) {
    lines.push("### Targets", "", "| what | target | measured | |", "| --- | --- | --- | --- |", ...targets, "");
  }
  if (tf.length > 0) {
    const total = (t: TerraformTiming) => t.initS + t.validateS + t.planS;
    lines.push(
      `### Terraform on sample stacks of ${tfOrg}, one at a time, shared plugin cache`,
      "",
      "| stack | resources | init -backend=false | validate | mocked `terraform test` plan | total |",
      "| --- | --: | --: | --: | --: | --: |",
      ...tf.map(
        (t) =>
          `| ${t.stack} | ${t.resources} | ${seconds(t.initS)} | ${seconds(t.validateS)} | ${seconds(t.planS)} | ${seconds(total(t))} |`,
      ),
      `| **mean** | | ${seconds(avg(tf.map((t) => t.initS)))} | ${seconds(avg(tf.map((t) => t.validateS)))} | ` +
        `${seconds(avg(tf.map((t) => t.planS)))} | ${seconds(avg(tf.map(total)))} |`,
      "",
    );
  }
  return lines.join("\n");
}

const avg = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  process.env.CHECKPOINT_DISABLE = "1"; // as the npm scripts set it: Terraform's version check calls home otherwise
  const machine = {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    cpus: `${availableParallelism()} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}`,
    memoryGb: totalmem() / 1024 ** 3,
    node: process.version,
    terraform: options.tfSample > 0 ? await terraformVersion() : "(not used)",
    loadBefore: loadavg(),
  };
  const work = mkdtempSync(join(tmpdir(), "aws-org-bench-"));
  try {
    const cases = [await synthCase(work, "default")];
    for (const size of options.sizes) cases.push(await synthCase(work, `generated(${size})`, size));
    let synthCli: Measured | string | undefined;
    if (options.synthCli) {
      process.stderr.write("npm run synth... ");
      try {
        synthCli = await measure("npm", ["run", "--silent", "synth", "--", "--output", join(work, "out-cli")], {});
        process.stderr.write(`${synthCli.wallS.toFixed(1)} s\n`);
      } catch (error) {
        // Reported in the table rather than fatal: the other measurements stand on their own.
        synthCli = (error as Error).message.split("\n")[0];
        process.stderr.write(`${(error as Error).message}\n`);
      }
    }
    let tf: TerraformTiming[] = [];
    const smallest = cases.filter((c) => c.size !== undefined).sort((a, b) => a.size! - b.size!)[0];
    if (options.tfSample > 0 && smallest !== undefined && smallest.size! >= GOVERNANCE_STACKS + 3) {
      tf = await terraformSample(work, smallest, options.tfSample);
    } else if (options.tfSample > 0) {
      process.stderr.write(`no Terraform sample: it needs a generated size of at least ${GOVERNANCE_STACKS + 3}\n`);
    }
    const file = join(ROOT, "BENCHMARKS.md");
    // Formatted as `prettier --check .` expects (aligned tables), for the terminal and the file alike.
    const format = async (markdown: string) =>
      prettier.format(markdown, { ...(await prettier.resolveConfig(file)), parser: "markdown" });
    const text = await format(report({ ...machine, loadAfter: loadavg() }, cases, synthCli, tf, smallest?.name));
    process.stdout.write(text);
    if (options.write) {
      const intro =
        "# Benchmarks\n\nWritten by `npm run bench` (scripts/bench.ts); rerun it to refresh. Organizations of any size " +
        `come from \`generateOrganization\` (src/config/generate.ts): every capability on, ${GOVERNANCE_STACKS} governance ` +
        "stacks, the rest workload stacks with a VPC, both databases, a cluster (and its -k8s stack), links, DMS, " +
        "disaster-recovery replicas, the registry, and the workload layer (a cache, a document database, a bucket, " +
        "backups, an ECS service behind an ALB); budgets, central logs and Identity Center.\n\n";
      writeFileSync(file, await format(`${intro}${text}`));
      process.stderr.write("wrote BENCHMARKS.md\n");
    }
  } finally {
    if (options.keep) process.stderr.write(`kept ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
