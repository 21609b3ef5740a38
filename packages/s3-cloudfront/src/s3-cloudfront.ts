import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { BucketGrantOptions, describePhi, findPhi, grantBucketReadWrite, IBucket, IGrantable, IKmsKey, kmsKeyProblem, OPT_OUT_TAG_PREFIX, OPT_OUTS, OptOut, optOutTag, reasonProblem, stackEnvironment } from '@phi-stack/constructs-core';
import { CloudfrontKeyGroup } from '@cdktf/provider-aws/lib/cloudfront-key-group';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { CloudfrontPublicKey } from '@cdktf/provider-aws/lib/cloudfront-public-key';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketCorsConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-cors-configuration';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Token } from 'cdktf';
import { Construct } from 'constructs';

/** CloudFront price classes, cheapest edge footprint first. */
export type CloudFrontPriceClass = 'PriceClass_100' | 'PriceClass_200' | 'PriceClass_All';

/** Geo restriction modes of a distribution. */
export type GeoRestrictionType = 'whitelist' | 'blacklist';

/**
 * Id of the AWS managed cache policy `Managed-CachingOptimized`: no cookies, headers or query strings
 * in the cache key. Signed-URL parameters are verified at the edge and never need to reach S3.
 */
export const CACHING_OPTIMIZED_POLICY_ID = '658327ea-f89d-4fab-a63d-7e88639e58f6';

/** Every principal, anonymous included: `{ AWS: '*' }` is the same as `'*'` in an S3 bucket policy. */
const ANYONE = { AWS: '*' };

/**
 * Why the log bucket uses SSE-S3, recorded in its `phi-stack:opt-out:encryption` tag. Tag values only
 * admit letters, digits, spaces and `_ . : / = + - @`.
 */
export const LOG_BUCKET_ENCRYPTION_REASON = 'S3 server access log delivery supports only SSE-S3 on the target bucket - logs hold request metadata not images';


