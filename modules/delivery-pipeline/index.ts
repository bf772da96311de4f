import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CodebuildProject } from "@cdktf/provider-aws/lib/codebuild-project";
import { Codepipeline, type CodepipelineStage } from "@cdktf/provider-aws/lib/codepipeline";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { policyDocument, policyJson, type PolicyStatement } from "../iam/policy";
import { cloudWatchLogsStatement, KmsKeyWithAlias } from "../kms-key";
import { expiringLogRules } from "../log-archive/lifecycle";
import { SecureBucket } from "../secure-bucket";
import { COMPUTE_TYPES, CONNECTION_ARN, DEFAULTS, type ComputeType } from "./defaults";

export { COMPUTE_TYPES, DEFAULTS, type ComputeType } from "./defaults";

export interface BuildSpec {
  /** @default "aws/codebuild/amazonlinux2-x86_64-standard:5.0" */
  readonly image?: string;
  /** @default "BUILD_GENERAL1_SMALL" (cost grows with size) */
  readonly computeType?: ComputeType;
  /** Path of the buildspec in the repository. @default "buildspec.yml" */
  readonly buildspecPath?: string;
  /**
   * The build runs `docker build`: privileged mode (root-equivalent in the build container) is on only
   * then, with push rights to `ecrRepositoryArns`.
   * @default false
   */
  readonly buildsImages?: boolean;
  /** Repositories the build pushes to (ARNs). @default [] */
  readonly ecrRepositoryArns?: readonly string[];
  /** Plain environment variables (no secrets: use Parameter Store or Secrets Manager names). @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /** Run inside a VPC (private subnets with a NAT route or endpoints). @default - CodeBuild's network */
  readonly vpc?: {
    readonly vpcId: string;
    readonly subnetIds: readonly string[];
    readonly securityGroupIds: readonly string[];
  };
  /** @default 30 */
  readonly timeoutMinutes?: number;
}

export interface DeployToEcsSpec {
  readonly clusterName: string;
  readonly serviceName: string;
  /** The build's output naming the new image. @default "imagedefinitions.json" */
  readonly imageDefinitionsFile?: string;
  /** Task and execution roles of the service, which the deploy passes to ECS. */
  readonly passRoleArns: readonly string[];
}

export interface DeliveryPipelineProps {
  /** Pipeline, project and key name, e.g. `usermgmt-prod-backend`. */
  readonly name: string;
  readonly accountId: string;
  /** Region of the stack's provider (the connection must be of this region). */
  readonly region: string;
  /** CodeConnections / CodeStar connection ARN (created and authorized in the console beforehand). */
  readonly connectionArn: string;
  /** `<owner>/<repo>` on the connection's provider. */
  readonly repository: string;
  readonly branch: string;
  readonly build: BuildSpec;
  /**
   * The ECS service the build's image goes to.
   * @default - no deploy stage: source and build only, the images deployed by another tool (GitOps on EKS)
   */
  readonly deploy?: DeployToEcsSpec;
  /** Globally unique artifacts bucket name. */
  readonly artifactsBucketName: string;
  /** @default 90 */
  readonly logRetentionDays?: number;
  /** Days artifacts are kept. @default 30 */
  readonly artifactRetentionDays?: number;
  /** Protect the bucket and the key from `terraform destroy`. @default true */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * CodePipeline V2 + CodeBuild: source through a CodeConnections connection, a build project logging to a
 * KMS-encrypted log group, and a deploy to ECS; artifacts in a bucket encrypted with the pipeline's CMK,
 * and a least-privilege service role for each.
 */
export class DeliveryPipeline extends Construct {
  readonly pipelineArn: string;
  readonly projectArn: string;
  readonly kmsKeyArn: string;
  readonly artifactsBucketName: string;

