import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULTS, LambdaCode, LambdaFunction, type LambdaFunctionProps } from "../../modules/lambda-function";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const source = mkdtempSync(join(tmpdir(), "lambda-source-"));
writeFileSync(join(source, "index.js"), "exports.handler = async () => ({ statusCode: 204 });\n");

const base: LambdaFunctionProps = {
  functionName: "acme-prod-lookup",
  region: "us-east-1",
  accountId: "123456789012",
  code: LambdaCode.fromDirectory(source),
  environment: { REGISTRY_TABLE_NAME: "acme-organization-registry" },
};

const network: LambdaFunctionProps["network"] = {
  vpcId: "vpc-0abc",
  subnetIds: ["subnet-0a", "subnet-0b", "subnet-0c"],
  egress: { dynamodb: { description: "DynamoDB gateway endpoint", port: 443, prefixListId: "pl-02cd2c6b" } },
};

const synth = (props: Partial<LambdaFunctionProps> = {}): StackJson =>
  synthModule((s) => new LambdaFunction(s, "lookup", { ...base, ...props }));

const statementsOf = (json: StackJson) =>
  policyOf(resource(json, "aws_iam_role_policy", "lookup_role_policy")).Statement;

describe("LambdaFunction defaults", () => {
  const json = synth();
  const fn = resource(json, "aws_lambda_function", "lookup");

  test("runs the pinned Node.js runtime on arm64 with the archived code", () => {
    expect(fn).toMatchObject({
      function_name: "acme-prod-lookup",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      memory_size: 256,
      timeout: 10,
    });
    const [, hash] = /^assets\/lookup_code\/([0-9A-F]+)\/archive\.zip$/.exec(String(fn.filename)) ?? [];
    expect(hash).toBeDefined();
    expect(fn.source_code_hash).toBe(hash);
  });

  test("encrypts the environment with the created CMK", () => {
    expect(fn.kms_key_arn).toBe("${aws_kms_key.lookup_key.arn}");
    expect(fn.environment).toEqual({ variables: { REGISTRY_TABLE_NAME: "acme-organization-registry" } });
    expect(resource(json, "aws_kms_alias", "lookup_key_alias").name).toBe("alias/acme-prod-lookup-lambda");
  });

  test("logs JSON to its own log group, created first with the key, a retention and prevent_destroy", () => {
    expect(resource(json, "aws_cloudwatch_log_group", "lookup_logs")).toMatchObject({
      name: "/aws/lambda/acme-prod-lookup",
      kms_key_id: "${aws_kms_key.lookup_key.arn}",
      retention_in_days: 365,
      lifecycle: { prevent_destroy: true },
    });
    expect(fn.logging_config).toEqual({
      log_format: "JSON",
      log_group: "${aws_cloudwatch_log_group.lookup_logs.name}",
    });
    expect(fn.depends_on).toEqual(["aws_cloudwatch_log_group.lookup_logs", "aws_iam_role_policy.lookup_role_policy"]);
  });

  test("the key lets CloudWatch Logs of the region use it for this log group only", () => {
    const statements = policyOf(resource(json, "aws_kms_key", "lookup_key")).Statement;
    expect(statements.find((s) => s.Sid === "CloudWatchLogsEncryptsTheseLogGroups")).toMatchObject({
      Principal: { Service: "logs.us-east-1.amazonaws.com" },
      Condition: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn":
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/acme-prod-lookup",
        },
      },
    });
  });

  test("the role is trusted by Lambda only and named with the region (IAM is account-wide)", () => {
    const role = resource(json, "aws_iam_role", "lookup_role");
    expect(role.name).toBe("acme-prod-lookup-us-east-1");
    expect(policyOf(role, "assume_role_policy").Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
  });

  test("the role writes its own log streams and decrypts its environment, nothing else", () => {
    expect(statementsOf(json)).toEqual([
      {
        Sid: "WriteOwnLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "${aws_cloudwatch_log_group.lookup_logs.arn}:*",
      },
      { Sid: "DecryptEnvironment", Effect: "Allow", Action: "kms:Decrypt", Resource: "${aws_kms_key.lookup_key.arn}" },
    ]);
  });

  test("outside a VPC there is no security group, no VPC config and no VPC managed policy", () => {
    expect(fn.vpc_config).toBeUndefined();
    expect(resourcesOf(json, "aws_security_group")).toEqual({});
    expect(resourcesOf(json, "aws_iam_role_policy_attachment")).toEqual({});
  });

  test("no tracing, dead-letter target or reserved concurrency unless asked", () => {
    expect(fn.tracing_config).toBeUndefined();
    expect(fn.dead_letter_config).toBeUndefined();
    expect(fn.reserved_concurrent_executions).toBeUndefined();
  });

  test("the default runtime is the one the defaults name", () => {
    expect(DEFAULTS.runtime).toBe("nodejs22.x");
  });
});

