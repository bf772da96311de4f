import { existsSync } from "node:fs";
import { join } from "node:path";
import { TABLE_NAME_VARIABLE } from "../../functions/user-directory-writer/handler";
import { repositoryDirectory } from "../../modules/lambda-function";
import {
  USER_DIRECTORY_WRITER_SOURCE,
  UserDirectoryWriter,
  type UserDirectoryWriterProps,
} from "../../modules/user-directory-writer";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const TABLE_ARN = "arn:aws:dynamodb:ca-central-1:123456789012:table/acme-user-directory";
const TABLE_KEY = "arn:aws:kms:ca-central-1:123456789012:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

const base: UserDirectoryWriterProps = {
  functionName: "acme-prod-ca-central-1-directory",
  region: "ca-central-1",
  accountId: "123456789012",
  directory: { tableName: "acme-user-directory", tableArn: TABLE_ARN, kmsKeyArn: TABLE_KEY },
};

const synth = (props: Partial<UserDirectoryWriterProps> = {}): StackJson =>
  synthModule((s) => new UserDirectoryWriter(s, "writer", { ...base, ...props }));

describe("UserDirectoryWriter", () => {
  const json = synth();
  const statements = policyOf(resource(json, "aws_iam_role_policy", "writer_role_policy")).Statement;

  test("runs the repository's handler with the directory table named in its environment", () => {
    expect(resource(json, "aws_lambda_function", "writer")).toMatchObject({
      function_name: "acme-prod-ca-central-1-directory",
      handler: "handler.handler",
      environment: { variables: { [TABLE_NAME_VARIABLE]: "acme-user-directory" } },
    });
    expect(existsSync(join(repositoryDirectory(USER_DIRECTORY_WRITER_SOURCE), "handler.ts"))).toBe(true);
  });

  test("may only PutItem the routing attributes, with no values returned, and use the key through DynamoDB", () => {
    expect(
      statements.filter((s) => s.Sid === "WriteRoutingEntry" || s.Sid === "UseDirectoryKeyThroughDynamoDb"),
    ).toEqual([
      {
        Sid: "WriteRoutingEntry",
        Effect: "Allow",
        Action: "dynamodb:PutItem",
        Resource: TABLE_ARN,
        Condition: {
          "ForAllValues:StringEquals": { "dynamodb:Attributes": ["user_key", "org_id", "home_region"] },
          StringEqualsIfExists: { "dynamodb:ReturnValues": "NONE" },
        },
      },
      {
        Sid: "UseDirectoryKeyThroughDynamoDb",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: TABLE_KEY,
        Condition: { StringEquals: { "kms:ViaService": "dynamodb.ca-central-1.amazonaws.com" } },
      },
    ]);
    const dynamodbActions = statements.flatMap((s) => [s.Action ?? []].flat()).filter((a) => a.startsWith("dynamodb:"));
    expect(dynamodbActions).toEqual(["dynamodb:PutItem"]);
  });

  test("outside a VPC it has no security group; inside, it reaches only DynamoDB's prefix list", () => {
    expect(resourcesOf(json, "aws_security_group")).toEqual({});
    const inVpc = synth({ network: { vpcId: "vpc-0ca", subnetIds: ["subnet-0a", "subnet-0b"] } });
    expect(Object.values(resourcesOf(inVpc, "aws_vpc_security_group_egress_rule"))).toEqual([
      expect.objectContaining({
        from_port: 443,
        prefix_list_id: "${data.aws_ec2_managed_prefix_list.writer_dynamodb_prefix_list.id}",
      }),
    ]);
  });

  test("refuses a directory replica or key of another region", () => {
    expect(() =>
      synth({ directory: { ...base.directory, tableArn: TABLE_ARN.replace("ca-central-1", "us-east-1") } }),
    ).toThrow(
      /directory\.tableArn: .* is not a dynamodb ARN of ca-central-1; the writer writes its own region's replica/,
    );
    expect(() =>
      synth({ directory: { ...base.directory, kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/x" } }),
    ).toThrow(/directory\.kmsKeyArn: .* is not a kms ARN of ca-central-1/);
  });
});
