import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp, stacksOf } from "../../src/app";
import { deployWaves, writeStackReadmes } from "../../src/operators";
import { organization } from "../helpers/synth";

const outdir = mkdtempSync(join(tmpdir(), "operators-"));
const app = buildApp(organization(), { outdir });
app.synth();
writeStackReadmes(app, outdir);
const readme = (id: string) => readFileSync(join(outdir, "stacks", id, "README.md"), "utf8");

describe("deploy order", () => {
  const waves = deployWaves(outdir);

  test("bootstrap alone first, then the organization, the log archive, and each stack after everything it depends on", () => {
    expect(waves[0]).toEqual(["bootstrap"]);
    expect(waves[1]).toEqual(["organization"]);
    expect(waves[2]).toEqual(["security-us-east-1"]);
    const waveOf = new Map(waves.flatMap((wave, index) => wave.map((id) => [id, index] as const)));
    for (const stack of stacksOf(app)) {
      for (const dependency of stack.dependencies) {
        expect([stack.node.id, waveOf.get(dependency.node.id)! < waveOf.get(stack.node.id)!]).toEqual([
          stack.node.id,
          true,
        ]);
      }
    }
    expect(waves.flat().sort()).toEqual(
      stacksOf(app)
        .map((s) => s.node.id)
        .sort(),
    );
  });
});

describe("stack READMEs", () => {
  test("name the stack's dependencies, dependants and state key", () => {
    const text = readme("prod-ca-central-1");
    expect(text).toContain("- Depends on: `security-us-east-1`, `prod-us-east-1`");
    expect(text).toContain("- Depended on by: `prod-ca-central-1-k8s`.");
    expect(text).toContain("S3 `s3://acme-terraform-state-111111111111/acme/prod/ca-central-1/terraform.tfstate`");
    expect(readme("bootstrap")).toContain("local `terraform.tfstate`");
  });

  test("list every address, grouped by the module that declares it", () => {
    const text = readme("prod-us-east-1");
    const json = JSON.parse(readFileSync(join(outdir, "stacks", "prod-us-east-1", "cdk.tf.json"), "utf8")) as {
      resource: Record<string, Record<string, unknown>>;
    };
    for (const [type, byName] of Object.entries(json.resource)) {
      for (const name of Object.keys(byName)) expect(text).toContain(`- \`${type}.${name}\``);
    }
    expect(text).toMatch(/### registry\n\n(- `[^`]+`\n)*- `aws_dynamodb_table\.registry`/);
    expect(text).toContain("cd cdktf.out/stacks/prod-us-east-1\nterraform init");
  });

  test("list the outputs other stacks read", () => {
    expect(readme("organization")).toContain("- `account_ids`");
  });
});
