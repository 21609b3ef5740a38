import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { grantableProblem, IGrantable, PolicyStatement } from './grants';
import { IKmsKey, kmsKeyProblem } from './kms-key';
import { Problems } from './problems';
import { stackEnvironment } from './stack-environment';

/** Options of a read-write grant on a bucket prefix. */
export interface BucketGrantOptions {
  /** Construct id of the grant's policy under the grantee. @default - the bucket's default, `images` for `S3CloudFront` */
  readonly id?: string;
  /** Name of the grant's inline policy in IAM. @default - the bucket's default, `image-bucket-prefix` for `S3CloudFront` */
  readonly policyName?: string;
}

/**
 * An S3 bucket as the modules use it (aws-cdk's `IBucket`): an `S3CloudFront` satisfies it, a
 * bucket of another stack through {@link bucketFromArn}.
 */
export interface IBucket {
  readonly bucketName: string;
  readonly bucketArn: string;
  /** The customer-managed key of the bucket's SSE-KMS default encryption, if it has one. */
  readonly encryptionKey?: IKmsKey;
  /**
   * Lets `grantee` read, write and list the objects under `keyPrefix` only, and use the bucket's
   * key through S3 only (`kms:ViaService`).
   */
  grantReadWrite(grantee: IGrantable, keyPrefix: string, options?: BucketGrantOptions): void;
}

/** An S3 bucket ARN with a literal name: `arn:<partition>:s3:::<name>`. */
export const S3_BUCKET_ARN = /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Options of {@link bucketFromArn}. */
export interface BucketFromArnOptions {
  /** The bucket's SSE-KMS key: the grants add `kms:Decrypt` and `kms:GenerateDataKey` on it. @default - no key grant (SSE-S3) */
  readonly encryptionKey?: IKmsKey;
}

/**
 * A bucket known by its ARN, e.g. of another stack (aws-cdk's `Bucket.fromBucketArn`). `scope`
 * is where the bucket is used: its path starts the errors, its stack's region names the S3
 * endpoint in the key grant. Throws on a literal that is not a bucket ARN.
 */
export function bucketFromArn(scope: Construct, bucketArn: string, options: BucketFromArnOptions = {}): IBucket {
  const problems = new Problems(scope.node.path);
  if (!Token.isUnresolved(bucketArn) && !S3_BUCKET_ARN.test(bucketArn)) {
    problems.add(`bucketFromArn needs an S3 bucket ARN like arn:aws:s3:::my-bucket (got '${bucketArn}'): an object ARN or another service's ARN matches no bucket in IAM`);
  }
  problems.add(kmsKeyProblem('bucketFromArn encryptionKey', options.encryptionKey));
  problems.throwIfAny();
  const bucketName = Token.isUnresolved(bucketArn) ? Fn.element(Fn.split(':::', bucketArn), 1) : bucketArn.split(':::')[1];
  return {
    bucketArn,
    bucketName,
    encryptionKey: options.encryptionKey,
    grantReadWrite(grantee, keyPrefix, grantOptions) {
      grantBucketReadWrite(scope, { bucketArn, encryptionKey: options.encryptionKey }, grantee, keyPrefix, { id: 'bucket', policyName: 'bucket-prefix', ...grantOptions });
    },
  };
}

/** The problem of a key prefix a grant is limited to, or undefined. */
export function keyPrefixProblem(method: string, keyPrefix: unknown): string | undefined {
  if (typeof keyPrefix !== 'string' || keyPrefix.length === 0 || keyPrefix.startsWith('/') || keyPrefix.includes('*') || !keyPrefix.endsWith('/')) {
    return `${method} keyPrefix must be a key prefix like images/: not empty, no leading /, no wildcard, ending in / (got ${typeof keyPrefix === 'string' ? `'${keyPrefix}'` : String(keyPrefix)}): the grantee gets access to that prefix only`;
  }
  if (keyPrefix.length > 512) return `${method} keyPrefix is too long (got ${keyPrefix.length} characters, at most 512)`;
  return undefined;
}

/**
 * The read-write grant of `IBucket.grantReadWrite`, for implementers: GetObject and PutObject on
 * `<bucket>/<prefix>*`, ListBucket limited to the prefix, and the key through S3 only. `scope` is
 * the bucket's construct: its path starts the errors, its stack's region names S3.
 */
export function grantBucketReadWrite(
  scope: Construct,
  bucket: { readonly bucketArn: string; readonly encryptionKey?: IKmsKey },
  grantee: IGrantable,
  keyPrefix: string,
  options: Required<BucketGrantOptions>,
): void {
  const problems = new Problems(scope.node.path);
  problems.add(grantableProblem('grantReadWrite', grantee));
  problems.add(keyPrefixProblem('grantReadWrite', keyPrefix));
  problems.throwIfAny();
  const statements: PolicyStatement[] = [
    { sid: 'ReadWriteImagePrefix', effect: 'Allow', actions: ['s3:GetObject', 's3:PutObject'], resources: [`${bucket.bucketArn}/${keyPrefix}*`] },
    {
      sid: 'ListImagePrefix',
      effect: 'Allow',
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      condition: [{ test: 'StringLike', variable: 's3:prefix', values: [`${keyPrefix}*`] }],
    },
  ];
  if (bucket.encryptionKey) {
    statements.push({
      sid: 'UseImageKeyThroughS3',
      effect: 'Allow',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [bucket.encryptionKey.arn],
      condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`s3.${stackEnvironment(scope).region.name}.amazonaws.com`] }],
    });
  }
  grantee.grantPrincipal.addToPrincipalPolicy({ id: options.id, policyName: options.policyName, statements });
}
