import type { ITerraformDependable } from "cdktf";
import type { SecurityGroupRef } from "../../modules/vpc";
import { Slot } from "./capability";

/**
 * Slots one workload capability provides and others read, declared here so that neither imports
 * the other's builder: the services capability provides load balancers and ECS services, the edge
 * capability hosted zones, the identity capability API domains; edge records and accelerators point
 * at them, pipelines deploy to the services.
 */

/** An Application Load Balancer of an account-region, as DNS records, CloudFront and accelerators reach it. */
export interface LoadBalancerRef {
  readonly arn: string;
  readonly dnsName: string;
  /** The load balancer's canonical hosted zone id, for alias records. */
  readonly zoneId: string;
  readonly securityGroup: SecurityGroupRef;
}

/** The account-region's load balancers by their config key. */
export const LOAD_BALANCERS = new Slot<ReadonlyMap<string, LoadBalancerRef>>("load-balancers");

/** An ECS service of an account-region, as a pipeline deploys a new image to it. */
export interface EcsServiceRef {
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly serviceName: string;
  readonly serviceArn: string;
  /** The roles its tasks run as, which a deploy registering a task definition passes to ECS. */
  readonly taskRoleArn: string;
  readonly executionRoleArn: string;
}

/** The account-region's ECS services by their config key (`services.<key>`). */
export const ECS_SERVICES = new Slot<ReadonlyMap<string, EcsServiceRef>>("ecs-services");

/** A Route 53 hosted zone, by its domain. */
export interface HostedZoneRef {
  readonly zoneId: string;
  readonly name: string;
}

/** The hosted zones an account's home-region stack holds, by domain name. */
export const HOSTED_ZONES = new Slot<ReadonlyMap<string, HostedZoneRef>>("hosted-zones");

/** A regional API's custom domain, as an alias record reaches it. */
export interface ApiDomainRef {
  /** The custom domain (`api.ca.example.com`). */
  readonly domainName: string;
  /** The regional target API Gateway gives the domain, and its hosted zone id. */
  readonly targetDomainName: string;
  readonly targetZoneId: string;
  /**
   * The API's further custom domains of names other regions' APIs serve too (`api.example.com`),
   * each with its own regional target: a record of that name points at its domain.
   */
  readonly sharedDomains?: readonly ApiDomainRef[];
}

/** The account-region's API custom domains by their config key. */
export const API_DOMAINS = new Slot<ReadonlyMap<string, ApiDomainRef>>("api-domains");

/** The account-region's KMS-encrypted SNS topic that alarms notify. */
export const ALARM_TOPIC = new Slot<{ readonly arn: string }>("alarm-topic");

/** A log group this stack creates, which central logs may subscribe to its region's destination. */
export interface LogGroupRef {
  /** Stable snake_case key naming the subscription filter (`fluent_bit_ns_backend`, `service_api`). */
  readonly key: string;
  readonly name: string;
  /** The log group's resource: the filter depends on it, so the group need not exist before the apply. */
  readonly construct: ITerraformDependable;
}

/** The account-region's log groups central logs may subscribe, from every capability that creates some. */
export const LOG_GROUPS = new Slot<readonly LogGroupRef[]>("log-groups");

/** Adds `groups` to what earlier capabilities of the stack put in LOG_GROUPS. */
export function addLogGroups(
  context: { get<T>(slot: Slot<T>): T | undefined; provide<T>(slot: Slot<T>, value: T): void },
  groups: readonly LogGroupRef[],
): void {
  if (groups.length > 0) context.provide(LOG_GROUPS, [...(context.get(LOG_GROUPS) ?? []), ...groups]);
}
