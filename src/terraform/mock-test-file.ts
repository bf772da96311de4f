import { TerraformResource, type TerraformStack } from "cdktf";

/** The synthesized JSON of one stack, as far as the test file needs it. */
export interface SynthesizedStack {
  readonly provider?: Record<string, { alias?: string; region?: string }[]>;
  readonly data?: Record<string, Record<string, unknown>>;
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly import?: { to: string }[];
}

/** Services whose ARN namespace differs from the resource type's second word. */
const ARN_SERVICE: Record<string, string> = { cloudwatch: "logs", vpc: "ec2", db: "rds", eip: "ec2", nat: "ec2" };

/**
 * A plausible ARN for a mocked resource: mocked applies fill computed attributes with random
 * strings, which fail the provider's ARN validation where one resource's ARN feeds another.
 */
export function mockArn(resourceType: string): string {
  const word = resourceType.split("_")[1] ?? "mock";
  const service = ARN_SERVICE[word] ?? word;
  const global = ["iam", "organizations", "s3", "cloudfront", "route53"].includes(service);
  return `arn:aws:${service}:${global ? "" : "us-east-1"}:${service === "s3" ? "" : "123456789012"}:${resourceType.replace(/^aws_/, "")}/mock`;
}

/** A placeholder for a cross-stack output, shaped by its name (ARNs, id lists, plain strings). */
export function mockOutputValue(outputName: string): unknown {
  if (/arn/i.test(outputName)) return "arn:aws:mock:us-east-1:123456789012:mock/cross-stack";
  if (/ids$/i.test(outputName)) return ["mock-a", "mock-b", "mock-c"];
  return "mock-cross-stack";
}

/**
 * Computed attributes that feed a validated argument elsewhere (an OU id into an account's
 * `parent_id`, the root id into an OU's), where a random mock string would fail validation.
 */
const TYPE_DEFAULTS: Record<string, Record<string, unknown>> = {
  aws_organizations_organization: {
    id: "o-mockorg0001",
    master_account_id: "123456789012",
    roots: [{ id: "r-ab12", arn: "arn:aws:organizations::123456789012:root/o-mockorg0001/r-ab12", name: "Root" }],
  },
  aws_organizations_organizational_unit: { id: "ou-ab12-mock5678" },
  // An adopted account's parent may be an OU created in the same plan: unknown, which an import refuses.
  aws_organizations_account: { id: "123456789012", parent_id: "ou-ab12-mock5678" },
  aws_organizations_policy: { id: "p-mock1234" },
  // A node group refuses a launch template id that does not start with `lt-`.
  aws_launch_template: { id: "lt-0123456789abcdef0" },
  // The -k8s stack reads certificate_authority[0].data; a mocked computed list is empty.
  aws_eks_cluster: { certificate_authority: [{ data: "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==" }] },
  // DMS resources expose their ARNs under their own names, which the task and alarms validate.
  aws_dms_certificate: { certificate_arn: "arn:aws:dms:us-east-1:123456789012:cert:MOCK" },
  aws_dms_endpoint: { endpoint_arn: "arn:aws:dms:us-east-1:123456789012:endpoint:MOCK" },
  aws_dms_replication_instance: { replication_instance_arn: "arn:aws:dms:us-east-1:123456789012:rep:MOCK" },
  // Security group rules validate the `sg-` form of the group they reference (caches, document databases, Glue).
  aws_security_group: { id: "sg-0123456789abcdef0" },
  aws_db_instance: {
    master_user_secret: [
      {
        secret_arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds-mock",
        kms_key_id: "arn:aws:kms:us-east-1:123456789012:key/mock",
        secret_status: "active",
      },
    ],
  },
};

/**
 * Computed attributes whose well-formed value names the region of the resource's provider: a user
 * pool id is `<region>_<id>` (the app clients and the JWT issuer take it), an HTTP API's execution
 * ARN prefixes the Lambda permissions' `source_arn`, which the provider validates as an ARN.
 */
const REGIONAL_DEFAULTS: Record<string, (region: string) => Record<string, unknown>> = {
  aws_cognito_user_pool: (region) => ({ id: `${region}_Mock12345` }),
  aws_apigatewayv2_api: (region) => ({
    id: "mockapi123",
    execution_arn: `arn:aws:execute-api:${region}:123456789012:mockapi123`,
    api_endpoint: `https://mockapi123.execute-api.${region}.amazonaws.com`,
  }),
};

/**
 * Computed attributes of data sources that a postcondition checks (an admin role's path, which the
 * default and example organizations leave at `/`), where a random mock string would fail it.
 */
const DATA_DEFAULTS: Record<string, Record<string, unknown>> = {
  aws_iam_role: { path: "/" },
  // Identity Center's postcondition wants exactly one instance, with its identity store.
  aws_ssoadmin_instances: {
    arns: ["arn:aws:sso:::instance/ssoins-0123456789abcdef"],
    identity_store_ids: ["d-0123456789"],
  },
};

