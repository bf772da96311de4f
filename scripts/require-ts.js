/**
 * Runs the TypeScript sources as they are in the tree (`node -r ./scripts/require-ts.js main.ts`),
 * so `cdktf synth`, `cdktf deploy` and the npm scripts can never run a stale build. Each file is
 * transpiled once (TypeScript's `transpileModule`, the compiler options of tsconfig.json; types are
 * checked by `npm run lint`, not here) and cached by content: a warm run costs no more than running
 * compiled JavaScript, a cold one about 2 s for loading the compiler.
 */
const { createHash } = require("node:crypto");
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

const root = join(__dirname, "..");
const tsconfig = readFileSync(join(root, "tsconfig.json"), "utf8");
const compilerVersion = JSON.parse(readFileSync(require.resolve("typescript/package.json"), "utf8")).version;
const cacheDir = join(tmpdir(), "aws-org-cdktf-transpiled");
let typescript;

function transpile(source, filename) {
  typescript ??= require("typescript");
  const { options } = typescript.convertCompilerOptionsFromJson(JSON.parse(tsconfig).compilerOptions, root);
  return typescript.transpileModule(source, { fileName: filename, compilerOptions: options }).outputText;
}

require.extensions[".ts"] = (module, filename) => {
  const source = readFileSync(filename, "utf8");
  const key = createHash("sha256").update(`${compilerVersion}\0${tsconfig}\0${source}`).digest("hex");
  const cached = join(cacheDir, `${key}.js`);
  let output;
  try {
    output = readFileSync(cached, "utf8");
  } catch {
    output = transpile(source, filename);
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${cached}.${process.pid}`;
    writeFileSync(partial, output);
    renameSync(partial, cached); // atomic: parallel runs never read half a file
  }
  module._compile(output, filename);
};
