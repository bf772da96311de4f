import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import type { SecurityGroupRef } from "../vpc";

export interface ServiceSecurityGroupProps {
  /** Group name, unique in the VPC, e.g. `acme-prod-us-east-1-cache`. Changing it replaces the group. */
  readonly name: string;
  /** What the group guards; shown in the console. Changing it replaces the group. */
  readonly description: string;
  readonly vpcId: string;
  /** The one TCP port the service listens on, e.g. 6379 or 27017. */
  readonly port: number;
  /** Stable snake_case key other modules use in their rule addresses, e.g. `cache`. */
  readonly key: string;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * The security group of one managed data service: no rule at all until `allowFrom(peer)` admits
 * a source group to the service's port. It has no egress rule: Terraform removes the allow-all
 * egress rule AWS adds to a new group, and a cache or database answers on the connections it
 * accepted (security groups are stateful).
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/security_group
 */
export class ServiceSecurityGroup extends Construct implements SecurityGroupRef {
  readonly securityGroupId: string;
  readonly key: string;
  readonly port: number;

  constructor(scope: Construct, id: string, props: ServiceSecurityGroupProps) {
    super(scope, id);
    const group = new SecurityGroup(this, "resource", {
      name: props.name,
      description: props.description,
      vpcId: props.vpcId,
      revokeRulesOnDelete: true,
      tags: { ...props.tags, Name: props.name },
    });
    this.securityGroupId = group.id;
    this.key = props.key;
    this.port = props.port;
  }

  /** Admits `peer` (an application's or a job's group) to the service's port, and nothing else. */
  allowFrom(peer: SecurityGroupRef): void {
    new VpcSecurityGroupIngressRule(this, `in_${this.port}_from_${peer.key}`, {
      securityGroupId: this.securityGroupId,
      description: `tcp ${this.port} from ${peer.key}`,
      ipProtocol: "tcp",
      fromPort: this.port,
      toPort: this.port,
      referencedSecurityGroupId: peer.securityGroupId,
    });
  }
}
