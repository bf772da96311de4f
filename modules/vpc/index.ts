import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { DefaultNetworkAcl } from "@cdktf/provider-aws/lib/default-network-acl";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc as AwsVpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { postconditionBlocksInHcl } from "../hcl/postconditions";
import { policyDocument, policyJson, type PolicyStatement } from "../iam/policy";
import {
  referenceApplicationRules,
  referenceDatabaseRules,
  referencePublicRules,
  TierNetworkAcl,
  Traffic,
  type DatabaseLinkRules,
  type TierRules,
} from "../network-acl";
import {
  AZ_LETTERS,
  referenceSubnetCidrs,
  subnetIssues,
  TIERS,
  vpcCidrIssues,
  type AzLetter,
  type PerTier,
  type Tier,
} from "./layout";
import { availabilityZoneIssues, defaultAvailabilityZoneIds } from "./availability-zones";

export { defaultAvailabilityZoneIds, EKS_UNSUPPORTED_AZ_IDS } from "./availability-zones";
export { referenceSubnetCidrs, TIERS, AZ_LETTERS, type AzLetter, type PerTier, type Tier } from "./layout";

/** Defaults resolved once; interface endpoints every EKS-with-Karpenter VPC here needs. */
export const DEFAULTS = {
  availabilityZones: 3,
  natGateways: "perAz",
  applicationPorts: [8080],
  databasePorts: [5432],
  flowLogRetentionDays: 365,
  interfaceEndpoints: ["ecr.api", "ecr.dkr", "sts", "logs", "ec2", "sqs", "eks", "secretsmanager"],
} as const;

/** A security group as other modules see it: its id and a stable snake_case key for rule addresses. */
export interface SecurityGroupRef {
  /** Security group id. */
  readonly securityGroupId: string;
  /** Stable snake_case name used in rule addresses (`database_sg_in_5432_from_<key>`), e.g. `dms`. */
  readonly key: string;
}

/** Where flow logs go: an S3 bucket, or a CloudWatch Logs group this module creates. */
export type FlowLogDestination =
  | {
      readonly type: "s3";
      /** ARN of the log bucket (e.g. the log-archive bucket), optionally with a `/prefix`. */
      readonly bucketArn: string;
    }
  | {
      readonly type: "cloudwatch";
      /** CMK that encrypts the group; its key policy must allow `logs.<region>.amazonaws.com`. */
      readonly kmsKeyArn: string;
      /** This account's id, for the `aws:SourceAccount` condition of the service role's trust policy. */
      readonly accountId: string;
      /**
       * Days the logs are kept.
       * @default 365
       */
      readonly retentionDays?: number;
    };

/** A cross-region link of this VPC's database tier to a peer region's database tier, named for its addresses. */
export interface DatabaseLink extends DatabaseLinkRules {
  /** Stable snake_case name of the link, e.g. `prod_ca_central_1`. */
  readonly name: string;
}

/** What a peering construct needs of one side's database tier; subnets keyed by AZ letter. */
export interface DatabaseTierRef {
  readonly vpcId: string;
  readonly cidr: string;
  readonly region: string;
  /** Database subnet CIDRs keyed by AZ letter. */
  readonly subnetCidrs: Readonly<Record<string, string>>;
  /** Database route table ids keyed by a stable name (`database_routes`). */
  readonly routeTableIds: Readonly<Record<string, string>>;
  /** The database tier's network ACL. */
  readonly networkAclId: string;
  /** The database security group, which a serving side opens to the peer by CIDR. */
  readonly securityGroupId: string;
}

/** The VPCs a transit hub joins this one to, and those on the same hubs it must never reach. */
export interface TransitPeers {
  /** Reached VPCs' CIDRs by a stable snake_case name (`production_us_west_2`). */
  readonly cidrs: Readonly<Record<string, string>>;
  /** TCP ports application tiers open to one another through the hub, e.g. `[443]`. */
  readonly ports: readonly number[];
  /** CIDRs of the other segments' VPCs on the same (or a peered) hub, by name: denied everything. */
  readonly deniedCidrs: Readonly<Record<string, string>>;
}

