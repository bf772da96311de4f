import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { App, TerraformStack } from "cdktf";
import { stacksOf } from "./app";
import type { ConfigIssue } from "./config/issues";
import type { CloudBackendConfig } from "./config/schema";
import { TFC_STACK_ID } from "./naming";

/** Terraform Cloud refuses more run-trigger source workspaces per workspace. */
export const MAX_RUN_TRIGGERS = 20;

/** One Terraform Cloud workspace of the app, as `tfc-workspaces.json` lists it. */
export interface TfcWorkspace {
  /** `<workspacePrefix><stack id>`, the name the stack's `cloud` block uses. */
  readonly name: string;
  readonly stack: string;
  /** The stack's folder relative to the output folder (`stacks/<stack id>`). */
  readonly workingDirectory: string;
  /** Workspaces whose successful applies queue a run here: the stack's dependencies. */
  readonly runTriggerSources: string[];
  /**
   * Workspaces that may read this one's state: the stacks depending on it, whose
   * `terraform_remote_state` fails until the producer shares its state with them.
   */
  readonly remoteStateConsumers: string[];
}

export interface TfcManifest {
  readonly hostname: string;
  readonly organization: string;
  /** From `.terraform-version`, so every workspace runs the Terraform the project is tested with. */
  readonly terraformVersion: string;
  readonly workspaces: TfcWorkspace[];
}

/** The stacks with a workspace of their own: all but the `tfc` stack, whose workspace its first `init` creates. */
function managedStacks(app: App): TerraformStack[] {
  return stacksOf(app).filter((stack) => stack.node.id !== TFC_STACK_ID);
}

/** A stack's recorded dependencies among the managed stacks (everything depends on `tfc` when it exists). */
function managedDependencies(stack: TerraformStack): string[] {
  return stack.dependencies.map((dependency) => dependency.node.id).filter((id) => id !== TFC_STACK_ID);
}

/**
 * Every managed stack's workspace, in app order: run triggers from the stack's recorded
 * dependencies, remote-state consumers from the stacks that depend on it.
 */
export function tfcWorkspaces(app: App, backend: CloudBackendConfig): TfcWorkspace[] {
  const workspace = (stackId: string) => `${backend.workspacePrefix}${stackId}`;
  const stacks = managedStacks(app);
  return stacks.map((stack) => ({
    name: workspace(stack.node.id),
    stack: stack.node.id,
    workingDirectory: `stacks/${stack.node.id}`,
    runTriggerSources: managedDependencies(stack).map(workspace),
    remoteStateConsumers: stacks
      .filter((other) => managedDependencies(other).includes(stack.node.id))
      .map((other) => workspace(other.node.id)),
  }));
}

/** `tfc-workspaces.json`: what Terraform Cloud needs to run every stack. */
export function tfcManifest(app: App, backend: CloudBackendConfig, terraformVersion: string): TfcManifest {
  return {
    hostname: backend.hostname,
    organization: backend.organization,
    terraformVersion,
    workspaces: tfcWorkspaces(app, backend),
  };
}

/** A workspace with more run-trigger sources than Terraform Cloud accepts, named by its stack. */
export function runTriggerIssues(app: App): ConfigIssue[] {
  return managedStacks(app)
    .filter((stack) => managedDependencies(stack).length > MAX_RUN_TRIGGERS)
    .map((stack) => ({
      path: stack.node.path,
      message:
        `depends on ${managedDependencies(stack).length} stacks, but a Terraform Cloud workspace takes at most ` +
        `${MAX_RUN_TRIGGERS} run-trigger sources; split what it reads from other stacks`,
    }));
}

/** The Terraform version the project pins in `.terraform-version`, found from the sources or the build. */
export function pinnedTerraformVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, ".terraform-version");
    if (existsSync(join(dir, "package.json")) && existsSync(file)) return readFileSync(file, "utf8").trim();
    if (dirname(dir) === dir) throw new Error(`.terraform-version not found in ${from} or above it`);
  }
}
