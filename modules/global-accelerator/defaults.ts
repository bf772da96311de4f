/**
 * What a config layer needs of the global-accelerator module, with no construct import.
 */

/**
 * Global Accelerator's API lives in us-west-2 ("you must specify the US West (Oregon) Region to
 * create, update, or otherwise work with accelerators"). Provider 5.100.0 sends its Global Accelerator
 * calls there itself in the aws partition, whatever the provider's region (unless a custom endpoint is
 * configured), so the module takes the stack's home-region provider and needs no us-west-2 provider.
 * @see https://docs.aws.amazon.com/global-accelerator/latest/dg/preserve-client-ip-address.regions.html
 * @see https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/globalaccelerator/service_package.go (o.Region = us-west-2 in the aws partition)
 */
export const API_REGION = "us-west-2";

/**
 * What a standard accelerator's endpoint can be: an ALB, an NLB, an EC2 instance or an Elastic IP.
 * Never an API Gateway API (nor a Gateway Load Balancer).
 * @see https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoints.html
 */
export const ENDPOINT_KINDS = ["alb", "nlb", "ec2", "eip"] as const;
export type EndpointKind = (typeof ENDPOINT_KINDS)[number];

/**
 * Client IP preservation: on by default for ALB and EC2 endpoints here; Elastic IP endpoints do not
 * offer it.
 * @see https://docs.aws.amazon.com/global-accelerator/latest/dg/preserve-client-ip-address.html
 */
export const CLIENT_IP_PRESERVATION: Readonly<Record<EndpointKind, boolean | undefined>> = {
  alb: true,
  ec2: true,
  nlb: undefined,
  eip: false,
};

export const DEFAULTS = {
  protocol: "TCP",
  ports: [{ from: 443, to: 443 }],
  clientAffinity: "NONE",
  ipAddressType: "IPV4",
  trafficDialPercentage: 100,
  weight: 128,
} as const;

/**
 * Health checks of an endpoint group apply to EC2 and Elastic IP endpoints; ALB and NLB endpoints
 * are judged by their load balancer's own target health checks.
 * @see https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoint-groups-health-check-options.html
 */
export const HEALTH_CHECK = { intervals: [10, 30], thresholdRange: [1, 10] } as const;

/** The kind of an endpoint id, or a reason it cannot be one. */
export function endpointKind(id: string): EndpointKind | { readonly refused: string } {
  if (/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\//.test(id)) return "alb";
  if (/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/net\//.test(id)) return "nlb";
  if (/^i-[0-9a-f]{8}([0-9a-f]{9})?$/.test(id)) return "ec2";
  if (/^eipalloc-[0-9a-f]{8}([0-9a-f]{9})?$/.test(id)) return "eip";
  if (/apigateway|execute-api/.test(id)) {
    return {
      refused:
        "Global Accelerator cannot point at API Gateway (endpoints are ALBs, NLBs, EC2 instances or Elastic IPs); put an ALB or NLB in front of the service, or route to the API with Route 53",
    };
  }
  if (/loadbalancer\/gwy\//.test(id)) return { refused: "a Gateway Load Balancer cannot be an accelerator endpoint" };
  return { refused: "not an ALB or NLB ARN, an EC2 instance id (i-…) or an Elastic IP allocation id (eipalloc-…)" };
}

/** The region of a load balancer ARN; undefined for instance and allocation ids. */
export function endpointRegion(id: string): string | undefined {
  return id.startsWith("arn:") ? id.split(":")[3] : undefined;
}
