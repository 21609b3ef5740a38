// The customer-managed key of the instances' root volumes, unless `kmsKey` brings one.
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { IKmsKey } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { AlbAsgContext } from './context';

/** The key of the root volumes: `kmsKey`, or a key at `scope` (rotation on) that Auto Scaling may use for the volumes it creates. */
export function createRootVolumeKey(scope: Construct, ctx: AlbAsgContext): IKmsKey {
  const { props, tags } = ctx;
  const { name } = ctx.settings;
  if (props.kmsKey) return props.kmsKey;
  const accountRoot = `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
  const asgRole = `arn:${ctx.partition}:iam::${ctx.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
  const keyPolicy = new DataAwsIamPolicyDocument(scope, 'kms-policy', {
    statement: [
      {
        // The account's IAM policies decide who administers the key; no other principal gets in.
        sid: 'AccountRootManagesKey',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [accountRoot] }],
        actions: ['kms:*'],
        resources: ['*'],
      },
      {
        // Auto Scaling launches the instances and so creates their encrypted volumes.
        sid: 'AutoScalingUsesKeyForVolumes',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [asgRole] }],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
      },
      {
        sid: 'AutoScalingGrantsForVolumes',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [asgRole] }],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        condition: [{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }],
      },
    ],
  });
  const key = new KmsKey(scope, 'kms-key', {
    description: `Encrypts the EBS volumes of ${name}`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: keyPolicy.json,
    tags: tags(`${name}-ebs`),
  });
  new KmsAlias(scope, 'kms-alias', { name: `alias/phi-stack/${name}/ebs`, targetKeyId: key.keyId });
  return key;
}
