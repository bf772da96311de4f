import type { Diagram } from "../../diagram/types";
import type { DocumentDatabasesOrganization } from "./schema";

type Target = Parameters<NonNullable<Diagram<DocumentDatabasesOrganization>["holdings"]>>[0];

const labels = (target: Target) =>
  Object.keys(target.settings.documentDatabases ?? {}).map((key) => `DocumentDB ${key}`);

/** The document databases' part of docs/architecture.md: each cluster in the database tier. */
export const documentDatabasesDiagram: Diagram<DocumentDatabasesOrganization> = {
  holdings: labels,
  tierHosts: (target, tier) => (tier === "database" ? labels(target) : []),
};
