import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing, type App, type TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { buildApp, stacksOf, validateApp } from "../../src/app";
import { validateOrganization } from "../../src/config/load";
import type { Organization, OrganizationInput } from "../../src/config/schema";
import { DEFAULT_ORGANIZATION } from "../../src/config/default-organization";
import { BaseStack } from "../../src/stacks/base-stack";
import { configureAwsProvider } from "../../src/stacks/aws-provider";
import type { PolicyDocument } from "../../modules/iam/policy";

/** Synthesized Terraform JSON of one stack. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown }>;
  readonly provider?: Record<string, Record<string, unknown>[]>;
  readonly terraform?: Record<string, unknown>;
  readonly import?: Record<string, unknown>[];
  readonly moved?: Record<string, unknown>[];
  readonly [key: string]: unknown;
}

export interface SynthesizedApp {
  readonly app: App;
  readonly stacks: TerraformStack[];
  readonly json: Record<string, StackJson>;
}

/** A fresh copy of the default organization, for tests that change one field. */
export function defaultInput(): OrganizationInput {
  return structuredClone(DEFAULT_ORGANIZATION);
}

export function organization(input: OrganizationInput = defaultInput()): Organization {
  return validateOrganization(input, "test");
}

/**
 * Builds the whole app (so cross-stack references resolve), runs every validation, and
 * returns each stack's JSON. Fails on any validation message.
 */
export function synthApp(org: Organization = organization()): SynthesizedApp {
  const app = buildApp(org, { outdir: mkdtempSync(join(tmpdir(), "synth-test-")) });
  const issues = validateApp(app);
  if (issues.length > 0) throw new Error(issues.map((i) => `[${i.path}] ${i.message}`).join("\n"));
  const stacks = stacksOf(app);
  const json = Object.fromEntries(
    stacks.map((stack) => [stack.node.id, JSON.parse(Testing.synth(stack, true)) as StackJson]),
  );
  return { app, stacks, json };
}

class ModuleTestStack extends BaseStack {}

/** Synthesizes one module in a test stack with an AWS provider, validations on. */
export function synthModule(build: (scope: Construct) => void): StackJson {
  const org = organization();
  const stack = new ModuleTestStack(Testing.app(), "test");
  configureAwsProvider(stack, org, {
    accountName: "prod",
    region: "us-east-1",
    stack: "test",
  });
  build(stack);
  return JSON.parse(Testing.synth(stack, true)) as StackJson;
}

/** Resources of one type, keyed by Terraform name. */
export function resourcesOf(json: StackJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource?.[type] ?? {};
}

/** The single resource of a type with a given name, or a failing expectation. */
export function resource(json: StackJson, type: string, name: string): Record<string, unknown> {
  const found = resourcesOf(json, type)[name];
  if (found === undefined) {
    throw new Error(`no ${type}.${name}; have: ${Object.keys(resourcesOf(json, type)).join(", ") || "none"}`);
  }
  return found;
}

/** Every `type.name` address of a stack, sorted: the address manifest. */
export function addressesOf(json: StackJson): string[] {
  const resources = Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
    Object.keys(byName).map((name) => `${type}.${name}`),
  );
  const data = Object.entries(json.data ?? {}).flatMap(([type, byName]) =>
    Object.keys(byName).map((name) => `data.${type}.${name}`),
  );
  return [...resources, ...data].sort();
}

/** A synthesized IAM/bucket/key policy (a JSON string with `${...}` references) as an object. */
export function policyOf(resourceJson: Record<string, unknown>, field = "policy"): PolicyDocument {
  return JSON.parse(resourceJson[field] as string) as PolicyDocument;
}
