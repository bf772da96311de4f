/**
 * What a config layer needs of the delivery-pipeline module, with no construct import.
 */
export const DEFAULTS = {
  /** AWS's current standard Linux build image. @see https://docs.aws.amazon.com/codebuild/latest/userguide/ec2-compute-images.html */
  image: "aws/codebuild/amazonlinux2-x86_64-standard:5.0",
  computeType: "BUILD_GENERAL1_SMALL",
  buildspec: "buildspec.yml",
  imageDefinitionsFile: "imagedefinitions.json",
  buildTimeoutMinutes: 30,
  logRetentionDays: 90,
  artifactRetentionDays: 30,
} as const;

/** CodeBuild compute types for LINUX_CONTAINER. @see https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-compute-types.html */
export const COMPUTE_TYPES = [
  "BUILD_GENERAL1_SMALL",
  "BUILD_GENERAL1_MEDIUM",
  "BUILD_GENERAL1_LARGE",
  "BUILD_GENERAL1_XLARGE",
  "BUILD_GENERAL1_2XLARGE",
] as const;
export type ComputeType = (typeof COMPUTE_TYPES)[number];

/**
 * A CodeConnections (formerly CodeStar Connections) connection ARN; both service prefixes are in use.
 * @see https://docs.aws.amazon.com/dtconsole/latest/userguide/rename.html
 */
export const CONNECTION_ARN =
  /^arn:aws[a-z-]*:(codestar-connections|codeconnections):([a-z0-9-]+):(\d{12}):connection\/[0-9a-f-]{36}$/;
