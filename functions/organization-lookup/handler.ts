/**
 * Organization lookup: `GET /organizations/{organizationId}` of an API Gateway HTTP API (payload
 * format 2.0) answers `{ organizationId, homeRegion }` from the organization registry, and nothing
 * else of the registry's item. It reads the replica of the function's own region (the SDK client
 * takes the region from the runtime's AWS_REGION): the registry is the one table that is meant to
 * be the same in every region.
 */

/** The registry's key and attribute (modules/dynamodb-global-table `DEFAULTS`; a test holds them equal). */
export const REGISTRY_KEY = "org_id";
export const HOME_REGION_ATTRIBUTE = "home_region";
/** Environment variable that names the registry table. */
export const TABLE_NAME_VARIABLE = "REGISTRY_TABLE_NAME";
/** Path parameter of the route that carries the organization id. */
export const PATH_PARAMETER = "organizationId";

/** Organization ids: 1-64 letters, digits, `-` or `_`, starting with a letter or digit. */
export const ORGANIZATION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

/** The part of DynamoDB's GetItem request this handler sends. */
export interface GetItemInput {
  readonly TableName: string;
  readonly Key: { readonly [REGISTRY_KEY]: { readonly S: string } };
  readonly ProjectionExpression: string;
  readonly ExpressionAttributeNames: Readonly<Record<string, string>>;
}

/** The part of GetItem's response this handler reads. */
export interface GetItemOutput {
  readonly Item?: Readonly<Record<string, { readonly S?: string } | undefined>>;
}

/** DynamoDB GetItem, injected: the SDK's client in Lambda, a fake in tests. */
export type GetItem = (input: GetItemInput) => Promise<GetItemOutput>;

/** The fields of an HTTP API (payload 2.0) event this handler reads. */
export interface HttpApiEvent {
  readonly pathParameters?: Readonly<Record<string, string | undefined>>;
}

export interface HttpApiResult {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const respond = (statusCode: number, body: object): HttpApiResult => ({
  statusCode,
  // An edge cache in front of a residency-bound API must not keep its answers.
  headers: { "content-type": "application/json", "cache-control": "no-store" },
  body: JSON.stringify(body),
});

/** A handler reading the given table through the given GetItem. */
export function lookupHandler(deps: {
  readonly tableName: string;
  readonly getItem: GetItem;
}): (event: HttpApiEvent) => Promise<HttpApiResult> {
  return async (event) => {
    const organizationId = event.pathParameters?.[PATH_PARAMETER];
    if (organizationId === undefined || !ORGANIZATION_ID.test(organizationId)) {
      return respond(400, {
        message: `${PATH_PARAMETER} must be 1-64 letters, digits, "-" or "_", starting with a letter or digit`,
      });
    }
    let output: GetItemOutput;
    try {
      output = await deps.getItem({
        TableName: deps.tableName,
        Key: { [REGISTRY_KEY]: { S: organizationId } },
        // Only the home region is read, so no other attribute of the item ever reaches the function.
        ProjectionExpression: "#homeRegion",
        ExpressionAttributeNames: { "#homeRegion": HOME_REGION_ATTRIBUTE },
      });
    } catch (error) {
      console.error(JSON.stringify({ message: "registry read failed", organizationId, error: errorName(error) }));
      return respond(500, { message: "the organization registry could not be read" });
    }
    if (output.Item === undefined) return respond(404, { message: "no such organization" });
    const homeRegion = output.Item[HOME_REGION_ATTRIBUTE]?.S;
    if (homeRegion === undefined || !REGION.test(homeRegion)) {
      console.error(JSON.stringify({ message: "registry entry has no valid home region", organizationId }));
      return respond(500, { message: "the organization's registry entry is malformed" });
    }
    return respond(200, { organizationId, homeRegion });
  };
}

const errorName = (error: unknown): string => (error instanceof Error ? error.name : typeof error);

/**
 * GetItem through the AWS SDK v3 that the Lambda Node.js runtime provides (it is not packaged).
 * The module name is held in a variable so the compiler does not look for the SDK's types.
 */
async function sdkGetItem(): Promise<GetItem> {
  const sdkModule = "@aws-sdk/client-dynamodb";
  const sdk = (await import(sdkModule)) as {
    DynamoDBClient: new (config: object) => { send(command: unknown): Promise<GetItemOutput> };
    GetItemCommand: new (input: GetItemInput) => unknown;
  };
  const client = new sdk.DynamoDBClient({});
  return (input) => client.send(new sdk.GetItemCommand(input));
}

let configured: ((event: HttpApiEvent) => Promise<HttpApiResult>) | undefined;

/** The Lambda entry point (`handler.handler`); the client is made once per execution environment. */
export async function handler(event: HttpApiEvent): Promise<HttpApiResult> {
  if (configured === undefined) {
    const tableName = process.env[TABLE_NAME_VARIABLE];
    if (tableName === undefined || tableName === "") throw new Error(`${TABLE_NAME_VARIABLE} is not set`);
    configured = lookupHandler({ tableName, getItem: await sdkGetItem() });
  }
  return configured(event);
}
