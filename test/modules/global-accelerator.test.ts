import {
  AcceleratorEndpointGroup,
  GlobalAccelerator,
  flowLogBucketStatements,
  type GlobalAcceleratorProps,
} from "../../modules/global-accelerator";
import { resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";

const albUs = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/customer1-us/0123456789abcdef";
const albCa = "arn:aws:elasticloadbalancing:ca-central-1:123456789012:loadbalancer/app/customer1-ca/0123456789abcdef";
const nlbCa = "arn:aws:elasticloadbalancing:ca-central-1:123456789012:loadbalancer/net/customer1-ca/0123456789abcdef";

/** 000: one HTTPS listener, an endpoint group per residency region in front of the regional ALBs. */
const base: GlobalAcceleratorProps = {
  name: "customer1",
  listeners: {
    https: {
      endpointGroups: {
        "us-east-1": { endpoints: [{ id: albUs }] },
        "ca-central-1": { endpoints: [{ id: albCa }, { id: nlbCa, weight: 64 }], trafficDialPercentage: 50 },
      },
    },
  },
};
const synth = (props: Partial<GlobalAcceleratorProps> = {}): StackJson =>
  synthModule((s) => new GlobalAccelerator(s, "ga", { ...base, ...props }));

describe("GlobalAccelerator", () => {
  const json = synth();
  const group = (name: string) => resource(json, "aws_globalaccelerator_endpoint_group", name);

  test("is an IPv4 accelerator protected from destroy (its static IPs would change), on the stack's provider", () => {
    expect(resource(json, "aws_globalaccelerator_accelerator", "ga")).toMatchObject({
      name: "customer1",
      ip_address_type: "IPV4",
      enabled: true,
      lifecycle: { prevent_destroy: true },
    });
    // Provider 5.100.0 sends Global Accelerator calls to us-west-2 itself: no us-west-2 provider is needed.
    expect(resource(json, "aws_globalaccelerator_accelerator", "ga")).not.toHaveProperty("provider");
  });

  test("listens on TCP 443 without affinity by default", () => {
    expect(resource(json, "aws_globalaccelerator_listener", "ga_https")).toMatchObject({
      accelerator_arn: "${aws_globalaccelerator_accelerator.ga.arn}",
      protocol: "TCP",
      client_affinity: "NONE",
      port_range: [{ from_port: 443, to_port: 443 }],
    });
  });

  test("has one endpoint group per region, addressed by listener and region", () => {
    expect(Object.keys(resourcesOf(json, "aws_globalaccelerator_endpoint_group")).sort()).toEqual([
      "ga_https_ca_central_1",
      "ga_https_us_east_1",
    ]);
    expect(group("ga_https_ca_central_1")).toMatchObject({
      endpoint_group_region: "ca-central-1",
      traffic_dial_percentage: 50,
    });
  });

  test("takes an endpoint group added apart, on a listener another stack may hold", () => {
    const json = synthModule((s) => {
      const ga = new GlobalAccelerator(s, "ga", { name: "customer1", listeners: { https: {} } });
      new AcceleratorEndpointGroup(s, "ga_https_ca_central_1", {
        listenerArn: ga.listenerArns.https,
        region: "ca-central-1",
        group: { endpoints: [{ id: albCa }] },
      });
    });
    expect(Object.keys(resourcesOf(json, "aws_globalaccelerator_endpoint_group"))).toEqual(["ga_https_ca_central_1"]);
    expect(resource(json, "aws_globalaccelerator_endpoint_group", "ga_https_ca_central_1")).toMatchObject({
      listener_arn: "${aws_globalaccelerator_listener.ga_https.arn}",
      endpoint_group_region: "ca-central-1",
      endpoint_configuration: [expect.objectContaining({ endpoint_id: albCa, client_ip_preservation_enabled: true })],
    });
    expect(() =>
      synthModule((s) => {
        new AcceleratorEndpointGroup(s, "group", {
          listenerArn: "arn",
          region: "us-east-1",
          group: { endpoints: [{ id: albCa }] },
        });
      }),
    ).toThrow(/endpoints\[0\].id: the load balancer is in ca-central-1, not in the group's region us-east-1/);
  });

  test("preserves the client IP for ALB endpoints and leaves NLBs to the service default", () => {
    expect(group("ga_https_ca_central_1").endpoint_configuration).toEqual([
      { endpoint_id: albCa, weight: 128, client_ip_preservation_enabled: true },
      { endpoint_id: nlbCa, weight: 64 },
    ]);
  });

  test("sets health checks where given (they apply to EC2 and Elastic IP endpoints)", () => {
    const checked = synth({
      listeners: {
        https: {
          endpointGroups: {
            "us-east-1": {
              endpoints: [{ id: "i-0123456789abcdef0" }, { id: "eipalloc-0123456789abcdef0" }],
              healthCheck: { protocol: "HTTPS", path: "/health", port: 443, intervalSeconds: 10, thresholdCount: 2 },
            },
          },
        },
      },
    });
    expect(resource(checked, "aws_globalaccelerator_endpoint_group", "ga_https_us_east_1")).toMatchObject({
      health_check_protocol: "HTTPS",
      health_check_path: "/health",
      health_check_port: 443,
      health_check_interval_seconds: 10,
      threshold_count: 2,
      endpoint_configuration: [
        { endpoint_id: "i-0123456789abcdef0", client_ip_preservation_enabled: true, weight: 128 },
        { endpoint_id: "eipalloc-0123456789abcdef0", client_ip_preservation_enabled: false, weight: 128 },
      ],
    });
  });

  test("writes flow logs to S3 only when asked, and offers the bucket's delivery statements", () => {
    expect(resource(json, "aws_globalaccelerator_accelerator", "ga")).not.toHaveProperty("attributes");
    expect(
      resource(synth({ flowLogs: { bucketName: "customer1-flow-logs" } }), "aws_globalaccelerator_accelerator", "ga")
        .attributes,
    ).toEqual({
      flow_logs_enabled: true,
      flow_logs_s3_bucket: "customer1-flow-logs",
      flow_logs_s3_prefix: "customer1/",
    });
    expect(flowLogBucketStatements("arn:aws:s3:::customer1-flow-logs", "123456789012").map((s) => s.Principal)).toEqual(
      [{ Service: "delivery.logs.amazonaws.com" }, { Service: "delivery.logs.amazonaws.com" }],
    );
  });

  describe("validation", () => {
    const endpoints = (id: string, extra = {}) => ({
      listeners: { https: { endpointGroups: { "us-east-1": { endpoints: [{ id, ...extra }] } } } },
    });

    test("refuses an API Gateway endpoint, saying what to do instead", () => {
      expect(() => synth(endpoints("arn:aws:apigateway:us-east-1::/restapis/a1b2c3"))).toThrow(
        /listeners.https.endpointGroups.us-east-1.endpoints\[0\].id: arn:aws:apigateway:us-east-1::\/restapis\/a1b2c3: Global Accelerator cannot point at API Gateway \(endpoints are ALBs, NLBs, EC2 instances or Elastic IPs\); put an ALB or NLB in front/,
      );
      expect(() => synth(endpoints("a1b2c3.execute-api.us-east-1.amazonaws.com"))).toThrow(
        /cannot point at API Gateway/,
      );
    });

    test("refuses Gateway Load Balancers and anything that is not an endpoint", () => {
      expect(() =>
        synth(endpoints("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/gwy/x/1")),
      ).toThrow(/a Gateway Load Balancer cannot be an accelerator endpoint/);
      expect(() => synth(endpoints("my-alb.elb.amazonaws.com"))).toThrow(/not an ALB or NLB ARN, an EC2 instance id/);
    });

    test("refuses a load balancer of another region than its group", () => {
      expect(() => synth(endpoints(albCa))).toThrow(
        /listeners.https.endpointGroups.us-east-1.endpoints\[0\].id: the load balancer is in ca-central-1, not in the group's region us-east-1/,
      );
    });

    test("refuses client IP preservation on an Elastic IP, bad weights, dials and health checks", () => {
      expect(() =>
        synth({
          listeners: {
            https: {
              ports: [{ from: 443, to: 80 }],
              endpointGroups: {
                "us-east-1": {
                  endpoints: [{ id: "eipalloc-0123456789abcdef0", clientIpPreservation: true, weight: 300 }],
                  trafficDialPercentage: 150,
                  healthCheck: { protocol: "TCP", path: "/x", intervalSeconds: 20 as 10, thresholdCount: 0 },
                },
              },
            },
          },
        }),
      ).toThrow(
        /ports\[0\]: 443-80 is not a port range[\s\S]*endpoints\[0\].clientIpPreservation: Elastic IP endpoints do not preserve the client IP[\s\S]*endpoints\[0\].weight: 300 is outside 0-255[\s\S]*trafficDialPercentage: 150 is outside 0-100[\s\S]*healthCheck.thresholdCount: 0 is outside 1-10[\s\S]*healthCheck.intervalSeconds: 20 is not 10 or 30[\s\S]*healthCheck.path: a TCP health check has no path/,
      );
    });

    test("refuses a bad name and no listeners", () => {
      expect(() => synth({ name: "customer_1", listeners: {} })).toThrow(
        /name: "customer_1" must be[\s\S]*listeners: an accelerator needs at least one listener/,
      );
    });
  });
});
