import { ConfigError, type ConfigIssue } from "../../src/config/issues";
import { validateOrganization } from "../../src/config/load";
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
