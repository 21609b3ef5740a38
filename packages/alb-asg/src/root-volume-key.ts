// The customer-managed key of the instances' root volumes, unless `kmsKey` brings one.
import { IKmsKey, PhiKey } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { AlbAsgContext } from './context';

/** The key of the root volumes: `kmsKey`, or a PhiKey at `scope` that Auto Scaling may use for the volumes it creates. */
export function createRootVolumeKey(scope: Construct, ctx: AlbAsgContext): IKmsKey {
  const { props, tags } = ctx;
  const { name } = ctx.settings;
  if (props.kmsKey) return props.kmsKey;
  // Auto Scaling launches the instances and so creates their encrypted volumes.
  const asgRole = { type: 'AWS' as const, identifiers: [`arn:${ctx.partition}:iam::${ctx.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`] };
  // Id `kms-key`, the key's id before it was a PhiKey: the key keeps its address. The alias
  // `kms-alias` had the scheme's name already and moves into the PhiKey.
  const key = new PhiKey(scope, 'kms-key', {
    description: `Encrypts the EBS volumes of ${name}`,
    alias: { owner: name, purpose: 'ebs' },
    grants: [
      { sid: 'AutoScalingUsesKeyForVolumes', principals: [asgRole], actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'] },
      {
        sid: 'AutoScalingGrantsForVolumes',
        principals: [asgRole],
        actions: ['kms:CreateGrant'],
        conditions: [{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }],
      },
    ],
    movedFrom: { alias: 'kms-alias' },
    tags: tags(`${name}-ebs`),
  });
  return key.key;
}
