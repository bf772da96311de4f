import type { StackJson } from "../../helpers/synth";

const snake = (stackId: string): string => stackId.replace(/-/g, "_");

/**
 * Several stacks' resources as one stack's, so `TransitModel` can follow references across them:
 * every resource name is prefixed by its stack (`network_us_east_1__transit_hub`), and a
 * cross-stack read (`data.terraform_remote_state.cross_stack_reference_input_<stack>.outputs.<o>`)
 * of a merged stack becomes the producer's own reference; reads of other stacks stay as they are.
 */
export function mergeStacks(stacks: Readonly<Record<string, StackJson>>, ids: readonly string[]): StackJson {
  const bySnake = new Map(ids.map((id) => [snake(id), id]));
  const local = (id: string, text: string): string =>
    text.replace(/\$\{(aws_[a-z0-9_]+)\.([a-z0-9_]+)\.([a-z0-9_]+)\}/g, `\${$1.${snake(id)}__$2.$3}`);
  const remote = (text: string): string =>
    text.replace(
      /\$\{data\.terraform_remote_state\.cross_stack_reference_input_([a-z0-9_]+)\.outputs\.([a-z0-9_]+)\}/g,
      (match, producer: string, output: string) => {
        const id = bySnake.get(producer);
        if (id === undefined) return match; // a stack outside the merged ones (the log archive's)
        const value = stacks[id].output?.[output]?.value;
        if (typeof value !== "string") throw new Error(`no output ${output} of ${id}`);
        return local(id, value);
      },
    );
  const rewrite = (id: string, value: unknown): unknown => {
    if (typeof value === "string") return remote(local(id, value));
    if (Array.isArray(value)) return value.map((item) => rewrite(id, item));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewrite(id, item)]));
    }
    return value;
  };
  const resource: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const id of ids) {
    for (const [type, resources] of Object.entries(stacks[id].resource ?? {})) {
      for (const [name, body] of Object.entries(resources)) {
        resource[type] = { ...resource[type], [`${snake(id)}__${name}`]: rewrite(id, body) as Record<string, unknown> };
      }
    }
  }
  return { resource };
}
