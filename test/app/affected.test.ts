import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { affectedText, type AffectedReport } from "../../src/affected";
import { scratchRepository } from "../helpers/scratch-repository";

describe("npm run affected", () => {
  const repo = scratchRepository({ git: true });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  test("a config change to one account: that account's stack and its dependants, in waves, as JSON for a matrix", () => {
    const config = join(repo, "examples/org.yaml");
    const text = readFileSync(config, "utf8");
    const changed = text.replace("natGateways: single", "natGateways: perAz");
    expect(changed).not.toBe(text);
    writeFileSync(config, changed);
    const result = spawnSync(
      process.execPath,
      ["-r", "./scripts/require-ts.js", "scripts/affected.ts", "HEAD", "--json"],
      {
        cwd: repo,
        env: { ...process.env, ORG_CONFIG: "examples/org.yaml" },
        encoding: "utf8",
      },
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout) as AffectedReport).toEqual({
      ref: "HEAD",
      changed: ["sandbox-us-west-2"],
      removed: [],
      waves: [["sandbox-us-west-2"], ["sandbox-us-west-2-k8s"]],
      matrix: {
        include: [
          { stack: "sandbox-us-west-2", wave: 1, directory: "cdktf.out/stacks/sandbox-us-west-2" },
          { stack: "sandbox-us-west-2-k8s", wave: 2, directory: "cdktf.out/stacks/sandbox-us-west-2-k8s" },
        ],
      },
    });
  }, 120_000);

  test("an unknown ref is a clear error", () => {
    const result = spawnSync(
      process.execPath,
      ["-r", "./scripts/require-ts.js", "scripts/affected.ts", "no-such-ref"],
      {
        cwd: repo,
        encoding: "utf8",
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("cannot read no-such-ref from git");
  }, 120_000);
});

describe("the affected report as text", () => {
  test("changed stacks, the waves to plan, and the stacks that are gone", () => {
    const report: AffectedReport = {
      ref: "origin/main",
      changed: ["dev-us-east-1"],
      removed: ["old-us-east-1"],
      waves: [["dev-us-east-1"], ["dev-us-east-1-k8s"]],
      matrix: { include: [] },
    };
    expect(affectedText(report)).toBe(
      [
        "Changed since origin/main: dev-us-east-1",
        "Plan and apply in this order (the changed stacks and every stack depending on them):",
        "1. dev-us-east-1",
        "2. dev-us-east-1-k8s",
        "Gone since origin/main: old-us-east-1 (their resources stay until destroyed with the output of origin/main)",
        "",
      ].join("\n"),
    );
    expect(affectedText({ ...report, changed: [], removed: [], waves: [] })).toBe(
      "No stack's Terraform changed since origin/main.\n",
    );
  });
});