export interface VpcProps {
  /**
   * The VPC's IPv4 CIDR: a /16 for the reference layout, unique in the organization.
   * Changing it replaces the VPC and everything in it.
   */
  readonly cidr: string;
  /** Region of the stack's provider. */
  readonly region: string;
  /** Prefix of every `Name` tag and physical name, e.g. `acme-prod-us-east-1-vpc`. */
  readonly namePrefix: string;
  /** Organization id (`o-...`): interface endpoint policies admit only its principals. */
  readonly organizationId: string;
  /** Where VPC flow logs (ALL traffic, 60 s aggregation) go. */
  readonly flowLogs: FlowLogDestination;
  /**
   * Number of availability zones, by position (a, b, c). Changing it adds or destroys subnets.
   * @default 3
   */
  readonly availabilityZones?: 2 | 3;
  /**
   * AZ IDs by position (a, b, c): the same physical zones in every account, unlike AZ names. A plan
   * fails early (a postcondition on `data.aws_availability_zones`) when the account lacks one.
   * Changing one replaces the subnets at that position and what runs in them.
   * @default - defaultAvailabilityZoneIds(region): the region's first usable zones (see ./availability-zones.ts)
   */
  readonly availabilityZoneIds?: readonly string[];
  /**
   * Zones must support EKS cluster subnets (not use1-az3, usw1-az2, cac1-az3).
   * @default false
   */
  readonly eksSubnets?: boolean;
  /**
   * NAT gateways: one per AZ (survives an AZ outage), or one shared in AZ a (cheaper; each NAT
   * gateway costs hourly plus per GB).
   * @default "perAz"
   */
  readonly natGateways?: "perAz" | "single";
  /**
   * Subnet CIDRs per tier, in AZ order, replacing the reference layout for that tier.
   * Changing one replaces the subnet and what runs in it.
   * @default - the reference layout of the /16 (public x.x.1-3.0/24, application x.x.16/32/48.0/20, database x.x.64/72/80.0/21)
   */
  readonly subnetCidrs?: Partial<PerTier<readonly string[]>>;
  /**
   * Corporate ranges allowed to SSH to public subnets (NACL rules 130-139).
   * @default [] - no SSH
   */
  readonly corporateCidrs?: readonly string[];
  /**
   * Create the load balancer security group (HTTP and HTTPS from anywhere, to `nodePorts` of the
   * nodes), and let the public tier reach the application tier on `applicationPorts` only: the
   * application ACL admits those from each public subnet (rules 40-89) and denies anything else
   * from them (rules 90-94). Off until a load balancer uses it, so no group guards nothing.
   * @default false
   */
  readonly loadBalancer?: boolean;
  /**
   * TCP ports a load balancer reaches in the application tier (ECS tasks, EKS pods); at most 10.
   * @default [8080]
   */
  readonly applicationPorts?: readonly number[];
  /**
   * Of `applicationPorts`, those the load balancer reaches on the nodes' group (EKS targets); an ECS
   * service's own group admits its port from the load balancer group (`EcsService.allowFrom`).
   * @default - applicationPorts
   */
  readonly nodePorts?: readonly number[];
  /**
   * Ports the database tier admits from the application tier (NACL rules and the database security
   * group's rules from the nodes), e.g. 3306 for MariaDB, 6379 for a cache.
   * @default [5432] - PostgreSQL
   */
  readonly databasePorts?: readonly number[];
  /**
   * Other VPCs reached through a transit hub: the application tier exchanges `ports` with them
   * (ACL rules 20-39 both ways, node group rules by CIDR) and denies all from `deniedCidrs`, VPCs on
   * the same hubs it must never reach (rules 1-19). Replies ride on the reference ephemeral rules.
   * @default - no transit rules
   */
  readonly transitPeers?: TransitPeers;
  /**
   * Cross-region links whose peer database subnets may reach this database tier on their ports:
   * NACL rules (see the network-acl README) and database security group rules by CIDR.
   * The peering itself, its routes and the peer-side rules come from `VpcPeering`.
   * @default [] - no link
   */
  readonly databaseLinks?: readonly DatabaseLink[];
  /**
   * Value of the `karpenter.sh/discovery` tag on the application subnets.
   * @default - namePrefix
   */
  readonly clusterName?: string;
  /**
   * Interface endpoints (service suffixes) in the application subnets, with private DNS.
   * Each costs hourly per AZ.
   * @default DEFAULTS.interfaceEndpoints - ecr.api, ecr.dkr, sts, logs, ec2, sqs, eks, secretsmanager
   */
  readonly interfaceEndpoints?: readonly string[];
  /**
   * Tags on every resource of the module, besides `Name` and the provider's default tags.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * The three-tier VPC of DESIGN.md: public, application and database subnets across 2-3 AZs, one
 * network ACL per tier, NAT, flow logs, endpoints, and the security groups of the tiers.
 */
export class Vpc extends Construct {
  readonly vpcId: string;
  readonly cidr: string;
  readonly region: string;
  /** Positions in use, in order (`["a", "b", "c"]`): the keys of subnet addresses, not AZ names. */
  readonly azLetters: AzLetter[];
  /** AZ IDs in use, by position (`use1-az1`): the same physical zones in every account. */
  readonly availabilityZoneIds: string[];
  /** Subnet ids per tier, in AZ order. */
  readonly subnetIds: PerTier<string[]>;
  /** Subnet CIDRs per tier, in AZ order (plain strings, known at synth). */
  readonly subnetCidrs: PerTier<string[]>;
  /** Route table ids per tier: one public, one per AZ for application, one database. */
  readonly routeTableIds: PerTier<string[]>;
  /** Network ACL id per tier. */
  readonly naclIds: PerTier<string>;
  readonly databaseNaclId: string;
  /** NAT gateway ids, in AZ order (one when `natGateways` is `single`). */
  readonly natGatewayIds: string[];
  /** The module's security groups; `loadBalancer` only when `props.loadBalancer` is set. */
  readonly securityGroups: {
    readonly loadBalancer?: SecurityGroupRef;
    readonly nodes: SecurityGroupRef;
    readonly database: SecurityGroupRef;
    readonly endpoints: SecurityGroupRef;
  };
  /** Security group ids by role. */
  readonly securityGroupIds: {
    readonly loadBalancer?: string;
    readonly nodes: string;
    readonly database: string;
    readonly endpoints: string;
  };
  /** DB subnet group on the database subnets, for RDS and DMS. */
  readonly dbSubnetGroupName: string;
  /** This VPC's side of a cross-region database link, for `VpcPeering`. */
  readonly databaseTier: DatabaseTierRef;
  /** The flow logs' log group name in CloudWatch mode (a reference: a subscription waits for the group). */
  readonly flowLogGroupName?: string;

