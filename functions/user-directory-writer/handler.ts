/**
 * User directory writer: a Cognito user pool's post-confirmation trigger that writes the confirmed
 * user's routing entry into the user directory (a global table replicated to every residency zone):
 * `user_key` (a SHA-256 of the normalized sign-in email, what the app knows before sign-in), the
 * user's organization from the pool's custom attribute, and the home region (the pool's, which is
 * the function's own). Nothing else about the user is ever written. It writes the replica of its
 * own region (the SDK client takes the region from the runtime's AWS_REGION).
 *
 * It throws when the organization attribute or the email is missing or malformed rather than write
 * a partial entry: Cognito then fails the confirmation, and the user can confirm again once an
 * administrator has fixed the attribute.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-confirmation.html
 */
import { createHash } from "node:crypto";

/** The directory's key and routing attributes (src/capabilities/registry; a test holds them equal). */
export const USER_KEY = "user_key";
export const ORGANIZATION_ATTRIBUTE = "org_id";
export const HOME_REGION_ATTRIBUTE = "home_region";
/** The pool's custom attribute that carries the user's organization id. */
export const ORGANIZATION_USER_ATTRIBUTE = `custom:${ORGANIZATION_ATTRIBUTE}`;
/** Environment variable that names the directory table. */
export const TABLE_NAME_VARIABLE = "USER_DIRECTORY_TABLE_NAME";
/**
 * The trigger source of a confirmed sign-up. The trigger also runs on ConfirmForgotPassword, which
 * changes nothing the directory holds, so that source is passed through without a write.
 */
export const CONFIRM_SIGN_UP = "PostConfirmation_ConfirmSignUp";

/** Organization ids as the registry holds them (functions/organization-lookup). */
const ORGANIZATION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

/** The part of DynamoDB's PutItem request this handler sends. */
export interface PutItemInput {
  readonly TableName: string;
  readonly Item: Readonly<Record<string, { readonly S: string }>>;
  readonly ReturnValues: "NONE";
}

/** DynamoDB PutItem, injected: the SDK's client in Lambda, a fake in tests. */
export type PutItem = (input: PutItemInput) => Promise<unknown>;

/** The fields of a Cognito post-confirmation event this handler reads; the rest is returned as is. */
export interface PostConfirmationEvent {
  readonly triggerSource: string;
  readonly region: string;
  readonly userPoolId: string;
  readonly request: { readonly userAttributes: Readonly<Record<string, string | undefined>> };
  readonly [field: string]: unknown;
}

/** The directory key of a sign-in email: a hex SHA-256 of its trimmed, lowercased form. */
export function userKeyOf(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
}

/** A handler writing into the given table through the given PutItem. */
export function writerHandler(deps: {
  readonly tableName: string;
  readonly region: string;
  readonly putItem: PutItem;
}): (event: PostConfirmationEvent) => Promise<PostConfirmationEvent> {
  return async (event) => {
    if (event.triggerSource !== CONFIRM_SIGN_UP) return event;
    const attributes = event.request.userAttributes;
    const organizationId = attributes[ORGANIZATION_USER_ATTRIBUTE];
    const email = attributes.email;
    // The error names the pool and the attribute, never the user's values.
    if (organizationId === undefined || !ORGANIZATION_ID.test(organizationId)) {
      throw new Error(
        `${ORGANIZATION_USER_ATTRIBUTE} is missing or not an organization id on a user of ${event.userPoolId}; no directory entry written`,
      );
    }
    if (email === undefined || email.trim() === "") {
      throw new Error(`the email is missing on a user of ${event.userPoolId}; no directory entry written`);
    }
    if (!REGION.test(deps.region)) throw new Error(`${deps.region} is not a region`);
    await deps.putItem({
      TableName: deps.tableName,
      // Exactly the routing attributes, which is all the role's dynamodb:Attributes condition admits.
      Item: {
        [USER_KEY]: { S: userKeyOf(email) },
        [ORGANIZATION_ATTRIBUTE]: { S: organizationId },
        [HOME_REGION_ATTRIBUTE]: { S: deps.region },
      },
      ReturnValues: "NONE",
    });
    // Cognito requires the event back from a post-confirmation trigger.
    return event;
  };
}

/**
 * PutItem through the AWS SDK v3 that the Lambda Node.js runtime provides (it is not packaged).
 * The module name is held in a variable so the compiler does not look for the SDK's types.
 */
async function sdkPutItem(): Promise<PutItem> {
  const sdkModule = "@aws-sdk/client-dynamodb";
  const sdk = (await import(sdkModule)) as {
    DynamoDBClient: new (config: object) => { send(command: unknown): Promise<unknown> };
    PutItemCommand: new (input: PutItemInput) => unknown;
  };
  const client = new sdk.DynamoDBClient({});
  return (input) => client.send(new sdk.PutItemCommand(input));
}

let configured: ((event: PostConfirmationEvent) => Promise<PostConfirmationEvent>) | undefined;

/** The Lambda entry point (`handler.handler`); the client is made once per execution environment. */
export async function handler(event: PostConfirmationEvent): Promise<PostConfirmationEvent> {
  if (configured === undefined) {
    const tableName = process.env[TABLE_NAME_VARIABLE];
    if (tableName === undefined || tableName === "") throw new Error(`${TABLE_NAME_VARIABLE} is not set`);
    configured = writerHandler({ tableName, region: process.env.AWS_REGION ?? "", putItem: await sdkPutItem() });
  }
  return configured(event);
}
