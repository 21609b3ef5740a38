import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { Problems } from './problems';

/** Something with a security group that others connect to or from (aws-cdk's `IConnectable`). */
export interface IConnectable {
  readonly connections: Connections;
}

/** Props of {@link Connections}. */
export interface ConnectionsProps {
  /** The construct this side's rules are created under; its path starts every error. */
  readonly scope: Construct;
  /** The security group of this side. */
  readonly securityGroupId: string;
  /** Short name of this side in the other side's rule ids and descriptions: `mysql`, `redis`, `app`. 1-41 lowercase letters, digits or hyphens. */
  readonly name: string;
  /** The port others connect to by default: the database's or the cache's. @default - none; `allowDefaultPortFrom` throws */
  readonly defaultPort?: number;
  /** Prefix of the ingress rule ids this side creates, numbered `<prefix>-0`, `<prefix>-1`…. @default 'ingress' */
  readonly ingressIdPrefix?: string;
  /** The first number of those ids, after the rules the construct made itself. @default 0 */
  readonly firstIngressIndex?: number;
  /** Description of the ingress rules. @default 'TCP <port> from <peer name>' */
  readonly ingressDescription?: string;
  /** Prefix of the egress rule ids this side creates, `<prefix>-<peer name>`. @default 'egress-to' */
  readonly egressIdPrefix?: string;
  /** Tags of the rules this side creates. @default - none */
  readonly tags?: Record<string, string>;
}

const NAME = /^[a-z][a-z0-9-]{0,40}$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;

/**
 * The security-group rules between two tiers (aws-cdk's `Connections`). `database.connections.allowDefaultPortFrom(web)`
 * creates the database's ingress rule from the web tier's group and the web tier's egress rule to
 * the database's group, both by group reference, never by CIDR. Terraform removes AWS's default
 * allow-all egress from the groups it creates, so both sides need their rule.
 */
export class Connections {
  public readonly securityGroupId: string;
  public readonly name: string;
  public readonly defaultPort?: number;
  private readonly props: ConnectionsProps;
  private ingressCount: number;
  private readonly peers = new Set<string>();

  constructor(props: ConnectionsProps) {
    const problems = new Problems(props.scope.node.path);
    if (!NAME.test(props.name)) problems.add(`Connections name must be 1-41 lowercase letters, digits or hyphens (got '${props.name}'): it ends the peers' rule ids`);
    if (!Token.isUnresolved(props.securityGroupId) && !SECURITY_GROUP_ID.test(props.securityGroupId)) {
      problems.add(`Connections securityGroupId must be a security group id like sg-0123456789abcdef0 or a reference to one (got '${props.securityGroupId}')`);
    }
    if (props.defaultPort !== undefined) problems.add(portProblem(props.defaultPort, 'Connections defaultPort'));
    problems.throwIfAny();
    this.props = props;
    this.securityGroupId = props.securityGroupId;
    this.name = props.name;
    this.defaultPort = props.defaultPort;
    this.ingressCount = props.firstIngressIndex ?? 0;
  }

  /** The number of ingress rules this side has, including the construct's own (`firstIngressIndex`). */
  public get ingressRuleCount(): number {
    return this.ingressCount;
  }

  /** Lets `peer` open TCP connections to this side on `port`: this side's ingress and the peer's egress. */
  public allowFrom(peer: IConnectable, port: number, description?: string): { ingress: VpcSecurityGroupIngressRule; egress: VpcSecurityGroupEgressRule } {
    const problems = new Problems(this.props.scope.node.path);
    const other = (peer as Partial<IConnectable> | undefined)?.connections;
    if (!(other instanceof Connections)) {
      problems.add(`allowFrom needs a peer with connections, e.g. an AlbAsg (got ${peer === null ? 'null' : typeof peer === 'string' ? `the string '${peer}'` : typeof peer}): a bare security group id would open only this side`);
    }
    problems.add(portProblem(port, 'allowFrom port'));
    // Gate: the checks below read the peer's connections and the port.
    problems.throwIfAny();
    const key = `${other!.props.scope.node.path}:${port}`;
    if (this.peers.has(key)) problems.add(`allowFrom: ${other!.props.scope.node.path} may already connect on port ${port}: remove the second call`);
    if (other === this) problems.add('allowFrom: a tier cannot be its own peer');
    problems.throwIfAny();
    this.peers.add(key);
    const prefix = this.props.ingressIdPrefix ?? 'ingress';
    const ingress = new VpcSecurityGroupIngressRule(this.props.scope, `${prefix}-${this.ingressCount++}`, {
      securityGroupId: this.securityGroupId,
      referencedSecurityGroupId: other!.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description: this.props.ingressDescription ?? `TCP ${port} from ${other!.name}`,
      tags: this.props.tags,
    });
    const egress = other!.addEgressRule(this.name, this.securityGroupId, port, description ?? `TCP ${port} to ${this.name}`);
    return { ingress, egress };
  }

  /** `allowFrom(peer, defaultPort)`: the port of the database or cache. */
  public allowDefaultPortFrom(peer: IConnectable, description?: string): { ingress: VpcSecurityGroupIngressRule; egress: VpcSecurityGroupEgressRule } {
    if (this.defaultPort === undefined) {
      throw new Error(`${this.props.scope.node.path}: allowDefaultPortFrom needs a default port, and ${this.name} has none: call allowFrom(peer, port)`);
    }
    return this.allowFrom(peer, this.defaultPort, description);
  }

  /**
   * This side's egress rule to a security group on one port, by reference; its construct id is
   * `<egressIdPrefix>-<id>`. `allowFrom` calls it on the peer; call it directly for a group that is
   * not an `IConnectable` (its ingress is then the other side's business).
   */
  public addEgressRule(id: string, securityGroupId: string, port: number, description?: string): VpcSecurityGroupEgressRule {
    const problems = new Problems(this.props.scope.node.path);
    const prefix = this.props.egressIdPrefix ?? 'egress-to';
    if (!NAME.test(id)) problems.add(`the egress rule id must be 1-41 lowercase letters, digits or hyphens (got '${id}'): it becomes the construct id ${prefix}-${id}`);
    problems.add(portProblem(port, 'the egress rule port'));
    if (!Token.isUnresolved(securityGroupId) && !SECURITY_GROUP_ID.test(securityGroupId)) {
      problems.add(`the egress rule's securityGroupId must be a security group id like sg-0123456789abcdef0 or a reference to one (got '${securityGroupId}')`);
    }
    if (this.props.scope.node.tryFindChild(`${prefix}-${id}`)) problems.add(`an egress rule ${prefix}-${id} exists already: give the second peer another name`);
    problems.throwIfAny();
    return new VpcSecurityGroupEgressRule(this.props.scope, `${prefix}-${id}`, {
      securityGroupId: this.securityGroupId,
      description: description ?? `TCP ${port} to ${id}`,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: securityGroupId,
      tags: this.props.tags,
    });
  }
}

function portProblem(port: number, what: string): string | undefined {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? undefined : `${what} must be an integer between 1 and 65535 (got ${port})`;
}