describe("LambdaFunction in a VPC", () => {
  const json = synth({ network });
  const fn = resource(json, "aws_lambda_function", "lookup");

  test("runs in the given subnets with its own security group", () => {
    expect(fn.vpc_config).toEqual({
      subnet_ids: ["subnet-0a", "subnet-0b", "subnet-0c"],
      security_group_ids: ["${aws_security_group.lookup_sg.id}"],
    });
  });

  test("the security group admits nothing and reaches only the caller's destinations", () => {
    const group = resource(json, "aws_security_group", "lookup_sg");
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
    expect(resourcesOf(json, "aws_vpc_security_group_ingress_rule")).toEqual({});
    expect(resourcesOf(json, "aws_vpc_security_group_egress_rule")).toEqual({
      lookup_sg_out_dynamodb: expect.objectContaining({
        security_group_id: "${aws_security_group.lookup_sg.id}",
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        prefix_list_id: "pl-02cd2c6b",
      }),
    });
  });

  test("attaches AWSLambdaVPCAccessExecutionRole, and the function waits for it", () => {
    expect(resource(json, "aws_iam_role_policy_attachment", "lookup_role_vpc_access")).toMatchObject({
      role: "${aws_iam_role.lookup_role.name}",
      policy_arn: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
    });
    expect(fn.depends_on).toContain("aws_iam_role_policy_attachment.lookup_role_vpc_access");
  });
});

describe("LambdaFunction options", () => {
  test("tracing turns on active X-Ray and lets the role write traces", () => {
    const json = synth({ tracing: true });
    expect(resource(json, "aws_lambda_function", "lookup").tracing_config).toEqual({ mode: "Active" });
    expect(statementsOf(json)).toContainEqual({
      Sid: "WriteTraces",
      Effect: "Allow",
      Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
      Resource: "*",
    });
  });

  test.each([
    ["sqs", "arn:aws:sqs:us-east-1:123456789012:lookup-dlq", "sqs:SendMessage"],
    ["sns", "arn:aws:sns:us-east-1:123456789012:lookup-dlq", "sns:Publish"],
  ] as const)("a %s dead-letter target gets the one action it needs", (type, arn, action) => {
    const json = synth({ deadLetter: { type, arn } });
    expect(resource(json, "aws_lambda_function", "lookup").dead_letter_config).toEqual({ target_arn: arn });
    expect(statementsOf(json)).toContainEqual({
      Sid: "SendFailedEvents",
      Effect: "Allow",
      Action: action,
      Resource: arn,
    });
  });

  test("reserved concurrency, a given key and the caller's statements", () => {
    const key = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
    const statement = {
      Effect: "Allow" as const,
      Action: "dynamodb:GetItem",
      Resource: "arn:aws:dynamodb:us-east-1:1:table/t",
    };
    const json = synth({ reservedConcurrency: 5, kmsKeyArn: key, policyStatements: [statement] });
    const fn = resource(json, "aws_lambda_function", "lookup");
    expect(fn.reserved_concurrent_executions).toBe(5);
    expect(fn.kms_key_arn).toBe(key);
    expect(resourcesOf(json, "aws_kms_key")).toEqual({});
    expect(statementsOf(json)).toContainEqual(statement);
  });

  test("deletionProtection false lifts prevent_destroy from the log group and the key", () => {
    const json = synth({ deletionProtection: false });
    expect(resource(json, "aws_cloudwatch_log_group", "lookup_logs").lifecycle).toEqual({ prevent_destroy: false });
    expect(resource(json, "aws_kms_key", "lookup_key").lifecycle).toEqual({ prevent_destroy: false });
  });

  test("the code hash changes with the code, and only then", () => {
    const other = mkdtempSync(join(tmpdir(), "lambda-source-"));
    writeFileSync(join(other, "index.js"), "exports.handler = async () => ({ statusCode: 200 });\n");
    const hashOf = (json: StackJson) => resource(json, "aws_lambda_function", "lookup").source_code_hash;
    expect(hashOf(synth())).toBe(hashOf(synth()));
    expect(hashOf(synth({ code: LambdaCode.fromDirectory(other) }))).not.toBe(hashOf(synth()));
  });

  test("TypeScript sources are transpiled into the archive", () => {
    const ts = mkdtempSync(join(tmpdir(), "lambda-ts-"));
    writeFileSync(join(ts, "handler.ts"), "export const handler = async (): Promise<number> => 1;\n");
    writeFileSync(join(ts, "handler.test.ts"), "throw new Error('not packaged');\n");
    const directory = LambdaCode.fromTypeScript(ts).packageDirectory();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(Object.keys(require(join(directory, "handler.js")) as object)).toEqual(["handler"]);
    expect(LambdaCode.fromTypeScript(ts).packageDirectory()).toBe(directory);
  });
});