  private readonly resource: AwsVpc;
  private readonly tags: Record<string, string>;
  private readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: VpcProps) {
    super(scope, id);
    const azCount = props.availabilityZones ?? DEFAULTS.availabilityZones;
    const databasePorts = [...(props.databasePorts ?? DEFAULTS.databasePorts)];
    this.tags = props.tags ?? {};
    this.namePrefix = props.namePrefix;
    this.cidr = props.cidr;
    this.region = props.region;
    this.azLetters = AZ_LETTERS.slice(0, azCount);
    const zoneIds = props.availabilityZoneIds ?? defaultAvailabilityZoneIds(props.region) ?? [];
    this.availabilityZoneIds = this.azLetters.map((_, i) => zoneIds[i] ?? `${props.region}-unknown-${i}`);

    const { cidrs, issues } = this.layout(props, azCount);
    this.node.addValidation({ validate: () => issues });
    this.subnetCidrs = cidrs;

    const vpc = new AwsVpc(this, "resource", {
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: this.tagged(props.namePrefix),
    });
    this.resource = vpc;
    this.vpcId = vpc.id;

    const zones = this.checkZonesOffered();
    const subnets = this.createSubnets(props, cidrs, zones);
    this.subnetIds = {
      public: subnets.public.map((s) => s.id),
      application: subnets.application.map((s) => s.id),
      database: subnets.database.map((s) => s.id),
    };
    const nats = this.createInternetAndNat(subnets.public, props.natGateways ?? DEFAULTS.natGateways);
    this.natGatewayIds = nats.natGateways.map((n) => n.id);
    const routes = this.createRoutes(subnets, nats);
    this.routeTableIds = {
      public: [routes.public.id],
      application: routes.application.map((t) => t.id),
      database: [routes.database.id],
    };
    this.naclIds = this.createNetworkAcls(props, cidrs, databasePorts);
    this.databaseNaclId = this.naclIds.database;

    const groups = this.createSecurityGroups(props);
    this.securityGroups = groups;
    this.securityGroupIds = {
      loadBalancer: groups.loadBalancer?.securityGroupId,
      nodes: groups.nodes.securityGroupId,
      database: groups.database.securityGroupId,
      endpoints: groups.endpoints.securityGroupId,
    };
    this.createSecurityGroupRules(props, databasePorts);

    this.flowLogGroupName = this.createFlowLogs(vpc.id, props);
    this.createEndpoints(props);
    this.dbSubnetGroupName = this.createDbSubnetGroup().name;

    this.databaseTier = {
      vpcId: vpc.id,
      cidr: props.cidr,
      region: props.region,
      subnetCidrs: Object.fromEntries(this.azLetters.map((letter, i) => [letter, cidrs.database[i]])),
      routeTableIds: { database_routes: routes.database.id },
      networkAclId: this.databaseNaclId,
      securityGroupId: groups.database.securityGroupId,
    };
  }

  /**
   * Lets `peer` reach the databases on `port` (e.g. DMS on 3306). The NACLs must admit the source
   * subnet too: within the application tier they do; other tiers need a `databaseLinks` entry.
   */
  allowDatabaseFrom(peer: SecurityGroupRef, port: number): void {
    this.allowFrom("database", this.securityGroups.database, peer, port);
  }

  /** Lets `peer` reach the nodes on `port` (e.g. another load balancer on the application port). */
  allowNodesFrom(peer: SecurityGroupRef, port: number): void {
    this.allowFrom("nodes", this.securityGroups.nodes, peer, port);
  }