export interface S3CloudFrontProps {
  /**
   * Prefix of the bucket names (`<prefix>-images-<suffix>` and `<prefix>-logs-<suffix>`, suffix added
   * by Terraform so names are globally unique) and the base of the CloudFront resource names.
   * Lowercase letters, digits and hyphens, 3-29 characters, and no PHI-like content: bucket names
   * appear in URLs, access logs and bills.
   */
  readonly bucketPrefix: string;
  /**
   * Customer-managed key that encrypts the images. The construct does not manage its key policy:
   * the policy must let `cloudfront.amazonaws.com` call `kms:Decrypt` with `AWS:SourceArn` equal to
   * `distributionArn`, or the distribution cannot read any image.
   * @default - a new key with rotation on and a key policy that admits the account and this distribution only
   */
  readonly kmsKey?: IKmsKey;
  /**
   * Origins (`https://host[:port]`) allowed to upload directly to the bucket with presigned URLs.
   * Wildcards are refused: a `*` origin would let any site script uploads of PHI.
   * @default - no CORS configuration: browsers cannot upload directly
   */
  readonly corsAllowedOrigins?: string[];
  /**
   * Days after which current image versions move to STANDARD_IA (S3 requires at least 30).
   * @default 30
   */
  readonly transitionToIaDays?: number;
  /**
   * Days after which noncurrent (overwritten or deleted) image versions are expired.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days S3 access logs and CloudFront logs are kept in the log bucket.
   * @default 2192 - six years, the HIPAA documentation retention period
   */
  readonly logRetentionDays?: number;
  /**
   * ACM certificate (in us-east-1, as CloudFront requires) served to viewers with SNI and TLSv1.2_2021.
   * @default - required unless `useDefaultCertificate` is true
   */
  readonly certificateArn?: string;
  /**
   * Serve the `*.cloudfront.net` certificate instead of `certificateArn`. CloudFront then negotiates
   * down to TLSv1, so this is an opt-out that needs `defaultCertificateReason`.
   * @default false
   */
  readonly useDefaultCertificate?: boolean;
  /**
   * Why the default certificate is acceptable; recorded in the tag `phi-stack:opt-out:viewer-certificate`.
   * @default - required when `useDefaultCertificate` is true
   */
  readonly defaultCertificateReason?: string;
  /**
   * Alternate domain names of the distribution; each must be covered by `certificateArn`.
   * @default - none: only the `*.cloudfront.net` domain name
   */
  readonly domainNames?: string[];
  /**
   * PEM (`-----BEGIN PUBLIC KEY-----`) public key of the trusted key group. Every request must carry a
   * URL or cookie signed by its private key, which the application keeps in Secrets Manager.
   */
  readonly publicKeyPem: string;
  /**
   * WAFv2 web ACL (scope CLOUDFRONT, region us-east-1) attached to the distribution.
   * @default - no web ACL
   */
  readonly webAclArn?: string;
  /**
   * Why the distribution runs without a web ACL. Exclusive with `webAclArn`; recorded in the tag
   * `phi-stack:opt-out:waf` of the distribution.
   * @default - none
   */
  readonly webAclDisabledReason?: string;
  /**
   * ISO 3166-1 alpha-2 country codes of the geo restriction.
   * @default - no geo restriction
   */
  readonly geoRestrictionLocations?: string[];
  /**
   * Whether `geoRestrictionLocations` is an allow list or a deny list.
   * @default 'whitelist'
   */
  readonly geoRestrictionType?: GeoRestrictionType;
  /**
   * Edge locations serving the images.
   * @default 'PriceClass_All' - patients and doctors may be anywhere
   */
  readonly priceClass?: CloudFrontPriceClass;
  /**
   * Let `terraform destroy` delete both buckets with every object version in them (images and logs).
   * An opt-out of retention that needs `forceDestroyReason`; meant for ephemeral environments.
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * Why deleting the buckets with their content is acceptable; recorded in the tag
   * `phi-stack:opt-out:force-destroy` of both buckets.
   * @default - required when `forceDestroy` is true
   */
  readonly forceDestroyReason?: string;
  /**
   * Tags of every resource. Keys and values are checked for PHI-like content.
   * @default - none beyond the provider's default tags
   */
  readonly tags?: Record<string, string>;
  /**
   * Extra terms (case-insensitive) refused in names and tags, e.g. a facility or study name.
   * @default - none: only the built-in PHI patterns
   */
  readonly phiDenyList?: string[];
}

