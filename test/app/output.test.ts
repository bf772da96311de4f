import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PROJECT_LOCK_FILE, recordedSelections, stackLockFile } from "../../src/lock-file";
import { heldFiles, OutputError, publishOutput } from "../../src/output";

const projectLock = readFileSync(PROJECT_LOCK_FILE, "utf8");
const AWS = "registry.terraform.io/hashicorp/aws";
const HELM = "registry.terraform.io/hashicorp/helm";
const helmBlock = `provider "${HELM}" {\n  version     = "3.1.1"\n  constraints = "3.1.1"\n  hashes = [\n    "h1:recorded-at-first-init=",\n  ]\n}`;
const recordedLock = `# This file is maintained automatically by "terraform init".\n\n${helmBlock}\n`;

/** Writes files (path → content) under a fresh folder and returns it. */
function folderWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "output-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe("the provider lock file", () => {
  test("pins the very AWS provider version the bindings are generated for, which every stack requires", () => {
    const bindings = JSON.parse(readFileSync(require.resolve("@cdktf/provider-aws/package.json"), "utf8")) as {
      cdktf: { provider: { name: string; version: string } };
    };
    expect(bindings.cdktf.provider.name).toBe(AWS);
    const required = bindings.cdktf.provider.version;
    expect(projectLock).toContain(`provider "${AWS}" {\n  version     = "${required}"\n  constraints = "${required}"`);
    expect(projectLock).toMatch(/"h1:edXOJWE4ORX8Fm\+dpVpICzMZJat4AX0VRCAy\/xkcOc0=",/);
    expect(projectLock.match(/"zh:[0-9a-f]{64}"/g)).toHaveLength(15);
  });

  test("an AWS stack gets the project's file as it is; a Helm-only stack none of its own", () => {
    expect(stackLockFile([AWS])).toBe(projectLock);
    expect(stackLockFile([HELM])).toBeUndefined();
  });

  test("keeps what Terraform recorded for providers the project does not lock, and the project's blocks win", () => {
    const merged = stackLockFile(
      [AWS, HELM],
      recordedLock.replace(helmBlock, `${helmBlock}\n\nprovider "${AWS}" {\n  version = "5.0.0"\n}`),
    )!;
    expect(merged).toContain(helmBlock);
    expect(merged).toContain(projectLock.slice(projectLock.indexOf(`provider "${AWS}"`)));
    expect(merged).not.toContain('version = "5.0.0"');
  });

  test("tells the selections the project did not write from its own", () => {
    expect(recordedSelections(projectLock)).toEqual([]);
    expect(recordedSelections(recordedLock)).toEqual([HELM]);
    expect(recordedSelections(projectLock.replace('"h1:', '"h1:other-platform=",\n    "h1:'))).toEqual([AWS]);
  });
});

describe("files that hold state", () => {
  test("are found anywhere in a stack folder; generated files and the project's lock file are not", () => {
    const folder = folderWith({
      "terraform.tfstate": "{}",
      "terraform.tfstate.backup": "{}",
      "terraform.tfstate.d/blue/terraform.tfstate": "{}",
      ".terraform/terraform.tfstate": "{}",
      ".terraform.tfstate.lock.info": "{}",
      ".terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/LICENSE.txt": "",
      ".terraform.lock.hcl": projectLock,
      "cdk.tf.json": "{}",
      "README.md": "",
      "plan.tfplan": "",
    });
    expect(heldFiles(folder).map((file) => file.slice(folder.length + 1))).toEqual([
      ".terraform.tfstate.lock.info",
      ".terraform/terraform.tfstate",
      "terraform.tfstate",
      "terraform.tfstate.backup",
      "terraform.tfstate.d/blue/terraform.tfstate",
    ]);
    writeFileSync(join(folder, ".terraform.lock.hcl"), recordedLock);
    expect(heldFiles(folder)).toContain(join(folder, ".terraform.lock.hcl"));
  });
});

describe("publishing a synthesis", () => {
  const synthesized = () =>
    folderWith({
      "manifest.json": "{}",
      "stacks/live/cdk.tf.json": "{}",
      "stacks/live/README.md": "new",
      "stacks/k8s/cdk.tf.json": "{}",
    });

  test("refuses, writing nothing, when a stack folder that goes holds state", () => {
    const outdir = folderWith({ "manifest.json": "earlier", "stacks/gone/.terraform/terraform.tfstate": "{}" });
    expect(() => publishOutput(synthesized(), outdir)).toThrow(OutputError);
    expect(() => publishOutput(synthesized(), outdir)).toThrow(/stacks\/gone\/\.terraform\/terraform\.tfstate/);
    expect(readFileSync(join(outdir, "manifest.json"), "utf8")).toBe("earlier");
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["gone"]);
  });

  test("replaces generated files of the other format, keeps the operator's, drops stale top-level files", () => {
    const outdir = folderWith({
      "tfc-workspaces.json": "stale",
      "stacks/live/cdk.tf": "stale HCL",
      "stacks/live/metadata.json": "stale",
      "stacks/live/assets/chart/old.yaml": "stale",
      "stacks/live/plan.tfplan": "operator's",
      "stacks/k8s/.terraform.lock.hcl": recordedLock,
      "stacks/gone/cdk.tf.json": "{}",
    });
    publishOutput(synthesized(), outdir);
    expect(readdirSync(join(outdir, "stacks", "live")).sort()).toEqual(["README.md", "cdk.tf.json", "plan.tfplan"]);
    expect(readFileSync(join(outdir, "stacks", "k8s", ".terraform.lock.hcl"), "utf8")).toBe(recordedLock);
    expect(readdirSync(outdir).sort()).toEqual(["manifest.json", "stacks"]);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["k8s", "live"]);
  });

  test("under the cdktf CLI, leaves the folders of stacks that go to the CLI", () => {
    const outdir = folderWith({ "stacks/gone/cdk.tf.json": "{}" });
    publishOutput(synthesized(), outdir, { removeOrphans: false });
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["gone", "k8s", "live"]);
  });
});
