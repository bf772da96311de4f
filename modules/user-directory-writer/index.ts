import { Construct } from "constructs";
import {
  HOME_REGION_ATTRIBUTE,
  ORGANIZATION_ATTRIBUTE,
  TABLE_NAME_VARIABLE,
  USER_KEY,
} from "../../functions/user-directory-writer/handler";
import type { PolicyStatement } from "../iam/policy";
import { LambdaCode, LambdaFunction, repositoryDirectory, type LambdaFunctionRef } from "../lambda-function";
import {
  dynamodbOnlyNetwork,
  replicaIssues,
  type OrganizationRegistryRef,
  type RegistryFunctionProps,
} from "../organization-lookup";
import { USER_DIRECTORY_WRITER_SOURCE } from "./defaults";

export { ORGANIZATION_USER_ATTRIBUTE_NAME, USER_DIRECTORY_WRITER_SOURCE } from "./defaults";

/** The attributes the writer's item holds: the key and the routing attributes, nothing else. */
export const USER_DIRECTORY_WRITTEN_ATTRIBUTES = [USER_KEY, ORGANIZATION_ATTRIBUTE, HOME_REGION_ATTRIBUTE] as const;

export interface UserDirectoryWriterProps extends RegistryFunctionProps {
  /** The user directory as this region holds it: its local replica's ARN and that replica's key. */
  readonly directory: OrganizationRegistryRef;
}

/**
 * The user directory writer: `functions/user-directory-writer` as a Lambda function for a user
 * pool's post-confirmation trigger. Its role may PutItem on the directory table of its own region
 * with exactly the routing attributes and no returned values, and use that table's key through
 * DynamoDB; its logs go to a KMS-encrypted log group (modules/lambda-function).
 */
export class UserDirectoryWriter extends Construct {
  readonly function: LambdaFunction;
  readonly ref: LambdaFunctionRef;

  constructor(scope: Construct, id: string, props: UserDirectoryWriterProps) {
    super(scope, id);
    const issues = replicaIssues("directory", props.directory, props.region, "the writer writes");
    this.node.addValidation({ validate: () => issues });
    const { directory, network, functionName, ...rest } = props;
    this.function = new LambdaFunction(this, "resource", {
      ...rest,
      functionName,
      description: "Post-confirmation trigger: the user's routing entry in the user directory",
      code: LambdaCode.fromTypeScript(repositoryDirectory(USER_DIRECTORY_WRITER_SOURCE)),
      handler: "handler.handler",
      environment: { [TABLE_NAME_VARIABLE]: directory.tableName },
      policyStatements: directoryWriteStatements(props.region, directory),
      network: dynamodbOnlyNetwork(this, props.region, network),
    });
    this.ref = this.function.ref;
  }
}

/**
 * PutItem on the one table, only with the routing attributes (`dynamodb:Attributes`, every
 * attribute of the request among them) and without returned values (`dynamodb:ReturnValues`), so
 * the role can neither store more about a user nor read an item back; and the table's key through
 * DynamoDB of this region only.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_dynamodb_columns.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html
 */
export function directoryWriteStatements(region: string, directory: OrganizationRegistryRef): PolicyStatement[] {
  return [
    {
      Sid: "WriteRoutingEntry",
      Effect: "Allow",
      Action: "dynamodb:PutItem",
      Resource: directory.tableArn,
      Condition: {
        "ForAllValues:StringEquals": { "dynamodb:Attributes": [...USER_DIRECTORY_WRITTEN_ATTRIBUTES] },
        StringEqualsIfExists: { "dynamodb:ReturnValues": "NONE" },
      },
    },
    {
      Sid: "UseDirectoryKeyThroughDynamoDb",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: directory.kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `dynamodb.${region}.amazonaws.com` } },
    },
  ];
}
