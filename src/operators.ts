import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { App } from "cdktf";
import { stacksOf } from "./app";
import { providerAddress, stackLockFile } from "./lock-file";
import { terraformName } from "./naming";

/** What `manifest.json` says of one stack. */
export interface ManifestStack {
  readonly dependencies: string[];
  readonly workingDirectory: string;
  readonly synthesizedStackPath: string;
}

interface AwsProviderJson {
  readonly alias?: string;
  readonly region?: string;
  readonly allowed_account_ids?: string[];
  readonly assume_role?: { role_arn: string }[];
}

interface HelmProviderJson {
  readonly kubernetes?: { exec?: { args?: string[] } };
}

/** The parts of a synthesized `cdk.tf.json` a reader of the stack folder needs. */
export interface StackJson {
  readonly terraform?: {
    readonly backend?: Record<
      string,
      { key?: string; bucket?: string; path?: string; dynamodb_table?: string; assume_role?: { role_arn: string } }
    >;
    readonly cloud?: { organization: string; workspaces: { name: string } };
    readonly required_providers?: Record<string, { source: string }>;
  };
  readonly provider?: {
    aws?: AwsProviderJson[];
    helm?: HelmProviderJson[];
    tfe?: { hostname?: string; organization?: string }[];
  };
  readonly resource?: Record<string, Record<string, { "//"?: { metadata?: { path?: string } } }>>;
  readonly data?: Record<string, Record<string, unknown>>;
  readonly output?: Record<string, { value?: unknown }>;
}

export function readManifest(outdir: string): Record<string, ManifestStack> {
  return (JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, ManifestStack> })
    .stacks;
}

/**
 * Deploy waves of the stacks `manifest.json` lists (all of them, or `only`): each stack after the
 * stacks it depends on, as cdktf recorded them; the stacks of one wave do not depend on each other
 * and may deploy in parallel. A dependency outside `only` counts as deployed. Names sorted within a wave.
 */
export function deployWaves(outdir: string, only?: ReadonlySet<string>): string[][] {
  const stacks = readManifest(outdir);
  const pending = new Set(Object.keys(stacks).filter((id) => only === undefined || only.has(id)));
  const waves: string[][] = [];
  while (pending.size > 0) {
    const wave = [...pending]
      .filter((id) => stacks[id].dependencies.every((dependency) => !pending.has(dependency)))
      .sort();
    if (wave.length === 0) throw new Error("manifest.json has a dependency cycle");
    wave.forEach((id) => pending.delete(id));
    waves.push(wave);
  }
  return waves;
}

/** Stacks that depend on the given ones, directly or through others, per `manifest.json`. */
export function dependantsOf(stacks: Record<string, ManifestStack>, changed: Iterable<string>): Set<string> {
  const reached = new Set(changed);
  for (let grew = true; grew;) {
    grew = false;
    for (const [id, stack] of Object.entries(stacks)) {
      if (!reached.has(id) && stack.dependencies.some((dependency) => reached.has(dependency))) {
        reached.add(id);
        grew = true;
      }
    }
  }
  return reached;
}

/** The data source through which a consumer reads a producer's outputs (cdktf's id, our address policy). */
function remoteStateName(producer: string): string {
  return terraformName([`cross-stack-reference-input-${producer}`]);
}

/** Per producer stack, per output, the stacks that read it. */
function outputReaders(jsonByStack: Map<string, StackJson>): Map<string, Map<string, string[]>> {
  const readers = new Map<string, Map<string, string[]>>();
  const producerOf = new Map([...jsonByStack.keys()].map((id) => [remoteStateName(id), id]));
  for (const [consumer, json] of jsonByStack) {
    const text = JSON.stringify(json);
    for (const [, source, output] of text.matchAll(
      /data\.terraform_remote_state\.([a-z0-9_]+)\.outputs\.([a-z0-9_]+)/g,
    )) {
      const producer = producerOf.get(source);
      if (producer === undefined) continue;
      const byOutput = readers.get(producer) ?? new Map<string, string[]>();
      const list = byOutput.get(output) ?? [];
      if (!list.includes(consumer)) list.push(consumer);
      byOutput.set(output, list);
      readers.set(producer, byOutput);
    }
  }
  return readers;
}

