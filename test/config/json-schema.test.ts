import { readFileSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { JSON_SCHEMA_FILE, organizationJsonSchema } from "../../src/config/json-schema";

const root = resolve(__dirname, "../..");

interface SchemaNode {
  readonly type?: string;
  readonly pattern?: string;
  readonly properties?: Record<string, SchemaNode>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly required?: string[];
}

describe("the config's JSON Schema", () => {
  test(`${JSON_SCHEMA_FILE} is current (regenerate it with npm run schema)`, () => {
    expect(JSON.parse(readFileSync(join(root, JSON_SCHEMA_FILE), "utf8"))).toEqual(organizationJsonSchema());
  });

  test("underlines what the editor can know: unknown keys, an unquoted account id, a missing field", () => {
    const schema = organizationJsonSchema() as SchemaNode;
    const account = (schema.properties!.accounts.additionalProperties as SchemaNode).properties!;
    expect(account.id).toEqual({ type: "string", pattern: "^\\d{12}$" });
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(["name", "homeRegion", "regions", "backend", "accounts"]));
  });

  test("every example config names it in a yaml-language-server modeline", () => {
    const examples = readdirSync(join(root, "examples")).filter((file) => file.endsWith(".yaml"));
    expect(examples.length).toBeGreaterThan(0);
    for (const file of examples) {
      const schema = relative(join(root, "examples"), join(root, JSON_SCHEMA_FILE));
      expect([file, readFileSync(join(root, "examples", file), "utf8").split("\n")[0]]).toEqual([
        file,
        `# yaml-language-server: $schema=${schema}`,
      ]);
    }
  });
});
