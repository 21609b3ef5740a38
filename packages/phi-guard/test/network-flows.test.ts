import * as fs from 'node:fs';
import * as path from 'node:path';
import { TerraformStack } from 'cdktf';
import { Finding, HIPAA_RULES, PhiGuard } from '../src';
import { Block, policyJson, res, stackWith } from './fixtures';
import { declareFixtureFlows, el, fixtureFlows, id, network, RT, SG, sgRule, SUBNET } from './network-fixtures';

/**
 * The PHI-NET findings of the fixture network after `change`, with the given flows declared; the
 * database's group is declared as data tier when app-to-db is among them.
 */
function netFindings(change: Parameters<typeof network>[0] = {}, flows?: string[], dataTier = !flows || flows.includes('app-to-db')): Finding[] {
  const { stack } = stackWith(network(change));
  declareFixtureFlows(stack, flows, dataTier);
  return PhiGuard.check(stack).filter((f) => f.ruleId.startsWith('PHI-NET-'));
}

const NETWORK_RULES = HIPAA_RULES.filter((r) => r.id.startsWith('PHI-NET-'));
const summary = (findings: readonly Finding[]): string[] => findings.map((f) => `${f.ruleId} ${f.address}`);

const denyAllButAllowAll = (name: string, subnet: string, ingress: Record<string, unknown>[], egress: Record<string, unknown>[]): Block =>
  res('aws_network_acl', name, { vpc_id: id('aws_vpc', 'vpc'), subnet_ids: [subnet], ingress, egress });
const allowAll = (rule_no: number) => ({ rule_no, action: 'allow', protocol: '-1', from_port: 0, to_port: 0, cidr_block: '0.0.0.0/0' });

describe('declared flows on the fixture network', () => {
  it('proves every side of every flow open when the network is complete', () => {
    const { stack } = stackWith(network());
    declareFixtureFlows(stack);
    const proofs = PhiGuard.proveFlows(stack);
    expect(proofs.map((p) => p.flow.name)).toEqual(['internet-to-alb', 'alb-to-app', 'app-to-db', 'app-to-s3', 'app-to-ssm']);
    for (const p of proofs) {
      expect({ flow: p.flow.name, open: p.open, problems: Object.values(p.sides).flatMap((s) => s.problems.map((x) => x.message)) }).toEqual({ flow: p.flow.name, open: true, problems: [] });
    }
    // Each side is judged where it is applicable, by its rule.
    const byName = Object.fromEntries(proofs.map((p) => [p.flow.name, p.sides]));
    expect(byName['internet-to-alb'].egress.status).toBe('not-applicable'); // the internet has no security group
    expect(byName['app-to-s3'].ingress.status).toBe('not-applicable'); // a gateway endpoint has none either
    expect(byName['app-to-db'].egress).toEqual(expect.objectContaining({ status: 'open', ruleId: 'PHI-NET-1', anchor: 'aws_autoscaling_group.asg' }));
    expect(byName['app-to-db'].ingress).toEqual(expect.objectContaining({ status: 'open', ruleId: 'PHI-NET-2', anchor: 'aws_db_instance.db' }));
    expect(byName['app-to-s3'].route).toEqual(expect.objectContaining({ status: 'open', ruleId: 'PHI-NET-3' }));
    expect(byName['app-to-db'].nacl).toEqual(expect.objectContaining({ status: 'open', ruleId: 'PHI-NET-4' }));
    expect(byName['app-to-s3'].policy).toEqual(expect.objectContaining({ status: 'open', ruleId: 'PHI-NET-5' })); // no policy: full access
    expect(PhiGuard.check(stack).filter((f) => f.ruleId.startsWith('PHI-NET-'))).toEqual([]);
  });

  it('judges nothing when no flow is declared', () => {
    const { stack } = stackWith(network({ without: ['app_out_db', 'db_in_app'] }));
    const run = PhiGuard.evaluate(stack);
    expect(run.flows).toEqual([]);
    expect([...run.statuses.get('aws_autoscaling_group.asg')!].filter(([rule]) => rule.startsWith('PHI-NET-')).map(([, s]) => s)).toEqual(Array(8).fill('not-applicable'));
  });

  it('writes every flow and side to the report', () => {
    const { app, stack } = stackWith(network());
    declareFixtureFlows(stack, ['app-to-db']);
    PhiGuard.apply(stack, { printSummary: false, rules: NETWORK_RULES });
    app.synth();
    const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'test', 'phi-guard.json'), 'utf8'));
    expect(report.flows).toEqual([
      expect.objectContaining({
        name: 'app-to-db',
        from: 'aws_autoscaling_group.asg',
        to: 'aws_db_instance.db',
        port: 3306,
        protocol: 'tcp',
        open: true,
        sides: expect.objectContaining({ egress: { status: 'open', ruleId: 'PHI-NET-1', anchor: 'aws_autoscaling_group.asg', problems: [] } }),
      }),
    ]);
  });
});

