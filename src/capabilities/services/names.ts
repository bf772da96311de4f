import { nameTag } from "../../naming";
import type { StackTarget } from "../../config/topology";
import type { LoadBalancerConfig, RepositoryConfig, ServicesOrganization } from "./schema";

/**
 * Physical names of the services capability, shared by its checks (which hold them to AWS's limits)
 * and its builder. Config keys are snake_case; AWS names take them with `-`.
 */
const dashed = (key: string): string => key.replace(/_/g, "-");

/** The ECS cluster: one per account-region, `<org>-<account>-<region>`. */
export const ecsClusterName = (org: ServicesOrganization, target: StackTarget<ServicesOrganization>): string =>
  nameTag(org.name, target.stackId);

/** A service (and task family, container, `<name>-<region>-execution` role): `<org>-<key>`. */
export const ecsServiceName = (org: ServicesOrganization, key: string): string => `${org.name}-${dashed(key)}`;

/** A repository: the configured name, else the key. */
export const repositoryName = (key: string, repository: RepositoryConfig): string => repository.name ?? dashed(key);

/** A load balancer (unique per account and region): `<org>-<account>-<key>` unless the config names it. */
export const loadBalancerName = (
  org: ServicesOrganization,
  target: StackTarget<ServicesOrganization>,
  key: string,
  lb: LoadBalancerConfig,
): string => lb.name ?? `${org.name}-${target.accountName}-${dashed(key)}`;

/** A target group, as modules/alb names it: `<load balancer>-<key>`. */
export const targetGroupName = (lbName: string, key: string): string => `${lbName}-${dashed(key)}`;

/** The access-log bucket (globally unique): `<org>-<account>-<region>-<key>-alb-logs`. */
export const accessLogBucketName = (
  org: ServicesOrganization,
  target: StackTarget<ServicesOrganization>,
  key: string,
): string => nameTag(org.name, target.stackId, dashed(key), "alb-logs");
