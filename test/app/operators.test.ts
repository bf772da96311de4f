import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp, stacksOf } from "../../src/app";
import { deployWaves, writeStackReadmes } from "../../src/operators";
import { defaultInput, organization } from "../helpers/synth";

const outdir = mkdtempSync(join(tmpdir(), "operators-"));
const app = buildApp(organization(), { outdir });
app.synth();
writeStackReadmes(app, outdir);
const readme = (id: string) => readFileSync(join(outdir, "stacks", id, "README.md"), "utf8");

describe("deploy order", () => {
  const waves = deployWaves(outdir);

  test("bootstrap, the organization and the log archive first; each stack after everything it depends on, every stack once", () => {
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

  test("a subset keeps its order; a dependency outside it counts as deployed", () => {
    expect(deployWaves(outdir, new Set(["prod-ca-central-1-k8s", "prod-ca-central-1", "dev-us-east-1"]))).toEqual([
      ["dev-us-east-1", "prod-ca-central-1"],
      ["prod-ca-central-1-k8s"],
    ]);
  });
});

describe("stack READMEs", () => {
  test("name the stack's dependencies, dependants and state key", () => {
    const text = readme("prod-ca-central-1");
    expect(text).toContain("- Apply first: `security-us-east-1`, `prod-us-east-1`");
    expect(text).toContain("- Depended on by: `prod-ca-central-1-k8s`");
    expect(text).toContain(
      "- State: `s3://acme-terraform-state-111111111111/acme/prod/ca-central-1/terraform.tfstate`, locked by the S3 lockfile.",
    );
    expect(readme("bootstrap")).toContain("- State: local `terraform.tfstate` in this folder");
  });

  test("give the account, region and role each provider uses, and the state-access role", () => {
    const text = readme("prod-ca-central-1");
    expect(text).toContain(
      "- AWS provider: account `555555555555`, region `ca-central-1`, assuming `arn:aws:iam::555555555555:role/OrganizationAccountAccessRole`.",
    );
    expect(text).toContain("- AWS provider `peer_prod_us_east_1`: account `555555555555`, region `us-east-1`");
    expect(text).toContain(
      "- State access: the backend assumes `arn:aws:iam::111111111111:role/TerraformStateAccess`.",
    );
    expect(readme("management-us-east-1")).toContain(
      "- AWS provider: account `111111111111`, region `us-east-1`, with the caller's own credentials (no role assumed).",
    );
    expect(readme("prod-us-east-1-k8s")).toContain(
      "- Helm provider: EKS cluster `acme-prod-us-east-1` in `us-east-1`, authenticated by `aws eks get-token` as " +
        "`arn:aws:iam::555555555555:role/OrganizationAccountAccessRole`",
    );
    expect(readme("prod-us-east-1-k8s")).toContain("- Apply first: `prod-us-east-1`");
  });

  test("say what the provider lock file is: the project's, or recorded by the first init", () => {
    expect(readme("prod-us-east-1")).toContain("`.terraform.lock.hcl` is the project's provider lock file");
    expect(readme("prod-us-east-1-k8s")).toContain(
      "the first `terraform init` records them in `.terraform.lock.hcl`, and synthesis keeps that file.",
    );
  });

  test("say what each cross-stack output holds and which stacks read it", () => {
    const text = readme("prod-us-east-1");
    expect(text).toContain("`cross_stack_output_*` are the values other stacks read through `terraform_remote_state`");
    expect(text).toContain(
      "- `cross_stack_output_aws_eks_cluster_eks_endpoint` = `${aws_eks_cluster.eks.endpoint}`, read by `prod-us-east-1-k8s`",
    );
    expect(text).toContain(
      "- `cross_stack_output_aws_vpc_vpc_id` = `${aws_vpc.vpc.id}`, read by `prod-us-east-1-k8s`, `prod-ca-central-1`",
    );
  });

  test("say when the opted-in DynamoDB table locks too", () => {
    const input = defaultInput();
    Object.assign(input.backend, { lockTable: "acme-terraform-locks" });
    const locked = mkdtempSync(join(tmpdir(), "operators-locked-"));
    const lockedApp = buildApp(organization(input), { outdir: locked });
    lockedApp.synth();
    writeStackReadmes(lockedApp, locked);
    expect(readFileSync(join(locked, "stacks", "dev-us-east-1", "README.md"), "utf8")).toContain(
      "locked by the DynamoDB table `acme-terraform-locks` and the S3 lockfile.",
    );
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
