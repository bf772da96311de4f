import type { TerraformStack } from "cdktf";
import { ORGANIZATION_SERVICE_PRINCIPALS } from "../../modules/organization";
import { warningsOf } from "../../src/app";
import {
  defaultInput,
  organization,
  policyOf,
  resource,
  resourcesOf,
  synthApp,
  type StackJson,
} from "../helpers/synth";

const { app, json } = synthApp();
const management = json["management-us-east-1"];
const organizationStack = json.organization;
const securityHome = json["security-us-east-1"];
const securityCa = json["security-ca-central-1"];
const archiveOutput = (name: string) =>
  `\${data.terraform_remote_state.cross_stack_reference_input_security_us_east_1.outputs.${name}}`;
const importsOf = (stack: StackJson) => (stack.import ?? []) as { to: string; id: string }[];
const statementsOf = (stack: StackJson, name: string) =>
  policyOf(resource(stack, "aws_organizations_policy", name), "content").Statement;

describe("the organization (its own stack, the management account's home region)", () => {
  test("lives in the organization stack alone, with every trusted service and SCPs and tag policies on", () => {
    const stacksWithOrg = Object.keys(json).filter(
      (id) => Object.keys(resourcesOf(json[id], "aws_organizations_organization")).length > 0,
    );
    expect(stacksWithOrg).toEqual(["organization"]);
    const organization = resource(organizationStack, "aws_organizations_organization", "organization");
    expect(organization).toMatchObject({
      feature_set: "ALL",
      enabled_policy_types: ["SERVICE_CONTROL_POLICY", "TAG_POLICY"],
      lifecycle: { prevent_destroy: true },
    });
    expect(organization.aws_service_access_principals).toEqual([...ORGANIZATION_SERVICE_PRINCIPALS]);
  });

  test("creates the configured OUs under their parents", () => {
    const ous = resourcesOf(organizationStack, "aws_organizations_organizational_unit");
    expect(Object.keys(ous).sort()).toEqual([
      "organization_ou_security",
      "organization_ou_workloads",
      "organization_ou_workloads_nonprod",
      "organization_ou_workloads_prod",
    ]);
    expect(ous.organization_ou_workloads_prod.parent_id).toBe(
      "${aws_organizations_organizational_unit.organization_ou_workloads.id}",
    );
  });

  test("adopts the organization and every member account that has an id, and never closes an account", () => {
    expect(importsOf(organizationStack).map((i) => [i.to, i.id])).toEqual(
      expect.arrayContaining([
        ["aws_organizations_organization.organization", "o-exampleorg1"],
        ["aws_organizations_account.organization_account_security", "222222222222"],
        ["aws_organizations_account.organization_account_prod", "555555555555"],
      ]),
    );
    const accounts = resourcesOf(organizationStack, "aws_organizations_account");
    expect(Object.keys(accounts).sort()).toEqual([
      "organization_account_dev",
      "organization_account_prod",
      "organization_account_security",
      "organization_account_staging",
    ]);
    for (const account of Object.values(accounts)) {
      expect(account).toMatchObject({ close_on_deletion: false, lifecycle: { prevent_destroy: true } });
      expect(account).not.toHaveProperty("role_name"); // adopted accounts never set it
    }
  });

  test("the region guard allows exactly the governed regions", () => {
    const [guard] = statementsOf(organizationStack, "organization_scp_region_guard");
    expect(guard.Effect).toBe("Deny");
    expect(guard.Condition?.StringNotEquals).toEqual({ "aws:RequestedRegion": ["us-east-1", "ca-central-1"] });
    expect(guard.NotAction).toEqual(expect.arrayContaining(["iam:*", "organizations:*", "sts:*"]));
  });

  test("the guardrails deny leaving the organization, stopping the security services and IAM users", () => {
    const sids = statementsOf(organizationStack, "organization_scp_guardrails").map((s) => s.Sid);
    expect(sids).toEqual(expect.arrayContaining(["DenyLeaveOrganization", "ProtectDeployRole"]));
    const actions = statementsOf(organizationStack, "organization_scp_guardrails").flatMap((s) =>
      [s.Action ?? []].flat(),
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        "organizations:LeaveOrganization",
        "cloudtrail:StopLogging",
        "config:StopConfigurationRecorder",
        "guardduty:DeleteDetector",
        "securityhub:DisableSecurityHub",
        "iam:CreateAccessKey",
      ]),
    );
  });

  test("attaches guardrails and region guard to the root, the root-user deny to the top-level OUs only", () => {
    const attachments = resourcesOf(organizationStack, "aws_organizations_policy_attachment");
    const targetsOf = (policy: string) =>
      Object.values(attachments)
        .filter((a) => a.policy_id === `\${aws_organizations_policy.${policy}.id}`)
        .map((a) => a.target_id);
    const root = "${aws_organizations_organization.organization.roots[0].id}";
    expect(targetsOf("organization_scp_guardrails")).toEqual([root]);
    expect(targetsOf("organization_scp_region_guard")).toEqual([root]);
    expect(targetsOf("organization_scp_deny_root_user").sort()).toEqual([
      "${aws_organizations_organizational_unit.organization_ou_security.id}",
      "${aws_organizations_organizational_unit.organization_ou_workloads.id}",
    ]);
  });

  test("every SCP fits the 5,120-character limit", () => {
    for (const policy of Object.values(resourcesOf(organizationStack, "aws_organizations_policy"))) {
      expect(String(policy.content).length).toBeLessThanOrEqual(5120);
    }
  });
});