  private allowFrom(key: string, target: SecurityGroupRef, peer: SecurityGroupRef, port: number): void {
    new VpcSecurityGroupIngressRule(this, `${key}_sg_in_${port}_from_${peer.key}`, {
      securityGroupId: target.securityGroupId,
      description: `tcp ${port} from ${peer.key}`,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: peer.securityGroupId,
    });
  }

  /**
   * The subnet CIDRs (given or the reference layout) and every problem of the props; construction
   * goes on with a usable fallback so that all problems are reported at validation time.
   */
  private layout(props: VpcProps, azCount: number): { cidrs: PerTier<string[]>; issues: string[] } {
    const explicit = props.subnetCidrs ?? {};
    const explicitTiers = TIERS.filter((tier) => explicit[tier] !== undefined);
    const issues = vpcCidrIssues(props.cidr, explicitTiers);
    const reference = referenceSubnetCidrs(issues.length === 0 ? props.cidr : "10.0.0.0/16", azCount);
    const cidrs: PerTier<string[]> = {
      public: [...(explicit.public ?? reference.public)],
      application: [...(explicit.application ?? reference.application)],
      database: [...(explicit.database ?? reference.database)],
    };
    if (issues.length === 0) issues.push(...subnetIssues(props.cidr, azCount, cidrs));
    const zones = availabilityZoneIssues({
      region: props.region,
      count: azCount,
      ids: props.availabilityZoneIds,
      eks: props.eksSubnets ?? false,
    });
    issues.push(...zones.map((issue) => `${issue.field}: ${issue.message}`));
    issues.push(...applicationPortIssues(props), ...transitPeerIssues(props.transitPeers));
    (props.databaseLinks ?? []).forEach((link, i) => {
      if (!/^[a-z][a-z0-9_]*$/.test(link.name))
        issues.push(`databaseLinks[${i}].name: "${link.name}" must be snake_case`);
      if (link.ports.length === 0) issues.push(`databaseLinks[${i}].ports: give at least one port`);
    });
    return { cidrs, issues };
  }

  /**
   * The zones this account is offered in the region, read at plan: a plan fails before any
   * subnet is created when one of the configured AZ IDs is not among them.
   */
  private checkZonesOffered(): DataAwsAvailabilityZones {
    const wanted = JSON.stringify(this.availabilityZoneIds);
    const zones = new DataAwsAvailabilityZones(this, "zones", {
      lifecycle: {
        postcondition: [
          {
            condition: `\${alltrue([for id in ${wanted} : contains(self.zone_ids, id)])}`,
            errorMessage:
              `AZ IDs \${join(", ", setsubtract(${wanted}, self.zone_ids))} are not offered to this account in ` +
              `${this.region} (it has \${join(", ", self.zone_ids)}): set network.availabilityZoneIds to zones it has`,
          },
        ],
      },
    });
    postconditionBlocksInHcl(zones);
    return zones;
  }

  /** Subnets `public_a`, `application_b`, `database_c`: keyed by tier and position, placed by AZ ID. */
  private createSubnets(
    props: VpcProps,
    cidrs: PerTier<string[]>,
    zones: DataAwsAvailabilityZones,
  ): Record<Tier, Subnet[]> {
    const subnets = {} as Record<Tier, Subnet[]>;
    for (const tier of TIERS) {
      subnets[tier] = this.azLetters.map(
        (letter, i) =>
          new Subnet(this, `${tier}_${letter}`, {
            vpcId: this.vpcId,
            cidrBlock: cidrs[tier][i],
            availabilityZoneId: this.availabilityZoneIds[i],
            mapPublicIpOnLaunch: false,
            tags: this.tagged(
              `${props.namePrefix}-${tier}-${letter}`,
              subnetTags(tier, props.clusterName ?? props.namePrefix),
            ),
            // The zone check must pass before any subnet is planned into a zone the account lacks.
            dependsOn: [zones],
          }),
      );
    }
    return subnets;
  }

  /** The internet gateway, and NAT gateways (with their Elastic IPs) in the public subnets. */
  private createInternetAndNat(
    publicSubnets: readonly Subnet[],
    mode: "perAz" | "single",
  ): { internetGateway: InternetGateway; natGateways: NatGateway[] } {
    const igw = new InternetGateway(this, "igw", { vpcId: this.vpcId, tags: this.tagged(`${this.namePrefix}-igw`) });
    const natLetters = mode === "single" ? this.azLetters.slice(0, 1) : this.azLetters;
    const natGateways = natLetters.map((letter, i) => {
      const eip = new Eip(this, `eip_${letter}`, {
        domain: "vpc",
        tags: this.tagged(`${this.namePrefix}-nat-${letter}`),
        dependsOn: [igw],
      });
      return new NatGateway(this, `nat_${letter}`, {
        allocationId: eip.allocationId,
        subnetId: publicSubnets[i].id,
        tags: this.tagged(`${this.namePrefix}-nat-${letter}`),
        dependsOn: [igw],
      });
    });
    return { internetGateway: igw, natGateways };
  }

