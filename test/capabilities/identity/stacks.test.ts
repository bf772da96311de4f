import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { OrganizationInput } from "../../../src/config/schema";
import { organization, policyOf, resource, resourcesOf, synthApp, type StackJson } from "../../helpers/synth";

const input = parse(readFileSync(join(__dirname, "../../../examples/customer1.yaml"), "utf8")) as OrganizationInput;
const { json } = synthApp(organization(input));
const REGIONS = { "prod-us-east-1": "us-east-1", "prod-ca-central-1": "ca-central-1" } as const;
const STACKS = Object.keys(REGIONS) as (keyof typeof REGIONS)[];
const other = (stack: keyof typeof REGIONS) => (stack === "prod-us-east-1" ? "ca-central-1" : "us-east-1");

/** The tables that may cross residency zones, as `type.name` addresses, with their per-region keys. */
const CROSSING =
  /^(aws_dynamodb_table\.(registry|user_directory)|aws_kms_key\.(registry|user_directory)_key_ca_central_1|aws_kms_alias\.(registry|user_directory)_key_ca_central_1_alias)$/;

/** Every resource of a stack but the registry's and the user directory's, as `[address, config]`. */
function residentResources(stack: StackJson): [string, Record<string, unknown>][] {
  return Object.entries(stack.resource ?? {})
    .flatMap(([type, byName]) => Object.entries(byName).map(([name, config]) => [`${type}.${name}`, config] as const))
    .filter(([address]) => !CROSSING.test(address))
    .map(([address, config]) => [address, config]);
}

describe("residency: each zone's identity layer stays in its region", () => {
  test.each(STACKS)("%s: no pool, API, log, key or function names the other zone's region", (id) => {
    const mentions = residentResources(json[id]).filter(([, config]) => JSON.stringify(config).includes(other(id)));
    expect(mentions.map(([address]) => address)).toEqual([]);
  });

  test.each(STACKS)("%s: every resource but the registry replicas' keys uses the stack's own provider", (id) => {
    const elsewhere = residentResources(json[id]).filter(([, config]) => config.provider !== undefined);
    expect(elsewhere.map(([address]) => address)).toEqual([]);
  });

  test("only the registry and the user directory replicate, from the owner to the other zone", () => {
    const replicated = Object.entries(json).flatMap(([id, stack]) =>
      Object.entries(resourcesOf(stack, "aws_dynamodb_table"))
        .filter(([, table]) => table.replica !== undefined)
        .map(([name, table]) => [id, name, (table.replica as { region_name: string }[]).map((r) => r.region_name)]),
    );
    expect(replicated).toEqual([
      ["prod-us-east-1", "registry", ["ca-central-1"]],
      ["prod-us-east-1", "user_directory", ["ca-central-1"]],
    ]);
  });

  test("the user directory holds routing data only: a user key and an organization id", () => {
    const directory = resource(json["prod-us-east-1"], "aws_dynamodb_table", "user_directory");
    expect(directory).toMatchObject({
      name: "customer1-user-directory",
      hash_key: "user_key",
      attribute: [
        { name: "user_key", type: "S" },
        { name: "org_id", type: "S" },
      ],
      deletion_protection_enabled: true,
    });
  });

  test("the guardrails protect the user directory's replicas as the registry's", () => {
    const policies = Object.values(resourcesOf(json.organization, "aws_organizations_policy"));
    const guardrails = policies.map((p) => String(p.content)).find((content) => content.includes("DeleteTableReplica"));
    expect(guardrails).toContain("customer1-user-directory");
    expect(guardrails).toContain("customer1-organization-registry");
  });
});

