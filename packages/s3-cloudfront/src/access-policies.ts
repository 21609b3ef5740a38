// The policies that name the distribution: the image bucket's (TLS only, uploads with our key only,
// `s3:GetObject` for this distribution only) and, for a key created here, the key's (the account's
// IAM, and `kms:Decrypt` for this distribution only).
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { accountAdministrationStatement, IKmsKey, keyPolicyStatement, PhiKey } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { ANYONE, denyInsecureTransport } from './policy-statements';

/** What the access policies name. */
export interface AccessPoliciesDeps {
  readonly bucket: S3Bucket;
  readonly kmsKey: IKmsKey;
  /** The key created here, whose policy is written here (undefined with `kmsKey`). */
  readonly ownKey?: PhiKey;
  readonly distribution: CloudfrontDistribution;
}

/** The image bucket's policy and the created key's policy, at `scope`. */
export function createAccessPolicies(scope: Construct, deps: AccessPoliciesDeps): void {
  const { bucket, kmsKey, ownKey, distribution } = deps;
  // Separate policy resources break the cycle distribution -> bucket -> policy -> distribution.
  new S3BucketPolicy(scope, 'bucket-policy', {
    bucket: bucket.id,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        ...denyInsecureTransport(bucket.arn),
        {
          Sid: 'DenyUploadsWithAnotherEncryption',
          Effect: 'Deny',
          Principal: ANYONE,
          Action: 's3:PutObject',
          Resource: `${bucket.arn}/*`,
          // Only when the header is present: an upload without it gets the bucket default (our key).
          Condition: {
            StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
            Null: { 's3:x-amz-server-side-encryption': 'false' },
          },
        },
        {
          Sid: 'DenyUploadsWithAnotherKmsKey',
          Effect: 'Deny',
          Principal: ANYONE,
          Action: 's3:PutObject',
          Resource: `${bucket.arn}/*`,
          Condition: {
            StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': kmsKey.arn },
            Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
          },
        },
        {
          Sid: 'AllowCloudFrontOriginAccessControlRead',
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 's3:GetObject',
          Resource: `${bucket.arn}/*`,
          Condition: { StringEquals: { 'AWS:SourceArn': distribution.arn } },
        },
      ],
    }),
  });
  if (ownKey) {
    new KmsKeyPolicy(scope, 'key-policy', {
      keyId: ownKey.keyId,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          // The account root, not `*`: access is then granted by the account's IAM policies, and the
          // key cannot become unmanageable.
          accountAdministrationStatement(scope),
          keyPolicyStatement({
            sid: 'AllowCloudFrontOriginAccessControlDecrypt',
            principals: [{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }],
            actions: ['kms:Decrypt'],
            conditions: [{ test: 'StringEquals', variable: 'AWS:SourceArn', values: [distribution.arn] }],
          }),
        ],
      }),
    });
  }
}
