import { TerraformResource, type TerraformStack } from "cdktf";

/**
 * Turns the config's `adopt` entries into `import` blocks on the stack's resources. Call it once
 * the stack is built; an address the stack does not have is a validation error naming the field.
 */
export function adoptResources(stack: TerraformStack, adopt: Readonly<Record<string, string>>, path: string): void {
  const byAddress = new Map(
    stack.node
      .findAll()
      .filter((construct): construct is TerraformResource => construct instanceof TerraformResource)
      .map((resource) => [`${resource.terraformResourceType}.${stack.getLogicalId(resource)}`, resource]),
  );
  const unknown: string[] = [];
  for (const [address, id] of Object.entries(adopt)) {
    const resource = byAddress.get(address);
    if (resource === undefined) unknown.push(address);
    else resource.importFrom(id);
  }
  stack.node.addValidation({
    validate: () =>
      unknown.map(
        (address) =>
          `${path}.${address}: ${stack.node.id} has no ${address}; its README and the address manifest list its addresses`,
      ),
  });
}
