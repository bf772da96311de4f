import { join } from "node:path";
import {
  CONFIRM_SIGN_UP,
  HOME_REGION_ATTRIBUTE,
  ORGANIZATION_ATTRIBUTE,
  TABLE_NAME_VARIABLE,
  USER_KEY,
  userKeyOf,
  writerHandler,
  type PostConfirmationEvent,
  type PutItem,
  type PutItemInput,
} from "../../functions/user-directory-writer/handler";
import { LambdaCode } from "../../modules/lambda-function/code";
import { USER_DIRECTORY_ROUTING_ATTRIBUTES } from "../../src/capabilities/registry/schema";

const TABLE = "customer1-user-directory";
const POOL = "ca-central-1_Example";

/** A post-confirmation event as Cognito sends it, with a profile richer than the directory may hold. */
const event = (attributes: Record<string, string | undefined>, triggerSource = CONFIRM_SIGN_UP) =>
  ({
    version: "1",
    triggerSource,
    region: "ca-central-1",
    userPoolId: POOL,
    userName: "0b7c-example-sub",
    callerContext: { awsSdkVersion: "aws-sdk-js-3", clientId: "example" },
    request: { userAttributes: attributes },
    response: {},
  }) as PostConfirmationEvent;

const profile = {
  sub: "0b7c-example-sub",
  email: " Jane.Doe@Example.com ",
  email_verified: "true",
  name: "Jane Doe",
  phone_number: "+15555550100",
  "custom:org_id": "acme-ca",
};

const fakePutItem = () => jest.fn<ReturnType<PutItem>, [PutItemInput]>(async () => ({}));
const handlerWith = (putItem: PutItem) => writerHandler({ tableName: TABLE, region: "ca-central-1", putItem });

describe("user directory writer", () => {
  test("writes the routing entry: the email's key, the organization, the pool's region", async () => {
    const putItem = fakePutItem();
    await handlerWith(putItem)(event(profile));
    expect(putItem.mock.calls).toEqual([
      [
        {
          TableName: TABLE,
          Item: {
            user_key: { S: userKeyOf("jane.doe@example.com") },
            org_id: { S: "acme-ca" },
            home_region: { S: "ca-central-1" },
          },
          ReturnValues: "NONE",
        },
      ],
    ]);
  });

  test("writes no attribute but the routing ones, and no value of the profile but the organization", async () => {
    const putItem = fakePutItem();
    await handlerWith(putItem)(event(profile));
    const item = putItem.mock.calls[0][0].Item;
    expect(Object.keys(item).sort()).toEqual([USER_KEY, ...USER_DIRECTORY_ROUTING_ATTRIBUTES].sort());
    const written = JSON.stringify(putItem.mock.calls);
    for (const value of ["Jane", "example.com", "+15555550100", "0b7c-example-sub"])
      expect(written).not.toContain(value);
  });

  test("returns the event unchanged, as Cognito requires", async () => {
    const input = event(profile);
    const snapshot = JSON.parse(JSON.stringify(input)) as unknown;
    const output = await handlerWith(fakePutItem())(input);
    expect(output).toBe(input);
    expect(output).toEqual(snapshot);
  });

  test("keys a user by the normalized email, so the app can derive the key before sign-in", () => {
    expect(userKeyOf(" Jane.Doe@Example.com ")).toBe(userKeyOf("jane.doe@example.com"));
    expect(userKeyOf("jane.doe@example.com")).toMatch(/^[0-9a-f]{64}$/);
  });

  test.each([
    ["missing", undefined],
    ["empty", ""],
    ["malformed", "acme ca; drop"],
  ])("throws and writes nothing when the organization attribute is %s", async (_, orgId) => {
    const putItem = fakePutItem();
    const promise = handlerWith(putItem)(event({ ...profile, "custom:org_id": orgId }));
    await expect(promise).rejects.toThrow(`custom:org_id is missing or not an organization id on a user of ${POOL}`);
    expect(putItem).not.toHaveBeenCalled();
  });

  test("throws and writes nothing when the email is missing; the error carries no user value", async () => {
    const putItem = fakePutItem();
    const promise = handlerWith(putItem)(event({ ...profile, email: undefined }));
    await expect(promise).rejects.toThrow("the email is missing");
    await expect(handlerWith(putItem)(event({ ...profile, "custom:org_id": undefined }))).rejects.not.toThrow(
      /acme|Jane/,
    );
    expect(putItem).not.toHaveBeenCalled();
  });

  test("passes a confirmed password reset through without a write", async () => {
    const putItem = fakePutItem();
    const input = event(profile, "PostConfirmation_ConfirmForgotPassword");
    await expect(handlerWith(putItem)(input)).resolves.toBe(input);
    expect(putItem).not.toHaveBeenCalled();
  });

  test("lets a failed write fail the confirmation", async () => {
    const putItem = jest.fn<ReturnType<PutItem>, [PutItemInput]>(async () => {
      throw new Error("AccessDeniedException");
    });
    await expect(handlerWith(putItem)(event(profile))).rejects.toThrow("AccessDeniedException");
  });

  test("uses the directory's routing attribute names", () => {
    expect([ORGANIZATION_ATTRIBUTE, HOME_REGION_ATTRIBUTE]).toEqual([...USER_DIRECTORY_ROUTING_ATTRIBUTES]);
  });
});

describe("user directory writer entry point", () => {
  const mockSent: unknown[] = [];
  jest.mock(
    "@aws-sdk/client-dynamodb",
    () => ({
      DynamoDBClient: class {
        async send(command: { input: unknown }) {
          mockSent.push(command.input);
          return {};
        }
      },
      PutItemCommand: class {
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
    const { handler } = await import("../../functions/user-directory-writer/handler");
    await expect(handler(event(profile))).rejects.toThrow("USER_DIRECTORY_TABLE_NAME is not set");
  });

  test("writes through the runtime's SDK client into the function's own region", async () => {
    process.env[TABLE_NAME_VARIABLE] = TABLE;
    process.env.AWS_REGION = "ca-central-1";
    const { handler } = await import("../../functions/user-directory-writer/handler");
    await handler(event(profile));
    expect(mockSent).toEqual([expect.objectContaining({ TableName: TABLE, ReturnValues: "NONE" })]);
    expect(mockSent[0]).toMatchObject({ Item: { home_region: { S: "ca-central-1" } } });
  });
});

describe("user directory writer package", () => {
  test("transpiles to a handler.js that runs without TypeScript", () => {
    const directory = LambdaCode.fromTypeScript(
      join(__dirname, "../../functions/user-directory-writer"),
    ).packageDirectory();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const compiled = require(join(directory, "handler.js")) as { userKeyOf: typeof userKeyOf; handler: unknown };
    expect(compiled.userKeyOf("a@example.com")).toBe(userKeyOf("a@example.com"));
    expect(typeof compiled.handler).toBe("function");
  });
});
