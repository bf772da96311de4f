import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { warningsOf } from "./src/app";
import { checkedApp } from "./src/checked-app";
import { ConfigError, formatIssues } from "./src/config/issues";
import { writeStackReadmes } from "./src/operators";
import { OutputError, publishOutput } from "./src/output";
import { pinnedTerraformVersion, tfcManifest } from "./src/tfc";

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
 * The cdktf CLI sets this for the app it runs. It echoes the app's stderr as `[ERROR]` and repeats
 * it when the app exits non-zero, and prints the warnings recorded in `manifest.json` itself; it
 * removes the folders of stacks that are no longer synthesized after the app exits.
 */
const underCdktfCli = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS === "true";

/**
 * Load the organization, validate everything, and only then write: synthesis goes to a
 * scratch folder that replaces the output folder's generated files once the whole app has
 * synthesized, and never a stack folder that holds state.
 */
function main(): void {
  const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
  const scratch = mkdtempSync(join(tmpdir(), "cdktf-synth-"));
  try {
    const { org, app } = checkedApp(scratch);
    app.synth();
    writeStackReadmes(app, scratch);
    if (org.backend.type === "cloud") {
      const manifest = tfcManifest(app, org.backend, pinnedTerraformVersion());
      writeFileSync(join(scratch, "tfc-workspaces.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    }
    publishOutput(scratch, outdir, { removeOrphans: !underCdktfCli });
    const warnings = warningsOf(app);
    if (warnings.length > 0 && !underCdktfCli) process.stderr.write(`Warnings:\n${formatIssues(warnings)}\n`);
  } catch (error) {
    if (error instanceof ConfigError) {
      fail(outdir, `Invalid organization (${error.source}), nothing was written:\n${formatIssues(error.issues)}`);
    } else if (error instanceof OutputError) {
      fail(outdir, error.message);
    } else {
      throw error;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Reports a refused synthesis once. Under the cdktf CLI the app exits 0 without a `manifest.json`:
 * the CLI then stops with one line of its own, before it removes any folder and without repeating
 * the report, and `cdktf deploy --skip-synth` cannot deploy the earlier output. Otherwise exit 1.
 */
function fail(outdir: string, report: string): void {
  if (underCdktfCli) {
    rmSync(join(outdir, "manifest.json"), { force: true });
    process.stderr.write(
      `${report}\n(${join(outdir, "manifest.json")} was removed: nothing deploys from the earlier output)\n`,
    );
  } else {
    process.stderr.write(`${report}\n`);
    process.exitCode = 1;
  }
}

skipTokenStackTraces();
main();
