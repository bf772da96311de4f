import { z } from "zod";
import { OrganizationSchema } from "./schema";

/** The checked-in JSON Schema of the config, for editors (`# yaml-language-server: $schema=…`). */
export const JSON_SCHEMA_FILE = "docs/organization.schema.json";

/**
 * The organization config as JSON Schema, generated from the zod schema for what a file may hold
 * (defaults make fields optional). Checks JSON Schema cannot state (CIDR arithmetic, references
 * between fields) are left to `npm run check`.
 */
export function organizationJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(OrganizationSchema, { io: "input" }),
    title: "aws-org-cdktf organization",
    description: "Generated from src/config/schema.ts by `npm run schema`; `npm run check` applies every rule.",
  };
}
