import { Testing, TerraformStack } from "cdktf";
import { mockTestFile, remoteStateReads, type SynthesizedStack } from "../../src/terraform/mock-test-file";

/** A consumer that reads two outputs of the producer stack `prod-us-east-1`. */
const consumer: SynthesizedStack = {
  data: { terraform_remote_state: { cross_stack_reference_input_prod_us_east_1: {} } },
  resource: {
    aws_route: {
      to_peer: {
        route_table_id: "${data.terraform_remote_state.cross_stack_reference_input_prod_us_east_1.outputs.route_table}",
        vpc_peering_connection_id:
          "${data.terraform_remote_state.cross_stack_reference_input_prod_us_east_1.outputs.peering_ids}",
      },
    },
  },
};
const stack = new TerraformStack(Testing.app(), "consumer");

describe("the remote state a mocked plan reads", () => {
  test("lists each output a consumer reads, once", () => {
    expect(remoteStateReads(consumer)).toEqual({
      cross_stack_reference_input_prod_us_east_1: ["peering_ids", "route_table"],
    });
  });

  test("in the rehearsal, gets the producer's applied values", () => {
    const file = mockTestFile(stack, consumer, "plan", {
      remoteOutputs: () => ({ route_table: "rtb-0123", peering_ids: ["pcx-1"] }),
    });
    expect(file).toContain('values = { outputs = {"peering_ids":["pcx-1"],"route_table":"rtb-0123"} }');
  });

  test("an output the producer does not have fails, naming it and what the producer has", () => {
    expect(() => mockTestFile(stack, consumer, "plan", { remoteOutputs: () => ({ route_table: "rtb-0123" }) })).toThrow(
      'cross_stack_reference_input_prod_us_east_1 reads output "peering_ids", which its producer does not have (it has route_table)',
    );
  });

  test("a producer that has not been applied yet fails", () => {
    expect(() => mockTestFile(stack, consumer, "plan", { remoteOutputs: () => undefined })).toThrow(
      "no producer stack was applied before this one",
    );
  });

  test("outside the rehearsal, placeholders are shaped by the output's name", () => {
    expect(mockTestFile(stack, consumer, "plan")).toContain(
      'values = { outputs = {"peering_ids":["mock-a","mock-b","mock-c"],"route_table":"mock-cross-stack"} }',
    );
  });
});

describe("the subnets of a mocked plan", () => {
  test("each gets a distinct id of the subnet- form AWS hands out", () => {
    const vpc: SynthesizedStack = { resource: { aws_subnet: { public_a: {}, public_b: {}, application_a: {} } } };
    const ids = [
      ...mockTestFile(stack, vpc, "apply").matchAll(/target = aws_subnet\.(\w+)\n {2}values = \{ id = "([^"]+)" \}/g),
    ];
    expect(ids.map(([, name]) => name)).toEqual(["public_a", "public_b", "application_a"]);
    const values = ids.map(([, , id]) => id);
    expect(new Set(values).size).toBe(3);
    for (const id of values) expect(id).toMatch(/^subnet-[0-9a-f]{8,17}$/);
  });

  test("an imported subnet keeps the override of its import, and only that one", () => {
    const adopting: SynthesizedStack = {
      import: [{ to: "aws_subnet.public_a" }],
      resource: { aws_subnet: { public_a: {}, public_b: {} } },
    };
    const file = mockTestFile(stack, adopting, "plan");
    expect(file.match(/target = aws_subnet\.public_a\n/g)).toHaveLength(1);
    expect(file.match(/target = aws_subnet\.public_b\n/g)).toHaveLength(1);
  });
});
