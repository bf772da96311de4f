import { namespaceQuota, type NamespaceConfig } from "../../src/capabilities/cluster/addons-schema";
import type { OrganizationInput } from "../../src/config/schema";
import { issuesOf } from "../helpers/issues";
import { defaultInput, organization } from "../helpers/synth";

type ClusterInput = NonNullable<OrganizationInput["accounts"][string]["regions"][string]["cluster"]>;
type AddonsInput = NonNullable<ClusterInput["addons"]>;
const DEV = "accounts.dev.regions.us-east-1.cluster";
const PROD = "accounts.prod.regions.us-east-1.cluster";
const devCluster = (org: OrganizationInput): ClusterInput => org.accounts.dev.regions["us-east-1"].cluster!;

/** Issues of the default organization with these add-ons on its dev cluster. */
const issuesWith = (addons: AddonsInput, cluster: Partial<ClusterInput> = {}) =>
  issuesOf((org) => {
    Object.assign(devCluster(org), cluster, { addons });
  });

const resolvedAddons = (addons: AddonsInput) => {
  const input = defaultInput();
  devCluster(input).addons = addons;
  return organization(input).accounts.dev.regions["us-east-1"].cluster!.addons!;
};

describe("cluster.addons defaults", () => {
  test("the default organization has no add-ons", () => {
    for (const account of Object.values(organization().accounts)) {
      for (const region of Object.values(account.regions)) expect(region.cluster?.addons).toBeUndefined();
    }
  });

  test("every add-on is off unless given; namespaces default to none and deletion protection to on", () => {
    const addons = resolvedAddons({});
    expect(addons).toEqual({ namespaces: {}, deletionProtection: true, chartVersions: {} });
    expect(issuesWith({})).toEqual([]);
  });

  test("a bare namespace holds ten of 002's pods: quota = expectedPods × its LimitRange, restricted Pod Security", () => {
    const ns = resolvedAddons({ namespaces: { ingress: {} } }).namespaces.ingress;
    expect(ns).toEqual({
      expectedPods: 10,
      limitRange: {
        defaultRequest: { cpu: "250m", memory: "512Mi" },
        default: { cpu: "1000m", memory: "1Gi" },
      },
      podSecurity: {},
      labels: {},
    });
    expect(namespaceQuota(ns)).toEqual({
      requests: { cpu: "2500m", memory: "5Gi" },
      limits: { cpu: "10", memory: "10Gi" },
      pods: 10,
    });
  });

  test("a given quota is kept, its pod cap defaulting to expectedPods", () => {
    const ns: NamespaceConfig = {
      ...resolvedAddons({ namespaces: { backend: {} } }).namespaces.backend,
      expectedPods: 50,
      quota: { requests: { cpu: "13", memory: "25Gi" }, limits: { cpu: "50", memory: "50Gi" } },
    };
    expect(namespaceQuota(ns).pods).toBe(50);
    expect(namespaceQuota(ns).requests.cpu).toBe("13");
  });

  test("observability defaults to the managed mode, Container Insights to no X-Ray", () => {
    const addons = resolvedAddons({ observability: {}, containerInsights: {} });
    expect(addons.observability).toEqual({ mode: "managed", grafanaAdminGroupIds: [] });
    expect(addons.containerInsights).toEqual({ xray: false });
  });
});

