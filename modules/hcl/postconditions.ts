import type { TerraformDataSource } from "cdktf";

type HclAttributes = Record<string, unknown> & { lifecycle?: Record<string, unknown> };

/**
 * cdktf 0.21's HCL writer (`cdktf synth --hcl`) renders a data source's `lifecycle.postcondition` list as
 * an argument (`postcondition = [...]`), which Terraform refuses: it is a block. This marks the list as
 * blocks for the HCL writer only; the JSON output (`cdk.tf.json`) is unchanged.
 */
export function postconditionBlocksInHcl(dataSource: TerraformDataSource): void {
  const toHcl = dataSource.toHclTerraform.bind(dataSource);
  dataSource.toHclTerraform = () => {
    const hcl = toHcl() as { data: Record<string, Record<string, HclAttributes>> };
    for (const byName of Object.values(hcl.data)) {
      for (const attributes of Object.values(byName)) {
        const { postcondition, ...rest } = attributes.lifecycle ?? {};
        if (postcondition === undefined) continue;
        attributes.lifecycle = {
          value: { ...rest, postcondition: { value: postcondition, isBlock: true, type: "list" } },
        };
      }
    }
    return hcl;
  };
}
