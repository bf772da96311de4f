/** One rule of an ECR lifecycle policy, typed so that policies are built, never hand-written JSON. */
export interface EcrLifecycleRule {
  /** Evaluation order, unique, lowest first; a `tagStatus: "any"` rule must have the highest number. */
  readonly rulePriority: number;
  readonly description: string;
  readonly selection:
    | {
        readonly tagStatus: "untagged" | "any";
        readonly countType: "imageCountMoreThan";
        readonly countNumber: number;
      }
    | {
        readonly tagStatus: "untagged" | "any";
        readonly countType: "sinceImagePushed";
        readonly countUnit: "days";
        readonly countNumber: number;
      };
  readonly action: { readonly type: "expire" };
}

export interface EcrLifecyclePolicy {
  readonly rules: readonly EcrLifecycleRule[];
}

/**
 * Expire untagged images after `untaggedDays`, then keep only the newest `keep` images of any tag.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
 */
export function keepLastImages(keep: number, untaggedDays: number): EcrLifecyclePolicy {
  return {
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images ${untaggedDays} day(s) after push`,
        selection: {
          tagStatus: "untagged",
          countType: "sinceImagePushed",
          countUnit: "days",
          countNumber: untaggedDays,
        },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Keep the last ${keep} images`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep },
        action: { type: "expire" },
      },
    ],
  };
}

/** ECR repository names: lowercase path segments of letters, digits and `._-` separators. */
export const ECR_REPOSITORY_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
