import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PhiGuard } from '@phi-stack/phi-guard';
import { App, Testing } from 'cdktf';
import { loadRegionConfig, regionCode, RegionalStack, regionalStackName } from '../src';

const REPO = path.resolve(__dirname, '../../..');
const APPS = fs.readdirSync(path.join(REPO, 'apps')).filter((a) => fs.existsSync(path.join(REPO, 'apps', a, 'region.json')));
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON

function build(app: string): { stack: RegionalStack; json: Json } {
  const config = loadRegionConfig(path.join(REPO, 'apps', app));
  const stack = new RegionalStack(new App({ skipValidation: true }), regionalStackName(config), { config, target: 'local' });
  return { stack, json: JSON.parse(Testing.synth(stack)) as Json };
}

const ref = (type: string, name: string, attr = 'id') => `\${${type}.${name}.${attr}}`;
const names = (json: Json, type: string) => Object.keys(json.resource[type] ?? {});

describe.each(APPS)('regional app %s', (app) => {
  const { stack, json } = build(app);
  const config = stack.config;

  it('passes the whole phi-guard pack with no unsuppressed finding', () => {
    expect(PhiGuard.check(stack).map((f) => `[${f.ruleId}] ${f.path}: ${f.message}`)).toEqual([]);
  });

  it('spreads three subnet tiers over the configured AZs', () => {
    const subnets = Object.values(json.resource.aws_subnet) as Json[];
    expect(subnets).toHaveLength(3 * config.azCount);
    expect(new Set(subnets.map((s) => s.availability_zone))).toEqual(new Set(stack.availabilityZones));
    expect(names(json, 'aws_nat_gateway')).toHaveLength(config.natGateways === 'per-az' ? config.azCount : 1);
  });

  it('admits only the web tier to the database and the cache', () => {
    const [appSg] = names(json, 'aws_security_group').filter((n) => /app/.test(n));
    expect(appSg).toBeDefined();
    const ingress = Object.values(json.resource.aws_vpc_security_group_ingress_rule ?? {}) as Json[];
    const fromApp = ingress.filter((r) => r.referenced_security_group_id === ref('aws_security_group', appSg));
    const ports = fromApp.map((r) => r.from_port).sort();
    expect(ports).toEqual(expect.arrayContaining([3306, 6379]));
  });

  it('creates the configured read replicas of one Multi-AZ primary', () => {
    const dbs = Object.entries(json.resource.aws_db_instance) as [string, Json][];
    const primaries = dbs.filter(([, d]) => !d.replicate_source_db);
    expect(primaries).toHaveLength(1);
    const [primaryName, primary] = primaries[0];
    expect(primary.multi_az).toBe(true);
    expect(primary.allocated_storage).toBe(config.dbAllocatedStorageGiB);
    expect(primary.max_allocated_storage).toBe(config.dbMaxAllocatedStorageGiB);
    const replicas = dbs.filter(([, d]) => d.replicate_source_db);
    expect(replicas).toHaveLength(config.dbReadReplicaCount);
    for (const [, replica] of replicas) expect(replica.replicate_source_db).toBe(ref('aws_db_instance', primaryName, 'arn'));
  });

  it('sizes the web tier and the cache from the config', () => {
    const [asg] = Object.values(json.resource.aws_autoscaling_group) as Json[];
    // min and desired at creation are the minimum in force at plan time; the schedule owns min_size after.
    expect(asg.max_size).toBe(config.webMaxCapacity);
    expect(asg.min_size).toMatch(new RegExp(`\\[0\\], ${config.webMinCapacity}\\)\\}$`));
    expect(asg.desired_capacity).toMatch(new RegExp(`^\\$\\{max\\(${config.webDesiredCapacity}, try\\(`));
    const [group] = Object.values(json.resource.aws_elasticache_replication_group) as Json[];
    expect(group.node_type).toBe(config.cacheNodeType);
    expect(group.multi_az_enabled).toBe(true);
    expect(group.automatic_failover_enabled).toBe(true);
  });

  it('keeps an audit trail with log-file validation, encrypted with its own key', () => {
    const [trail] = Object.values(json.resource.aws_cloudtrail) as Json[];
    expect(trail.enable_log_file_validation).toBe(true);
    expect(trail.kms_key_id).toMatch(/^\$\{aws_kms_key\..*\.arn\}$/);
    expect(trail.name).toBe(`phi-${config.environment}-${regionCode(config.region)}-audit`);
  });

  it('watches the web tier, every DB instance and every cache node, notifying one encrypted topic', () => {
    const name = `phi-${config.environment}-${regionCode(config.region)}`;
    const alarms = Object.values(json.resource.aws_cloudwatch_metric_alarm) as Json[];
    const dbInstances = 1 + config.dbReadReplicaCount;
    const cacheNodes = 1 + config.cacheReplicasPerNodeGroup;
    expect(alarms).toHaveLength(4 + 2 * dbInstances + config.dbReadReplicaCount + 1 + 2 * cacheNodes);
    expect([...stack.alarms.alarmNames].sort()).toEqual(alarms.map((a) => a.alarm_name).sort());
    const [topic] = names(json, 'aws_sns_topic');
    for (const alarm of alarms) expect(alarm.alarm_actions).toEqual([ref('aws_sns_topic', topic, 'arn')]);
    const [lb] = names(json, 'aws_lb');
    expect(alarms.find((a) => a.alarm_name === `${name}-alb-elb-5xx`)!.dimensions).toEqual({ LoadBalancer: ref('aws_lb', lb, 'arn_suffix') });
    const [group] = names(json, 'aws_elasticache_replication_group');
    expect(alarms.find((a) => a.alarm_name === `${name}-cache-failover`)!.dimensions).toEqual({ CacheClusterId: `${ref('aws_elasticache_replication_group', group, 'id')}-001` });
    const [subscription] = Object.values(json.resource.aws_db_event_subscription) as Json[];
    expect(subscription.source_ids).toHaveLength(dbInstances);
    expect(json.resource.aws_sns_topic[topic]).toMatchObject({ name: `${name}-alarms`, kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.alarms_key_[0-9A-F]{8}\.arn\}$/) });
    expect(json.output.alarmTopicArn.value).toBe(ref('aws_sns_topic', topic, 'arn'));
    expect(json.output.dashboardName.value).toMatch(/^\$\{aws_cloudwatch_dashboard\./);
  });

  it('exposes the endpoints the main job prints', () => {
    expect(Object.keys(json.output)).toEqual(
      expect.arrayContaining(['albDnsName', 'cloudfrontDomainName', 'dbInstanceEndpoint', 'dbReaderEndpoints', 'redisPrimaryEndpoint']),
    );
  });
});

