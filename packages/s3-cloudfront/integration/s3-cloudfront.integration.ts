import {
  CloudFrontClient,
  GetDistributionConfigCommand,
  GetKeyGroupCommand,
  GetOriginAccessControlCommand,
  GetPublicKeyCommand,
  GetResponseHeadersPolicyCommand,
} from '@aws-sdk/client-cloudfront';
import { App } from 'cdktf';
import { describeEmulatorStack } from '@phi-stack/emulator';
import { EXAMPLE_CERTIFICATE_ARN, EXAMPLE_SIGNER_PUBLIC_KEY_PEM, PatientImagesExample } from '../examples/patient-images';
import { bucketChecks, out, PREFIX, REGION } from './s3-bucket.checks';

describeEmulatorStack(
  's3-cloudfront example',
  {
    region: REGION,
    build: (app: App) => {
      new PatientImagesExample(app, 's3-cloudfront-example', { region: REGION });
    },
    // S3 access logs reach the log bucket within seconds; the teardown runbook empties both buckets.
    unprotectBeforeDestroy: true,
  },
  (ctx) => {
    bucketChecks(ctx, { account: () => '123456789012', distributionArn: (c) => out(c, 'distributionArn') });

    it('serves the bucket through OAC (sigv4, always) over HTTPS with TLSv1.2_2021 and our certificate', async () => {
      const cf = new CloudFrontClient(ctx.clientConfig);
      const { DistributionConfig } = await cf.send(new GetDistributionConfigCommand({ Id: out(ctx, 'distributionId') }));
      expect(DistributionConfig?.Enabled).toBe(true);
      expect(DistributionConfig?.Origins?.Items).toHaveLength(1);
      expect(DistributionConfig?.Origins?.Items?.[0]).toMatchObject({
        Id: 'images',
        DomainName: `${out(ctx, 'bucketName')}.s3.${REGION}.amazonaws.com`,
        OriginAccessControlId: out(ctx, 'originAccessControlId'),
      });
      expect(DistributionConfig?.DefaultCacheBehavior?.ViewerProtocolPolicy).toBe('redirect-to-https');
      expect(DistributionConfig?.ViewerCertificate).toMatchObject({
        ACMCertificateArn: EXAMPLE_CERTIFICATE_ARN,
        SSLSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2021',
      });
      expect(DistributionConfig?.Aliases?.Items).toEqual(['images.example.com']);
      expect(DistributionConfig?.PriceClass).toBe('PriceClass_100');
      expect(DistributionConfig?.Restrictions?.GeoRestriction).toMatchObject({ RestrictionType: 'whitelist' });
      expect([...(DistributionConfig?.Restrictions?.GeoRestriction?.Items ?? [])].sort()).toEqual(['CA', 'US']);
      const oac = await cf.send(new GetOriginAccessControlCommand({ Id: out(ctx, 'originAccessControlId') }));
      expect(oac.OriginAccessControl?.OriginAccessControlConfig).toMatchObject({
        Name: `${PREFIX}-images`,
        SigningProtocol: 'sigv4',
        SigningBehavior: 'always',
        OriginAccessControlOriginType: 's3',
      });
    });

    it('requires URLs or cookies signed through the trusted key group of our public key', async () => {
      const cf = new CloudFrontClient(ctx.clientConfig);
      const { DistributionConfig } = await cf.send(new GetDistributionConfigCommand({ Id: out(ctx, 'distributionId') }));
      expect(DistributionConfig?.DefaultCacheBehavior?.TrustedKeyGroups).toEqual({ Enabled: true, Quantity: 1, Items: [out(ctx, 'keyGroupId')] });
      const { KeyGroup } = await cf.send(new GetKeyGroupCommand({ Id: out(ctx, 'keyGroupId') }));
      expect(KeyGroup?.KeyGroupConfig?.Items).toEqual([out(ctx, 'publicKeyId')]);
      const { PublicKey } = await cf.send(new GetPublicKeyCommand({ Id: out(ctx, 'publicKeyId') }));
      expect(PublicKey?.PublicKeyConfig?.EncodedKey).toBe(EXAMPLE_SIGNER_PUBLIC_KEY_PEM);
    });

    it('adds security headers and logs to the log bucket', async () => {
      const cf = new CloudFrontClient(ctx.clientConfig);
      const { DistributionConfig } = await cf.send(new GetDistributionConfigCommand({ Id: out(ctx, 'distributionId') }));
      expect(DistributionConfig?.DefaultCacheBehavior?.ResponseHeadersPolicyId).toBe(out(ctx, 'responseHeadersPolicyId'));
      expect(DistributionConfig?.Logging).toEqual({
        Enabled: true,
        IncludeCookies: false,
        Bucket: `${out(ctx, 'logBucketName')}.s3.amazonaws.com`,
        Prefix: 'cloudfront/',
      });
      const { ResponseHeadersPolicy } = await cf.send(new GetResponseHeadersPolicyCommand({ Id: out(ctx, 'responseHeadersPolicyId') }));
      const headers = ResponseHeadersPolicy?.ResponseHeadersPolicyConfig?.SecurityHeadersConfig;
      expect(headers?.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true });
      expect(headers?.ContentTypeOptions).toEqual({ Override: true });
      expect(headers?.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
      expect(headers?.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
    });
  },
);
