import { Testing } from "cdktf";
import {
  IdentityCenter,
  LANDING_ZONE_PERMISSION_SETS,
  sessionDurationIssue,
  sessionMinutes,
  type IdentityCenterProps,
  type PermissionSetProps,
} from "../../modules/identity-center";
import { BaseStack } from "../../src/stacks/base-stack";
import { resource, resourcesOf, synthModule } from "../helpers/synth";

const SECURITY_GROUP = "a1b2c3d4e5-11111111-2222-3333-4444-555555555555";
const DEVELOPERS = "66666666-7777-8888-9999-000000000000";

const base: IdentityCenterProps = {
  permissionSets: LANDING_ZONE_PERMISSION_SETS,
  groups: { security: SECURITY_GROUP, developers: DEVELOPERS },
  accounts: { security: "123456789013", prod: "123456789016" },
  assignments: {
    security: { security: ["securityAdministrator", "securityAudit"] },
    developers: { prod: ["readOnly"] },
  },
};

const synth = (props: Partial<IdentityCenterProps> = {}) =>
  synthModule((s) => new IdentityCenter(s, "identity_center", { ...base, ...props }));

const json = synth();
const INSTANCE_ARN = "${one(data.aws_ssoadmin_instances.identity_center_instance.arns)}";

describe("the Identity Center instance", () => {
  test("is looked up at plan, and a plan fails unless the account and region have exactly one", () => {
    expect(json.data?.aws_ssoadmin_instances?.identity_center_instance).toEqual({
      lifecycle: {
        postcondition: [
          {
            condition: "${length(self.arns) == 1}",
            error_message: expect.stringMatching(
              /^IAM Identity Center: this account and region have \$\{length\(self\.arns\)\} instances, not one\. Enable Identity Center/,
            ),
          },
        ],
      },
    });
  });

  test("every permission set and assignment uses the looked-up instance ARN, never a literal", () => {
    const users = [
      ...Object.values(resourcesOf(json, "aws_ssoadmin_permission_set")),
      ...Object.values(resourcesOf(json, "aws_ssoadmin_managed_policy_attachment")),
      ...Object.values(resourcesOf(json, "aws_ssoadmin_account_assignment")),
    ];
    expect(users.length).toBeGreaterThan(10);
    expect(new Set(users.map((r) => r.instance_arn))).toEqual(new Set([INSTANCE_ARN]));
  });

  test("the postcondition is a block in `cdktf synth --hcl` output too", () => {
    const stack = new (class extends BaseStack {})(Testing.app(), "hcl");
    new IdentityCenter(stack, "identity_center", base);
    const hcl = String(Testing.synthHcl(stack));
    const block = hcl.slice(hcl.indexOf('data "aws_ssoadmin_instances"')).split(/\n\}\n/)[0];
    expect(block).toMatch(/lifecycle \{\s*postcondition \{\s*condition = "\$\{length\(self\.arns\) == 1\}"/);
  });
});

describe("permission sets", () => {
  test("the landing zone's sets are created by key with name, description and session", () => {
    const sets = resourcesOf(json, "aws_ssoadmin_permission_set");
    expect(Object.keys(sets).sort()).toEqual([
      "identity_center_administrator",
      "identity_center_power_user",
      "identity_center_read_only",
      "identity_center_security_administrator",
      "identity_center_security_audit",
    ]);
    expect(sets.identity_center_read_only).toEqual({
      instance_arn: INSTANCE_ARN,
      name: "ReadOnly",
      description: LANDING_ZONE_PERMISSION_SETS.readOnly.description,
      session_duration: "PT8H",
      tags: {},
    });
    expect(sets.identity_center_administrator.session_duration).toBe("PT1H");
    expect(sets.identity_center_security_administrator.session_duration).toBe("PT1H");
  });

  test("read-only in prod lists and describes but never reads stored data (no ReadOnlyAccess)", () => {
    const attached = Object.entries(resourcesOf(json, "aws_ssoadmin_managed_policy_attachment"))
      .filter(([, a]) => a.permission_set_arn === "${aws_ssoadmin_permission_set.identity_center_read_only.arn}")
      .map(([name, a]) => [name, a.managed_policy_arn]);
    expect(Object.fromEntries(attached)).toEqual({
      identity_center_read_only_managed_job_function_viewonlyaccess:
        "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
      identity_center_read_only_managed_cloudwatchreadonlyaccess: "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess",
    });
    const everyArn = Object.values(resourcesOf(json, "aws_ssoadmin_managed_policy_attachment")).map(
      (a) => a.managed_policy_arn,
    );
    expect(everyArn).not.toContain("arn:aws:iam::aws:policy/ReadOnlyAccess");
  });

  const custom: PermissionSetProps = {
    name: "DatabaseOperator",
    description: "Operate the application databases",
    sessionDuration: "PT2H30M",
    customerManagedPolicies: [{ name: "db-operator" }, { name: "db-reader", path: "/platform/" }],
    inlinePolicy: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "rds:RebootDBInstance", Resource: "*" }],
    },
    permissionsBoundary: { customerManagedPolicy: { name: "workload-boundary" } },
  };
  const customJson = synth({ permissionSets: { databaseOperator: custom }, assignments: {} });

  test("customer managed policies are referenced by name, with path / unless given", () => {
    expect(resourcesOf(customJson, "aws_ssoadmin_customer_managed_policy_attachment")).toEqual({
      identity_center_database_operator_customer_db_operator: {
        instance_arn: INSTANCE_ARN,
        permission_set_arn: "${aws_ssoadmin_permission_set.identity_center_database_operator.arn}",
        customer_managed_policy_reference: { name: "db-operator", path: "/" },
      },
      identity_center_database_operator_customer_db_reader: {
        instance_arn: INSTANCE_ARN,
        permission_set_arn: "${aws_ssoadmin_permission_set.identity_center_database_operator.arn}",
        customer_managed_policy_reference: { name: "db-reader", path: "/platform/" },
      },
    });
  });

  test("the inline policy and the permissions boundary are attached to the set", () => {
    const inline = resource(
      customJson,
      "aws_ssoadmin_permission_set_inline_policy",
      "identity_center_database_operator_inline",
    );
    expect(JSON.parse(inline.inline_policy as string)).toEqual(custom.inlinePolicy);
    expect(
      resource(customJson, "aws_ssoadmin_permissions_boundary_attachment", "identity_center_database_operator_boundary")
        .permissions_boundary,
    ).toEqual({ customer_managed_policy_reference: { name: "workload-boundary", path: "/" } });
    const aws = synth({
      permissionSets: {
        op: { ...custom, permissionsBoundary: { awsManagedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" } },
      },
      assignments: {},
    });
    expect(
      resource(aws, "aws_ssoadmin_permissions_boundary_attachment", "identity_center_op_boundary").permissions_boundary,
    ).toEqual({
      managed_policy_arn: "arn:aws:iam::aws:policy/PowerUserAccess",
    });
  });

  test("without a boundary or inline policy, neither resource exists", () => {
    expect(resourcesOf(json, "aws_ssoadmin_permissions_boundary_attachment")).toEqual({});
    expect(resourcesOf(json, "aws_ssoadmin_permission_set_inline_policy")).toEqual({});
  });
});

