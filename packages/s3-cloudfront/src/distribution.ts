// The CloudFront distribution of the images: Origin Access Control (sigv4, always signing), the
// signers' public key and trusted key group, a security response headers policy, and the
// distribution itself (`redirect-to-https`, TLSv1.2_2021, standard logging into the log bucket).
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontKeyGroup } from '@cdktf/provider-aws/lib/cloudfront-key-group';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { CloudfrontPublicKey } from '@cdktf/provider-aws/lib/cloudfront-public-key';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { Construct } from 'constructs';
import { S3CloudFrontContext } from './context';
import { CACHING_OPTIMIZED_POLICY_ID } from './props';

/** The CloudFront resources of the images. */
export interface Distribution {
  readonly originAccessControl: CloudfrontOriginAccessControl;
  readonly publicKey: CloudfrontPublicKey;
  readonly keyGroup: CloudfrontKeyGroup;
  readonly responseHeadersPolicy: CloudfrontResponseHeadersPolicy;
  readonly distribution: CloudfrontDistribution;
}

/** What the distribution reads from the buckets. */
export interface DistributionDeps {
  readonly bucket: S3Bucket;
  readonly logBucket: S3Bucket;
  /** The log bucket's ownership controls, which standard logging must wait for. */
  readonly logOwnership: S3BucketOwnershipControls;
}

/** The distribution of `bucket` at `scope`, with its OAC, public key, key group and headers policy. */
export function createDistribution(scope: Construct, ctx: S3CloudFrontContext, deps: DistributionDeps): Distribution {
  const { props, withTags } = ctx;
  const { prefix, publicKeyPem, priceClass, domainNames, geoLocations, certificateTags, webAclTags } = ctx.settings;
  const { bucket, logBucket, logOwnership } = deps;
  const originAccessControl = new CloudfrontOriginAccessControl(scope, 'origin-access-control', {
    name: `${prefix}-images`,
    description: `Signs CloudFront requests to the ${prefix} image bucket`,
    originAccessControlOriginType: 's3',
    signingBehavior: 'always',
    signingProtocol: 'sigv4',
  });
  const publicKey = new CloudfrontPublicKey(scope, 'public-key', {
    namePrefix: `${prefix}-images-`,
    comment: 'Verifies signed URLs and cookies for patient images',
    encodedKey: publicKeyPem,
    // Rotating the key replaces it; the key group must point at the new key before the old one goes.
    lifecycle: { createBeforeDestroy: true },
  });
  const keyGroup = new CloudfrontKeyGroup(scope, 'key-group', {
    name: `${prefix}-images`,
    comment: 'Signers of patient image URLs and cookies',
    items: [publicKey.id],
  });
  const responseHeadersPolicy = new CloudfrontResponseHeadersPolicy(scope, 'response-headers-policy', {
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
  const distribution = new CloudfrontDistribution(scope, 'distribution', {
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
        domainName: bucket.bucketRegionalDomainName,
        originAccessControlId: originAccessControl.id,
      },
    ],
    defaultCacheBehavior: {
      targetOriginId: originId,
      viewerProtocolPolicy: 'redirect-to-https',
      allowedMethods: ['GET', 'HEAD'],
      cachedMethods: ['GET', 'HEAD'],
      compress: true,
      cachePolicyId: CACHING_OPTIMIZED_POLICY_ID,
      responseHeadersPolicyId: responseHeadersPolicy.id,
      // Every object is PHI: no request is served without a URL or cookie signed by this key group.
      trustedKeyGroups: [keyGroup.id],
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
    loggingConfig: { bucket: logBucket.bucketDomainName, prefix: 'cloudfront/', includeCookies: false },
    tags: withTags({ ...certificateTags, ...webAclTags }),
    // Log delivery needs ACLs enabled on the log bucket before CloudFront adds its grant.
    dependsOn: [logOwnership],
  });
  return { originAccessControl, publicKey, keyGroup, responseHeadersPolicy, distribution };
}
