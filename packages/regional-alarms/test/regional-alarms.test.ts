import { refAt as ref, resourcesByPath as resources } from '@phi-stack/constructs-core';
import { App, Testing, TerraformStack } from 'cdktf';
import { RegionalAlarmsExample } from '../examples/region-alarms';
import { DEFAULT_THRESHOLDS, RegionalAlarms, RegionalAlarmsProps } from '../src';

// The synthesized JSON is untyped; the assertions are its schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const BASE: RegionalAlarmsProps = {
  name: 'phi-test',
  loadBalancerArnSuffix: 'app/phi-test/1234',
  targetGroupArnSuffix: 'targetgroup/phi-test/5678',
  autoScalingGroupName: 'phi-test-web',
  primaryInstanceIdentifier: 'phi-test-db',
  replicaInstanceIdentifiers: ['phi-test-db-replica-1'],
  replicationGroupId: 'phi-test-cache',
  cacheNodeCount: 2,
};

function synth(props: Partial<RegionalAlarmsProps> = {}): Json {
  const stack = new TerraformStack(Testing.app(), 'phi-test');
  new RegionalAlarms(stack, 'alarms', { ...BASE, ...props });
  return JSON.parse(Testing.synth(stack));
}

function build(props: Partial<RegionalAlarmsProps>): void {
  new RegionalAlarms(new TerraformStack(Testing.app(), 'phi-test'), 'alarms', { ...BASE, ...props } as RegionalAlarmsProps);
}

