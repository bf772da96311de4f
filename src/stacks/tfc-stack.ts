import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { RunTrigger } from "@cdktf/provider-tfe/lib/run-trigger";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { TerraformStack, type App } from "cdktf";
import { Construct } from "constructs";
import type { CloudBackendConfig, Organization } from "../config/schema";
import { TFC_STACK_ID } from "../naming";
import { tfcWorkspaces } from "../tfc";
import { configureBackend } from "./backend";
import { BaseStack } from "./base-stack";

/** Where the workspaces of VCS-driven runs find the synthesized output in the repository. */
const OUTPUT_DIR = "cdktf.out";

/**
 * `tfc`: the Terraform Cloud workspaces of every other stack, with the tfe provider: each with the
 * pinned Terraform version, its working directory, remote execution, its run triggers and the
 * workspaces allowed to read its state (workspaces share no state by default). Its own workspace
 * is created by its first `terraform init`. Every other stack depends on it: a workspace created
 * by a stack's own `init` first would make this stack's apply fail on the taken name.
 * @see https://registry.terraform.io/providers/hashicorp/tfe/0.71.0/docs/resources/workspace_settings
 */
export class TfcStack extends BaseStack {
  private declared = false;

  constructor(
    private readonly app: App,
    org: Organization,
    private readonly backend: CloudBackendConfig,
    private readonly terraformVersion: string,
  ) {
    super(app, TFC_STACK_ID);
    configureBackend(this, org, { stackId: TFC_STACK_ID, key: TFC_STACK_ID });
    new TfeProvider(this, "tfe", { hostname: backend.hostname, organization: backend.organization });
    for (const stack of app.node.children) {
      if (TerraformStack.isStack(stack) && stack !== this) stack.addDependency(this);
    }
  }

  /**
   * Declares the workspaces once every other stack is prepared: cdktf records the dependencies of
   * cross-stack references only then (the app prepares its stacks in order, this one last).
   */
  override prepareStack(): void {
    if (!this.declared) {
      this.declared = true;
      this.declareWorkspaces();
    }
    super.prepareStack();
  }

  private declareWorkspaces(): void {
    const plan = tfcWorkspaces(this.app, this.backend);
    const ids = new Map<string, string>();
    const stackOf = new Map(plan.map((workspace) => [workspace.name, workspace.stack]));
    for (const workspace of plan) {
      const created = new Workspace(new Construct(this, workspace.stack), "resource", {
        name: workspace.name,
        organization: this.backend.organization,
        terraformVersion: this.terraformVersion,
        workingDirectory: `${OUTPUT_DIR}/${workspace.workingDirectory}`,
        // A workspace holds a stack's state: deleting it loses track of everything the stack manages.
        lifecycle: { preventDestroy: true },
      });
      ids.set(workspace.name, created.id);
    }
    for (const workspace of plan) {
      const scope = this.node.findChild(workspace.stack);
      new WorkspaceSettings(scope, "settings", {
        workspaceId: ids.get(workspace.name)!,
        executionMode: "remote",
        globalRemoteState: false,
        remoteStateConsumerIds: workspace.remoteStateConsumers.map((consumer) => ids.get(consumer)!),
      });
      for (const source of workspace.runTriggerSources) {
        new RunTrigger(scope, `from-${stackOf.get(source)}`, {
          workspaceId: ids.get(workspace.name)!,
          sourceableId: ids.get(source)!,
        });
      }
    }
  }
}
