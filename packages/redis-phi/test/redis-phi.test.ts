import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Testing, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Connections, refAt as ref, resourcesByPath as resources } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { RedisPhiExample } from '../examples/sessions-cache';
import { RedisPhi, RedisPhiProps, windowsOverlap } from '../src';

// The synthesized JSON is untyped; the assertions are its schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const BASE: RedisPhiProps = {
  name: 'sessions',
  vpcId: 'vpc-0123',
  subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
  allowedSecurityGroupIds: ['sg-app', 'sg-worker'],
};

function synthString(props: Partial<RedisPhiProps> = {}, withKey = false): string {
  const stack = new TerraformStack(Testing.app(), 'phi-test');
  const kmsKey = withKey ? new KmsKey(stack, 'shared-key', { enableKeyRotation: true }) : undefined;
  new RedisPhi(stack, 'cache', { ...BASE, kmsKey, ...props });
  return Testing.synth(stack);
}

const synth = (props: Partial<RedisPhiProps> = {}, withKey = false): Json => JSON.parse(synthString(props, withKey));

function build(props: Partial<RedisPhiProps>): void {
  new RedisPhi(new TerraformStack(Testing.app(), 'phi-test'), 'cache', { ...BASE, ...props });
}

describe('RedisPhi defaults', () => {
  const json = synth();
  const group = resources(json, 'aws_elasticache_replication_group')['cache/replication-group'];
  const keyArn = ref(json, 'aws_kms_key', 'cache/key', 'arn');

  it('creates a Redis 7 replication group with failover, Multi-AZ and two nodes in two AZs', () => {
    expect(group).toMatchObject({
      replication_group_id: 'sessions',
      engine: 'redis',
      engine_version: '7.1',
      auto_minor_version_upgrade: 'true',
      node_type: 'cache.r7g.large',
      port: 6379,
      cluster_mode: 'disabled',
      num_cache_clusters: 2,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      final_snapshot_identifier: 'sessions-final',
    });
    expect(group.preferred_cache_cluster_azs).toEqual([
      ref(json, 'aws_subnet', 'cache/subnet-0', 'availability_zone', 'data'),
      ref(json, 'aws_subnet', 'cache/subnet-1', 'availability_zone', 'data'),
    ]);
    expect(group.num_node_groups).toBeUndefined();
  });

  it('encrypts at rest with the key and requires TLS', () => {
    expect(group).toMatchObject({ at_rest_encryption_enabled: 'true', kms_key_id: keyArn, transit_encryption_enabled: true, transit_encryption_mode: 'required' });
    expect(Testing.toHaveResourceWithProperties(JSON.stringify(json), KmsKey.tfResourceType, { enable_key_rotation: true, deletion_window_in_days: 30 })).toBe(true);
    const policy = resources(json, 'aws_iam_policy_document', 'data')['cache/key/key-policy'];
    const principals = policy.statement.flatMap((s: Json) => s.principals.flatMap((p: Json) => p.identifiers));
    expect(principals).not.toContain('*');
    expect(policy.statement[1].condition[0].values[0]).toMatch(/:log-group:\/aws\/elasticache\/sessions\/\*$/);
    // The legacy alias at its old id, and the scheme alias beside it.
    expect(resources(json, 'aws_kms_alias')['cache/key-alias'].name).toBe('alias/sessions-redis');
    expect(resources(json, 'aws_kms_alias')['cache/key/alias'].name).toBe('alias/phi-stack/sessions/redis');
  });

  it('authenticates with RBAC and IAM: an iam user whose id is its name, a switched-off default user, no password or token anywhere', () => {
    const users = resources(json, 'aws_elasticache_user');
    expect(users['cache/app-user']).toMatchObject({ user_id: 'sessions-app', user_name: 'sessions-app', engine: 'redis', access_string: 'on ~* +@all -@dangerous', authentication_mode: { type: 'iam' } });
    expect(users['cache/default-user']).toMatchObject({ user_id: 'sessions-default', user_name: 'default', access_string: 'off ~* -@all', no_password_required: true });
    expect(users['cache/default-user'].passwords).toBeUndefined();
    const userGroup = resources(json, 'aws_elasticache_user_group')['cache/user-group'];
    expect(userGroup).toMatchObject({ user_group_id: 'sessions-users', engine: 'redis' });
    expect(userGroup.user_ids).toEqual([ref(json, 'aws_elasticache_user', 'cache/default-user', 'user_id'), ref(json, 'aws_elasticache_user', 'cache/app-user', 'user_id')]);
    expect(group.user_group_ids).toEqual([ref(json, 'aws_elasticache_user_group', 'cache/user-group', 'user_group_id')]);
    // Nothing long-lived to keep: no AUTH token, no generated password, no secret.
    expect(group.auth_token).toBeUndefined();
    expect(json.data?.aws_secretsmanager_random_password).toBeUndefined();
    expect(json.resource.aws_secretsmanager_secret).toBeUndefined();
    expect(JSON.stringify(json.resource)).not.toMatch(/"(auth_token|passwords?|secret_string)"/);
  });

  it('rejects an app access string that sets a password or is off', () => {
    expect(() => build({ appAccessString: 'on ~* +@all >hunter2hunter2' })).toThrow("phi-test/cache: appAccessString must start with 'on' and set no password");
    expect(() => build({ appAccessString: 'off ~* +@all' })).toThrow('appAccessString must start with');
    expect(() => build({ appAccessString: 'on ~app:* +@read' })).not.toThrow();
  });

  it('keeps 15 days of snapshots in a window and delivers slow and engine logs to encrypted log groups', () => {
    expect(group).toMatchObject({ snapshot_retention_limit: 15, snapshot_window: '03:00-05:00', maintenance_window: 'sun:05:30-sun:06:30' });
    const groups = resources(json, 'aws_cloudwatch_log_group');
    expect(Object.keys(groups).sort()).toEqual(['cache/log-engine-log', 'cache/log-slow-log']);
    for (const logType of ['slow-log', 'engine-log']) {
      expect(groups[`cache/log-${logType}`]).toMatchObject({ name: `/aws/elasticache/sessions/${logType}`, kms_key_id: keyArn, retention_in_days: 365 });
    }
    expect(group.log_delivery_configuration).toEqual([
      { destination: ref(json, 'aws_cloudwatch_log_group', 'cache/log-slow-log', 'name'), destination_type: 'cloudwatch-logs', log_format: 'json', log_type: 'slow-log' },
      { destination: ref(json, 'aws_cloudwatch_log_group', 'cache/log-engine-log', 'name'), destination_type: 'cloudwatch-logs', log_format: 'json', log_type: 'engine-log' },
    ]);
  });

  it('uses its own redis7 parameter group and the data subnets behind a group open to the allowed groups only', () => {
    const params = resources(json, 'aws_elasticache_parameter_group')['cache/parameter-group'];
    expect(params).toMatchObject({ name: 'sessions-redis7', family: 'redis7', parameter: [{ name: 'cluster-enabled', value: 'no' }] });
    expect(group.parameter_group_name).toBe(ref(json, 'aws_elasticache_parameter_group', 'cache/parameter-group', 'name'));
    expect(resources(json, 'aws_elasticache_subnet_group')['cache/subnet-group']).toMatchObject({ name: 'sessions', subnet_ids: ['subnet-a', 'subnet-b', 'subnet-c'] });
    expect(group.subnet_group_name).toBe(ref(json, 'aws_elasticache_subnet_group', 'cache/subnet-group', 'name'));
    const sg = resources(json, 'aws_security_group')['cache/security-group'];
    expect(sg).toMatchObject({ name: 'sessions-redis', vpc_id: 'vpc-0123' });
    expect(sg.egress).toBeUndefined();
    const rules = Object.values(resources(json, 'aws_vpc_security_group_ingress_rule'));
    expect(rules.map((r) => r.referenced_security_group_id)).toEqual(['sg-app', 'sg-worker']);
    for (const rule of rules) expect(rule).toMatchObject({ from_port: 6379, to_port: 6379, ip_protocol: 'tcp', security_group_id: ref(json, 'aws_security_group', 'cache/security-group', 'id') });
    expect(group.security_group_ids).toEqual([ref(json, 'aws_security_group', 'cache/security-group', 'id')]);
  });
});

