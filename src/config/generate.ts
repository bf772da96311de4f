import { formatCidr } from "../../modules/network-acl/cidr";
import { stackId } from "../naming";
import type { OrganizationInput } from "./schema";

/**
 * Governed regions of a generated organization, in the order a workload account fills them:
 * the home region, a peer in another residency zone, a second region of the home zone.
 */
export const GENERATED_REGIONS = ["us-east-1", "ca-central-1", "us-west-2"] as const;
type GeneratedRegion = (typeof GENERATED_REGIONS)[number];

const RESIDENCY: Record<GeneratedRegion, string> = { "us-east-1": "us", "ca-central-1": "ca", "us-west-2": "us" };
const HOME: GeneratedRegion = "us-east-1";
const MANAGEMENT_ID = "111111111111";
const SECURITY_ID = "222222222222";
const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
const OU_OF = { dev: "Workloads/NonProd", staging: "Workloads/NonProd", prod: "Workloads/Prod" } as const;
const REFERENCE_TABLES = ["country", "currency", "language", "timezone"];

/** The stacks of the management and security accounts: one per governed region each. */
export const GOVERNANCE_STACKS = 2 * GENERATED_REGIONS.length;

/**
 * VPC /16s no two of which overlap: 10.0–10.255, 172.16–172.31, 192.168, then the shared address
 * space 100.64–100.127 (RFC 6598, which AWS accepts for VPCs): 337 in all.
 */
export function vpcCidrs(): string[] {
  const sixteens = (a: number, from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => formatCidr((a * 256 + from + i) * 65536, 16));
  return [...sixteens(10, 0, 255), ...sixteens(172, 16, 31), ...sixteens(192, 168, 168), ...sixteens(100, 64, 127)];
}

/** The most account-region stacks a generated organization can have: every workload stack needs its own /16. */
export const MAX_GENERATED_STACKS = GOVERNANCE_STACKS + vpcCidrs().length;

/**
 * A valid organization with `stackCount` account-region stacks and every capability on, for
 * benchmarks: management and security accounts in all three governed regions, then workload
 * accounts (dev, staging, prod in turn) filling us-east-1, ca-central-1 and us-west-2, each stack
 * with a VPC, PostgreSQL and MariaDB, an EKS cluster (so a `-k8s` stack each) and the workload layer
 * (`workloadLayer`: cache, document database, bucket, backups, an ECS service behind an ALB). Every
 * ca-central-1 stack links to its account's us-east-1 stack and copies the reference tables from
 * it by DMS; every us-east-1 database of an account with us-west-2 has its disaster-recovery replica there; the first
 * workload us-east-1 stack owns the registry, replicated to the other two regions. Ids and emails
 * are placeholders. Workload stacks: `stackCount - GOVERNANCE_STACKS`, each with a `-k8s` stack.
 */
export function generateOrganization(stackCount: number): OrganizationInput {
  if (!Number.isInteger(stackCount) || stackCount < GOVERNANCE_STACKS + 1 || stackCount > MAX_GENERATED_STACKS) {
    throw new RangeError(
      `stackCount must be a whole number from ${GOVERNANCE_STACKS + 1} to ${MAX_GENERATED_STACKS}, got ${stackCount}`,
    );
  }
  const workloadStacks = stackCount - GOVERNANCE_STACKS;
  const accountCount = Math.ceil(workloadStacks / GENERATED_REGIONS.length);
  const digits = Math.max(3, String(accountCount).length);
  const cidrs = vpcCidrs();
  const accounts: OrganizationInput["accounts"] = {
    management: {
      id: MANAGEMENT_ID,
      kind: "management",
      environment: "prod",
      ou: "root",
      regions: Object.fromEntries(GENERATED_REGIONS.map((region) => [region, {}])),
    },
    security: {
      id: SECURITY_ID,
      email: "aws+security@example.com",
      kind: "security",
      environment: "prod",
      ou: "Security",
      regions: Object.fromEntries(GENERATED_REGIONS.map((region) => [region, {}])),
    },
  };
  let firstWorkload: string | undefined;
  for (let index = 0; index < accountCount; index++) {
    const name = `app-${String(index + 1).padStart(digits, "0")}`;
    firstWorkload ??= name;
    const id = String(300000000000 + index + 1);
    const environment = ENVIRONMENTS[index % ENVIRONMENTS.length];
    const regions = GENERATED_REGIONS.slice(0, Math.min(GENERATED_REGIONS.length, workloadStacks - index * 3));
    accounts[name] = {
      id,
      email: `aws+${name}@example.com`,
      environment,
      ou: OU_OF[environment],
      regions: Object.fromEntries(
        regions.map((region, r) => [
          region,
          workloadStack(name, id, environment, region, cidrs[index * 3 + r], index * 3 + r, regions),
        ]),
      ),
    };
  }
  return {
    name: "bench",
    homeRegion: HOME,
    regions: Object.fromEntries(GENERATED_REGIONS.map((region) => [region, { residency: RESIDENCY[region] }])),
    organizationId: "o-benchorg0001",
    corporateCidrs: ["203.0.113.0/24"],
    organizationalUnits: { Security: {}, Workloads: {}, "Workloads/NonProd": {}, "Workloads/Prod": {} },
    tags: { CostCenter: "benchmark" },
    referenceData: { schema: "reference", tables: REFERENCE_TABLES },
    registry: { owner: stackId(firstWorkload!, HOME), replicaRegions: ["ca-central-1", "us-west-2"] },
    // The landing-zone pieces: every workload account's budget, CloudWatch Logs into the security
    // account of each region, and Identity Center with the default assignments.
    budgets: { notifications: { emails: ["aws+finops@example.com"] } },
    centralLogs: {},
    identityCenter: {
      groups: { security: "11111111-2222-3333-4444-555555555555", developers: "66666666-7777-8888-9999-000000000000" },
    },
    backend: {
      type: "s3",
      bucket: `bench-terraform-state-${MANAGEMENT_ID}`,
      lockTable: "bench-terraform-locks",
      region: HOME,
      account: "management",
    },
    accounts,
  };
}

