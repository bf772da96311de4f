import type { z } from "zod";
import { CAPABILITIES } from "../capabilities";
import { accountRegionSchemaWith, accountSchemaWith, organizationSchemaWith } from "./shapes";

export { AWS_REGIONS, type AwsRegion } from "./primitives";
export { DEFAULT_DEPLOY_ROLE, type CloudBackendConfig, type CoreOrganization, type S3BackendConfig } from "./shapes";

type Capabilities = (typeof CAPABILITIES)[number];
type Intersection<U> = (U extends unknown ? (fragment: U) => void : never) extends (fragment: infer I) => void
  ? I
  : never;

/** Every capability's account-region keys together. */
type AccountRegionFragments = Intersection<Capabilities["accountRegion"]>;
/** Every capability's organization-level keys together. */
type OrganizationFragments = Intersection<Capabilities["organization"]>;

const accountRegionFragments = Object.assign({}, ...CAPABILITIES.map((c) => c.accountRegion)) as AccountRegionFragments;
const organizationFragments = Object.assign({}, ...CAPABILITIES.map((c) => c.organization)) as OrganizationFragments;

/** The organization config: the core keys (src/config/shapes.ts) and every capability's (src/capabilities). */
export const OrganizationSchema = organizationSchemaWith(accountRegionFragments, organizationFragments);
export const AccountSchema = accountSchemaWith(accountRegionFragments);
export const AccountRegionSchema = accountRegionSchemaWith(accountRegionFragments);

/** The organization as written in a file (defaults not yet applied). */
export type OrganizationInput = z.input<typeof OrganizationSchema>;
/** The organization after shape validation, with defaults applied. */
export type Organization = z.output<typeof OrganizationSchema>;
export type Account = z.output<typeof AccountSchema>;
export type AccountRegion = z.output<typeof AccountRegionSchema>;
