/**
 * The operator's workflow through the real cdktf CLI (`cdktf synth`, as `npm run synth` and
 * `cdktf deploy` run it), on a scratch copy of the repository without any build output.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT as root, scratchRepository } from "../helpers/scratch-repository";
import { defaultInput } from "../helpers/synth";

/**
 * `cdktf <args>` in the scratch repository; combined output without colours. Terraform, which the
 * CLI asks for its version, gets an empty CLI config: a missing one would print warnings.
 */
function cdktf(repo: string, args: string[], env: Record<string, string> = {}) {
  const inherited = { ...process.env };
  delete inherited.CDKTF_OUTDIR;
  delete inherited.ORG_CONFIG;
  const cliConfig = join(repo, "terraform-cli.rc");
  writeFileSync(cliConfig, "");
  const result = spawnSync(join(root, "node_modules/.bin/cdktf"), args, {
    cwd: repo,
    env: { ...inherited, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: cliConfig, ...env },
    encoding: "utf8",
    timeout: 5 * 60 * 1000,
  });
  // eslint-disable-next-line no-control-regex
  const output = `${result.stdout}${result.stderr}`.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "");
  return { status: result.status, output };
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe("the cdktf CLI on a scratch copy of the repository", () => {
  const repo = scratchRepository();
  const stacks = join(repo, "cdktf.out", "stacks");
  const folder = (stack: string) => readdirSync(join(stacks, stack)).sort();
  const MINUTES = 60 * 1000;

  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  test(
    "synthesizes from the sources with no build output, each stack with the provider lock file",
    () => {
      const { status, output } = cdktf(repo, ["synth"]);
      expect([status, output]).toEqual([0, expect.not.stringContaining("Cannot find module")]);
      expect(existsSync(join(repo, "dist"))).toBe(false);
      expect(folder("dev-us-east-1")).toEqual([".terraform.lock.hcl", "README.md", "cdk.tf.json"]);
      expect(readFileSync(join(stacks, "dev-us-east-1", ".terraform.lock.hcl"), "utf8")).toBe(
        readFileSync(join(root, ".terraform.lock.hcl"), "utf8"),
      );
    },
    5 * MINUTES,
  );

  test(
    "HCL after JSON leaves only HCL in every stack folder, and keeps what Terraform left there",
    () => {
      mkdirSync(join(stacks, "prod-us-east-1", ".terraform"));
      writeFileSync(join(stacks, "prod-us-east-1", ".terraform", "terraform.tfstate"), "{}");
      const { status, output } = cdktf(repo, ["synth", "--hcl"]);
      expect([status, output]).toEqual([0, expect.any(String)]);
      for (const stack of readdirSync(stacks)) {
        expect([stack, folder(stack)]).toEqual([stack, expect.arrayContaining(["cdk.tf", "metadata.json"])]);
        expect([stack, folder(stack)]).toEqual([stack, expect.not.arrayContaining(["cdk.tf.json"])]);
      }
      expect(existsSync(join(stacks, "prod-us-east-1", ".terraform", "terraform.tfstate"))).toBe(true);
    },
    5 * MINUTES,
  );

  test(
    "refuses to drop a stack folder holding state, says which file and what to do, once, and removes nothing",
    () => {
      writeFileSync(join(stacks, "bootstrap", "terraform.tfstate"), '{"version": 4}');
      const cloud = defaultInput();
      cloud.backend = { type: "cloud", organization: "acme-corp", workspacePrefix: "acme-" };
      writeFileSync(join(repo, "cloud.json"), JSON.stringify(cloud));
      const before = readdirSync(stacks).sort();
      const { status, output } = cdktf(repo, ["synth"], { ORG_CONFIG: "cloud.json" });
      expect(status).toBe(1);
      expect(output).toContain('Refusing to remove the folder of "bootstrap"');
      expect(output).toContain(`  cdktf.out/stacks/bootstrap/terraform.tfstate\n`);
      expect(output).toContain("terraform init -migrate-state");
      expect(occurrences(output, "Refusing to remove")).toBe(1);
      expect(readFileSync(join(stacks, "bootstrap", "terraform.tfstate"), "utf8")).toBe('{"version": 4}');
      expect(readdirSync(stacks).sort()).toEqual(before);
      expect(folder("dev-us-east-1")).toContain("cdk.tf"); // the earlier output, untouched
    },
    5 * MINUTES,
  );

  test(
    "a smaller organization removes the stacks it no longer has, runs the edited sources, and warns once at WARN level",
    () => {
      rmSync(join(stacks, "prod-us-east-1", ".terraform"), { recursive: true }); // as after `terraform destroy`
      const operators = join(repo, "src", "operators.ts");
      writeFileSync(operators, readFileSync(operators, "utf8").replace("do not edit", "edited in the tree"));
      const { status, output } = cdktf(repo, ["synth"], { ORG_CONFIG: "examples/org.yaml" });
      expect([status, output]).toEqual([0, expect.not.stringContaining("ENOENT")]);
      expect(readdirSync(stacks)).not.toContain("dev-us-east-1");
      expect(readdirSync(stacks)).toContain("sandbox-us-west-2");
      expect(readFileSync(join(stacks, "sandbox-us-west-2", "README.md"), "utf8")).toContain("edited in the tree");
      const warning = "accounts.sandbox.regions.us-west-2.databases.postgres.deletionProtection is false";
      expect(output).toContain(`WARN [sandbox-us-west-2]: ${warning}`);
      expect(occurrences(output, warning)).toBe(1);
      expect(output).not.toContain("[ERROR]");
    },
    5 * MINUTES,
  );
  test(
    "an invalid config is reported once, at error level, and leaves the stack folders as they were",
    () => {
      const before = readdirSync(stacks).sort();
      const invalid = readFileSync(join(repo, "examples/org.yaml"), "utf8").replace(
        'id: "900000000003"',
        'id: "12345"',
      );
      writeFileSync(join(repo, "invalid.yaml"), invalid);
      const { status, output } = cdktf(repo, ["synth"], { ORG_CONFIG: "invalid.yaml" });
      expect(status).toBe(1);
      const message = "[accounts.sandbox.id] must be a 12-digit AWS account id (quote it in YAML)";
      expect(occurrences(output, message)).toBe(1);
      expect(output).toMatch(/\[ERROR\] default - Invalid organization \(invalid\.yaml\), nothing was written/);
      expect(readdirSync(stacks).sort()).toEqual(before);
      expect(existsSync(join(repo, "cdktf.out", "manifest.json"))).toBe(false); // no deploy from the earlier output
    },
    5 * MINUTES,
  );
});
