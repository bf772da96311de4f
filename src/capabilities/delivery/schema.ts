import { z } from "zod";
import { COMPUTE_TYPES } from "../../../modules/delivery-pipeline/defaults";
import { GITHUB_REF_NAME, GITHUB_REPOSITORY } from "../../../modules/github-oidc/defaults";
import { days, iamRoleName } from "../../config/primitives";
import type { OrganizationWith } from "../../config/shapes";
import type { EDGE_FRAGMENT } from "../edge/schema";
import type { SERVICES_FRAGMENT } from "../services/schema";

const repository = z.string().regex(GITHUB_REPOSITORY, "must be one exact <owner>/<repo>, no wildcards");
const refName = z.string().regex(GITHUB_REF_NAME, "must be a branch or environment name without wildcards");

/** One IAM statement of a deploy role; `*` and `<service>:*` actions are refused. */
const StatementSchema = z.strictObject({
  actions: z
    .array(z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, "must be an IAM action such as ecs:UpdateService"))
    .min(1),
  resources: z.array(z.string().min(1)).min(1),
});

/** A role GitHub Actions assumes through OIDC from exact branches or environments of one repository. */
const GithubRoleSchema = z.strictObject({
  /** @default "<org>-<account>-<region>-<key>" */
  roleName: iamRoleName.optional(),
  repository,
  /** Branches whose workflows may assume the role (`repo:<r>:ref:refs/heads/<b>`). @default [] */
  branches: z.array(refName).default([]),
  /** Deployment environments whose jobs may assume it (`repo:<r>:environment:<e>`). @default [] */
  environments: z.array(refName).default([]),
  /** Sites of this stack (`edge.sites`) the role deploys: upload to the bucket, invalidate the distribution. @default [] */
  sites: z.array(z.string()).default([]),
  /** Further permissions. @default [] */
  statements: z.array(StatementSchema).default([]),
  /** @default 1 */
  maxSessionHours: z.number().int().min(1).max(12).default(1),
}); // prettier-ignore

/** CodePipeline + CodeBuild: source through a CodeStar connection, build, deploy to an ECS service. */
const PipelineSchema = z.strictObject({
  /** A CodeConnections (CodeStar) connection of this region, authorized in the console first. */
  connectionArn: z.string(),
  repository,
  /** @default "main" */
  branch: refName.default("main"),
  build: z
    .strictObject({
      /** @default "BUILD_GENERAL1_SMALL" */
      computeType: z.enum(COMPUTE_TYPES).optional(),
      /** @default "buildspec.yml" */
      buildspecPath: z.string().min(1).optional(),
      /** ECR repositories of this account-region (by name) the build pushes images to. @default [] */
      pushesTo: z.array(z.string().regex(/^[a-z0-9]+([._/-][a-z0-9]+)*$/, "must be an ECR repository name")).default([]),
      /** Plain variables (no secrets). @default {} */
      environment: z.record(z.string(), z.string()).default({}),
      /** @default 30 */
      timeoutMinutes: z.number().int().min(5).max(480).optional(),
    })
    .default({ pushesTo: [], environment: {} }),
  /**
   * The ECS service the pipeline deploys (`imagedefinitions.json`): a service of this account-region
   * (`services.<key>`), whose cluster, name and task and execution roles the services capability provides.
   * @default - no deploy stage: source and build only (images pushed to ECR, deployed by GitOps, e.g. the
   * cluster's ArgoCD add-on)
   */
  deploy: z.strictObject({ service: z.string().min(1) }).optional(),
  /** @default 90 */
  logRetentionDays: days.optional(),
  /** @default 30 */
  artifactRetentionDays: days.optional(),
  /** Protect the artifacts bucket and key; only a dev account may turn it off. @default true */
  deletionProtection: z.boolean().default(true),
}); // prettier-ignore

export const DeliverySchema = z.strictObject({
  /** GitHub Actions deploy roles by key; the account's OIDC provider is in its home-region stack. @default {} */
  githubRoles: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, "must be a short snake_case key"), GithubRoleSchema).default({}),
  /** Pipelines by key. @default {} */
  pipelines: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, "must be a short kebab-case key"), PipelineSchema).default({}),
}); // prettier-ignore

/** The delivery capability's key on an account-region. */
export const DELIVERY_FRAGMENT = {
  /** GitHub OIDC deploy roles and CodePipeline deliveries to ECS. @default - none */
  delivery: DeliverySchema.optional(),
};

/** An organization as the delivery capability sees it: deploy roles reach the edge's sites, pipelines the services. */
export type DeliveryOrganization = OrganizationWith<
  typeof EDGE_FRAGMENT & typeof SERVICES_FRAGMENT & typeof DELIVERY_FRAGMENT
>;
