import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { QuicksightDataSource } from "@cdktf/provider-aws/lib/quicksight-data-source";
import { QuicksightVpcConnection } from "@cdktf/provider-aws/lib/quicksight-vpc-connection";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, policyJson } from "../iam/policy";
import type { SecurityGroupRef } from "../vpc";
import { DATA_SOURCE_ACTIONS, QUICKSIGHT_PRINCIPAL, VPC_CONNECTION_ID, type DataSourceRole } from "./defaults";

export { DATA_SOURCE_ACTIONS, type DataSourceRole } from "./defaults";

/** The PostgreSQL database QuickSight reads, in this region's VPC. */
export interface QuickSightPostgresRef {
  /** Host name of the instance (`database.address`). */
  readonly host: string;
  /** @default 5432 */
  readonly port?: number;
  readonly database: string;
  /**
   * Secrets Manager secret with `username` and `password` of a read-only reporting user. QuickSight
   * reads it through its own Secrets Manager role (see the README), not through this module.
   */
  readonly secretArn: string;
  /** The database's security group: the only place the network interfaces may reach. */
  readonly securityGroupId: string;
}

export interface QuickSightSourceProps {
  /** VPC connection id and prefix of the names, e.g. `acme-prod-us-east-1-analytics` (64 characters at most). */
  readonly name: string;
  /** Region of the stack's provider: QuickSight creates the VPC connection and data source here. */
  readonly region: string;
  readonly accountId: string;
  /** The VPC and at least two subnets in different AZs where QuickSight places its network interfaces. */
  readonly network: { readonly vpcId: string; readonly subnetIds: readonly string[] };
  readonly postgres: QuickSightPostgresRef;
  /**
   * QuickSight users or groups (`arn:aws:quicksight:<region>:<account>:group/default/<name>`) and
   * what they may do with the data source.
   * @default {} - only QuickSight administrators see it
   */
  readonly permissions?: Readonly<Record<string, DataSourceRole>>;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * A QuickSight VPC connection (its own security group and a role QuickSight assumes to manage the
 * network interfaces) and a PostgreSQL data source over it, with credentials from Secrets Manager
 * and TLS. Requires a QuickSight account subscription, which this module does not create.
 */
export class QuickSightSource extends Construct {
  readonly vpcConnectionArn: string;
  readonly dataSourceArn: string;
  readonly dataSourceId: string;
  /** QuickSight's network interfaces: admit it to the database (`vpc.allowDatabaseFrom(source.securityGroup, 5432)`). */
  readonly securityGroup: SecurityGroupRef;
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: QuickSightSourceProps) {
    super(scope, id);
    const tags = props.tags ?? {};
    const tagged = (name: string) => ({ ...tags, Name: name });
    const port = props.postgres.port ?? 5432;

    const issues = quickSightIssues(props, port);
    this.node.addValidation({ validate: () => issues });

    const group = new SecurityGroup(this, "sg", {
      name: `${props.name}-quicksight`,
      description: `QuickSight ${props.name}: PostgreSQL on its group only, and its answers back`,
      vpcId: props.network.vpcId,
      revokeRulesOnDelete: true,
      tags: tagged(`${props.name}-quicksight`),
    });
    this.securityGroup = { securityGroupId: group.id, key: id };
    new VpcSecurityGroupEgressRule(this, `sg_out_${port}_to_postgres`, {
      securityGroupId: group.id,
      description: `tcp ${port} to the PostgreSQL database`,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: props.postgres.securityGroupId,
    });
    // QuickSight asks for all TCP from the destination's group: the answers come back on ephemeral ports.
    new VpcSecurityGroupIngressRule(this, "sg_in_from_postgres", {
      securityGroupId: group.id,
      description: "Return traffic from the PostgreSQL database (QuickSight's documented rule)",
      ipProtocol: "tcp",
      fromPort: 0,
      toPort: 65535,
      referencedSecurityGroupId: props.postgres.securityGroupId,
    });

    const role = new IamRole(this, "role", {
      name: `${props.name}-quicksight-vpc`,
      description: `QuickSight manages the network interfaces of VPC connection ${props.name}`,
      assumeRolePolicy: policyJson(
        policyDocument({
          Effect: "Allow",
          Principal: { Service: "quicksight.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
        }),
      ),
      tags: tagged(`${props.name}-quicksight-vpc`),
    });
    const ec2 = (resource: string) => `arn:aws:ec2:${props.region}:${props.accountId}:${resource}`;
    const policy = new IamRolePolicy(this, "role_policy", {
      role: role.id,
      name: "quicksight-vpc-connection",
      policy: policyJson(
        policyDocument(
          {
            // Describe calls take no resource.
            Sid: "DescribeTheNetwork",
            Effect: "Allow",
            Action: ["ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"],
            Resource: "*",
          },
          {
            Sid: "CreateInterfacesInTheseSubnets",
            Effect: "Allow",
            Action: "ec2:CreateNetworkInterface",
            Resource: [
              ec2("network-interface/*"),
              ...props.network.subnetIds.map((subnet) => ec2(`subnet/${subnet}`)),
              ec2(`security-group/${group.id}`),
            ],
          },
          {
            Sid: "ManageTheInterfaces",
            Effect: "Allow",
            Action: ["ec2:ModifyNetworkInterfaceAttribute", "ec2:DeleteNetworkInterface"],
            Resource: [ec2("network-interface/*"), ec2(`security-group/${group.id}`)],
          },
        ),
      ),
    });
    this.roleArn = role.arn;

    const connection = new QuicksightVpcConnection(this, "vpc_connection", {
      vpcConnectionId: props.name,
      name: `${props.name} (PostgreSQL analytics)`,
      awsAccountId: props.accountId,
      roleArn: role.arn,
      subnetIds: [...props.network.subnetIds],
      securityGroupIds: [group.id],
      tags: tagged(props.name),
      // QuickSight checks the role's permissions when it creates the connection.
      dependsOn: [policy],
    });
    this.vpcConnectionArn = connection.arn;

    const dataSourceId = `${props.name}-postgres`;
    const dataSource = new QuicksightDataSource(this, "resource", {
      dataSourceId,
      name: `${props.name} analytics PostgreSQL`,
      awsAccountId: props.accountId,
      type: "POSTGRESQL",
      parameters: { postgresql: { host: props.postgres.host, port, database: props.postgres.database } },
      credentials: { secretArn: props.postgres.secretArn },
      vpcConnectionProperties: { vpcConnectionArn: connection.arn },
      sslProperties: { disableSsl: false },
      permission: Object.entries(props.permissions ?? {}).map(([principal, role]) => ({
        principal,
        actions: [...DATA_SOURCE_ACTIONS[role]],
      })),
      tags: tagged(dataSourceId),
    });
    this.dataSourceArn = dataSource.arn;
    this.dataSourceId = dataSourceId;
  }
}

/** Every problem with the props, named by prop path. */
function quickSightIssues(props: QuickSightSourceProps, port: number): string[] {
  const issues: string[] = [];
  if (!VPC_CONNECTION_ID.test(props.name) || `${props.name}-quicksight-vpc`.length > 64) {
    issues.push(
      `name: "${props.name}" must be letters, digits, hyphens and underscores, short enough for the role "${props.name}-quicksight-vpc" (64 characters)`,
    );
  }
  if (!Token.isUnresolved(props.network.subnetIds) && props.network.subnetIds.length < 2) {
    issues.push("network.subnetIds: a QuickSight VPC connection needs subnets in at least two AZs");
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) issues.push(`postgres.port: ${port} is not a TCP port`);
  for (const principal of Object.keys(props.permissions ?? {})) {
    if (!QUICKSIGHT_PRINCIPAL.test(principal)) {
      issues.push(
        `permissions.${principal}: not a QuickSight user or group ARN (arn:aws:quicksight:<region>:<account>:group/<namespace>/<name>)`,
      );
    }
  }
  return issues;
}
