import { readFileSync } from "node:fs";
import { join } from "node:path";
import { issuesOf, issuesOfFile } from "../helpers/issues";

const example = readFileSync(join(__dirname, "../../examples/org.yaml"), "utf8");

describe("YAML that would crash or mislead", () => {
  test("an alias bomb is a config error, not a stack trace or an exhausted memory", () => {
    const levels = ["a", "b", "c", "d", "e", "f", "g", "h"];
    const bomb = levels
      .map((level, i) =>
        i === 0
          ? `${level}: &${level} ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]`
          : `${level}: &${level} [${Array(9)
              .fill(`*${levels[i - 1]}`)
              .join(", ")}]`,
      )
      .join("\n");
    expect(issuesOfFile("org.yaml", `${bomb}\n`)).toEqual([
      { path: "", message: expect.stringMatching(/^YAML aliases refused: Excessive alias count/) },
    ]);
  });

  test("a syntax error shows the lines up to it, the offending one included, with the column", () => {
    const text = 'name: acme\nhomeRegion: us-east-1\naccounts:\n  dev: { id: "333333333333", ou: root\n  prod: {}\n';
    expect(issuesOfFile("org.yaml", text)).toEqual([
      {
        path: "line 5",
        message: [
          "malformed YAML: Flow map in block collection must be sufficiently indented and end with a } (column 3):",
          "      3 | accounts:",
          '      4 |   dev: { id: "333333333333", ou: root',
          "      5 |   prod: {}",
          "        |   ^",
        ].join("\n"),
      },
    ]);
  });

  test("an unquoted account id that lost its leading zero says so and how to quote it", () => {
    const unquoted = example.replace('id: "900000000001"', "id: 000000000001");
    expect(unquoted).not.toBe(example);
    expect(issuesOfFile("org.yaml", unquoted)).toContainEqual({
      path: "accounts.root.id",
      message:
        'must be text: write it in quotes, "000000000001" (YAML read the unquoted 000000000001 as the number 1, dropping its leading zeros)',
    });
  });

  test("an unquoted account id that became a number says to quote it", () => {
    expect(issuesOfFile("org.yaml", example.replace('id: "900000000001"', "id: 900000000001"))).toContainEqual({
      path: "accounts.root.id",
      message: 'must be text: write it in quotes, "900000000001" (YAML and JSON read unquoted digits as a number)',
    });
  });
});

describe("tags, as AWS accepts them", () => {
  // https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html: keys 1-128, values 0-256
  // Unicode characters; letters, digits, spaces and _ . : / = + - @; no aws: prefix.
  const tagIssues = (tags: Record<string, string>) =>
    issuesOf((org) => {
      org.tags = tags;
    });

  test("accepts keys and values at the limits, Unicode letters and the allowed punctuation", () => {
    expect(tagIssues({ ["k".repeat(128)]: "v".repeat(256), "Équipe Données": "é/ü:=+-@_.", Empty: "" })).toEqual([]);
  });

  test("refuses lengths over the limits, counted in Unicode characters", () => {
    expect(tagIssues({ ["é".repeat(129)]: "x", Long: "ü".repeat(257) })).toEqual([
      { path: `tags.${"é".repeat(129)}`, message: "a tag key must be 1-128 characters" },
      { path: "tags.Long", message: "a tag value must be 0-256 characters" },
    ]);
  });

  test("refuses the aws: prefix in any case, in keys and in values", () => {
    expect(tagIssues({ "AWS:owner": "x", Owner: "aws:platform" })).toEqual([
      { path: "tags.AWS:owner", message: 'a tag key must not start with "aws:", which AWS reserves' },
      { path: "tags.Owner", message: 'a tag value must not start with "aws:", which AWS reserves' },
    ]);
  });

  test("refuses characters outside AWS's set, naming the tag", () => {
    expect(tagIssues({ "cost#center": "x", Team: "a,b" })).toEqual([
      { path: "tags.cost#center", message: "a tag key may hold only letters, digits, spaces and _ . : / = + - @" },
      { path: "tags.Team", message: "a tag value may hold only letters, digits, spaces and _ . : / = + - @" },
    ]);
  });
});
