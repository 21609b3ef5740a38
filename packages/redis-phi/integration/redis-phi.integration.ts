import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeSecurityGroupRulesCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeCacheClustersCommand,
  DescribeCacheParametersCommand,
  DescribeReplicationGroupsCommand,
  DescribeUserGroupsCommand,
  DescribeUsersCommand,
  ElastiCacheClient,
  ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { describeEmulatorStack, EmulatorStackContext, TerraformWorkdir } from '@phi-stack/emulator';
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
  },
  (ctx) => {
    it('encrypts at rest with the construct key and in transit, and authenticates through its RBAC user group', async () => {
      const group = await replicationGroup(ctx);
      expect(group).toMatchObject({
        ReplicationGroupId: NAME,
        ARN: ctx.outputs.replicationGroupArn,
        AtRestEncryptionEnabled: true,
        KmsKeyId: ctx.outputs.kmsKeyArn,
        TransitEncryptionEnabled: true,
        ClusterEnabled: false,
        UserGroupIds: [`${NAME}-users`],
      });
      expect(group.AuthTokenEnabled).not.toBe(true);
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
      expect(group.NodeGroups?.[0].PrimaryEndpoint).toEqual({ Address: ctx.outputs.replicationGroupPrimaryEndpointAddress, Port: 6380 });
      expect(group.NodeGroups?.[0].ReaderEndpoint?.Address).toBe(ctx.outputs.replicationGroupReaderEndpointAddress);
      expect(ctx.outputs.replicationGroupReaderEndpointAddress).toEqual(expect.any(String));
      expect(ctx.outputs.replicationGroupPort).toBe(6380);
    });

    it('keeps 15 days of snapshots in its window', async () => {
      const group = await replicationGroup(ctx);
      expect(group.SnapshotRetentionLimit).toBeGreaterThanOrEqual(15);
      expect(group.SnapshotWindow).toBe('03:00-05:00');
    });

    it('lets the app in with IAM authentication only: an iam user whose id is its name, and default switched off', async () => {
      const cache = new ElastiCacheClient(ctx.clientConfig);
      const users = Object.fromEntries(((await cache.send(new DescribeUsersCommand({}))).Users ?? []).map((u) => [u.UserId, u]));
      expect(users[ctx.outputs.appUserId]).toMatchObject({ UserId: `${NAME}-app`, UserName: `${NAME}-app`, ARN: ctx.outputs.appUserArn, Authentication: { Type: 'iam' } });
      expect(users[`${NAME}-default`]).toMatchObject({ UserName: 'default', AccessString: 'off ~* -@all', Authentication: { Type: 'no-password' } });
      const group = (await cache.send(new DescribeUserGroupsCommand({ UserGroupId: `${NAME}-users` }))).UserGroups![0];
      expect([...(group.UserIds ?? [])].sort()).toEqual([`${NAME}-app`, `${NAME}-default`]);
    });

    it('holds no secret in the applied state: no AUTH token, no password, no secret value', async () => {
      const shown = JSON.parse((await new TerraformWorkdir(ctx.workDir).must('show', ['show', '-json'])).stdout) as { values?: { root_module?: { resources?: { type: string; values: Record<string, unknown>; sensitive_values?: Record<string, unknown> }[] } } };
      const resources = shown.values?.root_module?.resources ?? [];
      expect(resources.length).toBeGreaterThan(10);
      expect(resources.map((r) => r.type)).not.toEqual(expect.arrayContaining(['aws_secretsmanager_secret_version']));
      expect(resources.filter((r) => r.type === 'aws_secretsmanager_random_password')).toEqual([]);
      for (const r of resources) {
        for (const key of ['auth_token', 'passwords', 'secret_string', 'random_password']) {
          const value = r.values[key];
          expect([undefined, null, '', false].includes(value as never) || (Array.isArray(value) && value.length === 0)).toBe(true);
        }
      }
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