  /**
   * Route tables: public to the internet gateway, application to its AZ's NAT, and the database
   * tier with no route to the internet in either direction. Standalone `aws_route` only, so that
   * peering can add routes to the same tables.
   */
  private createRoutes(
    subnets: Record<Tier, Subnet[]>,
    nats: { internetGateway: InternetGateway; natGateways: NatGateway[] },
  ): { public: RouteTable; application: RouteTable[]; database: RouteTable } {
    const publicRoutes = new RouteTable(this, "public_routes", {
      vpcId: this.vpcId,
      tags: this.tagged(`${this.namePrefix}-public`),
    });
    new Route(this, "public_internet_route", {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: nats.internetGateway.id,
    });
    const applicationRoutes = this.azLetters.map((letter, i) => {
      const table = new RouteTable(this, `application_routes_${letter}`, {
        vpcId: this.vpcId,
        tags: this.tagged(`${this.namePrefix}-application-${letter}`),
      });
      new Route(this, `application_nat_route_${letter}`, {
        routeTableId: table.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: nats.natGateways[Math.min(i, nats.natGateways.length - 1)].id,
      });
      return table;
    });
    const databaseRoutes = new RouteTable(this, "database_routes", {
      vpcId: this.vpcId,
      tags: this.tagged(`${this.namePrefix}-database`),
    });
    this.azLetters.forEach((letter, i) => {
      const tables: PerTier<RouteTable> = {
        public: publicRoutes,
        application: applicationRoutes[i],
        database: databaseRoutes,
      };
      for (const tier of TIERS) {
        new RouteTableAssociation(this, `${tier}_${letter}_routes`, {
          subnetId: subnets[tier][i].id,
          routeTableId: tables[tier].id,
        });
      }
    });
    return { public: publicRoutes, application: applicationRoutes, database: databaseRoutes };
  }

  /** One network ACL per tier with the reference rules, and the default ACL emptied. */
  private createNetworkAcls(props: VpcProps, cidrs: PerTier<string[]>, databasePorts: number[]): PerTier<string> {
    const rules = {
      public: referencePublicRules({ vpcCidr: props.cidr, corporateCidrs: props.corporateCidrs }),
      application: withTransitPeers(
        withPublicTierPorts(
          referenceApplicationRules({ vpcCidr: props.cidr }),
          props.loadBalancer ? cidrs.public : [],
          props.applicationPorts ?? DEFAULTS.applicationPorts,
        ),
        props.transitPeers,
      ),
      database: referenceDatabaseRules({
        vpcCidr: props.cidr,
        applicationSubnetCidrs: cidrs.application,
        publicSubnetCidrs: cidrs.public,
        databasePorts,
        links: props.databaseLinks,
      }),
    };
    this.node.addValidation({ validate: () => TIERS.flatMap((tier) => ruleQuotaIssues(tier, rules[tier])) });
    const nacls = {} as Record<Tier, TierNetworkAcl>;
    for (const tier of TIERS) {
      nacls[tier] = new TierNetworkAcl(this, `${tier}_nacl`, {
        vpcId: this.vpcId,
        subnetIds: this.subnetIds[tier],
        inbound: rules[tier].inbound,
        outbound: rules[tier].outbound,
        tags: this.tagged(`${props.namePrefix}-${tier}`),
      });
    }
    new DefaultNetworkAcl(this, "default_nacl", {
      defaultNetworkAclId: this.resource.defaultNetworkAclId,
      tags: this.tagged(`${props.namePrefix}-default-deny-all`),
      // Subnets move to the tier ACLs; Terraform would otherwise fight over the association.
      lifecycle: { ignoreChanges: ["subnet_ids"] },
    });
    return {
      public: nacls.public.networkAclId,
      application: nacls.application.networkAclId,
      database: nacls.database.networkAclId,
    };
  }

  /** The tiers' security groups (the load balancer's only when asked for), and the default group emptied. */
  private createSecurityGroups(props: VpcProps): Vpc["securityGroups"] {
    new DefaultSecurityGroup(this, "default_sg", {
      vpcId: this.vpcId,
      tags: this.tagged(`${props.namePrefix}-default-deny-all`),
    });
    const group = (key: string, description: string): SecurityGroupRef => {
      const sg = new SecurityGroup(this, `${key}_sg`, {
        name: `${props.namePrefix}-${key.replace(/_/g, "-")}`,
        description,
        vpcId: this.vpcId,
        revokeRulesOnDelete: true,
        tags: this.tagged(`${props.namePrefix}-${key.replace(/_/g, "-")}`),
      });
      return { securityGroupId: sg.id, key };
    };
    return {
      loadBalancer: props.loadBalancer
        ? group("lb", "Load balancer: HTTP and HTTPS from anywhere, to the nodes")
        : undefined,
      nodes: group("nodes", "EKS nodes: the application port from the load balancer, anything between nodes"),
      database: group("database", "Databases: their ports from the nodes only"),
      endpoints: group("endpoints", "Interface VPC endpoints: HTTPS from the VPC only"),
    };
  }

