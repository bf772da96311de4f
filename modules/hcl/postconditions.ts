import type { TerraformDataSource, TerraformResource } from "cdktf";

type HclAttributes = Record<string, unknown> & { lifecycle?: Record<string, unknown> };

/**
 * cdktf 0.21's HCL writer (`cdktf synth --hcl`) renders a data source's `lifecycle.postcondition` list as
 * an argument (`postcondition = [...]`), which Terraform refuses: it is a block. This marks the list as
 * blocks for the HCL writer only; the JSON output (`cdk.tf.json`) is unchanged.
 */
export function postconditionBlocksInHcl(dataSource: TerraformDataSource): void {
  conditionBlocksInHcl(dataSource, "data", "postcondition");
}

/** The same for a resource's `lifecycle.precondition` list, which the HCL writer renders as an argument too. */
export function preconditionBlocksInHcl(resource: TerraformResource): void {
  conditionBlocksInHcl(resource, "resource", "precondition");
}

function conditionBlocksInHcl(
  element: TerraformDataSource | TerraformResource,
  kind: "data" | "resource",
  field: "postcondition" | "precondition",
): void {
  const toHcl = element.toHclTerraform.bind(element);
  element.toHclTerraform = () => {
    const hcl = toHcl() as Record<typeof kind, Record<string, Record<string, HclAttributes>>>;
    for (const byName of Object.values(hcl[kind])) {
      for (const attributes of Object.values(byName)) {
        const { [field]: conditions, ...rest } = attributes.lifecycle ?? {};
        if (conditions === undefined) continue;
        attributes.lifecycle = {
          value: { ...rest, [field]: { value: conditions, isBlock: true, type: "list" } },
        };
      }
    }
    return hcl;
  };
}
