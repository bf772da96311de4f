import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { OrganizationInput } from "../../../src/config/schema";
import { organization, policyOf, resource, resourcesOf, synthApp } from "../../helpers/synth";

const input = parse(readFileSync(join(__dirname, "../../../examples/customer1.yaml"), "utf8")) as OrganizationInput;
const { json } = synthApp(organization(input));
const REGIONS = { "prod-us-east-1": "us-east-1", "prod-ca-central-1": "ca-central-1" } as const;
const STACKS = Object.keys(REGIONS) as (keyof typeof REGIONS)[];
const GLOBAL = "api_customer1_example_com";

describe.each(STACKS)("the global API name in %s", (id) => {
  const stack = json[id];

  test("its API serves api.customer1.example.com on a domain of its own, with a certificate of its region", () => {
    expect(resource(stack, "aws_acm_certificate", `api_public_certificate_${GLOBAL}`)).toMatchObject({
      domain_name: "api.customer1.example.com",
      validation_method: "DNS",
    });
    expect(resource(stack, "aws_apigatewayv2_domain_name", `api_public_domain_${GLOBAL}`)).toMatchObject({
      domain_name: "api.customer1.example.com",
      domain_name_configuration: {
        certificate_arn: `\${aws_acm_certificate_validation.api_public_certificate_${GLOBAL}_validation.certificate_arn}`,
        endpoint_type: "REGIONAL",
        security_policy: "TLS_1_2",
      },
    });
    expect(resource(stack, "aws_apigatewayv2_api_mapping", `api_public_mapping_${GLOBAL}`)).toMatchObject({
      api_id: "${aws_apigatewayv2_api.api_public.id}",
      domain_name: `\${aws_apigatewayv2_domain_name.api_public_domain_${GLOBAL}.id}`,
      stage: "${aws_apigatewayv2_stage.api_public_stage.id}",
    });
  });

  test("its geolocation members alias that domain and are health-checked on the region's own name", () => {
    const records = Object.values(resourcesOf(stack, "aws_route53_record")).filter(
      (r) => r.name === "api.customer1.example.com",
    );
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      expect(record.alias).toMatchObject({
        name: `\${aws_apigatewayv2_domain_name.api_public_domain_${GLOBAL}.domain_name_configuration[0].target_domain_name}`,
      });
      expect(record.geolocation_routing_policy).toBeDefined();
      expect(record.health_check_id).toBeDefined();
    }
    const regional = id === "prod-us-east-1" ? "api.us.customer1.example.com" : "api.ca.customer1.example.com";
    for (const check of Object.values(resourcesOf(stack, "aws_route53_health_check"))) {
      expect(check).toMatchObject({ fqdn: regional, type: "HTTPS", resource_path: "/health" });
    }
  });
});

describe.each(STACKS)("the post-confirmation trigger in %s", (id) => {
  const stack = json[id];
  const region = REGIONS[id];
  const tableArn = `arn:aws:dynamodb:${region}:100000000003:table/customer1-user-directory`;

  test("the pool invokes the directory writer and carries the immutable organization attribute", () => {
    const pool = resource(stack, "aws_cognito_user_pool", "pool_users");
    expect(pool.lambda_config).toEqual({ post_confirmation: "${aws_lambda_function.fn_directory.arn}" });
    expect(pool.schema).toEqual([
      expect.objectContaining({ name: "org_id", attribute_data_type: "String", mutable: false }),
    ]);
    expect(pool.admin_create_user_config).toEqual({ allow_admin_create_user_only: false });
  });

  test("only this pool may invoke the writer", () => {
    expect(resource(stack, "aws_lambda_permission", "pool_users_post_confirmation_permission")).toEqual({
      function_name: "${aws_lambda_function.fn_directory.function_name}",
      action: "lambda:InvokeFunction",
      principal: "cognito-idp.amazonaws.com",
      source_arn: "${aws_cognito_user_pool.pool_users.arn}",
      source_account: "100000000003",
    });
  });

  test("the writer may PutItem the routing attributes on its region's directory replica, and nothing else", () => {
    const statements = policyOf(resource(stack, "aws_iam_role_policy", "fn_directory_role_policy")).Statement;
    const data = statements.filter((s) => JSON.stringify(s.Action).includes("dynamodb:"));
    expect(data).toEqual([
      {
        Sid: "WriteRoutingEntry",
        Effect: "Allow",
        Action: "dynamodb:PutItem",
        Resource: tableArn,
        Condition: {
          "ForAllValues:StringEquals": { "dynamodb:Attributes": ["user_key", "org_id", "home_region"] },
          StringEqualsIfExists: { "dynamodb:ReturnValues": "NONE" },
        },
      },
    ]);
    const kms = statements.find((s) => s.Sid === "UseDirectoryKeyThroughDynamoDb");
    expect(kms?.Condition).toEqual({ StringEquals: { "kms:ViaService": `dynamodb.${region}.amazonaws.com` } });
  });

  test("the writer runs the repository's handler, logging to a KMS-encrypted group", () => {
    expect(resource(stack, "aws_lambda_function", "fn_directory")).toMatchObject({
      handler: "handler.handler",
      environment: { variables: { USER_DIRECTORY_TABLE_NAME: "customer1-user-directory" } },
    });
    expect(resource(stack, "aws_cloudwatch_log_group", "fn_directory_logs")).toMatchObject({
      kms_key_id: "${aws_kms_key.fn_directory_key.arn}",
    });
  });
});
