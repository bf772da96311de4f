import type { NoKeys } from "../../config/shapes";
import type { Capability } from "../capability";
import { CACHES_FRAGMENT } from "../caches/schema";
import { DATABASES_FRAGMENT } from "../databases/schema";
import { DOCUMENT_DATABASES_FRAGMENT } from "../document-databases/schema";
import { NETWORK_FRAGMENT } from "../network/schema";
import type * as build from "./build";
import { applicationPorts, checkServices } from "./checks";
import { servicesDiagram } from "./diagram";
import { SERVICES_FRAGMENT } from "./schema";

type Fragments = typeof NETWORK_FRAGMENT &
  typeof DATABASES_FRAGMENT &
  typeof CACHES_FRAGMENT &
  typeof DOCUMENT_DATABASES_FRAGMENT &
  typeof SERVICES_FRAGMENT;

/**
 * The application tier of an account-region: ECR repositories (`repositories`), ECS Fargate services
 * (`services`, `ecsCluster`), Application Load Balancers with ACM and WAF (`loadBalancers`), and the
 * alarm topic with 003's alarms (`alarms`). Services and load balancers need `network`.
 */
export const services = {
  name: "services",
  accountRegion: {
    ...NETWORK_FRAGMENT,
    ...DATABASES_FRAGMENT,
    ...CACHES_FRAGMENT,
    ...DOCUMENT_DATABASES_FRAGMENT,
    ...SERVICES_FRAGMENT,
  },
  organization: {},
  checks: checkServices,
  // The VPC's load balancer group, and the application tier open to the public tier on the targets' ports only;
  // target groups without a service (EKS pods) are reached on the nodes' group.
  needs: (target) => {
    const lbs = Object.values(target.settings.loadBalancers ?? {});
    if (lbs.length === 0) return {};
    const nodePorts = lbs.flatMap((lb) =>
      Object.values(lb.targetGroups).flatMap((group) =>
        group.service === undefined && group.port !== undefined ? [group.port] : [],
      ),
    );
    return { loadBalancer: true, applicationPorts: applicationPorts(target), nodePorts: [...new Set(nodePorts)] };
  },
  diagram: servicesDiagram,
  builder: () => (require("./build") as typeof build).servicesBuilder,
} satisfies Capability<Fragments, NoKeys>;
