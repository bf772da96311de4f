import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
import { DataAwsSecretsmanagerSecret } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret";
import { AcmCertificate } from "../../../modules/acm-certificate";
import { Alb } from "../../../modules/alb";
import { EcrRegistrySettings, EcrRepositories } from "../../../modules/ecr-repositories";
import { EcsCluster } from "../../../modules/ecs-cluster";
import { EcsService, type ContainerSecret } from "../../../modules/ecs-service";
import type { DatabaseEngine } from "../../../modules/rds";
import { ServiceAlarms } from "../../../modules/service-alarms";
import type { Vpc } from "../../../modules/vpc";
import { WafWebAcl } from "../../../modules/waf-web-acl";
import { DEFAULTS as WAF_DEFAULTS } from "../../../modules/waf-web-acl/defaults";
import { accountHomeRegion } from "../../config/topology";
import { nameTag, stackId } from "../../naming";
import type { BuildContext, CapabilityBuilder } from "../capability";
import { CACHES } from "../caches/build";
import { DATABASES } from "../databases/build";
import { DOCUMENT_DATABASES } from "../document-databases/build";
import { VPC } from "../network/build";
import { serviceLogSource } from "../central-logs/placement";
import {
  addLogGroups,
  ALARM_TOPIC,
  ECS_SERVICES,
  HOSTED_ZONES,
  LOAD_BALANCERS,
  type EcsServiceRef,
  type LoadBalancerRef,
} from "../slots";
import { accessLogBucketName, ecsClusterName, ecsServiceName, loadBalancerName, repositoryName } from "./names";
import { SERVICE_PROFILES, type LoadBalancerConfig, type ServiceConfig, type ServicesOrganization } from "./schema";

type Context = BuildContext<ServicesOrganization>;

/** The port each engine listens on (modules/rds's defaults). */
const DATABASE_PORTS: Record<DatabaseEngine, number> = { postgres: 5432, mariadb: 3306 };

/**
 * The account-region's application tier: its ECR repositories; load balancers (certificate, web
 * ACL, target groups); the ECS cluster and services registered in those target groups, each
 * admitting its port from the load balancer group only; the alarm topic with the alarms of every
 * service, load balancer and database of the stack. It provides LOAD_BALANCERS, ECS_SERVICES and
 * ALARM_TOPIC.
 */
export const servicesBuilder: CapabilityBuilder<ServicesOrganization> = {
  build(context) {
    const settings = context.target.settings;
    const repositories = buildRepositories(context);
    const vpc = context.get(VPC);
    const services = Object.entries(settings.services ?? {});
    const lbs = Object.entries(settings.loadBalancers ?? {});
    const albs = vpc === undefined ? new Map<string, Alb>() : buildLoadBalancers(context, vpc, lbs);
    const built =
      vpc === undefined || services.length === 0
        ? new Map<string, EcsService>()
        : buildServices(context, vpc, repositories, albs);
    if (settings.alarms !== undefined || services.length > 0 || lbs.length > 0) buildAlarms(context, built, albs);
  },
};

/** ECR repositories of the account-region, and the registry's replication inside the residency zone. */
function buildRepositories(context: Context): EcrRepositories | undefined {
  const { scope, org, target } = context;
  const repositories = Object.entries(target.settings.repositories ?? {});
  if (repositories.length === 0) return undefined;
  const ecr = new EcrRepositories(scope, "ecr", {
    accountId: target.accountId,
    namePrefix: nameTag(org.name, target.stackId),
    repositories: Object.fromEntries(
      repositories.map(([key, repository]) => [
        key,
        {
          name: repositoryName(key, repository),
          keepImages: repository.keepImages,
          untaggedDays: repository.untaggedDays,
        },
      ]),
    ),
    deletionProtection: target.account.environment !== "dev",
  });
  const replicated = repositories.filter(([, repository]) => repository.replicateTo.length > 0);
  if (replicated.length > 0) {
    // The checks hold every destination inside this region's residency zone.
    new EcrRegistrySettings(scope, "ecr_registry", {
      accountId: target.accountId,
      region: target.region,
      replicationRules: replicated.map(([key, repository]) => ({
        destinations: repository.replicateTo.map((region) => ({ region, accountId: target.accountId })),
        repositoryPrefixes: [repositoryName(key, repository)],
      })),
    });
  }
  return ecr;
}

