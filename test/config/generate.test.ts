import {
  GENERATED_REGIONS,
  GOVERNANCE_STACKS,
  generateOrganization,
  MAX_GENERATED_STACKS,
  vpcCidrs,
} from "../../src/config/generate";
import { validateOrganization } from "../../src/config/load";
import type { Organization } from "../../src/config/schema";
import { stackTargets } from "../../src/config/topology";
import { cidrsOverlap, parseCidr } from "../../modules/network-acl/cidr";

/** Validates like `main.ts` does; a ConfigError's message lists every issue. */
function validated(stackCount: number): Organization {
  return validateOrganization(generateOrganization(stackCount), `generated(${stackCount})`);
}

const workloads = (org: Organization) => stackTargets(org).filter((t) => t.account.kind === "workload");

describe("generateOrganization", () => {
  test.each([GOVERNANCE_STACKS + 1, 10, 30, 100, 300, MAX_GENERATED_STACKS])(
    "%i account-region stacks: a valid organization with exactly that many",
    (count) => {
      expect(stackTargets(validated(count))).toHaveLength(count);
    },
  );

  test("the management and security accounts have a stack in every governed region", () => {
    const org = validated(30);
    expect(Object.keys(org.regions)).toEqual([...GENERATED_REGIONS]);
    for (const kind of ["management", "security"] as const) {
      const regions = stackTargets(org)
        .filter((t) => t.account.kind === kind)
        .map((t) => t.region);
      expect(regions).toEqual([...GENERATED_REGIONS]);
    }
  });

  test("every workload stack has a network, both databases and a cluster (so a -k8s stack)", () => {
    const targets = workloads(validated(30));
    expect(targets).toHaveLength(30 - GOVERNANCE_STACKS);
    for (const { settings } of targets) {
      expect(settings.network?.cidr).toMatch(/\/16$/);
      expect(Object.keys(settings.databases ?? {}).sort()).toEqual(["mariadb", "postgres"]);
      expect(settings.cluster?.nodePools.limits).toBeDefined();
    }
  });

  test("every workload stack has the workload layer: cache, document database, bucket, backups, a service behind an ALB", () => {
    const org = validated(30);
    for (const { settings } of workloads(org)) {
      expect(Object.keys(settings.caches ?? {})).toEqual(["sessions"]);
      expect(Object.keys(settings.documentDatabases ?? {})).toEqual(["profiles"]);
      expect(Object.keys(settings.buckets ?? {})).toEqual(["assets"]);
      expect(Object.keys(settings.backups?.plans ?? {})).toEqual(["databases"]);
      expect(settings.loadBalancers?.public.targetGroups.storefront.service).toBe("storefront");
    }
    expect(org.centralLogs?.enabled).toBe(true);
    expect(org.budgets).toBeDefined();
    expect(Object.keys(org.identityCenter?.groups ?? {})).toEqual(["security", "developers"]);
  });

  test("links, DMS syncs, disaster-recovery replicas and the registry are all on", () => {
    const org = validated(30);
    const targets = workloads(org);
    const inRegion = (region: string) => targets.filter((t) => t.region === region);
    for (const target of inRegion("ca-central-1")) {
      const home = `${target.accountName}-us-east-1`;
      expect(Object.keys(target.settings.network!.peers)).toEqual([home]);
      expect(target.settings.referenceSync?.source).toBe(home);
    }
    const withWest = new Set(inRegion("us-west-2").map((t) => t.accountName));
    for (const target of inRegion("us-east-1").filter((t) => withWest.has(t.accountName))) {
      expect(target.settings.databases?.postgres?.disasterRecoveryRegion).toBe("us-west-2");
    }
    expect(withWest.size).toBeGreaterThan(0);
    expect(inRegion("ca-central-1").length).toBeGreaterThan(0);
    expect(inRegion("us-west-2").length).toBeGreaterThan(0);
    expect(org.registry).toEqual({ owner: "app-001-us-east-1", replicaRegions: ["ca-central-1", "us-west-2"] });
  });

  test("prod clusters keep an on-demand floor; ids and emails are placeholders", () => {
    const org = validated(30);
    for (const target of workloads(org).filter((t) => t.account.environment === "prod")) {
      expect(target.settings.cluster?.nodePools.onDemandFloor).toBeDefined();
    }
    for (const account of Object.values(org.accounts)) {
      expect(account.id).toMatch(/^\d{12}$/);
      if (account.email !== undefined) expect(account.email).toMatch(/@example\.com$/);
    }
  });

  test("the VPC /16s are distinct and never overlap", () => {
    const blocks = vpcCidrs().map((cidr) => parseCidr(cidr)!);
    expect(blocks.every((block) => block.prefix === 16 && block.aligned)).toBe(true);
    const overlapping = blocks.filter((a, i) => blocks.slice(0, i).some((b) => cidrsOverlap(a, b)));
    expect(overlapping).toEqual([]);
    expect(MAX_GENERATED_STACKS).toBe(GOVERNANCE_STACKS + 256 + 16 + 1 + 64);
  });

  test("refuses sizes it cannot make valid", () => {
    expect(() => generateOrganization(GOVERNANCE_STACKS)).toThrow(/stackCount must be a whole number from 7 to 343/);
    expect(() => generateOrganization(MAX_GENERATED_STACKS + 1)).toThrow(RangeError);
    expect(() => generateOrganization(10.5)).toThrow(RangeError);
  });
});
