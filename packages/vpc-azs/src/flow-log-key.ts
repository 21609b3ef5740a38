// The key of the flow log group: `kmsKey`, or a PhiKey created here whose policy admits the
// account's IAM policies and CloudWatch Logs for this log group only.
import { IKmsKey, PhiKey } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { VpcAzsContext } from './context';

/** Name of the flow log group of the VPC `name`. */
export function flowLogGroupName(name: string): string {
  return `/phi-stack/${name}/vpc-flow-logs`;
}

/** The key that encrypts the flow logs of the VpcAzs at `scope`. */
export function createFlowLogKey(scope: Construct, ctx: VpcAzsContext): IKmsKey {
  const { props, tags } = ctx;
  const { name } = ctx.settings;
  if (props.kmsKey) return props.kmsKey;
  const logGroupArn = `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${flowLogGroupName(name)}`;
  // Id `kms-key`, the key's id before it was a PhiKey: the key keeps its address. The alias
  // `kms-alias` had the scheme's name already and moves into the PhiKey.
  const key = new PhiKey(scope, 'kms-key', {
    description: `Encrypts the VPC flow logs of ${name}`,
    alias: { owner: name, purpose: 'vpc-flow-logs' },
    grants: [PhiKey.cloudWatchLogsGrant('CloudWatchLogsUsesKeyForThisLogGroup', ctx.region, logGroupArn)],
    movedFrom: { alias: 'kms-alias' },
    tags: tags(`${name}-flow-logs`),
  });
  return key.key;
}
