import type { OrganizationInput } from "../../src/config/schema";
import { issuesOf } from "../helpers/issues";
import { defaultInput } from "../helpers/synth";

type ClusterInput = NonNullable<OrganizationInput["accounts"][string]["regions"][string]["cluster"]>;
const devCluster = (org: OrganizationInput): ClusterInput => org.accounts.dev.regions["us-east-1"].cluster!;
const prodCluster = (org: OrganizationInput): ClusterInput => org.accounts.prod.regions["us-east-1"].cluster!;
const DEV = "accounts.dev.regions.us-east-1.cluster";
const PROD = "accounts.prod.regions.us-east-1.cluster";

describe("cluster placement", () => {
  test("the default organization has a cluster in dev, staging and both prod regions", () => {
    const input = defaultInput();
    const placed = Object.entries(input.accounts).flatMap(([account, a]) =>
      Object.entries(a.regions)
        .filter(([, settings]) => settings.cluster !== undefined)
        .map(([region]) => `${account}-${region}`),
    );
    expect(placed).toEqual(["dev-us-east-1", "staging-us-east-1", "prod-us-east-1", "prod-ca-central-1"]);
    expect(issuesOf(() => undefined)).toEqual([]);
  });

  test("a cluster needs the network capability of its account-region", () => {
    const issues = issuesOf((org) => {
      org.accounts.security.regions["us-east-1"].cluster = {
        nodePools: { limits: { cpu: 8, memory: "32Gi" }, onDemandFloor: { cpu: 2, memory: "8Gi" } },
      };
    });
    expect(issues).toEqual([
      {
        path: "accounts.security.regions.us-east-1.cluster",
        message: "needs the network capability at accounts.security.regions.us-east-1.network, which is off",
      },
    ]);
  });

  test("a cluster in the management account needs a deploy role for its -k8s stack", () => {
    const issues = issuesOf((org) => {
      org.accounts.management.regions["us-east-1"] = {
        network: { cidr: "10.90.0.0/16" },
        cluster: { nodePools: { limits: { cpu: 8, memory: "32Gi" }, onDemandFloor: { cpu: 2, memory: "8Gi" } } },
      };
    });
    expect(issues).toEqual([
      {
        path: "accounts.management.regions.us-east-1.cluster",
        message:
          "the -k8s stack deploys as the account's deploy role, and the management account has none: set accounts.management.deployRoleName",
      },
    ]);
  });

  test("a cluster name over 40 characters is reported with the fix", () => {
    const issues = issuesOf((org) => {
      org.name = "a-rather-long-organization-name";
      org.backend = { ...org.backend, bucket: "a-rather-long-organization-state" } as typeof org.backend;
    });
    expect(issues).toContainEqual({
      path: "accounts.staging.regions.us-east-1.cluster",
      message:
        "the cluster name a-rather-long-organization-name-staging-us-east-1 has 49 characters, more than 40 (it prefixes IAM role names): shorten the organization or account name",
    });
  });

  test("the -k8s stack's state key may not be an account-region's adopted state key", () => {
    const issues = issuesOf(
      (org) => (org.accounts.staging.regions["us-east-1"].stateKey = "acme/dev/us-east-1-k8s/terraform.tfstate"),
    );
    expect(issues).toEqual([
      {
        path: DEV,
        message:
          "the -k8s stack's state key acme/dev/us-east-1-k8s/terraform.tfstate is already used by accounts.staging.regions.us-east-1",
      },
    ]);
  });
});

