/**
 * Flow declarations: the network flows a stack needs (`declareFlow`) and the blocks only those
 * flows may reach (`declareDataTier`). They are stored on the stack and resolved to Terraform
 * addresses when the guard runs, so that the PHI-NET rules stay pure functions of the
 * synthesized blocks and these declarations.
 */
import { Problems } from '@phi-stack/constructs-core';
import { DefaultTokenResolver, StringConcat, TerraformStack, Token, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { FLOW_ENDPOINT_TYPES, INTERNET } from './rules/network/flow-model';
import { DataTierMember, DeclaredFlow, FlowDeclarations, FlowProtocol, referencedAddresses } from './synthesized';

/**
 * A Terraform resource construct (`SecurityGroup`, `Lb`, `AutoscalingGroup`, `DbInstance`,
 * `ElasticacheReplicationGroup`, `VpcEndpoint`...), recognised by shape so that duplicate package
 * copies work.
 */
export interface IFlowResource extends IConstruct {
  readonly terraformResourceType: string;
  readonly friendlyUniqueId: string;
}

/**
 * One end of a flow: `'internet'`, a resource construct, or the id token of a resource of the same
 * stack (e.g. `network.s3GatewayEndpointId`). Workloads (an Auto Scaling group, a load balancer, a
 * DB instance, a VPC endpoint) carry their subnets, so every side can be proven; a security group
 * stands for the workloads that attach it.
 */
export type FlowEndpoint = 'internet' | IFlowResource | string;

export interface FlowProps {
  /** Name of the flow in findings, e.g. `app-to-mysql-writer`: lowercase letters, digits and hyphens, unique in the stack. */
  readonly name: string;
  /** Where the traffic starts. */
  readonly from: FlowEndpoint;
  /** Where it goes (not the internet). */
  readonly to: FlowEndpoint;
  /** Destination port. */
  readonly port: number;
  /**
   * Transport protocol.
   * @default 'tcp'
   */
  readonly protocol?: FlowProtocol;
  /**
   * IAM actions the source performs through a VPC endpoint destination, checked against the
   * endpoint's policy (e.g. `['s3:GetObject', 's3:PutObject']`).
   * @default - any action: the policy must allow the source something
   */
  readonly actions?: string[];
}

interface StoredFlow {
  readonly props: FlowProps;
  readonly declaredAt: string;
}

interface StoredDeclarations {
  readonly flows: StoredFlow[];
  readonly dataTier: { endpoint: FlowEndpoint; declaredAt: string }[];
}

const DECLARATIONS = Symbol.for('@phi-stack/phi-guard.flow-declarations');
type WithDeclarations = TerraformStack & { [DECLARATIONS]?: StoredDeclarations };

function storeOf(stack: TerraformStack): StoredDeclarations {
  const target = stack as WithDeclarations;
  if (!target[DECLARATIONS]) Object.defineProperty(target, DECLARATIONS, { value: { flows: [], dataTier: [] }, enumerable: false });
  return target[DECLARATIONS]!;
}

function isFlowResource(v: unknown): v is IFlowResource {
  return typeof v === 'object' && v !== null && typeof (v as IFlowResource).terraformResourceType === 'string' && typeof (v as IFlowResource).friendlyUniqueId === 'string';
}

const SUPPORTED: readonly string[] = FLOW_ENDPOINT_TYPES;

/** The address of an end (`internet`, or `<type>.<logical id>`), or a sentence saying why it has none. */
function addressOf(stack: TerraformStack, endpoint: FlowEndpoint): { address: string } | { error: string } {
  if (endpoint === INTERNET) return { address: INTERNET };
  if (isFlowResource(endpoint)) {
    if (TerraformStack.of(endpoint) !== stack) return { error: `${endpoint.node.path} belongs to another stack` };
    return { address: `${endpoint.terraformResourceType}.${endpoint.friendlyUniqueId}` };
  }
  if (typeof endpoint === 'string' && Token.isUnresolved(endpoint)) {
    const resolved = Tokenization.resolve(endpoint, { scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) }) as unknown;
    const address = referencedAddresses(resolved).find((a) => SUPPORTED.includes(a.split('.')[0]));
    return address ? { address } : { error: `'${String(resolved)}' refers to no ${SUPPORTED.join(', ')} of the stack` };
  }
  return { error: `'${String(endpoint)}' is neither 'internet', a resource construct nor the id token of one` };
}

