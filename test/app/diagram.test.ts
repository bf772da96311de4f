import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { Script } from "node:vm";
import { JSDOM } from "jsdom";
import { DEFAULT_ORGANIZATION } from "../../src/config/default-organization";
import { loadOrganization, validateOrganization } from "../../src/config/load";
import type { Organization, OrganizationInput } from "../../src/config/schema";
import { ARCHITECTURE_DOC, architectureMarkdown } from "../../src/diagram";
import { escapeLabel, Flowchart, mermaidBlock } from "../../src/diagram/mermaid";

const root = resolve(__dirname, "../..");

interface Mermaid {
  initialize(config: object): void;
  parse(text: string): Promise<unknown>;
}

/**
 * Mermaid's own parser: the browser bundle run in a jsdom window (its parse step sanitizes labels
 * with DOMPurify, which needs a DOM; nothing is rendered). The bundle declares a global `var`, so
 * it runs as a classic script in the window's context rather than through `eval`.
 */
function loadMermaid(): Mermaid {
  const dom = new JSDOM("<!doctype html><html><body></body></html>", { runScripts: "outside-only" });
  const bundle = readFileSync(require.resolve("mermaid/dist/mermaid.min.js"), "utf8");
  new Script(bundle, { filename: "mermaid.min.js" }).runInContext(dom.getInternalVMContext());
  const mermaid = (dom.window as unknown as { mermaid: Mermaid }).mermaid;
  mermaid.initialize({ startOnLoad: false });
  return mermaid;
}

let mermaid: Mermaid;
beforeAll(() => {
  mermaid = loadMermaid();
});

/** The body of every ```mermaid block of a Markdown text. */
function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((match) => match[1]);
}

/** Resolves when Mermaid parses the diagram; rejects with Mermaid's message and the diagram otherwise. */
async function parseMermaid(diagram: string): Promise<void> {
  try {
    await mermaid.parse(diagram);
  } catch (error) {
    // The error comes from the window's realm: rethrow it as one of ours, with the diagram.
    throw new Error(`Mermaid cannot parse this diagram: ${(error as Error).message}\n${diagram}`, { cause: error });
  }
}

/** The default organization, changed by `change`, validated. */
function organizationWith(change: (org: OrganizationInput) => void): Organization {
  const input = structuredClone(DEFAULT_ORGANIZATION);
  change(input);
  return validateOrganization(input, "test");
}

/**
 * A variant that reaches the branches the default does not: Terraform Cloud (no bootstrap), SCPs
 * moved to an account and an OU, explicit subnets over two AZs, a third region in the us zone with
 * a disaster-recovery replica, an account not created yet.
 */
const variant = () =>
  organizationWith((org) => {
    org.regions["us-east-2"] = { residency: "us" };
    org.accounts.management.regions["us-east-2"] = {};
    org.accounts.security.regions["us-east-2"] = {};
    org.backend = { type: "cloud", organization: "acme", workspacePrefix: "acme-" };
    org.serviceControlPolicies = { denyRootUser: ["ou:Workloads/Prod", "account:dev"], exemptPrincipalArns: [] };
    org.accounts.sandbox = {
      email: "aws+sandbox@example.com",
      environment: "dev",
      ou: "Workloads/NonProd",
      regions: {},
    };
    org.accounts.staging.regions["us-east-1"].network = {
      cidr: "10.20.0.0/16",
      availabilityZones: 2,
      subnets: {
        public: { a: "10.20.100.0/24", b: "10.20.101.0/24" },
        application: { a: "10.20.128.0/20", b: "10.20.144.0/20" },
        database: { a: "10.20.200.0/24", b: "10.20.201.0/24" },
      },
    };
    org.accounts.prod.regions["us-east-2"] = { network: { cidr: "10.2.0.0/16" } };
    org.accounts.prod.regions["us-east-1"].databases = {
      postgres: { disasterRecoveryRegion: "us-east-2" },
      mariadb: {},
    };
  });

const example = () => loadOrganization({ ORG_CONFIG: join(root, "examples/org.yaml") });

/** The lines of a Markdown section (from its `## title` to the next `## `). */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`no section "${title}"`);
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

describe("docs/architecture.md", () => {
  test("is the diagram of the default organization (run `npm run diagram` when this fails)", () => {
    const file = join(root, ARCHITECTURE_DOC);
    const generated = architectureMarkdown(loadOrganization({}));
    if (!existsSync(file)) throw new Error(`${ARCHITECTURE_DOC} is missing: run \`npm run diagram\` and commit it.`);
    const committed = readFileSync(file, "utf8");
    if (committed !== generated) {
      const lines = committed.split("\n");
      const at = generated.split("\n").findIndex((line, i) => line !== lines[i]);
      throw new Error(
        `${ARCHITECTURE_DOC} is stale: run \`npm run diagram\` and commit the result.\n` +
          `First difference at line ${at + 1}:\n  committed: ${lines[at] ?? "(end of file)"}\n` +
          `  generated: ${generated.split("\n")[at] ?? "(end of file)"}`,
      );
    }
  });
});

