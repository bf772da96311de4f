import type { OrganizationInput } from "./schema";

/** PostgreSQL (application, analytics) and MariaDB (transactional, reference), sized by environment. */
const bothDatabases = () => ({ postgres: {}, mariadb: {} });

/** Common reference tables, copied one way from prod-us-east-1 to prod-ca-central-1 by DMS. */
const REFERENCE_TABLES = ["country", "currency", "language", "timezone"];

/** The application's services: an ECR repository each, in every account-region with a cluster. */
const SERVICES = ["orders-api", "web"];

/**
 * The organization of the design document, used when no `ORG_CONFIG` is given.
 * Account ids and emails are placeholders: never real ones.
 */
export const DEFAULT_ORGANIZATION: OrganizationInput = {
  name: "acme",
  homeRegion: "us-east-1",
  regions: {
    "us-east-1": { residency: "us" },
    "ca-central-1": { residency: "ca" },
  },
  // The member accounts below have ids, so they exist: the organization is adopted, not created.
  organizationId: "o-exampleorg1",
  corporateCidrs: ["203.0.113.0/24"],
  organizationalUnits: {
    Security: {},
    Workloads: {},
    "Workloads/NonProd": {},
    "Workloads/Prod": {},
  },
  tags: { CostCenter: "platform" },
  // Someone must receive the CIS alarms (Security Hub wants a subscriber on their topic).
  securityMonitoring: { alarmEmails: ["aws+security-alerts@example.com"] },
  // The only relational data that leaves its region, and the one table replicated across zones.
  referenceData: { schema: "reference", tables: REFERENCE_TABLES },
  registry: { owner: "prod-us-east-1", replicaRegions: ["ca-central-1"] },
  backend: {
    type: "s3",
    bucket: "acme-terraform-state-111111111111",
    region: "us-east-1",
    account: "management",
  },
  accounts: {
    management: {
      id: "111111111111",
      kind: "management",
      environment: "prod",
      ou: "root",
      regions: { "us-east-1": {}, "ca-central-1": {} },
    },
    security: {
      id: "222222222222",
      email: "aws+security@example.com",
      kind: "security",
      environment: "prod",
      ou: "Security",
      regions: { "us-east-1": {}, "ca-central-1": {} },
    },
    dev: {
      id: "333333333333",
      email: "aws+dev@example.com",
      environment: "dev",
      ou: "Workloads/NonProd",
      regions: {
        "us-east-1": {
          network: { cidr: "10.30.0.0/16" },
          databases: bothDatabases(),
          // Spot-first node pools, capped small; the system nodes come from the dev profile.
          cluster: {
            adminRoleArns: ["arn:aws:iam::333333333333:role/PlatformAdmin"],
            nodePools: { limits: { cpu: 32, memory: "128Gi" } },
            ecrRepositories: SERVICES,
          },
        },
      },
    },
    staging: {
      id: "444444444444",
      email: "aws+staging@example.com",
      environment: "staging",
      ou: "Workloads/NonProd",
      regions: {
        "us-east-1": {
          network: { cidr: "10.20.0.0/16" },
          databases: bothDatabases(),
          cluster: {
            adminRoleArns: ["arn:aws:iam::444444444444:role/PlatformAdmin"],
            nodePools: { limits: { cpu: 64, memory: "256Gi" } },
            ecrRepositories: SERVICES,
          },
        },
      },
    },
    prod: {
      id: "555555555555",
      email: "aws+prod@example.com",
      environment: "prod",
      ou: "Workloads/Prod",
      regions: {
        "us-east-1": {
          network: { cidr: "10.0.0.0/16" },
          databases: bothDatabases(),
          // Prod keeps an on-demand floor under its spot-first pool.
          cluster: {
            adminRoleArns: ["arn:aws:iam::555555555555:role/PlatformAdmin"],
            nodePools: { limits: { cpu: 200, memory: "800Gi" }, onDemandFloor: { cpu: 16, memory: "64Gi" } },
            ecrRepositories: SERVICES,
          },
        },
        "ca-central-1": {
          network: { cidr: "10.1.0.0/16", peers: { "prod-us-east-1": { ports: [3306] } } },
          databases: bothDatabases(),
          cluster: {
            adminRoleArns: ["arn:aws:iam::555555555555:role/PlatformAdmin"],
            nodePools: { limits: { cpu: 100, memory: "400Gi" }, onDemandFloor: { cpu: 8, memory: "32Gi" } },
            ecrRepositories: SERVICES,
          },
          // DMS here reads the reference tables from prod-us-east-1's MariaDB over the link above.
          referenceSync: { source: "prod-us-east-1", tables: REFERENCE_TABLES.map((t) => `reference.${t}`) },
        },
      },
    },
  },
};
