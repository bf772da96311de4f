/**
 * An evaluator of CloudWatch Logs JSON filter patterns, for testing metric filters against sample
 * CloudTrail events. It covers the syntax the CIS patterns use, with the documented semantics:
 * `{ <expression> }`; selectors `$.a.b` and `$.a[0]`; `=` and `!=` against a quoted or bare string
 * where `*` matches any run of characters (case-sensitive), or a number; `<`, `<=`, `>`, `>=` against
 * a number; `EXISTS`, `NOT EXISTS`, `IS NULL`, `IS TRUE`, `IS FALSE`; `&&` binding tighter than `||`;
 * parentheses. A comparison on a property the event does not have is false, for `=` and `!=` alike.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html#matching-terms-json-log-events
 */

type Token =
  | { readonly kind: "open" | "close" | "lbrace" | "rbrace" | "and" | "or" }
  | { readonly kind: "selector"; readonly path: readonly (string | number)[] }
  | { readonly kind: "operator"; readonly operator: "=" | "!=" | "<" | "<=" | ">" | ">=" }
  | { readonly kind: "word"; readonly text: string }
  | { readonly kind: "string"; readonly text: string };

type Expression =
  | { readonly kind: "and" | "or"; readonly left: Expression; readonly right: Expression }
  | {
      readonly kind: "compare";
      readonly path: readonly (string | number)[];
      readonly operator: "=" | "!=" | "<" | "<=" | ">" | ">=";
      readonly value: string;
      readonly quoted: boolean;
    }
  | { readonly kind: "test"; readonly path: readonly (string | number)[]; readonly test: FieldTest };

type FieldTest = "EXISTS" | "NOT EXISTS" | "IS NULL" | "IS TRUE" | "IS FALSE";

/** A parsed pattern; `matches` evaluates it against one log event. */
export interface FilterPattern {
  matches(event: unknown): boolean;
}