describe("system node group sizes", () => {
  test("below two nodes is reported: Karpenter's two controller replicas need two", () => {
    expect(issuesOf((org) => (devCluster(org).systemNodes = { minSize: 1, desiredSize: 1 }))).toEqual([
      {
        path: `${DEV}.systemNodes.minSize`,
        message: "1 is below 2: Karpenter's two controller replicas need two system nodes",
      },
    ]);
  });

  test("a maximum above the range is reported", () => {
    expect(issuesOf((org) => (prodCluster(org).systemNodes = { maxSize: 21 }))).toEqual([
      {
        path: `${PROD}.systemNodes.maxSize`,
        message: "21 is above 20: the system nodes run cluster-critical pods only; workloads scale through nodePools",
      },
    ]);
  });

  test("sizes are checked against the environment's profile for what the config leaves out", () => {
    // prod's profile is 3 / 3 / 5: a desired size of 6 alone is out of range.
    expect(issuesOf((org) => (prodCluster(org).systemNodes = { desiredSize: 6 }))).toEqual([
      { path: `${PROD}.systemNodes.desiredSize`, message: "6 must be between minSize (3) and maxSize (5)" },
    ]);
    expect(issuesOf((org) => (devCluster(org).systemNodes = { minSize: 4 }))).toEqual([
      { path: `${DEV}.systemNodes.maxSize`, message: "3 is below minSize (4)" },
      { path: `${DEV}.systemNodes.desiredSize`, message: "2 must be between minSize (4) and maxSize (3)" },
    ]);
  });

  test("a fractional node count is a shape error", () => {
    expect(issuesOf((org) => (devCluster(org).systemNodes = { maxSize: 3.5 }))).toEqual([
      { path: `${DEV}.systemNodes.maxSize`, message: "must be a whole number of nodes" },
    ]);
  });
});

describe("Kubernetes version", () => {
  test.each(["1.33", "1.34"])("%s is a minor version", (version) => {
    const issues = issuesOf((org) => {
      devCluster(org).kubernetesVersion = version;
      devCluster(org).addonVersions = { "kube-proxy": `v${version}.0-eksbuild.1` };
      devCluster(org).amiAlias = "al2023@v20251016";
    });
    expect(issues).toEqual([]);
  });

  test.each(["1.33.2", "v1.33", "133", "2.0", "1.3"])("%s is an unknown version format", (version) => {
    expect(issuesOf((org) => (devCluster(org).kubernetesVersion = version))).toEqual([
      { path: `${DEV}.kubernetesVersion`, message: 'must be a Kubernetes minor version such as "1.33"' },
    ]);
  });

  test("another version needs the kube-proxy build for it", () => {
    const issues = issuesOf((org) => {
      devCluster(org).kubernetesVersion = "1.32";
      devCluster(org).amiAlias = "al2023@v20250715";
    });
    expect(issues).toEqual([
      {
        path: `${DEV}.addonVersions.kube-proxy`,
        message:
          "v1.33.0-eksbuild.2 is for another Kubernetes version than 1.32: give the build for 1.32 (aws eks describe-addon-versions --kubernetes-version 1.32 --addon-name kube-proxy)",
      },
    ]);
  });

  test("add-on builds are EKS builds of the add-ons the cluster installs", () => {
    const issues = issuesOf((org) => {
      devCluster(org).addonVersions = { coredns: "1.12.1", "metrics-server": "v0.8.0-eksbuild.1" } as never;
    });
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      `${DEV}.addonVersions.coredns`,
      `${DEV}.addonVersions.metrics-server`,
    ]);
    expect(issues.find((i) => i.path.endsWith("coredns"))!.message).toBe(
      "must be an EKS add-on build such as v1.33.0-eksbuild.2",
    );
  });
});

describe("admin roles", () => {
  test.each([
    ["a user", "arn:aws:iam::333333333333:user/alice"],
    ["a group", "arn:aws:iam::333333333333:group/admins"],
    ["an assumed-role session", "arn:aws:sts::333333333333:assumed-role/PlatformAdmin/alice"],
    ["a role name alone", "PlatformAdmin"],
    ["a short account id", "arn:aws:iam::3333:role/PlatformAdmin"],
  ])("%s is not a role ARN", (_, arn) => {
    expect(issuesOf((org) => (devCluster(org).adminRoleArns = ["arn:aws:iam::333333333333:role/Ok", arn]))).toEqual([
      {
        path: `${DEV}.adminRoleArns[1]`,
        message: "must be an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)",
      },
    ]);
  });

  test("a role with a path, or in another account, is a role ARN", () => {
    const arns = ["arn:aws:iam::333333333333:role/platform/admins", "arn:aws:iam::111111111111:role/BreakGlass"];
    expect(issuesOf((org) => (devCluster(org).adminRoleArns = arns))).toEqual([]);
  });

  test("two roles of one name clash (access entries are addressed by role name)", () => {
    const arns = [
      "arn:aws:iam::333333333333:role/PlatformAdmin",
      "arn:aws:iam::111111111111:role/platform/PlatformAdmin",
    ];
    expect(issuesOf((org) => (devCluster(org).adminRoleArns = arns))).toEqual([
      { path: `${DEV}.adminRoleArns[1]`, message: "role name platformadmin is already used by adminRoleArns[0]" },
    ]);
  });
});