  /** Per-rule resources of the tiers' groups: what each group admits and from where. */
  private createSecurityGroupRules(props: VpcProps, databasePorts: number[]): void {
    const { loadBalancer: lb, nodes, endpoints } = this.securityGroups;
    if (lb !== undefined) {
      for (const port of [443, 80]) {
        new VpcSecurityGroupIngressRule(this, `lb_sg_in_${port}`, {
          securityGroupId: lb.securityGroupId,
          description: `${port === 443 ? "HTTPS" : "HTTP (redirect to HTTPS)"} from anywhere`,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: "0.0.0.0/0",
        });
      }
      for (const port of props.nodePorts ?? props.applicationPorts ?? DEFAULTS.applicationPorts) {
        new VpcSecurityGroupEgressRule(this, `lb_sg_out_${port}_to_nodes`, {
          securityGroupId: lb.securityGroupId,
          description: "To the nodes' application port",
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          referencedSecurityGroupId: nodes.securityGroupId,
        });
        this.allowNodesFrom(lb, port);
      }
    }
    new VpcSecurityGroupIngressRule(this, "nodes_sg_in_all_from_self", {
      securityGroupId: nodes.securityGroupId,
      description: "Anything between nodes and pods",
      ipProtocol: "-1",
      referencedSecurityGroupId: nodes.securityGroupId,
    });
    new VpcSecurityGroupEgressRule(this, "nodes_sg_out_all", {
      securityGroupId: nodes.securityGroupId,
      description: "Nodes reach the VPC, the endpoints and (through NAT) the internet; the NACLs bound it",
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
    });
    // What another VPC reaches through the hub: the NACL admits the same ports from the same CIDRs.
    for (const [name, cidr] of Object.entries(props.transitPeers?.cidrs ?? {})) {
      for (const port of props.transitPeers!.ports) {
        new VpcSecurityGroupIngressRule(this, `nodes_sg_in_${port}_from_${name}`, {
          securityGroupId: nodes.securityGroupId,
          description: `tcp ${port} from ${name} through the transit hub`,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: cidr,
        });
      }
    }
    for (const port of databasePorts) this.allowDatabaseFrom(nodes, port);
    // A link's peer is in another region: security groups cannot reference across regions, so its
    // database subnets are admitted by CIDR, on the link's ports only (the NACL does the same).
    for (const link of (props.databaseLinks ?? []).filter((l) => (l.side ?? "serve") === "serve")) {
      for (const port of link.ports) {
        link.peerDatabaseCidrs.forEach((cidr, i) => {
          new VpcSecurityGroupIngressRule(this, `database_sg_in_${port}_from_${link.name}_${AZ_LETTERS[i] ?? i}`, {
            securityGroupId: this.securityGroups.database.securityGroupId,
            description: `tcp ${port} from ${link.name}'s database subnet ${AZ_LETTERS[i] ?? i}`,
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            cidrIpv4: cidr,
          });
        });
      }
    }
    new VpcSecurityGroupIngressRule(this, "endpoints_sg_in_443_from_vpc", {
      securityGroupId: endpoints.securityGroupId,
      description: "HTTPS from the VPC",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.cidr,
    });
  }