describe('PHI-NET-1 source egress', () => {
  it('fails the synth naming the flow, the side, the group and the fix when the egress rule is missing', () => {
    const { app, stack } = stackWith(network({ without: ['app_out_db'] }));
    declareFixtureFlows(stack, ['app-to-db']);
    PhiGuard.apply(stack, { printSummary: false });
    expect(() => app.synth()).toThrow(
      '[PHI-NET-1] test/asg: flow app-to-db (aws_autoscaling_group.asg → aws_db_instance.db, tcp/3306) egress: no egress rule of aws_security_group.app_sg allows tcp/3306 to aws_security_group.db_sg (a Terraform-created aws_security_group has no egress until one is declared) (add an aws_vpc_security_group_egress_rule to aws_security_group.app_sg with ip_protocol = "tcp", from_port = to_port = 3306 and referenced_security_group_id = aws_security_group.db_sg.id)',
    );
  });

  it('counts a group without egress rules as closed (Terraform removes the default allow-all egress)', () => {
    const findings = netFindings({ without: ['app_out_db', 'app_out_https'] }, ['app-to-db', 'app-to-ssm']);
    expect(summary(findings)).toEqual(['PHI-NET-1 aws_autoscaling_group.asg']);
    expect(findings[0].message).toContain('flow app-to-db');
    expect(findings[0].message).toContain('flow app-to-ssm');
  });

  it('does not take egress on another port or to another group for the flow', () => {
    expect(summary(netFindings({ with: [sgRule('app_out_db', 'egress', SG.app, 3307, { referenced_security_group_id: SG.db })] }, ['app-to-db']))).toEqual([
      'PHI-NET-1 aws_autoscaling_group.asg',
    ]);
    expect(summary(netFindings({ with: [sgRule('app_out_db', 'egress', SG.app, 3306, { referenced_security_group_id: SG.ep })] }, ['app-to-db']))).toEqual([
      'PHI-NET-1 aws_autoscaling_group.asg',
    ]);
  });

  it('accepts every way of writing the egress: inline block, aws_security_group_rule, the VPC CIDR expression, a covering literal CIDR', () => {
    const inline = res('aws_security_group', 'app_sg', {
      name: 'app',
      vpc_id: id('aws_vpc', 'vpc'),
      egress: [{ from_port: 3306, to_port: 3306, protocol: 'tcp', security_groups: [SG.db] }],
    });
    expect(netFindings({ without: ['app_out_db'], with: [inline] }, ['app-to-db'])).toEqual([]);
    const legacy = res('aws_security_group_rule', 'legacy', { type: 'egress', security_group_id: SG.app, protocol: 'tcp', from_port: 3306, to_port: 3306, source_security_group_id: SG.db });
    expect(netFindings({ without: ['app_out_db'], with: [legacy] }, ['app-to-db'])).toEqual([]);
    const vpcCidr = sgRule('app_out_db', 'egress', SG.app, 3306, { cidr_ipv4: id('aws_vpc', 'vpc', 'cidr_block') });
    expect(netFindings({ with: [vpcCidr] }, ['app-to-db'])).toEqual([]);
    const literal = sgRule('app_out_db', 'egress', SG.app, 3306, { cidr_ipv4: '10.0.2.0/23' });
    expect(netFindings({ with: [literal] }, ['app-to-db'])).toEqual([]);
    const wrongCidr = sgRule('app_out_db', 'egress', SG.app, 3306, { cidr_ipv4: '10.0.3.0/24' });
    expect(summary(netFindings({ with: [wrongCidr] }, ['app-to-db']))).toEqual(['PHI-NET-1 aws_autoscaling_group.asg']);
  });

  it('treats a rule with count = 0 as absent', () => {
    const zero = { ...sgRule('app_out_db', 'egress', SG.app, 3306, { referenced_security_group_id: SG.db }) };
    expect(summary(netFindings({ with: [{ ...zero, config: { ...zero.config, count: 0 } }] }, ['app-to-db']))).toEqual(['PHI-NET-1 aws_autoscaling_group.asg']);
  });

  it('reaches a gateway endpoint through its prefix list', () => {
    const viaPrefixList = sgRule('app_out_https', 'egress', SG.app, 443, { prefix_list_id: id('aws_vpc_endpoint', 's3', 'prefix_list_id') });
    expect(netFindings({ with: [viaPrefixList] }, ['app-to-s3'])).toEqual([]);
    const fix = netFindings({ without: ['app_out_https'] }, ['app-to-s3'])[0].fix;
    expect(fix).toContain('prefix_list_id = aws_vpc_endpoint.s3.prefix_list_id');
  });
});