describe('regionCode', () => {
  it('keeps regions apart that share a prefix', () => {
    expect(['us-east-1', 'eu-west-1', 'ap-southeast-1', 'ap-south-1', 'eu-central-1'].map(regionCode)).toEqual(['use1', 'euw1', 'apse1', 'aps1', 'euc1']);
  });
});

describe('the app entry point', () => {
  it('fails synth with the field and the value when region.json is bad', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apps-'));
    const good = JSON.parse(fs.readFileSync(path.join(REPO, 'apps/us-east-1/region.json'), 'utf8'));
    fs.mkdirSync(path.join(dir, 'us-east-1'));
    fs.writeFileSync(path.join(dir, 'us-east-1', 'region.json'), JSON.stringify({ ...good, azCount: 9 }));
    let stderr = '';
    try {
      execFileSync(path.join(REPO, 'node_modules/.bin/tsx'), [path.join(__dirname, '../src/main.ts'), path.join(dir, 'us-east-1')], { encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      stderr = (err as { stderr: string }).stderr;
    }
    expect(stderr).toContain('azCount must be between 2 and 6 for us-east-1, which has 6 Availability Zones (got 9)');
    expect(fs.existsSync(path.join(dir, 'us-east-1', 'cdktf.out'))).toBe(false); // nothing half-written
  });
});

describe('the ALB certificate', () => {
  const config = loadRegionConfig(path.join(REPO, 'apps/us-east-1'));
  const synth = (target: 'aws' | 'local') =>
    JSON.parse(Testing.synth(new RegionalStack(new App({ skipValidation: true }), 'phi-us-east-1', { config, target }))) as Json;

  it('is the configured certificate in a real account', () => {
    const json = synth('aws');
    const https = (Object.values(json.resource.aws_lb_listener) as Json[]).find((l) => l.port === 443)!;
    expect(https.certificate_arn).toBe(config.albCertificateArn);
    expect(json.resource.aws_acm_certificate).toBeUndefined();
  });

  it('is requested for the same domain in the emulator, which cannot hold the real one', () => {
    const json = synth('local');
    const [[name, cert]] = Object.entries(json.resource.aws_acm_certificate) as [string, Json][];
    // Issued before the old one goes: the listener holds the certificate it replaces.
    expect(cert).toEqual({ domain_name: config.domainName, validation_method: 'DNS', lifecycle: { create_before_destroy: true } });
    const https = (Object.values(json.resource.aws_lb_listener) as Json[]).find((l) => l.port === 443)!;
    expect(https.certificate_arn).toBe(ref('aws_acm_certificate', name, 'arn'));
  });
});

describe.each(APPS)('WAF of regional app %s', (app) => {
  const { stack, json } = build(app);
  const region = stack.config.region;
  const acls = json.resource.aws_wafv2_web_acl as Record<string, Json>;
  const [albAclName, albAcl] = Object.entries(acls).find(([, a]) => a.scope === 'REGIONAL')!;
  const [cdnAclName, cdnAcl] = Object.entries(acls).find(([, a]) => a.scope === 'CLOUDFRONT')!;
  const groupsOf = (acl: Json) => (acl.rule as Json[]).map((r) => [r.priority, r.statement.managed_rule_group_statement.vendor_name, r.statement.managed_rule_group_statement.name]);

  it('runs the AWS managed rule groups on the ALB, SQL injection included, with CloudWatch metrics', () => {
    expect(Object.keys(acls)).toHaveLength(2);
    expect(albAcl.default_action).toEqual({ allow: {} });
    expect(groupsOf(albAcl)).toEqual([
      [10, 'AWS', 'AWSManagedRulesAmazonIpReputationList'],
      [20, 'AWS', 'AWSManagedRulesCommonRuleSet'],
      [30, 'AWS', 'AWSManagedRulesKnownBadInputsRuleSet'],
      [40, 'AWS', 'AWSManagedRulesSQLiRuleSet'],
    ]);
    expect(albAcl.visibility_config).toEqual({ cloudwatch_metrics_enabled: true, metric_name: albAcl.name, sampled_requests_enabled: true });
    for (const rule of albAcl.rule as Json[]) {
      expect(rule.override_action).toEqual({ none: {} });
      expect(rule.visibility_config).toEqual({ cloudwatch_metrics_enabled: true, metric_name: rule.name, sampled_requests_enabled: true });
    }
  });

  it('associates the REGIONAL web ACL with the ALB', () => {
    const associations = Object.values(json.resource.aws_wafv2_web_acl_association) as Json[];
    expect(associations).toHaveLength(1);
    const [lbName] = names(json, 'aws_lb');
    expect(associations[0]).toEqual({ resource_arn: ref('aws_lb', lbName, 'arn'), web_acl_arn: ref('aws_wafv2_web_acl', albAclName, 'arn') });
  });

  it('attaches a CLOUDFRONT web ACL, created in us-east-1, to the distribution', () => {
    const [distribution] = Object.values(json.resource.aws_cloudfront_distribution) as Json[];
    expect(distribution.web_acl_id).toBe(ref('aws_wafv2_web_acl', cdnAclName, 'arn'));
    expect(groupsOf(cdnAcl).map(([, , name]) => name)).toEqual(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']);
    const providers = json.provider.aws as Json[];
    if (region === 'us-east-1') {
      expect(cdnAcl.provider ?? 'aws').toBe('aws'); // the stack's own provider
      expect(providers).toHaveLength(1);
    } else {
      expect(cdnAcl.provider).toBe('aws.us-east-1');
      const alias = providers.find((p) => p.alias === 'us-east-1')!;
      expect(alias.region).toBe('us-east-1');
      expect(alias.endpoints[0].wafv2).toBe('${var.emulator_endpoint}');
      expect(albAcl.provider).toBeUndefined();
    }
    expect(Object.keys(json.output)).toEqual(expect.arrayContaining(['albWebAclArn', 'cdnWebAclArn']));
  });
});

describe('WAF opt-out of the regional stack', () => {
  const config = loadRegionConfig(path.join(REPO, 'apps/eu-west-1'));
  const make = (props: { webAclEnabled?: boolean; webAclDisabledReason?: string }) => () =>
    new RegionalStack(new App({ skipValidation: true }), 'phi-eu-west-1', { config, target: 'local', ...props });

  it('requires a reason to run without web ACLs, and records it on the ALB and the distribution', () => {
    expect(make({ webAclEnabled: false })).toThrow('phi-eu-west-1: webAclDisabledReason is required when webAclEnabled is false (the ALB and the distribution run without WAF) (got none)');
    expect(make({ webAclEnabled: false, webAclDisabledReason: ' ' })).toThrow('phi-eu-west-1: webAclDisabledReason must state the reason in at least 10 characters (got " ", 0)');
    expect(make({ webAclDisabledReason: 'x' })).toThrow('phi-eu-west-1: webAclDisabledReason is only valid with webAclEnabled: false');
    const json = JSON.parse(Testing.synth(make({ webAclEnabled: false, webAclDisabledReason: 'load test against the origin' })())) as Json;
    expect(json.resource.aws_wafv2_web_acl).toBeUndefined();
    expect(json.resource.aws_wafv2_web_acl_association).toBeUndefined();
    expect((Object.values(json.resource.aws_lb)[0] as Json).tags['phi-stack:opt-out:waf']).toBe('load test against the origin');
    expect((Object.values(json.resource.aws_cloudfront_distribution)[0] as Json).tags['phi-stack:opt-out:waf']).toBe('load test against the origin');
    expect((json.provider.aws as Json[]).map((p) => p.alias)).toEqual([undefined]);
  });
});
