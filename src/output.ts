import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { LOCK_FILE_NAME, recordedSelections, stackLockFile } from "./lock-file";

/**
 * What synthesis writes into a stack folder, in either format: cdktf's `cdk.tf.json`, or `cdk.tf`
 * with `metadata.json`; the assets; the stack README. Publishing replaces exactly these, so JSON
 * and HCL never mix in one folder; everything else there (Terraform's `.terraform`, state, plans)
 * belongs to the operator.
 */
const GENERATED_IN_STACK = ["cdk.tf.json", "cdk.tf", "metadata.json", "assets", "README.md"];
/** What synthesis writes at the top of the output folder. */
const GENERATED_AT_TOP = ["manifest.json", "tfc-workspaces.json"];

/** State, backups, workspace state, `.terraform/terraform.tfstate` and a running operation's lock. */
const STATE_FILE = /\.tfstate(\..+)?$/;

/** Raised when publishing would drop a stack folder that holds state; nothing was written. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputError";
  }
}

function stackFolders(outdir: string): string[] {
  const stacks = join(outdir, "stacks");
  if (!existsSync(stacks)) return [];
  return readdirSync(stacks, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

/**
 * Files in a stack folder that must never be deleted: any `*.tfstate*` (local state, its backup,
 * `terraform.tfstate.d/`, `.terraform/terraform.tfstate`, `.terraform.tfstate.lock.info`), and a
 * lock file holding provider selections the project did not write.
 */
export function heldFiles(folder: string): string[] {
  const files = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return files
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => {
      const name = file.slice(file.lastIndexOf("/") + 1);
      if (STATE_FILE.test(name) || name === ".terraform.tfstate.lock.info") return true;
      return file === join(folder, LOCK_FILE_NAME) && recordedSelections(readFileSync(file, "utf8")).length > 0;
    })
    .sort();
}

export interface PublishOptions {
  /**
   * Remove the folders of stacks that are no longer synthesized. Not under the cdktf CLI: it
   * removes them itself after the app exits (listed before it started), and fails on any it
   * cannot find. @default true
   */
  readonly removeOrphans?: boolean;
}

/**
 * Moves a finished synthesis from `scratch` into `outdir`. Refuses, writing nothing, when a stack
 * folder that is no longer synthesized holds state; replaces the generated files of every stack
 * (so a switch between JSON and HCL leaves one format) and keeps what Terraform left there.
 */
export function publishOutput(scratch: string, outdir: string, options: PublishOptions = {}): void {
  const current = new Set(stackFolders(scratch));
  const orphans = stackFolders(outdir).filter((stack) => !current.has(stack));
  const held = orphans.flatMap((stack) => heldFiles(join(outdir, "stacks", stack)));
  if (held.length > 0) throw new OutputError(refusal(outdir, held));

  for (const name of GENERATED_AT_TOP) rmSync(join(outdir, name), { force: true });
  for (const stack of current) {
    const live = join(outdir, "stacks", stack);
    for (const name of GENERATED_IN_STACK) rmSync(join(live, name), { recursive: true, force: true });
    mergeLockFile(join(scratch, "stacks", stack, LOCK_FILE_NAME), join(live, LOCK_FILE_NAME));
  }
  cpSync(scratch, outdir, { recursive: true, force: true });
  if (options.removeOrphans ?? true) {
    for (const stack of orphans) rmSync(join(outdir, "stacks", stack), { recursive: true });
  }
}

/** Keeps the selections Terraform recorded in the live lock file for providers the project does not lock. */
function mergeLockFile(synthesized: string, live: string): void {
  if (!existsSync(synthesized) || !existsSync(live)) return;
  const ours = readFileSync(synthesized, "utf8");
  const providers = [...ours.matchAll(/^provider "([^"]+)"/gm)].map((match) => match[1]);
  writeFileSync(synthesized, stackLockFile(providers, readFileSync(live, "utf8"))!);
}

function refusal(outdir: string, held: string[]): string {
  const shown = (file: string) => relative(process.cwd(), file) || file;
  const stacks = [...new Set(held.map((file) => relative(join(outdir, "stacks"), file).split("/")[0]))];
  return [
    `Refusing to remove the folder of ${stacks.map((stack) => `"${stack}"`).join(", ")}, no longer in the config: ` +
      "it holds Terraform state or locks, and nothing was written:",
    ...held.map((file) => `  ${shown(file)}`),
    "The stack's resources still exist unless it was destroyed. Either destroy them first (`terraform destroy` " +
      "in that folder, with the config that still has the stack), or, once its state lives elsewhere (for " +
      "bootstrap: `terraform init -migrate-state` after setting backend.bootstrapMigrated) or you keep it on " +
      "purpose, move the folder out of the output folder. Then synthesize again.",
  ].join("\n");
}
