/**
 * A small transit gateway route evaluator over SYNTHESIZED Terraform JSON, as `nacl-flow.ts` is for
 * network ACLs: transit gateways, their route tables, VPC and peering attachments (with their
 * accepters), associations, propagations and static routes. A packet enters the hub through the
 * attachment of the VPC holding its source and is routed by the table that attachment is associated
 * with: longest prefix first, a static route before a propagated one of the same prefix, a
 * blackhole drops it, no route drops it. Out of a VPC attachment it is delivered to that VPC; over a
 * peering it continues in the table the peering is associated with on the far hub.
 * VPC route tables, security groups and NACLs are not modelled: this answers "does the hub route it".
 */
import type { StackJson } from "../helpers/synth";
import { cidrToBlock, ipToInt } from "./nacl-flow";

interface Block {
  readonly first: number;
  readonly last: number;
}

interface TableRoute {
  readonly block: Block;
  readonly prefix: number;
  readonly static: boolean;
  /** Canonical attachment name, or undefined for a blackhole. */
  readonly target?: string;
}

interface Table {
  readonly name: string;
  readonly gateway: string;
  readonly routes: TableRoute[];
}

interface VpcAttachment {
  readonly name: string;
  readonly gateway: string;
  readonly vpc: string;
  readonly block: Block;
}

export interface Delivery {
  /** The VPC the packet reached, or undefined when it was dropped. */
  readonly vpc?: string;
  /** The route tables the packet was looked up in, in order. */
  readonly tables: readonly string[];
  readonly why: string;
}

export interface Connection {
  /** A request and its reply both arrive. */
  readonly connected: boolean;
  readonly request: Delivery;
  readonly reply: Delivery;
}

/** `${aws_ec2_transit_gateway.hub.id}` -> { type, name, attribute } */
function parseRef(ref: unknown): { type: string; name: string; attribute: string } {
  const match = /^\$\{([a-z0-9_]+)\.([a-z0-9_]+)\.([a-z0-9_]+)\}$/.exec(String(ref));
  if (!match) throw new Error(`expected a resource reference, got ${String(ref)}`);
  return { type: match[1], name: match[2], attribute: match[3] };
}

export class TransitModel {
  private readonly tables = new Map<string, Table>();
  private readonly vpcAttachments = new Map<string, VpcAttachment>();
  /** Peering attachment -> the two gateways it joins. */
  private readonly peerings = new Map<string, readonly [string, string]>();
  /** `${attachment}@${gateway}` -> table name. */
  private readonly associations = new Map<string, string>();

  constructor(...stacks: StackJson[]) {
    const all = <T extends string>(type: T) => stacks.flatMap((json) => Object.entries(json.resource?.[type] ?? {}));
    const vpcCidrs = new Map(all("aws_vpc").map(([name, vpc]) => [name, String(vpc.cidr_block)]));
    const accepters = new Map<string, string>();
    for (const type of [
      "aws_ec2_transit_gateway_vpc_attachment_accepter",
      "aws_ec2_transit_gateway_peering_attachment_accepter",
    ]) {
      for (const [name, accepter] of all(type)) {
        accepters.set(`${type}.${name}`, parseRef(accepter.transit_gateway_attachment_id).name);
      }
    }
    const canonical = (ref: unknown): string => {
      const { type, name } = parseRef(ref);
      return accepters.get(`${type}.${name}`) ?? name;
    };
    const gatewayOf = (ref: unknown) => parseRef(ref).name;

    for (const [name, table] of all("aws_ec2_transit_gateway_route_table")) {
      this.tables.set(name, { name, gateway: gatewayOf(table.transit_gateway_id), routes: [] });
    }
    for (const [name, attachment] of all("aws_ec2_transit_gateway_vpc_attachment")) {
      const vpc = parseRef(attachment.vpc_id).name;
      const cidr = vpcCidrs.get(vpc);
      if (cidr === undefined) throw new Error(`attachment ${name} is of VPC ${vpc}, which is not synthesized`);
      this.vpcAttachments.set(name, {
        name,
        gateway: gatewayOf(attachment.transit_gateway_id),
        vpc,
        block: cidrToBlock(cidr),
      });
    }
    for (const [name, peering] of all("aws_ec2_transit_gateway_peering_attachment")) {
      this.peerings.set(name, [gatewayOf(peering.transit_gateway_id), gatewayOf(peering.peer_transit_gateway_id)]);
    }
    const tableOf = (ref: unknown): Table => {
      const table = this.tables.get(parseRef(ref).name);
      if (table === undefined) throw new Error(`no route table ${String(ref)}`);
      return table;
    };
    for (const [name, association] of all("aws_ec2_transit_gateway_route_table_association")) {
      const table = tableOf(association.transit_gateway_route_table_id);
      const key = `${canonical(association.transit_gateway_attachment_id)}@${table.gateway}`;
      if (this.associations.has(key)) throw new Error(`${key} is associated twice (${name})`);
      this.associations.set(key, table.name);
    }
    for (const [, propagation] of all("aws_ec2_transit_gateway_route_table_propagation")) {
      const attachment = this.vpcAttachments.get(canonical(propagation.transit_gateway_attachment_id));
      if (attachment === undefined) throw new Error("only VPC attachments propagate routes");
      const table = tableOf(propagation.transit_gateway_route_table_id);
      table.routes.push({
        block: attachment.block,
        prefix: prefixOf(attachment.block),
        static: false,
        target: attachment.name,
      });
    }
    for (const [, route] of all("aws_ec2_transit_gateway_route")) {
      const block = cidrToBlock(String(route.destination_cidr_block));
      tableOf(route.transit_gateway_route_table_id).routes.push({
        block,
        prefix: prefixOf(block),
        static: true,
        target: route.blackhole === true ? undefined : canonical(route.transit_gateway_attachment_id),
      });
    }
  }

