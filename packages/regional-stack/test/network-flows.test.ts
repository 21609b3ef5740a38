import * as fs from 'node:fs';
import * as path from 'node:path';
import { NetworkAcl } from '@cdktf/provider-aws/lib/network-acl';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Finding, FlowProof, PhiGuard } from '@phi-stack/phi-guard';
import { App, Testing } from 'cdktf';
import { IMAGE_BUCKET_ACTIONS, loadRegionConfig, MYSQL_PORT, RegionalStack, regionalStackName } from '../src';

const REPO = path.resolve(__dirname, '../../..');
const APPS = fs.readdirSync(path.join(REPO, 'apps')).filter((a) => fs.existsSync(path.join(REPO, 'apps', a, 'region.json')));
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON

const ENDPOINT_SERVICES = ['ssm', 'ssmmessages', 'ec2messages', 'kms', 'logs', 'secretsmanager'];

function build(app: string, mutate?: (stack: RegionalStack) => void, validate = false): { app: App; stack: RegionalStack } {
  const config = loadRegionConfig(path.join(REPO, 'apps', app));
  const cdktfApp = validate ? Testing.app() : new App({ skipValidation: true });
  const stack = new RegionalStack(cdktfApp, regionalStackName(config), { config, target: 'local' });
  mutate?.(stack);
  return { app: cdktfApp, stack };
}

const netFindings = (stack: RegionalStack): Finding[] => PhiGuard.check(stack).filter((f) => f.ruleId.startsWith('PHI-NET-'));
const ref = (type: string, name: string, attr = 'id') => `\${${type}.${name}.${attr}}`;
const nameOf = (json: Json, type: string, prefix: string): string => {
  const names = Object.keys(json.resource[type] ?? {}).filter((n) => n.startsWith(prefix));
  expect(names).toHaveLength(1);
  return names[0];
};