describe("cluster.addons namespaces", () => {
  test("names Kubernetes refuses or owns are reported at their key", () => {
    const issues = issuesWith({ namespaces: { Backend: {}, "kube-system": {}, ["a".repeat(64)]: {} } });
    expect(issues).toEqual(
      expect.arrayContaining([
        {
          path: `${DEV}.addons.namespaces.Backend`,
          message: '"Backend" is not a DNS label (lowercase letters, digits and "-", at most 63)',
        },
        {
          path: `${DEV}.addons.namespaces.kube-system`,
          message: '"kube-system" belongs to Kubernetes; choose a namespace of your own',
        },
        expect.objectContaining({ path: `${DEV}.addons.namespaces.${"a".repeat(64)}` }),
      ]),
    );
  });

  test("a quota below its pods' requests and limits names the field, the product and the fix", () => {
    const issues = issuesWith({
      namespaces: {
        backend: {
          expectedPods: 50,
          quota: { requests: { cpu: "10", memory: "25Gi" }, limits: { cpu: "50", memory: "40Gi" }, pods: 40 },
        },
      },
    });
    expect(issues).toEqual([
      {
        path: `${DEV}.addons.namespaces.backend.quota.requests.cpu`,
        message:
          "10 holds fewer than expectedPods (50) × limitRange.defaultRequest.cpu (250m) = 12500m; raise it or lower expectedPods",
      },
      {
        path: `${DEV}.addons.namespaces.backend.quota.limits.memory`,
        message:
          "40Gi holds fewer than expectedPods (50) × limitRange.default.memory (1Gi) = 50Gi; raise it or lower expectedPods",
      },
      { path: `${DEV}.addons.namespaces.backend.quota.pods`, message: "40 is below expectedPods (50)" },
    ]);
  });

  test("a default request above its limit, and Pod Security set through labels, are refused", () => {
    const issues = issuesWith({
      namespaces: {
        frontend: {
          limitRange: { defaultRequest: { cpu: "2", memory: "512Mi" }, default: { cpu: "1", memory: "1Gi" } },
          labels: { "pod-security.kubernetes.io/enforce": "privileged" },
        },
      },
    });
    expect(issues).toEqual([
      {
        path: `${DEV}.addons.namespaces.frontend.labels.pod-security.kubernetes.io/enforce`,
        message: "set Pod Security through podSecurity",
      },
      {
        path: `${DEV}.addons.namespaces.frontend.limitRange.defaultRequest.cpu`,
        message: "2 is above limitRange.default.cpu (1); a request cannot exceed its limit",
      },
    ]);
  });

  test("malformed quantities and levels are shape errors at their field", () => {
    const issues = issuesWith({
      namespaces: {
        backend: {
          quota: { requests: { cpu: "lots", memory: "1Gi" }, limits: { cpu: "1", memory: "1 GB" } },
          podSecurity: { enforce: "strict" as "restricted" },
        },
      },
    });
    expect(issues.map((issue) => issue.path).sort()).toEqual(
      [
        `${DEV}.addons.namespaces.backend.podSecurity.enforce`,
        `${DEV}.addons.namespaces.backend.quota.limits.memory`,
        `${DEV}.addons.namespaces.backend.quota.requests.cpu`,
      ].sort(),
    );
  });

  test("an add-on's namespace declared as an application namespace must admit the add-on's pods", () => {
    const issues = issuesWith({
      namespaces: { logging: {}, monitoring: { podSecurity: { enforce: "baseline" } } },
      fluentBit: {},
      observability: { mode: "in-cluster" },
    });
    expect(issues).toEqual([
      {
        path: `${DEV}.addons.namespaces.logging.podSecurity.enforce`,
        message:
          '"restricted" rejects the pods of fluentBit, which runs in logging and needs "privileged": set podSecurity: { enforce: privileged }',
      },
      {
        path: `${DEV}.addons.namespaces.monitoring.podSecurity.enforce`,
        message:
          '"baseline" rejects the pods of observability, which runs in monitoring and needs "privileged": set podSecurity: { enforce: privileged }',
      },
    ]);
    expect(issuesWith({ namespaces: { logging: { podSecurity: { enforce: "privileged" } } }, fluentBit: {} })).toEqual(
      [],
    );
  });
});

describe("cluster.addons secrets", () => {
  test("the AWS provider (ASCP) needs the CSI driver", () => {
    expect(issuesWith({ awsSecretsProvider: {} })).toEqual([
      {
        path: `${DEV}.addons.awsSecretsProvider`,
        message:
          "needs secretsStoreCsiDriver (the driver mounts what the provider fetches): add secretsStoreCsiDriver: {}",
      },
    ]);
    expect(issuesWith({ awsSecretsProvider: {}, secretsStoreCsiDriver: {} })).toEqual([]);
  });

  test("residency: the secrets' key must be in the cluster's region", () => {
    const issues = issuesWith({
      secretsStoreCsiDriver: {},
      awsSecretsProvider: {
        kmsKeyArn: "arn:aws:kms:eu-west-1:333333333333:key/11111111-2222-3333-4444-555555555555",
      },
    });
    expect(issues).toEqual([
      {
        path: `${DEV}.addons.awsSecretsProvider.kmsKeyArn`,
        message:
          "the key is in eu-west-1, the cluster in us-east-1: secrets and their key stay in the cluster's region",
      },
    ]);
  });

  test("a namespace whose secrets role name would pass IAM's 64 characters is refused", () => {
    const long = "n".repeat(40);
    const issues = issuesWith({ namespaces: { [long]: {} }, secretsStoreCsiDriver: {}, awsSecretsProvider: {} });
    expect(issues).toEqual([
      {
        path: `${DEV}.addons.namespaces.${long}`,
        message: `its secrets role acme-dev-us-east-1-secrets-${long} has 67 characters, IAM allows 64: shorten the namespace`,
      },
    ]);
  });
});

