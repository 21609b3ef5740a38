// The key of the database: `kmsKey`, or a PhiKey created here whose policy admits the account's IAM
// policies and CloudWatch Logs for this database's log groups (and the rotation function's) only.
import { IKmsKey, PhiKey } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { RdsMysqlHaContext } from './context';

/** The key that encrypts storage, Performance Insights, the master secret and the logs of the RdsMysqlHa at `scope`. */
export function createEncryptionKey(scope: Construct, ctx: RdsMysqlHaContext): IKmsKey {
  const { props, name, tags, rotationFunctionName } = ctx;
  if (props.kmsKey) return props.kmsKey;
  const logGroupArn = (group: string) => `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${group}`;
  // Id `key`, the key's id before it was a PhiKey: the key keeps its address.
  const key = new PhiKey(scope, 'key', {
    description: `phi-stack ${name}: RDS MySQL storage, Performance Insights, master secret and logs`,
    alias: { owner: name, purpose: 'rds' },
    // CloudWatch Logs encrypts the exported logs itself: this database's log groups and the rotation function's.
    grants: [PhiKey.cloudWatchLogsGrant('CloudWatchLogsForThisDatabase', ctx.region, [logGroupArn(`/aws/rds/instance/${name}*`), logGroupArn(`/aws/lambda/${rotationFunctionName}`)])],
    tags,
  });
  // The alias from before the scheme, at its old id: kept so that policies and scripts that name
  // it keep working; a later major version drops it.
  key.addLegacyAlias(scope, 'key-alias', `alias/${name}-rds`);
  return key.key;
}
