/** One problem in the organization config, located by the dotted path of the field at fault. */
export interface ConfigIssue {
  /** Dotted path of the offending field, e.g. `accounts.prod.regions.ca-central-1.network.cidr`. */
  readonly path: string;
  readonly message: string;
}

/** Thrown when a config cannot be used; carries every issue found, not only the first. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(`${source}: ${issues.length} problem(s)\n${formatIssues(issues)}`);
    this.name = "ConfigError";
  }
}

/** Renders `[path] message` lines, sorted by path so output is stable. */
export function formatIssues(issues: readonly ConfigIssue[]): string {
  return [...issues]
    .sort((a, b) => a.path.localeCompare(b.path) || a.message.localeCompare(b.message))
    .map((issue) => `  [${issue.path || "(root)"}] ${issue.message}`)
    .join("\n");
}

/** Joins path segments; numeric segments become `[n]` so array positions read naturally. */
export function joinPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((path, segment) => {
    if (typeof segment === "number") return `${path}[${segment}]`;
    const text = String(segment);
    return path === "" ? text : `${path}.${text}`;
  }, "");
}
