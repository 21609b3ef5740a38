// The key of the database: `kmsKey`, or a key created here whose policy admits the account's IAM
// policies and CloudWatch Logs for this database's log groups (and the rotation function's) only.
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { IKmsKey } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { RdsMysqlHaContext } from './context';

/** The key that encrypts storage, Performance Insights, the master secret and the logs of the RdsMysqlHa at `scope`. */
export function createEncryptionKey(scope: Construct, ctx: RdsMysqlHaContext): IKmsKey {
  const { props, name, tags, rotationFunctionName } = ctx;
  if (props.kmsKey) return props.kmsKey;
  const logGroupArnPattern = `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:/aws/rds/instance/${name}*`;
  const rotationLogGroupArn = `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:/aws/lambda/${rotationFunctionName}`;
  const policy = new DataAwsIamPolicyDocument(scope, 'key-policy', {
    statement: [
      {
        // Delegates key administration and use to IAM policies of this account only; without it
        // the key would be unmanageable. No other principal is named.
        sid: 'AccountIamPolicies',
        principals: [{ type: 'AWS', identifiers: [`arn:${ctx.partition}:iam::${ctx.accountId}:root`] }],
        actions: ['kms:*'],
        resources: ['*'],
      },
      {
        // CloudWatch Logs encrypts the exported logs itself; only this database's log groups.
        sid: 'CloudWatchLogsForThisDatabase',
        principals: [{ type: 'Service', identifiers: [`logs.${ctx.region}.amazonaws.com`] }],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        condition: [{ test: 'ArnLike', variable: 'kms:EncryptionContext:aws:logs:arn', values: [logGroupArnPattern, rotationLogGroupArn] }],
      },
    ],
  });
  const kmsKey = new KmsKey(scope, 'key', {
    description: `phi-stack ${name}: RDS MySQL storage, Performance Insights, master secret and logs`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: policy.json,
    tags,
  });
  new KmsAlias(scope, 'key-alias', { name: `alias/${name}-rds`, targetKeyId: kmsKey.keyId });
  return kmsKey;
}
