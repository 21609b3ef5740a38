// The replication group: the primary and its replicas over the subnets' zones, encrypted at rest
// and in transit, behind the user group, snapshotted and logging to the log groups.
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsSubnet } from '@cdktf/provider-aws/lib/data-aws-subnet';
import { ElasticacheParameterGroup } from '@cdktf/provider-aws/lib/elasticache-parameter-group';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { OPT_OUTS, optOutTag } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { RedisPhiContext } from './context';
import { REDIS_LOG_TYPES, REDIS_MIN_SNAPSHOT_RETENTION_DAYS } from './props';

/** What the replication group is built on. */
export interface ReplicationGroupInputs {
  readonly keyArn: string;
  readonly subnetGroup: ElasticacheSubnetGroup;
  readonly securityGroup: SecurityGroup;
  readonly parameterGroup: ElasticacheParameterGroup;
  readonly userGroup: ElasticacheUserGroup;
  readonly logGroups: Record<string, CloudwatchLogGroup>;
}

/** The replication group of the RedisPhi at `scope`. */
export function createReplicationGroup(scope: Construct, ctx: RedisPhiContext, inputs: ReplicationGroupInputs): ElasticacheReplicationGroup {
  const { props, name, tags, settings: v } = ctx;
  const subnetAzs = props.subnetAvailabilityZones ?? props.subnetIds.map((subnetId, i) => new DataAwsSubnet(scope, `subnet-${i}`, { id: subnetId }).availabilityZone);
  const optOutTags: Record<string, string> = {};
  if (!v.multiAz) Object.assign(optOutTags, optOutTag(OPT_OUTS.multiAz, props.multiAzDisabledReason!));
  if (v.snapshotRetentionDays < REDIS_MIN_SNAPSHOT_RETENTION_DAYS) Object.assign(optOutTags, optOutTag(OPT_OUTS.snapshotRetention, props.snapshotRetentionReducedReason!));

  const nodeCount = 1 + v.replicasPerNodeGroup;
  return new ElasticacheReplicationGroup(scope, 'replication-group', {
    replicationGroupId: name,
    description: `phi-stack ${name}: Redis for sessions and cached PHI`,
    engine: 'redis',
    engineVersion: v.engineVersion,
    autoMinorVersionUpgrade: 'true',
    nodeType: v.nodeType,
    port: v.port,
    parameterGroupName: inputs.parameterGroup.name,
    subnetGroupName: inputs.subnetGroup.name,
    securityGroupIds: [inputs.securityGroup.id],
    ...(v.clusterMode
      ? { clusterMode: 'enabled', numNodeGroups: v.numNodeGroups, replicasPerNodeGroup: v.replicasPerNodeGroup }
      : {
          clusterMode: 'disabled',
          numCacheClusters: nodeCount,
          // The primary and each replica in the subnets' AZs in turn.
          preferredCacheClusterAzs: Array.from({ length: nodeCount }, (_, i) => subnetAzs[i % subnetAzs.length]),
        }),
    automaticFailoverEnabled: true,
    multiAzEnabled: v.multiAz,
    atRestEncryptionEnabled: 'true',
    kmsKeyId: inputs.keyArn,
    transitEncryptionEnabled: true,
    transitEncryptionMode: 'required',
    userGroupIds: [inputs.userGroup.userGroupId],
    snapshotRetentionLimit: v.snapshotRetentionDays,
    snapshotWindow: v.snapshotWindow,
    maintenanceWindow: v.maintenanceWindow,
    finalSnapshotIdentifier: `${name}-final`,
    logDeliveryConfiguration: REDIS_LOG_TYPES.map((logType) => ({
      destination: inputs.logGroups[logType].name,
      destinationType: 'cloudwatch-logs',
      logFormat: 'json',
      logType,
    })),
    tags: { ...tags, ...optOutTags, Name: name },
  });
}