/**
 * Writes `README.md` into every synthesized stack folder of `outdir`, from the app's stacks (so it
 * works for JSON and HCL output alike) and the dependencies `manifest.json` recorded.
 */
export function writeStackReadmes(app: App, outdir: string): void {
  const stacks = readManifest(outdir);
  const jsonByStack = new Map(
    stacksOf(app).map((tfStack) => {
      const stack = stacks[tfStack.node.id];
      // The written JSON when there is one: resolving the stack a third time costs a tenth of synthesis.
      const json = (
        stack.synthesizedStackPath.endsWith(".json")
          ? JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), "utf8"))
          : tfStack.toTerraform()
      ) as StackJson;
      return [tfStack.node.id, json] as const;
    }),
  );
  const readers = outputReaders(jsonByStack);
  for (const [id, json] of jsonByStack) {
    const dependants = Object.keys(stacks).filter((other) => stacks[other].dependencies.includes(id));
    writeFileSync(
      join(outdir, stacks[id].workingDirectory, "README.md"),
      stackReadme(id, stacks[id].dependencies, dependants, json, readers.get(id) ?? new Map()),
    );
  }
}

const list = (ids: readonly string[]) => (ids.length === 0 ? "none" : ids.map((other) => `\`${other}\``).join(", "));

/** A stack folder's README: where it applies, what it needs, its state, the commands, what it holds. */
export function stackReadme(
  id: string,
  dependencies: string[],
  dependants: string[],
  json: StackJson,
  readers: ReadonlyMap<string, string[]> = new Map(),
): string {
  const lines = [
    `# ${id}`,
    "",
    "Generated by `npm run synth` from the organization config; do not edit (changes are overwritten).",
    "",
    "## Operator facts",
    "",
    ...providerFacts(json),
    ...stateFacts(json),
    dependencies.length === 0
      ? "- Apply first: nothing, this stack depends on no other."
      : `- Apply first: ${list(dependencies)} (this stack reads their outputs or names what they create; ` +
        "`npm run deploy-order` prints the whole order).",
    dependants.length === 0
      ? "- Depended on by: none."
      : `- Depended on by: ${list(dependants)} (plan those again after an output here changes).`,
    "",
    "## Commands",
    "",
    "```sh",
    `cd cdktf.out/stacks/${id}`,
    json.terraform?.backend?.local ? "terraform init" : "terraform init    # the backend is configured in cdk.tf.json",
    "terraform plan -out plan.tfplan",
    "terraform apply plan.tfplan",
    "```",
    "",
    lockFileNote(json),
    "",
    "## Resources by module",
    "",
    ...resourcesByModule(id, json),
    "",
    "## Outputs",
    "",
    ...outputLines(json, readers),
    "",
  ];
  return lines.join("\n");
}

/** What the stack folder's `.terraform.lock.hcl` is, as `addProviderLockFile` writes it. */
function lockFileNote(json: StackJson): string {
  const sources = Object.values(json.terraform?.required_providers ?? {}).map((provider) => provider.source);
  if (stackLockFile(sources.map(providerAddress)) !== undefined) {
    return (
      "`.terraform.lock.hcl` is the project's provider lock file (checksums of the pinned providers); " +
      "`terraform init` verifies every provider against it."
    );
  }
  return (
    "The project has no checksums for this stack's providers (they cannot be obtained offline): the first " +
    "`terraform init` records them in `.terraform.lock.hcl`, and synthesis keeps that file."
  );
}

