/**
 * What a config layer needs of the ecr-repositories module, with no construct import.
 */
export { ECR_REPOSITORY_NAME } from "../eks/ecr";

export const DEFAULTS = {
  /** Images of any tag kept per repository, newest first. */
  keepImages: 10,
  /** Days an untagged image (a superseded layer set) is kept after its push. */
  untaggedDays: 1,
  scanOnPush: true,
} as const;

/**
 * Replication limits of one registry (per region): one replication configuration holding up to 10
 * rules, 25 destinations in all, 100 repository filters per rule.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/service-quotas.html
 */
export const REPLICATION_LIMITS = { rules: 10, destinations: 25, filtersPerRule: 100 } as const;

/** Actions another account needs to pull an image. @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html */
export const PULL_ACTIONS = [
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
  "ecr:BatchCheckLayerAvailability",
] as const;
