import {
  allowOnlyGovernedRegions,
  denyIamUsers,
  denyLeaveOrganization,
  denyRootUser,
  GLOBAL_SERVICE_ACTIONS,
  mergePolicyDocuments,
  policySize,
  protectAccountBaseline,
  protectSecurityServices,
  protectTables,
  SCP_MAX_CHARACTERS,
  ServiceControlPolicy,
} from "../../modules/scp";
import type { PolicyDocument, PolicyStatement } from "../../modules/iam/policy";
import { resource, resourcesOf, synthModule } from "../helpers/synth";

const only = (document: PolicyDocument): PolicyStatement => {
  expect(document.Statement).toHaveLength(1);
  return document.Statement[0];
};
const bySid = (document: PolicyDocument, sid: string): PolicyStatement => {
  const found = document.Statement.find((s) => s.Sid === sid);
  if (found === undefined) throw new Error(`no statement ${sid}`);
  return found;
};

describe("denyLeaveOrganization", () => {
  test("denies organizations:LeaveOrganization to everyone", () => {
    expect(only(denyLeaveOrganization())).toEqual({
      Sid: "DenyLeaveOrganization",
      Effect: "Deny",
      Action: ["organizations:LeaveOrganization"],
      Resource: "*",
    });
  });

  test("exempts break-glass principals with ArnNotLike", () => {
    const statement = only(denyLeaveOrganization({ exemptPrincipalArns: ["arn:aws:iam::*:role/BreakGlass"] }));
    expect(statement.Condition).toEqual({ ArnNotLike: { "aws:PrincipalArn": ["arn:aws:iam::*:role/BreakGlass"] } });
  });
});

describe("denyRootUser", () => {
  test("denies every action when the principal is an account root user", () => {
    const statement = only(denyRootUser());
    expect(statement).toMatchObject({ Effect: "Deny", Action: "*", Resource: "*" });
    expect(statement.Condition).toEqual({ StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } });
  });

  test("allowed root actions become a NotAction, never an Action", () => {
    const statement = only(denyRootUser({ allowedActions: ["iam:CreateVirtualMFADevice"] }));
    expect(statement.NotAction).toEqual(["iam:CreateVirtualMFADevice"]);
    expect(statement.Action).toBeUndefined();
  });
});

describe("allowOnlyGovernedRegions", () => {
  const statement = only(allowOnlyGovernedRegions({ governedRegions: ["us-east-1", "ca-central-1"] }));

  test("denies every requested region except exactly the governed ones", () => {
    expect(statement.Effect).toBe("Deny");
    expect(statement.Condition).toEqual({
      StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "ca-central-1"] },
    });
  });

  test("exempts global services through NotAction, with no Action", () => {
    expect(statement.Action).toBeUndefined();
    expect(statement.NotAction).toEqual([...GLOBAL_SERVICE_ACTIONS]);
    for (const global of ["iam:*", "organizations:*", "route53:*", "cloudfront:*", "sts:*", "support:*"]) {
      expect(statement.NotAction).toContain(global);
    }
    expect(statement.NotAction).toContain("s3:GetAccountPublic*");
  });

  test("does not exempt regional data services", () => {
    for (const regional of ["s3:*", "ec2:*", "rds:*", "dynamodb:*", "eks:*"]) {
      expect(statement.NotAction).not.toContain(regional);
    }
  });
});

describe("protectSecurityServices", () => {
  const document = protectSecurityServices();

  test("denies stopping and deleting CloudTrail, Config, GuardDuty and Security Hub", () => {
    expect(bySid(document, "ProtectCloudTrail").Action).toEqual(
      expect.arrayContaining(["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"]),
    );
    expect(bySid(document, "ProtectConfig").Action).toEqual(
      expect.arrayContaining([
        "config:StopConfigurationRecorder",
        "config:DeleteConfigurationRecorder",
        "config:DeleteDeliveryChannel",
        "config:DeleteConfigRule",
        "config:DeleteConfigurationAggregator",
      ]),
    );
    expect(bySid(document, "ProtectGuardDuty").Action).toEqual(
      expect.arrayContaining(["guardduty:DeleteDetector", "guardduty:DisassociateFromAdministratorAccount"]),
    );
    expect(bySid(document, "ProtectSecurityHub").Action).toEqual(
      expect.arrayContaining(["securityhub:DisableSecurityHub"]),
    );
    expect(document.Statement.every((s) => s.Effect === "Deny")).toBe(true);
  });
});

