import { TerraformResource, type TerraformStack } from "cdktf";

/** The synthesized JSON of one stack, as far as the test file needs it. */
export interface SynthesizedStack {
  readonly provider?: Record<string, { alias?: string }[]>;
  readonly data?: Record<string, Record<string, unknown>>;
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

const hcl = (value: unknown): string => JSON.stringify(value);

/**
 * A `.tftest.hcl` for one stack: every provider (and alias) mocked, ARNs for the resource
 * types that have one, and `override_data` for cross-stack `terraform_remote_state`, which
 * `mock_provider` does not cover; one run of the given command.
 */
export function mockTestFile(stack: TerraformStack, synthesized: SynthesizedStack, command: "plan" | "apply"): string {
  const blocks: string[] = [];
  for (const [provider, configs] of Object.entries(synthesized.provider ?? {})) {
    for (const config of configs) {
      const alias = config.alias === undefined ? "" : `\n  alias = ${hcl(config.alias)}`;
      const arnTypes = provider === "aws" ? arnResourceTypes(stack) : [];
      const defaults = arnTypes.map(
        (type) => `  mock_resource ${hcl(type)} {\n    defaults = { arn = ${hcl(mockArn(type))} }\n  }`,
      );
      blocks.push(`mock_provider ${hcl(provider)} {${alias}\n${defaults.join("\n")}\n}`);
    }
  }
  const json = JSON.stringify(synthesized);
  for (const name of Object.keys(synthesized.data?.terraform_remote_state ?? {})) {
    const pattern = new RegExp(`data\\.terraform_remote_state\\.${name}\\.outputs\\.([A-Za-z0-9_-]+)`, "g");
    const outputs = Object.fromEntries([...json.matchAll(pattern)].map((m) => [m[1], mockOutputValue(m[1])]));
    blocks.push(
      `override_data {\n  target = data.terraform_remote_state.${name}\n  values = { outputs = ${hcl(outputs)} }\n}`,
    );
  }
  blocks.push(`run ${hcl(command)} {\n  command = ${command}\n}`);
  return `${blocks.join("\n\n")}\n`;
}

function arnResourceTypes(stack: TerraformStack): string[] {
  const types = stack.node
    .findAll()
    .filter((c): c is TerraformResource => c instanceof TerraformResource && "arn" in c)
    .map((resource) => resource.terraformResourceType);
  return [...new Set(types)].sort();
}