  /**
   * Flow logs of ALL traffic, 60 s aggregation, into S3 or a KMS-encrypted log group with its role;
   * returns the log group's name in CloudWatch mode.
   */
  private createFlowLogs(vpcId: string, props: VpcProps): string | undefined {
    const common = {
      vpcId,
      trafficType: "ALL",
      maxAggregationInterval: 60,
      tags: this.tagged(`${props.namePrefix}-flow-logs`),
    };
    const destination = props.flowLogs;
    if (destination.type === "s3") {
      new FlowLog(this, "flow_log", { ...common, logDestinationType: "s3", logDestination: destination.bucketArn });
      return undefined;
    }
    const group = new CloudwatchLogGroup(this, "flow_log_group", {
      name: `/aws/vpc/flow-logs/${props.namePrefix}`,
      kmsKeyId: destination.kmsKeyArn,
      retentionInDays: destination.retentionDays ?? DEFAULTS.flowLogRetentionDays,
      tags: this.tagged(`${props.namePrefix}-flow-logs`),
    });
    const role = new IamRole(this, "flow_log_role", {
      name: `${props.namePrefix}-flow-logs`,
      description: "Lets VPC Flow Logs of this account write to its log group",
      assumeRolePolicy: policyJson(
        policyDocument({
          Effect: "Allow",
          Principal: { Service: "vpc-flow-logs.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": destination.accountId },
            ArnLike: { "aws:SourceArn": `arn:aws:ec2:${props.region}:${destination.accountId}:vpc-flow-log/*` },
          },
        }),
      ),
      tags: this.tagged(`${props.namePrefix}-flow-logs`),
    });
    new IamRolePolicy(this, "flow_log_role_policy", {
      role: role.id,
      name: "write-flow-logs",
      policy: policyJson(
        policyDocument({
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
          Resource: [group.arn, `${group.arn}:*`],
        }),
      ),
    });
    new FlowLog(this, "flow_log", {
      ...common,
      logDestinationType: "cloud-watch-logs",
      logDestination: group.arn,
      iamRoleArn: role.arn,
    });
    return group.name;
  }

  /** Gateway endpoints for S3 and DynamoDB on the private route tables; interface endpoints in the application subnets. */
  private createEndpoints(props: VpcProps): void {
    const privateRouteTables = [...this.routeTableIds.application, ...this.routeTableIds.database];
    for (const service of ["s3", "dynamodb"]) {
      new VpcEndpoint(this, `${service}_endpoint`, {
        vpcId: this.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Gateway",
        routeTableIds: privateRouteTables,
        tags: this.tagged(`${props.namePrefix}-${service}`),
      });
    }
    for (const service of props.interfaceEndpoints ?? DEFAULTS.interfaceEndpoints) {
      new VpcEndpoint(this, `${service.replace(/[^a-z0-9]/g, "_")}_endpoint`, {
        vpcId: this.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Interface",
        subnetIds: this.subnetIds.application,
        securityGroupIds: [this.securityGroups.endpoints.securityGroupId],
        privateDnsEnabled: true,
        policy: policyJson(endpointPolicy(service, props.organizationId)),
        tags: this.tagged(`${props.namePrefix}-${service.replace(/\./g, "-")}`),
      });
    }
  }

  /** The DB subnet group on the database subnets, for RDS and DMS. */
  private createDbSubnetGroup(): DbSubnetGroup {
    return new DbSubnetGroup(this, "db_subnet_group", {
      name: `${this.namePrefix}-database`.toLowerCase(),
      description: `Database subnets of ${this.namePrefix}`,
      subnetIds: this.subnetIds.database,
      tags: this.tagged(`${this.namePrefix}-database`),
    });
  }

  private tagged(name: string, extra: Record<string, string> = {}): Record<string, string> {
    return { ...this.tags, ...extra, Name: name };
  }
}

/** Ports of the application tier: TCP ports, at most 10 (rules 40-89), and node ports among them. */
function applicationPortIssues(props: VpcProps): string[] {
  const ports = props.applicationPorts ?? DEFAULTS.applicationPorts;
  const issues = ports.flatMap((port, i) =>
    !Number.isInteger(port) || port < 1 || port > 65535
      ? [`applicationPorts[${i}]: ${port} is not a TCP port (1-65535)`]
      : ports.indexOf(port) !== i
        ? [`applicationPorts[${i}]: ${port} is listed twice`]
        : [],
  );
  if (ports.length > MAX_APPLICATION_PORTS) {
    issues.push(
      `applicationPorts: ${ports.length} ports; the application ACL's rules 40-89 hold ${MAX_APPLICATION_PORTS}`,
    );
  }
  (props.nodePorts ?? []).forEach((port, i) => {
    if (!ports.includes(port))
      issues.push(`nodePorts[${i}]: ${port} is not one of applicationPorts (${ports.join(", ")})`);
  });
  return issues;
}

/** Ports the public tier may reach in the application tier: ACL rules 40-89 hold ten. */
const MAX_APPLICATION_PORTS = 10;

/**
 * The application tier's reference rules, and before them (first match wins): each application port
 * from each public subnet (`40 + 5 × port + subnet`), then anything else from the public subnets
 * denied (`90 + subnet`). Reference `in 100` admits all of the VPC, so a host beside the load
 * balancer could otherwise reach every port of the tasks and nodes. Return traffic of NAT-ed
 * connections carries the internet peer's address, not a public subnet's, and is unaffected.
 */
function withPublicTierPorts(
  rules: TierRules,
  publicSubnetCidrs: readonly string[],
  ports: readonly number[],
): TierRules {
  const admitted = ports
    .slice(0, MAX_APPLICATION_PORTS)
    .flatMap((port, p) =>
      publicSubnetCidrs.map((cidr, az) => ({ number: 40 + 5 * p + az, traffic: Traffic.tcp(port), cidr })),
    );
  const denied = publicSubnetCidrs.map((cidr, az) => ({
    number: 90 + az,
    traffic: Traffic.all(),
    cidr,
    action: "deny" as const,
  }));
  return { inbound: [...admitted, ...denied, ...rules.inbound], outbound: rules.outbound };
}