describe("Mermaid syntax", () => {
  test.each([
    ["the default organization", () => loadOrganization({})],
    ["examples/org.yaml", example],
    ["a variant (cloud backend, explicit subnets, DR replica, SCPs moved)", variant],
  ])("every diagram of %s parses with Mermaid", async (_name, organization) => {
    const diagrams = mermaidBlocks(architectureMarkdown(organization()));
    expect(diagrams.length).toBeGreaterThanOrEqual(4);
    for (const diagram of diagrams) await parseMermaid(diagram);
  });

  test("the parser check rejects a broken diagram", async () => {
    const [first] = mermaidBlocks(architectureMarkdown(loadOrganization({})));
    await expect(parseMermaid(first)).resolves.toBeUndefined();
    // An arrow without a target, a misspelt diagram type, a link style for a link that does not exist.
    await expect(parseMermaid(`${first}\n  root -->`)).rejects.toThrow(/cannot parse.*Parse error/);
    await expect(parseMermaid(first.replace("flowchart TB", "flowchat TB"))).rejects.toThrow(/No diagram type/);
    const links = first.split("\n").filter((line) => / -\.?->/.test(line)).length;
    await expect(parseMermaid(`${first}\n  linkStyle ${links} stroke:#f00`)).rejects.toThrow(/cannot parse/);
    await expect(parseMermaid(`${first}\n  linkStyle ${links - 1} stroke:#f00`)).resolves.toBeUndefined();
  });

  test("labels are escaped, so no config text can break a diagram", async () => {
    const hostile = 'a "quoted" <b>bold</b> #1; end';
    expect(escapeLabel(hostile)).toBe("a #quot;quoted#quot; #lt;b#gt;bold#lt;/b#gt; #35;1; end");
    const chart = new Flowchart("LR");
    chart.subgraph("end", hostile, () => chart.node("graph", [hostile, "second line"], "hexagon"));
    for (const keyword of ["class", "classDef", "click", "Style", "linkStyle", "subgraph", "flowchart"]) {
      chart.node(keyword, keyword);
      chart.link("graph", keyword, { arrow: "dotted" });
    }
    chart.link("graph", "o-x", { label: hostile, arrow: "both" });
    expect(chart.id("end")).toBe("end_node");
    await parseMermaid(chart.toString());
    expect(mermaidBlock(chart)).toMatch(/^```mermaid\nflowchart LR\n[\s\S]*\n```$/);
  });

  test("node ids stay unique when two keys slug alike", () => {
    const chart = new Flowchart("TB");
    expect([chart.id("ou:Non-Prod"), chart.id("ou:Non_Prod"), chart.id("ou:Non-Prod")]).toEqual([
      "ou_Non_Prod",
      "ou_Non_Prod_2",
      "ou_Non_Prod",
    ]);
  });
});