describe.each(STACKS)("the identity layer of %s", (id) => {
  const stack = json[id];
  const region = REGIONS[id];

  test("the organization lookup may only read its own region's registry replica", () => {
    const policy = policyOf(resource(stack, "aws_iam_role_policy", "fn_lookup_role_policy"));
    const statements = policy.Statement.filter((s) => s.Sid !== undefined && /Registry/.test(s.Sid));
    expect(statements).toEqual([
      {
        Sid: "ReadRegistryItem",
        Effect: "Allow",
        Action: "dynamodb:GetItem",
        Resource: `arn:aws:dynamodb:${region}:100000000003:table/customer1-organization-registry`,
      },
      expect.objectContaining({
        Sid: "DecryptRegistryThroughDynamoDb",
        Action: "kms:Decrypt",
        Condition: { StringEquals: { "kms:ViaService": `dynamodb.${region}.amazonaws.com` } },
      }),
    ]);
  });

  test("the lookup runs in the application subnets, its environment and logs on its own key", () => {
    const fn = resource(stack, "aws_lambda_function", "fn_lookup");
    expect(fn).toMatchObject({
      function_name: `customer1-${id}-lookup`,
      kms_key_arn: "${aws_kms_key.fn_lookup_key.arn}",
      reserved_concurrent_executions: 20,
      vpc_config: {
        subnet_ids: ["${aws_subnet.vpc_application_a.id}", "${aws_subnet.vpc_application_b.id}"],
      },
    });
    expect(resource(stack, "aws_cloudwatch_log_group", "fn_lookup_logs")).toMatchObject({
      kms_key_id: "${aws_kms_key.fn_lookup_key.arn}",
      retention_in_days: 365,
    });
  });

  test("the API's authorizer takes tokens of this region's pool only", () => {
    expect(resource(stack, "aws_apigatewayv2_authorizer", "api_public_authorizer")).toMatchObject({
      authorizer_type: "JWT",
      jwt_configuration: {
        issuer: `https://cognito-idp.${region}.amazonaws.com/\${aws_cognito_user_pool.pool_users.id}`,
      },
    });
  });

  test("the lookup route is public and throttled; access logs go to a KMS-encrypted group", () => {
    expect(resource(stack, "aws_apigatewayv2_route", "api_public_route_organization")).toMatchObject({
      route_key: "GET /organizations/{organizationId}",
      authorization_type: "NONE",
    });
    expect(resource(stack, "aws_apigatewayv2_stage", "api_public_stage").route_settings).toEqual([
      expect.objectContaining({ route_key: "GET /organizations/{organizationId}", throttling_burst_limit: 20 }),
      expect.objectContaining({ route_key: "GET /health", throttling_burst_limit: 5 }),
    ]);
    expect(resource(stack, "aws_cloudwatch_log_group", "api_public_access_logs").kms_key_id).toBe(
      "${aws_kms_key.api_public_logs_key.arn}",
    );
  });

  test("the custom domain's certificate is of the API's region, validated in the configured zone", () => {
    expect(resource(stack, "aws_acm_certificate", "api_public_certificate")).not.toHaveProperty("provider");
    expect(resource(stack, "aws_route53_record", "api_public_certificate_validation_record").zone_id).toBe(
      "Z0100000000000000001",
    );
    expect(resource(stack, "aws_apigatewayv2_domain_name", "api_public_domain")).toMatchObject({
      domain_name: `api.${region === "us-east-1" ? "us" : "ca"}.customer1.example.com`,
      domain_name_configuration: expect.objectContaining({
        endpoint_type: "REGIONAL",
        security_policy: "TLS_1_2",
        certificate_arn: "${aws_acm_certificate_validation.api_public_certificate_validation.certificate_arn}",
      }),
    });
  });

  test("the pool requires MFA, keeps deletion protection and gives the mobile app a public client", () => {
    expect(resource(stack, "aws_cognito_user_pool", "pool_users")).toMatchObject({
      mfa_configuration: "ON",
      software_token_mfa_configuration: { enabled: true },
      deletion_protection: "ACTIVE",
      user_pool_add_ons: { advanced_security_mode: "ENFORCED" },
      password_policy: expect.objectContaining({ minimum_length: 15 }),
    });
    expect(resource(stack, "aws_cognito_user_pool_client", "pool_users_client_mobile")).toMatchObject({
      generate_secret: false,
      allowed_oauth_flows: ["code"],
      callback_urls: ["com.customer1.resilience://auth/callback"],
    });
  });
});

test("the Canadian lookup deploys after the registry's owner, which declares its replica", () => {
  const ca = json["prod-ca-central-1"];
  expect(Object.keys(ca.data?.terraform_remote_state ?? {})).toContain("cross_stack_reference_input_prod_us_east_1");
});

test("the entry redirect at the edge holds the regional host names and nothing about organizations", () => {
  const entry = resource(json["prod-us-east-1"], "aws_cloudfront_function", "entry_redirect");
  expect(entry.code).toContain('"CA":"api.ca.customer1.example.com"');
  expect(entry.code).not.toMatch(/registry|org_id|dynamodb|cognito/i);
});
