/** What a config layer needs of the organization lookup, with no construct import. */

/** The route the handler serves; its path parameter is the one the handler reads. */
export const ORGANIZATION_LOOKUP_ROUTE = "GET /organizations/{organizationId}";
/** Where the handler's sources live in this repository. */
export const ORGANIZATION_LOOKUP_SOURCE = "functions/organization-lookup";