/**
 * Mock values of one resource type: a plausible ARN where it has one, and the type's defaults (those
 * that name a region name the provider's, us-east-1 when it has none).
 */
function mockDefaults(type: string, hasArn: boolean, region = "us-east-1"): Record<string, unknown> {
  return { ...(hasArn ? { arn: mockArn(type) } : {}), ...TYPE_DEFAULTS[type], ...REGIONAL_DEFAULTS[type]?.(region) };
}

const hcl = (value: unknown): string => JSON.stringify(value);

/**
 * A `.tftest.hcl` for one stack: every provider (and alias) mocked, ARNs for the resource
 * types that have one, `override_resource` for every `import` target (mock providers cannot
 * import), and `override_data` for cross-stack `terraform_remote_state`, which `mock_provider`
 * does not cover; one run of the given command.
 */
export function mockTestFile(
  stack: TerraformStack,
  synthesized: SynthesizedStack,
  command: "plan" | "apply",
  options: MockOptions = {},
): string {
  const blocks: string[] = [];
  const arnTypes = awsResourceTypes(stack);
  const zoneIds = options.offeredZoneIds ?? zonesOf(synthesized);
  for (const [provider, configs] of Object.entries(synthesized.provider ?? {})) {
    for (const config of configs) {
      const alias = config.alias === undefined ? "" : `\n  alias = ${hcl(config.alias)}`;
      const types = provider === "aws" ? arnTypes : new Map<string, boolean>();
      const defaults = [...types]
        .map(([type, hasArn]) => [type, mockDefaults(type, hasArn, config.region)] as const)
        .filter(([, values]) => Object.keys(values).length > 0)
        .map(([type, values]) => `  mock_resource ${hcl(type)} {\n    defaults = ${hclObject(values)}\n  }`);
      if (provider === "aws") {
        // The account is offered the zones the VPC asks for (a real plan checks them with a postcondition).
        // A provider's region, for the plan-time checks that read it (CloudFront's certificate and web ACL in us-east-1).
        const data: Record<string, Record<string, unknown>> = {
          ...DATA_DEFAULTS,
          aws_availability_zones: { zone_ids: zoneIds },
          ...(config.region === undefined ? {} : { aws_region: { name: config.region } }),
        };
        const dataTypes = Object.keys(synthesized.data ?? {}).filter((type) => data[type] !== undefined);
        defaults.push(
          ...dataTypes.map((type) => `  mock_data ${hcl(type)} {\n    defaults = ${hclObject(data[type])}\n  }`),
        );
      }
      blocks.push(`mock_provider ${hcl(provider)} {${alias}\n${defaults.join("\n")}\n}`);
    }
  }
  const override = (address: string, during: "" | "plan" = ""): string => {
    const values = mockDefaults(address.split(".")[0], arnTypes.get(address.split(".")[0]) ?? false);
    const when = during === "" ? "" : `\n  override_during = ${during}`;
    return `override_resource {\n  target = ${address}\n  values = ${hclObject(values)}${when}\n}`;
  };
  const imported = (synthesized.import ?? []).map((block) => block.to);
  blocks.push(...imported.map((address) => override(address)));
  // A mocked import takes the config's values as the imported state, so what the config reads
  // from resources created in the same plan (an adopted account's new OU) must be known at plan.
  const createdInputs = new Set(
    imported.flatMap((address) => referencesOf(synthesized, address)).filter((address) => !imported.includes(address)),
  );
  blocks.push(...[...createdInputs].sort().map((address) => override(address, "plan")));
  blocks.push(...certificateOverrides(synthesized, (type) => mockDefaults(type, true)));
  // An imported subnet (or one an import reads) has its override already.
  const overridden = new Set([...imported, ...createdInputs]);
  blocks.push(...subnetOverrides(synthesized, overridden));
  for (const [name, outputs] of Object.entries(remoteStateReads(synthesized))) {
    const values = Object.fromEntries(outputs.map((output) => [output, remoteOutputValue(name, output, options)]));
    blocks.push(
      `override_data {\n  target = data.terraform_remote_state.${name}\n  values = { outputs = ${hcl(values)} }\n}`,
    );
  }
  blocks.push(`run ${hcl(command)} {\n  command = ${command}\n}`);
  return `${blocks.join("\n\n")}\n`;
}

/**
 * A mocked certificate's validation options, one per name it was given: a mock leaves the set empty,
 * and the validation records look their values up by name (as ACM answers a real apply).
 */