export function parseFilterPattern(pattern: string): FilterPattern {
  const tokens = tokenize(pattern);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const next = (): Token => {
    const token = tokens[position++];
    if (token === undefined) throw new SyntaxError(`unexpected end of pattern: ${pattern}`);
    return token;
  };
  const expect = (kind: Token["kind"]): Token => {
    const token = next();
    if (token.kind !== kind) throw new SyntaxError(`expected ${kind}, found ${describe(token)} in ${pattern}`);
    return token;
  };

  const parseOr = (): Expression => {
    let left = parseAnd();
    while (peek()?.kind === "or") {
      next();
      left = { kind: "or", left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Expression => {
    let left = parseTerm();
    while (peek()?.kind === "and") {
      next();
      left = { kind: "and", left, right: parseTerm() };
    }
    return left;
  };
  const parseTerm = (): Expression => {
    const token = next();
    if (token.kind === "open") {
      const inner = parseOr();
      expect("close");
      return inner;
    }
    if (token.kind !== "selector") throw new SyntaxError(`expected a selector, found ${describe(token)} in ${pattern}`);
    const after = next();
    if (after.kind === "operator") {
      const value = next();
      if (value.kind !== "word" && value.kind !== "string") {
        throw new SyntaxError(`expected a value after ${after.operator}, found ${describe(value)} in ${pattern}`);
      }
      return {
        kind: "compare",
        path: token.path,
        operator: after.operator,
        value: value.text,
        quoted: value.kind === "string",
      };
    }
    if (after.kind === "word") return { kind: "test", path: token.path, test: fieldTest(after.text, next) };
    throw new SyntaxError(`expected an operator after the selector, found ${describe(after)} in ${pattern}`);
  };

  expect("lbrace");
  const expression = parseOr();
  expect("rbrace");
  if (position !== tokens.length) throw new SyntaxError(`unexpected ${describe(tokens[position])} in ${pattern}`);
  return { matches: (event) => evaluate(expression, event) };
}

function fieldTest(first: string, next: () => Token): FieldTest {
  const second = (): string => {
    const token = next();
    return token.kind === "word" ? token.text : "";
  };
  if (first === "EXISTS") return "EXISTS";
  if (first === "NOT" && second() === "EXISTS") return "NOT EXISTS";
  if (first === "IS") {
    const what = second();
    if (what === "NULL" || what === "TRUE" || what === "FALSE") return `IS ${what}`;
  }
  throw new SyntaxError(`unknown test "${first} …"`);
}

function describe(token: Token | undefined): string {
  if (token === undefined) return "the end";
  if (token.kind === "word" || token.kind === "string") return `"${token.text}"`;
  if (token.kind === "operator") return token.operator;
  return token.kind;
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "{" || c === "}" || c === "(" || c === ")") {
      tokens.push({ kind: ({ "{": "lbrace", "}": "rbrace", "(": "open", ")": "close" } as const)[c] });
      i++;
    } else if (pattern.startsWith("&&", i) || pattern.startsWith("||", i)) {
      tokens.push({ kind: c === "&" ? "and" : "or" });
      i += 2;
    } else if (pattern.startsWith("!=", i) || pattern.startsWith("<=", i) || pattern.startsWith(">=", i)) {
      tokens.push({ kind: "operator", operator: pattern.slice(i, i + 2) as "!=" | "<=" | ">=" });
      i += 2;
    } else if (c === "=" || c === "<" || c === ">") {
      tokens.push({ kind: "operator", operator: c });
      i++;
    } else if (c === '"') {
      const end = pattern.indexOf('"', i + 1);
      if (end < 0) throw new SyntaxError(`unterminated string in ${pattern}`);
      tokens.push({ kind: "string", text: pattern.slice(i + 1, end) });
      i = end + 1;
    } else if (c === "$") {
      const match = /^\$((?:\.[A-Za-z_][\w-]*|\[\d+\])*)/.exec(pattern.slice(i))!;
      const path = [...match[1].matchAll(/\.([A-Za-z_][\w-]*)|\[(\d+)\]/g)].map((m) =>
        m[1] !== undefined ? m[1] : Number(m[2]),
      );
      tokens.push({ kind: "selector", path });
      i += match[0].length;
    } else {
      const match = /^[^\s(){}"=!<>&|]+/.exec(pattern.slice(i));
      if (match === null) throw new SyntaxError(`unexpected "${c}" in ${pattern}`);
      tokens.push({ kind: "word", text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

const MISSING = Symbol("missing");

function select(event: unknown, path: readonly (string | number)[]): unknown {
  let value: unknown = event;
  for (const step of path) {
    if (value === null || typeof value !== "object" || !(step in (value as object))) return MISSING;
    value = (value as Record<string | number, unknown>)[step];
  }
  return value;
}

/** `*` matches any run of characters; everything else literally. */
function wildcardMatch(text: string, pattern: string): boolean {
  const regex = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${regex}$`).test(text);
}

function evaluate(expression: Expression, event: unknown): boolean {
  switch (expression.kind) {
    case "and":
      return evaluate(expression.left, event) && evaluate(expression.right, event);
    case "or":
      return evaluate(expression.left, event) || evaluate(expression.right, event);
    case "test": {
      const value = select(event, expression.path);
      if (expression.test === "EXISTS") return value !== MISSING;
      if (expression.test === "NOT EXISTS") return value === MISSING;
      if (expression.test === "IS NULL") return value === null;
      return value === (expression.test === "IS TRUE");
    }
    case "compare": {
      const value = select(event, expression.path);
      if (value === MISSING) return false;
      const { operator } = expression;
      const number = Number(expression.value);
      if (typeof value === "number" && !expression.quoted && !Number.isNaN(number)) {
        const compared = { "=": value === number, "!=": value !== number, "<": value < number, "<=": value <= number, ">": value > number, ">=": value >= number }; // prettier-ignore
        return compared[operator];
      }
      if (typeof value !== "string" || (operator !== "=" && operator !== "!=")) return false;
      const equal = wildcardMatch(value, expression.value);
      return operator === "=" ? equal : !equal;
    }
  }
}
