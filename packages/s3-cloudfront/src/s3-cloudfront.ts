import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontKeyGroup } from '@cdktf/provider-aws/lib/cloudfront-key-group';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { CloudfrontPublicKey } from '@cdktf/provider-aws/lib/cloudfront-public-key';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { BucketGrantOptions, grantBucketReadWrite, IBucket, IGrantable, IKmsKey } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { createAccessLogging } from './access-logging';
import { createAccessPolicies } from './access-policies';
import { s3CloudFrontContext } from './context';
import { createDistribution } from './distribution';
import { createImageBucket } from './image-bucket';
import { createImageKey } from './image-key';
import { createLogBucket } from './log-bucket';
import { S3CloudFrontProps } from './props';
import { validateS3CloudFront } from './validation';

/**
 * Patient images: an S3 bucket encrypted with a customer-managed KMS key, readable only through a
 * CloudFront distribution with Origin Access Control and signed URLs or cookies.
 *
 * Creates:
 * - the image bucket: all four public-access-block flags, `BucketOwnerEnforced`, SSE-KMS with a
 *   bucket key, versioning, lifecycle, optional CORS for direct uploads, access logging, and a policy
 *   that denies non-TLS (and pre-TLS 1.2) requests and uploads naming another encryption or key, and
 *   grants `s3:GetObject` to this distribution only;
 * - a log bucket for S3 access logs and CloudFront standard logs. It is the one place without SSE-KMS
 *   and without `BucketOwnerEnforced`: S3 server access logging only writes to SSE-S3 buckets, and
 *   CloudFront standard logging delivers through a bucket ACL grant, which needs ACLs enabled
 *   (`BucketOwnerPreferred`). Logs hold request metadata, not image content;
 * - a KMS key (unless `kmsKey` is given) whose policy lets this distribution decrypt and nothing else
 *   outside the account's own IAM;
 * - the distribution: OAC (sigv4, always signing), `redirect-to-https`, TLSv1.2_2021 with the given
 *   certificate, a trusted key group, a security response headers policy and standard logging.
 */
export class S3CloudFront extends Construct implements IBucket {
  /** The image bucket. */
  public readonly bucket: S3Bucket;
  /** The log bucket (S3 access logs under `s3-access/`, CloudFront logs under `cloudfront/`). */
  public readonly logBucket: S3Bucket;
  /** The key that encrypts the images: `kmsKey` or the one created here. */
  public readonly kmsKey: IKmsKey;
  /** `kmsKey`, as `IBucket` names it. */
  public readonly encryptionKey: IKmsKey;
  /** The distribution. */
  public readonly distribution: CloudfrontDistribution;
  /** The Origin Access Control the distribution signs S3 requests with. */
  public readonly originAccessControl: CloudfrontOriginAccessControl;
  /** The public key that verifies signed URLs and cookies. */
  public readonly publicKey: CloudfrontPublicKey;
  /** The trusted key group of the default cache behavior. */
  public readonly keyGroup: CloudfrontKeyGroup;
  /** The security headers policy of the default cache behavior. */
  public readonly responseHeadersPolicy: CloudfrontResponseHeadersPolicy;

  /** Name of the image bucket. */
  public readonly bucketName: string;
  /** ARN of the image bucket. */
  public readonly bucketArn: string;
  /** ARN of the key that encrypts the images. */
  public readonly kmsKeyArn: string;
  /** Name of the log bucket. */
  public readonly logBucketName: string;
  /** Id of the distribution. */
  public readonly distributionId: string;
  /** ARN of the distribution. */
  public readonly distributionArn: string;
  /** `*.cloudfront.net` domain name of the distribution. */
  public readonly distributionDomainName: string;
  /** Id of the trusted key group. */
  public readonly keyGroupId: string;
  /** Id of the CloudFront public key: the `Key-Pair-Id` of signed URLs and cookies. */
  public readonly publicKeyId: string;

  constructor(scope: Construct, id: string, props: S3CloudFrontProps) {
    super(scope, id);
    // Every resource is created at this construct's scope, under the id it has always had, so
    // that the resource families below leave every Terraform address unchanged.
    const settings = validateS3CloudFront(this.node.path, props);
    const ctx = s3CloudFrontContext(this, props, settings);

    const { kmsKey, ownKey } = createImageKey(this, ctx);
    const logBucket = createLogBucket(this, ctx);
    const bucket = createImageBucket(this, ctx, { kmsKey });
    createAccessLogging(this, ctx, { bucket, logBucket: logBucket.bucket });
    const cdn = createDistribution(this, ctx, { bucket, logBucket: logBucket.bucket, logOwnership: logBucket.ownership });
    createAccessPolicies(this, { bucket, kmsKey, ownKey, distribution: cdn.distribution });

    this.kmsKey = kmsKey;
    this.logBucket = logBucket.bucket;
    this.bucket = bucket;
    this.originAccessControl = cdn.originAccessControl;
    this.publicKey = cdn.publicKey;
    this.keyGroup = cdn.keyGroup;
    this.responseHeadersPolicy = cdn.responseHeadersPolicy;
    this.distribution = cdn.distribution;
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    this.kmsKeyArn = this.kmsKey.arn;
    this.encryptionKey = this.kmsKey;
    this.logBucketName = this.logBucket.bucket;
    this.distributionId = this.distribution.id;
    this.distributionArn = this.distribution.arn;
    this.distributionDomainName = this.distribution.domainName;
    this.keyGroupId = this.keyGroup.id;
    this.publicKeyId = this.publicKey.id;
  }

  /**
   * Lets `grantee` (the web tier's instances) read and write the images under `keyPrefix` only:
   * GetObject and PutObject on `<bucket>/<prefix>*`, ListBucket limited to the prefix, and
   * `kms:Decrypt`/`kms:GenerateDataKey` on the image key through S3 only (`kms:ViaService`). The
   * policy is `image-bucket-prefix`, construct `<grantee's prefix>images`, unless `options` rename it.
   *
   * ```ts
   * images.grantReadWrite(web, 'images/');
   * ```
   */
  public grantReadWrite(grantee: IGrantable, keyPrefix: string, options: BucketGrantOptions = {}): void {
    grantBucketReadWrite(this, { bucketArn: this.bucketArn, encryptionKey: this.kmsKey }, grantee, keyPrefix, { id: 'images', policyName: 'image-bucket-prefix', ...options });
  }
}