type AccountRegionInput = OrganizationInput["accounts"][string]["regions"][string];

/** One workload account-region with every capability the region's place in the account allows. */
function workloadStack(
  account: string,
  id: string,
  environment: (typeof ENVIRONMENTS)[number],
  region: GeneratedRegion,
  cidr: string,
  ordinal: number,
  accountRegions: readonly GeneratedRegion[],
): AccountRegionInput {
  const prod = environment === "prod";
  const home = stackId(account, HOME);
  // From the home region into us-west-2 (same zone), where the replica's stack follows its source's:
  // a replica into the home region would be a cycle, since every other stack follows the home one.
  const recovery =
    region === HOME && accountRegions.includes("us-west-2") ? { disasterRecoveryRegion: "us-west-2" } : {};
  return {
    network: {
      cidr,
      // Both flow-log destinations, alternating.
      flowLogs: ordinal % 2 === 0 ? { destination: "logArchive" } : { destination: "cloudWatch", retentionDays: 90 },
      ...(region === "ca-central-1" ? { peers: { [home]: { ports: [3306, 5432] } } } : {}),
    },
    databases: { postgres: { ...recovery }, mariadb: { ...recovery } },
    cluster: {
      adminRoleArns: [`arn:aws:iam::${id}:role/PlatformAdmin`],
      endpointAccess: { publicCidrs: ["203.0.113.0/24"] },
      nodePools: prod
        ? { limits: { cpu: 200, memory: "800Gi" }, onDemandFloor: { cpu: 16, memory: "64Gi" } }
        : { limits: { cpu: 32, memory: "128Gi" } },
      ecrRepositories: ["orders-api", "web"],
    },
    ...(region === "ca-central-1"
      ? { referenceSync: { source: home, tables: REFERENCE_TABLES.map((table) => `reference.${table}`) } }
      : {}),
    ...workloadLayer(account, region),
  };
}

/**
 * The workload layer of one generated stack: a cache and a document database beside the RDS
 * databases, an application bucket, a backup vault with a daily plan, and a storefront on ECS
 * Fargate behind an ALB (its repository, certificate, alarms).
 */
function workloadLayer(account: string, region: GeneratedRegion): AccountRegionInput {
  return {
    caches: { sessions: {} },
    documentDatabases: { profiles: {} },
    buckets: { assets: {} },
    backups: {
      plans: {
        databases: {
          rules: { daily: { schedule: "daily", retentionDays: 35 } },
          selections: { tagged: { tagKey: "backup", tagValue: "databases" } },
        },
      },
    },
    repositories: { storefront: { name: `${account}-storefront` } },
    services: {
      storefront: { image: { repository: "storefront", tag: "1.0.0" }, ports: [8080], databases: ["postgres"] },
    },
    loadBalancers: {
      public: {
        certificate: { domainName: `${account}.${region}.bench.example.com`, hostedZoneId: "Z0BENCH000000000000" },
        targetGroups: { storefront: { service: "storefront" } },
        defaultTargetGroup: "storefront",
      },
    },
    alarms: { emails: [`aws+${account}-alarms@example.com`] },
  };
}
