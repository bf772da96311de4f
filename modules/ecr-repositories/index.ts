import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { Construct } from "constructs";
import { keepLastImages } from "../eks/ecr";
import { policyDocument, policyJson } from "../iam/policy";
import { KmsKeyWithAlias } from "../kms-key";
import { DEFAULTS, ECR_REPOSITORY_NAME, PULL_ACTIONS } from "./defaults";

export { DEFAULTS, ECR_REPOSITORY_NAME, REPLICATION_LIMITS } from "./defaults";
export {
  EcrRegistrySettings,
  replicationDestinationStatement,
  type EcrRegistrySettingsProps,
  type ReplicationRule,
} from "./registry";

/** One repository, keyed by a stable name in `repositories`. */
export interface RepositorySpec {
  /** Repository name, e.g. `user-management-backend`. Changing it replaces the repository (and its images). */
  readonly name: string;
  /** Newest images kept (of any tag). @default 10 */
  readonly keepImages?: number;
  /** Days an untagged image is kept after its push. @default 1 */
  readonly untaggedDays?: number;
  /** Accounts (12-digit ids) allowed to pull, e.g. the workload accounts running the service. @default [] */
  readonly pullAccountIds?: readonly string[];
}

export interface EcrRepositoriesProps {
  /** Repositories by stable key (the address suffix). */
  readonly repositories: Readonly<Record<string, RepositorySpec>>;
  /** Account that owns the repositories and, when created, the key. */
  readonly accountId: string;
  /** Prefix of the created key's alias (`<prefix>-ecr`). */
  readonly namePrefix: string;
  /** CMK of the repositories. Changing it replaces every repository. @default - a new key, alias `<namePrefix>-ecr` */
  readonly kmsKeyArn?: string;
  /**
   * Basic scan on push; overridden registry-wide when `EcrRegistrySettings` sets ENHANCED scanning.
   * @default true
   */
  readonly scanOnPush?: boolean;
  /** Refuse `terraform destroy` and the deletion of a repository holding images. @default true */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * ECR repositories outside EKS: IMMUTABLE tags, KMS encryption, scan on push, a lifecycle (keep the
 * newest N, expire untagged after D days) and an optional pull policy for named accounts. Registry-wide
 * replication and scanning are `EcrRegistrySettings` (once per registry per region).
 */
export class EcrRepositories extends Construct {
  /** Repository URLs by key. */
  readonly repositoryUrls: Readonly<Record<string, string>>;
  /** Repository ARNs by key (for a build role's push statement). */
  readonly repositoryArns: Readonly<Record<string, string>>;
  readonly kmsKeyArn: string;

  constructor(scope: Construct, id: string, props: EcrRepositoriesProps) {
    super(scope, id);
    const protect = props.deletionProtection ?? true;
    this.node.addValidation({ validate: () => repositoryIssues(props) });
    this.kmsKeyArn =
      props.kmsKeyArn ??
      new KmsKeyWithAlias(this, "key", {
        alias: `${props.namePrefix}-ecr`,
        description: `ECR repositories of ${props.namePrefix}`,
        accountId: props.accountId,
        deletionProtection: protect,
      }).keyArn;

    const urls: Record<string, string> = {};
    const arns: Record<string, string> = {};
    for (const [key, spec] of Object.entries(props.repositories)) {
      const repository = new EcrRepository(this, key, {
        name: spec.name,
        imageTagMutability: "IMMUTABLE",
        encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: this.kmsKeyArn }],
        imageScanningConfiguration: { scanOnPush: props.scanOnPush ?? DEFAULTS.scanOnPush },
        forceDelete: !protect,
        tags: { ...props.tags, Name: spec.name },
        lifecycle: { preventDestroy: protect },
      });
      new EcrLifecyclePolicy(this, `${key}_lifecycle`, {
        repository: repository.name,
        policy: JSON.stringify(
          keepLastImages(spec.keepImages ?? DEFAULTS.keepImages, spec.untaggedDays ?? DEFAULTS.untaggedDays),
        ),
      });
      const pullers = spec.pullAccountIds ?? [];
      if (pullers.length > 0) {
        new EcrRepositoryPolicy(this, `${key}_policy`, {
          repository: repository.name,
          policy: policyJson(
            policyDocument({
              Sid: "PullFromNamedAccounts",
              Effect: "Allow",
              Principal: { AWS: pullers.map((a) => `arn:aws:iam::${a}:root`) },
              Action: [...PULL_ACTIONS],
            }),
          ),
        });
      }
      urls[key] = repository.repositoryUrl;
      arns[key] = repository.arn;
    }
    this.repositoryUrls = urls;
    this.repositoryArns = arns;
  }
}

function repositoryIssues(props: EcrRepositoriesProps): string[] {
  const entries = Object.entries(props.repositories);
  const issues: string[] = entries.length === 0 ? ["repositories: name at least one repository"] : [];
  for (const [key, spec] of entries) {
    const path = `repositories.${key}`;
    if (!ECR_REPOSITORY_NAME.test(spec.name) || spec.name.length < 2 || spec.name.length > 256) {
      issues.push(
        `${path}.name: "${spec.name}" is not an ECR repository name (lowercase segments of letters, digits, ._- separated by /)`,
      );
    }
    const first = entries.find(([, other]) => other.name === spec.name)![0];
    if (first !== key) issues.push(`${path}.name: "${spec.name}" is already repositories.${first}`);
    if (spec.keepImages !== undefined && (!Number.isInteger(spec.keepImages) || spec.keepImages < 1)) {
      issues.push(`${path}.keepImages: ${spec.keepImages} must be a whole number of at least 1`);
    }
    if (spec.untaggedDays !== undefined && (!Number.isInteger(spec.untaggedDays) || spec.untaggedDays < 1)) {
      issues.push(`${path}.untaggedDays: ${spec.untaggedDays} must be a whole number of days, at least 1`);
    }
    (spec.pullAccountIds ?? []).forEach((a, i) => {
      if (!/^\d{12}$/.test(a)) issues.push(`${path}.pullAccountIds[${i}]: "${a}" is not a 12-digit account id`);
    });
  }
  return issues;
}
