// The key that encrypts the images: `kmsKey`, or a PhiKey created here. Its key policy names the
// distribution, so it is written with the bucket policy (see access-policies.ts).
import { IKmsKey, PhiKey } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { S3CloudFrontContext } from './context';

/** The image key. */
export interface ImageKey {
  /** `kmsKey` or the key created here. */
  readonly kmsKey: IKmsKey;
  /** The key created here, whose policy the construct manages (undefined with `kmsKey`). */
  readonly ownKey?: PhiKey;
}

/** The image key of the S3CloudFront at `scope`: `kmsKey`, or a created PhiKey and its aliases. */
export function createImageKey(scope: Construct, ctx: S3CloudFrontContext): ImageKey {
  const { props, withTags } = ctx;
  const { prefix } = ctx.settings;
  if (props.kmsKey) return { kmsKey: props.kmsKey };
  // Id `key`, the key's id before it was a PhiKey: the key keeps its address.
  const ownKey = new PhiKey(scope, 'key', {
    description: `Encrypts the patient images of ${prefix}`,
    alias: { owner: prefix, purpose: 'images' },
    externalKeyPolicy: { reason: 'the key policy names the distribution which reaches the key through its origin bucket: a cycle if the key held it' },
    tags: withTags(),
  });
  // The alias from before the scheme, at its old id: kept so that policies and scripts that name
  // it keep working; a later major version drops it.
  ownKey.addLegacyAlias(scope, 'key-alias', `alias/${prefix}-images`);
  return { kmsKey: ownKey.key, ownKey };
}
