// S3 server access logging of the image bucket into the log bucket, under `s3-access/`, with the log
// bucket's policy that admits it (and denies non-TLS requests).
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { Construct } from 'constructs';
import { S3CloudFrontContext } from './context';
import { denyInsecureTransport } from './policy-statements';

/** The log bucket's policy and the access logging of `bucket` into `logBucket`, at `scope`. */
export function createAccessLogging(scope: Construct, ctx: S3CloudFrontContext, deps: { bucket: S3Bucket; logBucket: S3Bucket }): void {
  const { bucket, logBucket } = deps;
  const logBucketPolicy = new S3BucketPolicy(scope, 'log-bucket-policy', {
    bucket: logBucket.id,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        ...denyInsecureTransport(logBucket.arn),
        {
          Sid: 'AllowS3ServerAccessLogsFromTheImageBucket',
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${logBucket.arn}/s3-access/*`,
          Condition: {
            ArnLike: { 'aws:SourceArn': bucket.arn },
            StringEquals: { 'aws:SourceAccount': ctx.accountId },
          },
        },
      ],
    }),
  });
  new S3BucketLoggingA(scope, 'bucket-logging', {
    bucket: bucket.id,
    targetBucket: logBucket.id,
    targetPrefix: 's3-access/',
    dependsOn: [logBucketPolicy],
  });
}
