import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { LOCK_FILE_NAME } from "./lock-file";
import { dependantsOf, deployWaves, readManifest, type ManifestStack } from "./operators";

/** What `npm run affected` reports, as `--json` prints it for a CI matrix. */
export interface AffectedReport {
  /** The git ref compared with the working tree. */
  readonly ref: string;
  /** Stacks whose Terraform differs from the ref's, or that are new. */
  readonly changed: string[];
  /** Stacks the ref had and the working tree no longer has (their resources stay until destroyed). */
  readonly removed: string[];
  /** The changed stacks and everything depending on them, in deploy waves. */
  readonly waves: string[][];
  /** One entry per stack to plan, for `strategy.matrix: ${{ fromJSON(…).matrix }}` and the like. */
  readonly matrix: { include: { stack: string; wave: number; directory: string }[] };
}

/** Drops cdktf's `//` metadata (construct paths, versions): it changes no plan. */
function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "//")
      .map(([key, inner]) => [key, withoutMetadata(inner)]),
  );
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Everything a stack's plan depends on: its Terraform without metadata, its lock file, its assets. */
export function stackFingerprint(outdir: string, stack: ManifestStack): string {
  const file = join(outdir, stack.synthesizedStackPath);
  const terraform = file.endsWith(".json")
    ? JSON.stringify(withoutMetadata(JSON.parse(readFileSync(file, "utf8"))))
    : readFileSync(file, "utf8");
  const folder = join(outdir, stack.workingDirectory);
  const lock = existsSync(join(folder, LOCK_FILE_NAME)) ? readFileSync(join(folder, LOCK_FILE_NAME), "utf8") : "";
  const assets = filesUnder(join(folder, "assets")).map(
    (asset) => `${relative(folder, asset)}\n${readFileSync(asset, "utf8")}`,
  );
  return [terraform, lock, ...assets].join("\n\0\n");
}

/** The stacks of two synthesized outputs whose Terraform differs (or is new), and those gone. */
export function changedStacks(before: string, after: string): { changed: string[]; removed: string[] } {
  const old = readManifest(before);
  const current = readManifest(after);
  const changed = Object.keys(current).filter(
    (id) => !(id in old) || stackFingerprint(before, old[id]) !== stackFingerprint(after, current[id]),
  );
  return {
    changed,
    removed: Object.keys(old)
      .filter((id) => !(id in current))
      .sort(),
  };
}

/** Compares the output of `ref` (`before`) with the working tree's (`after`). */
export function affectedReport(ref: string, before: string, after: string, outputFolder = "cdktf.out"): AffectedReport {
  const { changed, removed } = changedStacks(before, after);
  const waves = deployWaves(after, dependantsOf(readManifest(after), changed));
  const stacks = readManifest(after);
  return {
    ref,
    changed: [...changed].sort(),
    removed,
    waves,
    matrix: {
      include: waves.flatMap((wave, index) =>
        wave.map((stack) => ({
          stack,
          wave: index + 1,
          directory: join(outputFolder, stacks[stack].workingDirectory),
        })),
      ),
    },
  };
}

/** The report as `npm run affected` prints it by default. */
export function affectedText(report: AffectedReport): string {
  if (report.changed.length === 0 && report.removed.length === 0) {
    return `No stack's Terraform changed since ${report.ref}.\n`;
  }
  const lines = [`Changed since ${report.ref}: ${report.changed.join(" ") || "none"}`];
  if (report.waves.length > 0) {
    lines.push("Plan and apply in this order (the changed stacks and every stack depending on them):");
    report.waves.forEach((wave, index) => lines.push(`${index + 1}. ${wave.join(" ")}`));
  }
  if (report.removed.length > 0) {
    lines.push(
      `Gone since ${report.ref}: ${report.removed.join(" ")} (their resources stay until destroyed with the output of ${report.ref})`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Synthesizes the sources of `ref` (`git archive` of the project's tree) with the working tree's
 * packages into a fresh folder, and returns it. `ORG_CONFIG`, when relative, names the ref's file.
 */
export function synthesizeRef(ref: string, projectRoot: string): string {
  const prefix = execFileSync("git", ["rev-parse", "--show-prefix"], { cwd: projectRoot, encoding: "utf8" }).trim();
  const sources = mkdtempSync(join(tmpdir(), "affected-ref-"));
  let archive: Buffer;
  try {
    archive = execFileSync("git", ["archive", "--format=tar", `${ref}:${prefix}`], {
      cwd: projectRoot,
      maxBuffer: 512 * 1024 * 1024,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    const reason = String((error as { stderr?: Buffer }).stderr ?? error).trim();
    throw new Error(`cannot read ${ref} from git: ${reason}`, { cause: error });
  }
  execFileSync("tar", ["-x", "-C", sources], { input: archive });
  symlinkSync(join(projectRoot, "node_modules"), join(sources, "node_modules"));
  const outdir = mkdtempSync(join(tmpdir(), "affected-before-"));
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir };
  delete env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
  delete env.SYNTH_HCL_OUTPUT;
  const result = spawnSync(process.execPath, ["-r", join(projectRoot, "scripts/require-ts.js"), "main.ts"], {
    cwd: sources,
    env,
    encoding: "utf8",
  });
  if (result.status !== 0 || !existsSync(join(outdir, "manifest.json"))) {
    throw new Error(`synthesizing ${ref} failed:\n${result.stderr}`);
  }
  return outdir;
}
