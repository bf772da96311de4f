import { App, TerraformStack } from "cdktf";
import { DISABLE_STACK_TRACE_IN_METADATA } from "cdktf/lib/annotations";
import { ValidateBinaryVersion } from "cdktf/lib/validations/validate-binary-version";
import type { IConstruct } from "constructs";
import type { ConfigIssue } from "./config/issues";
import type { Organization } from "./config/schema";
import { dependencyOrder, plannedDependencies } from "./config/dependencies";
import { addProviderLockFile } from "./lock-file";
import { BOOTSTRAP_STACK_ID, ORGANIZATION_STACK_ID } from "./naming";
import { AccountRegionStack } from "./stacks/account-region-stack";
import { BootstrapStack } from "./stacks/bootstrap-stack";
import { OrganizationStack } from "./stacks/organization-stack";
import { TfcStack } from "./stacks/tfc-stack";
import { pinnedTerraformVersion } from "./tfc";

export interface BuildOptions {
  /** Where `app.synth()` writes. @default - cdktf's default (`CDKTF_OUTDIR` or `cdktf.out`) */
  readonly outdir?: string;
}

/**
 * cdktf attaches a `terraform version` check (a child process) to every import block and runs it
 * at each validation: at 100 stacks a quarter of synthesis. The answer cannot change within one
 * run, so each distinct check runs once per process.
 */
const versionChecks = new Map<string, string[]>();
const checkVersion = ValidateBinaryVersion.prototype.validate;
ValidateBinaryVersion.prototype.validate = function validateOnce(this: ValidateBinaryVersion): string[] {
  const key = JSON.stringify(this);
  if (!versionChecks.has(key)) versionChecks.set(key, checkVersion.call(this));
  return versionChecks.get(key)!;
};

/**
 * Builds every stack of a validated organization; nothing is written until `synth()`, which also
 * writes each stack's provider lock file. Synthesis skips cdktf's own validation pass:
 * `validateApp` runs every validation first, app-wide.
 */
export function buildApp(org: Organization, options: BuildOptions = {}): App {
  // No source stack traces in manifest.json: they would name this machine's paths and change with the code.
  const app = new App({
    outdir: options.outdir,
    skipValidation: true,
    context: { [DISABLE_STACK_TRACE_IN_METADATA]: true },
  });
  const stacks = new Map<string, TerraformStack>();
  if (org.backend.type === "s3") stacks.set(BOOTSTRAP_STACK_ID, new BootstrapStack(app, org, org.backend));
  stacks.set(ORGANIZATION_STACK_ID, new OrganizationStack(app, org));
  const built = new Map<string, AccountRegionStack>();
  for (const target of dependencyOrder(org)) {
    const stack = new AccountRegionStack(app, target, org, built);
    built.set(target.stackId, stack);
    stacks.set(target.stackId, stack);
  }
  // Recorded in manifest.json, whether or not a cross-stack reference implies them too.
  for (const edge of plannedDependencies(org)) stacks.get(edge.from)!.addDependency(stacks.get(edge.to)!);
  // Last: it declares the other stacks' workspaces once their dependencies are recorded.
  if (org.backend.type === "cloud" && org.backend.manageWorkspaces) {
    new TfcStack(app, org, org.backend, pinnedTerraformVersion());
  }
  stacksOf(app).forEach(addProviderLockFile);
  return app;
}

export function stacksOf(app: App): TerraformStack[] {
  return app.node.children.filter((child): child is TerraformStack => TerraformStack.isStack(child));
}

/**
 * Runs every construct's validations across the whole app (cdktf would stop at the first
 * failing stack) and returns all messages with the construct path. Stack cycles need no check
 * here: the config check reports planned ones, and cdktf refuses any other when it is added.
 */
export function validateApp(app: App): ConfigIssue[] {
  return stacksOf(app).flatMap((stack) => {
    stack.prepareStack();
    return stack.node
      .findAll()
      .flatMap((construct: IConstruct) =>
        construct.node.validate().map((message) => ({ path: construct.node.path, message })),
      );
  });
}

/** Warnings the constructs recorded (`Annotations.addWarning`), with the construct path. */
export function warningsOf(app: App): ConfigIssue[] {
  return stacksOf(app).flatMap((stack) =>
    stack.node
      .findAll()
      .flatMap((construct: IConstruct) =>
        construct.node.metadata
          .filter((entry) => entry.type === "@cdktf/warn")
          .map((entry) => ({ path: construct.node.path, message: String(entry.data) })),
      ),
  );
}
