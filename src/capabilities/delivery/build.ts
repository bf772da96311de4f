import { DeliveryPipeline } from "../../../modules/delivery-pipeline";
import { GithubOidc } from "../../../modules/github-oidc";
import { GITHUB_OIDC } from "../../../modules/github-oidc/defaults";
import type { PolicyStatement } from "../../../modules/iam/policy";
import { accountHomeRegion } from "../../config/topology";
import { nameTag } from "../../naming";
import type { BuildContext, CapabilityBuilder } from "../capability";
import { SITES, type SiteRef } from "../edge/refs";
import { ECS_SERVICES } from "../slots";
import { githubRoleName } from "./checks";
import type { DeliveryOrganization } from "./schema";

type Context = BuildContext<DeliveryOrganization>;

/**
 * GitHub Actions deploy roles and pipelines of an account-region. IAM holds one OIDC provider per URL
 * per account, so the account's home-region stack creates it (when any of its stacks has a role) and
 * the other stacks' roles trust it by its fixed ARN; each role lives in the stack whose resources it
 * deploys, after the home stack.
 */
export const deliveryBuilder: CapabilityBuilder<DeliveryOrganization> = {
  build(context) {
    const { target, org } = context;
    const isHome = target.region === accountHomeRegion(org, target.account);
    const accountHasRoles = Object.values(target.account.regions).some(
      (region) => Object.keys(region.delivery?.githubRoles ?? {}).length > 0,
    );
    const delivery = target.settings.delivery;
    const roles = delivery?.githubRoles ?? {};
    if ((isHome && accountHasRoles) || Object.keys(roles).length > 0) buildGithubRoles(context, isHome);
    for (const [key, pipeline] of Object.entries(delivery?.pipelines ?? {})) {
      // The checks hold the key to a service of this account-region, which the services capability built.
      const service = pipeline.deploy && context.get(ECS_SERVICES)!.get(pipeline.deploy.service)!;
      const name = nameTag(org.name, target.stackId, key);
      new DeliveryPipeline(context.scope, `pipeline_${key.replace(/-/g, "_")}`, {
        name,
        accountId: target.accountId,
        region: target.region,
        connectionArn: pipeline.connectionArn,
        repository: pipeline.repository,
        branch: pipeline.branch,
        build: {
          computeType: pipeline.build.computeType,
          buildspecPath: pipeline.build.buildspecPath,
          buildsImages: pipeline.build.pushesTo.length > 0,
          ecrRepositoryArns: pipeline.build.pushesTo.map(
            (repository) => `arn:aws:ecr:${target.region}:${target.accountId}:repository/${repository}`,
          ),
          environment: pipeline.build.environment,
          timeoutMinutes: pipeline.build.timeoutMinutes,
        },
        deploy: service && {
          clusterName: service.clusterName,
          serviceName: service.serviceName,
          passRoleArns: [service.taskRoleArn, service.executionRoleArn],
        },
        artifactsBucketName: `${name}-artifacts`,
        logRetentionDays: pipeline.logRetentionDays,
        artifactRetentionDays: pipeline.artifactRetentionDays,
        deletionProtection: pipeline.deletionProtection,
      });
    }
  },
};

function buildGithubRoles(context: Context, isHome: boolean): void {
  const { target, org } = context;
  const sites = context.get(SITES) ?? new Map<string, SiteRef>();
  const roles = target.settings.delivery?.githubRoles ?? {};
  new GithubOidc(context.scope, "github", {
    // IAM names an OIDC provider by its host: arn:aws:iam::<account>:oidc-provider/<host>.
    // @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
    existingProviderArn: isHome ? undefined : `arn:aws:iam::${target.accountId}:oidc-provider/${GITHUB_OIDC.host}`,
    roles: Object.fromEntries(
      Object.entries(roles).map(([key, role]) => [
        key,
        {
          roleName: githubRoleName(org, target, key, role.roleName),
          subjects: [
            ...role.branches.map((branch) => ({ repository: role.repository, branch })),
            ...role.environments.map((environment) => ({ repository: role.repository, environment })),
          ],
          maxSessionHours: role.maxSessionHours,
          policyStatements: [
            ...role.sites.flatMap((site) => {
              const ref = sites.get(site);
              return ref === undefined ? [] : siteDeployStatements(site, ref);
            }),
            ...role.statements.map((s, i): PolicyStatement => ({
              Sid: `Config${i}`,
              Effect: "Allow",
              Action: s.actions,
              Resource: s.resources,
            })),
          ],
        },
      ]),
    ),
  });
}

/**
 * What a site's deploy needs: list, upload and delete in its bucket (`aws s3 sync --delete`), the
 * key's data keys when the bucket is SSE-KMS, and invalidations of its distribution.
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/access-control-managing-permissions.html
 */
function siteDeployStatements(key: string, site: SiteRef): PolicyStatement[] {
  const sid = key.replace(/[^A-Za-z0-9]/g, "");
  return [
    { Sid: `List${sid}`, Effect: "Allow", Action: "s3:ListBucket", Resource: site.bucketArn },
    {
      Sid: `Upload${sid}`,
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:DeleteObject", "s3:GetObject"],
      Resource: `${site.bucketArn}/*`,
    },
    ...(site.kmsKeyArn === undefined
      ? []
      : [
          {
            Sid: `Encrypt${sid}`,
            Effect: "Allow" as const,
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: site.kmsKeyArn,
          },
        ]),
    {
      Sid: `Invalidate${sid}`,
      Effect: "Allow",
      Action: "cloudfront:CreateInvalidation",
      Resource: site.distributionArn,
    },
  ];
}