describe("endpoint access", () => {
  const access = (org: OrganizationInput) => (devCluster(org).endpointAccess ??= {});

  test("the old publicAccessCidrs is reported with where it went", () => {
    const issues = issuesOf(
      (org) => ((devCluster(org) as Record<string, unknown>).publicAccessCidrs = ["203.0.113.0/24"]),
    );
    expect(issues).toEqual([
      {
        path: `${DEV}.publicAccessCidrs`,
        message: "has moved: write endpointAccess: { publicCidrs: [...] } with the same CIDRs",
      },
    ]);
  });

  test("private CIDRs, security groups and public CIDRs of the reference design are accepted", () => {
    const issues = issuesOf((org) => {
      devCluster(org).endpointAccess = {
        privateCidrs: ["10.200.0.0/16"],
        privateSecurityGroupIds: ["sg-0123456789abcdef0"],
        publicCidrs: ["203.0.113.0/24"],
      };
    });
    expect(issues).toEqual([]);
  });

  test("0.0.0.0/0 is refused, publicly and privately: list only the ranges that need it", () => {
    const issues = issuesOf((org) => {
      access(org).publicCidrs = ["203.0.113.0/24", "0.0.0.0/0"];
      access(org).privateCidrs = ["0.0.0.0/0"];
    });
    expect(issues).toEqual([
      {
        path: `${DEV}.endpointAccess.privateCidrs[0]`,
        message:
          "0.0.0.0/0 would open the API endpoint to every network routed to the VPC; list only the ranges that need it",
      },
      {
        path: `${DEV}.endpointAccess.publicCidrs[1]`,
        message: "0.0.0.0/0 would open the API endpoint to the internet; list only the ranges that need it",
      },
    ]);
  });

  test("a CIDR with host bits, or not a CIDR at all, is reported", () => {
    expect(issuesOf((org) => (access(org).publicCidrs = ["203.0.113.7/24"]))).toEqual([
      {
        path: `${DEV}.endpointAccess.publicCidrs[0]`,
        message: "203.0.113.7/24 is not a network address (host bits are set)",
      },
    ]);
    expect(issuesOf((org) => (access(org).privateCidrs = ["office"]))).toEqual([
      { path: `${DEV}.endpointAccess.privateCidrs[0]`, message: "must be an IPv4 CIDR such as 10.0.0.0/16" },
    ]);
  });

  test("a private range on the public endpoint is reported: it never sees private addresses", () => {
    expect(issuesOf((org) => (access(org).publicCidrs = ["192.168.0.0/24"]))).toEqual([
      {
        path: `${DEV}.endpointAccess.publicCidrs[0]`,
        message: "192.168.0.0/24 is a private range, which the public endpoint never sees; list it in privateCidrs",
      },
    ]);
  });

  test("a security group id that is not one, and a repeated entry, are reported", () => {
    expect(issuesOf((org) => (access(org).privateSecurityGroupIds = ["ci-runner"]))).toEqual([
      {
        path: `${DEV}.endpointAccess.privateSecurityGroupIds[0]`,
        message: "must be a security group id such as sg-0123456789abcdef0",
      },
    ]);
    expect(issuesOf((org) => (access(org).privateCidrs = ["10.200.0.0/16", "10.200.0.0/16"]))).toEqual([
      {
        path: `${DEV}.endpointAccess.privateCidrs[1]`,
        message: "10.200.0.0/16 is already listed at privateCidrs[0]",
      },
    ]);
  });
});

