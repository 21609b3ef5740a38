import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeCacheClustersCommand,
  DescribeCacheParameterGroupsCommand,
  DescribeCacheParametersCommand,
  DescribeCacheSubnetGroupsCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { DescribeSecretCommand, GetSecretValueCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describeEmulatorStack, EmulatorStackContext } from '@phi-stack/emulator';
import { RedisPhiExample } from '../examples/sessions-cache';

const NAME = 'phi-example-sessions';

async function replicationGroup(ctx: EmulatorStackContext): Promise<ReplicationGroup> {
  const out = await new ElastiCacheClient(ctx.clientConfig).send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: ctx.outputs.replicationGroupId }));
  return out.ReplicationGroups![0];
}

describeEmulatorStack(
  'redis-phi example',
  {
    region: 'us-east-1',
    build: (app) => {
      new RedisPhiExample(app, 'redis-phi-example');
    },
    remaining: async (ctx) => {
      const cache = new ElastiCacheClient(ctx.clientConfig);
      const left: string[] = [];
      const groups = await cache.send(new DescribeReplicationGroupsCommand({}));
      left.push(...(groups.ReplicationGroups ?? []).filter((g) => g.ReplicationGroupId === NAME).map((g) => `replication-group:${g.ReplicationGroupId}`));
      const clusters = await cache.send(new DescribeCacheClustersCommand({}));
      left.push(...(clusters.CacheClusters ?? []).filter((c) => c.CacheClusterId?.startsWith(`${NAME}-`)).map((c) => `cache-cluster:${c.CacheClusterId}`));
      const subnetGroups = await cache.send(new DescribeCacheSubnetGroupsCommand({}));
      left.push(...(subnetGroups.CacheSubnetGroups ?? []).filter((g) => g.CacheSubnetGroupName === NAME).map((g) => `cache-subnet-group:${g.CacheSubnetGroupName}`));
      const parameterGroups = await cache.send(new DescribeCacheParameterGroupsCommand({}));
      left.push(...(parameterGroups.CacheParameterGroups ?? []).filter((g) => g.CacheParameterGroupName === `${NAME}-redis7`).map((g) => `cache-parameter-group:${g.CacheParameterGroupName}`));
      // ListSecrets leaves out secrets scheduled for deletion, which is what a destroy does.
      const secrets = await new SecretsManagerClient(ctx.clientConfig).send(new ListSecretsCommand({}));
      left.push(...(secrets.SecretList ?? []).filter((s) => s.Name === `${NAME}-redis-auth`).map((s) => `secret:${s.Name}`));
      const logGroups = await new CloudWatchLogsClient(ctx.clientConfig).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/elasticache/${NAME}` }));
      left.push(...(logGroups.logGroups ?? []).map((g) => `log-group:${g.logGroupName}`));
      const securityGroups = await new EC2Client(ctx.clientConfig).send(new DescribeSecurityGroupsCommand({}));
      left.push(...(securityGroups.SecurityGroups ?? []).filter((g) => g.GroupName === `${NAME}-redis` || g.GroupName === 'redis-example-app').map((g) => `security-group:${g.GroupName}`));
      const key = await new KMSClient(ctx.clientConfig).send(new DescribeKeyCommand({ KeyId: ctx.outputs.kmsKeyArn }));
      if (key.KeyMetadata?.KeyState !== 'PendingDeletion') left.push(`kms-key:${key.KeyMetadata?.KeyId} (${key.KeyMetadata?.KeyState})`);
      return left;
    },
  },
  (ctx) => {
    it('encrypts at rest with the construct key and in transit, and requires AUTH', async () => {
      const group = await replicationGroup(ctx);
      expect(group).toMatchObject({
        ReplicationGroupId: NAME,
        ARN: ctx.outputs.replicationGroupArn,
        AtRestEncryptionEnabled: true,
        KmsKeyId: ctx.outputs.kmsKeyArn,
        TransitEncryptionEnabled: true,
        AuthTokenEnabled: true,
        ClusterEnabled: false,
      });
      const rotation = await new KMSClient(ctx.clientConfig).send(new GetKeyRotationStatusCommand({ KeyId: ctx.outputs.kmsKeyArn }));
      expect(rotation.KeyRotationEnabled).toBe(true);
    });

    it('fails over automatically across AZs: Multi-AZ, three members in at least two AZs', async () => {
      const group = await replicationGroup(ctx);
      expect(group.AutomaticFailover).toBe('enabled');
      expect(group.MultiAZ).toBe('enabled');
      expect(group.MemberClusters).toHaveLength(3);
      const clusters = await new ElastiCacheClient(ctx.clientConfig).send(new DescribeCacheClustersCommand({ ShowCacheNodeInfo: true }));
      const members = (clusters.CacheClusters ?? []).filter((c) => group.MemberClusters!.includes(c.CacheClusterId!));
      expect(members).toHaveLength(3);
      expect(new Set(members.map((c) => c.PreferredAvailabilityZone)).size).toBeGreaterThanOrEqual(2);
      for (const member of members) {
        expect(member.Engine).toBe('redis');
        expect(member.EngineVersion).toMatch(/^7\./);
        expect(member.CacheSubnetGroupName).toBe(NAME);
        expect(member.CacheParameterGroup?.CacheParameterGroupName).toBe(`${NAME}-redis7`);
        expect(member.SecurityGroups?.map((g) => g.SecurityGroupId)).toEqual([ctx.outputs.securityGroupId]);
      }
    });

    it('serves the primary and reader endpoints on port 6380', async () => {
      const group = await replicationGroup(ctx);
      expect(group.NodeGroups?.[0].PrimaryEndpoint).toEqual({ Address: ctx.outputs.primaryEndpointAddress, Port: 6380 });
      expect(group.NodeGroups?.[0].ReaderEndpoint?.Address).toBe(ctx.outputs.readerEndpointAddress);
      expect(ctx.outputs.readerEndpointAddress).toEqual(expect.any(String));
      expect(ctx.outputs.port).toBe(6380);
    });

    it('keeps 15 days of snapshots in its window', async () => {
      const group = await replicationGroup(ctx);
      expect(group.SnapshotRetentionLimit).toBeGreaterThanOrEqual(15);
      expect(group.SnapshotWindow).toBe('03:00-05:00');
    });

    it('keeps the AUTH token in a key-encrypted secret', async () => {
      const secrets = new SecretsManagerClient(ctx.clientConfig);
      const secret = await secrets.send(new DescribeSecretCommand({ SecretId: ctx.outputs.authSecretArn }));
      expect(secret.KmsKeyId).toBe(ctx.outputs.kmsKeyArn);
      const value = await secrets.send(new GetSecretValueCommand({ SecretId: ctx.outputs.authSecretArn }));
      expect(value.SecretString).toMatch(/^[A-Za-z0-9]{64}$/);
    });

    it('delivers slow and engine logs to key-encrypted log groups', async () => {
      const group = await replicationGroup(ctx);
      const deliveries = (group.LogDeliveryConfigurations ?? []).map((d) => ({ type: d.LogType, to: d.DestinationDetails?.CloudWatchLogsDetails?.LogGroup, format: d.LogFormat }));
      expect(deliveries.sort((a, b) => a.type!.localeCompare(b.type!))).toEqual([
        { type: 'engine-log', to: `/aws/elasticache/${NAME}/engine-log`, format: 'json' },
        { type: 'slow-log', to: `/aws/elasticache/${NAME}/slow-log`, format: 'json' },
      ]);
      const groups = await new CloudWatchLogsClient(ctx.clientConfig).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/elasticache/${NAME}/` }));
      expect(groups.logGroups?.map((g) => g.kmsKeyId)).toEqual([ctx.outputs.kmsKeyArn, ctx.outputs.kmsKeyArn]);
    });

    it('uses its redis7 parameter group', async () => {
      const params = await new ElastiCacheClient(ctx.clientConfig).send(new DescribeCacheParametersCommand({ CacheParameterGroupName: `${NAME}-redis7`, Source: 'user' }));
      const value = (name: string) => params.Parameters?.find((p) => p.ParameterName === name)?.ParameterValue;
      expect(value('maxmemory-policy')).toBe('volatile-lru');
      expect(value('cluster-enabled')).toBe('no');
    });

    it('admits the Redis port only from the app security group', async () => {
      const rules = await new EC2Client(ctx.clientConfig).send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [ctx.outputs.securityGroupId] }] }));
      expect(rules.SecurityGroupRules?.map((r) => ({ egress: r.IsEgress, from: r.FromPort, to: r.ToPort, source: r.ReferencedGroupInfo?.GroupId, cidr: r.CidrIpv4 }))).toEqual([
        { egress: false, from: 6380, to: 6380, source: ctx.outputs.appSecurityGroupId, cidr: undefined },
      ]);
    });
  },
);
