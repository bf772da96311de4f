import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stacksOf, warningsOf } from "../src/app";
import { checkedApp, configSource } from "../src/checked-app";
import { ConfigError, formatIssues } from "../src/config/issues";

/**
 * `npm run check`: every check `npm run synth` makes (config shape and semantics, every construct's
 * validation, Terraform Cloud's limits) in about a second, writing nothing.
 */
function main(): void {
  const scratch = mkdtempSync(join(tmpdir(), "cdktf-check-"));
  try {
    const { app } = checkedApp(scratch);
    const warnings = warningsOf(app);
    if (warnings.length > 0) process.stderr.write(`Warnings:\n${formatIssues(warnings)}\n`);
    process.stdout.write(`${configSource()}: valid, ${stacksOf(app).length} stacks\n`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Invalid organization (${error.source}):\n${formatIssues(error.issues)}\n`);
    process.exitCode = 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main();
