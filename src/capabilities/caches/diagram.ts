import type { Diagram } from "../../diagram/types";
import type { CachesOrganization } from "./schema";

const labels = (target: Parameters<NonNullable<Diagram<CachesOrganization>["holdings"]>>[0]) =>
  Object.entries(target.settings.caches ?? {}).map(
    ([key, cache]) => `ElastiCache ${cache.engine === "redis" ? "Redis OSS" : "Valkey"} ${key}`,
  );

/** The caches' part of docs/architecture.md: each cache in the database tier. */
export const cachesDiagram: Diagram<CachesOrganization> = {
  holdings: labels,
  tierHosts: (target, tier) => (tier === "database" ? labels(target) : []),
};
