import { QuickSightSource, type QuickSightSourceProps } from "../../modules/quicksight-source";
import { policyOf, resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:acme-reporting";
const ANALYSTS = "arn:aws:quicksight:us-east-1:123456789012:group/default/analysts";

const base: QuickSightSourceProps = {
  name: "acme-prod-us-east-1-analytics",
  region: "us-east-1",
  accountId: "123456789012",
  network: { vpcId: "vpc-0prod", subnetIds: ["subnet-0db-a", "subnet-0db-b"] },
  postgres: {
    host: "acme-prod-us-east-1-app.abc.us-east-1.rds.amazonaws.com",
    database: "analytics",
    secretArn: SECRET,
    securityGroupId: "sg-0database",
  },
  permissions: { [ANALYSTS]: "user" },
};

const synth = (props: Partial<QuickSightSourceProps> = {}): StackJson =>
  synthModule((s) => new QuickSightSource(s, "quicksight", { ...base, ...props }));

describe("QuickSightSource", () => {
  const json = synth();

  test("creates a VPC connection in the given subnets with its own group and role", () => {
    expect(resource(json, "aws_quicksight_vpc_connection", "quicksight_vpc_connection")).toMatchObject({
      vpc_connection_id: "acme-prod-us-east-1-analytics",
      aws_account_id: "123456789012",
      role_arn: "${aws_iam_role.quicksight_role.arn}",
      subnet_ids: ["subnet-0db-a", "subnet-0db-b"],
      security_group_ids: ["${aws_security_group.quicksight_sg.id}"],
      depends_on: ["aws_iam_role_policy.quicksight_role_policy"],
    });
  });

  test("the PostgreSQL data source goes over that connection, with TLS and the secret's credentials", () => {
    const source = resource(json, "aws_quicksight_data_source", "quicksight");
    expect(source).toMatchObject({
      data_source_id: "acme-prod-us-east-1-analytics-postgres",
      type: "POSTGRESQL",
      parameters: {
        postgresql: {
          host: "acme-prod-us-east-1-app.abc.us-east-1.rds.amazonaws.com",
          port: 5432,
          database: "analytics",
        },
      },
      credentials: { secret_arn: SECRET },
      vpc_connection_properties: {
        vpc_connection_arn: "${aws_quicksight_vpc_connection.quicksight_vpc_connection.arn}",
      },
      ssl_properties: { disable_ssl: false },
    });
    expect(source.credentials).not.toHaveProperty("credential_pair");
  });

  test("grants the given groups use of the data source", () => {
    expect(resource(json, "aws_quicksight_data_source", "quicksight").permission).toEqual([
      {
        principal: ANALYSTS,
        actions: [
          "quicksight:DescribeDataSource",
          "quicksight:DescribeDataSourcePermissions",
          "quicksight:PassDataSource",
        ],
      },
    ]);
  });

  test("its group reaches PostgreSQL only, and admits only the database's answers", () => {
    expect(resourcesOf(json, "aws_vpc_security_group_egress_rule")).toEqual({
      quicksight_sg_out_5432_to_postgres: expect.objectContaining({
        from_port: 5432,
        to_port: 5432,
        referenced_security_group_id: "sg-0database",
      }),
    });
    expect(resourcesOf(json, "aws_vpc_security_group_ingress_rule")).toEqual({
      quicksight_sg_in_from_postgres: expect.objectContaining({
        from_port: 0,
        to_port: 65535,
        referenced_security_group_id: "sg-0database",
      }),
    });
  });

  test("the role QuickSight assumes has the EC2 permissions AWS documents, on this account's resources", () => {
    expect(policyOf(resource(json, "aws_iam_role", "quicksight_role"), "assume_role_policy").Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "quicksight.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      },
    ]);
    const statements = policyOf(resource(json, "aws_iam_role_policy", "quicksight_role_policy")).Statement;
    expect(statements.flatMap((s) => [s.Action].flat()).sort()).toEqual([
      "ec2:CreateNetworkInterface",
      "ec2:DeleteNetworkInterface",
      "ec2:DescribeSecurityGroups",
      "ec2:DescribeSubnets",
      "ec2:ModifyNetworkInterfaceAttribute",
    ]);
    expect(statements.find((s) => s.Sid === "CreateInterfacesInTheseSubnets")?.Resource).toEqual([
      "arn:aws:ec2:us-east-1:123456789012:network-interface/*",
      "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0db-a",
      "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0db-b",
      "arn:aws:ec2:us-east-1:123456789012:security-group/${aws_security_group.quicksight_sg.id}",
    ]);
  });

  test("creates no account subscription: that is a prerequisite", () => {
    expect(resourcesOf(json, "aws_quicksight_account_subscription")).toEqual({});
  });

  test("owners get the management actions too", () => {
    const owners = resource(synth({ permissions: { [ANALYSTS]: "owner" } }), "aws_quicksight_data_source", "quicksight")
      .permission as { actions: string[] }[];
    expect(owners[0].actions).toContain("quicksight:UpdateDataSourcePermissions");
  });
});

describe("QuickSightSource validation", () => {
  test("refuses one subnet, a bad port and principals that are not QuickSight users or groups", () => {
    expect(() =>
      synth({
        network: { vpcId: "vpc-0prod", subnetIds: ["subnet-0db-a"] },
        postgres: { ...base.postgres, port: 70000 },
        permissions: { "arn:aws:iam::123456789012:role/analysts": "user" },
      }),
    ).toThrow(
      /network\.subnetIds: a QuickSight VPC connection needs subnets in at least two AZs[\s\S]*postgres\.port: 70000 is not a TCP port[\s\S]*permissions\.arn:aws:iam::123456789012:role\/analysts: not a QuickSight user or group ARN/,
    );
  });

  test("refuses a name too long for the role", () => {
    expect(() => synth({ name: `acme-${"x".repeat(50)}` })).toThrow(/name: "acme-x+" must be letters/);
  });
});
