import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import * as prettier from "prettier";
import { JSON_SCHEMA_FILE, organizationJsonSchema } from "../src/config/json-schema";

/** `npm run schema`: regenerates the config's JSON Schema after a change to src/config/schema.ts. */
async function main(): Promise<void> {
  const file = resolve(__dirname, "..", JSON_SCHEMA_FILE);
  const options = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(JSON.stringify(organizationJsonSchema()), { ...options, parser: "json" }));
  process.stdout.write(`Wrote ${JSON_SCHEMA_FILE}\n`);
}

void main();
