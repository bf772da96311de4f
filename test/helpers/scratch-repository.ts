import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";

/** The project, as a clone has it: no packages, output, build, coverage or git history. */
export const PROJECT_ROOT = resolve(__dirname, "../..");
const NOT_COPIED = /^(node_modules|cdktf\.out|dist|coverage|\.git)(\/|$)/;

/**
 * A scratch copy of the project's working tree using the project's packages (a symlinked
 * `node_modules`); with `git`, a repository of its own holding the copy as one commit.
 */
export function scratchRepository(options: { git?: boolean } = {}): string {
  const copy = mkdtempSync(join(tmpdir(), "scratch-repo-"));
  cpSync(PROJECT_ROOT, copy, { recursive: true, filter: (source) => !NOT_COPIED.test(relative(PROJECT_ROOT, source)) });
  if (options.git) {
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], { cwd: copy });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-q", "-m", "scratch");
  }
  // After the commit: .gitignore's `node_modules/` does not match a symlink.
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(copy, "node_modules"));
  return copy;
}
