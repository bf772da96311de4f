import { stringify } from "yaml";

/**
 * A deliberately small renderer for the subset of Helm's Go templates that the repository's charts
 * (charts/karpenter-nodepools, charts/cluster-platform) use (there is no helm binary here): `{{ .Values.a.b }}`,
 * `{{ . }}` and `{{ .field }}` of a `range` item, `{{- ... -}}` trimming, `if`/`end`, `range`/`end` over lists, and the functions `required`, `quote`, `toYaml`, `nindent`, `indent`.
 * Anything else throws, so a template that grows beyond the subset fails its test instead of rendering
 * wrongly. Like Helm, a missing value renders as an empty string.
 */
export function renderTemplate(template: string, values: Record<string, unknown>): string {
  const [nodes] = parse(tokenize(template), 0, []);
  return render(nodes, { Values: values }, undefined);
}

type Token = { kind: "text"; text: string } | { kind: "action"; body: string };
type Node =
  | { kind: "text"; text: string }
  | { kind: "output"; pipeline: string }
  | { kind: "if"; pipeline: string; body: Node[] }
  | { kind: "range"; pipeline: string; body: Node[] };

function tokenize(template: string): Token[] {
  const tokens: Token[] = [];
  const action = /\{\{(-?)\s*([\s\S]*?)\s*(-?)\}\}/g;
  let last = 0;
  let trimNext = false;
  for (let match = action.exec(template); match !== null; match = action.exec(template)) {
    let text = template.slice(last, match.index);
    if (trimNext) text = text.replace(/^\s+/, "");
    if (match[1] === "-") text = text.replace(/\s+$/, "");
    tokens.push({ kind: "text", text }, { kind: "action", body: match[2] });
    trimNext = match[3] === "-";
    last = action.lastIndex;
  }
  const tail = template.slice(last);
  tokens.push({ kind: "text", text: trimNext ? tail.replace(/^\s+/, "") : tail });
  return tokens;
}

/** Parses tokens from `start` until an `end` (or the input's end); returns the nodes and the next index. */
function parse(tokens: Token[], start: number, open: string[]): [Node[], number] {
  const nodes: Node[] = [];
  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === "text") {
      nodes.push(token);
      continue;
    }
    const [keyword, ...rest] = token.body.split(/\s+/);
    if (keyword === "end") {
      if (open.length === 0) throw new Error("{{ end }} without if/range");
      return [nodes, i + 1];
    }
    if (keyword === "if" || keyword === "range") {
      const [body, next] = parse(tokens, i + 1, [...open, keyword]);
      nodes.push({ kind: keyword, pipeline: rest.join(" "), body });
      i = next - 1;
      continue;
    }
    if (/^(else|with|define|include|template|block)$/.test(keyword)) throw new Error(`unsupported action: ${keyword}`);
    nodes.push({ kind: "output", pipeline: token.body });
  }
  if (open.length > 0) throw new Error(`{{ ${open[open.length - 1]} }} without {{ end }}`);
  return [nodes, tokens.length];
}

function render(nodes: Node[], root: Record<string, unknown>, dot: unknown): string {
  return nodes
    .map((node) => {
      switch (node.kind) {
        case "text":
          return node.text;
        case "output": {
          const value = evaluate(node.pipeline, root, dot);
          return value === undefined || value === null ? "" : String(value);
        }
        case "if":
          return truthy(evaluate(node.pipeline, root, dot)) ? render(node.body, root, dot) : "";
        case "range": {
          const list = evaluate(node.pipeline, root, dot) ?? [];
          if (!Array.isArray(list)) throw new Error(`range over a non-list: ${node.pipeline}`);
          return list.map((item) => render(node.body, root, item)).join("");
        }
      }
    })
    .join("");
}

function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === "object") return Object.keys(value).length > 0;
  return Boolean(value);
}

const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = {
  required: (message, value) => {
    if (value === undefined || value === null || value === "") throw new Error(String(message));
    return value;
  },
  quote: (value) => JSON.stringify(value === undefined || value === null ? "" : String(value)),
  toYaml: (value) => stringify(value).replace(/\n$/, ""),
  indent: (width, text) =>
    String(text)
      .split("\n")
      .map((line) => " ".repeat(Number(width)) + line)
      .join("\n"),
  nindent: (width, text) => `\n${FUNCTIONS.indent(width, text)}`,
};

function evaluate(pipeline: string, root: Record<string, unknown>, dot: unknown): unknown {
  let piped: unknown[] = [];
  for (const command of pipeline.split("|").map((c) => c.trim())) {
    const words = command.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
    const [head = "", ...args] = words;
    const fn = FUNCTIONS[head];
    if (fn === undefined) {
      if (words.length !== 1 || piped.length > 0) throw new Error(`unsupported command: ${command}`);
      piped = [term(head, root, dot)];
      continue;
    }
    piped = [fn(...args.map((a) => term(a, root, dot)), ...piped)];
  }
  return piped[0];
}

function term(word: string, root: Record<string, unknown>, dot: unknown): unknown {
  if (word.startsWith('"')) return JSON.parse(word) as string;
  if (/^-?\d+$/.test(word)) return Number(word);
  if (word === ".") return dot;
  if (!word.startsWith(".")) throw new Error(`unsupported term: ${word}`);
  // `.Values.a.b` from the root; any other `.a.b` is a field of the current item (inside `range`), as in Go.
  const fromRoot = word.startsWith(".Values.") || word === ".Values";
  return word
    .slice(1)
    .split(".")
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], fromRoot ? root : dot);
}
