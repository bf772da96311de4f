import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { Organization, OrganizationInput } from "../../src/config/schema";
import { organization } from "./synth";

const EXAMPLES_DIR = join(__dirname, "../../examples");

/** Every organization in examples/, by its path (`examples/<file>.yaml`), in file-name order. */
export function exampleOrganizations(): [string, Organization][] {
  return readdirSync(EXAMPLES_DIR)
    .filter((file) => file.endsWith(".yaml"))
    .sort()
    .map((file) => [
      `examples/${file}`,
      organization(parse(readFileSync(join(EXAMPLES_DIR, file), "utf8")) as OrganizationInput),
    ]);
}

/** The default organization, then every example: what the Terraform suite and the app-wide tests run over. */
export function allOrganizations(): [string, Organization][] {
  return [["default", organization()], ...exampleOrganizations()];
}