  constructor(scope: Construct, id: string, props: DeliveryPipelineProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => pipelineIssues(props) });
    const protect = props.deletionProtection ?? true;
    const logGroupName = `/aws/codebuild/${props.name}`;
    const logGroupArn = `arn:aws:logs:${props.region}:${props.accountId}:log-group:${logGroupName}`;
    const key = new KmsKeyWithAlias(this, "key", {
      alias: `${props.name}-pipeline`,
      description: `Artifacts and build logs of the pipeline ${props.name}`,
      accountId: props.accountId,
      policyStatements: [cloudWatchLogsStatement(props.region, logGroupArn)],
      deletionProtection: protect,
    });
    this.kmsKeyArn = key.keyArn;
    const bucket = new SecureBucket(this, "artifacts", {
      bucketName: props.artifactsBucketName,
      kmsKeyArn: key.keyArn,
      lifecycleRules: expiringLogRules(
        "expire-artifacts",
        props.artifactRetentionDays ?? DEFAULTS.artifactRetentionDays,
      ),
      deletionProtection: protect,
    });
    this.artifactsBucketName = bucket.bucketName;
    const logs = new CloudwatchLogGroup(this, "logs", {
      name: logGroupName,
      kmsKeyId: key.keyArn,
      retentionInDays: props.logRetentionDays ?? DEFAULTS.logRetentionDays,
      tags: props.tags,
    });

    const artifactStatements: PolicyStatement[] = [
      {
        Sid: "Artifacts",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
        Resource: `${bucket.bucketArn}/*`,
      },
      {
        Sid: "ArtifactsBucket",
        Effect: "Allow",
        Action: ["s3:GetBucketVersioning", "s3:GetBucketLocation"],
        Resource: bucket.bucketArn,
      },
      {
        Sid: "ArtifactsKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
        Resource: key.keyArn,
      },
    ];
    const project = this.buildProject(props, logs, artifactStatements, key.keyArn);
    this.projectArn = project.arn;
    this.pipelineArn = this.pipeline(props, bucket.bucketName, key.keyArn, project, artifactStatements).arn;
  }

  private serviceRole(
    key: string,
    service: string,
    accountId: string,
    statements: PolicyStatement[],
    tags?: Record<string, string>,
  ): IamRole {
    const role = new IamRole(this, `${key}_role`, {
      assumeRolePolicy: policyJson(
        policyDocument({
          Sid: "ServiceOfThisAccount",
          Effect: "Allow",
          Principal: { Service: service },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        }),
      ),
      tags,
    });
    new IamRolePolicy(this, `${key}_policy`, {
      role: role.name,
      name: key,
      policy: policyJson(policyDocument(...statements)),
    });
    return role;
  }

  private buildProject(
    props: DeliveryPipelineProps,
    logs: CloudwatchLogGroup,
    artifacts: PolicyStatement[],
    keyArn: string,
  ): CodebuildProject {
    const build = props.build;
    const images = build.buildsImages ?? false;
    const repositories = build.ecrRepositoryArns ?? [];
    const vpc = build.vpc;
    const statements: PolicyStatement[] = [
      {
        Sid: "BuildLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${logs.arn}:*`,
      },
      ...artifacts,
      ...(repositories.length === 0
        ? []
        : [
            { Sid: "EcrLogin", Effect: "Allow" as const, Action: "ecr:GetAuthorizationToken", Resource: "*" },
            {
              Sid: "EcrPush",
              Effect: "Allow" as const,
              Action: [
                "ecr:BatchCheckLayerAvailability",
                "ecr:InitiateLayerUpload",
                "ecr:UploadLayerPart",
                "ecr:CompleteLayerUpload",
                "ecr:PutImage",
                "ecr:BatchGetImage",
                "ecr:GetDownloadUrlForLayer",
              ],
              Resource: [...repositories],
            },
          ]),
      ...(vpc === undefined ? [] : vpcStatements(props, vpc.subnetIds)),
    ];
    const role = this.serviceRole("build", "codebuild.amazonaws.com", props.accountId, statements, props.tags);
    return new CodebuildProject(this, "build", {
      name: props.name,
      serviceRole: role.arn,
      encryptionKey: keyArn,
      buildTimeout: build.timeoutMinutes ?? DEFAULTS.buildTimeoutMinutes,
      source: { type: "CODEPIPELINE", buildspec: build.buildspecPath ?? DEFAULTS.buildspec },
      artifacts: { type: "CODEPIPELINE" },
      environment: {
        type: "LINUX_CONTAINER",
        image: build.image ?? DEFAULTS.image,
        computeType: build.computeType ?? DEFAULTS.computeType,
        imagePullCredentialsType: "CODEBUILD",
        privilegedMode: images,
        environmentVariable: Object.entries(build.environment ?? {}).map(([name, value]) => ({
          name,
          value,
          type: "PLAINTEXT",
        })),
      },
      logsConfig: { cloudwatchLogs: { groupName: logs.name, status: "ENABLED" }, s3Logs: { status: "DISABLED" } },
      vpcConfig:
        vpc === undefined
          ? undefined
          : { vpcId: vpc.vpcId, subnets: [...vpc.subnetIds], securityGroupIds: [...vpc.securityGroupIds] },
      tags: { ...props.tags, Name: props.name },
    });
  }

  private pipeline(
    props: DeliveryPipelineProps,
    bucketName: string,
    keyArn: string,
    project: CodebuildProject,
    artifacts: PolicyStatement[],
  ): Codepipeline {
    const deploy = props.deploy;
    const statements: PolicyStatement[] = [
      // Both prefixes: connections created before the rename carry codestar-connections, newer ones codeconnections.
      {
        Sid: "UseTheConnection",
        Effect: "Allow",
        Action: ["codestar-connections:UseConnection", "codeconnections:UseConnection"],
        Resource: props.connectionArn,
      },
      ...artifacts,
      {
        Sid: "RunTheBuild",
        Effect: "Allow",
        Action: ["codebuild:StartBuild", "codebuild:BatchGetBuilds"],
        Resource: project.arn,
      },
      ...(deploy === undefined ? [] : deployStatements(props, deploy)),
    ];
    const role = this.serviceRole("pipeline", "codepipeline.amazonaws.com", props.accountId, statements, props.tags);
    return new Codepipeline(this, "resource", {
      name: props.name,
      pipelineType: "V2",
      executionMode: "QUEUED",
      roleArn: role.arn,
      artifactStore: [{ location: bucketName, type: "S3", encryptionKey: { id: keyArn, type: "KMS" } }],
      stage: [
        sourceStage(props),
        {
          name: "Build",
          action: [
            {
              name: "Build",
              category: "Build",
              owner: "AWS",
              provider: "CodeBuild",
              version: "1",
              inputArtifacts: ["source"],
              outputArtifacts: ["build"],
              configuration: { ProjectName: project.name },
            },
          ],
        },
        ...(deploy === undefined ? [] : [deployStage(deploy)]),
      ],
      tags: { ...props.tags, Name: props.name },
    });
  }
}