describe("protectAccountBaseline", () => {
  const document = protectAccountBaseline({ deployRoleName: "OrganizationAccountAccessRole" });
  const exemptDeployRole = {
    ArnNotLike: { "aws:PrincipalArn": ["arn:aws:iam::*:role/OrganizationAccountAccessRole"] },
  };

  test("denies changing the S3 account public-access block and EBS default encryption", () => {
    expect(bySid(document, "ProtectS3AccountPublicAccessBlock").Action).toContain("s3:PutAccountPublicAccessBlock");
    expect(bySid(document, "ProtectEbsDefaultEncryption").Action).toContain("ec2:DisableEbsEncryptionByDefault");
  });

  test("denies changing the deploy role, in any account", () => {
    const statement = bySid(document, "ProtectDeployRole");
    expect(statement.Resource).toBe("arn:aws:iam::*:role/OrganizationAccountAccessRole");
    expect(statement.Action).toEqual(expect.arrayContaining(["iam:UpdateAssumeRolePolicy", "iam:DeleteRole"]));
  });

  test("the deploy role itself stays exempt, so automation can manage the baseline", () => {
    for (const statement of document.Statement) expect(statement.Condition).toEqual(exemptDeployRole);
  });
});

describe("denyIamUsers", () => {
  test("denies creating users, passwords and access keys", () => {
    expect(only(denyIamUsers()).Action).toEqual(["iam:CreateUser", "iam:CreateLoginProfile", "iam:CreateAccessKey"]);
  });
});

describe("protectTables", () => {
  test("denies deleting the named tables and their replicas anywhere, break-glass roles exempt", () => {
    const statement = only(
      protectTables({
        tableNames: ["acme-organization-registry"],
        exemptPrincipalArns: ["arn:aws:iam::*:role/BreakGlass"],
      }),
    );
    expect(statement).toEqual({
      Sid: "ProtectDynamoDbTables",
      Effect: "Deny",
      Action: ["dynamodb:DeleteTable", "dynamodb:DeleteTableReplica"],
      Resource: ["arn:aws:dynamodb:*:*:table/acme-organization-registry"],
      Condition: { ArnNotLike: { "aws:PrincipalArn": ["arn:aws:iam::*:role/BreakGlass"] } },
    });
  });
});

describe("ServiceControlPolicy", () => {
  const synth = (document: PolicyDocument, targets?: Record<string, string>) =>
    synthModule((s) => new ServiceControlPolicy(s, "scp_test", { name: "test", document, targets }));

  test("is a SERVICE_CONTROL_POLICY with one attachment per named target", () => {
    const json = synth(denyLeaveOrganization(), { root: "r-ab12", ou_security: "ou-ab12-cd34ef56" });
    expect(resource(json, "aws_organizations_policy", "scp_test").type).toBe("SERVICE_CONTROL_POLICY");
    const attachments = resourcesOf(json, "aws_organizations_policy_attachment");
    expect(Object.keys(attachments).sort()).toEqual(["scp_test_attach_ou_security", "scp_test_attach_root"]);
    expect(attachments.scp_test_attach_root.target_id).toBe("r-ab12");
  });

  test("the policy content is exactly the typed document", () => {
    const content = resource(synth(denyLeaveOrganization()), "aws_organizations_policy", "scp_test").content;
    expect(JSON.parse(content as string)).toEqual(denyLeaveOrganization());
  });

  test("the merged default guardrails fit in one SCP", () => {
    const merged = mergePolicyDocuments(
      denyLeaveOrganization(),
      protectSecurityServices(),
      protectAccountBaseline({ deployRoleName: "OrganizationAccountAccessRole" }),
      denyIamUsers(),
    );
    expect(policySize(merged)).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
  });

  test("reports a document over 5,120 characters with its construct path", () => {
    const tooBig = allowOnlyGovernedRegions({
      governedRegions: ["us-east-1"],
      globalActions: Array.from({ length: 300 }, (_, i) => `service${i}:Action`),
    });
    expect(policySize(tooBig)).toBeGreaterThan(SCP_MAX_CHARACTERS);
    expect(() => synth(tooBig)).toThrow(
      /\[test\/scp_test\] document: rendered policy is \d+ characters, over the SCP limit of 5120/,
    );
  });

  test("a document of exactly 5,120 characters is accepted", () => {
    const base = denyLeaveOrganization();
    const padding = SCP_MAX_CHARACTERS - policySize(base) + "DenyLeaveOrganization".length;
    const exact = { ...base, Statement: [{ ...base.Statement[0], Sid: "x".repeat(padding) }] };
    expect(policySize(exact)).toBe(SCP_MAX_CHARACTERS);
    expect(() => synth(exact)).not.toThrow();
  });

  test("reports a duplicated statement id", () => {
    const twice = mergePolicyDocuments(denyLeaveOrganization(), denyLeaveOrganization());
    expect(() => synth(twice)).toThrow(/document\.Statement\[1\]\.Sid: "DenyLeaveOrganization" is already used/);
  });
});
