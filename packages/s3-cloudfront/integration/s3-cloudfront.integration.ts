import {
  CloudFrontClient,
  GetDistributionConfigCommand,
  GetKeyGroupCommand,
  GetOriginAccessControlCommand,
  GetPublicKeyCommand,
  GetResponseHeadersPolicyCommand,
} from '@aws-sdk/client-cloudfront';
import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { App } from 'cdktf';
import { describeEmulatorStack, EmulatorStackContext } from '@phi-stack/emulator';
import { EXAMPLE_CERTIFICATE_ARN, EXAMPLE_SIGNER_PUBLIC_KEY_PEM, PatientImagesExample } from '../examples/patient-images';

const REGION = 'us-east-1';
/** `bucketPrefix` of the example: every name of the stack starts with it. */
const PREFIX = 'phi-example';

type Statement = { Sid: string; Effect: string; Principal: unknown; Action: string; Resource: unknown; Condition?: Record<string, Record<string, string>> };

const out = (ctx: EmulatorStackContext, key: string): string => ctx.outputs[key] as string;

async function bucketPolicy(s3: S3Client, bucket: string): Promise<Record<string, Statement>> {
  const { Policy } = await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }));
  const statements = (JSON.parse(Policy!) as { Statement: Statement[] }).Statement;
  return Object.fromEntries(statements.map((s) => [s.Sid, s]));
}

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
    it('encrypts the image bucket with our KMS key and a bucket key', async () => {
      const s3 = new S3Client(ctx.clientConfig);
      const { ServerSideEncryptionConfiguration } = await s3.send(new GetBucketEncryptionCommand({ Bucket: out(ctx, 'bucketName') }));
      expect(ServerSideEncryptionConfiguration?.Rules).toEqual([
        { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: out(ctx, 'kmsKeyArn') }, BucketKeyEnabled: true },
      ]);
      const logs = await s3.send(new GetBucketEncryptionCommand({ Bucket: out(ctx, 'logBucketName') }));
      expect(logs.ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');
    });

    it('uses a customer-managed key with rotation, decryptable by this distribution only', async () => {
      const kms = new KMSClient(ctx.clientConfig);
      const keyId = out(ctx, 'kmsKeyArn');
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
      expect(KeyMetadata).toMatchObject({ KeyManager: 'CUSTOMER', KeyState: 'Enabled', KeyUsage: 'ENCRYPT_DECRYPT' });
      expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled).toBe(true);
      const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }));
      const statements = (JSON.parse(Policy!) as { Statement: Statement[] }).Statement;
      expect(statements.map((s) => s.Principal)).toEqual([{ AWS: 'arn:aws:iam::123456789012:root' }, { Service: 'cloudfront.amazonaws.com' }]);
      expect(statements[1]).toMatchObject({ Action: 'kms:Decrypt', Condition: { StringEquals: { 'AWS:SourceArn': out(ctx, 'distributionArn') } } });
    });

    it('blocks public access with all four flags on both buckets and enforces ownership', async () => {
      const s3 = new S3Client(ctx.clientConfig);
      for (const bucket of [out(ctx, 'bucketName'), out(ctx, 'logBucketName')]) {
        const { PublicAccessBlockConfiguration } = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
        expect(PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
      }
      const images = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: out(ctx, 'bucketName') }));
      expect(images.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
      // CloudFront standard logging delivers through an ACL grant: the log bucket keeps ACLs enabled.
      const logs = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: out(ctx, 'logBucketName') }));
      expect(logs.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerPreferred' }]);
    });

    it('has a bucket policy that denies insecure transport and wrong-key uploads and admits only the distribution', async () => {
      const s3 = new S3Client(ctx.clientConfig);
      const bucketArn = out(ctx, 'bucketArn');
      const policy = await bucketPolicy(s3, out(ctx, 'bucketName'));
      expect(policy.DenyInsecureTransport).toMatchObject({
        Effect: 'Deny',
        Action: 's3:*',
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
      expect(policy.DenyUploadsWithAnotherKmsKey).toMatchObject({
        Effect: 'Deny',
        Action: 's3:PutObject',
        Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': out(ctx, 'kmsKeyArn') } },
      });
      expect(policy.DenyUploadsWithAnotherEncryption.Condition?.StringNotEquals).toEqual({ 's3:x-amz-server-side-encryption': 'aws:kms' });
      expect(policy.AllowCloudFrontOriginAccessControlRead).toEqual({
        Sid: 'AllowCloudFrontOriginAccessControlRead',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: `${bucketArn}/*`,
        Condition: { StringEquals: { 'AWS:SourceArn': out(ctx, 'distributionArn') } },
      });
      const logPolicy = await bucketPolicy(s3, out(ctx, 'logBucketName'));
      expect(logPolicy.DenyInsecureTransport.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
      expect(logPolicy.AllowS3ServerAccessLogsFromTheImageBucket.Condition?.ArnLike).toEqual({ 'aws:SourceArn': bucketArn });
    });

    it('versions, logs, ages and opens CORS on the image bucket as configured', async () => {
      const s3 = new S3Client(ctx.clientConfig);
      const Bucket = out(ctx, 'bucketName');
      expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe('Enabled');
      expect((await s3.send(new GetBucketVersioningCommand({ Bucket: out(ctx, 'logBucketName') }))).Status).toBe('Enabled');
      const { LoggingEnabled } = await s3.send(new GetBucketLoggingCommand({ Bucket }));
      expect(LoggingEnabled).toMatchObject({ TargetBucket: out(ctx, 'logBucketName'), TargetPrefix: 's3-access/' });
      const { Rules } = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }));
      expect(Rules).toHaveLength(1);
      expect(Rules![0]).toMatchObject({
        ID: 'images',
        Status: 'Enabled',
        Transitions: [{ Days: 45, StorageClass: 'STANDARD_IA' }],
        NoncurrentVersionExpiration: { NoncurrentDays: 60 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      });
      const logRules = (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: out(ctx, 'logBucketName') }))).Rules;
      expect(logRules?.[0].Expiration?.Days).toBe(2192);
      const { CORSRules } = await s3.send(new GetBucketCorsCommand({ Bucket }));
      expect(CORSRules).toHaveLength(1);
      expect(CORSRules![0].AllowedOrigins).toEqual(['https://app.example.com', 'https://portal.example.com']);
      expect([...(CORSRules![0].AllowedMethods ?? [])].sort()).toEqual(['POST', 'PUT']);
    });

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