describe("LambdaFunction validation", () => {
  test.each<[string, Partial<LambdaFunctionProps>, RegExp]>([
    [
      "a runtime the pinned provider does not know",
      { runtime: "nodejs24.x" as LambdaFunctionProps["runtime"] },
      /runtime: nodejs24\.x is not known to the pinned AWS provider \(5\.100\.0\); use one of nodejs20\.x, nodejs22\.x/,
    ],
    [
      "an unsupported runtime",
      { runtime: "nodejs16.x" as LambdaFunctionProps["runtime"] },
      /runtime: "nodejs16\.x" is not a supported/,
    ],
    ["a bad name", { functionName: "acme lookup" }, /functionName: "acme lookup" must be 1-64 letters/],
    [
      "a role name over 64 characters",
      { functionName: "a".repeat(60) },
      /functionName: the role name .* is longer than IAM's 64/,
    ],
    [
      "a missing source directory",
      { code: LambdaCode.fromDirectory("/nonexistent/src") },
      /code: "\/nonexistent\/src" is not a directory/,
    ],
    ["memory out of range", { memorySizeMb: 64 }, /memorySizeMb: 64 is outside 128-10240/],
    ["a timeout over 15 minutes", { timeoutSeconds: 901 }, /timeoutSeconds: 901 is outside 1-900/],
    [
      "a retention CloudWatch does not offer",
      { logRetentionDays: 100 },
      /logRetentionDays: 100 is not a CloudWatch Logs retention/,
    ],
    ["negative reserved concurrency", { reservedConcurrency: -1 }, /reservedConcurrency: -1 must be a whole number/],
    [
      "a reserved environment name",
      { environment: { AWS_REGION: "us-east-1" } },
      /environment\.AWS_REGION: AWS_ names are reserved/,
    ],
    [
      "an access key in the environment",
      { environment: { KEY: "AKIAABCDEFGHIJKLMNOP" } },
      /environment\.KEY: looks like an access key id/,
    ],
    [
      "a key of another region",
      { kmsKeyArn: "arn:aws:kms:ca-central-1:123456789012:key/abc" },
      /kmsKeyArn: arn:aws:kms:ca-central-1:123456789012:key\/abc is in ca-central-1, not in the function's region us-east-1/,
    ],
    [
      "a dead-letter ARN of the wrong service",
      { deadLetter: { type: "sqs", arn: "arn:aws:sns:us-east-1:123456789012:t" } },
      /deadLetter\.arn: arn:aws:sns:us-east-1:123456789012:t is not an sqs ARN/,
    ],
    [
      "egress to anywhere",
      { network: { ...network!, egress: { all: { description: "all", port: 443, cidrIpv4: "0.0.0.0/0" } } } },
      /network\.egress\.all\.cidrIpv4: 0\.0\.0\.0\/0 lets the function reach anything/,
    ],
    [
      "egress with two destinations",
      {
        network: {
          ...network!,
          egress: { db: { description: "db", port: 5432, cidrIpv4: "10.0.64.0/21", prefixListId: "pl-1" } },
        },
      },
      /network\.egress\.db: give exactly one of cidrIpv4, prefixListId, securityGroupId/,
    ],
    [
      "one subnet",
      { network: { ...network!, subnetIds: ["subnet-0a"] } },
      /network\.subnetIds: give subnets in at least two availability zones/,
    ],
  ])("refuses %s", (_, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test("reports every problem at once", () => {
    expect(() => synth({ memorySizeMb: 1, timeoutSeconds: 0 })).toThrow(/memorySizeMb[\s\S]*timeoutSeconds/);
  });
});