function providerFacts(json: StackJson): string[] {
  const aws = json.provider?.aws ?? [];
  const facts = aws.map((provider) => {
    const account = provider.allowed_account_ids?.join(", ") ?? "any";
    const role = provider.assume_role?.[0]?.role_arn;
    const how = role === undefined ? "with the caller's own credentials (no role assumed)" : `assuming \`${role}\``;
    const which = provider.alias === undefined ? "AWS provider" : `AWS provider \`${provider.alias}\``;
    return `- ${which}: account \`${account}\`, region \`${provider.region}\`, ${how}.`;
  });
  for (const helm of json.provider?.helm ?? []) {
    const args = helm.kubernetes?.exec?.args ?? [];
    const arg = (name: string) => args[args.indexOf(name) + 1];
    facts.push(
      `- Helm provider: EKS cluster \`${arg("--cluster-name")}\` in \`${arg("--region")}\`, authenticated by ` +
        `\`aws eks get-token\` as \`${arg("--role-arn")}\` (the operator's AWS credentials must be allowed to assume it).`,
    );
  }
  for (const tfe of json.provider?.tfe ?? []) {
    facts.push(
      `- tfe provider: organization \`${tfe.organization}\` on \`${tfe.hostname}\`, with the token of ` +
        "`terraform login` or `TFE_TOKEN` (one that may manage workspaces).",
    );
  }
  return facts;
}

function stateFacts(json: StackJson): string[] {
  const terraform = json.terraform ?? {};
  if (terraform.cloud) {
    return [
      `- State: Terraform Cloud workspace \`${terraform.cloud.workspaces.name}\` of \`${terraform.cloud.organization}\`.`,
    ];
  }
  const s3 = terraform.backend?.s3;
  if (s3) {
    const locking = s3.dynamodb_table
      ? `the DynamoDB table \`${s3.dynamodb_table}\` and the S3 lockfile`
      : "the S3 lockfile";
    return [
      `- State: \`s3://${s3.bucket}/${s3.key}\`, locked by ${locking}.`,
      `- State access: the backend assumes \`${s3.assume_role?.role_arn}\`.`,
    ];
  }
  return [
    `- State: local \`${terraform.backend?.local?.path ?? "terraform.tfstate"}\` in this folder (migrate it as the project README says; ` +
      "synthesis refuses to remove a folder that holds state).",
  ];
}

function outputLines(json: StackJson, readers: ReadonlyMap<string, string[]>): string[] {
  const names = Object.keys(json.output ?? {}).sort();
  if (names.length === 0) return ["none"];
  const crossStack = names.filter((name) => name.startsWith("cross_stack_output_"));
  return [
    ...(crossStack.length === 0
      ? []
      : [
          "`cross_stack_output_*` are the values other stacks read through `terraform_remote_state` (cdktf " +
            "cross-stack references); they are sensitive, so `terraform output` hides them. Renaming or removing " +
            "one breaks its readers' next plan.",
          "",
        ]),
    ...names.map((name) => {
      const value = json.output?.[name]?.value;
      const expression = typeof value === "string" ? ` = \`${value}\`` : "";
      const readBy = readers.get(name);
      return `- \`${name}\`${expression}${readBy === undefined ? "" : `, read by ${list(readBy)}`}`;
    }),
  ];
}

/** Addresses grouped by the module (first construct id below the stack) that declares them. */
function resourcesByModule(id: string, json: StackJson): string[] {
  const groups = new Map<string, string[]>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      const path = body["//"]?.metadata?.path ?? `${id}/${name}`;
      const module = path.split("/")[1] ?? name;
      groups.set(module, [...(groups.get(module) ?? []), `${type}.${name}`]);
    }
  }
  for (const [type, byName] of Object.entries(json.data ?? {})) {
    for (const name of Object.keys(byName)) groups.set("data", [...(groups.get("data") ?? []), `data.${type}.${name}`]);
  }
  return [...groups.keys()].sort().flatMap((module) => [
    `### ${module}`,
    "",
    ...groups
      .get(module)!
      .sort()
      .map((address) => `- \`${address}\``),
    "",
  ]);
}
