import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp, validateApp, warningsOf } from "./src/app";
import { ConfigError, formatIssues } from "./src/config/issues";
import { DEFAULT_SOURCE, loadOrganization } from "./src/config/load";
import { writeStackReadmes } from "./src/operators";
import { pinnedTerraformVersion, runTriggerIssues, tfcManifest } from "./src/tfc";

/**
 * cdktf records a full stack trace for every token it creates, used only in its own error
 * messages: at 100 stacks an eighth of synthesis time and two fifths of peak memory. Those
 * captures (into plain objects) get no trace; real errors keep theirs.
 */
function skipTokenStackTraces(): void {
  const format = Error.prepareStackTrace;
  Error.prepareStackTrace = (target: Error, frames: NodeJS.CallSite[]) => {
    if (!(target instanceof Error)) return "";
    if (format) return format(target, frames) as unknown;
    return `${String(target)}${frames.map((frame) => `\n    at ${String(frame)}`).join("")}`;
  };
}

/**
 * Load the organization, validate everything, and only then write: synthesis goes to a
 * scratch folder that replaces the output folder once the whole app has synthesized.
 */
function main(): void {
  const source = process.env.ORG_CONFIG?.trim() || DEFAULT_SOURCE;
  const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
  const scratch = mkdtempSync(join(tmpdir(), "cdktf-synth-"));
  try {
    const org = loadOrganization();
    const app = buildApp(org, { outdir: scratch });
    const cloud = org.backend.type === "cloud" ? org.backend : undefined;
    const issues = [...validateApp(app), ...(cloud ? runTriggerIssues(app) : [])];
    if (issues.length > 0) throw new ConfigError(source, issues);
    app.synth();
    writeStackReadmes(app, scratch);
    if (cloud) {
      const manifest = tfcManifest(app, cloud, pinnedTerraformVersion());
      writeFileSync(join(scratch, "tfc-workspaces.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    }
    publish(scratch, outdir);
    const warnings = warningsOf(app);
    if (warnings.length > 0) process.stderr.write(`Warnings:\n${formatIssues(warnings)}\n`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(
      `Invalid organization (${error.source}), nothing was written:\n${formatIssues(error.issues)}\n`,
    );
    process.exitCode = 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Copies the synthesized files over the output folder and drops stack folders that no longer
 * exist; anything else there (a stack's `.terraform` from an earlier deploy) is kept.
 */
function publish(scratch: string, outdir: string): void {
  const stacks = (dir: string) => (existsSync(join(dir, "stacks")) ? readdirSync(join(dir, "stacks")) : []);
  const current = new Set(stacks(scratch));
  for (const orphan of stacks(outdir).filter((stack) => !current.has(stack))) {
    rmSync(join(outdir, "stacks", orphan), { recursive: true, force: true });
  }
  cpSync(scratch, outdir, { recursive: true, force: true });
}

skipTokenStackTraces();
main();
