import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { Connections } from './connections';

/** Props of {@link createDataTierSecurityGroup}. */
export interface DataTierSecurityGroupProps {
  /** Name of the security group, also its `Name` tag: `<name>-mysql`, `<name>-redis`. */
  readonly name: string;
  /** Description of the security group. */
  readonly description: string;
  /** VPC of the security group. */
  readonly vpcId: string;
  /** The engine's port: the only port the ingress rules open, and the default port of `allowFrom`. */
  readonly port: number;
  /** Security groups admitted on `port` by the construct itself, rules `ingress-0`, `ingress-1`…. @default - none */
  readonly allowedSecurityGroupIds?: readonly string[];
  /** Description of every ingress rule, the construct's and those of `allowFrom`. */
  readonly ingressDescription: string;
  /** Short name of this side in the peers' egress rule ids and descriptions (`mysql`, `redis`): `ConnectionsProps.name`. */
  readonly connectionsName: string;
  /** Tags of the rules; the security group gets them plus `Name`. */
  readonly tags: Record<string, string>;
  /** The synth-time error when no rule admits any group (without the construct path): what to call, on what. */
  readonly unreachableMessage: string;
}

/** The security group of a data-tier construct and the peer it is to others. */
export interface DataTierSecurityGroup {
  readonly securityGroup: SecurityGroup;
  /** The security group as a peer; its ingress rules are `ingress-<n>` at the scope, after the allowed groups'. */
  readonly connections: Connections;
}

/**
 * The security group of a database or a cache at `scope` (construct id `security-group`): ingress on
 * the engine's port only, from each of `allowedSecurityGroupIds` (`ingress-<n>`) and from the peers of
 * `allowFrom` (numbered after them), by group reference. Terraform removes the default allow-all
 * egress rule of a new group: the data tier opens no connections. A validation at `scope` fails the
 * synth with `unreachableMessage` when, after every `allowFrom` call, no group may connect.
 */
export function createDataTierSecurityGroup(scope: Construct, props: DataTierSecurityGroupProps): DataTierSecurityGroup {
  const { tags, port } = props;
  const securityGroup = new SecurityGroup(scope, 'security-group', {
    name: props.name,
    description: props.description,
    vpcId: props.vpcId,
    tags: { ...tags, Name: props.name },
  });
  const allowedGroupIds = props.allowedSecurityGroupIds ?? [];
  allowedGroupIds.forEach((groupId, i) => {
    new VpcSecurityGroupIngressRule(scope, `ingress-${i}`, {
      securityGroupId: securityGroup.id,
      referencedSecurityGroupId: groupId,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description: props.ingressDescription,
      tags,
    });
  });
  const connections = new Connections({
    scope,
    securityGroupId: securityGroup.id,
    name: props.connectionsName,
    defaultPort: port,
    firstIngressIndex: allowedGroupIds.length,
    ingressDescription: props.ingressDescription,
    tags,
  });
  // Checked at synth, after every allowFrom call: a data tier nothing may reach is a mistake.
  scope.node.addValidation({
    validate: () => (connections.ingressRuleCount === 0 ? [props.unreachableMessage] : []),
  });
  return { securityGroup, connections };
}
