import { DeliveryPipeline, type DeliveryPipelineProps } from "../../modules/delivery-pipeline";
import { policyOf, resource, synthModule, type StackJson } from "../helpers/synth";

const CONNECTION = "arn:aws:codeconnections:us-east-1:123456789012:connection/11111111-2222-3333-4444-555555555555";
const REPO = "arn:aws:ecr:us-east-1:123456789012:repository/user-management-backend";
const TASK_ROLE = "arn:aws:iam::123456789012:role/usermgmt-backend-task";
const EXEC_ROLE = "arn:aws:iam::123456789012:role/usermgmt-backend-execution";
/** 004: GitHub → CodeBuild (docker build, push to ECR) → ECS. */
const base: DeliveryPipelineProps = {
  name: "usermgmt-prod-backend",
  accountId: "123456789012",
  region: "us-east-1",
  connectionArn: CONNECTION,
  repository: "example-org/user-management",
  branch: "main",
  build: { buildsImages: true, ecrRepositoryArns: [REPO] },
  deploy: { clusterName: "usermgmt-prod", serviceName: "backend", passRoleArns: [TASK_ROLE, EXEC_ROLE] },
  artifactsBucketName: "usermgmt-prod-backend-artifacts",
};
const synth = (props: Partial<DeliveryPipelineProps> = {}): StackJson =>
  synthModule((s) => new DeliveryPipeline(s, "delivery", { ...base, ...props }));
type Stage = { name: string; action: Record<string, unknown>[] };