/** What the ECS deploy action needs: update this one service, register task definitions, pass its roles. */
function deployStatements(props: DeliveryPipelineProps, deploy: DeployToEcsSpec): PolicyStatement[] {
  const serviceArn = `arn:aws:ecs:${props.region}:${props.accountId}:service/${deploy.clusterName}/${deploy.serviceName}`;
  return [
    {
      Sid: "UpdateTheService",
      Effect: "Allow",
      Action: ["ecs:DescribeServices", "ecs:UpdateService"],
      Resource: serviceArn,
    },
    // These ECS actions take no resource-level permissions.
    // @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html
    {
      Sid: "RegisterTaskDefinitions",
      Effect: "Allow",
      Action: ["ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition", "ecs:DescribeTasks", "ecs:ListTasks"],
      Resource: "*",
    },
    {
      Sid: "TagTaskDefinitions",
      Effect: "Allow",
      Action: "ecs:TagResource",
      Resource: `arn:aws:ecs:${props.region}:${props.accountId}:task-definition/*`,
      Condition: { StringEquals: { "ecs:CreateAction": "RegisterTaskDefinition" } },
    },
    {
      Sid: "PassTheServiceRoles",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: [...deploy.passRoleArns],
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    },
  ];
}

function sourceStage(props: DeliveryPipelineProps): CodepipelineStage {
  return {
    name: "Source",
    action: [
      {
        name: "Source",
        category: "Source",
        owner: "AWS",
        provider: "CodeStarSourceConnection",
        version: "1",
        outputArtifacts: ["source"],
        configuration: {
          ConnectionArn: props.connectionArn,
          FullRepositoryId: props.repository,
          BranchName: props.branch,
          OutputArtifactFormat: "CODE_ZIP",
          DetectChanges: "true",
        },
      },
    ],
  };
}