describe('RedisPhi outputs', () => {
  it('keeps the names before the <resource><Attribute> scheme as deprecated aliases of the same values', () => {
    const stack = new TerraformStack(Testing.app(), 'phi-test');
    const cache = new RedisPhi(stack, 'cache', BASE);
    const outputs = {
      primary: cache.replicationGroupPrimaryEndpointAddress,
      reader: cache.replicationGroupReaderEndpointAddress,
      oldPrimary: cache.primaryEndpointAddress,
      oldReader: cache.readerEndpointAddress,
    };
    for (const [name, value] of Object.entries(outputs)) new TerraformOutput(stack, name, { value });
    const out = JSON.parse(Testing.synth(stack)).output;
    expect(out.primary.value).toMatch(/^\$\{aws_elasticache_replication_group\.\S+\.primary_endpoint_address\}$/);
    expect(out.reader.value).toMatch(/^\$\{aws_elasticache_replication_group\.\S+\.reader_endpoint_address\}$/);
    expect([out.oldPrimary.value, out.oldReader.value]).toEqual([out.primary.value, out.reader.value]);
    expect([cache.replicationGroupPort, cache.port]).toEqual([6379, 6379]);
  });
});

describe('RedisPhi options', () => {
  it('shards in cluster mode with replicas per shard and the configuration endpoint as outputs', () => {
    const stack = new TerraformStack(Testing.app(), 'phi-test');
    const cache = new RedisPhi(stack, 'cache', { ...BASE, clusterMode: true, numNodeGroups: 3, replicasPerNodeGroup: 2 });
    new TerraformOutput(stack, 'endpoint', { value: cache.replicationGroupPrimaryEndpointAddress });
    const json = JSON.parse(Testing.synth(stack));
    const group = resources(json, 'aws_elasticache_replication_group')['cache/replication-group'];
    expect(group).toMatchObject({ cluster_mode: 'enabled', num_node_groups: 3, replicas_per_node_group: 2, automatic_failover_enabled: true });
    expect(group.num_cache_clusters).toBeUndefined();
    expect(group.preferred_cache_cluster_azs).toBeUndefined();
    expect(resources(json, 'aws_elasticache_parameter_group')['cache/parameter-group'].parameter).toEqual([{ name: 'cluster-enabled', value: 'yes' }]);
    expect(json.output.endpoint.value).toMatch(/\.configuration_endpoint_address\}$/);
  });

  it('places the primary and each replica in the subnets AZs in turn', () => {
    const group = resources(synth({ replicasPerNodeGroup: 4 }), 'aws_elasticache_replication_group')['cache/replication-group'];
    expect(group.num_cache_clusters).toBe(5);
    expect(group.preferred_cache_cluster_azs.map((az: string) => az.match(/cache_subnet-(\d)/)![1])).toEqual(['0', '1', '2', '0', '1']);
  });

  it('places the nodes in the given subnet zones without a subnet lookup', () => {
    const json = synth({ replicasPerNodeGroup: 2, subnetAvailabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] });
    expect(json.data?.aws_subnet).toBeUndefined();
    expect(resources(json, 'aws_elasticache_replication_group')['cache/replication-group'].preferred_cache_cluster_azs).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(() => build({ subnetAvailabilityZones: ['eu-west-1a'] })).toThrow('phi-test/cache: subnetAvailabilityZones must name the Availability Zone of each subnet in subnetIds, in the same order (got 1 zones for 3 subnets)');
  });

  it('uses a given key, a non-default port and extra parameters', () => {
    const json = synth({ port: 6380, parameters: { 'maxmemory-policy': 'volatile-lru' } }, true);
    expect(Object.keys(json.resource.aws_kms_key)).toEqual(['shared-key']);
    const group = resources(json, 'aws_elasticache_replication_group')['cache/replication-group'];
    expect(group).toMatchObject({ kms_key_id: '${aws_kms_key.shared-key.arn}', port: 6380 });
    expect(Object.values(resources(json, 'aws_vpc_security_group_ingress_rule'))[0]).toMatchObject({ from_port: 6380, to_port: 6380 });
    expect(resources(json, 'aws_elasticache_parameter_group')['cache/parameter-group'].parameter).toEqual([
      { name: 'cluster-enabled', value: 'no' },
      { name: 'maxmemory-policy', value: 'volatile-lru' },
    ]);
  });

  it('records opt-out reasons in tags', () => {
    const json = synth({ multiAz: false, multiAzDisabledReason: 'dev cache without PHI', snapshotRetentionDays: 3, snapshotRetentionReducedReason: 'no PHI in the dev cache' });
    const group = resources(json, 'aws_elasticache_replication_group')['cache/replication-group'];
    expect(group).toMatchObject({ multi_az_enabled: false, automatic_failover_enabled: true, snapshot_retention_limit: 3 });
    expect(group.tags).toMatchObject({ 'phi-stack:opt-out:multi-az': 'dev cache without PHI', 'phi-stack:opt-out:snapshot-retention': 'no PHI in the dev cache' });
    const defaults = resources(synth(), 'aws_elasticache_replication_group')['cache/replication-group'];
    expect(Object.keys(defaults.tags).filter((k) => k.startsWith('phi-stack:opt-out:'))).toEqual([]);
  });
});