describe("AMI alias and support policy", () => {
  test("the default version has a default alias; a version without one needs amiAlias, with the path", () => {
    expect(issuesOf(() => undefined)).toEqual([]);
    const issues = issuesOf((org) => {
      devCluster(org).kubernetesVersion = "1.34";
      devCluster(org).addonVersions = { "kube-proxy": "v1.34.0-eksbuild.1" };
    });
    expect(issues).toEqual([
      {
        path: `${DEV}.amiAlias`,
        message: expect.stringMatching(/^Kubernetes 1\.34 has no default AMI alias: set one released for 1\.34/),
      },
    ]);
  });

  test("an alias released before the version cannot hold it", () => {
    const issues = issuesOf((org) => {
      devCluster(org).kubernetesVersion = "1.34";
      devCluster(org).addonVersions = { "kube-proxy": "v1.34.0-eksbuild.1" };
      devCluster(org).amiAlias = "al2023@v20250715";
    });
    expect(issues).toEqual([
      {
        path: `${DEV}.amiAlias`,
        message:
          "al2023@v20250715 predates Kubernetes 1.34 (released upstream 2025-08-27): no AMI of that release runs 1.34; pick a newer release",
      },
    ]);
  });

  test("an alias must be a pinned AL2023 release", () => {
    expect(issuesOf((org) => (devCluster(org).amiAlias = "al2023@latest"))).toEqual([
      { path: `${DEV}.amiAlias`, message: 'must be a pinned AL2023 release such as "al2023@v20250715"' },
    ]);
  });

  test("the support type is STANDARD or EXTENDED", () => {
    expect(issuesOf((org) => (devCluster(org).supportType = "EXTENDED"))).toEqual([]);
    const issues = issuesOf((org) => (devCluster(org).supportType = "FREE" as "STANDARD"));
    expect(issues.map((i) => i.path)).toEqual([`${DEV}.supportType`]);
  });
});

describe("node pools", () => {
  test("limits are required", () => {
    expect(issuesOf((org) => delete (devCluster(org) as { nodePools?: unknown }).nodePools)).toEqual([
      { path: `${DEV}.nodePools`, message: "is required" },
    ]);
  });

  test("prod keeps an on-demand floor", () => {
    expect(issuesOf((org) => delete prodCluster(org).nodePools.onDemandFloor)).toEqual([
      {
        path: `${PROD}.nodePools.onDemandFloor`,
        message:
          'is required in prod: an on-demand floor such as { cpu: 16, memory: "64Gi" } keeps prod off spot alone',
      },
    ]);
  });

  test("CPU and memory limits are whole vCPUs and memory quantities", () => {
    expect(issuesOf((org) => (devCluster(org).nodePools = { limits: { cpu: 0.5, memory: "128GB" } }))).toEqual([
      { path: `${DEV}.nodePools.limits.cpu`, message: "must be a whole number of vCPUs" },
      { path: `${DEV}.nodePools.limits.memory`, message: 'must be a memory quantity such as "400Gi"' },
    ]);
  });

  test("the termination grace period is a duration", () => {
    expect(issuesOf((org) => (devCluster(org).nodePools.terminationGracePeriod = "24h"))).toEqual([]);
    expect(issuesOf((org) => (devCluster(org).nodePools.terminationGracePeriod = "1d"))).toEqual([
      { path: `${DEV}.nodePools.terminationGracePeriod`, message: 'must be a duration such as "48h" or "90m"' },
    ]);
  });

  test("capacity is spot-first or spot-only", () => {
    expect(issuesOf((org) => (devCluster(org).nodePools.capacity = "spot-only"))).toEqual([]);
    const issues = issuesOf((org) => (devCluster(org).nodePools.capacity = "on-demand" as "spot-only"));
    expect(issues.map((i) => i.path)).toEqual([`${DEV}.nodePools.capacity`]);
  });
});

describe("ECR repositories and logs", () => {
  test("a repository name ECR would refuse, and a repeated one, are reported", () => {
    expect(issuesOf((org) => (devCluster(org).ecrRepositories = ["Orders_API"]))).toEqual([
      { path: `${DEV}.ecrRepositories[0]`, message: "must be an ECR repository name such as orders-api" },
    ]);
    expect(issuesOf((org) => (devCluster(org).ecrRepositories = ["web", "api", "web"]))).toEqual([
      { path: `${DEV}.ecrRepositories[2]`, message: "web is already listed at ecrRepositories[0]" },
    ]);
  });

  test("the control-plane log retention is one CloudWatch Logs accepts", () => {
    const issues = issuesOf((org) => (devCluster(org).logRetentionDays = 45));
    expect(issues).toEqual([
      {
        path: `${DEV}.logRetentionDays`,
        message: expect.stringMatching(/^must be a CloudWatch Logs retention \(1, 3, 5/),
      },
    ]);
  });

  test("an unknown key is reported", () => {
    expect(issuesOf((org) => ((devCluster(org) as Record<string, unknown>).endpointPublic = true))).toEqual([
      { path: `${DEV}.endpointPublic`, message: "unknown key" },
    ]);
  });
});
