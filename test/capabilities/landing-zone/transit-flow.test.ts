/**
 * The transit hub of examples/landing-zone.yaml, evaluated across its stacks: the hubs of
 * us-east-1 and us-west-2 (peered, one zone), prod VPCs in both regions and a dev VPC in us-east-1.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { Organization } from "../../../src/config/schema";
import { organization, resourcesOf, synthApp, type StackJson } from "../../helpers/synth";
import { NaclModel } from "../../modules/nacl-flow";
import { TransitModel } from "../../modules/transit-flow";
import { mergeStacks } from "./merge-stacks";

const STACKS = [
  "network-us-east-1",
  "network-us-west-2",
  "production-us-east-1",
  "production-us-west-2",
  "development-us-east-1",
];
const PROD_EAST = "10.20.16.10";
const PROD_WEST = "10.21.16.10";
const DEV_EAST = "10.30.16.10";
const PROD_EAST_DATABASE = "10.20.64.10";

const example = (): Organization => organization(parse(readFileSync("examples/landing-zone.yaml", "utf8")));

function modelOf(org: Organization): { model: TransitModel; json: Record<string, StackJson> } {
  const { json } = synthApp(org);
  return { model: new TransitModel(mergeStacks(json, STACKS)), json };
}

const { model, json } = modelOf(example());

describe("the landing zone's transit hub keeps prod and dev apart", () => {
  test("prod never routes to dev, nor dev to prod, in one region", () => {
    expect(model.deliver(PROD_EAST, DEV_EAST).vpc).toBeUndefined();
    expect(model.deliver(DEV_EAST, PROD_EAST).vpc).toBeUndefined();
    expect(model.connect(PROD_EAST, DEV_EAST).connected).toBe(false);
  });

  test("prod reaches prod of the other region over the peering, both ways", () => {
    const connection = model.connect(PROD_EAST, PROD_WEST);
    expect(connection.connected).toBe(true);
    expect(connection.request.tables.length).toBeGreaterThan(1);
  });

  test("dev never reaches the other region's prod across the peering", () => {
    expect(model.deliver(DEV_EAST, PROD_WEST).vpc).toBeUndefined();
    expect(model.deliver(PROD_WEST, DEV_EAST).vpc).toBeUndefined();
  });

  test("a VPC's route tables send to the hub only what its segment reaches", () => {
    const destinations = (stack: string) =>
      Object.values(resourcesOf(json[stack], "aws_route"))
        .filter((route) => route.transit_gateway_id !== undefined)
        .map((route) => route.destination_cidr_block);
    expect(new Set(destinations("development-us-east-1"))).toEqual(new Set());
    expect(new Set(destinations("production-us-east-1"))).toEqual(new Set(["10.21.0.0/16"]));
    expect(new Set(destinations("production-us-west-2"))).toEqual(new Set(["10.20.0.0/16"]));
  });

  test("the model sees a leak: a dev VPC forced into the prod segment (the config check refuses it) reaches prod", () => {
    const leaky = example();
    leaky.accounts.development.regions["us-east-1"].transitAttachment = { segment: "prod" };
    expect(modelOf(leaky).model.connect(DEV_EAST, PROD_EAST).connected).toBe(true);
  });
});

describe("the application tiers' ACLs and groups let through what the hub routes, and nothing else", () => {
  const acls = new NaclModel(mergeStacks(json, STACKS));

  test("a prod VPC's application tier takes a new HTTPS connection from the other prod VPC, both ways", () => {
    expect(acls.tcp(PROD_WEST, PROD_EAST, 443)).toMatchObject({ allowed: true });
    expect(acls.tcp(PROD_EAST, PROD_WEST, 443)).toMatchObject({ allowed: true });
  });

  test("the dev VPC's CIDR is refused by prod on every port, even those the NAT replies' rule admits", () => {
    for (const port of [443, 8080, 5432]) {
      expect(acls.tcp(DEV_EAST, PROD_EAST, port).possible).toBe(false);
      expect(acls.tcp(DEV_EAST, PROD_WEST, port).possible).toBe(false);
      expect(acls.tcp(PROD_EAST, DEV_EAST, port).possible).toBe(false);
    }
  });

  test("only the hub's ports are opened below the ephemeral range, and the database tier stays its VPC's own", () => {
    expect(acls.tcp(PROD_WEST, PROD_EAST, 22).possible).toBe(false);
    expect(acls.tcp(PROD_WEST, PROD_EAST_DATABASE, 5432).possible).toBe(false);
    expect(acls.tcp(PROD_EAST, PROD_EAST_DATABASE, 5432).allowed).toBe(true);
  });

  test("without the application tier's transit rules the hub's HTTPS flow is blocked (the rules are what open it)", () => {
    const stripped = structuredClone(json);
    for (const stack of STACKS) {
      const rules = stripped[stack].resource?.aws_network_acl_rule ?? {};
      for (const name of Object.keys(rules)) if (Number(rules[name].rule_number) < 40) delete rules[name];
    }
    const bare = new NaclModel(mergeStacks(stripped, STACKS));
    expect(bare.tcp(PROD_WEST, PROD_EAST, 443).possible).toBe(false);
    expect(bare.tcp(DEV_EAST, PROD_EAST, 8080).allowed).toBe(true);
  });

  test("the nodes' group admits the hub's port from the reached VPC only", () => {
    const rules = Object.values(resourcesOf(json["production-us-east-1"], "aws_vpc_security_group_ingress_rule"));
    const fromOtherVpcs = rules.filter(
      (rule) => rule.cidr_ipv4 !== undefined && !String(rule.cidr_ipv4).startsWith("10.20."),
    );
    expect(fromOtherVpcs.map((rule) => [rule.cidr_ipv4, rule.from_port, rule.to_port])).toEqual([
      ["10.21.0.0/16", 443, 443],
    ]);
  });

  test("every ACL keeps within 20 rules each way, the transit rules within 1-39", () => {
    for (const stack of STACKS) {
      const rules = Object.entries(resourcesOf(json[stack], "aws_network_acl_rule"));
      const byAcl = new Map<string, number[]>();
      for (const [, rule] of rules) {
        const key = `${String(rule.network_acl_id)} ${String(rule.egress)}`;
        byAcl.set(key, [...(byAcl.get(key) ?? []), Number(rule.rule_number)]);
      }
      for (const [acl, numbers] of byAcl) expect([acl, numbers.length <= 20]).toEqual([acl, true]);
    }
    // production-us-east-1: rule 1 denies the dev VPC, rule 20 opens 443 to and from the other prod VPC.
    const east = Object.keys(resourcesOf(json["production-us-east-1"], "aws_network_acl_rule"));
    expect(east.filter((name) => /^vpc_application_nacl_(in|out)_([1-3]?\d)$/.test(name)).sort()).toEqual([
      "vpc_application_nacl_in_1",
      "vpc_application_nacl_in_20",
      "vpc_application_nacl_out_20",
    ]);
  });
});
