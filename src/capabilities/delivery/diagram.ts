import type { Diagram } from "../../diagram/types";
import type { DeliveryOrganization } from "./schema";

/** The delivery's part of docs/architecture.md: deploy roles and pipelines per stack. */
export const deliveryDiagram: Diagram<DeliveryOrganization> = {
  holdings: (target) => [
    ...Object.keys(target.settings.delivery?.githubRoles ?? {}).map((key) => `GitHub deploy role ${key}`),
    ...Object.keys(target.settings.delivery?.pipelines ?? {}).map((key) => `pipeline ${key}`),
  ],
};
