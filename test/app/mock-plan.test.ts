/** `npm run mock-plan -- <stack>`: one stack's mocked plan, as the suite runs it, from the command line. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { terraformSkipped } from "../helpers/terraform";

const root = join(__dirname, "../..");

function mockPlan(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ["-r", join(root, "scripts/require-ts.js"), join(root, "scripts/mock-plan.ts"), ...args],
    { cwd: root, encoding: "utf8", env: { ...process.env, ORG_CONFIG: "" }, timeout: 10 * 60 * 1000 },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run mock-plan", () => {
  test("an unknown stack is refused with the list of stacks, and no plan runs", () => {
    const result = mockPlan("prod-eu-west-9");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no stack "prod-eu-west-9"; the stacks: bootstrap, organization,');
    expect(result.stdout).toBe("");
  });

  test("a -k8s stack is refused: its provider cannot be installed offline", () => {
    const result = mockPlan("prod-us-east-1-k8s");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("uses the Helm provider, which cannot be installed offline");
  });

  (terraformSkipped() ? test.skip : test)(
    "prints each planned action and the summary of one stack",
    () => {
      const result = mockPlan("management-ca-central-1");
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(result.stdout).toContain("Mocked plan of management-ca-central-1 (default organization):");
      expect(result.stdout).toContain("# aws_config_configuration_recorder.baseline_config_recorder will be created");
      expect(result.stdout).toMatch(/^Plan: \d+ to add, 0 to change, 0 to destroy\.$/m);
    },
    10 * 60 * 1000,
  );
});
