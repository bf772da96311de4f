import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformProvider, type TerraformStack } from "cdktf";
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";

/**
 * The provider lock file committed at the root of the repository: hashicorp/aws 5.100.0 with the
 * `h1:` hash of linux_amd64 and the `zh:` (registry zip) hashes of every platform. How it was made
 * and how to refresh it: README, "Provider lock file".
 */
export const PROJECT_LOCK_FILE = join(__dirname, "..", ".terraform.lock.hcl");
export const LOCK_FILE_NAME = ".terraform.lock.hcl";

const HEADER =
  '# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n';

/** The `provider "<address>" { … }` blocks of a lock file, by provider address. */
export function providerBlocks(lockFile: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of lockFile.matchAll(/^provider "([^"]+)" \{\n[\s\S]*?^\}$/gm)) blocks.set(match[1], match[0]);
  return blocks;
}

/** `aws` → `registry.terraform.io/hashicorp/aws`, the address Terraform records in lock files. */
export function providerAddress(source: string): string {
  const parts = source.split("/");
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${source}`;
  return parts.length === 2 ? `registry.terraform.io/${source}` : source;
}

/** A lock file of the given blocks, sorted by address as Terraform writes them; none without blocks. */
function lockFileOf(blocks: Map<string, string>): string | undefined {
  if (blocks.size === 0) return undefined;
  const addresses = [...blocks.keys()].sort();
  return `${HEADER}${addresses.map((address) => `\n${blocks.get(address)}\n`).join("")}`;
}

/**
 * The lock file of a stack folder: the project's blocks for the providers the stack requires, plus
 * the blocks of the folder's `existing` lock file for providers the project does not lock (helm,
 * tfe: their hashes cannot be obtained offline, so Terraform records them at the first `init` and
 * synthesis keeps what it recorded). `undefined` when there is nothing to lock.
 */
export function stackLockFile(
  providers: readonly string[],
  existing = "",
  project = projectLockFile(),
): string | undefined {
  const ours = providerBlocks(project);
  const blocks = new Map([...providerBlocks(existing)].filter(([address]) => !ours.has(address)));
  for (const address of providers) {
    const block = ours.get(address);
    if (block !== undefined) blocks.set(address, block);
  }
  return lockFileOf(blocks);
}

/** Blocks of a lock file that the project would not have written: selections Terraform or an operator recorded. */
export function recordedSelections(lockFile: string, project = projectLockFile()): string[] {
  const ours = providerBlocks(project);
  return [...providerBlocks(lockFile)]
    .filter(([address, block]) => ours.get(address) !== block)
    .map(([address]) => address);
}

let projectLock: string | undefined;
function projectLockFile(): string {
  projectLock ??= readFileSync(PROJECT_LOCK_FILE, "utf8");
  return projectLock;
}

/** Writes the stack's lock file next to its Terraform at synthesis, for JSON and HCL output alike. */
export function addProviderLockFile(stack: TerraformStack): void {
  addCustomSynthesis(stack, {
    onSynthesize(session) {
      const providers = stack.node
        .findAll()
        .filter(TerraformProvider.isTerraformProvider)
        .map((provider) => providerAddress(provider.terraformProviderSource ?? provider.terraformResourceType));
      const lockFile = stackLockFile([...new Set(providers)]);
      const folder = join(session.outdir, session.manifest.forStack(stack).workingDirectory);
      if (lockFile !== undefined) writeFileSync(join(folder, LOCK_FILE_NAME), lockFile);
    },
  });
}