describe('RedisPhi example', () => {
  const json = JSON.parse(Testing.synth(new RedisPhiExample(Testing.app(), 'redis-phi-example')));

  it('builds three nodes on port 6380 in a two-AZ VPC with the secure defaults', () => {
    expect(
      Testing.toHaveResourceWithProperties(JSON.stringify(json), ElasticacheReplicationGroup.tfResourceType, {
        num_cache_clusters: 3,
        port: 6380,
        transit_encryption_enabled: true,
        at_rest_encryption_enabled: 'true',
        multi_az_enabled: true,
        automatic_failover_enabled: true,
        snapshot_retention_limit: 15,
      }),
    ).toBe(true);
    expect(json.provider.aws[0].endpoints[0].elasticache).toBe('${var.emulator_endpoint}');
  });

  it('outputs the resource handles the integration suite reads', () => {
    expect(Object.keys(json.output).sort()).toEqual(
      ['appSecurityGroupId', 'appUserArn', 'appUserId', 'kmsKeyArn', 'replicationGroupPort', 'replicationGroupPrimaryEndpointAddress', 'replicationGroupReaderEndpointAddress', 'replicationGroupArn', 'replicationGroupId', 'securityGroupId'].sort(),
    );
  });
});

describe('RedisPhi bad input', () => {
  it('names every bad prop in one error, each problem once', () => {
    // numNodeGroups out of range is not also reported as "must be 1 unless clusterMode", nor a
    // malformed snapshot window as overlapping the maintenance window.
    expect(() => build({ nodeType: 'cache.t2.micro', numNodeGroups: 0, snapshotWindow: '3am', multiAz: false })).toThrow(
      new Error(
        [
          'phi-test/cache: 4 problems:',
          "nodeType must support encryption at rest and in transit (got 'cache.t2.micro'): use cache.t3 or newer",
          'numNodeGroups must be between 1 and 500 (got 0): ElastiCache Redis supports 1-500 shards',
          'multiAzDisabledReason is required when multiAz is false (got none): state why, it is recorded in the tag phi-stack:opt-out:multi-az',
          "snapshotWindow must be a UTC range hh:mm-hh:mm (got '3am'), e.g. '03:00-05:00'",
        ].join('\n  - '),
      ),
    );
  });

  it('rejects a snapshot retention of 0', () => {
    expect(() => build({ snapshotRetentionDays: 0 })).toThrow('phi-test/cache: snapshotRetentionDays must be between 1 and 35 (got 0): cached PHI must be restorable, 0 would turn snapshots off');
  });

  it('rejects a snapshot retention below 15 days without a reason', () => {
    expect(() => build({ snapshotRetentionDays: 7 })).toThrow(
      'phi-test/cache: snapshotRetentionReducedReason is required when snapshotRetentionDays is 7, below 15 (got none): state why, it is recorded in the tag phi-stack:opt-out:snapshot-retention',
    );
  });

  it('rejects zero and six replicas per node group', () => {
    expect(() => build({ replicasPerNodeGroup: 0 })).toThrow(
      'phi-test/cache: replicasPerNodeGroup must be between 1 and 5 (got 0): automatic failover needs at least one replica per shard and ElastiCache allows 5',
    );
    expect(() => build({ replicasPerNodeGroup: 6 })).toThrow('phi-test/cache: replicasPerNodeGroup must be between 1 and 5 (got 6)');
  });

  it('rejects shards without cluster mode', () => {
    expect(() => build({ numNodeGroups: 3 })).toThrow('phi-test/cache: numNodeGroups must be 1 unless clusterMode is true (got 3): set clusterMode: true to shard the data');
  });

  it('rejects multiAz false without a reason', () => {
    expect(() => build({ multiAz: false })).toThrow('phi-test/cache: multiAzDisabledReason is required when multiAz is false (got none)');
    expect(() => build({ multiAz: false, multiAzDisabledReason: 'n/a' })).toThrow('phi-test/cache: multiAzDisabledReason must state the reason in at least 10 characters (got "n/a", 3)');
  });

  it('rejects a Redis 6 engine version, a privileged port and a t2 node', () => {
    expect(() => build({ engineVersion: '6.2' })).toThrow("phi-test/cache: engineVersion must be a Redis 7 version like 7.1 (got '6.2')");
    expect(() => build({ port: 443 })).toThrow('phi-test/cache: port must be between 1024 and 65535 (got 443)');
    expect(() => build({ nodeType: 'cache.t2.micro' })).toThrow("phi-test/cache: nodeType must support encryption at rest and in transit (got 'cache.t2.micro')");
  });

  it('refuses at synth a cache that no security group may reach; allowFrom admits the peer on the cache port', () => {
    const stack = new TerraformStack(Testing.app(), 'phi-test');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const cache = new RedisPhi(stack, 'cache', { ...BASE, allowedSecurityGroupIds: undefined });
    expect(() => Testing.synth(stack, true)).toThrow('[phi-test/cache] no security group may connect to the cache (allowedSecurityGroupIds is empty and allowFrom was never called): call cache.allowFrom(web)');
    cache.allowFrom({ connections: new Connections({ scope: new Construct(stack, 'web'), securityGroupId: 'sg-0123456789abcdef0', name: 'app', egressIdPrefix: 'app-out' }) });
    const json = JSON.parse(Testing.synth(stack, true)) as Json;
    const ingress = resources(json, 'aws_vpc_security_group_ingress_rule')['cache/ingress-0'];
    expect(ingress).toEqual(expect.objectContaining({ referenced_security_group_id: 'sg-0123456789abcdef0', from_port: cache.replicationGroupPort, to_port: cache.replicationGroupPort }));
    expect(resources(json, 'aws_vpc_security_group_egress_rule')['web/app-out-redis'].referenced_security_group_id).toBe(ref(json, 'aws_security_group', 'cache/security-group', 'id'));
  });

  it('rejects a single subnet and a bad name', () => {
    expect(() => build({ subnetIds: ['subnet-a'] })).toThrow('phi-test/cache: subnetIds must list at least 2 subnets in different Availability Zones (got 1)');
    expect(() => build({ name: 'sessions--cache' })).toThrow("phi-test/cache: name must be 2-34 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen (got 'sessions--cache')");
  });

  it('rejects a snapshot window under an hour, a bad log retention and cluster-enabled in parameters', () => {
    expect(() => build({ snapshotWindow: '03:00-03:30' })).toThrow("phi-test/cache: snapshotWindow must last at least 60 minutes (got '03:00-03:30')");
    expect(() => build({ logRetentionDays: 10 })).toThrow('phi-test/cache: logRetentionDays must be a CloudWatch Logs retention (got 10)');
    expect(() => build({ parameters: { 'cluster-enabled': 'yes' } })).toThrow('phi-test/cache: parameters must not set cluster-enabled (got cluster-enabled=yes): use clusterMode');
  });

  it('keeps the daily snapshot window clear of the weekly maintenance window, across midnight and the week', () => {
    expect(windowsOverlap('03:00-05:00', 'sun:05:30-sun:06:30')).toBeUndefined(); // the defaults
    expect(windowsOverlap('05:00-06:00', 'sun:05:30-sun:06:30')).toBe('sun');
    expect(windowsOverlap('23:30-00:30', 'mon:00:00-mon:01:00')).toBe('mon'); // snapshot from sunday night into monday
    expect(windowsOverlap('03:00-05:00', 'sun:23:30-mon:00:30')).toBeUndefined(); // maintenance across the week's end
    expect(windowsOverlap('00:00-01:00', 'sun:23:30-mon:00:30')).toBe('mon');
    expect(windowsOverlap('06:30-07:30', 'sun:05:30-sun:06:30')).toBeUndefined(); // touching ends do not overlap
    expect(windowsOverlap('03:00-05:00', 'sun:05:30-sun:06:00')).toBe('short');
    expect(() => build({ snapshotWindow: '05:00-06:00' })).toThrow(
      "phi-test/cache: snapshotWindow '05:00-06:00' overlaps maintenanceWindow 'sun:05:30-sun:06:30' on sun: ElastiCache refuses overlapping windows (InvalidParameterCombination); move one of them",
    );
    expect(() => build({ maintenanceWindow: 'sat:02:00-sat:02:30' })).toThrow("phi-test/cache: maintenanceWindow must last at least 60 minutes (got 'sat:02:00-sat:02:30')");
  });
});
