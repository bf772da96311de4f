import { existsSync } from "node:fs";
import { join } from "node:path";
import { PATH_PARAMETER, TABLE_NAME_VARIABLE } from "../../functions/organization-lookup/handler";
import { repositoryDirectory } from "../../modules/lambda-function";
import {
  ORGANIZATION_LOOKUP_ROUTE,
  ORGANIZATION_LOOKUP_SOURCE,
  OrganizationLookup,
  type OrganizationLookupProps,
} from "../../modules/organization-lookup";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const TABLE_ARN = "arn:aws:dynamodb:ca-central-1:123456789012:table/acme-organization-registry";
const TABLE_KEY = "arn:aws:kms:ca-central-1:123456789012:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

const base: OrganizationLookupProps = {
  functionName: "acme-prod-organization-lookup",
  region: "ca-central-1",
  accountId: "123456789012",
  registry: { tableName: "acme-organization-registry", tableArn: TABLE_ARN, kmsKeyArn: TABLE_KEY },
};

const synth = (props: Partial<OrganizationLookupProps> = {}): StackJson =>
  synthModule((s) => new OrganizationLookup(s, "org_lookup", { ...base, ...props }));

const statements = (json: StackJson) =>
  policyOf(resource(json, "aws_iam_role_policy", "org_lookup_role_policy")).Statement;

describe("OrganizationLookup", () => {
  const json = synth();
  const fn = resource(json, "aws_lambda_function", "org_lookup");

  test("runs the repository's handler with the registry table named in its environment", () => {
    expect(fn).toMatchObject({
      function_name: "acme-prod-organization-lookup",
      handler: "handler.handler",
      runtime: "nodejs22.x",
      environment: { variables: { [TABLE_NAME_VARIABLE]: "acme-organization-registry" } },
    });
  });

  test("the role may GetItem on the registry table and decrypt with its key through DynamoDB, nothing more", () => {
    expect(statements(json).slice(2)).toEqual([
      { Sid: "ReadRegistryItem", Effect: "Allow", Action: "dynamodb:GetItem", Resource: TABLE_ARN },
      {
        Sid: "DecryptRegistryThroughDynamoDb",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: TABLE_KEY,
        Condition: { StringEquals: { "kms:ViaService": "dynamodb.ca-central-1.amazonaws.com" } },
      },
    ]);
    const dynamodbActions = statements(json)
      .flatMap((s) => [s.Action ?? []].flat())
      .filter((action) => action.startsWith("dynamodb:"));
    expect(dynamodbActions).toEqual(["dynamodb:GetItem"]);
  });

  test("serves the route whose path parameter the handler reads", () => {
    expect(ORGANIZATION_LOOKUP_ROUTE).toBe(`GET /organizations/{${PATH_PARAMETER}}`);
  });

  test("its sources are found from the repository root", () => {
    expect(existsSync(join(repositoryDirectory(ORGANIZATION_LOOKUP_SOURCE), "handler.ts"))).toBe(true);
  });

  test("outside a VPC it has no security group", () => {
    expect(resourcesOf(json, "aws_security_group")).toEqual({});
    expect(json.data?.aws_ec2_managed_prefix_list).toBeUndefined();
  });
});

describe("OrganizationLookup in a VPC", () => {
  const json = synth({ network: { vpcId: "vpc-0ca", subnetIds: ["subnet-0a", "subnet-0b"] } });

  test("reaches only DynamoDB's prefix list of its region, on 443", () => {
    expect(json.data?.aws_ec2_managed_prefix_list).toEqual({
      org_lookup_dynamodb_prefix_list: { name: "com.amazonaws.ca-central-1.dynamodb" },
    });
    expect(resourcesOf(json, "aws_vpc_security_group_egress_rule")).toEqual({
      org_lookup_sg_out_dynamodb: expect.objectContaining({
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        prefix_list_id: "${data.aws_ec2_managed_prefix_list.org_lookup_dynamodb_prefix_list.id}",
      }),
    });
  });
});

describe("OrganizationLookup validation", () => {
  test("refuses the registry table of another region", () => {
    expect(() =>
      synth({
        registry: {
          ...base.registry,
          tableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/acme-organization-registry",
        },
      }),
    ).toThrow(
      /registry\.tableArn: .* is not a dynamodb ARN of ca-central-1; the lookup reads its own region's replica/,
    );
  });

  test("refuses a key of another region", () => {
    expect(() =>
      synth({ registry: { ...base.registry, kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/x" } }),
    ).toThrow(/registry\.kmsKeyArn: .* is not a kms ARN of ca-central-1/);
  });
});
