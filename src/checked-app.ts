import type { App } from "cdktf";
import { buildApp, validateApp } from "./app";
import { ConfigError } from "./config/issues";
import { DEFAULT_SOURCE, loadOrganization } from "./config/load";
import type { Organization } from "./config/schema";
import { runTriggerIssues } from "./tfc";

export interface CheckedApp {
  readonly org: Organization;
  readonly app: App;
}

/** Where the organization comes from, for messages: the `ORG_CONFIG` file or the default organization. */
export function configSource(env: NodeJS.ProcessEnv = process.env): string {
  return env.ORG_CONFIG?.trim() || DEFAULT_SOURCE;
}

/**
 * The organization of `ORG_CONFIG` built into an app that synthesizes to `outdir`, after every
 * check: the config's shape and semantics, every construct's validation, Terraform Cloud's limits.
 * Throws a ConfigError with all issues; nothing is written.
 */
export function checkedApp(outdir: string): CheckedApp {
  const org = loadOrganization();
  const app = buildApp(org, { outdir });
  const issues = [...validateApp(app), ...(org.backend.type === "cloud" ? runTriggerIssues(app) : [])];
  if (issues.length > 0) throw new ConfigError(configSource(), issues);
  return { org, app };
}