describe('RegionalAlarms defaults', () => {
  const json = synth();
  const alarms = resources(json, 'aws_cloudwatch_metric_alarm');
  const topicArn = ref(json, 'aws_sns_topic', 'alarms/topic', 'arn');

  it('encrypts the topic <name>-alarms with the PhiKey alias/phi-stack/<name>/alarms', () => {
    expect(resources(json, 'aws_sns_topic')['alarms/topic']).toMatchObject({ name: 'phi-test-alarms', kms_master_key_id: ref(json, 'aws_kms_key', 'alarms/key', 'arn') });
    expect(resources(json, 'aws_kms_alias')['alarms/key/alias']).toMatchObject({ name: 'alias/phi-stack/phi-test/alarms' });
    expect(resources(json, 'aws_kms_key')['alarms/key']).toMatchObject({ enable_key_rotation: true });
  });

  it('lets exactly the three publishing services use the key', () => {
    const statements = resources(json, 'aws_iam_policy_document', 'data')['alarms/key/key-policy'].statement;
    const services = statements.filter((s: Json) => s.principals[0].type === 'Service');
    expect(services.map((s: Json) => [s.sid, s.principals[0].identifiers, s.actions])).toEqual([
      ['CloudWatchAlarms', ['cloudwatch.amazonaws.com'], ['kms:GenerateDataKey*', 'kms:Decrypt']],
      ['RdsEventSubscription', ['events.rds.amazonaws.com'], ['kms:GenerateDataKey*', 'kms:Decrypt']],
      ['EventBridgeRule', ['events.amazonaws.com'], ['kms:GenerateDataKey*', 'kms:Decrypt']],
    ]);
  });

  it('writes a topic policy that denies requests without TLS and confines each publisher', () => {
    const policy = resources(json, 'aws_sns_topic_policy')['alarms/topic-policy'];
    expect(policy.arn).toBe(topicArn);
    const statements: Json[] = resources(json, 'aws_iam_policy_document', 'data')['alarms/topic-policy-document'].statement;
    expect(statements[0]).toMatchObject({ effect: 'Deny', principals: [{ type: '*', identifiers: ['*'] }], condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] });
    const allows = statements.slice(1);
    expect(allows.map((s) => s.principals[0].identifiers[0])).toEqual(['cloudwatch.amazonaws.com', 'events.rds.amazonaws.com', 'events.amazonaws.com']);
    for (const s of allows) {
      expect(s.actions).toEqual(['sns:Publish']);
      expect(s.condition.map((c: Json) => c.variable)).toEqual(['aws:SourceAccount', 'aws:SourceArn']);
    }
    expect(allows[0].condition[1].values[0]).toMatch(/:alarm:phi-test-\*$/);
    expect(allows[1].condition[1].values).toEqual([expect.stringMatching(/:db:phi-test-db$/), expect.stringMatching(/:db:phi-test-db-replica-1$/)]);
    expect(allows[2].condition[1].values).toEqual([ref(json, 'aws_cloudwatch_event_rule', 'alarms/elasticache-events', 'arn')]);
  });

  it('creates one alarm per metric and resource, each notifying the topic on ALARM and OK', () => {
    expect(Object.values(alarms).map((a) => a.alarm_name).sort()).toEqual([
      'phi-test-alb-elb-5xx',
      'phi-test-alb-target-5xx',
      'phi-test-alb-unhealthy-hosts',
      'phi-test-cache-evictions-001',
      'phi-test-cache-evictions-002',
      'phi-test-cache-failover',
      'phi-test-cache-memory-001',
      'phi-test-cache-memory-002',
      'phi-test-db-cpu-primary',
      'phi-test-db-cpu-replica-1',
      'phi-test-db-free-storage-primary',
      'phi-test-db-free-storage-replica-1',
      'phi-test-db-replica-lag-replica-1',
      'phi-test-web-cpu',
    ]);
    for (const alarm of Object.values(alarms)) {
      expect(alarm.alarm_actions).toEqual([topicArn]);
      expect(alarm.ok_actions).toEqual([topicArn]);
    }
  });

  it('watches the right metrics and dimensions with the default thresholds', () => {
    expect(alarms['alarms/alarm-alb-elb-5xx']).toMatchObject({ namespace: 'AWS/ApplicationELB', metric_name: 'HTTPCode_ELB_5XX_Count', dimensions: { LoadBalancer: 'app/phi-test/1234' }, statistic: 'Sum', period: 300, threshold: 10, treat_missing_data: 'notBreaching' });
    expect(alarms['alarms/alarm-alb-target-5xx'].dimensions).toEqual({ LoadBalancer: 'app/phi-test/1234', TargetGroup: 'targetgroup/phi-test/5678' });
    expect(alarms['alarms/alarm-alb-unhealthy-hosts']).toMatchObject({ metric_name: 'UnHealthyHostCount', comparison_operator: 'GreaterThanOrEqualToThreshold', threshold: 1 });
    expect(alarms['alarms/alarm-web-cpu']).toMatchObject({ namespace: 'AWS/EC2', dimensions: { AutoScalingGroupName: 'phi-test-web' }, threshold: DEFAULT_THRESHOLDS.webCpuPercentThreshold });
    expect(alarms['alarms/alarm-db-free-storage-primary']).toMatchObject({ metric_name: 'FreeStorageSpace', comparison_operator: 'LessThanThreshold', threshold: 10 * 1024 ** 3 });
    expect(alarms['alarms/alarm-db-replica-lag-replica-1']).toMatchObject({ metric_name: 'ReplicaLag', dimensions: { DBInstanceIdentifier: 'phi-test-db-replica-1' }, threshold: 60, treat_missing_data: 'breaching' });
    expect(alarms['alarms/alarm-cache-memory-002']).toMatchObject({ metric_name: 'DatabaseMemoryUsagePercentage', dimensions: { CacheClusterId: 'phi-test-cache-002' } });
    expect(alarms['alarms/alarm-cache-evictions-001']).toMatchObject({ metric_name: 'Evictions', comparison_operator: 'GreaterThanThreshold', threshold: 0 });
  });

  it('alarms when the primary leaves node 001, and when node 001 stops reporting', () => {
    expect(alarms['alarms/alarm-cache-failover']).toMatchObject({
      namespace: 'AWS/ElastiCache',
      metric_name: 'IsMaster',
      dimensions: { CacheClusterId: 'phi-test-cache-001' },
      statistic: 'Maximum',
      comparison_operator: 'LessThanThreshold',
      threshold: 1,
      treat_missing_data: 'breaching',
    });
  });

  it('subscribes the topic to the events of every DB instance, after the topic policy', () => {
    const sub = resources(json, 'aws_db_event_subscription')['alarms/db-events'];
    expect(sub).toMatchObject({
      name: 'phi-test-rds-events',
      sns_topic: topicArn,
      source_type: 'db-instance',
      source_ids: ['phi-test-db', 'phi-test-db-replica-1'],
      event_categories: ['availability', 'failover', 'failure', 'low storage', 'maintenance', 'notification', 'recovery'],
    });
    expect(sub.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_sns_topic_policy\./)]));
  });

  it('forwards the ElastiCache events through EventBridge to the topic', () => {
    const rule = resources(json, 'aws_cloudwatch_event_rule')['alarms/elasticache-events'];
    expect(rule.name).toBe('phi-test-elasticache-events');
    expect(JSON.parse(rule.event_pattern)).toEqual({ source: ['aws.elasticache'], 'detail-type': ['Cache Update Failed', 'Cache Limit Approaching', 'Snapshot Creation Failed'] });
    expect(resources(json, 'aws_cloudwatch_event_target')['alarms/elasticache-events-target']).toMatchObject({ arn: topicArn, rule: ref(json, 'aws_cloudwatch_event_rule', 'alarms/elasticache-events', 'name') });
  });

  it('builds one dashboard <name> with a widget per alarm group', () => {
    const dashboard = resources(json, 'aws_cloudwatch_dashboard')['alarms/dashboard'];
    expect(dashboard.dashboard_name).toBe('phi-test');
    const body = JSON.parse(dashboard.dashboard_body);
    expect(body.widgets.map((w: Json) => [w.type, w.properties.alarms.length])).toEqual([['alarm', 3], ['alarm', 1], ['alarm', 5], ['alarm', 5]]);
  });

  it('creates no subscription: an endpoint is the operator decision', () => {
    expect(json.resource.aws_sns_topic_subscription).toBeUndefined();
  });
});