function endpointProblem(stack: TerraformStack, endpoint: FlowEndpoint): string | undefined {
  const a = addressOf(stack, endpoint);
  if ('error' in a) return a.error;
  if (a.address !== INTERNET && !SUPPORTED.includes(a.address.split('.')[0])) return `${a.address} is not a flow endpoint (use one of ${SUPPORTED.join(', ')})`;
  return undefined;
}

/** Records a flow on the stack of `scope` (validated by `PhiGuard.declareFlow`). */
export function declareFlow(scope: IConstruct, props: FlowProps): void {
  const where = scope.node.path || '(app)';
  const stack = TerraformStack.of(scope);
  const problems = new Problems(where);
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(props.name)) problems.add(`flow name must be 1-63 lowercase letters, digits or hyphens (got '${props.name}'): it names the flow in findings`);
  const store = storeOf(stack);
  if (store.flows.some((f) => f.props.name === props.name)) problems.add(`flow name must be unique in the stack (got '${props.name}' twice): give each flow its own name`);
  if (!Number.isInteger(props.port) || props.port < 1 || props.port > 65535) problems.add(`flow ${props.name}: port must be an integer between 1 and 65535 (got ${props.port})`);
  const protocol = props.protocol ?? 'tcp';
  if (protocol !== 'tcp' && protocol !== 'udp') problems.add(`flow ${props.name}: protocol must be 'tcp' or 'udp' (got '${String(protocol)}')`);
  if (props.to === INTERNET) problems.add(`flow ${props.name}: to must be a resource of the stack (got 'internet'): egress to the internet is not a flow the guard proves`);
  let endsOk = props.to !== INTERNET;
  for (const [prop, endpoint] of [['from', props.from], ['to', props.to]] as const) {
    const problem = endpointProblem(stack, endpoint);
    if (problem) {
      problems.add(`flow ${props.name}: ${prop} must be 'internet', a resource construct or its id token (${problem})`);
      endsOk = false;
    }
  }
  // The two ends are compared only when both are valid.
  if (endsOk && JSON.stringify(addressOf(stack, props.from)) === JSON.stringify(addressOf(stack, props.to))) {
    problems.add(`flow ${props.name}: from and to must be different ends (got the same resource twice)`);
  }
  for (const action of props.actions ?? []) {
    if (!/^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(action)) problems.add(`flow ${props.name}: actions must be IAM actions like s3:GetObject (got '${action}')`);
  }
  problems.throwIfAny();
  store.flows.push({ props: { ...props, protocol }, declaredAt: scope.node.path });
}

/** Records data-tier members on the stack of `scope` (validated by `PhiGuard.declareDataTier`). */
export function declareDataTier(scope: IConstruct, members: readonly FlowEndpoint[]): void {
  const where = scope.node.path || '(app)';
  const stack = TerraformStack.of(scope);
  const problems = new Problems(where);
  if (members.length === 0) problems.add(`declareDataTier needs at least one member (got 0): pass the security groups (or the databases and caches) of the data tier`);
  for (const member of members) {
    const problem = member === INTERNET ? `'internet' cannot be part of the data tier` : endpointProblem(stack, member);
    if (problem) problems.add(`data-tier members must be security groups, databases or caches of the stack (${problem})`);
  }
  problems.throwIfAny();
  storeOf(stack).dataTier.push(...members.map((endpoint) => ({ endpoint, declaredAt: scope.node.path })));
}

/** The declarations of a stack with both ends resolved to addresses (at evaluation, after every override). */
export function flowDeclarationsOf(stack: TerraformStack): FlowDeclarations {
  const stored = (stack as WithDeclarations)[DECLARATIONS];
  if (!stored) return { flows: [], dataTier: [] };
  const address = (endpoint: FlowEndpoint): string => {
    const a = addressOf(stack, endpoint);
    return 'address' in a ? a.address : `unresolved:${a.error}`;
  };
  const flows: DeclaredFlow[] = stored.flows.map(({ props, declaredAt }) => ({
    name: props.name,
    from: address(props.from),
    to: address(props.to),
    port: props.port,
    protocol: props.protocol ?? 'tcp',
    actions: [...(props.actions ?? [])],
    declaredAt,
  }));
  const dataTier: DataTierMember[] = stored.dataTier.map(({ endpoint, declaredAt }) => ({ address: address(endpoint), declaredAt }));
  return { flows, dataTier };
}