describe('PHI-NET-2 destination ingress', () => {
  it('fails on the destination when its group does not admit the source', () => {
    const findings = netFindings({ without: ['db_in_app'] }, ['app-to-db']);
    expect(summary(findings)).toEqual(['PHI-NET-2 aws_db_instance.db']);
    expect(findings[0].message).toBe(
      'flow app-to-db (aws_autoscaling_group.asg → aws_db_instance.db, tcp/3306) ingress: no ingress rule of aws_security_group.db_sg admits tcp/3306 from aws_security_group.app_sg',
    );
    expect(findings[0].fix).toContain('referenced_security_group_id = aws_security_group.app_sg.id');
  });

  it('needs 0.0.0.0/0 for a flow from the internet', () => {
    const corporate = sgRule('alb_in_https', 'ingress', SG.alb, 443, { cidr_ipv4: '203.0.113.0/24' });
    const findings = netFindings({ with: [corporate] }, ['internet-to-alb']);
    expect(summary(findings)).toEqual(['PHI-NET-2 aws_lb.alb']);
    expect(findings[0].message).toContain('from the internet (0.0.0.0/0)');
  });

  it('admits the source by the VPC CIDR expression on an interface endpoint', () => {
    expect(netFindings({}, ['app-to-ssm'])).toEqual([]);
    expect(summary(netFindings({ without: ['ep_in_vpc'] }, ['app-to-ssm']))).toEqual(['PHI-NET-2 aws_vpc_endpoint.ssm']);
  });
});

describe('PHI-NET-3 route', () => {
  it('fails when the source route table is not associated with the gateway endpoint', () => {
    const endpoint = res('aws_vpc_endpoint', 's3', { vpc_id: id('aws_vpc', 'vpc'), service_name: 'com.amazonaws.us-east-1.s3', vpc_endpoint_type: 'Gateway', route_table_ids: [RT.data] });
    const findings = netFindings({ with: [endpoint] }, ['app-to-s3']);
    expect(summary(findings)).toEqual(['PHI-NET-3 aws_autoscaling_group.asg']);
    expect(findings[0].message).toContain('route: aws_route_table.rt_app of aws_subnet.app is not associated with the gateway endpoint aws_vpc_endpoint.s3');
    expect(findings[0].fix).toBe('add aws_route_table.rt_app.id to route_table_ids of aws_vpc_endpoint.s3 (or an aws_vpc_endpoint_route_table_association)');
    // An association resource works as well as the attribute.
    const association = res('aws_vpc_endpoint_route_table_association', 'assoc', { vpc_endpoint_id: id('aws_vpc_endpoint', 's3'), route_table_id: RT.app });
    expect(netFindings({ with: [endpoint, association] }, ['app-to-s3'])).toEqual([]);
  });

  it('uses the main route table for a subnet without an association', () => {
    const findings = netFindings({ without: ['rta_app'] }, ['app-to-s3']);
    expect(findings[0].message).toContain('the main route table of aws_vpc.vpc of aws_subnet.app is not associated');
  });

  it('needs an internet gateway route on the subnets of an internet-facing destination', () => {
    const findings = netFindings({ without: ['pub_default'] }, ['internet-to-alb']);
    expect(summary(findings)).toEqual(['PHI-NET-3 aws_lb.alb']);
    expect(findings[0].message).toContain('aws_route_table.rt_pub of aws_subnet.pub has no 0.0.0.0/0 route to an internet gateway');
    const internal = res('aws_lb', 'alb', { internal: true, security_groups: [SG.alb], subnets: [SUBNET.pub] });
    expect(netFindings({ with: [internal] }, ['internet-to-alb'])[0].message).toContain('aws_lb.alb is internal');
  });
});

