import { ConfigError, type ConfigIssue } from "../../src/config/issues";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOrganization, validateOrganization } from "../../src/config/load";
import type { OrganizationInput } from "../../src/config/schema";
import { defaultInput } from "./synth";

/** Every issue a document produces, or [] when it is a valid organization. */
export function issuesOfDocument(document: unknown): ConfigIssue[] {
  try {
    validateOrganization(document, "test");
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
}

/** Every issue of the default organization after `change`, or [] when it stays valid. */
export function issuesOf(change: (org: OrganizationInput) => void): ConfigIssue[] {
  const input = defaultInput();
  change(input);
  return issuesOfDocument(input);
}

/** Every issue of a config file with this text (named `name`, whose extension picks the parser). */
export function issuesOfFile(name: string, text: string): ConfigIssue[] {
  const file = join(mkdtempSync(join(tmpdir(), "org-")), name);
  writeFileSync(file, text);
  try {
    loadOrganization({ ORG_CONFIG: file });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
}
