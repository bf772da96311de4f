import { z } from "zod";
import { CERTIFICATE_DOMAIN, KEY_ALGORITHMS } from "../../../modules/acm-certificate/defaults";
import { ECR_REPOSITORY_NAME } from "../../../modules/ecr-repositories/defaults";
import { CONTAINER_INSIGHTS } from "../../../modules/ecs-cluster/defaults";
import { ENVIRONMENT_NAME } from "../../../modules/ecs-service/defaults";
import { days, port } from "../../config/primitives";
import type { CoreOrganization, OrganizationWith } from "../../config/shapes";
import type { AccountOf } from "../../config/topology";
import type { CACHES_FRAGMENT } from "../caches/schema";
import type { DATABASES_FRAGMENT } from "../databases/schema";
import type { DOCUMENT_DATABASES_FRAGMENT } from "../document-databases/schema";
import type { NETWORK_FRAGMENT } from "../network/schema";

/** A config key that names a Terraform address part: snake_case. */
const key = z.string().regex(/^[a-z][a-z0-9_]*$/, "must be snake_case (it names Terraform addresses)");

/** An ECR repository of this account-region (`repositories.<key>`). */
const RepositorySchema = z.strictObject({
  /** Repository name. @default - the key, with `_` as `-` */
  name: z.string().regex(ECR_REPOSITORY_NAME, "must be an ECR repository name such as bankapp-backend").optional(),
  /** Images kept, newest first. @default 10 */
  keepImages: z.number().int().min(1).max(1000).optional(),
  /** Days an untagged image is kept. @default 1 */
  untaggedDays: days.optional(),
  /**
   * Regions of this account the registry replicates the repository into; each must be governed and
   * in this region's residency zone. @default [] - no replication
   */
  replicateTo: z.array(z.string()).default([]),
});

/** Where a secret variable comes from; ECS reads it when a task starts. */
const SecretSchema = z.union([
  z.strictObject({
    /** A Secrets Manager secret of this region: its name (looked up at plan) or its full ARN. */
    secretsManager: z.string().min(1),
    /** One key of the secret's JSON value. @default - the whole value */
    jsonKey: z.string().min(1).optional(),
    /** Customer managed key of the secret, which the execution role may then decrypt with. @default - none */
    kmsKeyArn: z.string().startsWith("arn:aws:kms:", "must be a KMS key ARN").optional(),
  }),
  z.strictObject({
    /** An SSM parameter: its name (`/bankapp/prod/jwt-secret`) or ARN. */
    parameter: z.string().min(1),
    /** @default - none (the AWS managed key of SSM) */
    kmsKeyArn: z.string().startsWith("arn:aws:kms:", "must be a KMS key ARN").optional(),
  }),
]);

/** One IAM policy statement of a task role. */
const StatementSchema = z.strictObject({
  Sid: z
    .string()
    .regex(/^[A-Za-z0-9]+$/, "must be letters and digits")
    .optional(),
  Effect: z.enum(["Allow", "Deny"]).default("Allow"),
  Action: z.union([z.string(), z.array(z.string()).min(1)]),
  Resource: z.union([z.string(), z.array(z.string()).min(1)]),
  Condition: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string())]))).optional(),
});

const StepRuleSchema = z.strictObject({
  cpuPercent: z.number().min(1).max(100).optional(),
  minutes: z.number().int().min(1).max(60).optional(),
  tasks: z.number().int().min(1).optional(),
});

const AutoscalingSchema = z.strictObject({
  minTasks: z.number().int().min(1),
  maxTasks: z.number().int().min(1),
  /** @default 70 (003) */
  cpuTargetPercent: z.number().min(1).max(100).optional(),
  /** @default 75 */
  memoryTargetPercent: z.number().min(1).max(100).optional(),
  /**
   * 003's step policies beside target tracking: `true` for its numbers (+1 task at CPU > 70 % for 2
   * minutes, -1 at < 30 % for 5), or the steps to change. @default - none
   */
  stepScaling: z
    .union([z.boolean(), z.strictObject({ scaleOut: StepRuleSchema.optional(), scaleIn: StepRuleSchema.optional() })])
    .optional(),
});