describe("the organization trail", () => {
  test("is in the management home stack only: multi-region, organization-wide, validated, SSE-KMS into the log archive", () => {
    const stacksWithTrail = Object.keys(json).filter(
      (id) => Object.keys(resourcesOf(json[id], "aws_cloudtrail")).length > 0,
    );
    expect(stacksWithTrail).toEqual(["management-us-east-1"]);
    expect(resource(management, "aws_cloudtrail", "trail")).toMatchObject({
      is_organization_trail: true,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      s3_bucket_name: archiveOutput("cross_stack_output_aws_s3_bucket_log_archive_bucket_bucket"),
      kms_key_id: archiveOutput("cross_stack_output_aws_kms_key_log_archive_key_arn"),
      lifecycle: { prevent_destroy: true },
    });
  });
});

describe("the CIS monitoring controls (management account, home region)", () => {
  test("the trail delivers to its log group there, and the filters, alarms and topic live beside it only", () => {
    const holders = (type: string) =>
      Object.keys(json).filter((id) => Object.keys(resourcesOf(json[id], type)).length > 0);
    expect(holders("aws_cloudwatch_log_metric_filter")).toEqual(["management-us-east-1"]);
    expect(resource(management, "aws_cloudtrail", "trail").cloud_watch_logs_group_arn).toBe(
      "${aws_cloudwatch_log_group.trail_logs.arn}:*",
    );
    expect(resource(management, "aws_cloudwatch_log_group", "trail_logs")).toMatchObject({
      name: "/aws/cloudtrail/acme-organization-trail",
      retention_in_days: 365,
    });
    const filters = Object.values(resourcesOf(management, "aws_cloudwatch_log_metric_filter"));
    expect(filters).toHaveLength(15);
    for (const filter of filters) expect(filter.log_group_name).toBe("${aws_cloudwatch_log_group.trail_logs.name}");
    expect(Object.keys(resourcesOf(management, "aws_cloudwatch_metric_alarm"))).toHaveLength(15);
    expect(resource(management, "aws_iam_role_policy", "trail_logs_policy").policy).toContain(
      ":log-stream:${data.aws_organizations_organization.organization.id}_*",
    );
  });

  test("the default organization's placeholder address receives the alarms; the config names the subscribers", () => {
    expect(Object.values(resourcesOf(management, "aws_sns_topic_subscription"))).toEqual([
      expect.objectContaining({ protocol: "email", endpoint: "aws+security-alerts@example.com" }),
    ]);
    const input = defaultInput();
    input.securityMonitoring = {
      logRetentionDays: 731,
      alarmEmails: [],
      alarmHttpsEndpoints: ["https://hooks.example.com/security"],
    };
    const { app: changed, json: stacks } = synthApp(organization(input));
    const home = stacks["management-us-east-1"];
    expect(resource(home, "aws_cloudwatch_log_group", "trail_logs").retention_in_days).toBe(731);
    expect(Object.values(resourcesOf(home, "aws_sns_topic_subscription"))).toEqual([
      expect.objectContaining({ protocol: "https", endpoint: "https://hooks.example.com/security" }),
    ]);
    input.securityMonitoring.alarmHttpsEndpoints = [];
    expect(warningsOf(synthApp(organization(input)).app)).toEqual([
      {
        path: "management-us-east-1",
        message:
          "securityMonitoring has no alarmEmails or alarmHttpsEndpoints: the CIS alarms notify nobody, and Security Hub wants a subscriber on their topic",
      },
    ]);
    expect(warningsOf(changed)).toEqual([]);
  });
});

