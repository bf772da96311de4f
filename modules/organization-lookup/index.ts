import { DataAwsEc2ManagedPrefixList } from "@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list";
import { Construct } from "constructs";
import type { PolicyStatement } from "../iam/policy";
import {
  LambdaCode,
  LambdaFunction,
  repositoryDirectory,
  type LambdaFunctionProps,
  type LambdaFunctionRef,
} from "../lambda-function";
import { ORGANIZATION_LOOKUP_ROUTE, ORGANIZATION_LOOKUP_SOURCE } from "./defaults";

export { ORGANIZATION_LOOKUP_ROUTE, ORGANIZATION_LOOKUP_SOURCE } from "./defaults";

/** The organization registry as this region sees it (modules/dynamodb-global-table). */
export interface OrganizationRegistryRef {
  readonly tableName: string;
  /** The table's ARN in this region (`GlobalTable.tableArnIn(region)`): the local replica. */
  readonly tableArn: string;
  /** The table's CMK in this region (`GlobalTable.kmsKeyArns[region]`). */
  readonly kmsKeyArn: string;
}

/** What a function on the registry pattern (the lookup, the directory's writer) takes of a Lambda function. */
export interface RegistryFunctionProps extends Pick<
  LambdaFunctionProps,
  | "region"
  | "accountId"
  | "memorySizeMb"
  | "timeoutSeconds"
  | "reservedConcurrency"
  | "logRetentionDays"
  | "kmsKeyArn"
  | "deletionProtection"
  | "tags"
> {
  /** e.g. `acme-prod-organization-lookup`. */
  readonly functionName: string;
  /**
   * Run in the application subnets; the function's only egress is then HTTPS to DynamoDB's
   * managed prefix list (the VPC's gateway endpoint). DynamoDB calls KMS itself, so no KMS egress.
   * @default - outside any VPC
   */
  readonly network?: { readonly vpcId: string; readonly subnetIds: string[] };
}

export interface OrganizationLookupProps extends RegistryFunctionProps {
  readonly registry: OrganizationRegistryRef;
}

/**
 * The organization lookup: `functions/organization-lookup` as a Lambda function whose role may
 * GetItem on the registry table of its own region and decrypt with that table's key through
 * DynamoDB, and nothing else; it answers only `{ organizationId, homeRegion }`.
 */
export class OrganizationLookup extends Construct {
  readonly function: LambdaFunction;
  readonly ref: LambdaFunctionRef;
  readonly routeKey = ORGANIZATION_LOOKUP_ROUTE;

  constructor(scope: Construct, id: string, props: OrganizationLookupProps) {
    super(scope, id);
    const issues = replicaIssues("registry", props.registry, props.region, "the lookup reads");
    this.node.addValidation({ validate: () => issues });

    const { registry, network, functionName, ...rest } = props;
    this.function = new LambdaFunction(this, "resource", {
      ...rest,
      functionName,
      description: "Organization id to home region, from the organization registry",
      code: LambdaCode.fromTypeScript(repositoryDirectory(ORGANIZATION_LOOKUP_SOURCE)),
      handler: "handler.handler",
      environment: { REGISTRY_TABLE_NAME: registry.tableName },
      policyStatements: registryReadStatements(props.region, registry),
      network: dynamodbOnlyNetwork(this, props.region, network),
    });
    this.ref = this.function.ref;
  }
}

/**
 * GetItem on the one table (no index, no scan, no write) and decryption with its key only when
 * DynamoDB of this region asks for it.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html
 */
export function registryReadStatements(region: string, registry: OrganizationRegistryRef): PolicyStatement[] {
  return [
    { Sid: "ReadRegistryItem", Effect: "Allow", Action: "dynamodb:GetItem", Resource: registry.tableArn },
    {
      Sid: "DecryptRegistryThroughDynamoDb",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: registry.kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `dynamodb.${region}.amazonaws.com` } },
    },
  ];
}

/**
 * The application subnets with one egress rule, HTTPS to DynamoDB's managed prefix list of the
 * region (the VPC's gateway endpoint); DynamoDB calls KMS itself, so no KMS egress.
 */
export function dynamodbOnlyNetwork(
  scope: Construct,
  region: string,
  network: { readonly vpcId: string; readonly subnetIds: string[] } | undefined,
): LambdaFunctionProps["network"] {
  if (network === undefined) return undefined;
  const dynamodb = new DataAwsEc2ManagedPrefixList(scope, "dynamodb_prefix_list", {
    name: `com.amazonaws.${region}.dynamodb`,
  });
  return {
    ...network,
    egress: {
      dynamodb: { description: "HTTPS to DynamoDB (gateway endpoint)", port: 443, prefixListId: dynamodb.id },
    },
  };
}

/** A replica's table and key ARNs, where literal, are of the function's own region. */
export function replicaIssues(prop: string, replica: OrganizationRegistryRef, region: string, what: string): string[] {
  const issues: string[] = [];
  for (const [field, arn, service] of [
    ["tableArn", replica.tableArn, "dynamodb"],
    ["kmsKeyArn", replica.kmsKeyArn, "kms"],
  ] as const) {
    // A table ARN built from a region and a table name token still starts with its literal parts.
    if (!arn.startsWith("arn:")) continue;
    const [, , arnService, arnRegion] = arn.split(":");
    if (arnService !== service || arnRegion !== region) {
      issues.push(`${prop}.${field}: ${arn} is not a ${service} ARN of ${region}; ${what} its own region's replica`);
    }
  }
  return issues;
}
