import * as path from 'node:path';
import { EMULATED_SERVICES } from '@phi-stack/aws-target';
import { App, Testing } from 'cdktf';
import { loadRegionConfig, RegionalStack, regionalStackName } from '../src';

const REPO = path.resolve(__dirname, '../../..');

/** The provider endpoint (`endpoints { <service> }`) that serves a resource or data source type. */
const SERVICE_OF_PREFIX: readonly [string, string][] = [
  ['aws_acm_', 'acm'],
  ['aws_autoscaling_', 'autoscaling'],
  ['aws_cloudfront_', 'cloudfront'],
  ['aws_cloudtrail', 'cloudtrail'],
  ['aws_cloudwatch_event_', 'events'],
  ['aws_cloudwatch_log_', 'logs'],
  ['aws_cloudwatch_metric_alarm', 'cloudwatch'],
  ['aws_cloudwatch_dashboard', 'cloudwatch'],
  ['aws_db_', 'rds'],
  ['aws_elasticache_', 'elasticache'],
  ['aws_lb', 'elbv2'],
  ['aws_elb_service_account', 'elb'], // static: no API call
  ['aws_iam_', 'iam'],
  ['aws_kms_', 'kms'],
  ['aws_lambda_', 'lambda'],
  ['aws_s3_', 's3'],
  ['aws_secretsmanager_', 'secretsmanager'],
  ['aws_sns_', 'sns'],
  ['aws_ssm_', 'ssm'],
  ['aws_wafv2_', 'wafv2'],
  ['aws_caller_identity', 'sts'],
  ['aws_partition', 'sts'],
  ['aws_region', 'ec2'],
  ['aws_availability_zones', 'ec2'],
  ['aws_ami', 'ec2'],
  ['aws_ec2_', 'ec2'],
  ['aws_eip', 'ec2'],
  ['aws_flow_log', 'ec2'],
  ['aws_internet_gateway', 'ec2'],
  ['aws_launch_template', 'ec2'],
  ['aws_nat_gateway', 'ec2'],
  ['aws_network_acl', 'ec2'],
  ['aws_route', 'ec2'],
  ['aws_security_group', 'ec2'],
  ['aws_subnet', 'ec2'],
  ['aws_vpc', 'ec2'],
  ['aws_default_', 'ec2'],
];

describe('local mode sends every API call to the emulator', () => {
  for (const app of ['us-east-1', 'eu-west-1']) {
    it(`${app}: the service of every resource and data source type is an emulator endpoint`, () => {
      const config = loadRegionConfig(path.join(REPO, 'apps', app));
      const json = JSON.parse(Testing.synth(new RegionalStack(new App({ skipValidation: true }), regionalStackName(config), { config, target: 'local' })));
      const types = [...Object.keys(json.resource ?? {}), ...Object.keys(json.data ?? {})].filter((t) => t.startsWith('aws_'));
      const unmapped = types.filter((t) => !SERVICE_OF_PREFIX.some(([p]) => t.startsWith(p)));
      expect(unmapped).toEqual([]); // a new type: add its service above
      const services = new Set(types.map((t) => SERVICE_OF_PREFIX.find(([p]) => t.startsWith(p))![1]));
      expect([...services].filter((s) => !(EMULATED_SERVICES as readonly string[]).includes(s))).toEqual([]);
      expect(services.has('lambda')).toBe(true);
    });
  }
});

describe('one environment per stack', () => {
  it('declares one aws_caller_identity, one aws_partition and one aws_region for every module together', () => {
    const config = loadRegionConfig(path.join(REPO, 'apps', 'us-east-1'));
    const json = JSON.parse(Testing.synth(new RegionalStack(new App({ skipValidation: true }), regionalStackName(config), { config, target: 'local' })));
    const counts = Object.fromEntries(['aws_caller_identity', 'aws_partition', 'aws_region'].map((t) => [t, Object.keys(json.data?.[t] ?? {}).length]));
    expect(counts).toEqual({ aws_caller_identity: 1, aws_partition: 1, aws_region: 1 });
  });

  it('passes the zones of the data subnets to the database and the cache: no subnet lookup, zones known on a first plan', () => {
    const config = loadRegionConfig(path.join(REPO, 'apps', 'eu-west-1'));
    const json = JSON.parse(Testing.synth(new RegionalStack(new App({ skipValidation: true }), regionalStackName(config), { config, target: 'local' })));
    expect(json.data?.aws_subnet).toBeUndefined();
    const zones = Object.values<{ availability_zone?: string; replicate_source_db?: string }>(json.resource.aws_db_instance).filter((db) => db.replicate_source_db).map((db) => db.availability_zone);
    expect(zones.length).toBe(config.dbReadReplicaCount);
    for (const zone of zones) expect(zone).toMatch(/^eu-west-1[a-c]$/);
    const [group] = Object.values<{ preferred_cache_cluster_azs?: string[] }>(json.resource.aws_elasticache_replication_group);
    expect(group.preferred_cache_cluster_azs).toEqual(expect.arrayContaining([expect.stringMatching(/^eu-west-1[a-c]$/)]));
    for (const zone of group.preferred_cache_cluster_azs!) expect(zone).toMatch(/^eu-west-1[a-c]$/);
  });
});
