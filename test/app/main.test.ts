import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { runTriggerIssues, type TfcManifest } from "../../src/tfc";
import { defaultInput } from "../helpers/synth";

const root = resolve(__dirname, "../..");

/** Runs main.ts as `cdktf synth` does (cdktf.json `app`), but without the CLI, in a scratch working directory. */
function runMain(env: Record<string, string>, cwd: string) {
  return spawnSync(process.execPath, ["-r", join(root, "scripts/require-ts.js"), join(root, "main.ts")], {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
}

const badConfig = `
name: acme
homeRegion: us-east-1
regions: { us-east-1: { residency: us } }
backend: { type: s3, bucket: acme-state-bucket, lockTable: acme-locks, region: us-east-1, account: management }
accounts:
  management: { id: "111111111111", kind: management, environment: prod, ou: root, regions: { us-east-1: {} } }
  security: { id: "12345", email: s@example.com, kind: security, environment: prod, ou: root, regions: { us-east-1: {} } }
  dev:
    id: "333333333333"
    email: d@example.com
    environment: dev
    ou: root
    colour: blue
    regions: { eu-west-1: { network: { cidr: 10.0.0.0/16 } } }
`;

describe("main", () => {
  test("a config with three mistakes prints all three with their paths, exits 1 and writes nothing", () => {
    const cwd = mkdtempSync(join(tmpdir(), "main-"));
    writeFileSync(join(cwd, "org.yaml"), badConfig);
    const result = runMain({ ORG_CONFIG: "org.yaml", CDKTF_OUTDIR: join(cwd, "cdktf.out") }, cwd);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("[accounts.dev.colour] unknown key");
    expect(result.stderr).toContain("[accounts.security.id] must be a 12-digit AWS account id");
    expect(result.stderr).toContain('[accounts.dev.regions.eu-west-1] region "eu-west-1" is not governed');
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
  });

  test("a failed run leaves an earlier output untouched", () => {
    const cwd = mkdtempSync(join(tmpdir(), "main-"));
    const outdir = join(cwd, "cdktf.out");
    mkdirSync(join(outdir, "stacks", "earlier"), { recursive: true });
    writeFileSync(join(outdir, "manifest.json"), "earlier");
    writeFileSync(join(cwd, "org.yaml"), badConfig);
    expect(runMain({ ORG_CONFIG: "org.yaml", CDKTF_OUTDIR: outdir }, cwd).status).toBe(1);
    expect(readFileSync(join(outdir, "manifest.json"), "utf8")).toBe("earlier");
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["earlier"]);
  });

  test("a good run replaces stale stacks and keeps what Terraform left in the live ones", () => {
    const cwd = mkdtempSync(join(tmpdir(), "main-"));
    const outdir = join(cwd, "cdktf.out");
    mkdirSync(join(outdir, "stacks", "removed-stack"), { recursive: true });
    mkdirSync(join(outdir, "stacks", "dev-us-east-1", ".terraform"), { recursive: true });
    const result = runMain({ CDKTF_OUTDIR: outdir }, cwd);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const stacks = readdirSync(join(outdir, "stacks"));
    expect(stacks).not.toContain("removed-stack");
    expect(stacks).toContain("prod-ca-central-1");
    expect(existsSync(join(outdir, "stacks", "dev-us-east-1", ".terraform"))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: object };
    expect(Object.keys(manifest.stacks)).toHaveLength(stacks.length);
    expect(existsSync(join(outdir, "tfc-workspaces.json"))).toBe(false); // S3 backend: no Terraform Cloud manifest
  });

  test("a dev database without deletion protection synthesizes with a warning naming the field", () => {
    const cwd = mkdtempSync(join(tmpdir(), "main-"));
    const result = runMain({ ORG_CONFIG: join(root, "examples/org.yaml"), CDKTF_OUTDIR: join(cwd, "out") }, cwd);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(
      "Warnings:\n  [sandbox-us-west-2] accounts.sandbox.regions.us-west-2.databases.postgres.deletionProtection is false",
    );
  });

  test("with the Terraform Cloud backend it writes tfc-workspaces.json: a workspace per stack, run triggers from dependencies", () => {
    const cwd = mkdtempSync(join(tmpdir(), "main-"));
    const input = defaultInput();
    input.backend = { type: "cloud", organization: "acme-corp", workspacePrefix: "acme-" };
    writeFileSync(join(cwd, "org.json"), JSON.stringify(input));
    const outdir = join(cwd, "out");
    const result = runMain({ ORG_CONFIG: "org.json", CDKTF_OUTDIR: outdir }, cwd);
    expect(result.stderr).toBe("");
    const manifest = JSON.parse(readFileSync(join(outdir, "tfc-workspaces.json"), "utf8")) as TfcManifest;
    expect(manifest).toMatchObject({
      hostname: "app.terraform.io",
      organization: "acme-corp",
      terraformVersion: readFileSync(join(root, ".terraform-version"), "utf8").trim(),
    });
    const stacks = readdirSync(join(outdir, "stacks")).sort();
    expect(stacks).not.toContain("bootstrap");
    expect(manifest.workspaces.map((w) => w.stack).sort()).toEqual(stacks);
    const byStack = new Map(manifest.workspaces.map((w) => [w.stack, w]));
    expect(byStack.get("prod-ca-central-1")).toMatchObject({
      name: "acme-prod-ca-central-1",
      workingDirectory: "stacks/prod-ca-central-1",
    });
    expect(byStack.get("prod-ca-central-1")!.runTriggerSources.sort()).toEqual([
      "acme-prod-us-east-1",
      "acme-security-us-east-1",
    ]);
    expect(byStack.get("prod-us-east-1-k8s")!.runTriggerSources).toEqual(["acme-prod-us-east-1"]);
    expect(byStack.get("security-us-east-1")!.runTriggerSources).toEqual(["acme-organization"]);
    expect(byStack.get("organization")!.runTriggerSources).toEqual([]);
    // Workspaces share no state by default: each producer lists the workspaces that read it.
    expect(byStack.get("prod-us-east-1")!.remoteStateConsumers.sort()).toEqual([
      "acme-prod-ca-central-1",
      "acme-prod-us-east-1-k8s",
    ]);
    expect(byStack.get("prod-ca-central-1-k8s")!.remoteStateConsumers).toEqual([]);
    for (const workspace of manifest.workspaces) {
      const stack = JSON.parse(readFileSync(join(outdir, workspace.workingDirectory, "cdk.tf.json"), "utf8")) as {
        terraform: { cloud: { workspaces: { name: string } } };
      };
      expect(stack.terraform.cloud.workspaces.name).toBe(workspace.name);
    }
  });
});

describe("Terraform Cloud run triggers", () => {
  test("a stack depending on more than 20 others is refused, naming it", () => {
    const app = Testing.app();
    const sources = Array.from({ length: 21 }, (_, i) => new TerraformStack(app, `source-${i}`));
    const wide = new TerraformStack(app, "wide");
    sources.forEach((source) => wide.addDependency(source));
    expect(runTriggerIssues(app)).toEqual([
      {
        path: "wide",
        message:
          "depends on 21 stacks, but a Terraform Cloud workspace takes at most 20 run-trigger sources; split what it reads from other stacks",
      },
    ]);
    const twenty = Testing.app();
    const target = new TerraformStack(twenty, "twenty");
    for (let i = 0; i < 20; i++) target.addDependency(new TerraformStack(twenty, `source-${i}`));
    expect(runTriggerIssues(twenty)).toEqual([]);
  });
});
