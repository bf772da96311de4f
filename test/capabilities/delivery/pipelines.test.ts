/**
 * A pipeline deploys to a service of its account-region by the service's config key
 * (`delivery.pipelines.<p>.deploy.service`): the deploy action and the pipeline role's ECS and
 * PassRole rights take that service's cluster, name and roles from the ECS_SERVICES slot.
 */
import type { OrganizationInput } from "../../../src/config/schema";
import { issuesOfDocument } from "../../helpers/issues";
import { defaultInput, organization, policyOf, resource, synthApp } from "../../helpers/synth";

const PROD = "accounts.prod.regions.us-east-1";
/** The cluster's name as the services built it, through the capacity provider association (modules/ecs-cluster). */
const CLUSTER = "${aws_ecs_cluster_capacity_providers.ecs_capacity_providers.cluster_name}";
const CONNECTION = "arn:aws:codeconnections:us-east-1:555555555555:connection/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f";

function pipelineInput(): OrganizationInput {
  const input = defaultInput();
  const region = input.accounts.prod.regions["us-east-1"];
  region.repositories = { backend: {}, frontend: {} };
  region.services = {
    backend: { image: { repository: "backend", tag: "1.0.0" }, ports: [3000] },
    frontend: { image: { repository: "frontend", tag: "1.0.0" }, ports: [8080] },
  };
  region.delivery = {
    pipelines: {
      backend: {
        connectionArn: CONNECTION,
        repository: "example-org/backend",
        build: { pushesTo: ["backend"] },
        deploy: { service: "backend" },
      },
    },
  };
  return input;
}

describe("a pipeline deploys to the service it names", () => {
  const input = pipelineInput();
  const stack = synthApp(organization(input)).json["prod-us-east-1"];
  const accountId = input.accounts.prod.id;
  const statements = policyOf(resource(stack, "aws_iam_role_policy", "pipeline_backend_pipeline_policy")).Statement;
  const statement = (sid: string) => statements.find((s) => s.Sid === sid);

  test("the deploy action names the service's cluster and service as the services capability built them", () => {
    const stages = resource(stack, "aws_codepipeline", "pipeline_backend").stage as {
      name: string;
      action: { configuration: Record<string, string> }[];
    }[];
    expect(stages.find((s) => s.name === "Deploy")!.action[0].configuration).toMatchObject({
      ClusterName: CLUSTER,
      ServiceName: "${aws_ecs_service.service_backend.name}",
    });
  });

  test("ecs:UpdateService on that service only", () => {
    expect(statement("UpdateTheService")).toMatchObject({ Action: ["ecs:DescribeServices", "ecs:UpdateService"] });
    expect(statement("UpdateTheService")!.Resource).toBe(
      `arn:aws:ecs:us-east-1:${accountId}:service/${CLUSTER}/\${aws_ecs_service.service_backend.name}`,
    );
    expect(JSON.stringify(statements)).not.toContain("service_frontend");
  });

  test("iam:PassRole on the service's task and execution roles only, to ECS tasks", () => {
    expect(statement("PassTheServiceRoles")).toEqual({
      Sid: "PassTheServiceRoles",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: ["${aws_iam_role.service_backend_task_role.arn}", "${aws_iam_role.service_backend_execution_role.arn}"],
      Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
    });
  });
});

describe("a pipeline without a deploy (images for GitOps on EKS)", () => {
  const input = pipelineInput();
  const region = input.accounts.prod.regions["us-east-1"];
  delete region.delivery!.pipelines!.backend.deploy;
  delete region.services;
  const stack = synthApp(organization(input)).json["prod-us-east-1"];

  test("has a source and a build stage, and its role no ECS or PassRole right", () => {
    const stages = resource(stack, "aws_codepipeline", "pipeline_backend").stage as { name: string }[];
    expect(stages.map((s) => s.name)).toEqual(["Source", "Build"]);
    const policy = JSON.stringify(policyOf(resource(stack, "aws_iam_role_policy", "pipeline_backend_pipeline_policy")));
    expect(policy).not.toMatch(/ecs:|iam:PassRole/);
  });

  test("needs no service in its account-region", () => {
    expect(issuesOfDocument(input)).toEqual([]);
  });
});

describe("pipeline checks, at their paths", () => {
  test("the valid pipeline has no issue", () => {
    expect(issuesOfDocument(pipelineInput())).toEqual([]);
  });

  test("a service key the account-region does not have is refused", () => {
    const input = pipelineInput();
    input.accounts.prod.regions["us-east-1"].delivery!.pipelines!.backend.deploy = { service: "api" };
    expect(issuesOfDocument(input)).toEqual([
      {
        path: `${PROD}.delivery.pipelines.backend.deploy.service`,
        message: `"api" is not a service of ${PROD}.services (backend, frontend)`,
      },
    ]);
  });

  test("a pipeline's connection of another region is refused", () => {
    const input = pipelineInput();
    input.accounts.prod.regions["us-east-1"].delivery!.pipelines!.backend.connectionArn = CONNECTION.replace(
      "us-east-1",
      "ca-central-1",
    );
    expect(issuesOfDocument(input).map((i) => i.path)).toEqual([`${PROD}.delivery.pipelines.backend.connectionArn`]);
  });
});