describe("account assignments", () => {
  test("are addressed <group>_<account>_<set> and give groups, never users, access to accounts", () => {
    const assignments = resourcesOf(json, "aws_ssoadmin_account_assignment");
    expect(Object.keys(assignments).sort()).toEqual([
      "identity_center_developers_prod_read_only",
      "identity_center_security_security_security_administrator",
      "identity_center_security_security_security_audit",
    ]);
    expect(assignments.identity_center_developers_prod_read_only).toEqual({
      instance_arn: INSTANCE_ARN,
      permission_set_arn: "${aws_ssoadmin_permission_set.identity_center_read_only.arn}",
      principal_type: "GROUP",
      principal_id: "${data.aws_identitystore_group.identity_center_group_developers.group_id}",
      target_type: "AWS_ACCOUNT",
      target_id: "123456789016",
      depends_on: [
        "aws_ssoadmin_permission_set.identity_center_read_only",
        "aws_ssoadmin_managed_policy_attachment.identity_center_read_only_managed_job_function_viewonlyaccess",
        "aws_ssoadmin_managed_policy_attachment.identity_center_read_only_managed_cloudwatchreadonlyaccess",
      ],
    });
  });

  test("the security account is assigned to the security group alone, and developers get nothing but read-only", () => {
    const assignments = Object.values(resourcesOf(json, "aws_ssoadmin_account_assignment"));
    const intoSecurity = assignments.filter((a) => a.target_id === "123456789013").map((a) => a.principal_id);
    expect(new Set(intoSecurity)).toEqual(
      new Set(["${data.aws_identitystore_group.identity_center_group_security.group_id}"]),
    );
    const developers = assignments.filter(
      (a) => a.principal_id === "${data.aws_identitystore_group.identity_center_group_developers.group_id}",
    );
    expect(developers.map((a) => a.permission_set_arn)).toEqual([
      "${aws_ssoadmin_permission_set.identity_center_read_only.arn}",
    ]);
  });

  test("each group is read from the identity store at plan, so an id missing from the directory fails the plan", () => {
    expect(json.data?.aws_identitystore_group).toEqual({
      identity_center_group_developers: {
        identity_store_id: "${one(data.aws_ssoadmin_instances.identity_center_instance.identity_store_ids)}",
        group_id: DEVELOPERS,
      },
      identity_center_group_security: {
        identity_store_id: "${one(data.aws_ssoadmin_instances.identity_center_instance.identity_store_ids)}",
        group_id: SECURITY_GROUP,
      },
    });
  });

  test("with verifyGroups off, the group ids are used as given and nothing is looked up", () => {
    const unverified = synth({ verifyGroups: false });
    expect(unverified.data?.aws_identitystore_group).toBeUndefined();
    expect(
      resource(unverified, "aws_ssoadmin_account_assignment", "identity_center_developers_prod_read_only").principal_id,
    ).toBe(DEVELOPERS);
  });

  test("without assignments, nobody is assigned anything", () => {
    expect(resourcesOf(synth({ assignments: undefined }), "aws_ssoadmin_account_assignment")).toEqual({});
  });
});