describe("the default organization's diagrams", () => {
  const markdown = architectureMarkdown(loadOrganization({}));

  test("the organization: OUs, accounts and SCPs where the defaults attach them", () => {
    const chart = section(markdown, "Organization, OUs and SCPs");
    for (const account of ["management", "security", "dev", "staging", "prod"]) {
      expect(chart).toContain(`account_${account}["${account}<br/>`);
    }
    expect(chart).toContain("ou_Workloads --> ou_Workloads_Prod");
    expect(chart).toContain("ou_Workloads_Prod --> account_prod");
    expect(chart).toContain("root --> account_management");
    const attachments = chart.split("\n").filter((line) => line.includes(" -.-> "));
    expect(attachments.map((line) => line.trim())).toEqual([
      "scp_guardrails -.-> root",
      "scp_regionGuard -.-> root",
      "scp_denyRootUser -.-> ou_Security",
      "scp_denyRootUser -.-> ou_Workloads",
    ]);
    expect(chart).toContain("SCP acme-region-guard<br/>deny every region but us-east-1, ca-central-1");
  });

  test("every stack in its region, in deploy order", () => {
    const chart = section(markdown, "Regions and stacks");
    const stacks = {
      "us-east-1": [
        "bootstrap",
        "organization",
        "management-us-east-1",
        "security-us-east-1",
        "dev-us-east-1",
        "dev-us-east-1-k8s",
        "staging-us-east-1",
        "staging-us-east-1-k8s",
        "prod-us-east-1",
        "prod-us-east-1-k8s",
      ],
      "ca-central-1": [
        "management-ca-central-1",
        "security-ca-central-1",
        "prod-ca-central-1",
        "prod-ca-central-1-k8s",
      ],
    };
    for (const [region, ids] of Object.entries(stacks)) {
      const subgraph = chart.slice(chart.indexOf(`subgraph region_${region.replace(/-/g, "_")}[`));
      const body = subgraph.slice(0, subgraph.indexOf("\n  end"));
      const nodes = [...body.matchAll(/^ {4}stack_\w+\["([^<"]+)/gm)].map((match) => match[1]);
      expect(nodes).toEqual(ids);
    }
    expect(chart).toContain('stack_bootstrap -.->|"state backend"| stack_organization');
    expect(chart).toContain('stack_organization -->|"trusted access"| stack_security_us_east_1');
    expect(chart).toContain('stack_management_us_east_1 -->|"account home"| stack_management_ca_central_1');
    for (const id of Object.values(stacks).flat()) {
      if (["bootstrap", "organization", "security-us-east-1"].includes(id) || id.endsWith("-k8s")) continue;
      expect(chart).toContain(`stack_security_us_east_1 --> stack_${id.replace(/-/g, "_")}\n`);
    }
    expect(chart).toContain('stack_prod_us_east_1 -->|"network link"| stack_prod_ca_central_1');
    expect(chart).toContain('stack_prod_ca_central_1 -->|"cluster outputs"| stack_prod_ca_central_1_k8s');
    expect(chart).toMatch(/class [\w,]*stack_prod_ca_central_1_k8s[\w,]* zone_ca\n/);
  });

  test("each VPC with its CIDR and the subnets of the reference layout", () => {
    const vpcs = section(markdown, "VPCs");
    for (const [stack, cidr] of [
      ["dev-us-east-1", "10.30.0.0/16"],
      ["staging-us-east-1", "10.20.0.0/16"],
      ["prod-us-east-1", "10.0.0.0/16"],
      ["prod-ca-central-1", "10.1.0.0/16"],
    ]) {
      expect(vpcs).toContain(`### \`${stack}\`: ${cidr}`);
      expect(vpcs).toContain(`subgraph vpc["VPC ${cidr} · ${stack} · 3 AZs"]`);
    }
    const prodUs = vpcs.slice(vpcs.indexOf("### `prod-us-east-1`"), vpcs.indexOf("### `prod-ca-central-1`"));
    const subnets = [...prodUs.matchAll(/subnet_(\w+)_use1_az(\d)\["[^<]+<br\/>([\d./]+)"\]/g)].map(
      ([, tier, az, cidr]) => `${tier} use1-az${az} ${cidr}`,
    );
    expect(subnets).toEqual([
      "public use1-az1 10.0.1.0/24",
      "public use1-az2 10.0.2.0/24",
      "public use1-az4 10.0.3.0/24",
      "application use1-az1 10.0.16.0/20",
      "application use1-az2 10.0.32.0/20",
      "application use1-az4 10.0.48.0/20",
      "database use1-az1 10.0.64.0/21",
      "database use1-az2 10.0.72.0/21",
      "database use1-az4 10.0.80.0/21",
    ]);
    expect(prodUs).toContain('tier_database <-->|"VPC peering, tcp 3306<br/>declared by prod-ca-central-1"|');
    expect(prodUs).toContain("egress via a NAT gateway per AZ");
  });

  test("the cross-region links, coloured by residency zone", () => {
    const links = section(markdown, "Cross-region links and data residency");
    expect(links).toContain('stack_prod_ca_central_1 <-->|"VPC peering<br/>tcp 3306"| stack_prod_us_east_1');
    expect(links).toMatch(
      /stack_prod_us_east_1 -->\|"DMS reference sync<br\/>reference\.country, [^|]*"\| stack_prod_ca_central_1/,
    );
    for (const table of ["country", "currency", "language", "timezone"]) expect(links).toContain(`reference.${table}`);
    expect(links).toContain('registry_us_east_1 ==>|"registry replication"| registry_ca_central_1');
    expect(links).toContain("classDef zone_us fill:#dbeafe");
    expect(links).toContain("classDef zone_ca fill:#fee2e2");
    expect(links).toContain("class stack_prod_us_east_1,registry_us_east_1 zone_us\n");
    expect(links).toContain("class stack_prod_ca_central_1,registry_ca_central_1 zone_ca\n");
    expect(links).toContain("linkStyle 0,1,2 stroke:#ea580c"); // all three leave their zone
    expect(links).toContain("- `prod-us-east-1` → `prod-ca-central-1`: DMS reference sync");
  });
});

