/**
 * Flows of the application tier through the real modules: internet → ALB (public subnets) → ECS
 * service (application subnets) → database, evaluated over the synthesized security group rules and
 * network ACLs together. A flow works only if both let it through.
 */
import { Alb } from "../../modules/alb";
import { EcsCluster } from "../../modules/ecs-cluster";
import { EcsService } from "../../modules/ecs-service";
import { Vpc } from "../../modules/vpc";
import { resourcesOf, synthModule, type StackJson } from "../helpers/synth";
import { cidrToBlock, ipToInt, NaclModel } from "./nacl-flow";

const ACCOUNT = "123456789012";
const SERVICE_PORT = 3001;

const json = synthModule((s) => {
  const vpc = new Vpc(s, "vpc", {
    cidr: "10.2.0.0/16",
    region: "us-east-1",
    namePrefix: "bankapp-prod-us-east-1-vpc",
    organizationId: "o-a1b2c3d4e5",
    flowLogs: { type: "s3", bucketArn: "arn:aws:s3:::acme-log-archive/vpc-flow-logs" },
    availabilityZones: 2,
    loadBalancer: true,
    // The service's own group admits its port (allowFrom below); no EKS target, so no node port.
    applicationPorts: [SERVICE_PORT],
    nodePorts: [],
  });
  const lbGroup = vpc.securityGroups.loadBalancer!;
  const cluster = new EcsCluster(s, "ecs", { name: "bankapp-prod", accountId: ACCOUNT, region: "us-east-1" });
  const alb = new Alb(s, "alb", {
    name: "bankapp-prod",
    accountId: ACCOUNT,
    region: "us-east-1",
    vpcId: vpc.vpcId,
    subnetIds: vpc.subnetIds.public,
    securityGroup: lbGroup,
    certificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789`,
    targetGroups: { backend: { port: SERVICE_PORT } },
    defaultTargetGroup: "backend",
    accessLogs: { bucketName: "acme-bankapp-prod-alb-logs" },
  });
  const backend = new EcsService(s, "backend", {
    name: "backend",
    accountId: ACCOUNT,
    region: "us-east-1",
    cluster: cluster.ref,
    network: { vpcId: vpc.vpcId, subnetIds: vpc.subnetIds.application },
    image: {
      repositoryUrl: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/bankapp-backend`,
      repositoryArn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/bankapp-backend`,
      tag: "v1.4.2",
    },
    cpu: 1024,
    memory: 2048,
    ports: [SERVICE_PORT],
    loadBalancers: [{ targetGroupArn: alb.targetGroupArns.backend }],
  });
  backend.allowFrom(alb.securityGroup);
  backend.allowTo(vpc.securityGroups.database, 5432);
  vpc.allowDatabaseFrom(backend.securityGroup, 5432);
});

/** A security group rule as the model sees it. */
interface SgRule {
  readonly name: string;
  readonly group: string;
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
  readonly peerGroup?: string;
  readonly cidr?: string;
}

/** `${aws_security_group.vpc_lb_sg.id}` -> `vpc_lb_sg` */
const groupName = (ref: unknown): string =>
  /^\$\{aws_security_group\.([a-z0-9_]+)\.id\}$/.exec(String(ref))?.[1] ?? String(ref);

function rulesOf(stack: StackJson, type: string): SgRule[] {
  return Object.entries(resourcesOf(stack, type)).map(([name, r]) => ({
    name,
    group: groupName(r.security_group_id),
    protocol: String(r.ip_protocol),
    from: Number(r.from_port ?? 0),
    to: Number(r.to_port ?? 65535),
    peerGroup: r.referenced_security_group_id === undefined ? undefined : groupName(r.referenced_security_group_id),
    cidr: r.cidr_ipv4 as string | undefined,
  }));
}

const ingress = rulesOf(json, "aws_vpc_security_group_ingress_rule");
const egress = rulesOf(json, "aws_vpc_security_group_egress_rule");

const matches = (rule: SgRule, port: number, peer: { group?: string; ip?: string }): boolean =>
  (rule.protocol === "-1" || (rule.protocol === "tcp" && rule.from <= port && port <= rule.to)) &&
  ((peer.group !== undefined && rule.peerGroup === peer.group) ||
    (peer.ip !== undefined &&
      rule.cidr !== undefined &&
      cidrToBlock(rule.cidr).first <= ipToInt(peer.ip) &&
      ipToInt(peer.ip) <= cidrToBlock(rule.cidr).last));

/** Security groups are stateful: a connection needs the client's egress and the server's ingress only. */
function sgAllows(from: { group?: string; ip: string }, to: { group: string; ip: string }, port: number): boolean {
  const out =
    from.group === undefined ||
    egress.some((r) => r.group === from.group && matches(r, port, { group: to.group, ip: to.ip }));
  return out && ingress.some((r) => r.group === to.group && matches(r, port, { group: from.group, ip: from.ip }));
}

const nacl = new NaclModel(json);
const INTERNET = "203.0.113.10";
const ALB_NODE = "10.2.1.25"; // public subnet a
const TASK = "10.2.16.40"; // application subnet a
const OTHER_TASK = "10.2.32.40"; // application subnet b
const DATABASE = "10.2.64.10"; // database subnet a
const LB = "vpc_lb_sg";
const SERVICE = "backend_sg";

describe("internet to the load balancer", () => {
  test.each([443, 80])("port %i is open to the internet through the ACL and the group", (port) => {
    expect(nacl.tcp(INTERNET, ALB_NODE, port)).toMatchObject({ allowed: true });
    expect(sgAllows({ ip: INTERNET }, { group: LB, ip: ALB_NODE }, port)).toBe(true);
  });

  test("the service port is not open on the load balancer", () => {
    expect(sgAllows({ ip: INTERNET }, { group: LB, ip: ALB_NODE }, SERVICE_PORT)).toBe(false);
  });
});

describe("load balancer to the service", () => {
  test("reaches the tasks on the service port, in either application subnet", () => {
    for (const task of [TASK, OTHER_TASK]) {
      expect(nacl.tcp(ALB_NODE, task, SERVICE_PORT)).toMatchObject({ allowed: true });
      expect(sgAllows({ group: LB, ip: ALB_NODE }, { group: SERVICE, ip: task }, SERVICE_PORT)).toBe(true);
    }
  });

  test("reaches the service on no other port", () => {
    for (const port of [22, 80, 443, 3000, 3002, 5432, 8080]) {
      expect(sgAllows({ group: LB, ip: ALB_NODE }, { group: SERVICE, ip: TASK }, port)).toBe(false);
    }
  });

  test("the application ACL admits only the service port from the public tier, whatever the groups say", () => {
    for (const port of [22, 443, 3000, 3002, 8080, 10250]) {
      expect([port, nacl.tcp(ALB_NODE, TASK, port).allowed]).toEqual([port, false]);
    }
  });

  test("the load balancer's group reaches no node port", () => {
    expect(egress.filter((r) => r.group === LB && r.peerGroup === "vpc_nodes_sg")).toEqual([]);
  });

  test("the service admits the load balancer's group and nothing else", () => {
    expect(ingress.filter((r) => r.group === SERVICE)).toEqual([
      expect.objectContaining({
        protocol: "tcp",
        from: SERVICE_PORT,
        to: SERVICE_PORT,
        peerGroup: LB,
        cidr: undefined,
      }),
    ]);
  });

  test("the load balancer's group reaches out to application ports only, never to a CIDR", () => {
    const lbOut = egress.filter((r) => r.group === LB);
    expect(lbOut.every((r) => r.cidr === undefined && r.protocol === "tcp")).toBe(true);
    expect(lbOut.filter((r) => r.peerGroup === SERVICE).map((r) => [r.from, r.to])).toEqual([
      [SERVICE_PORT, SERVICE_PORT],
    ]);
  });

  test("the load balancer cannot reach the database", () => {
    expect(sgAllows({ group: LB, ip: ALB_NODE }, { group: "vpc_database_sg", ip: DATABASE }, 5432)).toBe(false);
  });
});

describe("the internet and the service", () => {
  test("the internet cannot reach a task directly: its group admits no CIDR, and tasks have no public IP", () => {
    expect(sgAllows({ ip: INTERNET }, { group: SERVICE, ip: TASK }, SERVICE_PORT)).toBe(false);
    expect(resourcesOf(json, "aws_ecs_service").backend.network_configuration).toMatchObject({
      assign_public_ip: false,
    });
  });
});

describe("service to the database", () => {
  test("reaches PostgreSQL through the ACLs and both groups", () => {
    expect(nacl.tcp(TASK, DATABASE, 5432)).toMatchObject({ allowed: true });
    expect(sgAllows({ group: SERVICE, ip: TASK }, { group: "vpc_database_sg", ip: DATABASE }, 5432)).toBe(true);
  });

  test("reaches nothing else in the database tier", () => {
    expect(sgAllows({ group: SERVICE, ip: TASK }, { group: "vpc_database_sg", ip: DATABASE }, 3306)).toBe(false);
  });
});
