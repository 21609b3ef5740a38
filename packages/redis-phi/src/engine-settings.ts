// How the engine runs and what it records: the parameter group and the log groups.
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { ElasticacheParameterGroup } from '@cdktf/provider-aws/lib/elasticache-parameter-group';
import { Construct } from 'constructs';
import { RedisPhiContext } from './context';
import { REDIS_LOG_TYPES } from './props';

/** The redis7 parameter group of the RedisPhi at `scope`: `parameters` plus `cluster-enabled`. */
export function createParameterGroup(scope: Construct, ctx: RedisPhiContext): ElasticacheParameterGroup {
  const { props, name, tags, settings: v } = ctx;
  const parameters: Record<string, string> = { ...(props.parameters ?? {}), 'cluster-enabled': v.clusterMode ? 'yes' : 'no' };
  return new ElasticacheParameterGroup(scope, 'parameter-group', {
    name: `${name}-redis7`,
    family: 'redis7',
    description: `phi-stack ${name}: Redis 7 ${v.clusterMode ? 'cluster mode' : 'single shard'}`,
    parameter: Object.keys(parameters)
      .sort()
      .map((key) => ({ name: key, value: parameters[key] })),
    tags,
  });
}

/** One encrypted log group per log type of REDIS_LOG_TYPES. */
export function createLogGroups(scope: Construct, ctx: RedisPhiContext, keyArn: string): Record<string, CloudwatchLogGroup> {
  const logGroups: Record<string, CloudwatchLogGroup> = {};
  for (const logType of REDIS_LOG_TYPES) {
    logGroups[logType] = new CloudwatchLogGroup(scope, `log-${logType}`, {
      name: `${ctx.logGroupPrefix}/${logType}`,
      kmsKeyId: keyArn,
      retentionInDays: ctx.settings.logRetentionDays,
      tags: ctx.tags,
    });
  }
  return logGroups;
}
