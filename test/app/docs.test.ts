import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "../..");
const markdown = ["README.md", "docs/design.md"];

describe("the documentation stands alone in a clone", () => {
  test.each(markdown)("%s names no file outside the repository", (file) => {
    expect(readFileSync(join(root, file), "utf8")).not.toMatch(/\.\.\/(shared|seeds)\b/);
  });

  test.each(markdown)("every relative link of %s resolves to a file of the repository", (file) => {
    const text = readFileSync(join(root, file), "utf8");
    const targets = [...text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
      .map((match) => match[1])
      .filter((target) => !/^[a-z]+:/.test(target));
    for (const target of targets) expect([target, existsSync(join(root, file, "..", target))]).toEqual([target, true]);
  });

  test("the README links the design it relies on", () => {
    expect(readFileSync(join(root, "README.md"), "utf8")).toContain("[docs/design.md](docs/design.md)");
  });
});
