import type { ConfigIssue } from "../../config/issues";
import type { OrganizationWith } from "../../config/shapes";
import { stackTargets, type StackTarget } from "../../config/topology";
import type { EDGE_FRAGMENT } from "../edge/schema";
import type { IDENTITY_FRAGMENT } from "./schema";

/** An organization as the API routing checks see it: the identity's APIs and the edge's records. */
export type ApiRoutingOrganization = OrganizationWith<typeof IDENTITY_FRAGMENT & typeof EDGE_FRAGMENT>;
type Target = StackTarget<ApiRoutingOrganization>;

/** Every name an API serves: its custom domain and its shared names. */
function namesOf(target: Target, api: string): string[] {
  const domain = target.settings.identity?.apis[api]?.customDomain;
  return domain === undefined ? [] : [domain.domainName, ...domain.sharedNames];
}

/**
 * An edge record that points at an API domain names one of that API's own names: API Gateway
 * answers a custom domain only under its name (TLS and Host), so a geolocation or latency member
 * of a shared name needs the API of its region to declare that name too.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-regional-api-custom-domain-create.html
 */
export function apiRecordIssues(org: ApiRoutingOrganization): ConfigIssue[] {
  const targets = stackTargets(org);
  return targets.flatMap((target) =>
    Object.entries(target.settings.edge?.records ?? {}).flatMap(([key, record]): ConfigIssue[] => {
      if (!("apiDomain" in record.target)) return [];
      const api = record.target.apiDomain;
      const path = `${target.path}.edge.records.${key}.target.apiDomain`;
      const apiPath = `${target.path}.identity.apis.${api}`;
      const names = namesOf(target, api);
      // An API the stack does not declare is reported where the edge resolves the record.
      if (names.length === 0) return [];
      if (names.includes(record.name)) return [];
      const sharers = targets.filter(
        (t) =>
          t.accountName === target.accountName && t.stackId !== target.stackId && namesOf(t, api).includes(record.name),
      );
      const hint =
        sharers.length === 0
          ? `add it to ${apiPath}.customDomain.sharedNames`
          : `${sharers.map((t) => `${t.path}.identity.apis.${api}`).join(", ")} shares it; add it to ${apiPath}.customDomain.sharedNames too`;
      return [
        {
          path,
          message: `${record.name} is not a name of ${apiPath} (${names.join(", ")}): API Gateway serves a custom domain under its own name only; ${hint}`,
        },
      ];
    }),
  );
}