describe("DeliveryPipeline", () => {
  const json = synth();
  const pipeline = resource(json, "aws_codepipeline", "delivery");
  const stages = pipeline.stage as Stage[];
  const project = resource(json, "aws_codebuild_project", "delivery_build");
  const statementsOf = (name: string) => policyOf(resource(json, "aws_iam_role_policy", name)).Statement;

  test("is a V2 pipeline whose artifact store is encrypted with its CMK", () => {
    expect(pipeline).toMatchObject({ pipeline_type: "V2", role_arn: "${aws_iam_role.delivery_pipeline_role.arn}" });
    expect(pipeline.artifact_store).toEqual([
      {
        location: "${aws_s3_bucket.delivery_artifacts.bucket}",
        type: "S3",
        encryption_key: { id: "${aws_kms_key.delivery_key.arn}", type: "KMS" },
      },
    ]);
    expect(
      resource(json, "aws_s3_bucket_server_side_encryption_configuration", "delivery_artifacts_encryption").rule,
    ).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: "aws:kms",
          kms_master_key_id: "${aws_kms_key.delivery_key.arn}",
        },
        bucket_key_enabled: true,
      },
    ]);
  });

  test("sources from the connection, builds with the project, deploys to the ECS service", () => {
    expect(stages.map((s) => s.name)).toEqual(["Source", "Build", "Deploy"]);
    expect(stages[0]!.action[0]).toMatchObject({
      provider: "CodeStarSourceConnection",
      configuration: { ConnectionArn: CONNECTION, FullRepositoryId: "example-org/user-management", BranchName: "main" },
    });
    expect(stages[1]!.action[0]).toMatchObject({
      provider: "CodeBuild",
      configuration: { ProjectName: "${aws_codebuild_project.delivery_build.name}" },
    });
    expect(stages[2]!.action[0]).toMatchObject({
      provider: "ECS",
      configuration: { ClusterName: "usermgmt-prod", ServiceName: "backend", FileName: "imagedefinitions.json" },
    });
  });

  test("builds in privileged mode only when building images, logging to the KMS-encrypted group", () => {
    expect(project).toMatchObject({
      encryption_key: "${aws_kms_key.delivery_key.arn}",
      source: { type: "CODEPIPELINE", buildspec: "buildspec.yml" },
      environment: {
        type: "LINUX_CONTAINER",
        image: "aws/codebuild/amazonlinux2-x86_64-standard:5.0",
        compute_type: "BUILD_GENERAL1_SMALL",
        privileged_mode: true,
      },
      logs_config: {
        cloudwatch_logs: { group_name: "${aws_cloudwatch_log_group.delivery_logs.name}", status: "ENABLED" },
        s3_logs: { status: "DISABLED" },
      },
    });
    expect(project).not.toHaveProperty("vpc_config");
    expect(resource(json, "aws_cloudwatch_log_group", "delivery_logs")).toMatchObject({
      name: "/aws/codebuild/usermgmt-prod-backend",
      kms_key_id: "${aws_kms_key.delivery_key.arn}",
      retention_in_days: 90,
    });
    const plain = synth({ build: { buildspecPath: "ci/test.yml" } });
    expect(
      (resource(plain, "aws_codebuild_project", "delivery_build").environment as { privileged_mode: boolean })
        .privileged_mode,
    ).toBe(false);
    expect(
      policyOf(resource(plain, "aws_iam_role_policy", "delivery_build_policy")).Statement.map((s) => s.Sid),
    ).not.toContain("EcrPush");
  });

  test("lets CloudWatch Logs use the key for this log group only", () => {
    const logs = policyOf(resource(json, "aws_kms_key", "delivery_key")).Statement.find(
      (s) => s.Sid === "CloudWatchLogsEncryptsTheseLogGroups",
    );
    expect(logs?.Condition).toEqual({
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn":
          "arn:aws:logs:us-east-1:123456789012:log-group:/aws/codebuild/usermgmt-prod-backend",
      },
    });
  });

  test("the build role writes its logs, artifacts and the named repositories only", () => {
    const statements = statementsOf("delivery_build_policy");
    expect(statements.map((s) => s.Sid)).toEqual([
      "BuildLogs",
      "Artifacts",
      "ArtifactsBucket",
      "ArtifactsKey",
      "EcrLogin",
      "EcrPush",
    ]);
    expect(statements.find((s) => s.Sid === "EcrPush")?.Resource).toEqual([REPO]);
    expect(statements.find((s) => s.Sid === "BuildLogs")?.Resource).toBe(
      "${aws_cloudwatch_log_group.delivery_logs.arn}:*",
    );
    expect(
      policyOf(resource(json, "aws_iam_role", "delivery_build_role"), "assume_role_policy").Statement[0],
    ).toMatchObject({
      Principal: { Service: "codebuild.amazonaws.com" },
      Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
  });

  test("the pipeline role uses the connection, runs the project, updates the service and passes only its roles to ECS tasks", () => {
    const statements = statementsOf("delivery_pipeline_policy");
    expect(statements.find((s) => s.Sid === "UseTheConnection")).toMatchObject({ Resource: CONNECTION });
    expect(statements.find((s) => s.Sid === "RunTheBuild")?.Resource).toBe(
      "${aws_codebuild_project.delivery_build.arn}",
    );
    expect(statements.find((s) => s.Sid === "UpdateTheService")?.Resource).toBe(
      "arn:aws:ecs:us-east-1:123456789012:service/usermgmt-prod/backend",
    );
    expect(statements.find((s) => s.Sid === "PassTheServiceRoles")).toEqual({
      Sid: "PassTheServiceRoles",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: [TASK_ROLE, EXEC_ROLE],
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    });
    const wildcard = statements.filter((s) => s.Resource === "*").flatMap((s) => s.Action);
    expect(wildcard).toEqual([
      "ecs:DescribeTaskDefinition",
      "ecs:RegisterTaskDefinition",
      "ecs:DescribeTasks",
      "ecs:ListTasks",
    ]);
  });

  test("runs in a VPC when asked, creating interfaces only in its subnets", () => {
    const inVpc = synth({ build: { vpc: { vpcId: "vpc-0123", subnetIds: ["subnet-a"], securityGroupIds: ["sg-1"] } } });
    expect(resource(inVpc, "aws_codebuild_project", "delivery_build").vpc_config).toEqual({
      vpc_id: "vpc-0123",
      subnets: ["subnet-a"],
      security_group_ids: ["sg-1"],
    });
    const permission = policyOf(resource(inVpc, "aws_iam_role_policy", "delivery_build_policy")).Statement.find(
      (s) => s.Sid === "BuildInTheseSubnets",
    );
    expect(permission?.Condition).toEqual({
      ArnEquals: { "ec2:Subnet": ["arn:aws:ec2:us-east-1:123456789012:subnet/subnet-a"] },
      StringEquals: { "ec2:AuthorizedService": "codebuild.amazonaws.com" },
    });
  });

  test("keeps the artifacts bucket and key from destroy", () => {
    expect(resource(json, "aws_s3_bucket", "delivery_artifacts").lifecycle).toEqual({ prevent_destroy: true });
    expect(resource(json, "aws_kms_key", "delivery_key").lifecycle).toEqual({ prevent_destroy: true });
  });

  describe("validation", () => {
    test("refuses a connection of another region, or not a connection", () => {
      expect(() => synth({ connectionArn: CONNECTION.replace("us-east-1", "ca-central-1") })).toThrow(
        /connectionArn: the connection is in ca-central-1; a pipeline uses a connection of its own region us-east-1/,
      );
      expect(() => synth({ connectionArn: "arn:aws:iam::123456789012:role/x" })).toThrow(
        /connectionArn: ".*" is not a CodeConnections/,
      );
    });

    test("refuses push rights without image builds, secrets in plain variables, and no roles to pass", () => {
      expect(() =>
        synth({
          build: { ecrRepositoryArns: [REPO], environment: { DB_PASSWORD: "x" } },
          deploy: { clusterName: "c", serviceName: "s", passRoleArns: [] },
          repository: "user-management",
        }),
      ).toThrow(
        /repository: "user-management" is not <owner>\/<repository>[\s\S]*build.ecrRepositoryArns: push rights are for a build that builds images[\s\S]*build.environment.DB_PASSWORD: plain environment variables are visible[\s\S]*deploy.passRoleArns: name the service's task and execution roles/,
      );
    });
  });
});
