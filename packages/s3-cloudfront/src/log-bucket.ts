// The log bucket: S3 access logs of the image bucket under `s3-access/` and CloudFront standard logs
// under `cloudfront/`. It is the one place without SSE-KMS and without `BucketOwnerEnforced`; its
// policy admits the image bucket's access logs, so it is written with the logging (see
// access-logging.ts).
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { OPT_OUTS, optOutTag } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { S3CloudFrontContext } from './context';
import { LOG_BUCKET_ENCRYPTION_REASON } from './props';

/** The log bucket and the resources the distribution must wait for. */
export interface LogBucket {
  readonly bucket: S3Bucket;
  /** Ownership controls that keep ACLs enabled for CloudFront's log delivery grant. */
  readonly ownership: S3BucketOwnershipControls;
}

/** The log bucket of the S3CloudFront at `scope`, with its public access block, ownership, encryption, versioning and lifecycle. */
export function createLogBucket(scope: Construct, ctx: S3CloudFrontContext): LogBucket {
  const { props, withTags } = ctx;
  const { prefix, bucketTags, logRetentionDays } = ctx.settings;
  const forceDestroy = props.forceDestroy === true ? true : undefined;
  const logBucket = new S3Bucket(scope, 'log-bucket', {
    bucketPrefix: `${prefix}-logs-`,
    forceDestroy,
    // The standing SSE-S3 exception (see the encryption resource below) is recorded like any opt-out.
    tags: withTags({ ...bucketTags, ...optOutTag(OPT_OUTS.encryption, LOG_BUCKET_ENCRYPTION_REASON) }),
  });
  new S3BucketPublicAccessBlock(scope, 'log-bucket-public-access-block', {
    bucket: logBucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  // CloudFront standard logging grants itself write access through the bucket ACL: ACLs must stay
  // enabled here (and only here). Do not manage an aws_s3_bucket_acl: it would remove that grant.
  const logOwnership = new S3BucketOwnershipControls(scope, 'log-bucket-ownership', {
    bucket: logBucket.id,
    rule: { objectOwnership: 'BucketOwnerPreferred' },
  });
  // Server access logging only delivers to SSE-S3 buckets, so the log bucket cannot use the KMS key.
  new S3BucketServerSideEncryptionConfigurationA(scope, 'log-bucket-encryption', {
    bucket: logBucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
  });
  const logVersioning = new S3BucketVersioningA(scope, 'log-bucket-versioning', {
    bucket: logBucket.id,
    versioningConfiguration: { status: 'Enabled' },
  });
  new S3BucketLifecycleConfiguration(scope, 'log-bucket-lifecycle', {
    bucket: logBucket.id,
    dependsOn: [logVersioning],
    rule: [
      {
        id: 'expire-logs',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        expiration: [{ days: logRetentionDays }],
        noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
    ],
  });
  return { bucket: logBucket, ownership: logOwnership };
}