/** One ECS Fargate service (`services.<key>`). */
const ServiceSchema = z.strictObject({
  /** The image: a repository of this account-region (`repositories.<key>`) and the tag of one build. */
  image: z.strictObject({ repository: z.string(), tag: z.string() }),
  /** CPU units (1024 = 1 vCPU). @default - the profile's: 256 (dev), 512 (staging), 1024 (prod) */
  cpu: z.number().int().optional(),
  /** MiB, a Fargate size with `cpu`. @default - the profile's: 512 (dev), 1024 (staging), 2048 (prod) */
  memory: z.number().int().optional(),
  /** Container ports; the first is the service's port (003: 3001). */
  ports: z.array(port).min(1),
  /** Plain environment variables. @default {} */
  environment: z
    .record(z.string().regex(ENVIRONMENT_NAME, "must be an environment variable name"), z.string())
    .default({}),
  /** Variables from Secrets Manager or SSM Parameter Store, by variable name. @default {} */
  secrets: z
    .record(z.string().regex(ENVIRONMENT_NAME, "must be an environment variable name"), SecretSchema)
    .default({}),
  /** The task role's statements: what the application may call. @default [] - no permission */
  taskPolicyStatements: z.array(StatementSchema).default([]),
  /** Tasks without autoscaling. @default - the profile's: 1 (dev), 2 (staging), 3 (prod) */
  desiredCount: z.number().int().min(0).optional(),
  /** Target tracking on CPU and memory between min and max tasks, and 003's step policies. @default - none */
  autoscaling: AutoscalingSchema.optional(),
  /** Run on Fargate Spot (003's dev and staging): cheaper, stopped with two minutes' notice. @default false */
  spot: z.boolean().default(false),
  /** Writable paths of the read-only container (`/tmp`). @default [] */
  scratchPaths: z.array(z.string().startsWith("/", "must be an absolute path")).default([]),
  /** Databases of this account-region the service reaches (`databases.<engine>`), on the engine's port. @default [] */
  databases: z.array(z.enum(["postgres", "mariadb"])).default([]),
  /** Caches of this account-region the service reaches (`caches.<key>`), on their port (6379). @default [] */
  caches: z.array(z.string()).default([]),
  /**
   * Document databases of this account-region the service reaches (`documentDatabases.<key>`), on
   * their port (27017). @default []
   */
  documentDatabases: z.array(z.string()).default([]),
  /** Days the container logs are kept. @default 90 */
  logRetentionDays: days.optional(),
});

const HealthCheckSchema = z.strictObject({
  /** @default "/" */
  path: z.string().startsWith("/").optional(),
  /** @default 30 */
  intervalSeconds: z.number().int().min(5).max(300).optional(),
  /** @default 5 */
  timeoutSeconds: z.number().int().min(2).max(120).optional(),
  /** @default 3 */
  healthyThreshold: z.number().int().min(2).max(10).optional(),
  /** @default 3 */
  unhealthyThreshold: z.number().int().min(2).max(10).optional(),
  /** @default "200-399" */
  matcher: z
    .string()
    .regex(/^\d{3}([-,]\d{3})*$/, 'must be HTTP codes such as "200" or "200-399"')
    .optional(),
});

/**
 * A target group of ip targets: the tasks of a service of this account-region (`service`), or
 * without one (an EKS TargetGroupBinding registers pods) on `port`.
 */
const TargetGroupSchema = z.strictObject({
  /** The service whose tasks register (`services.<key>`). @default - none: targets come from elsewhere */
  service: z.string().optional(),
  /** Port of the targets. @default - the service's first port; required without a service */
  port: port.optional(),
  healthCheck: HealthCheckSchema.optional(),
  /** Load balancer cookie stickiness, in seconds. @default - off */
  stickinessSeconds: z.number().int().min(1).max(604800).optional(),
  /** @default 30 */
  deregistrationDelaySeconds: z.number().int().min(0).max(3600).optional(),
});

const ListenerRuleSchema = z.strictObject({
  priority: z.number().int(),
  targetGroup: z.string(),
  pathPatterns: z.array(z.string()).optional(),
  hostHeaders: z.array(z.string()).optional(),
});

/** The HTTPS listener's ACM certificate, DNS-validated in a Route 53 public zone. */
const CertificateSchema = z.strictObject({
  domainName: z.string().regex(CERTIFICATE_DOMAIN, "must be a domain name such as app.example.com"),
  /** @default [] */
  subjectAlternativeNames: z
    .array(z.string().regex(CERTIFICATE_DOMAIN, "must be a domain name such as www.example.com"))
    .default([]),
  /** The validation zone by id (`Z0123456789ABCDEFGHIJ`). */
  hostedZoneId: z
    .string()
    .regex(/^Z[A-Z0-9]{1,32}$/, "must be a Route 53 zone id such as Z0123456789ABCDEFGHIJ")
    .optional(),
  /**
   * The validation zone by its domain: a zone another capability provides (HOSTED_ZONES), else the
   * public zone of that name in this account, looked up at plan.
   */
  hostedZone: z.string().regex(CERTIFICATE_DOMAIN, "must be a zone's domain such as example.com").optional(),
  /** @default "RSA_2048" */
  keyAlgorithm: z.enum(KEY_ALGORITHMS).optional(),
});

/** The regional web ACL in front of a load balancer. */
const WafSchema = z.strictObject({
  /** Requests per client IP per 5 minutes before blocking, or false. @default 2000 */
  rateLimitPer5Minutes: z.union([z.number().int().min(100).max(2_000_000_000), z.literal(false)]).optional(),
  /** AWS managed rule groups that only count (watch before blocking), by name. @default [] */
  countOnly: z
    .array(z.string().regex(/^AWSManagedRules[A-Za-z0-9]+$/, "must be an AWS managed rule group name"))
    .default([]),
  /** @default 90 */
  logRetentionDays: days.optional(),
});

