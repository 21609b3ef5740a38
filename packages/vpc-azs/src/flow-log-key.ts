// The key of the flow log group: `kmsKey`, or a key created here whose policy admits the account's
// IAM policies and CloudWatch Logs for this log group only.
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { IKmsKey } from '@phi-stack/constructs-core';
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
  const logGroupName = flowLogGroupName(name);
  const logGroupArn = `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${logGroupName}`;
  const keyPolicy = new DataAwsIamPolicyDocument(scope, 'kms-policy', {
    statement: [
      {
        // The account's IAM policies decide who administers and uses the key; no other principal gets in.
        sid: 'AccountRootManagesKey',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [`arn:${ctx.partition}:iam::${ctx.accountId}:root`] }],
        actions: ['kms:*'],
        resources: ['*'],
      },
      {
        sid: 'CloudWatchLogsUsesKeyForThisLogGroup',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: [`logs.${ctx.region}.amazonaws.com`] }],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        condition: [{ test: 'ArnEquals', variable: 'kms:EncryptionContext:aws:logs:arn', values: [logGroupArn] }],
      },
    ],
  });
  const kmsKey = new KmsKey(scope, 'kms-key', {
    description: `Encrypts the VPC flow logs of ${name}`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: keyPolicy.json,
    tags: tags(`${name}-flow-logs`),
  });
  new KmsAlias(scope, 'kms-alias', { name: `alias/phi-stack/${name}/vpc-flow-logs`, targetKeyId: kmsKey.keyId });
  return kmsKey;
}