describe('PHI-NET-4 NACLs', () => {
  it('fails when a NACL of the destination denies the port, naming the NACL and the rule', () => {
    const nacl = denyAllButAllowAll(
      'data_nacl',
      SUBNET.data,
      [{ rule_no: 100, action: 'deny', protocol: 'tcp', from_port: 3306, to_port: 3306, cidr_block: '10.0.0.0/16' }, allowAll(200)],
      [allowAll(100)],
    );
    const findings = netFindings({ with: [nacl] }, ['app-to-db']);
    expect(summary(findings)).toEqual(['PHI-NET-4 aws_autoscaling_group.asg']);
    expect(findings[0].message).toContain('nacl: aws_network_acl.data_nacl of aws_subnet.data blocks inbound tcp/3306 from aws_subnet.app (request): rule 100 (deny, aws_network_acl.data_nacl)');
  });

  it('needs the reply on the ephemeral ports too (NACLs are stateless)', () => {
    const only3306 = denyAllButAllowAll('data_nacl', SUBNET.data, [allowAll(100)], [{ rule_no: 100, action: 'allow', protocol: 'tcp', from_port: 3306, to_port: 3306, cidr_block: '0.0.0.0/0' }]);
    const findings = netFindings({ with: [only3306] }, ['app-to-db']);
    expect(findings[0].message).toContain('blocks outbound tcp/1024-65535 to aws_subnet.app (reply): the final * rule (deny)');
    const withReply = denyAllButAllowAll(
      'data_nacl',
      SUBNET.data,
      [{ rule_no: 100, action: 'allow', protocol: 'tcp', from_port: 3306, to_port: 3306, cidr_block: '10.0.1.0/24' }],
      [{ rule_no: 100, action: 'allow', protocol: 'tcp', from_port: 1024, to_port: 65535, cidr_block: '10.0.1.0/24' }],
    );
    expect(netFindings({ with: [withReply] }, ['app-to-db'])).toEqual([]);
  });

  it('reads aws_network_acl_rule and first-match order', () => {
    const nacl = denyAllButAllowAll('app_nacl', SUBNET.app, [allowAll(200)], [allowAll(200)]);
    const deny = res('aws_network_acl_rule', 'deny_db', {
      network_acl_id: id('aws_network_acl', 'app_nacl'),
      rule_number: 50,
      egress: true,
      protocol: 'tcp',
      rule_action: 'deny',
      from_port: 3000,
      to_port: 4000,
      cidr_block: '10.0.2.0/24',
    });
    expect(netFindings({ with: [nacl, deny] }, ['app-to-db'])[0].message).toContain('blocks outbound tcp/3306 to aws_subnet.data (request): rule 50 (deny, aws_network_acl_rule.deny_db)');
    const later = res('aws_network_acl_rule', 'deny_db', { ...deny.config, rule_number: 300 });
    expect(netFindings({ with: [nacl, later] }, ['app-to-db'])).toEqual([]);
  });

  it('takes an unmanaged default NACL as allow-all and a managed empty one as deny-all', () => {
    expect(netFindings({}, ['app-to-db'])).toEqual([]);
    const managed = res('aws_default_network_acl', 'default', { default_network_acl_id: id('aws_vpc', 'vpc', 'default_network_acl_id') });
    const findings = netFindings({ with: [managed] }, ['app-to-db']);
    expect(findings[0].message).toContain('aws_default_network_acl.default of aws_subnet.app blocks outbound tcp/3306');
  });
});

