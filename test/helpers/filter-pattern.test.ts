import { parseFilterPattern } from "./filter-pattern";

const matches = (pattern: string, event: unknown) => parseFilterPattern(pattern).matches(event);

describe("the filter pattern evaluator", () => {
  const event = {
    eventName: "ConsoleLogin",
    errorCode: "Client.UnauthorizedOperation",
    latency: 50,
    ok: true,
    nothing: null,
    user: { id: 1, emails: ["a@example.com", "b@example.com"] },
  };

  test("= and != compare strings exactly, quoted or bare, case-sensitive", () => {
    expect(matches('{ $.eventName = "ConsoleLogin" }', event)).toBe(true);
    expect(matches("{$.eventName=ConsoleLogin}", event)).toBe(true);
    expect(matches("{ $.eventName = consolelogin }", event)).toBe(false);
    expect(matches("{ $.eventName = Console }", event)).toBe(false);
    expect(matches('{ $.eventName != "ConsoleLogin" }', event)).toBe(false);
    expect(matches('{ $.eventName != "AssumeRole" }', event)).toBe(true);
  });

  test("* matches any run of characters at either end or inside", () => {
    expect(matches('{ $.errorCode = "*UnauthorizedOperation" }', event)).toBe(true);
    expect(matches('{ $.errorCode = "Client.*" }', event)).toBe(true);
    expect(matches('{ $.errorCode = "Client*Operation" }', event)).toBe(true);
    expect(matches('{ $.errorCode = "AccessDenied*" }', event)).toBe(false);
    expect(matches('{ $.errorCode = "Client.Unauthorized" }', event)).toBe(false);
  });

  test("a property the event lacks matches no comparison, = or !=, but NOT EXISTS", () => {
    expect(matches('{ $.missing = "x" }', event)).toBe(false);
    expect(matches('{ $.missing != "x" }', event)).toBe(false);
    expect(matches("{ $.missing NOT EXISTS }", event)).toBe(true);
    expect(matches("{ $.eventName NOT EXISTS }", event)).toBe(false);
    expect(matches("{ $.eventName EXISTS }", event)).toBe(true);
    expect(matches("{ $.user.id.deeper NOT EXISTS }", event)).toBe(true);
  });

  test("numbers, booleans, null and array elements", () => {
    expect(matches("{ $.latency > 10 }", event)).toBe(true);
    expect(matches("{ $.latency <= 10 }", event)).toBe(false);
    expect(matches("{ $.user.id = 1 }", event)).toBe(true);
    expect(matches("{ $.ok IS TRUE }", event)).toBe(true);
    expect(matches("{ $.ok IS FALSE }", event)).toBe(false);
    expect(matches("{ $.nothing IS NULL }", event)).toBe(true);
    expect(matches('{ $.user.emails[1] = "b@example.com" }', event)).toBe(true);
  });

  test("&& binds tighter than ||, and parentheses group", () => {
    const a = '$.eventName = "ConsoleLogin"';
    const no = '$.eventName = "Nope"';
    expect(matches(`{ ${a} || ${no} && ${no} }`, event)).toBe(true);
    expect(matches(`{ (${a} || ${no}) && ${no} }`, event)).toBe(false);
    expect(matches(`{ ${no} && ${a} || ${a} }`, event)).toBe(true);
    expect(matches(`{ ($.latency > 10) && (($.ok IS FALSE) || ($.user.id = 1)) }`, event)).toBe(true);
  });

  test("refuses malformed patterns", () => {
    expect(() => parseFilterPattern("$.a = 1")).toThrow(/expected lbrace/);
    expect(() => parseFilterPattern("{ $.a = }")).toThrow(/expected a value after =/);
    expect(() => parseFilterPattern("{ ($.a = 1 }")).toThrow(/expected close/);
    expect(() => parseFilterPattern('{ $.a = "open }')).toThrow(/unterminated string/);
    expect(() => parseFilterPattern("{ $.a = 1 } extra")).toThrow(/unexpected "extra"/);
  });
});
