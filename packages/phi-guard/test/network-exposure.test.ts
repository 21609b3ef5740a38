/**
 * PHI-NET-7 and PHI-NET-8 on the fixture network: no ingress from beyond the VPC into the data tier,
 * and into the web tier only on the load balancer's listener ports, by every form of rule.
 */
import { Finding, PhiGuard } from '../src';
import { Block, res } from './fixtures';
import { declareFixtureFlows, id, network, SG, sgRule } from './network-fixtures';
import { stackWith } from './fixtures';

function exposure(extra: Block[], declare = false): Finding[] {
  const { stack } = stackWith(network({ with: extra }));
  if (declare) declareFixtureFlows(stack, ['app-to-db']);
  return PhiGuard.check(stack).filter((f) => f.ruleId === 'PHI-NET-7' || f.ruleId === 'PHI-NET-8');
}
const summary = (findings: readonly Finding[]): string[] => findings.map((f) => `${f.ruleId} ${f.address}`);

describe('PHI-NET-7 data tier exposure', () => {
  it('passes the fixture network, whose data tier admits only the app group', () => {
    expect(exposure([])).toEqual([]);
  });

  it.each<[string, Block, string]>([
    ['a VPC rule from 0.0.0.0/0', sgRule('db_open', 'ingress', SG.db, 3306, { cidr_ipv4: '0.0.0.0/0' }), '0.0.0.0/0 is the whole internet'],
    ['a VPC rule from ::/0', sgRule('db_open', 'ingress', SG.db, 3306, { cidr_ipv6: '::/0' }), '::/0 is an IPv6 range the guard cannot place inside the VPC'],
    ['a range wider than the VPC', sgRule('db_open', 'ingress', SG.db, 3306, { cidr_ipv4: '10.0.0.0/8' }), '10.0.0.0/8 is not inside aws_vpc.vpc (10.0.0.0/16)'],
    ['another network', sgRule('db_open', 'ingress', SG.db, 3306, { cidr_ipv4: '192.168.1.0/24' }), '192.168.1.0/24 is not inside aws_vpc.vpc (10.0.0.0/16)'],
    ['a range unknown until apply', sgRule('db_open', 'ingress', SG.db, 3306, { cidr_ipv4: '${var.office_cidr}' }), '${var.office_cidr} is unknown until apply'],
    [
      'an aws_security_group_rule',
      res('aws_security_group_rule', 'db_open', { type: 'ingress', security_group_id: SG.db, protocol: 'tcp', from_port: 3306, to_port: 3306, cidr_blocks: ['0.0.0.0/0'] }),
      '0.0.0.0/0 is the whole internet',
    ],
    [
      'a prefix list with a public range',
      res('aws_vpc_security_group_ingress_rule', 'db_open', { security_group_id: SG.db, ip_protocol: 'tcp', from_port: 3306, to_port: 3306, prefix_list_id: id('aws_ec2_managed_prefix_list', 'office') }),
      'prefix list aws_ec2_managed_prefix_list.office: 203.0.113.0/24 is not inside aws_vpc.vpc',
    ],
  ])('fails on %s, reported on the rule that opens it', (_what, rule, reason) => {
    const office = res('aws_ec2_managed_prefix_list', 'office', { name: 'office', address_family: 'IPv4', max_entries: 1, entry: [{ cidr: '203.0.113.0/24' }] });
    const findings = exposure([rule, office]);
    expect(summary(findings)).toEqual([`PHI-NET-7 ${rule.type}.db_open`]);
    expect(findings[0].message).toContain(`${rule.type}.db_open admits tcp/3306 into the data tier (aws_security_group.db_sg, the group of aws_db_instance.db) from beyond the VPC: ${reason}`);
  });

  it('fails on an inline ingress block of the group, reported on the group', () => {
    const group = res('aws_security_group', 'db_sg', { name: 'db', vpc_id: id('aws_vpc', 'vpc'), ingress: [{ from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'] }] });
    const findings = exposure([group]);
    expect(summary(findings)).toEqual(['PHI-NET-7 aws_security_group.db_sg']);
    expect(findings[0].message).toContain('an inline ingress block of aws_security_group.db_sg admits all traffic into the data tier');
  });

  it('accepts ranges inside the VPC: a subnet CIDR, the VPC CIDR expression, a subnet CIDR expression', () => {
    expect(
      exposure([
        sgRule('db_sub', 'ingress', SG.db, 3306, { cidr_ipv4: '10.0.1.0/24' }),
        sgRule('db_vpc', 'ingress', SG.db, 3307, { cidr_ipv4: id('aws_vpc', 'vpc', 'cidr_block') }),
        sgRule('db_app', 'ingress', SG.db, 3308, { cidr_ipv4: id('aws_subnet', 'app', 'cidr_block') }),
      ]),
    ).toEqual([]);
  });

  it('knows the data tier by type, without declarations, and a cache too', () => {
    const cacheSg = res('aws_security_group', 'cache_sg', { name: 'cache', vpc_id: id('aws_vpc', 'vpc') });
    const cache = res('aws_elasticache_replication_group', 'cache', { replication_group_id: 'c', description: 'c', security_group_ids: [id('aws_security_group', 'cache_sg')] });
    const findings = exposure([cacheSg, cache, sgRule('cache_open', 'ingress', id('aws_security_group', 'cache_sg'), 6379, { cidr_ipv4: '0.0.0.0/0' })]);
    expect(summary(findings)).toEqual(['PHI-NET-7 aws_vpc_security_group_ingress_rule.cache_open']);
  });

  it('is not waivable in a PHI stack', () => {
    const { stack } = stackWith(network({ with: [sgRule('db_open', 'ingress', SG.db, 3306, { cidr_ipv4: '0.0.0.0/0' })] }));
    stack.addOverride('provider.aws', [{ region: 'us-east-1', default_tags: [{ tags: { DataClassification: 'phi' } }] }]);
    PhiGuard.suppress(stack.node.findChild('db_open'), 'PHI-NET-7', 'a partner connects from its own office network');
    expect(PhiGuard.check(stack).find((f) => f.ruleId === 'PHI-NET-7')?.message).toContain('PHI-NET-7 cannot be waived in a DataClassification=phi stack');
  });
});

describe('PHI-NET-8 web tier exposure', () => {
  it('admits the internet on the listener ports of a group only load balancers attach', () => {
    expect(exposure([])).toEqual([]);
  });

  it.each<[string, Block, string]>([
    ['a port without a listener', sgRule('alb_in_https', 'ingress', SG.alb, 8443, { cidr_ipv4: '0.0.0.0/0' }), 'admits tcp/8443 into the web tier (aws_security_group.alb_sg, the group of aws_lb.alb)'],
    [
      'a port range around the listener',
      res('aws_vpc_security_group_ingress_rule', 'alb_in_https', { security_group_id: SG.alb, ip_protocol: 'tcp', from_port: 80, to_port: 443, cidr_ipv4: '0.0.0.0/0' }),
      'admits tcp/80-443 into the web tier',
    ],
    ['SSH to the instances', sgRule('app_ssh', 'ingress', SG.app, 22, { cidr_ipv4: '0.0.0.0/0' }), 'admits tcp/22 into the web tier (aws_security_group.app_sg, the group of aws_launch_template.lt)'],
    ['the app port from another network', sgRule('app_ext', 'ingress', SG.app, 443, { cidr_ipv4: '198.51.100.0/24' }), '198.51.100.0/24 is not inside aws_vpc.vpc'],
  ])('fails on %s', (_what, rule, message) => {
    const findings = exposure([rule]);
    expect(summary(findings)).toEqual([`PHI-NET-8 ${rule.type}.${rule.name}`]);
    expect(findings[0].message).toContain(message);
  });

  it('gives no listener exception to a group that instances attach too', () => {
    const lt = res('aws_launch_template', 'lt', { network_interfaces: [{ device_index: 0, security_groups: [SG.app, SG.alb] }] });
    const findings = exposure([lt]);
    expect(summary(findings)).toEqual(['PHI-NET-8 aws_vpc_security_group_ingress_rule.alb_in_https']);
    expect(findings[0].message).toContain("only a load balancer's group may admit clients from outside the VPC");
  });
});
