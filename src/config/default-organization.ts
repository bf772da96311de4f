import type { OrganizationInput } from "./schema";

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
  backend: {
    type: "s3",
    bucket: "acme-terraform-state-111111111111",
    lockTable: "acme-terraform-locks",
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
      regions: { "us-east-1": { network: { cidr: "10.30.0.0/16" } } },
    },
    staging: {
      id: "444444444444",
      email: "aws+staging@example.com",
      environment: "staging",
      ou: "Workloads/NonProd",
      regions: { "us-east-1": { network: { cidr: "10.20.0.0/16" } } },
    },
    prod: {
      id: "555555555555",
      email: "aws+prod@example.com",
      environment: "prod",
      ou: "Workloads/Prod",
      regions: {
        "us-east-1": { network: { cidr: "10.0.0.0/16" } },
        "ca-central-1": {
          network: { cidr: "10.1.0.0/16", peers: { "prod-us-east-1": { ports: [3306] } } },
        },
      },
    },
  },
};
