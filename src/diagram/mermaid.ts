/**
 * A small writer of Mermaid flowcharts: readable node ids that stay unique, labels escaped so
 * that no config value can break the syntax, and links counted for `linkStyle`. Only syntax
 * that GitHub's Mermaid renders is used (no `@{ shape }` node shapes).
 */

export type Direction = "TB" | "LR";

/** Node shapes: a box, a rounded box, a hexagon (a policy), a cylinder (a table), a circle. */
export type Shape = "box" | "round" | "hexagon" | "cylinder" | "circle";

const SHAPES: Record<Shape, readonly [string, string]> = {
  box: ["[", "]"],
  round: ["(", ")"],
  hexagon: ["{{", "}}"],
  cylinder: ["[(", ")]"],
  circle: ["((", "))"],
};

/** Arrows: `solid` -->, `dotted` -.->, `thick` ==>, `both` <-->. */
export type Arrow = "solid" | "dotted" | "thick" | "both";

const ARROWS: Record<Arrow, string> = { solid: "-->", dotted: "-.->", thick: "==>", both: "<-->" };

/** Characters Mermaid reads as syntax inside a quoted label, as its entity codes. */
const ENTITIES: Record<string, string> = { "#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;" };

/** One label line of plain text, escaped: `"`, `<`, `>` and `#` cannot end the label or start markup. */
export function escapeLabel(text: string): string {
  return text.replace(/[#"<>]/g, (char) => ENTITIES[char]);
}

/** Words the flowchart grammar reads as keywords, so never a node id (compared in lower case). */
const KEYWORDS = new Set([
  "graph", "flowchart", "subgraph", "end", "style", "linkstyle", "interpolate", "classdef", "class",
  "href", "call", "click", "default", "direction",
]); // prettier-ignore

/** Lines of plain text as one quoted label, joined by line breaks. */
function label(lines: string | readonly string[]): string {
  return `"${(typeof lines === "string" ? [lines] : lines).map(escapeLabel).join("<br/>")}"`;
}

export interface LinkOptions {
  /** @default "solid" */
  readonly arrow?: Arrow;
  readonly label?: string | readonly string[];
  /** A style defined with `Flowchart.linkStyle`. @default - Mermaid's */
  readonly style?: string;
}

export class Flowchart {
  private readonly lines: string[] = [];
  private readonly ids = new Map<string, string>();
  private readonly taken = new Set<string>();
  private readonly classes = new Map<string, { readonly style: string; readonly members: string[] }>();
  private readonly linkStyles = new Map<string, { readonly css: string; readonly indexes: number[] }>();
  private links = 0;
  private depth = 1;

  constructor(private readonly direction: Direction) {}

  /**
   * The node or subgraph id of a key (`stack:prod-us-east-1` → `stack_prod_us_east_1`): letters,
   * digits and `_` only and never a keyword (`end` → `end_node`), so nothing in it is Mermaid
   * syntax; a key whose id is taken by another key gets a numbered one. The same key always gets
   * the same id.
   */
  id(key: string): string {
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const slug = key.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "") || "node";
    const base = KEYWORDS.has(slug.toLowerCase()) ? `${slug}_node` : slug;
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}_${n}`;
    this.ids.set(key, id);
    this.taken.add(id);
    return id;
  }

  node(key: string, lines: string | readonly string[], shape: Shape = "box"): string {
    const id = this.id(key);
    const [open, close] = SHAPES[shape];
    this.write(`${id}${open}${label(lines)}${close}`);
    return id;
  }

  /** A subgraph with a title; `build` declares what it holds. */
  subgraph(key: string, title: string, build: () => void, direction?: Direction): string {
    const id = this.id(key);
    this.write(`subgraph ${id}[${label(title)}]`);
    this.depth++;
    if (direction !== undefined) this.write(`direction ${direction}`);
    build();
    this.depth--;
    this.write("end");
    return id;
  }

  /** A link between two keys (nodes or subgraphs); `style` names a style defined with `linkStyle`. */
  link(from: string, to: string, options: LinkOptions = {}): void {
    const arrow = ARROWS[options.arrow ?? "solid"];
    const text = options.label === undefined ? "" : `|${label(options.label)}|`;
    this.write(`${this.id(from)} ${arrow}${text} ${this.id(to)}`);
    if (options.style !== undefined) {
      const indexes = this.linkStyles.get(options.style)?.indexes;
      if (indexes === undefined) throw new Error(`link style ${options.style} is not defined`);
      indexes.push(this.links);
    }
    this.links++;
  }

  /** A named link style (`stroke:#dc2626`), for the links that name it; Mermaid addresses links by index. */
  linkStyle(name: string, css: string): void {
    if (!this.linkStyles.has(name)) this.linkStyles.set(name, { css, indexes: [] });
  }

  /** A class of nodes with a style (`fill:#dbeafe,stroke:#1d4ed8`); classes print in the order defined. */
  classDef(name: string, css: string): void {
    if (!this.classes.has(name)) this.classes.set(name, { style: css, members: [] });
  }

  /** Puts a key's node into a class defined with `classDef`. */
  addClass(key: string, name: string): void {
    const members = this.classes.get(name)?.members;
    if (members === undefined) throw new Error(`class ${name} is not defined`);
    const id = this.id(key);
    if (!members.includes(id)) members.push(id);
  }

  toString(): string {
    const tail: string[] = [];
    for (const [name, { style, members }] of this.classes) {
      if (members.length === 0) continue;
      tail.push(`classDef ${name} ${style}`, `class ${members.join(",")} ${name}`);
    }
    for (const { css, indexes } of this.linkStyles.values()) {
      if (indexes.length > 0) tail.push(`linkStyle ${indexes.join(",")} ${css}`);
    }
    return [`flowchart ${this.direction}`, ...this.lines, ...tail.map((line) => `  ${line}`)].join("\n");
  }

  private write(line: string): void {
    this.lines.push(`${"  ".repeat(this.depth)}${line}`);
  }
}

/** A flowchart as a fenced Mermaid block of a Markdown document. */
export function mermaidBlock(chart: Flowchart): string {
  return ["```mermaid", chart.toString(), "```"].join("\n");
}
