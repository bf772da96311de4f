/**
 * Services reach the caches and document databases they name (`services.<s>.caches`,
 * `services.<s>.documentDatabases`), through the synthesized security groups and network ACLs of
 * the account-region stack: the named store's group admits the service's group on the store's port
 * only, and a service that does not name a store does not reach it.
 */
import { NaclModel } from "../../modules/nacl-flow";
import { defaultInput, organization, resourcesOf, synthApp } from "../../helpers/synth";
import { securityGroupRules } from "../../helpers/security-group-rules";

const input = defaultInput();
const region = input.accounts.prod.regions["us-east-1"];
region.caches = { sessions: {} };
region.documentDatabases = { profiles: {} };
region.repositories = { backend: {}, worker: {} };
region.services = {
  backend: {
    image: { repository: "backend", tag: "1.0.0" },
    ports: [3000],
    caches: ["sessions"],
    documentDatabases: ["profiles"],
  },
  worker: { image: { repository: "worker", tag: "1.0.0" }, ports: [3000] },
};
const stack = synthApp(organization(input)).json["prod-us-east-1"];

const ingress = securityGroupRules(stack, "aws_vpc_security_group_ingress_rule");
const egress = securityGroupRules(stack, "aws_vpc_security_group_egress_rule");

const CACHE = "cache_sessions_sg";
const DOCDB = "docdb_profiles_sg";
const BACKEND = "service_backend_sg";
const WORKER = "service_worker_sg";

/** Security groups are stateful: the client's egress and the store's ingress, both on `port`. */
const sgAllows = (from: string, to: string, port: number) =>
  egress.some((r) => r.group === from && r.peer === to && r.from <= port && port <= r.to) &&
  ingress.some((r) => r.group === to && r.peer === from && r.from <= port && port <= r.to);

test("the stores' groups are the ones the model reads", () => {
  expect(Object.keys(resourcesOf(stack, "aws_security_group"))).toEqual(
    expect.arrayContaining([CACHE, DOCDB, BACKEND, WORKER]),
  );
});

test("the backend reaches its cache on 6379 and its document database on 27017, through both groups", () => {
  expect(sgAllows(BACKEND, CACHE, 6379)).toBe(true);
  expect(sgAllows(BACKEND, DOCDB, 27017)).toBe(true);
});

test("the ACLs let the application tier reach both ports in the database tier", () => {
  const nacl = new NaclModel(stack);
  const task = "10.0.16.9"; // application subnet a
  const store = "10.0.64.9"; // database subnet a
  expect(nacl.tcp(task, store, 6379)).toMatchObject({ allowed: true });
  expect(nacl.tcp(task, store, 27017)).toMatchObject({ allowed: true });
});

test("the backend reaches each store on its own port only", () => {
  for (const port of [22, 443, 3000, 5432, 27017])
    expect([port, sgAllows(BACKEND, CACHE, port)]).toEqual([port, false]);
  for (const port of [22, 443, 3000, 5432, 6379]) expect([port, sgAllows(BACKEND, DOCDB, port)]).toEqual([port, false]);
  expect(ingress.filter((r) => r.peer === BACKEND && (r.group === CACHE || r.group === DOCDB))).toEqual([
    expect.objectContaining({ group: CACHE, protocol: "tcp", from: 6379, to: 6379 }),
    expect.objectContaining({ group: DOCDB, protocol: "tcp", from: 27017, to: 27017 }),
  ]);
});

test("a service that names no store reaches neither", () => {
  expect(sgAllows(WORKER, CACHE, 6379)).toBe(false);
  expect(sgAllows(WORKER, DOCDB, 27017)).toBe(false);
  expect(ingress.filter((r) => r.peer === WORKER)).toEqual([]);
  expect(egress.filter((r) => r.group === WORKER && r.peer !== undefined)).toEqual([]);
});

test("the stores admit the named service and the application nodes, no CIDR", () => {
  const admitted = (store: string) =>
    ingress
      .filter((r) => r.group === store)
      .map((r) => r.peer ?? r.cidr)
      .sort();
  expect(admitted(CACHE)).toEqual([BACKEND, "vpc_nodes_sg"]);
  expect(admitted(DOCDB)).toEqual([BACKEND, "vpc_nodes_sg"]);
});
