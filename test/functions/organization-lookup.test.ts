import { join } from "node:path";
import {
  HOME_REGION_ATTRIBUTE,
  lookupHandler,
  REGISTRY_KEY,
  TABLE_NAME_VARIABLE,
  type GetItem,
  type GetItemInput,
  type HttpApiResult,
} from "../../functions/organization-lookup/handler";
import { DEFAULTS as REGISTRY } from "../../modules/dynamodb-global-table";
import { LambdaCode } from "../../modules/lambda-function/code";

const TABLE = "acme-organization-registry";
const event = (organizationId?: string) => ({
  pathParameters: organizationId === undefined ? undefined : { organizationId },
});
const bodyOf = (result: HttpApiResult): Record<string, unknown> => JSON.parse(result.body) as Record<string, unknown>;

/** A GetItem fake that records its requests and answers with `item`. */
function fakeGetItem(item?: Record<string, { S?: string }>): jest.Mock<ReturnType<GetItem>, [GetItemInput]> {
  return jest.fn<ReturnType<GetItem>, [GetItemInput]>(async () => ({ Item: item }));
}

describe("organization lookup", () => {
  test("answers the organization id and its home region", async () => {
    const getItem = fakeGetItem({ org_id: { S: "acme-ca" }, home_region: { S: "ca-central-1" } });
    const result = await lookupHandler({ tableName: TABLE, getItem })(event("acme-ca"));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ organizationId: "acme-ca", homeRegion: "ca-central-1" });
  });

  test("reads only the home region of the one item, from the named table", async () => {
    const getItem = fakeGetItem({ home_region: { S: "us-east-1" } });
    await lookupHandler({ tableName: TABLE, getItem })(event("org_42"));
    expect(getItem.mock.calls).toEqual([
      [
        {
          TableName: TABLE,
          Key: { org_id: { S: "org_42" } },
          ProjectionExpression: "#homeRegion",
          ExpressionAttributeNames: { "#homeRegion": "home_region" },
        },
      ],
    ]);
  });

  test("never returns another attribute of the item, even when the table answers with more", async () => {
    const getItem = fakeGetItem({
      org_id: { S: "acme" },
      home_region: { S: "us-east-1" },
      legal_name: { S: "Acme Corporation" },
      admin_email: { S: "admin@example.com" },
    });
    const result = await lookupHandler({ tableName: TABLE, getItem })(event("acme"));
    expect(Object.keys(bodyOf(result)).sort()).toEqual(["homeRegion", "organizationId"]);
    expect(result.body).not.toMatch(/Acme Corporation|admin@example\.com/);
  });

  test("answers 404 when the registry has no such organization", async () => {
    const result = await lookupHandler({ tableName: TABLE, getItem: fakeGetItem(undefined) })(event("nobody"));
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ message: "no such organization" });
  });

  test.each([
    ["no path parameter", undefined],
    ["an empty id", ""],
    ["a path", "../etc"],
    ["a space", "acme corp"],
    ["65 characters", "a".repeat(65)],
    ["a leading dash", "-acme"],
  ])("answers 400 without reading the table for %s", async (_, id) => {
    const getItem = fakeGetItem({ home_region: { S: "us-east-1" } });
    const result = await lookupHandler({ tableName: TABLE, getItem })(event(id));
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result).message).toMatch(/^organizationId must be 1-64 letters/);
    expect(getItem).not.toHaveBeenCalled();
  });

  test("answers 500 without the error's text when the registry read fails", async () => {
    const getItem: GetItem = async () => {
      throw Object.assign(new Error("User: arn:aws:sts::123456789012:assumed-role/x is not authorized"), {
        name: "AccessDeniedException",
      });
    };
    const spy = jest.spyOn(console, "error").mockImplementation(() => undefined);
    const result = await lookupHandler({ tableName: TABLE, getItem })(event("acme"));
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toMatch(/arn:aws|not authorized/);
    expect(spy.mock.calls.map((call) => JSON.parse(String(call[0])) as unknown)).toEqual([
      { message: "registry read failed", organizationId: "acme", error: "AccessDeniedException" },
    ]);
    spy.mockRestore();
  });

  test("answers 500 when the item's home region is missing or not a region", async () => {
    const spy = jest.spyOn(console, "error").mockImplementation(() => undefined);
    const items: Record<string, { S?: string }>[] = [{ org_id: { S: "acme" } }, { home_region: { S: "Canada" } }];
    for (const item of items) {
      const result = await lookupHandler({ tableName: TABLE, getItem: fakeGetItem(item) })(event("acme"));
      expect(result.statusCode).toBe(500);
      expect(result.body).not.toMatch(/Canada/);
    }
    spy.mockRestore();
  });

  test("tells caches not to store any answer", async () => {
    const handle = lookupHandler({ tableName: TABLE, getItem: fakeGetItem({ home_region: { S: "us-east-1" } }) });
    for (const id of ["acme", "../x"]) {
      expect((await handle(event(id))).headers).toEqual({
        "content-type": "application/json",
        "cache-control": "no-store",
      });
    }
  });

  test("uses the registry's key and home-region attribute names", () => {
    expect(REGISTRY_KEY).toBe(REGISTRY.hashKey);
    expect(HOME_REGION_ATTRIBUTE).toBe(REGISTRY.homeRegionAttribute);
  });
});

describe("organization lookup entry point", () => {
  const mockSent: unknown[] = [];
  const mockClients: unknown[] = [];
  jest.mock(
    "@aws-sdk/client-dynamodb",
    () => ({
      DynamoDBClient: class {
        constructor(config: unknown) {
          mockClients.push(config);
        }
        async send(command: { input: unknown }) {
          mockSent.push(command.input);
          return { Item: { home_region: { S: "ca-central-1" } } };
        }
      },
      GetItemCommand: class {
        constructor(readonly input: unknown) {}
      },
    }),
    { virtual: true },
  );

  afterEach(() => {
    delete process.env[TABLE_NAME_VARIABLE];
    jest.resetModules();
  });

  test("fails clearly when the table name is not configured", async () => {
    const { handler } = await import("../../functions/organization-lookup/handler");
    await expect(handler(event("acme"))).rejects.toThrow("REGISTRY_TABLE_NAME is not set");
  });

  test("reads through the runtime's SDK client, in the function's own region (no region configured)", async () => {
    process.env[TABLE_NAME_VARIABLE] = TABLE;
    const { handler } = await import("../../functions/organization-lookup/handler");
    const result = await handler(event("acme"));
    expect(bodyOf(result)).toEqual({ organizationId: "acme", homeRegion: "ca-central-1" });
    await handler(event("acme"));
    expect(mockClients).toEqual([{}]);
    expect(mockSent).toHaveLength(2);
    expect(mockSent[0]).toMatchObject({ TableName: TABLE, Key: { org_id: { S: "acme" } } });
  });
});

describe("organization lookup package", () => {
  test("transpiles to a handler.js that runs without TypeScript", async () => {
    const directory = LambdaCode.fromTypeScript(
      join(__dirname, "../../functions/organization-lookup"),
    ).packageDirectory();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const compiled = require(join(directory, "handler.js")) as {
      lookupHandler: typeof lookupHandler;
      handler: unknown;
    };
    const result = await compiled.lookupHandler({
      tableName: TABLE,
      getItem: async () => ({ Item: { home_region: { S: "us-east-1" } } }),
    })(event("acme"));
    expect(bodyOf(result)).toEqual({ organizationId: "acme", homeRegion: "us-east-1" });
    expect(typeof compiled.handler).toBe("function");
  });
});
