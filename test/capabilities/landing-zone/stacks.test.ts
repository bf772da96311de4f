import { readFileSync } from "node:fs";
import type { TerraformStack } from "cdktf";
import { parse } from "yaml";
import { generateOrganization } from "../../../src/config/generate";
import { organization, resource, resourcesOf, synthApp } from "../../helpers/synth";

const org = organization(parse(readFileSync("examples/landing-zone.yaml", "utf8")));
const { json, app } = synthApp(org);
const stack = (id: string) => app.node.findChild(id) as TerraformStack;
const holders = (type: string) => Object.keys(json).filter((id) => Object.keys(resourcesOf(json[id], type)).length > 0);

describe("where the landing-zone pieces live", () => {
  test("Identity Center is managed from the management account's home-region stack only", () => {
    expect(holders("aws_ssoadmin_account_assignment")).toEqual(["root-us-east-1"]);
    const assignments = Object.keys(resourcesOf(json["root-us-east-1"], "aws_ssoadmin_account_assignment")).sort();
    expect(assignments).toContain("identity_center_security_audit_security_administrator");
    expect(assignments).toContain("identity_center_developers_production_read_only");
    // Nobody but the security group is assigned to the security account.
    const toSecurity = Object.values(resourcesOf(json["root-us-east-1"], "aws_ssoadmin_account_assignment")).filter(
      (a) => a.target_id === org.accounts.audit.id,
    );
    expect(new Set(toSecurity.map((a) => a.principal_id))).toEqual(
      new Set(["${data.aws_identitystore_group.identity_center_group_security.group_id}"]),
    );
    expect(toSecurity.every((a) => a.principal_type === "GROUP")).toBe(true);
  });

  test("a delegated administrator is registered in the organization stack, and its stack holds the sets", () => {
    expect(Object.keys(resourcesOf(json.organization, "aws_organizations_delegated_administrator"))).toEqual([]);
    const input = parse(readFileSync("examples/landing-zone.yaml", "utf8"));
    input.identityCenter.account = "network";
    const delegated = synthApp(organization(input));
    const registration = resource(
      delegated.json.organization,
      "aws_organizations_delegated_administrator",
      "identity_center_administrator",
    );
    expect(registration).toMatchObject({ account_id: "910000000003", service_principal: "sso.amazonaws.com" });
    // Trusted access first: the registration waits for the organization and its service principals.
    expect(registration.depends_on).toEqual(["aws_organizations_organization.organization"]);
    const holdersIn = (type: string) =>
      Object.keys(delegated.json).filter((id) => Object.keys(resourcesOf(delegated.json[id], type)).length > 0);
    expect(holdersIn("aws_ssoadmin_account_assignment")).toEqual(["network-us-east-1"]);
    const sets = delegated.app.node.findChild("network-us-east-1") as TerraformStack;
    expect(sets.dependsOn(delegated.app.node.findChild("organization") as TerraformStack)).toBe(true);
  });

  test("the guardrail SCP still denies IAM users", () => {
    const policies = Object.values(resourcesOf(json.organization, "aws_organizations_policy")).map((p) =>
      String(p.content),
    );
    expect(policies.some((content) => content.includes("iam:CreateUser"))).toBe(true);
  });

  test("a budget per existing account and the anomaly monitor sit in the management account's home stack", () => {
    expect(holders("aws_budgets_budget")).toEqual(["root-us-east-1"]);
    expect(holders("aws_ce_anomaly_monitor")).toEqual(["root-us-east-1"]);
    const budgets = resourcesOf(json["root-us-east-1"], "aws_budgets_budget");
    const amount = (key: string) => budgets[`cost_guardrails_budget_${key}`].limit_amount;
    expect(Object.keys(budgets)).toHaveLength(5);
    expect([amount("production"), amount("development"), amount("audit")]).toEqual(["8000", "300", "5000"]);
    expect(resource(json["root-us-east-1"], "aws_sns_topic", "cost_guardrails_topic").kms_master_key_id).toBeDefined();
  });

  test("an account named with a hyphen gets its budget, keyed as an address part", () => {
    const generated = synthApp(organization(generateOrganization(7)));
    const budgets = resourcesOf(generated.json["management-us-east-1"], "aws_budgets_budget");
    expect(budgets.cost_guardrails_budget_app_001.name).toBe("bench-app_001-monthly");
    expect(budgets.cost_guardrails_budget_app_001.cost_filter).toEqual([
      { name: "LinkedAccount", values: ["300000000001"] },
    ]);
  });

  test("a Transit Gateway in the network account per hub region, shared after RAM sharing is enabled", () => {
    expect(holders("aws_ec2_transit_gateway")).toEqual(["network-us-east-1", "network-us-west-2"]);
    expect(Object.keys(resourcesOf(json.organization, "aws_ram_sharing_with_organization"))).toEqual(["ram_sharing"]);
    for (const id of ["network-us-east-1", "network-us-west-2"])
      expect(stack(id).dependsOn(stack("organization"))).toBe(true);
    expect(holders("aws_ec2_transit_gateway_peering_attachment")).toEqual(["network-us-west-2"]);
    expect(stack("network-us-west-2").dependsOn(stack("network-us-east-1"))).toBe(true);
    for (const id of ["production-us-east-1", "development-us-east-1"]) {
      expect(stack(id).dependsOn(stack("network-us-east-1"))).toBe(true);
    }
  });

  test("a log destination in the security account of each region, and each subscription to its own region's", () => {
    expect(holders("aws_cloudwatch_log_destination")).toEqual(["audit-us-east-1", "audit-us-west-2"]);
    const senders = holders("aws_cloudwatch_log_subscription_filter");
    expect(senders.sort()).toEqual(["development-us-east-1", "production-us-east-1", "production-us-west-2"]);
    for (const id of senders) {
      const region = id.replace(/^[a-z]+-/, "");
      for (const filter of Object.values(resourcesOf(json[id], "aws_cloudwatch_log_subscription_filter"))) {
        // Residency: the destination is in the sender's own region, so logs never leave it.
        expect(String(filter.destination_arn).split(":")[3]).toBe(region);
        expect(filter.log_group_name).toBe("${aws_cloudwatch_log_group.vpc_flow_log_group.name}");
      }
      expect(stack(id).dependsOn(stack(`audit-${region}`))).toBe(true);
    }
    const bucket = resource(json["audit-us-west-2"], "aws_s3_bucket", "central_logs_bucket");
    expect(bucket.bucket).toBe("initech-central-logs-us-west-2-910000000002");
  });
});

describe("what an account-region sends", () => {
  test("the EKS control plane's and application log groups subscribe too, and a source turned off does not", () => {
    const input = parse(readFileSync("examples/landing-zone.yaml", "utf8"));
    const dev = input.accounts.development.regions["us-east-1"];
    dev.cluster = { nodePools: { limits: { cpu: 16, memory: "64Gi" } } };
    dev.applicationLogs = { api: { logGroupName: "/initech/api", filterPattern: "ERROR" } };
    input.centralLogs.sources.flowLogs = false;
    const filters = resourcesOf(
      synthApp(organization(input)).json["development-us-east-1"],
      "aws_cloudwatch_log_subscription_filter",
    );
    expect(
      Object.fromEntries(Object.entries(filters).map(([name, f]) => [name, [f.log_group_name, f.filter_pattern]])),
    ).toEqual({
      central_logs_subscription_filter_eks_control_plane: [
        "${aws_cloudwatch_log_group.eks_control_plane_logs.name}",
        "",
      ],
      central_logs_subscription_filter_app_api: ["/initech/api", "ERROR"],
    });
  });
});
