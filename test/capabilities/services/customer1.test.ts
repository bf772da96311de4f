/**
 * customer1 (seed 000, examples/customer1.yaml): in each zone an app service on ECS Fargate behind
 * the services capability's ALB, reaching that zone's MariaDB and PostgreSQL; a Global Accelerator in
 * the home-region stack with one endpoint group per region on that region's ALB.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { OrganizationInput } from "../../../src/config/schema";
import { organization, resource, resourcesOf, synthApp } from "../../helpers/synth";

const input = parse(readFileSync(join(__dirname, "../../../examples/customer1.yaml"), "utf8")) as OrganizationInput;
const { json } = synthApp(organization(input));
const REGIONS = ["us-east-1", "ca-central-1"] as const;

test("the accelerator is in the home-region stack only", () => {
  expect(Object.keys(resourcesOf(json["prod-us-east-1"], "aws_globalaccelerator_accelerator"))).toEqual([
    "accelerator_app",
  ]);
  expect(resourcesOf(json["prod-ca-central-1"], "aws_globalaccelerator_accelerator")).toEqual({});
});

test.each(REGIONS)("%s: an endpoint group of its region on its own ALB", (region) => {
  const group = resource(
    json[`prod-${region}`],
    "aws_globalaccelerator_endpoint_group",
    `accelerator_app_${region.replace(/-/g, "_")}`,
  );
  expect(group).toMatchObject({
    endpoint_group_region: region,
    endpoint_configuration: [expect.objectContaining({ endpoint_id: "${aws_lb.alb_app.arn}" })],
  });
});

test.each(REGIONS)("%s: one app service from this region's ECR, reaching both of its databases", (region) => {
  const stack = json[`prod-${region}`];
  expect(Object.keys(resourcesOf(stack, "aws_ecs_service"))).toEqual(["service_app"]);
  expect(resource(stack, "aws_ecr_repository", "ecr_app").name).toBe("customer1-app");
  const peers = Object.values(resourcesOf(stack, "aws_vpc_security_group_ingress_rule"))
    .filter((r) => r.security_group_id === "${aws_security_group.vpc_database_sg.id}")
    .filter((r) => r.referenced_security_group_id === "${aws_security_group.service_app_sg.id}")
    .map((r) => r.from_port);
  expect(peers.sort()).toEqual([3306, 5432]);
});

test("the accelerator's name is an alias record in the adopted zone", () => {
  expect(resource(json["prod-us-east-1"], "aws_route53_record", "dns_customer1_example_com_app")).toMatchObject({
    name: "app.customer1.example.com",
    alias: expect.objectContaining({ name: "${aws_globalaccelerator_accelerator.accelerator_app.dns_name}" }),
  });
});
