// The key that encrypts the images: `kmsKey`, or a key created here with rotation on and an alias.
// Its key policy names the distribution, so it is written with the bucket policy (see
// access-policies.ts).
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { IKmsKey } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { S3CloudFrontContext } from './context';

/** The image key. */
export interface ImageKey {
  /** `kmsKey` or the key created here. */
  readonly kmsKey: IKmsKey;
  /** The key created here, whose policy the construct manages (undefined with `kmsKey`). */
  readonly ownKey?: KmsKey;
}

/** The image key of the S3CloudFront at `scope`: `kmsKey`, or a created key and its alias. */
export function createImageKey(scope: Construct, ctx: S3CloudFrontContext): ImageKey {
  const { props, withTags } = ctx;
  const { prefix } = ctx.settings;
  if (props.kmsKey) return { kmsKey: props.kmsKey };
  const ownKey = new KmsKey(scope, 'key', {
    description: `Encrypts the patient images of ${prefix}`,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    tags: withTags(),
  });
  new KmsAlias(scope, 'key-alias', { name: `alias/${prefix}-images`, targetKeyId: ownKey.keyId });
  return { kmsKey: ownKey, ownKey };
}
