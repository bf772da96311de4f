import { GlobalacceleratorAccelerator } from "@cdktf/provider-aws/lib/globalaccelerator-accelerator";
import { GlobalacceleratorEndpointGroup } from "@cdktf/provider-aws/lib/globalaccelerator-endpoint-group";
import { GlobalacceleratorListener } from "@cdktf/provider-aws/lib/globalaccelerator-listener";
import { Token, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { PolicyStatement } from "../iam/policy";
import { CLIENT_IP_PRESERVATION, DEFAULTS, HEALTH_CHECK, endpointKind, endpointRegion } from "./defaults";

export { API_REGION, DEFAULTS, ENDPOINT_KINDS, endpointKind, type EndpointKind } from "./defaults";

/** One endpoint of a group: an ALB/NLB ARN, an EC2 instance id or an Elastic IP allocation id. */
export interface AcceleratorEndpoint {
  readonly id: string;
  /** Share of the group's traffic relative to the other endpoints (0-255). @default 128 */
  readonly weight?: number;
  /**
   * Pass the client's IP address to the endpoint. Not offered for Elastic IPs.
   * @default - true for ALB and EC2 endpoints, the service default for NLBs
   */
  readonly clientIpPreservation?: boolean;
}

/** The endpoints of one region. */
export interface EndpointGroupSpec {
  readonly endpoints: readonly AcceleratorEndpoint[];
  /** Share of the listener's traffic this region takes (0-100). @default 100 */
  readonly trafficDialPercentage?: number;
  /**
   * Health checks of EC2 and Elastic IP endpoints (ALB and NLB endpoints use their own target health).
   * @default - the service's: TCP on the listener port, every 30 s, threshold 3
   */
  readonly healthCheck?: {
    readonly protocol?: "TCP" | "HTTP" | "HTTPS";
    readonly path?: string;
    readonly port?: number;
    readonly intervalSeconds?: 10 | 30;
    readonly thresholdCount?: number;
  };
}

export interface ListenerSpec {
  /** @default "TCP" */
  readonly protocol?: "TCP" | "UDP";
  /** @default [{ from: 443, to: 443 }] */
  readonly ports?: readonly { readonly from: number; readonly to: number }[];
  /** `SOURCE_IP` keeps a client on one endpoint. @default "NONE" */
  readonly clientAffinity?: "NONE" | "SOURCE_IP";
  /**
   * Endpoint groups keyed by their region (the address suffix).
   * @default {} - the groups are added elsewhere with `AcceleratorEndpointGroup` (another stack's)
   */
  readonly endpointGroups?: Readonly<Record<string, EndpointGroupSpec>>;
}

export interface GlobalAcceleratorProps {
  /** Accelerator name (1-64 letters, digits, hyphens). */
  readonly name: string;
  /** Listeners by stable key. */
  readonly listeners: Readonly<Record<string, ListenerSpec>>;
  /** @default "IPV4" */
  readonly ipAddressType?: "IPV4" | "DUAL_STACK";
  /**
   * Flow logs to an S3 bucket (its policy must admit log delivery: `flowLogBucketStatements`).
   * @default - off
   */
  readonly flowLogs?: { readonly bucketName: string; readonly prefix?: string };
  /**
   * Provider of the accelerator's resources; any region works (provider 5.100.0 calls us-west-2 itself).
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Protect the accelerator (and its two static anycast IPs, which clients may have allow-listed) from
   * `terraform destroy`: a new accelerator gets new addresses.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * A standard Global Accelerator with listeners and one endpoint group per region in front of regional
 * load balancers (or instances / Elastic IPs), client IP preservation, health checks, flow logs.
 */
export class GlobalAccelerator extends Construct {
  readonly acceleratorArn: string;
  /** `a1234.awsglobalaccelerator.com`, for `AliasTarget.globalAccelerator(...)`. */
  readonly dnsName: string;
  readonly hostedZoneId: string;
  /** Listener ARNs by key, for endpoint groups added by other stacks. */
  readonly listenerArns: Readonly<Record<string, string>>;
  /** Endpoint group ARNs by `<listener>_<region>`. */
  readonly endpointGroupArns: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: GlobalAcceleratorProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => acceleratorIssues(props) });
    const protect = props.deletionProtection ?? true;
    const accelerator = new GlobalacceleratorAccelerator(this, "resource", {
      name: props.name,
      ipAddressType: props.ipAddressType ?? DEFAULTS.ipAddressType,
      enabled: true,
      attributes:
        props.flowLogs === undefined
          ? undefined
          : {
              flowLogsEnabled: true,
              flowLogsS3Bucket: props.flowLogs.bucketName,
              flowLogsS3Prefix: props.flowLogs.prefix ?? `${props.name}/`,
            },
      tags: { ...props.tags, Name: props.name },
      lifecycle: { preventDestroy: protect },
      provider: props.provider,
    });
    this.acceleratorArn = accelerator.arn;
    this.dnsName = accelerator.dnsName;
    this.hostedZoneId = accelerator.hostedZoneId;

    const groups: Record<string, string> = {};
    const listeners: Record<string, string> = {};
    for (const [key, spec] of Object.entries(props.listeners)) {
      const listener = new GlobalacceleratorListener(this, key, {
        acceleratorArn: accelerator.arn,
        protocol: spec.protocol ?? DEFAULTS.protocol,
        clientAffinity: spec.clientAffinity ?? DEFAULTS.clientAffinity,
        portRange: (spec.ports ?? DEFAULTS.ports).map((p) => ({ fromPort: p.from, toPort: p.to })),
        provider: props.provider,
      });
      listeners[key] = listener.arn;
      for (const [region, group] of Object.entries(spec.endpointGroups ?? {})) {
        const groupId = `${key}_${region.replace(/-/g, "_")}`;
        groups[groupId] = new AcceleratorEndpointGroup(this, groupId, {
          listenerArn: listener.arn,
          region,
          group,
          provider: props.provider,
        }).arn;
      }
    }
    this.endpointGroupArns = groups;
    this.listenerArns = listeners;
  }
}