describe("the log archive (security account, home region)", () => {
  test("is in security-us-east-1 alone, with Object Lock, its CMK and the configured retention", () => {
    const stacksWithLock = Object.keys(json).filter(
      (id) => Object.keys(resourcesOf(json[id], "aws_s3_bucket_object_lock_configuration")).length > 0,
    );
    expect(stacksWithLock).toEqual(["security-us-east-1"]);
    expect(resource(securityHome, "aws_s3_bucket", "log_archive_bucket")).toMatchObject({
      bucket: "acme-log-archive-222222222222",
      object_lock_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(resource(securityHome, "aws_s3_bucket_object_lock_configuration", "log_archive_object_lock").rule).toEqual({
      default_retention: { mode: "GOVERNANCE", days: 2557 },
    });
    const encryption = resource(
      securityHome,
      "aws_s3_bucket_server_side_encryption_configuration",
      "log_archive_bucket_encryption",
    );
    expect(JSON.stringify(encryption)).toContain("${aws_kms_key.log_archive_key.arn}");
  });

  test("lets CloudTrail in only for the organization trail, Config and flow logs only for this organization", () => {
    const statements = policyOf(resource(securityHome, "aws_s3_bucket_policy", "log_archive_bucket_policy")).Statement;
    const writers = statements.filter((s) => s.Effect === "Allow");
    expect(writers.map((s) => s.Sid)).toEqual(
      expect.arrayContaining(["CloudTrailWrite", "ConfigWrite", "FlowLogsWrite"]),
    );
    const trailArn = "arn:aws:cloudtrail:us-east-1:111111111111:trail/acme-organization-trail";
    expect(resource(management, "aws_cloudtrail", "trail").name).toBe("acme-organization-trail");
    for (const statement of writers) {
      const condition = statement.Condition?.StringEquals ?? {};
      if ((statement.Principal as { Service: string }).Service === "cloudtrail.amazonaws.com") {
        expect(condition["aws:SourceArn"]).toBe(trailArn);
      } else {
        expect(condition["aws:SourceOrgID"]).toBe("${data.aws_organizations_organization.organization.id}");
      }
    }
  });
});

describe("security services and delegated administration", () => {
  test("the management account designates the security account in every governed region", () => {
    for (const stack of [securityHome, securityCa]) {
      const guardDuty = resource(stack, "aws_guardduty_organization_admin_account", "delegated_admins_guardduty");
      expect(guardDuty).toMatchObject({ admin_account_id: "222222222222", provider: "aws.management" });
      expect(
        resource(stack, "aws_securityhub_organization_admin_account", "delegated_admins_securityhub"),
      ).toMatchObject({
        admin_account_id: "222222222222",
        provider: "aws.management",
      });
      const managementProvider = stack.provider!.aws.find((p) => p.alias === "management")!;
      expect(managementProvider.allowed_account_ids).toEqual(["111111111111"]);
    }
    const registrations = (stack: StackJson) =>
      Object.values(resourcesOf(stack, "aws_organizations_delegated_administrator")).map((r) => r.service_principal);
    expect(registrations(securityHome).sort()).toEqual(["access-analyzer.amazonaws.com", "config.amazonaws.com"]);
    expect(registrations(securityCa)).toEqual([]);
  });

  test("AWS's order in every region: the service enabled in the security account, designated, then configured", () => {
    for (const stack of [securityHome, securityCa]) {
      expect(resource(stack, "aws_guardduty_detector", "security_services_guardduty")).not.toHaveProperty("depends_on");
      expect(resource(stack, "aws_securityhub_account", "security_services_securityhub")).not.toHaveProperty(
        "depends_on",
      );
      expect(
        resource(stack, "aws_guardduty_organization_admin_account", "delegated_admins_guardduty").depends_on,
      ).toContain("aws_guardduty_detector.security_services_guardduty");
      expect(
        resource(stack, "aws_securityhub_organization_admin_account", "delegated_admins_securityhub").depends_on,
      ).toContain("aws_securityhub_account.security_services_securityhub");
      expect(
        resource(stack, "aws_guardduty_organization_configuration", "security_services_guardduty_organization")
          .depends_on,
      ).toContain("aws_guardduty_organization_admin_account.delegated_admins_guardduty");
      expect(
        resource(stack, "aws_securityhub_organization_configuration", "security_services_securityhub_organization")
          .depends_on,
      ).toContain("aws_securityhub_organization_admin_account.delegated_admins_securityhub");
    }
  });

  test("Security Hub evaluates CIS 5.0.0 by default, or the configured version", () => {
    const cis = (stack: StackJson) =>
      Object.values(resourcesOf(stack, "aws_securityhub_standards_subscription"))
        .map((s) => String(s.standards_arn))
        .filter((arn) => arn.includes("cis-aws-foundations-benchmark"));
    expect(cis(securityHome)).toEqual([
      "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0",
    ]);
    expect(cis(securityCa)).toEqual([
      "arn:aws:securityhub:ca-central-1::standards/cis-aws-foundations-benchmark/v/5.0.0",
    ]);
    const input = defaultInput();
    input.securityMonitoring = { cisVersion: "1.2.0" };
    expect(cis(synthApp(organization(input)).json["security-ca-central-1"])).toEqual([
      "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0",
    ]);
  });

  test("GuardDuty, Security Hub and Access Analyzer run per region; aggregators only at home", () => {
    for (const stack of [securityHome, securityCa]) {
      expect(
        resource(stack, "aws_guardduty_organization_configuration", "security_services_guardduty_organization"),
      ).toMatchObject({
        auto_enable_organization_members: "ALL",
      });
      expect(resource(stack, "aws_accessanalyzer_analyzer", "security_services_access_analyzer").type).toBe(
        "ORGANIZATION",
      );
    }
    expect(
      resource(securityHome, "aws_securityhub_finding_aggregator", "security_services_securityhub_aggregator"),
    ).toMatchObject({
      specified_regions: ["ca-central-1"],
    });
    expect(resourcesOf(securityCa, "aws_securityhub_finding_aggregator")).toEqual({});
    expect(Object.keys(resourcesOf(securityHome, "aws_config_configuration_aggregator"))).toHaveLength(1);
    expect(resourcesOf(securityCa, "aws_config_configuration_aggregator")).toEqual({});
  });
});

describe("the account baseline", () => {
  test("every account-region stack records Config into the log archive and sets EBS encryption and IMDSv2 defaults", () => {
    // -k8s stacks hold only what runs in their cluster; the organization stack only the organization.
    const accountRegions = Object.entries(json).filter(
      ([id]) => !["bootstrap", "organization"].includes(id) && !id.endsWith("-k8s"),
    );
    for (const [id, stack] of accountRegions) {
      const delivery = resource(stack, "aws_config_delivery_channel", "baseline_config_delivery");
      const [bucket, key] =
        id === "security-us-east-1"
          ? ["${aws_s3_bucket.log_archive_bucket.bucket}", "${aws_kms_key.log_archive_key.arn}"]
          : [
              archiveOutput("cross_stack_output_aws_s3_bucket_log_archive_bucket_bucket"),
              archiveOutput("cross_stack_output_aws_kms_key_log_archive_key_arn"),
            ];
      expect(delivery).toMatchObject({ s3_bucket_name: bucket, s3_kms_key_arn: key });
      expect(resource(stack, "aws_ebs_encryption_by_default", "baseline_ebs_encryption").enabled).toBe(true);
      expect(resource(stack, "aws_ec2_instance_metadata_defaults", "baseline_instance_metadata").http_tokens).toBe(
        "required",
      );
    }
  });

  test("account-global settings appear in exactly one stack per account", () => {
    const globalTypes = [
      "aws_s3_account_public_access_block",
      "aws_iam_account_password_policy",
      "aws_iam_service_linked_role",
    ];
    for (const account of ["management", "security", "dev", "staging", "prod"]) {
      const stacks = Object.keys(json).filter((id) => id.startsWith(`${account}-`));
      for (const type of globalTypes) {
        const holders = stacks.filter((id) => Object.keys(resourcesOf(json[id], type)).length > 0);
        expect([account, type, holders]).toEqual([account, type, [`${account}-us-east-1`]]);
      }
    }
  });

  test("member deploy roles trust the deploy principal, not the management account; the management account has none managed", () => {
    const role = resource(json["prod-us-east-1"], "aws_iam_role", "baseline_deploy_role");
    expect(role.name).toBe("OrganizationAccountAccessRole");
    expect(policyOf(role, "assume_role_policy").Statement).toEqual([
      {
        Sid: "DeployPrincipalsOnly",
        Effect: "Allow",
        Principal: { AWS: ["arn:aws:iam::111111111111:role/TerraformDeployer"] },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-exampleorg1" } },
      },
    ]);
    const input = defaultInput();
    input.deployPrincipalArns = ["arn:aws:iam::111111111111:role/platform/CiDeployer"];
    const changed = synthApp(organization(input)).json;
    for (const id of ["security-us-east-1", "dev-us-east-1", "bootstrap"]) {
      const name = id === "bootstrap" ? "state_access_role" : "baseline_deploy_role";
      expect([
        id,
        policyOf(resource(changed[id], "aws_iam_role", name), "assume_role_policy").Statement[0].Principal,
      ]).toEqual([id, { AWS: ["arn:aws:iam::111111111111:role/platform/CiDeployer"] }]);
    }
    expect(resourcesOf(management, "aws_iam_role").baseline_deploy_role).toBeUndefined();
    expect(resourcesOf(json["prod-ca-central-1"], "aws_iam_role").baseline_deploy_role).toBeUndefined();
  });
});

describe("stack order", () => {
  const stackOf = (id: string) => app.node.findChild(id) as TerraformStack;
  const dependencies = (id: string) =>
    stackOf(id)
      .dependencies.map((stack) => stack.node.id)
      .sort();

  test("bootstrap, then the organization with its trusted access, then the log archive, then the rest", () => {
    expect(dependencies("bootstrap")).toEqual([]);
    expect(dependencies("organization")).toEqual(["bootstrap"]);
    // The delegated administrators need trusted access; the trail needs it and the log archive.
    expect(dependencies("security-us-east-1")).toEqual(["organization"]);
    expect(dependencies("management-us-east-1")).toEqual(["organization", "security-us-east-1"]);
    for (const id of Object.keys(json).filter((id) => !["bootstrap", "organization"].includes(id))) {
      expect([id, stackOf(id).dependsOn(stackOf("security-us-east-1")) || id === "security-us-east-1"]).toEqual([
        id,
        true,
      ]);
      expect([id, stackOf(id).dependsOn(stackOf("bootstrap"))]).toEqual([id, true]);
    }
  });

  test("every other region's stack of an account follows the account's home-region stack", () => {
    // Config's service-linked role, named by every recorder, is created there.
    expect(dependencies("management-ca-central-1")).toEqual(["management-us-east-1", "security-us-east-1"]);
    expect(dependencies("security-ca-central-1")).toEqual(["organization", "security-us-east-1"]);
    expect(dependencies("prod-ca-central-1")).toEqual(["prod-us-east-1", "security-us-east-1"]);
  });
});

describe("outputs for creating accounts", () => {
  test("the organization stack outputs every member's id, for accounts.<name>.id", () => {
    expect(organizationStack.output?.account_ids.value).toEqual({
      security: "${aws_organizations_account.organization_account_security.id}",
      dev: "${aws_organizations_account.organization_account_dev.id}",
      staging: "${aws_organizations_account.organization_account_staging.id}",
      prod: "${aws_organizations_account.organization_account_prod.id}",
    });
  });

  test("a member without an id is created (with the deploy role), not imported, and has no stacks yet", () => {
    const input = defaultInput();
    input.accounts.sandbox = {
      email: "aws+sandbox@example.com",
      environment: "dev",
      ou: "Workloads/NonProd",
      regions: {},
    };
    const created = synthApp(organization(input)).json;
    const home = created.organization;
    expect(resource(home, "aws_organizations_account", "organization_account_sandbox")).toMatchObject({
      name: "sandbox",
      email: "aws+sandbox@example.com",
      role_name: "OrganizationAccountAccessRole",
      parent_id: "${aws_organizations_organizational_unit.organization_ou_workloads_nonprod.id}",
    });
    expect(importsOf(home).map((i) => i.to)).not.toContain("aws_organizations_account.organization_account_sandbox");
    expect(Object.keys(created).filter((id) => id.startsWith("sandbox"))).toEqual([]);
  });
});

describe("the registry's replicas", () => {
  test("the guardrails deny deleting the registry table or any of its replicas, in every account and region", () => {
    const statement = statementsOf(organizationStack, "organization_scp_guardrails").find(
      (s) => s.Sid === "ProtectDynamoDbTables",
    );
    expect(statement).toMatchObject({
      Effect: "Deny",
      Action: ["dynamodb:DeleteTable", "dynamodb:DeleteTableReplica"],
      Resource: ["arn:aws:dynamodb:*:*:table/acme-organization-registry"],
    });
  });
});