describe("session durations", () => {
  test("are read as ISO-8601 hours and minutes", () => {
    expect(["PT1H", "PT12H", "PT1H30M", "PT90M", "PT0M", "P1D", "1h", "PT"].map(sessionMinutes)).toEqual([
      60,
      720,
      90,
      90,
      0,
      undefined,
      undefined,
      undefined,
    ]);
  });

  test("must lie within 1 to 12 hours", () => {
    expect(sessionDurationIssue("PT12H")).toBeUndefined();
    expect(sessionDurationIssue("PT60M")).toBeUndefined();
    expect(sessionDurationIssue("PT12H1M")).toBe('"PT12H1M" is outside 1 to 12 hours (PT1H to PT12H)');
    expect(sessionDurationIssue("PT59M")).toBe('"PT59M" is outside 1 to 12 hours (PT1H to PT12H)');
    expect(sessionDurationIssue("8h")).toMatch(/is not an ISO-8601 duration/);
  });

  test("every landing-zone set has a valid session", () => {
    for (const set of Object.values(LANDING_ZONE_PERMISSION_SETS)) {
      expect(sessionDurationIssue(set.sessionDuration)).toBeUndefined();
    }
  });
});

describe("IdentityCenter validation", () => {
  const reader: PermissionSetProps = { name: "Reader", description: "read" };

  test("names the assignment path of a permission set, account or group that does not exist", () => {
    expect(() =>
      synth({
        assignments: {
          developers: { prod: ["readOnly", "readonly"], staging: ["readOnly"] },
          contractors: { prod: ["readOnly"] },
        },
      }),
    ).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(
          /assignments\.developers\.prod\[1\]: permission set "readonly" is not in permissionSets \(administrator, powerUser, readOnly, securityAudit, securityAdministrator\)[\s\S]*assignments\.developers\.staging: account "staging" is not in accounts \(security, prod\)[\s\S]*assignments\.contractors: group "contractors" is not in groups \(security, developers\)/,
        ),
      }),
    );
  });

  test("refuses a session duration outside 1-12 hours, with its path", () => {
    expect(() =>
      synth({ permissionSets: { reader: { ...reader, sessionDuration: "PT13H" } }, assignments: {} }),
    ).toThrow(/permissionSets\.reader\.sessionDuration: "PT13H" is outside 1 to 12 hours/);
    expect(() =>
      synth({ permissionSets: { reader: { ...reader, sessionDuration: "PT30M" } }, assignments: {} }),
    ).toThrow(/permissionSets\.reader\.sessionDuration: "PT30M" is outside 1 to 12 hours/);
  });

  test("refuses names, policies and ids that Identity Center would reject", () => {
    const error = (() => {
      try {
        synth({
          permissionSets: {
            reader: {
              name: "Reader With Spaces",
              description: "",
              awsManagedPolicyArns: [
                "arn:aws:iam::123456789012:policy/Mine",
                "arn:aws:iam::aws:policy/SecurityAudit",
                "arn:aws:iam::aws:policy/SecurityAudit",
              ],
              customerManagedPolicies: [{ name: "ok", path: "platform" }],
            },
          },
          groups: { developers: "not-a-group-id" },
          accounts: { prod: "12345" },
          assignments: {},
        });
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    })();
    expect(error).toContain('permissionSets.reader.name: "Reader With Spaces" must be 1-32 letters, digits or +=,.@_-');
    expect(error).toContain("permissionSets.reader.description: must be 1-700 characters");
    expect(error).toContain(
      'permissionSets.reader.awsManagedPolicyArns[0]: "arn:aws:iam::123456789012:policy/Mine" is not an AWS managed policy ARN',
    );
    expect(error).toContain(
      'permissionSets.reader.awsManagedPolicyArns[2]: "arn:aws:iam::aws:policy/SecurityAudit" is already listed at [1]',
    );
    expect(error).toContain(
      'permissionSets.reader.customerManagedPolicies[0].path: "platform" must start and end with "/"',
    );
    expect(error).toContain('groups.developers: "not-a-group-id" is not an identity store group id');
    expect(error).toContain('accounts.prod: "12345" is not a 12-digit account id');
  });

  test("refuses more than 20 managed policies on one set", () => {
    const arns = Array.from({ length: 21 }, (_, i) => `arn:aws:iam::aws:policy/Policy${i}`);
    expect(() =>
      synth({ permissionSets: { reader: { ...reader, awsManagedPolicyArns: arns } }, assignments: {} }),
    ).toThrow(/permissionSets\.reader: 21 managed policies exceed Identity Center's 20 per permission set/);
  });

  test("refuses an inline policy over 10,240 characters without whitespace", () => {
    const actions = Array.from({ length: 800 }, (_, i) => `service:Action${i}`);
    expect(() =>
      synth({
        permissionSets: {
          reader: {
            ...reader,
            inlinePolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] },
          },
        },
        assignments: {},
      }),
    ).toThrow(/permissionSets\.reader\.inlinePolicy: \d+ characters exceed the 10240/);
  });

  test("reports two assignments that would share an address", () => {
    expect(() =>
      synth({
        groups: { a: DEVELOPERS, a_b: SECURITY_GROUP },
        accounts: { b_c: "123456789016", c: "123456789013" },
        permissionSets: { d: reader },
        assignments: { a: { b_c: ["d"] }, a_b: { c: ["d"] } },
      }),
    ).toThrow(/assignments\.a_b\.c\[0\]: its address "a_b_c_d" is already taken by assignments\.a\.b_c\[0\]/);
  });
});