  /** The VPC attachment whose VPC holds an address. */
  private attachmentHolding(ip: string): VpcAttachment | undefined {
    const address = ipToInt(ip);
    return [...this.vpcAttachments.values()].find((a) => a.block.first <= address && address <= a.block.last);
  }

  /** The route a table takes for an address: longest prefix, static before propagated. */
  lookup(tableName: string, ip: string): TableRoute | undefined {
    const address = ipToInt(ip);
    return this.tables
      .get(tableName)!
      .routes.filter((r) => r.block.first <= address && address <= r.block.last)
      .sort((a, b) => b.prefix - a.prefix || Number(b.static) - Number(a.static))[0];
  }

  /** Where a packet from `src` to `dst` goes once it enters the hub of `src`'s VPC. */
  deliver(src: string, dst: string): Delivery {
    const ingress = this.attachmentHolding(src);
    if (ingress === undefined) return { tables: [], why: `${src} is in no attached VPC` };
    let attachment = ingress.name;
    let gateway = ingress.gateway;
    const tables: string[] = [];
    for (let hop = 0; hop < 4; hop++) {
      const table = this.associations.get(`${attachment}@${gateway}`);
      if (table === undefined) return { tables, why: `${attachment} is associated with no table of ${gateway}` };
      tables.push(table);
      const route = this.lookup(table, dst);
      if (route === undefined) return { tables, why: `no route to ${dst} in ${table}` };
      if (route.target === undefined) return { tables, why: `${dst} is blackholed in ${table}` };
      const vpc = this.vpcAttachments.get(route.target);
      if (vpc !== undefined) {
        const address = ipToInt(dst);
        const inside = vpc.block.first <= address && address <= vpc.block.last;
        return inside
          ? { vpc: vpc.vpc, tables, why: `delivered to ${vpc.vpc}` }
          : { tables, why: `${table} sends ${dst} to ${vpc.vpc}, which does not hold it` };
      }
      const ends = this.peerings.get(route.target);
      if (ends === undefined) throw new Error(`route target ${route.target} is neither a VPC nor a peering attachment`);
      attachment = route.target;
      gateway = ends[0] === gateway ? ends[1] : ends[0];
    }
    return { tables, why: "routing loop" };
  }

  /** A connection from `client` to `server`: the request and the reply both arrive. */
  connect(client: string, server: string): Connection {
    const request = this.deliver(client, server);
    const reply = this.deliver(server, client);
    const connected =
      request.vpc !== undefined &&
      request.vpc === this.attachmentHolding(server)?.vpc &&
      reply.vpc === this.attachmentHolding(client)?.vpc;
    return { connected, request, reply };
  }
}

function prefixOf(block: Block): number {
  return 32 - Math.log2(block.last - block.first + 1);
}