describe("cluster.addons Argo CD, observability, Vault", () => {
  test("Argo CD: SSO needs a URL, applications deploy into application namespaces under DNS-label names", () => {
    const issues = issuesWith({
      namespaces: { backend: {} },
      argoCd: {
        repositoryUrl: "https://git.example.com/gitops.git",
        sso: {
          issuer: "https://sso.example.com",
          clientId: "argocd",
          clientSecret: { secretName: "argocd-oidc", key: "clientSecret" },
          adminGroups: ["platform-admins"],
        },
        applications: {
          Orders: { path: "apps/orders", namespace: "backend" },
          web: { path: "apps/web", namespace: "frontend" },
        },
      },
    });
    expect(issues).toEqual([
      { path: `${DEV}.addons.argoCd.url`, message: "SSO needs the URL users reach Argo CD at (the OIDC redirect URI)" },
      {
        path: `${DEV}.addons.argoCd.applications.Orders`,
        message: '"Orders" is not a DNS label (lowercase letters, digits and "-")',
      },
      {
        path: `${DEV}.addons.argoCd.applications.web.namespace`,
        message: '"frontend" is not one of addons.namespaces (backend)',
      },
    ]);
  });

  test("Argo CD: a plain-HTTP repository and SSO without admin groups are shape errors", () => {
    const issues = issuesWith({
      argoCd: {
        repositoryUrl: "http://git.example.com/gitops.git",
        url: "https://argocd.internal.example.com",
        sso: {
          issuer: "https://sso.example.com",
          clientId: "argocd",
          clientSecret: { secretName: "argocd-oidc", key: "clientSecret" },
          adminGroups: [],
        },
      },
    });
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      `${DEV}.addons.argoCd.repositoryUrl`,
      `${DEV}.addons.argoCd.sso.adminGroups`,
    ]);
  });

  test("observability: each mode's settings only with that mode", () => {
    expect(issuesWith({ observability: { prometheusStorage: "100Gi" } })).toEqual([
      {
        path: `${DEV}.addons.observability.prometheusStorage`,
        message: "applies to mode: in-cluster (kube-prometheus-stack); the managed mode sizes itself",
      },
    ]);
    expect(issuesWith({ observability: { mode: "in-cluster", grafanaAdminGroupIds: ["g-1"] } })).toEqual([
      {
        path: `${DEV}.addons.observability.grafanaAdminGroupIds`,
        message: "applies to the managed mode (Amazon Managed Grafana); in-cluster Grafana has its own users",
      },
    ]);
  });

  test("Vault: an even raft size is refused; on spot-only pools it needs an on-demand floor or nodeSelector {}", () => {
    expect(issuesWith({ vault: { replicas: 4 } })).toEqual([
      { path: `${DEV}.addons.vault.replicas`, message: "must be an odd number, at least 3 (raft keeps a quorum)" },
    ]);
    const spotOnly = { nodePools: { limits: { cpu: 32, memory: "128Gi" }, capacity: "spot-only" as const } };
    expect(issuesWith({ vault: {} }, spotOnly)).toEqual([
      {
        path: `${DEV}.addons.vault.nodeSelector`,
        message:
          "Vault runs on on-demand nodes by default, and nodePools launches spot only (no onDemandFloor): add an onDemandFloor, or give nodeSelector: {} to accept spot interruptions of raft voters",
      },
    ]);
    expect(issuesWith({ vault: { nodeSelector: {} } }, spotOnly)).toEqual([]);
    expect(issuesWith({ vault: {} })).toEqual([]);
  });

  test("only a dev account may turn deletion protection off", () => {
    expect(issuesWith({ deletionProtection: false })).toEqual([]);
    const issues = issuesOf((org) => {
      org.accounts.prod.regions["us-east-1"].cluster!.addons = { deletionProtection: false };
    });
    expect(issues).toEqual([
      { path: `${PROD}.addons.deletionProtection`, message: "only a dev account may turn it off; this one is prod" },
    ]);
  });

  test("every problem is reported at once", () => {
    const semantic = issuesWith({
      namespaces: { Backend: {} },
      awsSecretsProvider: {},
      observability: { retention: "30d" },
    });
    expect(semantic.map((issue) => issue.path).sort()).toEqual([
      `${DEV}.addons.awsSecretsProvider`,
      `${DEV}.addons.namespaces.Backend`,
      `${DEV}.addons.observability.retention`,
    ]);
  });
});
