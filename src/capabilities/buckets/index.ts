import type { NoKeys } from "../../config/shapes";
import type { Capability } from "../capability";
import type * as build from "./build";
import { checkBuckets, replicationDependencies } from "./checks";
import { bucketsDiagram } from "./diagram";
import { BUCKETS_FRAGMENT } from "./schema";

/**
 * Application buckets of an account-region (`buckets`): versioned, CMK or SSE-S3, public access
 * blocked, TLS-only, lifecycle, server access logs, replication only inside the residency zone.
 */
export const buckets = {
  name: "buckets",
  accountRegion: BUCKETS_FRAGMENT,
  organization: {},
  checks: checkBuckets,
  dependencies: replicationDependencies,
  diagram: bucketsDiagram,
  builder: () => (require("./build") as typeof build).bucketsBuilder,
} satisfies Capability<typeof BUCKETS_FRAGMENT, NoKeys>;