/** An internet-facing Application Load Balancer in the public subnets (`loadBalancers.<key>`). */
const LoadBalancerSchema = z.strictObject({
  /** ELB name, 1-32 characters; a change replaces the load balancer. @default "<org>-<account>-<key>" */
  name: z.string().optional(),
  certificate: CertificateSchema,
  /** Target groups by key (`frontend`, `backend`). */
  targetGroups: z.record(key, TargetGroupSchema),
  /** Target group of requests no rule matches (`/*`). @default - a fixed 404 */
  defaultTargetGroup: z.string().optional(),
  /** Path and host rules by key, e.g. `api: { priority: 10, pathPatterns: ["/api/*"], targetGroup: backend }`. @default {} */
  rules: z.record(key, ListenerRuleSchema).default({}),
  /** The web ACL (AWS managed common, known bad inputs, SQLi, IP reputation; rate limit; logs). @default {} */
  waf: WafSchema.default({ countOnly: [] }),
  /** @default 60 */
  idleTimeoutSeconds: z.number().int().min(1).max(4000).optional(),
  /** Days the access logs are kept. @default 365 */
  accessLogRetentionDays: days.optional(),
  /** Deletion protection of the load balancer and its log bucket. @default - true except in dev */
  deletionProtection: z.boolean().optional(),
});

const thresholdSchema = z.union([
  z.strictObject({ threshold: z.number().optional(), minutes: z.number().int().min(1).max(1440).optional() }),
  z.literal(false),
]);

/** The account-region's alarm topic, its subscribers and the alarms' thresholds (false turns one off). */
const AlarmsSchema = z.strictObject({
  /** Email subscribers; each must confirm. @default [] */
  emails: z.array(z.email("must be an email address")).default([]),
  /** HTTPS endpoints; each must confirm. @default [] */
  httpsEndpoints: z.array(z.url({ protocol: /^https$/, error: "must be an https:// URL" })).default([]),
  /** Per service. @default - CPU > 90 % (critical), memory > 80 % (warning), 5 minutes */
  ecsService: z.strictObject({ cpuPercent: thresholdSchema, memoryPercent: thresholdSchema }).partial().default({}),
  /** Per database (DATABASES of this stack). @default - CPU > 85 %, free storage < 10 %, 5 minutes */
  database: z.strictObject({ cpuPercent: thresholdSchema, freeStoragePercent: thresholdSchema }).partial().default({}),
  /** Per load balancer. @default - 5xx > 10 a minute, p99 > 2 s for 5 minutes, any unhealthy target */
  loadBalancer: z
    .strictObject({
      http5xxPerMinute: thresholdSchema,
      responseTimeP99Seconds: thresholdSchema,
      unhealthyTargets: thresholdSchema,
    })
    .partial()
    .default({}),
});

/** The ECS cluster of the account-region, made when any service exists. */
const EcsClusterSchema = z.strictObject({
  /** @default "enhanced" */
  containerInsights: z.enum(CONTAINER_INSIGHTS).optional(),
});

/** The services capability's keys on an account-region. */
export const SERVICES_FRAGMENT = {
  /** ECR repositories outside EKS, by key. @default {} */
  repositories: z.record(key, RepositorySchema).optional(),
  /** ECS Fargate services in the application subnets, by key (needs `network`). @default {} */
  services: z.record(key, ServiceSchema).optional(),
  /** The ECS cluster the services run in. @default { containerInsights: "enhanced" } */
  ecsCluster: EcsClusterSchema.optional(),
  /** Application Load Balancers in the public subnets, by key (needs `network`). @default {} */
  loadBalancers: z.record(key, LoadBalancerSchema).optional(),
  /** The alarm topic and thresholds; the topic exists when this, a service or a load balancer does. */
  alarms: AlarmsSchema.optional(),
}; // prettier-ignore

export type ServiceConfig = z.output<typeof ServiceSchema>;
export type LoadBalancerConfig = z.output<typeof LoadBalancerSchema>;
export type RepositoryConfig = z.output<typeof RepositorySchema>;
export type AlarmsConfig = z.output<typeof AlarmsSchema>;

/** What the environment decides when a service leaves it out (003's sizes). */
export const SERVICE_PROFILES = {
  dev: { cpu: 256, memory: 512, desiredCount: 1 },
  staging: { cpu: 512, memory: 1024, desiredCount: 2 },
  prod: { cpu: 1024, memory: 2048, desiredCount: 3 },
} as const satisfies Record<AccountOf<CoreOrganization>["environment"], object>;

/** An organization as the services capability sees it: in the network, beside the data stores it reaches. */
export type ServicesOrganization = OrganizationWith<
  typeof NETWORK_FRAGMENT &
    typeof DATABASES_FRAGMENT &
    typeof CACHES_FRAGMENT &
    typeof DOCUMENT_DATABASES_FRAGMENT &
    typeof SERVICES_FRAGMENT
>;
