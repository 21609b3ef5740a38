// The key of the cache: `kmsKey`, or a key created here whose policy admits the account's IAM
// policies and CloudWatch Logs for this cache's log groups only.
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { IKmsKey } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { RedisPhiContext } from './context';

/** The key of at-rest encryption and the log groups of the RedisPhi at `scope`. */
export function createEncryptionKey(scope: Construct, ctx: RedisPhiContext): IKmsKey {
  const { props, name, tags } = ctx;
  if (props.kmsKey) return props.kmsKey;
  const policy = new DataAwsIamPolicyDocument(scope, 'key-policy', {
    statement: [
      {
        // Delegates key administration and use to IAM policies of this account only (ElastiCache
        // uses the key on behalf of the account's principals through grants).
        sid: 'AccountIamPolicies',
        principals: [{ type: 'AWS', identifiers: [`arn:${ctx.partition}:iam::${ctx.accountId}:root`] }],
        actions: ['kms:*'],
        resources: ['*'],
      },
      {
        // CloudWatch Logs encrypts the delivered logs itself; only this cache's log groups.
        sid: 'CloudWatchLogsForThisCache',
        principals: [{ type: 'Service', identifiers: [`logs.${ctx.region}.amazonaws.com`] }],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        condition: [
          {
            test: 'ArnLike',
            variable: 'kms:EncryptionContext:aws:logs:arn',
            values: [`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${ctx.logGroupPrefix}/*`],
          },
        ],
      },
    ],
  });
  const kmsKey = new KmsKey(scope, 'key', {
    description: `phi-stack ${name}: ElastiCache Redis at rest and logs`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: policy.json,
    tags,
  });
  new KmsAlias(scope, 'key-alias', { name: `alias/${name}-redis`, targetKeyId: kmsKey.keyId });
  return kmsKey;
}
