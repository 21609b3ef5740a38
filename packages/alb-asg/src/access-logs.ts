// Access-log bucket of the ALB. ALB access logs support SSE-S3 only (not SSE-KMS), so this bucket
// is the one place where the stack uses AES256 instead of a customer-managed key.
import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { OPT_OUTS, optOutTag } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { AlbAsgContext } from './context';

/** Where the ALB delivers its access logs. */
export interface AccessLogs {
  /** The bucket: `accessLogsBucket`, or the one created for this ALB. */
  readonly bucket: S3Bucket;
  /** Key prefix of the logs in the bucket. */
  readonly prefix: string;
  /** Policy of the created bucket, which the ALB must wait for (undefined with `accessLogsBucket`). */
  readonly policy?: S3BucketPolicy;
}

/** The access-log bucket of the ALB at `scope`: `accessLogsBucket`, or a created one with its policy. */
export function createAccessLogs(scope: Construct, ctx: AlbAsgContext): AccessLogs {
  const { props, tags } = ctx;
  const { name } = ctx.settings;
  const logPrefix = name;
  let logBucket: S3Bucket;
  let logBucketPolicy: S3BucketPolicy | undefined;
  if (props.accessLogsBucket) {
    logBucket = props.accessLogsBucket;
  } else {
    logBucket = new S3Bucket(scope, 'access-logs', {
      bucketPrefix: `${name}-alb-logs-`,
      forceDestroy: props.accessLogsForceDestroy ?? false,
      tags: tags(`${name}-alb-logs`, optOutTag(OPT_OUTS.encryption, 'ALB access-log delivery supports only SSE-S3 on the destination bucket')),
    });
    new S3BucketPublicAccessBlock(scope, 'access-logs-pab', {
      bucket: logBucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(scope, 'access-logs-ownership', { bucket: logBucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketVersioningA(scope, 'access-logs-versioning', { bucket: logBucket.id, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(scope, 'access-logs-sse', {
      bucket: logBucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    new S3BucketLifecycleConfiguration(scope, 'access-logs-lifecycle', {
      bucket: logBucket.id,
      rule: [
        {
          id: 'expire-access-logs',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: props.accessLogsExpirationDays ?? 365 }],
          noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    const elbAccount = new DataAwsElbServiceAccount(scope, 'elb-account');
    const objects = `${logBucket.arn}/${logPrefix}/AWSLogs/${ctx.accountId}/*`;
    const policy = new DataAwsIamPolicyDocument(scope, 'access-logs-policy-doc', {
      statement: [
        {
          // Regions launched before August 2022 deliver as the regional ELB account.
          sid: 'ElbAccountWritesAccessLogs',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [elbAccount.arn] }],
          actions: ['s3:PutObject'],
          resources: [objects],
        },
        {
          // Newer regions deliver through the log-delivery service principal.
          sid: 'LogDeliveryWritesAccessLogs',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] }],
          actions: ['s3:PutObject'],
          resources: [objects],
        },
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          principals: [{ type: 'AWS', identifiers: ['*'] }],
          actions: ['s3:*'],
          resources: [logBucket.arn, `${logBucket.arn}/*`],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
    });
    logBucketPolicy = new S3BucketPolicy(scope, 'access-logs-policy', { bucket: logBucket.id, policy: policy.json });
  }
  return { bucket: logBucket, prefix: logPrefix, policy: logBucketPolicy };
}