/**
 * Rules per network ACL: 20 each way by default (adjustable up to 40), so a tier's ACL must not
 * hold more than 20 inbound or 20 outbound rules unless the quota was raised.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html ("Network ACLs")
 */
export const NACL_RULE_QUOTA = 20;

function ruleQuotaIssues(tier: Tier, rules: TierRules): string[] {
  return (["inbound", "outbound"] as const).flatMap((direction) =>
    rules[direction].length > NACL_RULE_QUOTA
      ? [`${tier} ACL: ${rules[direction].length} ${direction} rules; a network ACL holds ${NACL_RULE_QUOTA} each way`]
      : [],
  );
}

/** Rules 1-19 hold the denied VPCs, 20-39 the transit ports of the reached ones. */
const TRANSIT_DENY_RULES = { first: 1, count: 19 } as const;
const TRANSIT_PORT_RULES = { first: 20, count: 20 } as const;

function transitPeerIssues(peers: TransitPeers | undefined): string[] {
  if (peers === undefined) return [];
  const issues: string[] = [];
  const denied = Object.keys(peers.deniedCidrs).length;
  const reached = Object.keys(peers.cidrs).length * peers.ports.length;
  if (denied > TRANSIT_DENY_RULES.count) {
    issues.push(`transitPeers.deniedCidrs: ${denied} VPCs; the application ACL's rules 1-19 hold 19`);
  }
  if (reached > TRANSIT_PORT_RULES.count) {
    issues.push(`transitPeers: ${reached} CIDR and port pairs; the application ACL's rules 20-39 hold 20`);
  }
  peers.ports.forEach((port, i) => {
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      issues.push(`transitPeers.ports[${i}]: ${port} is not a TCP port (1-65535)`);
  });
  for (const name of [...Object.keys(peers.cidrs), ...Object.keys(peers.deniedCidrs)]) {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) issues.push(`transitPeers: "${name}" must be snake_case`);
  }
  return issues;
}

/**
 * The application tier's side of the transit hub, ahead of the reference rules (first match wins):
 * deny all from each VPC of another segment (`1 + i`), so that a dev VPC is refused even on ports
 * the reference `in 110` (tcp 1024-65535 from anywhere, for NAT replies) would admit; then each
 * transit port from and to each reached VPC (`20 + k`, both ways). Replies need nothing new: the
 * reference `in 110` and `out 130` carry the ephemeral range from and to anywhere.
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html (the subnets' ACLs apply to traffic through the attachment)
 */
function withTransitPeers(rules: TierRules, peers: TransitPeers | undefined): TierRules {
  if (peers === undefined) return rules;
  const denied = Object.values(peers.deniedCidrs)
    .slice(0, TRANSIT_DENY_RULES.count)
    .map((cidr, i) => ({
      number: TRANSIT_DENY_RULES.first + i,
      traffic: Traffic.all(),
      cidr,
      action: "deny" as const,
    }));
  const reached = Object.values(peers.cidrs)
    .flatMap((cidr) => peers.ports.map((port) => ({ traffic: Traffic.tcp(port), cidr })))
    .slice(0, TRANSIT_PORT_RULES.count)
    .map((rule, k) => ({ ...rule, number: TRANSIT_PORT_RULES.first + k }));
  return { inbound: [...denied, ...reached, ...rules.inbound], outbound: [...reached, ...rules.outbound] };
}

/** Discovery tags: ELBs on public/application, Karpenter on application subnets only. */
function subnetTags(tier: Tier, cluster: string): Record<string, string> {
  if (tier === "public") return { "kubernetes.io/role/elb": "1" };
  if (tier === "application") return { "kubernetes.io/role/internal-elb": "1", "karpenter.sh/discovery": cluster };
  return {};
}

/**
 * Interface endpoint policy: only principals of the organization. STS also lets web-identity
 * federation (IRSA) assume the organization's roles: those calls carry no principal, so no
 * `aws:PrincipalOrgID`.
 */
function endpointPolicy(service: string, organizationId: string): ReturnType<typeof policyDocument> {
  const statements: PolicyStatement[] = [
    {
      Sid: "OrganizationPrincipalsOnly",
      Effect: "Allow",
      Principal: "*",
      Action: "*",
      Resource: "*",
      Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } },
    },
  ];
  if (service === "sts") {
    statements.push({
      Sid: "WebIdentityFederationToOrganizationRoles",
      Effect: "Allow",
      Principal: "*",
      Action: "sts:AssumeRoleWithWebIdentity",
      Resource: "*",
      Condition: { StringEquals: { "aws:ResourceOrgID": organizationId } },
    });
  }
  return policyDocument(...statements);
}
