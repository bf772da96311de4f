/**
 * The transit hub of examples/landing-zone.yaml, evaluated across its stacks: the hubs of
 * us-east-1 and us-west-2 (peered, one zone), prod VPCs in both regions and a dev VPC in us-east-1.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { Organization } from "../../../src/config/schema";
import { organization, resourcesOf, synthApp, type StackJson } from "../../helpers/synth";
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
