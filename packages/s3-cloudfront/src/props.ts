// The props of the patient-image bucket and distribution, and the public types and constants they use.
import { IKmsKey } from '@phi-stack/constructs-core';

/** CloudFront price classes, cheapest edge footprint first. */
export type CloudFrontPriceClass = 'PriceClass_100' | 'PriceClass_200' | 'PriceClass_All';

/** Geo restriction modes of a distribution. */
export type GeoRestrictionType = 'whitelist' | 'blacklist';

/**
 * Id of the AWS managed cache policy `Managed-CachingOptimized`: no cookies, headers or query strings
 * in the cache key. Signed-URL parameters are verified at the edge and never need to reach S3.
 */
export const CACHING_OPTIMIZED_POLICY_ID = '658327ea-f89d-4fab-a63d-7e88639e58f6';

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