describe('PHI-NET-5 endpoint policy', () => {
  const s3With = (policy: string): Block =>
    res('aws_vpc_endpoint', 's3', { vpc_id: id('aws_vpc', 'vpc'), service_name: 'com.amazonaws.us-east-1.s3', vpc_endpoint_type: 'Gateway', route_table_ids: [RT.app], policy });

  const roleDoc = (role: string): Block => ({
    type: 'aws_iam_policy_document',
    name: 'ep',
    kind: 'data',
    config: { statement: [{ effect: 'Allow', principals: [{ type: 'AWS', identifiers: [id('aws_iam_role', role, 'arn')] }], actions: ['s3:GetObject', 's3:PutObject'], resources: ['*'] }] },
  });

  it('accepts a policy that allows the actions to the instance role, the account or anyone', () => {
    expect(netFindings({ with: [roleDoc('role'), s3With('${data.aws_iam_policy_document.ep.json}')] }, ['app-to-s3'])).toEqual([]);
    expect(netFindings({ with: [s3With(policyJson('Allow', 's3:*', { AWS: 'arn:aws:iam::111122223333:root' }))] }, ['app-to-s3'])).toEqual([]);
    expect(netFindings({ with: [s3With(policyJson('Allow', ['s3:Get*', 's3:Put*'], '*'))] }, ['app-to-s3'])).toEqual([]);
  });

  it('fails when an action is missing, the principal is another role, or an unconditional Deny takes it back', () => {
    const missing = netFindings({ with: [s3With(policyJson('Allow', 's3:GetObject', '*'))] }, ['app-to-s3']);
    expect(summary(missing)).toEqual(['PHI-NET-5 aws_vpc_endpoint.s3']);
    expect(missing[0].message).toContain('policy: the policy of aws_vpc_endpoint.s3 allows s3:PutObject to no principal that covers aws_iam_role.role');
    const otherRole = netFindings({ with: [roleDoc('other'), s3With('${data.aws_iam_policy_document.ep.json}')] }, ['app-to-s3']);
    expect(summary(otherRole)).toEqual(['PHI-NET-5 aws_vpc_endpoint.s3']);
    const denied = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' },
        { Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: '*' },
      ],
    });
    expect(netFindings({ with: [s3With(denied)] }, ['app-to-s3'])[0].message).toContain('denies s3:PutObject');
  });

  it('reads a data.aws_iam_policy_document with conditions on the Allow', () => {
    const doc = {
      type: 'aws_iam_policy_document',
      name: 'ep',
      kind: 'data' as const,
      config: {
        statement: [
          { effect: 'Allow', principals: [{ type: 'AWS', identifiers: ['*'] }], actions: ['s3:*'], resources: ['*'], condition: [{ test: 'StringEquals', variable: 'aws:ResourceAccount', values: ['111122223333'] }] },
        ],
      },
    };
    expect(netFindings({ with: [doc, s3With('${data.aws_iam_policy_document.ep.json}')] }, ['app-to-s3'])).toEqual([]);
  });
});

