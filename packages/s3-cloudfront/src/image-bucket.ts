// The image bucket: all four public-access-block flags, `BucketOwnerEnforced`, SSE-KMS with a bucket
// key, versioning, lifecycle and optional CORS for direct uploads. Its policy names the distribution,
// so it is written after it (see access-policies.ts).
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketCorsConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-cors-configuration';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { IKmsKey } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { S3CloudFrontContext } from './context';

/** The image bucket of the S3CloudFront at `scope`, encrypted with `kmsKey`. */
export function createImageBucket(scope: Construct, ctx: S3CloudFrontContext, deps: { kmsKey: IKmsKey }): S3Bucket {
  const { props, withTags } = ctx;
  const { prefix, bucketTags, transitionToIaDays, noncurrentDays, corsOrigins } = ctx.settings;
  const { kmsKey } = deps;
  const forceDestroy = props.forceDestroy === true ? true : undefined;
  const bucket = new S3Bucket(scope, 'bucket', { bucketPrefix: `${prefix}-images-`, forceDestroy, tags: withTags(bucketTags) });
  new S3BucketPublicAccessBlock(scope, 'bucket-public-access-block', {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, 'bucket-ownership', {
    bucket: bucket.id,
    rule: { objectOwnership: 'BucketOwnerEnforced' },
  });
  new S3BucketServerSideEncryptionConfigurationA(scope, 'bucket-encryption', {
    bucket: bucket.id,
    rule: [
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: kmsKey.arn },
        // One data key per bucket instead of per object: cuts KMS calls (and cost) by orders of magnitude.
        bucketKeyEnabled: true,
      },
    ],
  });
  const versioning = new S3BucketVersioningA(scope, 'bucket-versioning', {
    bucket: bucket.id,
    versioningConfiguration: { status: 'Enabled' },
  });
  new S3BucketLifecycleConfiguration(scope, 'bucket-lifecycle', {
    bucket: bucket.id,
    dependsOn: [versioning],
    rule: [
      {
        id: 'images',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        transition: [{ days: transitionToIaDays, storageClass: 'STANDARD_IA' }],
        noncurrentVersionExpiration: [{ noncurrentDays: noncurrentDays }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
    ],
  });
  if (corsOrigins.length > 0) {
    new S3BucketCorsConfiguration(scope, 'bucket-cors', {
      bucket: bucket.id,
      corsRule: [
        {
          id: 'direct-upload',
          allowedOrigins: corsOrigins,
          allowedMethods: ['PUT', 'POST'],
          allowedHeaders: ['content-type', 'content-md5', 'x-amz-*'],
          exposeHeaders: ['ETag'],
          maxAgeSeconds: 3000,
        },
      ],
    });
  }
  return bucket;
}
