// What every resource family of the cache reads: the props, the validated settings, the tags and
// the stack's partition, region and account.
import { stackEnvironment } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { RedisPhiProps } from './props';
import { RedisPhiSettings } from './validation';

/** The context a resource family of the RedisPhi is built in. */
export interface RedisPhiContext {
  readonly props: RedisPhiProps;
  readonly settings: RedisPhiSettings;
  /** `name`: the base of every resource name. */
  readonly name: string;
  /** `tags`, or none. */
  readonly tags: Record<string, string>;
  /** Partition of the stack (`aws`, `aws-us-gov`, ...). */
  readonly partition: string;
  /** Region of the stack. */
  readonly region: string;
  /** Account id of the caller. */
  readonly accountId: string;
  /** Prefix of the log groups, `/aws/elasticache/<name>`. */
  readonly logGroupPrefix: string;
}

/** The context of the RedisPhi `scope`, read from its stack's environment. */
export function redisPhiContext(scope: Construct, props: RedisPhiProps, settings: RedisPhiSettings): RedisPhiContext {
  const { partition, region, callerIdentity: account } = stackEnvironment(scope);
  return {
    props,
    settings,
    name: props.name,
    tags: props.tags ?? {},
    partition: partition.partition,
    region: region.name,
    accountId: account.accountId,
    logGroupPrefix: `/aws/elasticache/${props.name}`,
  };
}