function deployStage(deploy: DeployToEcsSpec): CodepipelineStage {
  return {
    name: "Deploy",
    action: [
      {
        name: "Deploy",
        category: "Deploy",
        owner: "AWS",
        provider: "ECS",
        version: "1",
        inputArtifacts: ["build"],
        configuration: {
          ClusterName: deploy.clusterName,
          ServiceName: deploy.serviceName,
          FileName: deploy.imageDefinitionsFile ?? DEFAULTS.imageDefinitionsFile,
        },
      },
    ],
  };
}

/**
 * What CodeBuild needs to run in a VPC: manage its network interfaces, limited to the given subnets.
 * @see https://docs.aws.amazon.com/codebuild/latest/userguide/auth-and-access-control-iam-identity-based-access-control.html#customer-managed-policies-example-create-vpc-network-interface
 */
function vpcStatements(props: DeliveryPipelineProps, subnetIds: readonly string[]): PolicyStatement[] {
  return [
    {
      Sid: "BuildInVpc",
      Effect: "Allow",
      Action: [
        "ec2:CreateNetworkInterface",
        "ec2:DescribeDhcpOptions",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DeleteNetworkInterface",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeVpcs",
      ],
      Resource: "*",
    },
    {
      Sid: "BuildInTheseSubnets",
      Effect: "Allow",
      Action: "ec2:CreateNetworkInterfacePermission",
      Resource: `arn:aws:ec2:${props.region}:${props.accountId}:network-interface/*`,
      Condition: {
        ArnEquals: {
          "ec2:Subnet": subnetIds.map((id) => `arn:aws:ec2:${props.region}:${props.accountId}:subnet/${id}`),
        },
        StringEquals: { "ec2:AuthorizedService": "codebuild.amazonaws.com" },
      },
    },
  ];
}

function pipelineIssues(props: DeliveryPipelineProps): string[] {
  const issues: string[] = [];
  const connection = props.connectionArn;
  if (!Token.isUnresolved(connection)) {
    const match = CONNECTION_ARN.exec(connection);
    if (match === null) {
      issues.push(
        `connectionArn: "${connection}" is not a CodeConnections (codestar-connections or codeconnections) connection ARN`,
      );
    } else if (match[2] !== props.region) {
      issues.push(
        `connectionArn: the connection is in ${match[2]}; a pipeline uses a connection of its own region ${props.region}`,
      );
    }
  }
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(props.repository))
    issues.push(`repository: "${props.repository}" is not <owner>/<repository>`);
  if (!/^[A-Za-z0-9._-]{2,100}$/.test(props.name))
    issues.push(`name: "${props.name}" must be 2-100 letters, digits, . _ -`);
  const build = props.build;
  if (build.computeType !== undefined && !(COMPUTE_TYPES as readonly string[]).includes(build.computeType)) {
    issues.push(`build.computeType: "${build.computeType}" is not one of ${COMPUTE_TYPES.join(", ")}`);
  }
  if ((build.ecrRepositoryArns ?? []).length > 0 && build.buildsImages !== true) {
    issues.push("build.ecrRepositoryArns: push rights are for a build that builds images; set buildsImages");
  }
  if (build.vpc !== undefined && build.vpc.subnetIds.length === 0)
    issues.push("build.vpc.subnetIds: name at least one subnet");
  Object.keys(build.environment ?? {}).forEach((name) => {
    if (/SECRET|PASSWORD|TOKEN/i.test(name)) {
      issues.push(
        `build.environment.${name}: plain environment variables are visible in the project; reference a Parameter Store or Secrets Manager name instead`,
      );
    }
  });
  if (props.deploy !== undefined && props.deploy.passRoleArns.length === 0)
    issues.push("deploy.passRoleArns: name the service's task and execution roles");
  return issues;
}