export interface AcceleratorEndpointGroupProps {
  /** The listener of the accelerator (`GlobalAccelerator.listenerArns`), possibly another stack's. */
  readonly listenerArn: string;
  /** The region of the group's endpoints. */
  readonly region: string;
  readonly group: EndpointGroupSpec;
  /** @default - the stack's default provider (any region: see `API_REGION`) */
  readonly provider?: TerraformProvider;
}

/**
 * One region's endpoint group of a listener: what a regional stack adds to an accelerator its
 * account's home-region stack holds, so the accelerator never waits for the regional load balancers.
 */
export class AcceleratorEndpointGroup extends Construct {
  readonly arn: string;

  constructor(scope: Construct, id: string, props: AcceleratorEndpointGroupProps) {
    super(scope, id);
    this.node.addValidation({ validate: () => endpointGroupIssues(props.region, props.group, "") });
    const { group } = props;
    const check = group.healthCheck;
    this.arn = new GlobalacceleratorEndpointGroup(this, "resource", {
      listenerArn: props.listenerArn,
      endpointGroupRegion: props.region,
      trafficDialPercentage: group.trafficDialPercentage ?? DEFAULTS.trafficDialPercentage,
      healthCheckProtocol: check?.protocol,
      healthCheckPath: check?.path,
      healthCheckPort: check?.port,
      healthCheckIntervalSeconds: check?.intervalSeconds,
      thresholdCount: check?.thresholdCount,
      endpointConfiguration: group.endpoints.map((e) => {
        const kind = endpointKind(e.id);
        return {
          endpointId: e.id,
          weight: e.weight ?? DEFAULTS.weight,
          clientIpPreservationEnabled:
            e.clientIpPreservation ?? (typeof kind === "string" ? CLIENT_IP_PRESERVATION[kind] : undefined),
        };
      }),
      provider: props.provider,
    }).arn;
  }
}

/**
 * Bucket policy statements that let Global Accelerator flow logs (vended logs) be delivered to a bucket
 * for this account.
 * @see https://docs.aws.amazon.com/global-accelerator/latest/dg/monitoring-global-accelerator.flow-logs.html
 */
