import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stacksOf } from "../../src/app";
import { writeStackReadmes } from "../../src/operators";
import { runTriggerIssues, tfcWorkspaces } from "../../src/tfc";
import { defaultInput, organization, synthApp } from "../helpers/synth";

// Terraform cannot install hashicorp/tfe here (no registry, no mirror): this stack is checked by jest only.
process.stderr.write("jest-only (the tfe provider is not installable here): tfc\n");

function cloudInput(manageWorkspaces: boolean) {
  const input = defaultInput();
  input.backend = { type: "cloud", organization: "acme-corp", workspacePrefix: "acme-", manageWorkspaces };
  return input;
}

const { app, json } = synthApp(organization(cloudInput(true)));
const tfc = json.tfc;
const resources = (type: string) => (tfc.resource?.[type] ?? {}) as Record<string, Record<string, unknown>>;
const managed = stacksOf(app)
  .map((stack) => stack.node.id)
  .filter((id) => id !== "tfc");
const address = (stack: string) => stack.replace(/-/g, "_");

describe("the tfc stack (backend.manageWorkspaces)", () => {
  test("exists only when asked for, on its own workspace, with the tfe provider of the organization", () => {
    expect(Object.keys(synthApp(organization(cloudInput(false))).json)).not.toContain("tfc");
    expect(tfc.terraform).toEqual(
      expect.objectContaining({
        cloud: { hostname: "app.terraform.io", organization: "acme-corp", workspaces: { name: "acme-tfc" } },
        required_providers: { tfe: { source: "hashicorp/tfe", version: "0.71.0" } },
      }),
    );
    expect(tfc.provider?.tfe).toEqual([{ hostname: "app.terraform.io", organization: "acme-corp" }]);
  });

  test("comes before every other stack, which all depend on it", () => {
    for (const stack of stacksOf(app).filter((s) => s.node.id !== "tfc")) {
      expect([stack.node.id, stack.dependencies.map((d) => d.node.id)]).toEqual([
        stack.node.id,
        expect.arrayContaining(["tfc"]),
      ]);
    }
  });

  test("creates each stack's workspace with the pinned Terraform, its working directory, protected", () => {
    const version = readFileSync(join(__dirname, "../../.terraform-version"), "utf8").trim();
    expect(Object.keys(resources("tfe_workspace")).sort()).toEqual(managed.map(address).sort());
    expect(resources("tfe_workspace").prod_ca_central_1).toEqual(
      expect.objectContaining({
        name: "acme-prod-ca-central-1",
        organization: "acme-corp",
        terraform_version: version,
        working_directory: "cdktf.out/stacks/prod-ca-central-1",
        lifecycle: { prevent_destroy: true },
      }),
    );
  });

  test("shares each workspace's state with exactly the stacks that depend on it, and with no one else", () => {
    const settings = resources("tfe_workspace_settings");
    expect(settings.security_us_east_1_settings).toEqual(
      expect.objectContaining({
        workspace_id: "${tfe_workspace.security_us_east_1.id}",
        execution_mode: "remote",
        global_remote_state: false,
      }),
    );
    for (const stack of stacksOf(app).filter((s) => s.node.id !== "tfc")) {
      const dependants = stacksOf(app)
        .filter((other) => other.dependencies.includes(stack))
        .map((other) => `\${tfe_workspace.${address(other.node.id)}.id}`);
      expect([stack.node.id, settings[`${address(stack.node.id)}_settings`].remote_state_consumer_ids]).toEqual([
        stack.node.id,
        dependants,
      ]);
    }
    expect(settings.prod_us_east_1_settings.remote_state_consumer_ids).toEqual(
      expect.arrayContaining(["${tfe_workspace.prod_ca_central_1.id}", "${tfe_workspace.prod_us_east_1_k8s.id}"]),
    );
  });

  test("queues a run after each dependency's apply: one run trigger per recorded dependency, none from tfc", () => {
    const triggers = resources("tfe_run_trigger");
    expect(triggers.prod_ca_central_1_from_prod_us_east_1).toEqual(
      expect.objectContaining({
        workspace_id: "${tfe_workspace.prod_ca_central_1.id}",
        sourceable_id: "${tfe_workspace.prod_us_east_1.id}",
      }),
    );
    const expected = stacksOf(app)
      .filter((s) => s.node.id !== "tfc")
      .flatMap((stack) =>
        stack.dependencies
          .filter((d) => d.node.id !== "tfc")
          .map((d) => `${address(stack.node.id)}_from_${address(d.node.id)}`),
      );
    expect(Object.keys(triggers).sort()).toEqual(expected.sort());
  });

  test("the manifest, the stack and the run-trigger limit agree and ignore the dependency on tfc", () => {
    const backend = organization(cloudInput(true)).backend;
    if (backend.type !== "cloud") throw new Error("cloud backend expected");
    const workspaces = tfcWorkspaces(app, backend);
    expect(workspaces.map((w) => w.stack)).toEqual(managed);
    expect(workspaces.find((w) => w.stack === "security-us-east-1")!.runTriggerSources).toEqual(["acme-organization"]);
    expect(workspaces.find((w) => w.stack === "organization")!.runTriggerSources).toEqual([]);
    expect(workspaces.find((w) => w.stack === "prod-us-east-1")!.remoteStateConsumers.sort()).toEqual([
      "acme-prod-ca-central-1",
      "acme-prod-us-east-1-k8s",
    ]);
    expect(runTriggerIssues(app)).toEqual([]);
  });

  test("its README says which organization and token it works with", () => {
    app.synth();
    writeStackReadmes(app, app.outdir);
    const readme = readFileSync(join(app.outdir, "stacks", "tfc", "README.md"), "utf8");
    expect(readme).toContain("- tfe provider: organization `acme-corp` on `app.terraform.io`");
    expect(readme).toContain("- State: Terraform Cloud workspace `acme-tfc` of `acme-corp`.");
    expect(readFileSync(join(app.outdir, "stacks", "dev-us-east-1", "README.md"), "utf8")).toContain(
      "- Apply first: `security-us-east-1`, `tfc`",
    );
  });
});