/** Each load balancer with its certificate and web ACL, in the public subnets behind the VPC's load balancer group. */
function buildLoadBalancers(context: Context, vpc: Vpc, lbs: [string, LoadBalancerConfig][]): Map<string, Alb> {
  const { scope, org, target } = context;
  const albs = new Map<string, Alb>();
  const refs = new Map<string, LoadBalancerRef>();
  const services = target.settings.services ?? {};
  for (const [key, lb] of lbs) {
    const id = `alb_${key}`;
    const name = loadBalancerName(org, target, key, lb);
    const protect = lb.deletionProtection ?? target.account.environment !== "dev";
    const certificate = new AcmCertificate(scope, `${id}_certificate`, {
      domainName: lb.certificate.domainName,
      subjectAlternativeNames: lb.certificate.subjectAlternativeNames,
      hostedZoneId: validationZoneId(context, id, lb),
      keyAlgorithm: lb.certificate.keyAlgorithm,
    });
    const waf = new WafWebAcl(scope, `${id}_waf`, {
      name,
      accountId: target.accountId,
      region: target.region,
      scope: "REGIONAL",
      managedRuleGroups: WAF_DEFAULTS.managedRuleGroups.map((group) => ({
        name: group.name,
        overrideAction: lb.waf.countOnly.includes(group.name) ? "count" : "none",
      })),
      rateLimitPer5Minutes: lb.waf.rateLimitPer5Minutes,
      logRetentionDays: lb.waf.logRetentionDays,
      deletionProtection: protect,
    });
    const alb = new Alb(scope, id, {
      name,
      accountId: target.accountId,
      region: target.region,
      vpcId: vpc.vpcId,
      subnetIds: vpc.subnetIds.public,
      securityGroup: vpc.securityGroups.loadBalancer!,
      certificateArn: certificate.certificateArn,
      targetGroups: Object.fromEntries(
        Object.entries(lb.targetGroups).map(([groupKey, group]) => [
          groupKey,
          {
            port: group.port ?? services[group.service!].ports[0],
            healthCheck: group.healthCheck,
            stickinessSeconds: group.stickinessSeconds,
            deregistrationDelaySeconds: group.deregistrationDelaySeconds,
          },
        ]),
      ),
      defaultTargetGroup: lb.defaultTargetGroup,
      rules: lb.rules,
      accessLogs: { bucketName: accessLogBucketName(org, target, key), retentionDays: lb.accessLogRetentionDays },
      webAclArn: waf.webAclArn,
      idleTimeoutSeconds: lb.idleTimeoutSeconds,
      deletionProtection: protect,
    });
    albs.set(key, alb);
    refs.set(key, {
      arn: alb.loadBalancerArn,
      dnsName: alb.dnsName,
      zoneId: alb.zoneId,
      securityGroup: alb.securityGroup,
    });
  }
  if (refs.size > 0) context.provide(LOAD_BALANCERS, refs);
  return albs;
}

/**
 * The zone receiving the validation records: the configured id; else a zone of that domain another
 * capability provides (this stack's or the account's home-region stack's); else the public zone of
 * that name in this account, read at plan (a missing zone fails the plan, not the apply).
 */
function validationZoneId(context: Context, id: string, lb: LoadBalancerConfig): string {
  const { hostedZoneId, hostedZone } = lb.certificate;
  if (hostedZoneId !== undefined) return hostedZoneId;
  const home = stackId(context.target.accountName, accountHomeRegion(context.org, context.target.account));
  const provided = (context.get(HOSTED_ZONES) ?? context.get(HOSTED_ZONES, home))?.get(hostedZone!);
  if (provided !== undefined) return provided.zoneId;
  return new DataAwsRoute53Zone(context.scope, `${id}_zone`, { name: hostedZone!, privateZone: false }).zoneId;
}