const BUCKET_PREFIX = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const HTTPS_ORIGIN = /^https:\/\/(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?$/;
const DOMAIN_NAME = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ACM_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]{36}$/;
const WAF_ARN = /^arn:aws[a-z-]*:wafv2:([a-z0-9-]+):\d{12}:(global|regional)\/webacl\/[A-Za-z0-9_-]+\/[0-9a-f-]{36}$/;
const PEM_PUBLIC_KEY = /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PUBLIC KEY-----$/;

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
    const keyProblem = kmsKeyProblem('kmsKey', props.kmsKey);
    if (keyProblem) throw new Error(`${this.node.path}: ${keyProblem}`);
    const denyList = this.validateDenyList(props.phiDenyList);
    const prefix = this.validateBucketPrefix(props.bucketPrefix, denyList);
    const corsOrigins = this.validateCorsOrigins(props.corsAllowedOrigins);
    const transitionToIaDays = this.validateDays('transitionToIaDays', props.transitionToIaDays, 30, 30, 36500, 'S3 moves objects to STANDARD_IA no earlier than 30 days after creation');
    const noncurrentDays = this.validateDays('noncurrentVersionExpirationDays', props.noncurrentVersionExpirationDays, 90, 1, 36500, 'use a whole number of days');
    const logRetentionDays = this.validateDays('logRetentionDays', props.logRetentionDays, 2192, 90, 36500, 'HIPAA audit trails should outlive a quarterly review; keep at least 90 days');
    const tags = this.validateTags(props.tags, denyList);
    const certificateTags = this.validateCertificate(props, denyList);
    const bucketTags = this.validateForceDestroy(props, denyList);
    const domainNames = this.validateDomainNames(props.domainNames, props.useDefaultCertificate === true, denyList);
    const publicKeyPem = this.validatePublicKey(props.publicKeyPem);
    const webAclTags = this.validateWebAcl(props, denyList);
    const geoLocations = this.validateGeo(props.geoRestrictionLocations, props.geoRestrictionType);
    const priceClass = props.priceClass ?? 'PriceClass_All';
    if (!['PriceClass_100', 'PriceClass_200', 'PriceClass_All'].includes(priceClass)) {
      throw new Error(`${this.node.path}: priceClass must be one of PriceClass_100, PriceClass_200, PriceClass_All (got '${String(priceClass)}')`);
    }
    const withTags = (extra: Record<string, string> = {}) => (Object.keys(tags).length + Object.keys(extra).length > 0 ? { ...tags, ...extra } : undefined);

    const { partition, callerIdentity: caller } = stackEnvironment(this);
    const accountRoot = `arn:${partition.partition}:iam::${caller.accountId}:root`;

    // --- Key -------------------------------------------------------------------------------------
    let ownKey: KmsKey | undefined;
    if (props.kmsKey) {
      this.kmsKey = props.kmsKey;
    } else {
      ownKey = new KmsKey(this, 'key', {
        description: `Encrypts the patient images of ${prefix}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags: withTags(),
      });
      new KmsAlias(this, 'key-alias', { name: `alias/${prefix}-images`, targetKeyId: ownKey.keyId });
      this.kmsKey = ownKey;
    }

    // --- Log bucket --------------------------------------------------------------------------------
    const forceDestroy = props.forceDestroy === true ? true : undefined;
    this.logBucket = new S3Bucket(this, 'log-bucket', {
      bucketPrefix: `${prefix}-logs-`,
      forceDestroy,
      // The standing SSE-S3 exception (see the encryption resource below) is recorded like any opt-out.
      tags: withTags({ ...bucketTags, ...optOutTag(OPT_OUTS.encryption, LOG_BUCKET_ENCRYPTION_REASON) }),
    });
    new S3BucketPublicAccessBlock(this, 'log-bucket-public-access-block', {
      bucket: this.logBucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    // CloudFront standard logging grants itself write access through the bucket ACL: ACLs must stay
    // enabled here (and only here). Do not manage an aws_s3_bucket_acl: it would remove that grant.
    const logOwnership = new S3BucketOwnershipControls(this, 'log-bucket-ownership', {
      bucket: this.logBucket.id,
      rule: { objectOwnership: 'BucketOwnerPreferred' },
    });
    // Server access logging only delivers to SSE-S3 buckets, so the log bucket cannot use the KMS key.
    new S3BucketServerSideEncryptionConfigurationA(this, 'log-bucket-encryption', {
      bucket: this.logBucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    const logVersioning = new S3BucketVersioningA(this, 'log-bucket-versioning', {
      bucket: this.logBucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketLifecycleConfiguration(this, 'log-bucket-lifecycle', {
      bucket: this.logBucket.id,
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

    // --- Image bucket ------------------------------------------------------------------------------
    this.bucket = new S3Bucket(this, 'bucket', { bucketPrefix: `${prefix}-images-`, forceDestroy, tags: withTags(bucketTags) });
    new S3BucketPublicAccessBlock(this, 'bucket-public-access-block', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'bucket-ownership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'bucket-encryption', {
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.kmsKey.arn },
          // One data key per bucket instead of per object: cuts KMS calls (and cost) by orders of magnitude.
          bucketKeyEnabled: true,
        },
      ],
    });
    const versioning = new S3BucketVersioningA(this, 'bucket-versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketLifecycleConfiguration(this, 'bucket-lifecycle', {
      bucket: this.bucket.id,
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
      new S3BucketCorsConfiguration(this, 'bucket-cors', {
        bucket: this.bucket.id,
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

    // --- Log bucket policy and access logging ----------------------------------------------------------
    const logBucketPolicy = new S3BucketPolicy(this, 'log-bucket-policy', {
      bucket: this.logBucket.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          ...denyInsecureTransport(this.logBucket.arn),
          {
            Sid: 'AllowS3ServerAccessLogsFromTheImageBucket',
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: `${this.logBucket.arn}/s3-access/*`,
            Condition: {
              ArnLike: { 'aws:SourceArn': this.bucket.arn },
              StringEquals: { 'aws:SourceAccount': caller.accountId },
            },
          },
        ],
      }),
    });
    new S3BucketLoggingA(this, 'bucket-logging', {
      bucket: this.bucket.id,
      targetBucket: this.logBucket.id,
      targetPrefix: 's3-access/',
      dependsOn: [logBucketPolicy],
    });

    // --- CloudFront -----------------------------------------------------------------------------------
    this.originAccessControl = new CloudfrontOriginAccessControl(this, 'origin-access-control', {
      name: `${prefix}-images`,
      description: `Signs CloudFront requests to the ${prefix} image bucket`,
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });
    this.publicKey = new CloudfrontPublicKey(this, 'public-key', {
      namePrefix: `${prefix}-images-`,
      comment: 'Verifies signed URLs and cookies for patient images',
      encodedKey: publicKeyPem,
      // Rotating the key replaces it; the key group must point at the new key before the old one goes.
      lifecycle: { createBeforeDestroy: true },
    });
    this.keyGroup = new CloudfrontKeyGroup(this, 'key-group', {
      name: `${prefix}-images`,
      comment: 'Signers of patient image URLs and cookies',
      items: [this.publicKey.id],
    });
    this.responseHeadersPolicy = new CloudfrontResponseHeadersPolicy(this, 'response-headers-policy', {
      name: `${prefix}-images-security-headers`,
      comment: 'HSTS, nosniff, frame deny, no referrer for patient images',
      securityHeadersConfig: {
        strictTransportSecurity: { accessControlMaxAgeSec: 63072000, includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: 'DENY', override: true },
        // Image URLs carry signatures: never hand them to another site through Referer.
        referrerPolicy: { referrerPolicy: 'no-referrer', override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });

    const originId = 'images';
    this.distribution = new CloudfrontDistribution(this, 'distribution', {
      enabled: true,
      comment: `Patient images of ${prefix}`,
      isIpv6Enabled: true,
      httpVersion: 'http2and3',
      priceClass,
      aliases: domainNames.length > 0 ? domainNames : undefined,
      webAclId: props.webAclArn,
      origin: [
        {
          originId,
          domainName: this.bucket.bucketRegionalDomainName,
          originAccessControlId: this.originAccessControl.id,
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: originId,
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD'],
        cachedMethods: ['GET', 'HEAD'],
        compress: true,
        cachePolicyId: CACHING_OPTIMIZED_POLICY_ID,
        responseHeadersPolicyId: this.responseHeadersPolicy.id,
        // Every object is PHI: no request is served without a URL or cookie signed by this key group.
        trustedKeyGroups: [this.keyGroup.id],
      },
      restrictions: {
        geoRestriction:
          geoLocations.length > 0
            ? { restrictionType: props.geoRestrictionType ?? 'whitelist', locations: geoLocations }
            : { restrictionType: 'none' },
      },
      viewerCertificate: props.useDefaultCertificate
        ? { cloudfrontDefaultCertificate: true }
        : { acmCertificateArn: props.certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' },
      loggingConfig: { bucket: this.logBucket.bucketDomainName, prefix: 'cloudfront/', includeCookies: false },
      tags: withTags({ ...certificateTags, ...webAclTags }),
      // Log delivery needs ACLs enabled on the log bucket before CloudFront adds its grant.
      dependsOn: [logOwnership],
    });

    // --- Policies that name the distribution -------------------------------------------------------
    // Separate policy resources break the cycle distribution -> bucket -> policy -> distribution.
    new S3BucketPolicy(this, 'bucket-policy', {
      bucket: this.bucket.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          ...denyInsecureTransport(this.bucket.arn),
          {
            Sid: 'DenyUploadsWithAnotherEncryption',
            Effect: 'Deny',
            Principal: ANYONE,
            Action: 's3:PutObject',
            Resource: `${this.bucket.arn}/*`,
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
            Resource: `${this.bucket.arn}/*`,
            Condition: {
              StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': this.kmsKey.arn },
              Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
            },
          },
          {
            Sid: 'AllowCloudFrontOriginAccessControlRead',
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Resource: `${this.bucket.arn}/*`,
            Condition: { StringEquals: { 'AWS:SourceArn': this.distribution.arn } },
          },
        ],
      }),
    });
    if (ownKey) {
      new KmsKeyPolicy(this, 'key-policy', {
        keyId: ownKey.keyId,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              // The account root, not `*`: access is then granted by the account's IAM policies, and the
              // key cannot become unmanageable.
              Sid: 'EnableIamPoliciesOfTheAccount',
              Effect: 'Allow',
              Principal: { AWS: accountRoot },
              Action: 'kms:*',
              Resource: '*',
            },
            {
              Sid: 'AllowCloudFrontOriginAccessControlDecrypt',
              Effect: 'Allow',
              Principal: { Service: 'cloudfront.amazonaws.com' },
              Action: 'kms:Decrypt',
              Resource: '*',
              Condition: { StringEquals: { 'AWS:SourceArn': this.distribution.arn } },
            },
          ],
        }),
      });
    }

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

  /** Throws if `value` holds PHI-like content; the message names the kinds and offsets, never the match. */
  private assertNoPhi(prop: string, value: string, denyList: readonly string[], wayOut: string): void {
    if (Token.isUnresolved(value)) return;
    const matches = findPhi(value, denyList);
    if (matches.length > 0) {
      throw new Error(`${this.node.path}: ${prop} must not contain PHI-like content (got ${describePhi(matches)}; the value is not repeated here): ${wayOut}`);
    }
  }

  private validateDenyList(denyList: string[] | undefined): string[] {
    const terms = denyList ?? [];
    terms.forEach((term, i) => {
      if (term.trim().length < 3) {
        throw new Error(`${this.node.path}: phiDenyList[${i}] must have at least 3 non-blank characters (got '${term}'): shorter terms would match inside ordinary words`);
      }
    });
    return terms;
  }

  private validateBucketPrefix(prefix: string, denyList: readonly string[]): string {
    if (Token.isUnresolved(prefix)) {
      throw new Error(`${this.node.path}: bucketPrefix must be a literal string (got an unresolved token): it names resources and is checked for PHI at synth time`);
    }
    this.assertNoPhi('bucketPrefix', prefix, denyList, 'bucket names appear in URLs, logs and bills; use a neutral prefix such as acme-prod');
    if (prefix.length < 3 || prefix.length > 29 || !BUCKET_PREFIX.test(prefix) || prefix.includes('--') || prefix.startsWith('xn--')) {
      throw new Error(`${this.node.path}: bucketPrefix must be 3-29 lowercase letters, digits or single hyphens, starting and ending with a letter or digit (got '${prefix}'): Terraform appends a 26-character suffix and S3 names stop at 63`);
    }
    return prefix;
  }

  private validateCorsOrigins(origins: string[] | undefined): string[] {
    for (const origin of origins ?? []) {
      if (Token.isUnresolved(origin)) continue;
      if (origin.includes('*')) {
        throw new Error(`${this.node.path}: corsAllowedOrigins must list explicit origins (got '${origin}'): a wildcard would let any site upload to the image bucket; list each application origin such as https://app.example.com`);
      }
      if (!HTTPS_ORIGIN.test(origin)) {
        throw new Error(`${this.node.path}: corsAllowedOrigins entries must be https origins without path, like https://app.example.com (got '${origin}'): uploads of PHI must use TLS`);
      }
    }
    return origins ?? [];
  }

  private validateDays(prop: string, value: number | undefined, fallback: number, min: number, max: number, wayOut: string): number {
    if (value === undefined) return fallback;
    if (Token.isUnresolved(value)) return value;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`${this.node.path}: ${prop} must be a whole number between ${min} and ${max} (got ${value}): ${wayOut}`);
    }
    return value;
  }

  private validateTags(tags: Record<string, string> | undefined, denyList: readonly string[]): Record<string, string> {
    for (const [key, value] of Object.entries(tags ?? {})) {
      this.assertNoPhi('tag keys', key, denyList, 'tags are readable by anyone with tagging or billing access; use role or system names');
      this.assertNoPhi(`tags['${key}']`, value, denyList, 'tags are readable by anyone with tagging or billing access; use role or system names');
      if (key.startsWith(OPT_OUT_TAG_PREFIX)) {
        throw new Error(`${this.node.path}: tags must not set '${key}' (got it in tags): opt-out tags are written by the construct from the matching ...Reason prop`);
      }
    }
    return { ...(tags ?? {}) };
  }

  /** Validates the reason of an opt-out under the one reason rule and returns its tag. */
  private validateReason(prop: string, value: string | undefined, optOut: string, entry: OptOut, denyList: readonly string[]): Record<string, string> {
    if (value === undefined) {
      throw new Error(`${this.node.path}: ${prop} is required when ${optOut} (got undefined): state why the opt-out is acceptable; it is recorded in the tag ${entry.tagKey}`);
    }
    const problem = reasonProblem(value);
    if (problem) throw new Error(`${this.node.path}: ${prop} must ${problem}; it is recorded in the tag ${entry.tagKey}`);
    this.assertNoPhi(prop, value, denyList, 'the reason is stored in a tag; describe the situation without patient data');
    return { [entry.tagKey]: value.trim() };
  }

  private validateForceDestroy(props: S3CloudFrontProps, denyList: readonly string[]): Record<string, string> {
    if (props.forceDestroy === true) {
      return this.validateReason('forceDestroyReason', props.forceDestroyReason, 'forceDestroy is true', OPT_OUTS.forceDestroy, denyList);
    }
    if (props.forceDestroyReason !== undefined) {
      throw new Error(`${this.node.path}: forceDestroyReason is only valid with forceDestroy: true (got a reason without the opt-out): remove it, or set forceDestroy`);
    }
    return {};
  }

  private validateCertificate(props: S3CloudFrontProps, denyList: readonly string[]): Record<string, string> {
    if (props.useDefaultCertificate) {
      if (props.certificateArn !== undefined) {
        throw new Error(`${this.node.path}: certificateArn and useDefaultCertificate are exclusive (got both): drop useDefaultCertificate to serve ${props.certificateArn}`);
      }
      return this.validateReason('defaultCertificateReason', props.defaultCertificateReason, 'useDefaultCertificate is true', OPT_OUTS.viewerCertificate, denyList);
    }
    if (props.defaultCertificateReason !== undefined) {
      throw new Error(`${this.node.path}: defaultCertificateReason is only valid with useDefaultCertificate: true (got a reason without the opt-out): remove it, or set useDefaultCertificate`);
    }
    if (props.certificateArn === undefined) {
      throw new Error(`${this.node.path}: certificateArn is required (got undefined): pass an ACM certificate in us-east-1, or set useDefaultCertificate: true with defaultCertificateReason`);
    }
    if (!Token.isUnresolved(props.certificateArn)) {
      const m = ACM_ARN.exec(props.certificateArn);
      if (!m) {
        throw new Error(`${this.node.path}: certificateArn must be an ACM certificate ARN (got '${props.certificateArn}'): e.g. arn:aws:acm:us-east-1:123456789012:certificate/<uuid>`);
      }
      if (m[1] !== 'us-east-1') {
        throw new Error(`${this.node.path}: certificateArn must be in us-east-1 (got a certificate in ${m[1]}): CloudFront only serves ACM certificates from us-east-1; request or import one there`);
      }
    }
    return {};
  }

  private validateDomainNames(domainNames: string[] | undefined, defaultCertificate: boolean, denyList: readonly string[]): string[] {
    const names = domainNames ?? [];
    if (names.length > 0 && defaultCertificate) {
      throw new Error(`${this.node.path}: domainNames need a certificateArn (got ${names.length} domain names with useDefaultCertificate): the *.cloudfront.net certificate cannot serve them`);
    }
    for (const name of names) {
      if (Token.isUnresolved(name)) continue;
      this.assertNoPhi('domainNames', name, denyList, 'domain names are public in DNS and certificate transparency logs');
      if (!DOMAIN_NAME.test(name)) {
        throw new Error(`${this.node.path}: domainNames entries must be lowercase DNS names like images.example.com (got '${name}')`);
      }
    }
    return names;
  }

  private validatePublicKey(pem: string): string {
    if (Token.isUnresolved(pem)) return pem;
    const normalized = pem.replace(/\r\n/g, '\n').trim();
    if (!PEM_PUBLIC_KEY.test(normalized)) {
      // Only a PEM header is echoed: the value may be a private key pasted by mistake.
      const header = normalized.split('\n')[0];
      const got = /^-----[A-Z ]+-----$/.test(header) ? `'${header}'` : 'no PEM header';
      throw new Error(`${this.node.path}: publicKeyPem must be a PEM public key starting with -----BEGIN PUBLIC KEY----- (got ${got}): export it with 'openssl rsa -pubout -in signer.pem'`);
    }
    // CloudFront returns the key with a trailing newline; storing it the same way keeps plans clean.
    return `${normalized}\n`;
  }

  private validateWebAcl(props: S3CloudFrontProps, denyList: readonly string[]): Record<string, string> {
    const arn = props.webAclArn;
    if (props.webAclDisabledReason !== undefined) {
      if (arn !== undefined) {
        throw new Error(`${this.node.path}: webAclArn and webAclDisabledReason are exclusive (got both): drop webAclDisabledReason to attach the web ACL`);
      }
      return this.validateReason('webAclDisabledReason', props.webAclDisabledReason, 'the distribution has no web ACL', OPT_OUTS.waf, denyList);
    }
    if (arn === undefined || Token.isUnresolved(arn)) return {};
    const m = WAF_ARN.exec(arn);
    if (!m || m[1] !== 'us-east-1' || m[2] !== 'global') {
      throw new Error(`${this.node.path}: webAclArn must be a WAFv2 web ACL with scope CLOUDFRONT, i.e. arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id> (got '${arn}'): create the web ACL in us-east-1 with scope CLOUDFRONT`);
    }
    return {};
  }

  private validateGeo(locations: string[] | undefined, type: GeoRestrictionType | undefined): string[] {
    if (type !== undefined && !['whitelist', 'blacklist'].includes(type)) {
      throw new Error(`${this.node.path}: geoRestrictionType must be 'whitelist' or 'blacklist' (got '${String(type)}')`);
    }
    if (type !== undefined && (locations ?? []).length === 0) {
      throw new Error(`${this.node.path}: geoRestrictionType needs geoRestrictionLocations (got '${type}' with no locations): list ISO 3166-1 alpha-2 codes such as US`);
    }
    for (const code of locations ?? []) {
      if (!/^[A-Z]{2}$/.test(code)) {
        throw new Error(`${this.node.path}: geoRestrictionLocations entries must be ISO 3166-1 alpha-2 codes in upper case (got '${code}'): e.g. US, CA, DE`);
      }
    }
    return locations ?? [];
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

function denyInsecureTransport(bucketArn: string): Record<string, unknown>[] {
  const resource = [bucketArn, `${bucketArn}/*`];
  return [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: ANYONE,
      Action: 's3:*',
      Resource: resource,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    {
      Sid: 'DenyTlsOlderThan12',
      Effect: 'Deny',
      Principal: ANYONE,
      Action: 's3:*',
      Resource: resource,
      Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
    },
  ];
}
