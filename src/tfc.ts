import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { App } from "cdktf";
import { stacksOf } from "./app";
import type { ConfigIssue } from "./config/issues";
import type { CloudBackendConfig } from "./config/schema";

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
}

export interface TfcManifest {
  readonly hostname: string;
  readonly organization: string;
  /** From `.terraform-version`, so every workspace runs the Terraform the project is tested with. */
  readonly terraformVersion: string;
  readonly workspaces: TfcWorkspace[];
}

/** The workspaces of every stack, with run triggers from the stack dependencies, in app order. */
export function tfcManifest(app: App, backend: CloudBackendConfig, terraformVersion: string): TfcManifest {
  const workspace = (stackId: string) => `${backend.workspacePrefix}${stackId}`;
  return {
    hostname: backend.hostname,
    organization: backend.organization,
    terraformVersion,
    workspaces: stacksOf(app).map((stack) => ({
      name: workspace(stack.node.id),
      stack: stack.node.id,
      workingDirectory: `stacks/${stack.node.id}`,
      runTriggerSources: stack.dependencies.map((dependency) => workspace(dependency.node.id)),
    })),
  };
}

/** A workspace with more run-trigger sources than Terraform Cloud accepts, named by its stack. */
export function runTriggerIssues(app: App): ConfigIssue[] {
  return stacksOf(app)
    .filter((stack) => stack.dependencies.length > MAX_RUN_TRIGGERS)
    .map((stack) => ({
      path: stack.node.path,
      message:
        `depends on ${stack.dependencies.length} stacks, but a Terraform Cloud workspace takes at most ` +
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
