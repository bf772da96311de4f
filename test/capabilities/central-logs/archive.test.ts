/**
 * Log groups a stack creates (Fluent Bit's with `fluentBit.archive`, the ECS services') subscribe to
 * the central destination of their own region through the LOG_GROUPS slot, each filter waiting for
 * its group.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { issuesOfDocument } from "../../helpers/issues";
import { organization, resourcesOf, synthApp, type StackJson } from "../../helpers/synth";

const read = (file: string) => parse(readFileSync(file, "utf8"));
const filtersOf = (stack: StackJson) => resourcesOf(stack, "aws_cloudwatch_log_subscription_filter");
const destination = (region: string, account: string, org: string) =>
  `arn:aws:logs:${region}:${account}:destination:${org}-${region}-central-logs`;

/** The landing zone with an archiving cluster in each region, and a dev cluster that does not archive. */
function landingZoneWithClusters() {
  const input = read("examples/landing-zone.yaml");
  const addons = (archive: boolean) => ({ namespaces: { backend: {} }, fluentBit: { archive } });
  const pools = { limits: { cpu: 16, memory: "64Gi" }, onDemandFloor: { cpu: 4, memory: "16Gi" } };
  input.accounts.production.regions["us-east-1"].cluster = {
    nodePools: pools,
    addons: addons(true),
  };
  input.accounts.production.regions["us-west-2"].cluster = {
    nodePools: pools,
    addons: addons(true),
  };
  input.accounts.development.regions["us-east-1"].cluster = {
    nodePools: { limits: { cpu: 16, memory: "64Gi" } },
    addons: addons(false),
  };
  return input;
}

describe("Fluent Bit's archive (examples/org.yaml)", () => {
  const { json } = synthApp(organization(read("examples/org.yaml")));
  const filters = filtersOf(json["sandbox-us-west-2"]);

  test("every Fluent Bit group has a filter to the region's destination that depends on the group", () => {
    const fluentBit = Object.entries(filters).filter(([name]) => name.includes("fluent_bit"));
    expect(fluentBit.map(([name]) => name).sort()).toEqual(
      ["backend", "frontend", "ingress", "logging", "monitoring"]
        .map((ns) => `central_logs_subscription_filter_fluent_bit_ns_${ns}`)
        .concat("central_logs_subscription_filter_fluent_bit_system")
        .sort(),
    );
    const backend = filters.central_logs_subscription_filter_fluent_bit_ns_backend;
    expect(backend).toMatchObject({
      // Named after the cluster (a reference to it): the depends_on is what orders the filter after its group.
      log_group_name: "/aws/eks/${aws_eks_cluster.eks.name}/workloads/backend",
      destination_arn: destination("us-west-2", "900000000002", "globex"),
    });
    expect(backend.depends_on).toEqual(expect.arrayContaining(["aws_cloudwatch_log_group.addons_logs_backend"]));
    expect(filters.central_logs_subscription_filter_fluent_bit_system.depends_on).toEqual(
      expect.arrayContaining(["aws_cloudwatch_log_group.addons_logs_system"]),
    );
  });

  test("the destination is in the security account of that region only", () => {
    expect(Object.keys(resourcesOf(json["audit-us-west-2"], "aws_cloudwatch_log_destination"))).toHaveLength(1);
    expect(Object.keys(resourcesOf(json["audit-eu-west-1"], "aws_cloudwatch_log_destination"))).toHaveLength(0);
  });
});

describe("residency: each region's groups go to that region's destination", () => {
  const { json } = synthApp(organization(landingZoneWithClusters()));

  test("the clusters of us-east-1 and us-west-2 send to their own region; a cluster without archive sends none", () => {
    for (const [stack, region] of [
      ["production-us-east-1", "us-east-1"],
      ["production-us-west-2", "us-west-2"],
    ] as const) {
      const fluentBit = Object.entries(filtersOf(json[stack])).filter(([name]) => name.includes("fluent_bit"));
      expect(fluentBit).toHaveLength(2);
      for (const [, filter] of fluentBit) {
        expect(filter.destination_arn).toBe(destination(region, "910000000002", "initech"));
      }
    }
    const dev = Object.keys(filtersOf(json["development-us-east-1"]));
    expect(dev.filter((name) => name.includes("fluent_bit"))).toEqual([]);
  });
});

describe("ECS services' log groups", () => {
  const bankapp = read("examples/bankapp.yaml");

  test("subscribe with centralLogs.sources.application, waiting for their groups, and not without it", () => {
    bankapp.centralLogs = {};
    const prod = synthApp(organization(bankapp)).json["prod-us-east-1"];
    const backend = filtersOf(prod).central_logs_subscription_filter_service_backend;
    expect(backend).toMatchObject({
      log_group_name: "${aws_cloudwatch_log_group.service_backend_logs.name}",
      destination_arn: expect.stringMatching(/^arn:aws:logs:us-east-1:\d{12}:destination:/),
    });
    expect(backend.depends_on).toEqual(expect.arrayContaining(["aws_cloudwatch_log_group.service_backend_logs"]));

    bankapp.centralLogs = { sources: { application: false } };
    const without = synthApp(organization(bankapp)).json["prod-us-east-1"];
    expect(Object.keys(filtersOf(without)).filter((name) => name.includes("service_"))).toEqual([]);
  });
});

describe("checks", () => {
  test("an archive needs central logs on, with application logs, at the archive's path", () => {
    const input = read("examples/org.yaml");
    const path = "accounts.sandbox.regions.us-west-2.cluster.addons.fluentBit.archive";
    input.centralLogs.sources = { application: false };
    expect(issuesOfDocument(input)).toEqual([
      { path, message: "archives application logs, but centralLogs.sources.application is off" },
    ]);
    delete input.centralLogs;
    expect(issuesOfDocument(input)).toEqual([
      { path, message: "archives through central logs, which are off: set centralLogs (enabled)" },
    ]);
  });
});
