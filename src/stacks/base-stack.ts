import { TerraformElement, TerraformStack } from "cdktf";
import type { Node } from "constructs";
import { terraformName } from "../naming";

/**
 * Every stack of the project: one address policy, readable and hash-free.
 * `aws_vpc.vpc`, `aws_network_acl_rule.vpc_database_nacl_in_100`; a clash fails synth naming both paths.
 */
export abstract class BaseStack extends TerraformStack {
  private readonly owners = new Map<string, string>();

  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const ids = node.scopes.slice(node.scopes.indexOf(this) + 1).map((scope) => scope.node.id);
    const name = terraformName(ids);
    if (!/^[a-z_]/.test(name)) {
      throw new Error(`Terraform name "${name}" of ${node.path} must start with a letter or underscore`);
    }
    const owner = this.owners.get(name);
    if (owner !== undefined && owner !== node.path) {
      throw new Error(`Terraform name "${name}" of ${node.path} is already used by ${owner}`);
    }
    this.owners.set(name, node.path);
    return name;
  }
}