/** The cluster, and each service in the application subnets, registered in the target groups that name it. */
function buildServices(
  context: Context,
  vpc: Vpc,
  repositories: EcrRepositories | undefined,
  albs: ReadonlyMap<string, Alb>,
): Map<string, EcsService> {
  const { scope, org, target } = context;
  const cluster = new EcsCluster(scope, "ecs", {
    name: ecsClusterName(org, target),
    accountId: target.accountId,
    region: target.region,
    containerInsights: target.settings.ecsCluster?.containerInsights,
    deletionProtection: target.account.environment !== "dev",
  });
  const profile = SERVICE_PROFILES[target.account.environment];
  const built = new Map<string, EcsService>();
  for (const [key, service] of Object.entries(target.settings.services ?? {})) {
    const id = `service_${key}`;
    const attachments = targetGroupsOf(target.settings.loadBalancers ?? {}, key, service);
    const ecs = new EcsService(scope, id, {
      name: ecsServiceName(org, key),
      accountId: target.accountId,
      region: target.region,
      cluster: cluster.ref,
      network: { vpcId: vpc.vpcId, subnetIds: vpc.subnetIds.application },
      image: {
        repositoryUrl: repositories!.repositoryUrls[service.image.repository],
        repositoryArn: repositories!.repositoryArns[service.image.repository],
        tag: service.image.tag,
      },
      cpu: service.cpu ?? profile.cpu,
      memory: service.memory ?? profile.memory,
      ports: service.ports,
      environment: service.environment,
      secrets: containerSecrets(context, id, service),
      scratchPaths: service.scratchPaths,
      desiredCount: service.autoscaling === undefined ? (service.desiredCount ?? profile.desiredCount) : undefined,
      // Fargate Spot tasks can be stopped with two minutes' notice (ECS developer guide, Fargate capacity providers).
      capacityProviderStrategy: service.spot ? [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] : undefined,
      loadBalancers: attachments.map(({ lb, group, port }) => ({
        targetGroupArn: albs.get(lb)!.targetGroupArns[group],
        containerPort: port,
      })),
      autoscaling:
        service.autoscaling === undefined
          ? undefined
          : {
              ...service.autoscaling,
              stepScaling:
                service.autoscaling.stepScaling === true
                  ? {}
                  : service.autoscaling.stepScaling === false
                    ? undefined
                    : service.autoscaling.stepScaling,
            },
      taskPolicyStatements: service.taskPolicyStatements,
      logRetentionDays: service.logRetentionDays,
      deletionProtection: target.account.environment !== "dev",
    });
    // Every load balancer shares the VPC's group: one rule per port the service is reached on.
    for (const port of new Set(attachments.map((attachment) => attachment.port))) {
      ecs.allowFrom(vpc.securityGroups.loadBalancer!, port);
    }
    for (const engine of service.databases) {
      ecs.allowTo(vpc.securityGroups.database, DATABASE_PORTS[engine]);
      vpc.allowDatabaseFrom(ecs.securityGroup, DATABASE_PORTS[engine]);
    }
    // Each cache and document database has a group of its own that admits the service on its one port.
    const stores = [
      ...service.caches.map((name) => context.get(CACHES)?.get(name)),
      ...service.documentDatabases.map((name) => context.get(DOCUMENT_DATABASES)?.get(name)),
    ];
    for (const store of stores) {
      if (store === undefined) continue;
      ecs.allowTo(store.securityGroup, store.port);
      store.allowFrom(ecs.securityGroup);
    }
    built.set(key, ecs);
    // Central logs subscribes it when `centralLogs.sources.application` is on.
    addLogGroups(context, [{ key: serviceLogSource(key), name: ecs.logGroupName, construct: ecs.logGroup }]);
  }
  context.provide(
    ECS_SERVICES,
    new Map<string, EcsServiceRef>(
      [...built].map(([key, ecs]) => [
        key,
        {
          clusterName: cluster.ref.clusterName,
          clusterArn: cluster.ref.clusterArn,
          serviceName: ecs.serviceName,
          serviceArn: ecs.serviceArn,
          taskRoleArn: ecs.taskRoleArn,
          executionRoleArn: ecs.executionRoleArn,
        },
      ]),
    ),
  );
  return built;
}

/** The target groups (load balancer key, group key, container port) a service's tasks register in. */
function targetGroupsOf(
  lbs: Readonly<Record<string, LoadBalancerConfig>>,
  key: string,
  service: ServiceConfig,
): { lb: string; group: string; port: number }[] {
  return Object.entries(lbs).flatMap(([lb, config]) =>
    Object.entries(config.targetGroups)
      .filter(([, group]) => group.service === key)
      .map(([group, { port }]) => ({ lb, group, port: port ?? service.ports[0] })),
  );
}

/** The container's secrets: a Secrets Manager name is read at plan for its full ARN. */
function containerSecrets(context: Context, id: string, service: ServiceConfig): Record<string, ContainerSecret> {
  return Object.fromEntries(
    Object.entries(service.secrets).map(([name, secret]) => {
      if (!("secretsManager" in secret)) return [name, secret];
      const arn = secret.secretsManager.startsWith("arn:")
        ? secret.secretsManager
        : new DataAwsSecretsmanagerSecret(context.scope, `${id}_secret_${name.toLowerCase()}`, {
            name: secret.secretsManager,
          }).arn;
      return [name, { secretsManagerArn: arn, jsonKey: secret.jsonKey, kmsKeyArn: secret.kmsKeyArn }];
    }),
  );
}

/** The topic and the alarms of the stack's services, load balancers and databases. */
function buildAlarms(context: Context, services: ReadonlyMap<string, EcsService>, albs: ReadonlyMap<string, Alb>) {
  const { scope, org, target } = context;
  const config = target.settings.alarms;
  const alarms = new ServiceAlarms(scope, "alarms", {
    namePrefix: nameTag(org.name, target.stackId),
    accountId: target.accountId,
    region: target.region,
    emailSubscriptions: config?.emails,
    httpsSubscriptions: config?.httpsEndpoints,
    deletionProtection: target.account.environment !== "dev",
  });
  const cluster = ecsClusterName(org, target);
  for (const [key, service] of services) {
    alarms.monitorEcsService(`service_${key}`, {
      clusterName: cluster,
      serviceName: service.serviceName,
      thresholds: config?.ecsService,
    });
  }
  for (const [key, alb] of albs) {
    alarms.monitorLoadBalancer(`alb_${key}`, {
      arnSuffix: alb.ref.arnSuffix,
      targetGroupArnSuffixes: alb.ref.targetGroupArnSuffixes,
      thresholds: config?.loadBalancer,
    });
  }
  for (const [engine, database] of Object.entries(context.get(DATABASES) ?? {})) {
    alarms.monitorDatabase(`db_${engine}`, {
      instanceIdentifier: database.instanceId,
      allocatedStorageGib: database.instance.allocatedStorage,
      thresholds: config?.database,
    });
  }
  context.provide(ALARM_TOPIC, { arn: alarms.topicArn });
}
