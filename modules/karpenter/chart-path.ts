import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Absolute path of `charts/<name>` in this repository, found by walking up from `from` to the folder that
 * holds both `package.json` and `charts/<name>/Chart.yaml`. Works from the sources (ts-jest, ts-node:
 * `modules/karpenter`) and from the build output (`dist/modules/karpenter`), where a fixed `../..` would not.
 */
export function localChartPath(name: string, from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const chart = join(dir, "charts", name);
    if (existsSync(join(dir, "package.json")) && existsSync(join(chart, "Chart.yaml"))) return chart;
    if (dirname(dir) === dir) throw new Error(`charts/${name}/Chart.yaml not found in ${from} or above it`);
  }
}