describe.each(APPS)('network flows of %s', (app) => {
  const { stack } = build(app);
  const config = stack.config;
  const proofs = PhiGuard.proveFlows(stack);
  const byName = new Map<string, FlowProof>(proofs.map((p) => [p.flow.name, p]));
  const expected = [
    'internet-to-alb-https',
    'internet-to-alb-http',
    'alb-to-app',
    'app-to-mysql-writer',
    ...Array.from({ length: config.dbReadReplicaCount }, (_, i) => `app-to-mysql-reader-${i + 1}`),
    'app-to-redis',
    'app-to-s3',
    ...ENDPOINT_SERVICES.map((s) => `app-to-${s}-endpoint`),
  ];

  it('declares every flow the region needs, with its port', () => {
    expect(proofs.map((p) => p.flow.name)).toEqual(expected);
    const ports = Object.fromEntries(proofs.map((p) => [p.flow.name, `${p.flow.protocol}/${p.flow.port}`]));
    expect(ports).toEqual(
      expect.objectContaining({
        'internet-to-alb-https': 'tcp/443',
        'internet-to-alb-http': 'tcp/80',
        'alb-to-app': `tcp/${stack.web.appPort}`,
        'app-to-mysql-writer': `tcp/${MYSQL_PORT}`,
        'app-to-redis': `tcp/${stack.cache.replicationGroupPort}`,
        'app-to-s3': 'tcp/443',
      }),
    );
    expect(byName.get('app-to-s3')!.flow.actions).toEqual(IMAGE_BUCKET_ACTIONS);
    expect(byName.get('alb-to-app')!.flow.to).toMatch(/^aws_autoscaling_group\.web_asg/);
    expect(byName.get('app-to-mysql-writer')!.flow.to).toMatch(/^aws_db_instance\.database_primary/);
    expect(byName.get('app-to-s3')!.flow.to).toMatch(/^aws_vpc_endpoint\.network_s3-endpoint/);
  });

  // Which sides apply: the internet has no security group, a gateway endpoint has none either,
  // and only VPC endpoints have a policy.
  const applicable = (name: string): Record<string, 'open' | 'not-applicable'> => {
    const internet = name.startsWith('internet-');
    const endpoint = name === 'app-to-s3' || name.endsWith('-endpoint');
    return {
      egress: internet ? 'not-applicable' : 'open',
      ingress: name === 'app-to-s3' ? 'not-applicable' : 'open',
      route: 'open',
      nacl: 'open',
      policy: endpoint ? 'open' : 'not-applicable',
    };
  };

  it.each(expected)('proves %s open on every side from the synthesized JSON', (name) => {
    const proof = byName.get(name)!;
    const statuses = Object.fromEntries(Object.entries(proof.sides).map(([side, s]) => [side, s.status]));
    expect({ statuses, problems: Object.values(proof.sides).flatMap((s) => s.problems.map((p) => p.message)) }).toEqual({ statuses: applicable(name), problems: [] });
    expect(proof.open).toBe(true);
  });

  it('opens the app security group to the database and the cache by group reference, and keeps HTTPS', () => {
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const appSg = ref('aws_security_group', nameOf(json, 'aws_security_group', 'web_app-sg'));
    const egress = json.resource.aws_vpc_security_group_egress_rule as Record<string, Json>;
    const mysql = egress[nameOf(json, 'aws_vpc_security_group_egress_rule', 'web_app-out-mysql')];
    const redis = egress[nameOf(json, 'aws_vpc_security_group_egress_rule', 'web_app-out-redis')];
    const https = egress[nameOf(json, 'aws_vpc_security_group_egress_rule', 'web_app-out-https')];
    expect(mysql).toEqual(
      expect.objectContaining({
        security_group_id: appSg,
        ip_protocol: 'tcp',
        from_port: 3306,
        to_port: 3306,
        referenced_security_group_id: ref('aws_security_group', nameOf(json, 'aws_security_group', 'database_security-group')),
      }),
    );
    expect(redis).toEqual(
      expect.objectContaining({
        security_group_id: appSg,
        ip_protocol: 'tcp',
        from_port: 6379,
        to_port: 6379,
        referenced_security_group_id: ref('aws_security_group', nameOf(json, 'aws_security_group', 'cache_security-group')),
      }),
    );
    expect(mysql.cidr_ipv4).toBeUndefined();
    expect(redis.cidr_ipv4).toBeUndefined();
    expect(https).toEqual(expect.objectContaining({ security_group_id: appSg, from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0' }));
  });

  it('declares the database and cache groups as the data tier, which admits only the app', () => {
    const run = PhiGuard.evaluate(stack);
    const groups = run.blocks.filter((b) => b.type === 'aws_security_group').map((b) => [b.address.replace(/_[0-9A-F]{8}$/, ''), run.statuses.get(b.address)!.get('PHI-NET-6')]);
    expect(Object.fromEntries(groups)).toEqual({
      'aws_security_group.web_alb-sg': 'not-applicable',
      'aws_security_group.web_app-sg': 'not-applicable',
      'aws_security_group.database_security-group': 'compliant',
      'aws_security_group.cache_security-group': 'compliant',
      'aws_security_group.network_endpoint-sg': 'not-applicable',
    });
    expect(run.findings.filter((f) => f.ruleId.startsWith('PHI-NET-'))).toEqual([]);
  });
});

describe('a us-east-1 variant with one side broken', () => {
  it('fails the synth naming the flows when the app has no egress to MySQL (the original bug)', () => {
    const { app, stack } = build('us-east-1', (s) => s.web.node.tryRemoveChild('app-out-mysql'), true);
    let message = '';
    try {
      app.synth();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('[PHI-NET-1] phi-us-east-1/web/asg: flow app-to-mysql-writer');
    expect(message).toContain('egress: no egress rule of aws_security_group.web_app-sg');
    expect(message).toContain('allows tcp/3306 to aws_security_group.database_security-group');
    for (let i = 1; i <= stack.config.dbReadReplicaCount; i++) expect(message).toContain(`flow app-to-mysql-reader-${i} `);
    expect(message).toContain('add an aws_vpc_security_group_egress_rule to aws_security_group.web_app-sg');
    // Only the MySQL flows are affected.
    expect(netFindings(stack).map((f) => f.ruleId)).toEqual(['PHI-NET-1']);
    expect(message).not.toContain('flow app-to-redis');
  });

  it('names app-to-redis when the app has no egress to the cache', () => {
    const { stack } = build('us-east-1', (s) => s.web.node.tryRemoveChild('app-out-redis'));
    const findings = netFindings(stack);
    expect(findings.map((f) => [f.ruleId, f.path])).toEqual([['PHI-NET-1', 'phi-us-east-1/web/asg']]);
    expect(findings[0].message).toMatch(/^flow app-to-redis \(.*tcp\/6379\) egress: no egress rule of aws_security_group\.web_app-sg_\w+ allows tcp\/6379 to aws_security_group\.cache_security-group_\w+/);
  });

  it('fails on the database when its group does not admit the app (missing ingress)', () => {
    const { stack } = build('us-east-1', (s) => s.database.node.tryRemoveChild('ingress-0'));
    const findings = netFindings(stack);
    expect(findings.map((f) => [f.ruleId, f.path])).toEqual([['PHI-NET-2', 'phi-us-east-1/database/primary'], ...stack.database.replicas.map((r) => ['PHI-NET-2', r.node.path])]);
    expect(findings[0].message).toContain('flow app-to-mysql-writer');
    expect(findings[0].message).toContain('ingress: no ingress rule of aws_security_group.database_security-group');
  });

  it('fails on the app when its route tables are not associated with the S3 gateway endpoint', () => {
    // Only the data-tier route tables: the app's private subnets would reach S3 through the NAT instead.
    const { stack } = build('us-east-1', (s) => {
      (s.network.node.findChild('s3-endpoint') as VpcEndpoint).routeTableIds = s.network.dataRouteTableIds;
    });
    const findings = netFindings(stack);
    expect(findings.map((f) => [f.ruleId, f.path])).toEqual([['PHI-NET-3', 'phi-us-east-1/web/asg']]);
    expect(findings[0].message).toContain('flow app-to-s3');
    expect(findings[0].message).toMatch(/route: aws_route_table\.network_private-rt-0_\w+ of aws_subnet\.network_private-subnet-0_\w+ is not associated with the gateway endpoint aws_vpc_endpoint\.network_s3-endpoint/);
  });

  it('fails when an extra ingress reaches the data tier', () => {
    const { stack } = build('us-east-1', (s) => {
      new VpcSecurityGroupIngressRule(s, 'rogue-mysql', { securityGroupId: s.database.securityGroupId, ipProtocol: 'tcp', fromPort: 3306, toPort: 3306, cidrIpv4: '0.0.0.0/0' });
      new VpcSecurityGroupIngressRule(s, 'alb-to-redis', { securityGroupId: s.cache.securityGroupId, ipProtocol: 'tcp', fromPort: 6379, toPort: 6379, referencedSecurityGroupId: s.web.albSecurityGroupId });
    });
    const findings = netFindings(stack);
    expect(findings.map((f) => [f.ruleId, f.path]).sort()).toEqual([
      ['PHI-NET-6', 'phi-us-east-1/cache/security-group'],
      ['PHI-NET-6', 'phi-us-east-1/database/security-group'],
      // 0.0.0.0/0 is also beyond the VPC, which no rule may admit into the data tier, declared or not.
      ['PHI-NET-7', 'phi-us-east-1/rogue-mysql'],
    ]);
    expect(findings.find((f) => f.path.includes('database'))!.message).toMatch(/^aws_vpc_security_group_ingress_rule\.rogue-mysql admits 0\.0\.0\.0\/0 on tcp\/3306 into the data tier/);
    expect(findings.find((f) => f.path.includes('cache'))!.message).toMatch(/admits aws_security_group\.web_alb-sg_\w+ on tcp\/6379 into the data tier/);
  });

  it('fails when a NACL of the data subnets denies Redis', () => {
    const { stack } = build('us-east-1', (s) => {
      const all = { protocol: '-1', fromPort: 0, toPort: 0, cidrBlock: '0.0.0.0/0', action: 'allow' };
      new NetworkAcl(s, 'data-nacl', {
        vpcId: s.network.vpcId,
        subnetIds: s.network.dataSubnetIds,
        ingress: [{ ruleNo: 100, action: 'deny', protocol: 'tcp', fromPort: 6379, toPort: 6379, cidrBlock: s.network.vpcCidrBlock }, { ...all, ruleNo: 200 }],
        egress: [{ ...all, ruleNo: 100 }],
      });
    });
    const findings = netFindings(stack);
    expect(findings.map((f) => [f.ruleId, f.path])).toEqual([['PHI-NET-4', 'phi-us-east-1/web/asg']]);
    expect(findings[0].message).toMatch(/^flow app-to-redis .* nacl: aws_network_acl\.data-nacl of aws_subnet\.network_data-subnet-0_\w+ blocks inbound tcp\/6379 .*rule 100 \(deny/);
    expect(findings[0].message).not.toContain('app-to-mysql');
  });
});
