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
}

/** The account-region's API custom domains by their config key. */
export const API_DOMAINS = new Slot<ReadonlyMap<string, ApiDomainRef>>("api-domains");

/** The account-region's KMS-encrypted SNS topic that alarms notify. */
export const ALARM_TOPIC = new Slot<{ readonly arn: string }>("alarm-topic");
