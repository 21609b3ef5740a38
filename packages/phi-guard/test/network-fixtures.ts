/**
 * A small three-tier network as raw blocks: public subnet (ALB), app subnet (Auto Scaling group),
 * data subnet (MySQL), an S3 gateway endpoint and an SSM interface endpoint, with exactly the
 * security group rules the flows below need. Tests remove or add blocks to break one side.
 */
import { TerraformResource, TerraformStack } from 'cdktf';
import { FlowProps, PhiGuard } from '../src';
import { Block, res } from './fixtures';

export const id = (type: string, name: string, attr = 'id'): string => `\${${type}.${name}.${attr}}`;
export const SG = {
  alb: id('aws_security_group', 'alb_sg'),
  app: id('aws_security_group', 'app_sg'),
  db: id('aws_security_group', 'db_sg'),
  ep: id('aws_security_group', 'ep_sg'),
};
const VPC = id('aws_vpc', 'vpc');
export const SUBNET = { pub: id('aws_subnet', 'pub'), app: id('aws_subnet', 'app'), data: id('aws_subnet', 'data') };
export const RT = { pub: id('aws_route_table', 'rt_pub'), app: id('aws_route_table', 'rt_app'), data: id('aws_route_table', 'rt_data') };

export const sgRule = (name: string, direction: 'ingress' | 'egress', group: string, port: number, peer: Record<string, unknown>): Block =>
  res(`aws_vpc_security_group_${direction}_rule`, name, { security_group_id: group, ip_protocol: 'tcp', from_port: port, to_port: port, ...peer });

/** Every block of the network, by name. */
export function networkBlocks(): Record<string, Block> {
  const list: Block[] = [
    res('aws_vpc', 'vpc', { cidr_block: '10.0.0.0/16' }),
    res('aws_internet_gateway', 'igw', { vpc_id: VPC }),
    res('aws_subnet', 'pub', { vpc_id: VPC, cidr_block: '10.0.0.0/24' }),
    res('aws_subnet', 'app', { vpc_id: VPC, cidr_block: '10.0.1.0/24' }),
    res('aws_subnet', 'data', { vpc_id: VPC, cidr_block: '10.0.2.0/24' }),
    ...(['pub', 'app', 'data'] as const).flatMap((t) => [
      res('aws_route_table', `rt_${t}`, { vpc_id: VPC }),
      res('aws_route_table_association', `rta_${t}`, { subnet_id: SUBNET[t], route_table_id: RT[t] }),
    ]),
    res('aws_route', 'pub_default', { route_table_id: RT.pub, destination_cidr_block: '0.0.0.0/0', gateway_id: id('aws_internet_gateway', 'igw') }),
    ...(['alb', 'app', 'db', 'ep'] as const).map((n) => res('aws_security_group', `${n}_sg`, { name: n, vpc_id: VPC })),
    sgRule('alb_in_https', 'ingress', SG.alb, 443, { cidr_ipv4: '0.0.0.0/0' }),
    sgRule('alb_out_app', 'egress', SG.alb, 443, { referenced_security_group_id: SG.app }),
    sgRule('app_in_alb', 'ingress', SG.app, 443, { referenced_security_group_id: SG.alb }),
    sgRule('app_out_https', 'egress', SG.app, 443, { cidr_ipv4: '0.0.0.0/0' }),
    sgRule('app_out_db', 'egress', SG.app, 3306, { referenced_security_group_id: SG.db }),
    sgRule('db_in_app', 'ingress', SG.db, 3306, { referenced_security_group_id: SG.app }),
    sgRule('ep_in_vpc', 'ingress', SG.ep, 443, { cidr_ipv4: id('aws_vpc', 'vpc', 'cidr_block') }),
    res('aws_lb', 'alb', { internal: false, security_groups: [SG.alb], subnets: [SUBNET.pub] }),
    // The listener whose port the ALB group opens to the internet (PHI-NET-8 admits only listener ports).
    res('aws_lb_listener', 'https', { load_balancer_arn: id('aws_lb', 'alb', 'arn'), port: 443, protocol: 'HTTPS', default_action: [{ type: 'forward' }] }),
    res('aws_iam_role', 'role', { assume_role_policy: '{}' }),
    res('aws_iam_instance_profile', 'profile', { role: id('aws_iam_role', 'role', 'name') }),
    res('aws_launch_template', 'lt', {
      iam_instance_profile: { arn: id('aws_iam_instance_profile', 'profile', 'arn') },
      network_interfaces: [{ device_index: 0, security_groups: [SG.app] }],
    }),
    res('aws_autoscaling_group', 'asg', { min_size: 1, max_size: 2, vpc_zone_identifier: [SUBNET.app], launch_template: { id: id('aws_launch_template', 'lt') } }),
    res('aws_db_subnet_group', 'dbsubnets', { subnet_ids: [SUBNET.data] }),
    res('aws_db_instance', 'db', { engine: 'mysql', vpc_security_group_ids: [SG.db], db_subnet_group_name: id('aws_db_subnet_group', 'dbsubnets', 'name') }),
    res('aws_vpc_endpoint', 's3', { vpc_id: VPC, service_name: 'com.amazonaws.us-east-1.s3', vpc_endpoint_type: 'Gateway', route_table_ids: [RT.app, RT.data] }),
    res('aws_vpc_endpoint', 'ssm', { vpc_id: VPC, service_name: 'com.amazonaws.us-east-1.ssm', vpc_endpoint_type: 'Interface', security_group_ids: [SG.ep], subnet_ids: [SUBNET.app] }),
  ];
  return Object.fromEntries(list.map((b) => [b.name, b]));
}

/** The network with blocks removed (by name) and blocks added or replaced. */
export function network(change: { without?: string[]; with?: Block[] } = {}): Block[] {
  const all = networkBlocks();
  for (const name of change.without ?? []) {
    if (!all[name]) throw new Error(`fixture has no block ${name}`);
    delete all[name];
  }
  for (const b of change.with ?? []) all[b.name] = b;
  return Object.values(all);
}

/** The resource construct of a fixture block, for flow declarations. */
export function el(stack: TerraformStack, name: string): TerraformResource {
  return stack.node.findChild(name) as TerraformResource;
}

/** The flows of the fixture, by name. */
export function fixtureFlows(stack: TerraformStack): Record<string, FlowProps> {
  return {
    'internet-to-alb': { name: 'internet-to-alb', from: 'internet', to: el(stack, 'alb'), port: 443 },
    'alb-to-app': { name: 'alb-to-app', from: el(stack, 'alb'), to: el(stack, 'asg'), port: 443 },
    'app-to-db': { name: 'app-to-db', from: el(stack, 'asg'), to: el(stack, 'db'), port: 3306 },
    'app-to-s3': { name: 'app-to-s3', from: el(stack, 'asg'), to: el(stack, 's3'), port: 443, actions: ['s3:GetObject', 's3:PutObject'] },
    'app-to-ssm': { name: 'app-to-ssm', from: el(stack, 'asg'), to: el(stack, 'ssm'), port: 443 },
  };
}

/** Declares the named fixture flows (all by default) and the database's group as the data tier. */
export function declareFixtureFlows(stack: TerraformStack, names?: string[], dataTier = true): void {
  const flows = fixtureFlows(stack);
  for (const name of names ?? Object.keys(flows)) PhiGuard.declareFlow(stack, flows[name]);
  if (dataTier) PhiGuard.declareDataTier(stack, el(stack, 'db_sg'));
}
