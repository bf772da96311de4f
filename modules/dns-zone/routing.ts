import { CONTINENT_CODES, DEFAULT_LOCATION, HEALTH_CHECK } from "./defaults";

/** Where a geolocation record answers: a continent, a country (`*` for the default), a US state. */
export interface GeoLocation {
  readonly continent?: string;
  readonly country?: string;
  readonly subdivision?: string;
}

/** How Route 53 picks this record among the records of the same name and type. */
export type RecordRouting =
  | { readonly kind: "simple" }
  | { readonly kind: "failover"; readonly role: "PRIMARY" | "SECONDARY" }
  | { readonly kind: "latency"; readonly region: string }
  | { readonly kind: "geolocation"; readonly location: GeoLocation };

/** What validation needs of one record. */
export interface RecordShape {
  readonly name: string;
  readonly type: string;
  readonly routing: RecordRouting;
  readonly healthCheck?: string;
}

/** What validation needs of one health check. */
export interface HealthCheckShape {
  readonly failureThreshold?: number;
  readonly requestInterval?: number;
  readonly regions?: readonly string[];
  readonly path?: string;
}

/**
 * Every issue of the records taken together (a record set is the records of one name and type),
 * `records.<key>.<field>: <message>`. With `wholeSets` false the records are only part of their sets
 * (the others are declared in other stacks), so the rules over a whole set are left to the caller.
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy.html
 */
export function recordIssues(
  records: Readonly<Record<string, RecordShape>>,
  healthChecks: Readonly<Record<string, HealthCheckShape>>,
  wholeSets = true,
): string[] {
  const issues: string[] = [];
  const sets = new Map<string, [string, RecordShape][]>();
  for (const [key, record] of Object.entries(records)) {
    const set = `${record.name.replace(/\.$/, "").toLowerCase()} ${record.type}`;
    sets.set(set, [...(sets.get(set) ?? []), [key, record]]);
    if (record.healthCheck !== undefined && healthChecks[record.healthCheck] === undefined) {
      issues.push(`records.${key}.healthCheck: "${record.healthCheck}" is not a key of healthChecks`);
    }
    if (record.routing.kind === "geolocation") issues.push(...locationIssues(key, record.routing.location));
  }
  if (wholeSets) for (const members of sets.values()) issues.push(...setIssues(members));
  return issues;
}

function setIssues(members: [string, RecordShape][]): string[] {
  const [firstKey, first] = members[0]!;
  const kind = first.routing.kind;
  const mixed = members.filter(([, r]) => r.routing.kind !== kind);
  if (mixed.length > 0) {
    return mixed.map(
      ([key, r]) =>
        `records.${key}.routing: ${r.routing.kind} routing, but records.${firstKey} (same name and type) is ${kind}; one record set has one routing policy`,
    );
  }
  const issues: string[] = [];
  const label = `${first.name} ${first.type}`;
  if (kind === "simple" && members.length > 1) {
    issues.push(
      ...members
        .slice(1)
        .map(
          ([key]) => `records.${key}.name: ${label} is already records.${firstKey}; a simple record set is one record`,
        ),
    );
  }
  if (kind === "failover") {
    for (const role of ["PRIMARY", "SECONDARY"] as const) {
      const holders = members.filter(([, r]) => r.routing.kind === "failover" && r.routing.role === role);
      if (holders.length !== 1) {
        issues.push(
          `records.${firstKey}.routing: the failover set ${label} needs exactly one ${role} record, has ${holders.length}`,
        );
      }
      if (role === "PRIMARY") {
        for (const [key, r] of holders.filter(([, r]) => r.healthCheck === undefined)) {
          issues.push(
            `records.${key}.healthCheck: the PRIMARY failover record ${r.name} needs a health check; without one Route 53 considers it always healthy and never fails over`,
          );
        }
      }
    }
  }
  if (kind === "latency")
    issues.push(...duplicates(members, (r) => (r.routing as { region: string }).region, "routing.region"));
  if (kind === "geolocation") {
    const where = (r: RecordShape) => JSON.stringify((r.routing as { location: GeoLocation }).location);
    issues.push(...duplicates(members, where, "routing.location"));
    const defaults = members.filter(
      ([, r]) => r.routing.kind === "geolocation" && r.routing.location.country === DEFAULT_LOCATION,
    );
    if (defaults.length === 0) {
      issues.push(
        `records.${firstKey}.routing: the geolocation set ${label} has no default record (country "${DEFAULT_LOCATION}"); queries from anywhere else would get no answer`,
      );
    }
  }
  return issues;
}

function duplicates(members: [string, RecordShape][], keyOf: (r: RecordShape) => string, field: string): string[] {
  return members.flatMap(([key, r], i) => {
    const first = members.findIndex(([, other]) => keyOf(other) === keyOf(r));
    return first < i ? [`records.${key}.${field}: ${keyOf(r)} is already records.${members[first]![0]}`] : [];
  });
}

function locationIssues(key: string, location: GeoLocation): string[] {
  const path = `records.${key}.routing.location`;
  const issues: string[] = [];
  const given = [location.continent, location.country].filter((v) => v !== undefined).length;
  if (given !== 1)
    issues.push(`${path}: name exactly one of continent or country ("${DEFAULT_LOCATION}" for the default)`);
  if (location.continent !== undefined && !(CONTINENT_CODES as readonly string[]).includes(location.continent)) {
    issues.push(`${path}.continent: "${location.continent}" is not one of ${CONTINENT_CODES.join(", ")}`);
  }
  if (location.country !== undefined && location.country !== DEFAULT_LOCATION && !/^[A-Z]{2}$/.test(location.country)) {
    issues.push(`${path}.country: "${location.country}" is not an ISO 3166 two-letter code or "${DEFAULT_LOCATION}"`);
  }
  if (location.subdivision !== undefined && (location.country === undefined || location.country === DEFAULT_LOCATION)) {
    issues.push(`${path}.subdivision: a subdivision needs its country`);
  }
  return issues;
}

/** `healthChecks.<key>.<field>: <message>` for values Route 53 refuses. */
export function healthCheckIssues(healthChecks: Readonly<Record<string, HealthCheckShape>>): string[] {
  return Object.entries(healthChecks).flatMap(([key, check]) => {
    const path = `healthChecks.${key}`;
    const issues: string[] = [];
    const [min, max] = HEALTH_CHECK.failureThresholdRange;
    if (check.failureThreshold !== undefined && (check.failureThreshold < min || check.failureThreshold > max)) {
      issues.push(`${path}.failureThreshold: ${check.failureThreshold} is outside ${min}-${max}`);
    }
    if (
      check.requestInterval !== undefined &&
      !(HEALTH_CHECK.requestIntervals as readonly number[]).includes(check.requestInterval)
    ) {
      issues.push(`${path}.requestInterval: ${check.requestInterval} is not 10 or 30 seconds`);
    }
    if (check.regions !== undefined && check.regions.length < HEALTH_CHECK.minRegions) {
      issues.push(
        `${path}.regions: Route 53 needs at least ${HEALTH_CHECK.minRegions} checker regions, got ${check.regions.length}`,
      );
    }
    if (check.path !== undefined && !check.path.startsWith("/"))
      issues.push(`${path}.path: "${check.path}" must start with /`);
    return issues;
  });
}
