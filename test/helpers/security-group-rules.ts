import { resourcesOf, type StackJson } from "./synth";

/** `${aws_security_group.<name>.id}` → `<name>`. */
const group = (ref: unknown) => /aws_security_group\.([a-z0-9_]+)\.id/.exec(String(ref))?.[1];

/** A stack's ingress or egress rules (`aws_vpc_security_group_<ingress|egress>_rule`) by group and peer name. */
export const securityGroupRules = (stack: StackJson, type: string) =>
  Object.values(resourcesOf(stack, type)).map((r) => ({
    group: group(r.security_group_id),
    peer: group(r.referenced_security_group_id),
    cidr: r.cidr_ipv4 as string | undefined,
    protocol: String(r.ip_protocol),
    from: Number(r.from_port ?? 0),
    to: Number(r.to_port ?? 65535),
  }));