function certificateOverrides(
  synthesized: SynthesizedStack,
  defaults: (type: string) => Record<string, unknown>,
): string[] {
  const certificates = (synthesized.resource?.aws_acm_certificate ?? {}) as Record<
    string,
    { domain_name?: string; subject_alternative_names?: string[] }
  >;
  return Object.entries(certificates).map(([name, certificate]) => {
    const names = [certificate.domain_name ?? "", ...(certificate.subject_alternative_names ?? [])].filter(
      (domain) => domain !== "" && !domain.includes("${"),
    );
    const options = names.map((domain) => ({
      domain_name: domain,
      resource_record_name: `_mock.${domain.replace(/^\*\./, "")}.`,
      resource_record_type: "CNAME",
      resource_record_value: "_mock.acm-validations.aws.",
    }));
    const values = { ...defaults("aws_acm_certificate"), domain_validation_options: options };
    return `override_resource {\n  target = aws_acm_certificate.${name}\n  values = ${hclObject(values)}\n}`;
  });
}

/**
 * Every subnet gets a well-formed id of its own (`subnet-` and 17 hex digits, distinct, so sets of them keep their
 * size), as AWS hands them: a mock gives random strings, and a QuickSight VPC connection validates the
 * `subnet-` form at apply.
 */
function subnetOverrides(synthesized: SynthesizedStack, overridden: ReadonlySet<string>): string[] {
  return Object.keys(synthesized.resource?.aws_subnet ?? {}).flatMap((name, i) => {
    const address = `aws_subnet.${name}`;
    if (overridden.has(address)) return [];
    const id = `subnet-0${i.toString(16).padStart(16, "0")}`;
    return [`override_resource {\n  target = ${address}\n  values = ${hclObject({ id })}\n}`];
  });
}

export interface MockOptions {
  /** Zone IDs `data.aws_availability_zones` returns. @default - the zones of the stack's subnets */
  readonly offeredZoneIds?: readonly string[];
  /**
   * The outputs of the producer a `terraform_remote_state` data source (by name) reads: what the
   * producer's mocked apply returned, so the wiring between stacks is checked end to end.
   * @default - placeholders shaped by each output's name (`mockOutputValue`)
   */
  readonly remoteOutputs?: (dataSourceName: string) => Readonly<Record<string, unknown>> | undefined;
}

/** The outputs each `terraform_remote_state` data source of a stack is read for, by data source name. */
export function remoteStateReads(synthesized: SynthesizedStack): Record<string, string[]> {
  const json = JSON.stringify(synthesized);
  return Object.fromEntries(
    Object.keys(synthesized.data?.terraform_remote_state ?? {}).map((name) => {
      const pattern = new RegExp(`data\\.terraform_remote_state\\.${name}\\.outputs\\.([A-Za-z0-9_-]+)`, "g");
      return [name, [...new Set([...json.matchAll(pattern)].map((m) => m[1]))].sort()];
    }),
  );
}

/** What one remote output is in the test: the producer's applied value, or a shaped placeholder. */
function remoteOutputValue(dataSource: string, output: string, options: MockOptions): unknown {
  if (options.remoteOutputs === undefined) return mockOutputValue(output);
  const produced = options.remoteOutputs(dataSource);
  if (produced === undefined) throw new Error(`${dataSource}: no producer stack was applied before this one`);
  if (!(output in produced)) {
    throw new Error(
      `${dataSource} reads output "${output}", which its producer does not have (it has ${Object.keys(produced).join(", ") || "none"})`,
    );
  }
  return produced[output];
}

/** The AZ IDs the stack's subnets are placed in. */
function zonesOf(synthesized: SynthesizedStack): string[] {
  const subnets = Object.values(synthesized.resource?.aws_subnet ?? {}) as { availability_zone_id?: string }[];
  return [...new Set(subnets.flatMap((subnet) => subnet.availability_zone_id ?? []))].sort();
}

/** Addresses of the AWS resources a resource's config refers to. */
function referencesOf(synthesized: SynthesizedStack, address: string): string[] {
  const [type, name] = address.split(".");
  const config = JSON.stringify(synthesized.resource?.[type]?.[name] ?? {});
  return [...config.matchAll(/\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\./g)].map((m) => `${m[1]}.${m[2]}`);
}

/** HCL object syntax (`{ key = value }`); JSON values are valid HCL expressions. */
function hclObject(values: Record<string, unknown>): string {
  return `{ ${Object.entries(values)
    .map(([key, value]) => `${key} = ${hcl(value)}`)
    .join(", ")} }`;
}

/** The AWS resource types of a stack, sorted, each with whether it has an `arn` attribute. */
function awsResourceTypes(stack: TerraformStack): Map<string, boolean> {
  const resources = stack.node
    .findAll()
    .filter((c): c is TerraformResource => c instanceof TerraformResource)
    .filter((resource) => resource.terraformResourceType.startsWith("aws_"))
    .sort((a, b) => a.terraformResourceType.localeCompare(b.terraformResourceType));
  return new Map(resources.map((resource) => [resource.terraformResourceType, "arn" in resource]));
}
