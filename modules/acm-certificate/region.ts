import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Token, type TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import { postconditionBlocksInHcl } from "../hcl/postconditions";

/**
 * The region a resource created with `provider` lands in, where it is a literal: the given AWS
 * provider's, or else the stack's default (unaliased) AWS provider's. Undefined for a token or when
 * the stack has no such provider, so a plan-time check (`requireRegion`) has the last word.
 */
export function providerRegion(scope: Construct, provider?: TerraformProvider): string | undefined {
  const effective =
    provider ??
    TerraformStack.of(scope)
      .node.children.filter((c): c is AwsProvider => c instanceof AwsProvider)
      .find((p) => p.alias === undefined);
  if (!(effective instanceof AwsProvider)) return undefined;
  const region = effective.region;
  return region === undefined || Token.isUnresolved(region) ? undefined : region;
}

/**
 * `<path>: <message>` when the provider's literal region is not `region`; [] when it is or cannot be
 * known at synth time.
 */
export function regionIssues(
  scope: Construct,
  provider: TerraformProvider | undefined,
  region: string,
  path: string,
  why: string,
): string[] {
  const actual = providerRegion(scope, provider);
  return actual === undefined || actual === region
    ? []
    : [`${path}: ${why} must be created in ${region}; this provider is configured for ${actual}`];
}

/**
 * Reads the provider's region at plan time and fails the plan, before anything is created, when it is
 * not `region` (the case a synth-time check cannot see: a region that is a token or a variable).
 */
export function requireRegion(
  scope: Construct,
  id: string,
  provider: TerraformProvider | undefined,
  region: string,
  message: string,
): DataAwsRegion {
  const lookup = new DataAwsRegion(scope, id, {
    provider,
    lifecycle: {
      postcondition: [
        { condition: `\${self.name == "${region}"}`, errorMessage: `${message} (the provider is in \${self.name})` },
      ],
    },
  });
  postconditionBlocksInHcl(lookup);
  return lookup;
}