describe('RegionalAlarms outputs', () => {
  it('exposes the topic, the key, the alarm names and the dashboard name', () => {
    const stack = new RegionalAlarmsExample(new App(), 'example');
    const { alarms } = stack;
    expect(alarms.alarmNames).toHaveLength(4 + 3 * 2 + 2 + 1 + 3 * 2);
    expect(alarms.alarmNames.every((n) => n.startsWith('phi-example-use1-'))).toBe(true);
    expect(alarms.topicArn).toContain('TOKEN');
    expect(alarms.kmsKeyArn).toContain('TOKEN');
    const json = JSON.parse(Testing.synth(stack));
    expect(Object.keys(json.resource.aws_cloudwatch_metric_alarm)).toHaveLength(alarms.alarmNames.length);
    expect(Object.keys(json.output).sort()).toEqual(['alarmNames', 'dashboardName', 'kmsKeyArn', 'topicArn']);
  });
});

describe('RegionalAlarms validation', () => {
  it('takes thresholds', () => {
    const json = synth({ webCpuPercentThreshold: 70, dbFreeStorageGiBThreshold: 50, cacheEvictionsThreshold: 100 });
    const alarms = resources(json, 'aws_cloudwatch_metric_alarm');
    expect(alarms['alarms/alarm-web-cpu'].threshold).toBe(70);
    expect(alarms['alarms/alarm-db-free-storage-primary'].threshold).toBe(50 * 1024 ** 3);
    expect(alarms['alarms/alarm-cache-evictions-002'].threshold).toBe(100);
  });

  it('rejects a bad name', () => {
    expect(() => build({ name: 'Phi_Test' })).toThrow("phi-test/alarms: name must be 2-40 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen (got 'Phi_Test')");
    expect(() => build({ name: 'a'.repeat(41) })).toThrow('name must be 2-40');
  });

  it('names every bad threshold in one error', () => {
    expect(() => build({ webCpuPercentThreshold: 120, dbReplicaLagSecondsThreshold: 0, elb5xxCountThreshold: 2.5 })).toThrow(
      [
        'phi-test/alarms: 3 problems:',
        '  - elb5xxCountThreshold must be an integer between 1 and 1000000 known at synth (got 2.5): a count of 5xx responses per 5 minutes; 0 would alarm on every period with one error',
        '  - webCpuPercentThreshold must be a number between 1 and 100 known at synth (got 120): a percentage',
        '  - dbReplicaLagSecondsThreshold must be an integer between 1 and 86400 known at synth (got 0): seconds of replica lag, at most a day',
      ].join('\n'),
    );
  });

  it('rejects a node count a replication group without cluster mode cannot have', () => {
    expect(() => build({ cacheNodeCount: 7 })).toThrow('cacheNodeCount must be an integer between 1 and 6 known at synth (got 7)');
    expect(() => build({ cacheNodeCount: 0 })).toThrow('cacheNodeCount must be an integer between 1 and 6');
  });

  it('rejects empty resource ids', () => {
    expect(() => build({ autoScalingGroupName: '' })).toThrow('autoScalingGroupName must be a non-empty string (got "")');
    expect(() => build({ replicaInstanceIdentifiers: [''] })).toThrow('replicaInstanceIdentifiers must be a list of non-empty identifiers');
  });

  it('creates no replica-lag alarm without replicas', () => {
    const json = synth({ replicaInstanceIdentifiers: undefined, cacheNodeCount: 1 });
    const names = Object.values(resources(json, 'aws_cloudwatch_metric_alarm')).map((a) => a.alarm_name);
    expect(names.filter((n) => n.includes('replica'))).toEqual([]);
    expect(names).toHaveLength(4 + 2 + 1 + 2);
  });
});