describe('PHI-NET-6 data tier admits only declared flows', () => {
  it('is compliant with exactly the declared ingress', () => {
    const { stack } = stackWith(network());
    declareFixtureFlows(stack, ['app-to-db']);
    expect(PhiGuard.evaluate(stack).statuses.get('aws_security_group.db_sg')?.get('PHI-NET-6')).toBe('compliant');
  });

  it.each([
    ['0.0.0.0/0', sgRule('db_in_anywhere', 'ingress', SG.db, 3306, { cidr_ipv4: '0.0.0.0/0' }), 'aws_vpc_security_group_ingress_rule.db_in_anywhere admits 0.0.0.0/0 on tcp/3306'],
    ['another group', sgRule('db_in_alb', 'ingress', SG.db, 3306, { referenced_security_group_id: SG.alb }), 'admits aws_security_group.alb_sg on tcp/3306'],
    ['the app subnet CIDR', sgRule('db_in_cidr', 'ingress', SG.db, 3306, { cidr_ipv4: '10.0.1.0/24' }), 'admits 10.0.1.0/24 on tcp/3306'],
    ['all ports from the app', res('aws_vpc_security_group_ingress_rule', 'db_in_all', { security_group_id: SG.db, ip_protocol: '-1', referenced_security_group_id: SG.app }), 'admits aws_security_group.app_sg on all traffic'],
    ['another port from the app', sgRule('db_in_ssh', 'ingress', SG.db, 22, { referenced_security_group_id: SG.app }), 'admits aws_security_group.app_sg on tcp/22'],
    [
      'an inline block',
      res('aws_security_group', 'db_sg', { name: 'db', vpc_id: id('aws_vpc', 'vpc'), ingress: [{ from_port: 6379, to_port: 6379, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'] }] }),
      'an inline ingress block of aws_security_group.db_sg admits 10.0.0.0/8 on tcp/6379',
    ],
  ])('fails on an extra ingress from %s', (_what, extra, message) => {
    // PHI-NET-7 also flags the ranges from beyond the VPC (0.0.0.0/0, 10.0.0.0/8): see the exposure tests.
    const findings = netFindings({ with: [extra] }, ['app-to-db']).filter((f) => f.ruleId === 'PHI-NET-6');
    expect(summary(findings)).toEqual(['PHI-NET-6 aws_security_group.db_sg']);
    expect(findings[0].message).toContain(message);
    expect(findings[0].message).toContain('into the data tier (aws_security_group.db_sg), which no declared flow needs');
  });

  it('counts a member declared by its database as its security group', () => {
    const { stack } = stackWith(network({ with: [sgRule('db_in_anywhere', 'ingress', SG.db, 3306, { cidr_ipv4: '0.0.0.0/0' })] }));
    declareFixtureFlows(stack, ['app-to-db'], false);
    PhiGuard.declareDataTier(stack, el(stack, 'db'));
    expect(summary(PhiGuard.check(stack).filter((f) => f.ruleId === 'PHI-NET-6'))).toEqual(['PHI-NET-6 aws_security_group.db_sg']);
  });

  it('flags every source when no flow to the data tier is declared', () => {
    expect(summary(netFindings({}, ['alb-to-app'], true))).toEqual(['PHI-NET-6 aws_security_group.db_sg']);
  });
});

describe('flow ends', () => {
  it('resolves a security group end through the workloads that attach it', () => {
    const { stack } = stackWith(network());
    PhiGuard.declareFlow(stack, { name: 'app-sg-to-s3', from: el(stack, 'app_sg'), to: el(stack, 's3'), port: 443 });
    const [proof] = PhiGuard.proveFlows(stack);
    expect(proof.open).toBe(true);
    expect(proof.sides.route.status).toBe('open');
  });

  it('takes the id token of a resource as an end', () => {
    const { stack } = stackWith(network({ without: ['app_out_db'] }));
    PhiGuard.declareFlow(stack, { name: 'app-to-db', from: el(stack, 'asg'), to: el(stack, 'db').getStringAttribute('id'), port: 3306 });
    expect(PhiGuard.proveFlows(stack)[0].flow.to).toBe('aws_db_instance.db');
    expect(summary(PhiGuard.check(stack).filter((f) => f.ruleId.startsWith('PHI-NET-')))).toEqual(['PHI-NET-1 aws_autoscaling_group.asg']);
  });

  it('reports a workload that uses the default security group', () => {
    const findings = netFindings({ with: [res('aws_db_instance', 'db', { engine: 'mysql', db_subnet_group_name: id('aws_db_subnet_group', 'dbsubnets', 'name') })] }, ['app-to-db'], false);
    expect(findings.map((f) => f.message).join('\n')).toContain("aws_db_instance.db sets no vpc_security_group_ids (it would use the VPC's default group)");
  });

  it('can be suppressed like any rule, with a reason', () => {
    const { stack } = stackWith(network({ without: ['app_out_db'] }));
    declareFixtureFlows(stack, ['app-to-db']);
    PhiGuard.suppress(el(stack, 'asg'), 'PHI-NET-1', 'egress opened by a firewall appliance outside Terraform');
    const run = PhiGuard.evaluate(stack);
    expect(run.findings.filter((f) => f.ruleId.startsWith('PHI-NET-'))).toEqual([]);
    expect(run.suppressed.map((s) => s.ruleId)).toEqual(['PHI-NET-1']);
  });
});

describe('PhiGuard.declareFlow / declareDataTier validation', () => {
  const fresh = (): TerraformStack => {
    const { stack } = stackWith(network());
    return stack;
  };

  it.each([
    ['a bad name', (s: TerraformStack) => ({ ...fixtureFlows(s)['app-to-db'], name: 'App To DB' }), "test: flow name must be 1-63 lowercase letters, digits or hyphens (got 'App To DB')"],
    ['a bad port', (s: TerraformStack) => ({ ...fixtureFlows(s)['app-to-db'], port: 70000 }), 'test: flow app-to-db: port must be an integer between 1 and 65535 (got 70000)'],
    ['the internet as destination', (s: TerraformStack) => ({ ...fixtureFlows(s)['app-to-db'], to: 'internet' }), "flow app-to-db: to must be a resource of the stack (got 'internet')"],
    ['a plain string', (s: TerraformStack) => ({ ...fixtureFlows(s)['app-to-db'], to: 'sg-0123' }), "flow app-to-db: to must be 'internet', a resource construct or its id token ('sg-0123' is neither"],
    ['an unsupported resource', (s: TerraformStack) => ({ ...fixtureFlows(s)['app-to-db'], to: el(s, 'vpc') }), 'aws_vpc.vpc is not a flow endpoint'],
    ['the same end twice', (s: TerraformStack) => ({ ...fixtureFlows(s)['app-to-db'], to: el(s, 'asg') }), 'flow app-to-db: from and to must be different ends'],
    ['a bad action', (s: TerraformStack) => ({ ...fixtureFlows(s)['app-to-s3'], actions: ['GetObject'] }), "flow app-to-s3: actions must be IAM actions like s3:GetObject (got 'GetObject')"],
  ])('throws on %s', (_what, props, message) => {
    const stack = fresh();
    expect(() => PhiGuard.declareFlow(stack, props(stack))).toThrow(message);
  });

  it('names every bad prop of a flow in one error, and compares the ends only when both are valid', () => {
    const stack = fresh();
    expect(() => PhiGuard.declareFlow(stack, { ...fixtureFlows(stack)['app-to-db'], name: 'App To DB', port: 70000, to: 'sg-0123' })).toThrow(
      /^test: 3 problems:\n {2}- flow name must be 1-63 lowercase letters, digits or hyphens \(got 'App To DB'\)[^\n]*\n {2}- flow App To DB: port must be an integer between 1 and 65535 \(got 70000\)\n {2}- flow App To DB: to must be 'internet', a resource construct or its id token \('sg-0123' is neither[^\n]*$/,
    );
  });

  it('throws on a duplicate flow name', () => {
    const stack = fresh();
    PhiGuard.declareFlow(stack, fixtureFlows(stack)['app-to-db']);
    expect(() => PhiGuard.declareFlow(stack, fixtureFlows(stack)['app-to-db'])).toThrow("flow name must be unique in the stack (got 'app-to-db' twice)");
  });

  it('throws on an empty or internet data tier', () => {
    const stack = fresh();
    expect(() => PhiGuard.declareDataTier(stack)).toThrow('declareDataTier needs at least one member (got 0)');
    expect(() => PhiGuard.declareDataTier(stack, 'internet')).toThrow("'internet' cannot be part of the data tier");
  });
});
