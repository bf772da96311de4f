import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { ConfigError, formatIssues } from "../src/config/issues";
import { loadOrganization } from "../src/config/load";
import { ARCHITECTURE_DOC, architectureMarkdown } from "../src/diagram";

/**
 * `npm run diagram [-- <file>]`: writes the Mermaid diagrams of the organization (`ORG_CONFIG`, or
 * the default one) to `docs/architecture.md`, or to `<file>`. An invalid config writes nothing.
 */
function main(): void {
  const output = resolve(process.argv[2] ?? resolve(__dirname, "..", ARCHITECTURE_DOC));
  try {
    const markdown = architectureMarkdown(loadOrganization());
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, markdown);
    const diagrams = markdown.split("```mermaid").length - 1;
    process.stdout.write(`Wrote ${relative(process.cwd(), output)} (${diagrams} Mermaid diagrams)\n`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(
      `Invalid organization (${error.source}), nothing was written:\n${formatIssues(error.issues)}\n`,
    );
    process.exitCode = 1;
  }
}

main();