export function flowLogBucketStatements(bucketArn: string, accountId: string, prefix = ""): PolicyStatement[] {
  return [
    {
      Sid: "AcceleratorFlowLogsWrite",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${bucketArn}/${prefix}AWSLogs/${accountId}/*`,
      Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": accountId } },
    },
    {
      Sid: "AcceleratorFlowLogsAclCheck",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: bucketArn,
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
  ];
}

function acceleratorIssues(props: GlobalAcceleratorProps): string[] {
  const issues: string[] = [];
  if (!/^[A-Za-z0-9-]{1,64}$/.test(props.name) || props.name.startsWith("-") || props.name.endsWith("-")) {
    issues.push(`name: "${props.name}" must be 1-64 letters, digits and inner hyphens`);
  }
  const listeners = Object.entries(props.listeners);
  if (listeners.length === 0) issues.push("listeners: an accelerator needs at least one listener");
  for (const [key, listener] of listeners) {
    const path = `listeners.${key}`;
    (listener.ports ?? []).forEach((p, i) => {
      if (p.from < 1 || p.to > 65535 || p.from > p.to)
        issues.push(`${path}.ports[${i}]: ${p.from}-${p.to} is not a port range within 1-65535`);
    });
    for (const [region, group] of Object.entries(listener.endpointGroups ?? {})) {
      issues.push(...endpointGroupIssues(region, group, `${path}.endpointGroups.${region}`));
    }
  }
  return issues;
}

/** Issues of one endpoint group, at `<groupPath>.<field>` (`groupPath` empty: the props of an `AcceleratorEndpointGroup`). */
function endpointGroupIssues(region: string, group: EndpointGroupSpec, groupPath: string): string[] {
  const issues: string[] = [];
  const at = (field: string) => (groupPath === "" ? field : `${groupPath}.${field}`);
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
    issues.push(`${groupPath === "" ? "region" : groupPath}: "${region}" is not a region name`);
  if (group.endpoints.length === 0) issues.push(`${at("endpoints")}: name at least one endpoint`);
  group.endpoints.forEach((e, i) => {
    const endpointPath = at(`endpoints[${i}]`);
    if (Token.isUnresolved(e.id)) return;
    const kind = endpointKind(e.id);
    if (typeof kind !== "string") {
      issues.push(`${endpointPath}.id: ${e.id}: ${kind.refused}`);
      return;
    }
    const lbRegion = endpointRegion(e.id);
    if (lbRegion !== undefined && lbRegion !== region)
      issues.push(`${endpointPath}.id: the load balancer is in ${lbRegion}, not in the group's region ${region}`);
    if (kind === "eip" && e.clientIpPreservation === true) {
      issues.push(`${endpointPath}.clientIpPreservation: Elastic IP endpoints do not preserve the client IP`);
    }
    if (e.weight !== undefined && (e.weight < 0 || e.weight > 255))
      issues.push(`${endpointPath}.weight: ${e.weight} is outside 0-255`);
  });
  const dial = group.trafficDialPercentage;
  if (dial !== undefined && (dial < 0 || dial > 100))
    issues.push(`${at("trafficDialPercentage")}: ${dial} is outside 0-100`);
  const check = group.healthCheck;
  const [min, max] = HEALTH_CHECK.thresholdRange;
  if (check?.thresholdCount !== undefined && (check.thresholdCount < min || check.thresholdCount > max)) {
    issues.push(`${at("healthCheck.thresholdCount")}: ${check.thresholdCount} is outside ${min}-${max}`);
  }
  if (
    check?.intervalSeconds !== undefined &&
    !(HEALTH_CHECK.intervals as readonly number[]).includes(check.intervalSeconds)
  ) {
    issues.push(`${at("healthCheck.intervalSeconds")}: ${check.intervalSeconds} is not 10 or 30`);
  }
  if (check?.path !== undefined && check.protocol === "TCP")
    issues.push(`${at("healthCheck.path")}: a TCP health check has no path`);
  return issues;
}
