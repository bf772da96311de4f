import type { NoKeys } from "../../config/shapes";
import type { Capability } from "../capability";
import type * as build from "./build";
import { checkRegistry } from "./checks";
import { registryDiagram } from "./diagram";
import { REGISTRY_FRAGMENT } from "./schema";

/**
 * The organization registry (`registry`): a DynamoDB global table mapping organization id to home
 * region, declared with its replicas in the owner stack; the one table that crosses residency zones.
 */
export const registry = {
  name: "registry",
  accountRegion: {},
  organization: REGISTRY_FRAGMENT,
  checks: checkRegistry,
  diagram: registryDiagram,
  builder: () => (require("./build") as typeof build).registryBuilder,
} satisfies Capability<NoKeys, typeof REGISTRY_FRAGMENT>;
