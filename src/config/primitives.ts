import { z } from "zod";
import { parseCidr } from "../../modules/network-acl/cidr";

/**
 * The small value schemas every part of the config uses: names, ids, CIDRs, retention days, ports.
 * Pure (zod and CIDR arithmetic only), so capability fragments can import it without a cycle.
 */

/** Commercial AWS regions this project can name; anything else is reported as an unknown region. */
export const AWS_REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  "ca-central-1", "ca-west-1",
  "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
  "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
  "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-east-1",
  "sa-east-1", "me-south-1", "me-central-1", "af-south-1", "il-central-1", "mx-central-1",
] as const; // prettier-ignore
export type AwsRegion = (typeof AWS_REGIONS)[number];

const NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

/** A short lowercase name (organization, account), 2-32 characters. */
export const name = (what: string) =>
  z.string().regex(NAME, `${what} must be 2-32 lowercase letters, digits or dashes, starting with a letter`);

export const cidr = z
  .string()
  .refine((value) => parseCidr(value) !== undefined, "must be an IPv4 CIDR such as 10.0.0.0/16");

export const accountId = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id (quote it in YAML)");

/** Days, for retention settings. */
export const days = z.number().int().min(1);

export const iamRoleName = z
  .string()
  .regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM role name (1-64 letters, digits or +=,.@_-)");

/** A TCP port, e.g. 3306 for MariaDB. */
export const port = z.number().int().min(1).max(65535);

/**
 * A tag key or value as AWS accepts it: letters, digits, spaces and `_ . : / = + - @`, counted in
 * Unicode characters, without the `aws:` prefix (any case) that AWS reserves in keys and values.
 * @see https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html (tag naming limits and requirements)
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html (the character pattern)
 */
export const tagText = (what: "key" | "value", min: number, max: number) =>
  z
    .string()
    .refine(
      (text) => [...text].length >= min && [...text].length <= max,
      `a tag ${what} must be ${min}-${max} characters`,
    )
    .refine(
      (text) => /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(text),
      `a tag ${what} may hold only letters, digits, spaces and _ . : / = + - @`,
    )
    .refine((text) => !/^aws:/i.test(text), `a tag ${what} must not start with "aws:", which AWS reserves`);
