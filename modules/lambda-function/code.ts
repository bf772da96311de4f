import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type * as TypeScript from "typescript";

/**
 * Where a function's code comes from: a directory of the repository, archived by the synth into
 * a `TerraformAsset` (a zip beside the stack's `cdk.tf.json`). Build it only through the factories.
 */
export class LambdaCode {
  /** A directory that already holds the JavaScript Lambda runs (its `node_modules` included, if any). */
  static fromDirectory(directory: string): LambdaCode {
    return new LambdaCode(directory, undefined);
  }

  /**
   * A directory of TypeScript handler sources, transpiled to CommonJS JavaScript at synth with the
   * `typescript` compiler already in node_modules (no bundler, no download). Each `*.ts` file
   * becomes a `*.js` beside it in the archive; test files and declarations are left out. Imports
   * stay as they are: only Node.js built-ins and what the runtime provides (the AWS SDK v3 on
   * the Node.js runtimes) can be imported.
   */
  static fromTypeScript(directory: string): LambdaCode {
    return new LambdaCode(directory, "typescript");
  }

  private constructor(
    /** The source directory as given. */
    readonly sourceDirectory: string,
    private readonly language: "typescript" | undefined,
  ) {}

  /** Problems with the source, for the module's validation (`code: ...`). */
  problems(): string[] {
    if (!existsSync(this.sourceDirectory) || !statSync(this.sourceDirectory).isDirectory()) {
      return [`"${this.sourceDirectory}" is not a directory`];
    }
    if (this.language === "typescript" && sourceFiles(this.sourceDirectory).length === 0) {
      return [`"${this.sourceDirectory}" holds no TypeScript source (*.ts besides tests and declarations)`];
    }
    return [];
  }

  /** The directory to archive: the source itself, or its transpiled copy. */
  packageDirectory(): string {
    return this.language === "typescript" ? transpiled(this.sourceDirectory) : this.sourceDirectory;
  }
}

/**
 * Absolute path of a directory of this repository (`functions/organization-lookup`), found by
 * walking up from `from` to the folder that holds `package.json` and that directory: the same from
 * the sources (ts-jest, ts-node) and from the build output (`dist/modules/...`).
 */
export function repositoryDirectory(relativePath: string, from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, relativePath))) return join(dir, relativePath);
    if (dirname(dir) === dir) throw new Error(`${relativePath} not found in ${from} or above it`);
  }
}

const isSource = (file: string): boolean =>
  file.endsWith(".ts") && !file.endsWith(".d.ts") && !/\.(test|spec)\.ts$/.test(file);

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: "utf8" })
    .filter((file) => isSource(file) && statSync(join(directory, file)).isFile())
    .sort();
}

/**
 * Transpiles into a directory named by the hash of the sources, so the same sources always give
 * the same files (and the asset the same hash: no diff in a plan when nothing changed).
 */
function transpiled(directory: string): string {
  // Loaded here, not at the top: only a synth that packages TypeScript needs the compiler.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require("typescript") as typeof TypeScript;
  const files = sourceFiles(directory);
  const hash = createHash("sha256");
  for (const file of files)
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(join(directory, file)))
      .update("\0");
  const out = join(tmpdir(), "lambda-packages", hash.digest("hex").slice(0, 32));
  for (const file of files) {
    const output = ts.transpileModule(readFileSync(join(directory, file), "utf8"), {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        removeComments: true,
      },
    });
    const target = join(out, file.replace(/\.ts$/, ".js"));
    mkdirSync(join(target, ".."), { recursive: true });
    writeFileSync(target, output.outputText);
  }
  return out;
}
