import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Vpc as AwsVpc } from "@cdktf/provider-aws/lib/vpc";
import type { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import {
  DEFAULT_SEGMENTS,
  segmentIssues,
  tablesLearning,
  TransitHub,
  type TransitHubProps,
  type TransitHubRef,
} from "../../modules/transit-hub";
import { TransitAttachment, type TransitAttachmentProps } from "../../modules/transit-hub/attachment";
import { TransitHubPeering, type TransitHubPeeringProps } from "../../modules/transit-hub/peering";
import { resource, resourcesOf, synthModule, type StackJson } from "../helpers/synth";
import { TransitModel } from "./transit-flow";

const NETWORK = "123456789017";
const PROD = "444444444444";
const DEV = "222222222222";
const ORGANIZATION_ARN = "arn:aws:organizations::111111111111:organization/o-exampleorg1";

const hubProps = (region: string, overrides: Partial<TransitHubProps> = {}): TransitHubProps => ({
  region,
  accountId: NETWORK,
  namePrefix: `acme-network-${region}-tgw`,
  organizationArn: ORGANIZATION_ARN,
  ...overrides,
});

interface Landscape {
  readonly scope: Construct;
  readonly east: TransitHubRef;
  readonly central: TransitHubRef;
  readonly providers: Record<"network" | "networkCa" | "prodCa", TerraformProvider>;
}

/** A VPC (only its CIDR matters to the model) attached to a hub in a segment, from its owner's account. */
function attach(
  land: Landscape,
  key: string,
  cidr: string,
  segment: string,
  where: { hub: TransitHubRef; account: string; provider?: TerraformProvider; hubProvider?: TerraformProvider },
  overrides: Partial<TransitAttachmentProps> = {},
): void {
  const vpc = new AwsVpc(land.scope, `${key}_vpc`, { provider: where.provider, cidrBlock: cidr });
  new TransitAttachment(land.scope, `${key}_tgw`, {
    hub: where.hub,
    segment,
    vpc: { vpcId: vpc.id, region: where.hub.region, accountId: where.account },
    subnetIds: [`subnet-${key}a`, `subnet-${key}b`],
    provider: where.provider,
    hubProvider: where.hubProvider,
    name: `acme-${key}-tgw`,
    ...overrides,
  });
}

/**
 * The network account's hubs in us-east-1 and ca-central-1, peered; in us-east-1 two prod VPCs, a dev
 * VPC and a shared-services VPC of the network account itself; in ca-central-1 a prod and a dev VPC.
 * Consumer VPCs sit on the stack's default provider (prod, us-east-1) or on their own aliased one.
 */
function synthLandscape(
  build: (land: Landscape) => void = defaultLandscape,
  hubOverrides: Partial<TransitHubProps> = {},
): StackJson {
  return synthModule((scope) => {
    const network = new AwsProvider(scope, "aws_network", { alias: "network", region: "us-east-1" });
    const networkCa = new AwsProvider(scope, "aws_network_ca", { alias: "network_ca", region: "ca-central-1" });
    const prodCa = new AwsProvider(scope, "aws_prod_ca", { alias: "prod_ca", region: "ca-central-1" });
    const east = new TransitHub(scope, "hub", { ...hubProps("us-east-1"), provider: network, ...hubOverrides });
    const central = new TransitHub(scope, "hub_ca", {
      ...hubProps("ca-central-1"),
      amazonSideAsn: 64513,
      provider: networkCa,
    });
    build({ scope, east: east.hub, central: central.hub, providers: { network, networkCa, prodCa } });
  });
}

const US = {
  prod: "10.0.0.0/16",
  prod2: "10.3.0.0/16",
  dev: "10.2.0.0/16",
  shared: "10.4.0.0/16",
};
const CA = { prod: "10.1.0.0/16", dev: "10.5.0.0/16" };

/** The prod VPC of us-east-1, attached from the prod account. */
function attachProd(land: Landscape, overrides: Partial<TransitAttachmentProps> = {}): void {
  attach(
    land,
    "prod",
    US.prod,
    "prod",
    { hub: land.east, hubProvider: land.providers.network, account: PROD },
    overrides,
  );
}

function defaultLandscape(land: Landscape): void {
  const { network, networkCa, prodCa } = land.providers;
  const east = { hub: land.east, hubProvider: network };
  attach(land, "prod", US.prod, "prod", { ...east, account: PROD });
  attach(land, "prod2", US.prod2, "prod", { ...east, account: PROD });
  attach(land, "dev", US.dev, "nonprod", { ...east, account: DEV });
  attach(land, "shared", US.shared, "shared", { hub: land.east, account: NETWORK, provider: network });
  const central = { hub: land.central, hubProvider: networkCa, provider: prodCa };
  attach(land, "prod_ca", CA.prod, "prod", { ...central, account: PROD });
  attach(land, "dev_ca", CA.dev, "nonprod", { ...central, account: DEV });
  new TransitHubPeering(land.scope, "peering", {
    local: land.east,
    localProvider: network,
    peer: land.central,
    peerProvider: networkCa,
    localCidrs: {
      prod: { prod_use1: US.prod, prod2_use1: US.prod2 },
      nonprod: { dev_use1: US.dev },
      shared: { shared_use1: US.shared },
    },
    peerCidrs: { prod: { prod_cac1: CA.prod }, nonprod: { dev_cac1: CA.dev } },
    name: "acme-network-us-east-1-to-ca-central-1",
  });
}

const json = synthLandscape();
const model = new TransitModel(json);
const host = (cidr: string) => cidr.replace(/0\.0\/16$/, "16.10");

describe("the transit gateway", () => {
  test("no default route table, no auto-accept, a private ASN, kept from destroy", () => {
    expect(resource(json, "aws_ec2_transit_gateway", "hub")).toEqual({
      provider: "aws.network",
      description: "Network hub of us-east-1",
      amazon_side_asn: 64512,
      default_route_table_association: "disable",
      default_route_table_propagation: "disable",
      auto_accept_shared_attachments: "disable",
      dns_support: "enable",
      tags: { Name: "acme-network-us-east-1-tgw" },
      lifecycle: { prevent_destroy: true },
    });
  });

  test("one route table per segment, named by it", () => {
    const tables = Object.entries(resourcesOf(json, "aws_ec2_transit_gateway_route_table"))
      .filter(([, t]) => t.transit_gateway_id === "${aws_ec2_transit_gateway.hub.id}")
      .map(([name, t]) => [name, (t.tags as Record<string, string>).Name]);
    expect(Object.fromEntries(tables)).toEqual({
      hub_prod_routes: "acme-network-us-east-1-tgw-prod",
      hub_nonprod_routes: "acme-network-us-east-1-tgw-nonprod",
      hub_shared_routes: "acme-network-us-east-1-tgw-shared",
    });
  });

  test("is shared with the organization alone through RAM", () => {
    expect(resource(json, "aws_ram_resource_share", "hub_share")).toMatchObject({
      name: "acme-network-us-east-1-tgw",
      allow_external_principals: false,
    });
    expect(resource(json, "aws_ram_resource_association", "hub_share_transit_gateway")).toEqual({
      provider: "aws.network",
      resource_arn: "${aws_ec2_transit_gateway.hub.arn}",
      resource_share_arn: "${aws_ram_resource_share.hub_share.arn}",
    });
    const principals = Object.values(resourcesOf(json, "aws_ram_principal_association")).map((p) => p.principal);
    expect(principals).toEqual([ORGANIZATION_ARN, ORGANIZATION_ARN]);
  });

  test("blackhole routes drop the named CIDRs in their segment's table", () => {
    const blackholed = synthLandscape(defaultLandscape, { blackholes: { nonprod: { prod_supernet: "10.0.0.0/14" } } });
    expect(resource(blackholed, "aws_ec2_transit_gateway_route", "hub_nonprod_routes_blackhole_prod_supernet")).toEqual(
      {
        provider: "aws.network",
        transit_gateway_route_table_id: "${aws_ec2_transit_gateway_route_table.hub_nonprod_routes.id}",
        destination_cidr_block: "10.0.0.0/14",
        blackhole: true,
      },
    );
    expect(new TransitModel(blackholed).deliver(host(US.dev), host(US.prod)).why).toBe(
      "10.0.16.10 is blackholed in hub_nonprod_routes",
    );
  });
});

describe("attachments", () => {
  test("a VPC of another account attaches on its own provider; the hub's account accepts it", () => {
    expect(resource(json, "aws_ec2_transit_gateway_vpc_attachment", "dev_tgw")).toEqual({
      transit_gateway_id: "${aws_ec2_transit_gateway.hub.id}",
      vpc_id: "${aws_vpc.dev_vpc.id}",
      subnet_ids: ["subnet-deva", "subnet-devb"],
      dns_support: "enable",
      tags: { Name: "acme-dev-tgw" },
    });
    expect(resource(json, "aws_ec2_transit_gateway_vpc_attachment_accepter", "dev_tgw_accepter")).toEqual({
      provider: "aws.network",
      transit_gateway_attachment_id: "${aws_ec2_transit_gateway_vpc_attachment.dev_tgw.id}",
      transit_gateway_default_route_table_association: false,
      transit_gateway_default_route_table_propagation: false,
      tags: { Name: "acme-dev-tgw" },
    });
  });

  test("a VPC of the hub's own account needs no accepter", () => {
    expect(resourcesOf(json, "aws_ec2_transit_gateway_vpc_attachment_accepter")).not.toHaveProperty(
      "shared_tgw_accepter",
    );
    expect(resource(json, "aws_ec2_transit_gateway_vpc_attachment", "shared_tgw")).toMatchObject({
      provider: "aws.network",
      transit_gateway_default_route_table_association: false,
      transit_gateway_default_route_table_propagation: false,
    });
  });

  test("each attachment associates with its segment's table and propagates only into the tables that learn it", () => {
    const ofAttachment = (type: string, attachment: string) =>
      Object.values(resourcesOf(json, type))
        .filter((r) => r.transit_gateway_attachment_id === attachment)
        .map((r) =>
          String(r.transit_gateway_route_table_id).replace(
            /^\$\{aws_ec2_transit_gateway_route_table\.(.*)\.id\}$/,
            "$1",
          ),
        );
    const dev = "${aws_ec2_transit_gateway_vpc_attachment_accepter.dev_tgw_accepter.transit_gateway_attachment_id}";
    expect(ofAttachment("aws_ec2_transit_gateway_route_table_association", dev)).toEqual(["hub_nonprod_routes"]);
    expect(ofAttachment("aws_ec2_transit_gateway_route_table_propagation", dev).sort()).toEqual([
      "hub_nonprod_routes",
      "hub_shared_routes",
    ]);
    const shared = "${aws_ec2_transit_gateway_vpc_attachment.shared_tgw.id}";
    expect(ofAttachment("aws_ec2_transit_gateway_route_table_propagation", shared).sort()).toEqual([
      "hub_nonprod_routes",
      "hub_prod_routes",
      "hub_shared_routes",
    ]);
  });

  test("VPC routes to the hub wait for the association", () => {
    const routed = synthLandscape((land) =>
      attachProd(land, {
        vpcRouteTableIds: { application_a: "rtb-0123456789abcdef0" },
        destinations: { organization: "10.0.0.0/8" },
      }),
    );
    expect(resource(routed, "aws_route", "prod_tgw_route_application_a_to_organization")).toEqual({
      route_table_id: "rtb-0123456789abcdef0",
      destination_cidr_block: "10.0.0.0/8",
      transit_gateway_id: "${aws_ec2_transit_gateway.hub.id}",
      depends_on: ["aws_ec2_transit_gateway_route_table_association.prod_tgw_association"],
    });
  });
});

describe("environment separation (flow model over the synthesized route tables)", () => {
  test("prod never routes to dev, and dev never routes to prod", () => {
    expect(model.deliver(host(US.prod), host(US.dev))).toEqual({
      tables: ["hub_prod_routes"],
      why: "no route to 10.2.16.10 in hub_prod_routes",
    });
    expect(model.deliver(host(US.dev), host(US.prod))).toEqual({
      tables: ["hub_nonprod_routes"],
      why: "no route to 10.0.16.10 in hub_nonprod_routes",
    });
    expect(model.connect(host(US.prod), host(US.dev)).connected).toBe(false);
  });

  test("prod and dev both reach shared services, both ways", () => {
    for (const client of [US.prod, US.dev]) {
      const connection = model.connect(host(client), host(US.shared));
      expect(connection).toMatchObject({ connected: true, request: { vpc: "shared_vpc" } });
    }
    expect(model.connect(host(US.shared), host(US.prod)).connected).toBe(true);
  });

  test("VPCs of one environment reach each other", () => {
    expect(model.connect(host(US.prod), host(US.prod2))).toMatchObject({
      connected: true,
      request: { vpc: "prod2_vpc", tables: ["hub_prod_routes"] },
    });
  });

  test("across the peering, prod reaches prod and shared of the other region, never dev", () => {
    expect(model.connect(host(US.prod), host(CA.prod))).toMatchObject({
      connected: true,
      request: { vpc: "prod_ca_vpc", tables: ["hub_prod_routes", "hub_ca_shared_routes"] },
      reply: { vpc: "prod_vpc", tables: ["hub_ca_prod_routes", "hub_shared_routes"] },
    });
    expect(model.connect(host(CA.prod), host(US.shared)).connected).toBe(true);
    expect(model.deliver(host(CA.prod), host(US.dev)).why).toBe("no route to 10.2.16.10 in hub_ca_prod_routes");
    expect(model.deliver(host(US.dev), host(CA.prod)).why).toBe("no route to 10.1.16.10 in hub_nonprod_routes");
    expect(model.deliver(host(CA.dev), host(US.prod)).why).toBe("no route to 10.0.16.10 in hub_ca_nonprod_routes");
    expect(model.connect(host(US.dev), host(CA.dev)).connected).toBe(true);
  });

  test("the model sees a leak: with isolation lifted and prod learning nonprod, prod and dev connect", () => {
    const leaky = synthLandscape(defaultLandscape, {
      isolatedSegments: [],
      segments: {
        prod: { learnsFrom: ["prod", "nonprod", "shared"] },
        nonprod: { learnsFrom: ["nonprod", "prod", "shared"] },
        shared: { learnsFrom: ["prod", "nonprod", "shared"] },
      },
    });
    expect(new TransitModel(leaky).connect(host(US.prod), host(US.dev)).connected).toBe(true);
  });

  test("every pair of VPCs: connected exactly when neither is prod while the other is nonprod", () => {
    const segmentOf: Record<string, string> = {
      [US.prod]: "prod",
      [US.prod2]: "prod",
      [CA.prod]: "prod",
      [US.dev]: "nonprod",
      [CA.dev]: "nonprod",
      [US.shared]: "shared",
    };
    for (const [a, sa] of Object.entries(segmentOf)) {
      for (const [b, sb] of Object.entries(segmentOf)) {
        if (a === b) continue;
        const isolated = (sa === "prod" && sb === "nonprod") || (sa === "nonprod" && sb === "prod");
        expect([a, b, model.connect(host(a), host(b)).connected]).toEqual([a, b, !isolated]);
      }
    }
  });
});

describe("peering", () => {
  test("requested by the local hub, accepted with the peer's provider", () => {
    expect(resource(json, "aws_ec2_transit_gateway_peering_attachment", "peering")).toEqual({
      provider: "aws.network",
      transit_gateway_id: "${aws_ec2_transit_gateway.hub.id}",
      peer_transit_gateway_id: "${aws_ec2_transit_gateway.hub_ca.id}",
      peer_region: "ca-central-1",
      peer_account_id: NETWORK,
      tags: { Name: "acme-network-us-east-1-to-ca-central-1" },
    });
    expect(resource(json, "aws_ec2_transit_gateway_peering_attachment_accepter", "peering_accepter")).toMatchObject({
      provider: "aws.network_ca",
      transit_gateway_attachment_id: "${aws_ec2_transit_gateway_peering_attachment.peering.id}",
    });
  });

  test("each far segment's CIDRs go into exactly the tables that learn that segment", () => {
    const routes = Object.keys(resourcesOf(json, "aws_ec2_transit_gateway_route")).filter((n) =>
      n.startsWith("peering_"),
    );
    expect(routes.sort()).toEqual(
      [
        "peering_local_prod_to_prod_cac1",
        "peering_local_shared_to_prod_cac1",
        "peering_local_nonprod_to_dev_cac1",
        "peering_local_shared_to_dev_cac1",
        "peering_peer_prod_to_prod_use1",
        "peering_peer_prod_to_prod2_use1",
        "peering_peer_shared_to_prod_use1",
        "peering_peer_shared_to_prod2_use1",
        "peering_peer_nonprod_to_dev_use1",
        "peering_peer_shared_to_dev_use1",
        "peering_peer_prod_to_shared_use1",
        "peering_peer_nonprod_to_shared_use1",
        "peering_peer_shared_to_shared_use1",
      ].sort(),
    );
    expect(resource(json, "aws_ec2_transit_gateway_route", "peering_peer_prod_to_prod_use1")).toEqual({
      provider: "aws.network_ca",
      transit_gateway_route_table_id: "${aws_ec2_transit_gateway_route_table.hub_ca_prod_routes.id}",
      destination_cidr_block: US.prod,
      transit_gateway_attachment_id:
        "${aws_ec2_transit_gateway_peering_attachment_accepter.peering_accepter.transit_gateway_attachment_id}",
    });
  });

  test("what arrives over the peering is routed by each side's shared table", () => {
    const associations = Object.entries(resourcesOf(json, "aws_ec2_transit_gateway_route_table_association"))
      .filter(([name]) => name.startsWith("peering_"))
      .map(([name, a]) => [name, a.transit_gateway_route_table_id]);
    expect(Object.fromEntries(associations)).toEqual({
      peering_local_association: "${aws_ec2_transit_gateway_route_table.hub_shared_routes.id}",
      peering_peer_association: "${aws_ec2_transit_gateway_route_table.hub_ca_shared_routes.id}",
    });
  });
});

describe("routing policy", () => {
  test("the default policy: prod and nonprod learn themselves and shared, shared learns all", () => {
    expect(segmentIssues(DEFAULT_SEGMENTS, [["prod", "nonprod"]])).toEqual([]);
    expect(tablesLearning(DEFAULT_SEGMENTS, "prod")).toEqual(["prod", "shared"]);
    expect(tablesLearning(DEFAULT_SEGMENTS, "shared")).toEqual(["prod", "nonprod", "shared"]);
  });

  test("route tables that would connect prod and nonprod are refused, with the path", () => {
    expect(() =>
      synthLandscape(() => undefined, {
        segments: {
          prod: { learnsFrom: ["prod", "shared", "nonprod"] },
          nonprod: { learnsFrom: ["nonprod", "shared", "prod"] },
          shared: { learnsFrom: ["prod", "nonprod", "shared"] },
        },
      }),
    ).toThrow(
      /segments\.prod\.learnsFrom\[2\]: learning "nonprod" routes prod to nonprod, which isolatedSegments\[0\] forbids[\s\S]*segments\.nonprod\.learnsFrom\[2\]: learning "prod" routes nonprod to prod, which isolatedSegments\[0\] forbids/,
    );
  });

  test("one-way learning, unknown segments and a bad ASN are refused", () => {
    expect(
      segmentIssues({ prod: { learnsFrom: ["prod", "shared"] }, shared: { learnsFrom: ["shared", "dev"] } }, [
        ["prod", "nonprod"],
      ]),
    ).toEqual([
      'segments.prod.learnsFrom[1]: prod learns shared but shared does not learn prod, so replies have no route; add "prod" to segments.shared.learnsFrom',
      'segments.shared.learnsFrom[1]: "dev" is not a segment (prod, shared)',
      'isolatedSegments[0][1]: "nonprod" is not a segment',
    ]);
    expect(() => synthLandscape(() => undefined, { amazonSideAsn: 65535 })).toThrow(
      /amazonSideAsn: 65535 is not a private ASN/,
    );
    expect(() => synthLandscape(() => undefined, { organizationArn: "o-exampleorg1" })).toThrow(
      /organizationArn: "o-exampleorg1" is not an organization ARN/,
    );
  });

  test("an attachment names a segment of its hub, in the hub's region, and accepts from another account", () => {
    expect(() => synthLandscape((land) => attachProd(land, { segment: "production" }))).toThrow(
      /segment: "production" is not a segment of the hub \(prod, nonprod, shared\)/,
    );
    expect(() =>
      synthLandscape((land) =>
        attachProd(land, { vpc: { vpcId: "vpc-0123456789abcdef0", region: "ca-central-1", accountId: PROD } }),
      ),
    ).toThrow(
      /vpc\.region: ca-central-1 is not the hub's region us-east-1; a VPC attaches only to the transit gateway of its own region/,
    );
    expect(() =>
      synthLandscape((land) => attach(land, "prod", US.prod, "prod", { hub: land.east, account: PROD })),
    ).toThrow(
      /hubProvider: the VPC's account 444444444444 is not the hub's 123456789017; give the hub account's provider/,
    );
  });

  test("blackholes and VPC destinations must be network addresses of known segments", () => {
    expect(() =>
      synthLandscape(() => undefined, {
        blackholes: { nonprod: { prod: "10.0.0.0/33" }, staging: { all: "10.0.0.0/8" } },
      }),
    ).toThrow(
      /blackholes\.nonprod\.prod: "10\.0\.0\.0\/33" is not an IPv4 CIDR[\s\S]*blackholes\.staging: "staging" is not a segment/,
    );
    expect(() => synthLandscape((land) => attachProd(land, { destinations: { organization: "10.1.2.3/8" } }))).toThrow(
      /destinations\.organization: "10\.1\.2\.3\/8" has host bits set; give the network address/,
    );
  });

  test("a peering joins two regions, with distinct CIDRs of segments both hubs have", () => {
    const peer = (overrides: Partial<TransitHubPeeringProps>) => () =>
      synthLandscape((land) => {
        new TransitHubPeering(land.scope, "peering", {
          local: land.east,
          localProvider: land.providers.network,
          peer: land.central,
          peerProvider: land.providers.networkCa,
          localCidrs: { prod: { prod_use1: US.prod } },
          peerCidrs: { prod: { prod_cac1: CA.prod } },
          name: "p",
          ...overrides,
        });
      });
    expect(peer({ peer: { ...hubRefStub("us-east-1") } })).toThrow(/peer\.region: us-east-1 is the local hub's region/);
    expect(peer({ peerCidrs: { prod: { prod_cac1: "10.0.128.0/17" } } })).toThrow(
      /peerCidrs\.prod\.prod_cac1: 10\.0\.128\.0\/17 overlaps 10\.0\.0\.0\/16 \(localCidrs\.prod\.prod_use1\)/,
    );
    expect(peer({ peerCidrs: { staging: { s: "10.9.0.0/16" } } })).toThrow(
      /peerCidrs\.staging: "staging" is not a segment of that hub/,
    );
    expect(peer({ peerCidrs: { prod: { prod_cac1: "10.1.0.1/16" } } })).toThrow(
      /peerCidrs\.prod\.prod_cac1: "10\.1\.0\.1\/16" has host bits set/,
    );
  });
});

function hubRefStub(region: string): TransitHubRef {
  return {
    transitGatewayId: "tgw-0123456789abcdef0",
    region,
    accountId: NETWORK,
    routeTableIds: Object.fromEntries(Object.keys(DEFAULT_SEGMENTS).map((s) => [s, `tgw-rtb-${s}`])),
    segments: DEFAULT_SEGMENTS,
  };
}