describe("other organizations", () => {
  test("the variant: no bootstrap with Terraform Cloud, explicit subnets, SCPs where the config puts them", () => {
    const markdown = architectureMarkdown(variant());
    expect(markdown).not.toContain("stack_bootstrap");
    expect(markdown).toContain("there is no bootstrap stack");
    expect(markdown).toContain('subnet_public_use1_az1["use1-az1<br/>10.20.100.0/24"]');
    expect(markdown).toContain('subnet_database_use1_az2["use1-az2<br/>10.20.201.0/24"]');
    expect(markdown).not.toContain('subnet_public_use1_az4["use1-az4<br/>10.20.');
    const organization = section(markdown, "Organization, OUs and SCPs");
    expect(organization).toContain("scp_denyRootUser -.-> ou_Workloads_Prod");
    expect(organization).toContain("scp_denyRootUser -.-> account_dev");
    expect(organization).toContain('account_sandbox["sandbox<br/>to be created · dev"]');
    expect(markdown).not.toContain("stack_sandbox");
    const links = section(markdown, "Cross-region links and data residency");
    expect(links).toContain('stack_prod_us_east_1 -->|"RDS postgres DR replica"| stack_prod_us_east_2');
    // The replica stays in zone us: its link is not one of the orange, zone-leaving ones.
    const edges = links.split("\n").filter((line) => /^ {2}\w+ (<-->|-->|==>)/.test(line));
    const replica = edges.findIndex((line) => line.includes("DR replica"));
    expect(links).toMatch(/linkStyle [\d,]+ stroke/);
    expect(
      links
        .match(/linkStyle ([\d,]+) /)![1]
        .split(",")
        .map(Number),
    ).not.toContain(replica);
    expect(section(markdown, "Regions and stacks")).toContain(
      'stack_prod_us_east_1 -->|"DR replica"| stack_prod_us_east_2',
    );
  });

  test("examples/org.yaml: its own regions, zones and links", () => {
    const markdown = architectureMarkdown(example());
    expect(markdown).toContain("# Architecture of `globex`");
    expect(markdown).toContain('subgraph region_eu_west_1["eu-west-1 · zone eu"]');
    expect(markdown).toContain("scp_denyRootUser -.-> ou_Workloads\n");
    expect(markdown).toContain('subgraph vpc["VPC 10.64.0.0/16 · sandbox-us-west-2 · 2 AZs"]');
    expect(markdown).toContain("egress via one NAT gateway");
    expect(markdown).toContain(
      'stack_production_eu_west_1 <-->|"VPC peering<br/>tcp 3306"| stack_production_us_west_2',
    );
    expect(markdown).toContain("class stack_production_eu_west_1,registry_eu_west_1 zone_eu");
  });

  test("the Markdown is already Prettier-formatted, for any organization (`prettier --check` passes)", () => {
    const dir = mkdtempSync(join(tmpdir(), "diagram-prettier-"));
    writeFileSync(join(dir, "default.md"), architectureMarkdown(loadOrganization({})));
    writeFileSync(join(dir, "example.md"), architectureMarkdown(example()));
    writeFileSync(join(dir, "variant.md"), architectureMarkdown(variant()));
    const prettier = join(dirname(require.resolve("prettier/package.json")), "bin", "prettier.cjs");
    const result = spawnSync(process.execPath, [prettier, "--config", join(root, ".prettierrc.json"), "--check", dir], {
      encoding: "utf8",
    });
    expect(`${result.stdout}${result.stderr}`).toContain("All matched files use Prettier code style!");
    expect(result.status).toBe(0);
  });
});

describe("npm run diagram", () => {
  const run = (env: Record<string, string>, args: string[]) =>
    spawnSync(
      process.execPath,
      ["-r", require.resolve("ts-node/register/transpile-only"), join(root, "scripts/diagram.ts"), ...args],
      { env: { ...process.env, ...env, TS_NODE_PROJECT: join(root, "tsconfig.json") }, encoding: "utf8" },
    );

  test("writes the diagrams of ORG_CONFIG's organization", () => {
    const out = join(mkdtempSync(join(tmpdir(), "diagram-")), "docs", "architecture.md");
    const result = run({ ORG_CONFIG: join(root, "examples/org.yaml") }, [out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Mermaid diagrams");
    expect(readFileSync(out, "utf8")).toBe(architectureMarkdown(example()));
  });

  test("an invalid config prints every issue with its path, exits 1 and writes nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "diagram-"));
    const input = structuredClone(DEFAULT_ORGANIZATION) as unknown as Record<string, unknown>;
    writeFileSync(join(dir, "org.json"), JSON.stringify({ ...input, colour: "blue", homeRegion: "mars-1" }));
    const result = run({ ORG_CONFIG: join(dir, "org.json") }, [join(dir, "architecture.md")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("nothing was written");
    expect(result.stderr).toContain("[colour] unknown key");
    expect(existsSync(join(dir, "architecture.md"))).toBe(false);
  });
});
