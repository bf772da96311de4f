import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { affectedReport, affectedText, synthesizeRef } from "../src/affected";
import { checkedApp } from "../src/checked-app";
import { ConfigError, formatIssues } from "../src/config/issues";

/**
 * `npm run affected -- <git ref> [--json]`: synthesizes the ref and the working tree, and prints the
 * stacks whose Terraform changed plus every stack depending on them, in deploy waves; `--json`
 * prints the same as JSON with a `matrix` for CI (GitHub Actions, Atlantis, Terraform Cloud runs).
 */
function main(): void {
  const args = process.argv.slice(2);
  const ref = args.find((arg) => !arg.startsWith("--"));
  const unknown = args.filter((arg) => arg.startsWith("--") && arg !== "--json");
  if (ref === undefined || unknown.length > 0) {
    process.stderr.write("usage: npm run affected -- <git ref> [--json]\n");
    process.exitCode = 2;
    return;
  }
  const after = mkdtempSync(join(tmpdir(), "affected-after-"));
  let before: string | undefined;
  try {
    before = synthesizeRef(ref, resolve(__dirname, ".."));
    checkedApp(after).app.synth();
    const report = affectedReport(ref, before, after);
    process.stdout.write(args.includes("--json") ? `${JSON.stringify(report, null, 2)}\n` : affectedText(report));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(
        `Invalid organization (${error.source}) in the working tree:\n${formatIssues(error.issues)}\n`,
      );
    } else {
      process.stderr.write(`${(error as Error).message}\n`);
    }
    process.exitCode = 1;
  } finally {
    for (const dir of [after, before]) if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

main();
