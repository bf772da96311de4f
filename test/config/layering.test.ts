/**
 * The config layer stands on its own: loading and checking a config loads no construct (cdktf,
 * constructs, provider bindings), and its files import each other without a circle, types included.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";

const root = join(__dirname, "../..");

/** The config layer: src/config and every capability's pure files (not its builder or its stacks). */
function configFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : path.endsWith(".ts") ? [path] : [];
    });
  return [...walk(join(root, "src/config")), ...walk(join(root, "src/capabilities"))].filter(
    (file) => !/(build|-stack)\.ts$/.test(file),
  );
}

/** The project files a file imports (values and types), resolved to paths. */
function importsOf(file: string): string[] {
  const source = readFileSync(file, "utf8");
  return [...source.matchAll(/^\s*(?:import|export)\b[^"']*?from\s+["'](\.[^"']+)["']/gm)].map((match) => {
    const target = resolve(dirname(file), match[1]);
    return statSync(`${target}.ts`, { throwIfNoEntry: false }) ? `${target}.ts` : join(target, "index.ts");
  });
}

/** The first import cycle among `files`, as the files along it, or undefined. */
function firstCycle(files: readonly string[]): string[] | undefined {
  const inLayer = new Set(files);
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === "done") return undefined;
    if (state.get(file) === "open") return [...path.slice(path.indexOf(file)), file];
    state.set(file, "open");
    path.push(file);
    for (const next of importsOf(file).filter((target) => inLayer.has(target))) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(file, "done");
    return undefined;
  };
  for (const file of files) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return undefined;
}

describe("the config layer", () => {
  test("its files import each other without a circle, types included", () => {
    const cycle = firstCycle(configFiles());
    expect(cycle?.map((file) => relative(root, file))).toBeUndefined();
  });

  test("the cycle check finds a circle where there is one, through a type import too", () => {
    const dir = mkdtempSync(join(tmpdir(), "cycle-"));
    writeFileSync(join(dir, "a.ts"), 'import { b } from "./b";\nexport const a = b;\n');
    writeFileSync(join(dir, "b.ts"), 'import type { A } from "./a";\nexport const b = 1 as unknown as A;\n');
    expect(firstCycle([join(dir, "a.ts"), join(dir, "b.ts")])).toEqual([
      join(dir, "a.ts"),
      join(dir, "b.ts"),
      join(dir, "a.ts"),
    ]);
  });

  test("loading and checking a config loads no construct, cdktf or provider binding", () => {
    const script = [
      "require('./src/config/load').loadOrganization({});",
      "const loaded = Object.keys(require.cache).filter((p) => /node_modules\\/(cdktf|constructs|@cdktf)\\//.test(p));",
      "process.stdout.write(JSON.stringify(loaded));",
    ].join("\n");
    const result = spawnSync(process.execPath, ["-r", "./scripts/require-ts.js", "-e", script], {
      cwd: root,
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual([]);
  });
});
