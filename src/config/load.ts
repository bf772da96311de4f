import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { checkOrganization } from "./checks";
import { DEFAULT_ORGANIZATION } from "./default-organization";
import { ConfigError, joinPath, type ConfigIssue } from "./issues";
import { AccountSchema, OrganizationSchema, type Organization } from "./schema";

/** Where the organization came from, for messages: a file path or `default organization`. */
export const DEFAULT_SOURCE = "default organization";

/**
 * Loads the organization named by `ORG_CONFIG` (YAML or JSON), or the embedded default,
 * and validates shape and semantics. Throws a ConfigError carrying every issue.
 */
export function loadOrganization(env: NodeJS.ProcessEnv = process.env): Organization {
  const file = env.ORG_CONFIG?.trim();
  if (!file) return validateOrganization(DEFAULT_ORGANIZATION, DEFAULT_SOURCE);
  return validateOrganization(readConfigFile(file), file);
}

/**
 * Validates an already-parsed document: shape, then semantics. When the shape is wrong, the
 * semantic checks still run over the accounts whose shape is sound, so one run reports every
 * problem; only findings that could stem from a dropped account are held back.
 */
export function validateOrganization(document: unknown, source: string): Organization {
  const parsed = OrganizationSchema.safeParse(document);
  if (parsed.success) {
    const issues = checkOrganization(parsed.data);
    if (issues.length > 0) throw new ConfigError(source, issues);
    return parsed.data;
  }
  const shapeIssues = parsed.error.issues.flatMap((issue) => toConfigIssues(issue, document));
  throw new ConfigError(source, [...shapeIssues, ...checkSoundAccounts(withoutUnknownKeys(document, parsed.error))]);
}

/** A copy of the document without the keys the schema did not recognise (already reported). */
function withoutUnknownKeys(document: unknown, error: z.ZodError): unknown {
  const copy = structuredClone(document);
  for (const issue of error.issues) {
    if (issue.code !== "unrecognized_keys") continue;
    const parent = valueAt(copy, issue.path) as Record<string, unknown>;
    for (const key of issue.keys) delete parent[key];
  }
  return copy;
}

function checkSoundAccounts(document: unknown): ConfigIssue[] {
  if (typeof document !== "object" || document === null) return [];
  const { accounts, ...rest } = document as Record<string, unknown>;
  if (typeof accounts !== "object" || accounts === null) return [];
  const sound: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [name, account] of Object.entries(accounts)) {
    if (AccountSchema.safeParse(account).success) sound[name] = account;
    else dropped.push(name);
  }
  const partial = OrganizationSchema.safeParse({ ...rest, accounts: sound });
  if (!partial.success) return [];
  const mentions = (issue: ConfigIssue, name: string) =>
    new RegExp(`(^|[^a-z0-9-])${name}([^a-z0-9]|$)`).test(`${issue.path} ${issue.message}`);
  return checkOrganization(partial.data).filter(
    (issue) => issue.path !== "accounts" && !dropped.some((name) => mentions(issue, name)),
  );
}

function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(file, [{ path: "", message: `cannot read the file: ${(error as Error).message}` }]);
  }
  if (extname(file).toLowerCase() === ".json") {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ConfigError(file, [{ path: "", message: `malformed JSON: ${(error as Error).message}` }]);
    }
  }
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      file,
      document.errors.map((error) => ({ path: "", message: `malformed YAML: ${error.message.split("\n")[0]}` })),
    );
  }
  return document.toJS() as unknown;
}

function valueAt(document: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key], document);
}

function toConfigIssues(issue: z.core.$ZodIssue, document: unknown): ConfigIssue[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({ path: joinPath([...issue.path, key]), message: "unknown key" }));
  }
  if (valueAt(document, issue.path) === undefined) {
    return [{ path: joinPath(issue.path), message: "is required" }];
  }
  return [{ path: joinPath(issue.path), message: issue.message }];
}
