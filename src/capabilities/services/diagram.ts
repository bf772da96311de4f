import type { Diagram } from "../../diagram/types";
import type { ServicesOrganization } from "./schema";

/** The services' part of docs/architecture.md: what the stack holds, the ALBs and the tasks in their tiers. */
export const servicesDiagram: Diagram<ServicesOrganization> = {
  holdings: (target) => {
    const services = Object.keys(target.settings.services ?? {});
    const lbs = Object.keys(target.settings.loadBalancers ?? {});
    const repositories = Object.keys(target.settings.repositories ?? {});
    return [
      ...(services.length > 0 ? [`ECS Fargate: ${services.join(", ")}`] : []),
      ...(lbs.length > 0 ? [`ALB + WAF: ${lbs.join(", ")}`] : []),
      ...(repositories.length > 0 ? [`ECR: ${repositories.join(", ")}`] : []),
    ];
  },
  tierHosts: (target, tier) => {
    if (tier === "public") return Object.keys(target.settings.loadBalancers ?? {}).length > 0 ? ["ALB"] : [];
    if (tier === "application") return Object.keys(target.settings.services ?? {}).length > 0 ? ["ECS tasks"] : [];
    return [];
  },
};
