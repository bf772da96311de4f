import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { isScalar, parseDocument, type Document } from "yaml";
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
  const { value, sourceText } = readConfigFile(file);
  return validateOrganization(value, file, sourceText);
}

/** The text a value had in the file (`012345678901` for the number 12345678901), when known. */
export type SourceText = (path: readonly PropertyKey[]) => string | undefined;

/**
 * Validates an already-parsed document: shape, then semantics. When the shape is wrong, the
 * semantic checks still run over the accounts whose shape is sound, so one run reports every
 * problem; only findings that could stem from a dropped account are held back.
 */
export function validateOrganization(document: unknown, source: string, sourceText?: SourceText): Organization {
  const parsed = OrganizationSchema.safeParse(document);
  if (parsed.success) {
    const issues = checkOrganization(parsed.data);
    if (issues.length > 0) throw new ConfigError(source, issues);
    return parsed.data;
  }
  const shapeIssues = parsed.error.issues.flatMap((issue) => toConfigIssues(issue, document, sourceText));
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

interface ConfigFile {
  readonly value: unknown;
  readonly sourceText?: SourceText;
}

function readConfigFile(file: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(file, [{ path: "", message: `cannot read the file: ${(error as Error).message}` }]);
  }
  if (extname(file).toLowerCase() === ".json") {
    try {
      return { value: JSON.parse(text) as unknown };
    } catch (error) {
      throw new ConfigError(file, [{ path: "", message: `malformed JSON: ${(error as Error).message}` }]);
    }
  }
  return readYaml(file, text);
}

/** Lines of the file up to a syntax error's position, numbered, with a caret under the column. */
function excerpt(text: string, line: number, col: number): string {
  const lines = text.split("\n");
  const first = Math.max(1, line - 2);
  const width = String(line).length;
  const shown = lines
    .slice(first - 1, line)
    .map((content, i) => `      ${String(first + i).padStart(width)} | ${content}`);
  return [...shown, `      ${" ".repeat(width)} | ${" ".repeat(col - 1)}^`].join("\n");
}

function readYaml(file: string, text: string): ConfigFile {
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      file,
      document.errors.map((error) => {
        const [start] = error.linePos ?? [{ line: 1, col: 1 }];
        const message = error.message.replace(/ at line \d+, column \d+:?.*$/s, "");
        return {
          path: `line ${start.line}`,
          message: `malformed YAML: ${message} (column ${start.col}):\n${excerpt(text, start.line, start.col)}`,
        };
      }),
    );
  }
  try {
    // yaml stops expanding aliases at 100 (maxAliasCount), so a "billion laughs" document cannot exhaust memory.
    return { value: document.toJS() as unknown, sourceText: (path) => scalarSource(document, text, path) };
  } catch (error) {
    throw new ConfigError(file, [
      {
        path: "",
        message: `YAML aliases refused: ${(error as Error).message} (an alias expanding into too many copies)`,
      },
    ]);
  }
}

function scalarSource(document: Document, text: string, path: readonly PropertyKey[]): string | undefined {
  const node = document.getIn(path, true);
  return isScalar(node) && node.range ? text.slice(node.range[0], node.range[1]) : undefined;
}

function valueAt(document: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key], document);
}

function toConfigIssues(issue: z.core.$ZodIssue, document: unknown, sourceText?: SourceText): ConfigIssue[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({ path: joinPath([...issue.path, key]), message: "unknown key" }));
  }
  if (issue.code === "invalid_key") {
    // A record key that failed its schema (a tag key, an adopt address): the key's own messages.
    return issue.issues.map((keyIssue) => ({ path: joinPath(issue.path), message: keyIssue.message }));
  }
  if (valueAt(document, issue.path) === undefined) {
    return [{ path: joinPath(issue.path), message: "is required" }];
  }
  const value = valueAt(document, issue.path);
  if (issue.code === "invalid_type" && issue.expected === "string" && typeof value === "number") {
    return [{ path: joinPath(issue.path), message: unquotedNumber(value, sourceText?.(issue.path)) }];
  }
  return [{ path: joinPath(issue.path), message: issue.message }];
}

/** An unquoted number where text belongs (an account id, typically): the message says to quote it. */
function unquotedNumber(value: number, written = String(value)): string {
  const read =
    written === String(value)
      ? "YAML and JSON read unquoted digits as a number"
      : `YAML read the unquoted ${written} as the number ${value}, dropping its leading zeros`;
  return `must be text: write it in quotes, "${written}" (${read})`;
}
