// The key of the cache: `kmsKey`, or a PhiKey created here whose policy admits the account's IAM
// policies (ElastiCache uses the key on their behalf through grants) and CloudWatch Logs for this
// cache's log groups only.
import { IKmsKey, PhiKey } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { RedisPhiContext } from './context';

/** The key of at-rest encryption and the log groups of the RedisPhi at `scope`. */
export function createEncryptionKey(scope: Construct, ctx: RedisPhiContext): IKmsKey {
  const { props, name, tags } = ctx;
  if (props.kmsKey) return props.kmsKey;
  const logGroups = `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${ctx.logGroupPrefix}/*`;
  // Id `key`, the key's id before it was a PhiKey: the key keeps its address.
  const key = new PhiKey(scope, 'key', {
    description: `phi-stack ${name}: ElastiCache Redis at rest and logs`,
    alias: { owner: name, purpose: 'redis' },
    // CloudWatch Logs encrypts the delivered logs itself: this cache's log groups only.
    grants: [PhiKey.cloudWatchLogsGrant('CloudWatchLogsForThisCache', ctx.region, logGroups)],
    tags,
  });
  // The alias from before the scheme, at its old id: kept so that policies and scripts that name
  // it keep working; a later major version drops it.
  key.addLegacyAlias(scope, 'key-alias', `alias/${name}-redis`);
  return key.key;
}
