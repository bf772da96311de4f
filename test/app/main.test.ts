import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "../..");

/** Runs main.ts as `cdktf synth` would, transpile-only, in a scratch working directory. */
function runMain(env: Record<string, string>, cwd: string) {
  return spawnSync(
    process.execPath,
    ["-r", require.resolve("ts-node/register/transpile-only"), join(root, "main.ts")],
    {
      cwd,
      env: { ...process.env, ...env, TS_NODE_PROJECT: join(root, "tsconfig.json") },
      encoding: "utf8",
    },
  );
}

const badConfig = `
name: acme
homeRegion: us-east-1
regions: { us-east-1: { residency: us } }
backend: { type: s3, bucket: acme-state-bucket, lockTable: acme-locks, region: us-east-1, account: management }
accounts:
  management: { id: "111111111111", kind: management, environment: prod, ou: root, regions: { us-east-1: {} } }
  security: { id: "12345", email: s@example.com, kind: security, environment: prod, ou: root, regions: { us-east-1: {} } }
  dev:
    id: "333333333333"
    email: d@example.com
    environment: dev
    ou: root
    colour: blue
    regions: { eu-west-1: { network: { cidr: 10.0.0.0/16 } } }
`;

describe("main", () => {
  test("a config with three mistakes prints all three with their paths, exits 1 and writes nothing", () => {
    const cwd = mkdtempSync(join(tmpdir(), "main-"));
    writeFileSync(join(cwd, "org.yaml"), badConfig);
    const result = runMain({ ORG_CONFIG: "org.yaml", CDKTF_OUTDIR: join(cwd, "cdktf.out") }, cwd);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("[accounts.dev.colour] unknown key");
    expect(result.stderr).toContain("[accounts.security.id] must be a 12-digit AWS account id");
    expect(result.stderr).toContain('[accounts.dev.regions.eu-west-1] region "eu-west-1" is not governed');
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
  });

  test("a failed run leaves an earlier output untouched", () => {
    const cwd = mkdtempSync(join(tmpdir(), "main-"));
    const outdir = join(cwd, "cdktf.out");
    mkdirSync(join(outdir, "stacks", "earlier"), { recursive: true });
    writeFileSync(join(outdir, "manifest.json"), "earlier");
    writeFileSync(join(cwd, "org.yaml"), badConfig);
    expect(runMain({ ORG_CONFIG: "org.yaml", CDKTF_OUTDIR: outdir }, cwd).status).toBe(1);
    expect(readFileSync(join(outdir, "manifest.json"), "utf8")).toBe("earlier");
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["earlier"]);
  });

  test("a good run replaces stale stacks and keeps what Terraform left in the live ones", () => {
    const cwd = mkdtempSync(join(tmpdir(), "main-"));
    const outdir = join(cwd, "cdktf.out");
    mkdirSync(join(outdir, "stacks", "removed-stack"), { recursive: true });
    mkdirSync(join(outdir, "stacks", "dev-us-east-1", ".terraform"), { recursive: true });
    const result = runMain({ CDKTF_OUTDIR: outdir }, cwd);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const stacks = readdirSync(join(outdir, "stacks"));
    expect(stacks).not.toContain("removed-stack");
    expect(stacks).toContain("prod-ca-central-1");
    expect(existsSync(join(outdir, "stacks", "dev-us-east-1", ".terraform"))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: object };
    expect(Object.keys(manifest.stacks)).toHaveLength(stacks.length);
  });
});
