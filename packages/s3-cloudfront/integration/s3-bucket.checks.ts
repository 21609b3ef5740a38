// The checks of the image and log buckets and the image key of the s3-cloudfront example, shared by
// its suite on moto (s3-cloudfront.integration.ts, the whole example) and on LocalStack
// (s3-bucket.localstack.integration.ts, the S3 and KMS part): one list for both emulators.
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
import { EmulatorStackContext } from '@phi-stack/emulator';

export const REGION = 'us-east-1';
/** `bucketPrefix` of the example: every name of the stack starts with it. */
export const PREFIX = 'phi-example';

export type Statement = { Sid: string; Effect: string; Principal: unknown; Action: string; Resource: unknown; Condition?: Record<string, Record<string, string>> };

export const out = (ctx: EmulatorStackContext, key: string): string => ctx.outputs[key] as string;

async function bucketPolicy(s3: S3Client, bucket: string): Promise<Record<string, Statement>> {
  const { Policy } = await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }));
  const statements = (JSON.parse(Policy!) as { Statement: Statement[] }).Statement;
  return Object.fromEntries(statements.map((s) => [s.Sid, s]));
}

export interface BucketCheckOptions {
  /** The account the emulator runs the stack in. */
  readonly account: (ctx: EmulatorStackContext) => string;
  /** The ARN of the distribution the bucket and key policies admit. */
  readonly distributionArn: (ctx: EmulatorStackContext) => string;
}

/** Registers the bucket and key checks in the current `describeEmulatorStack` body. */
export function bucketChecks(ctx: EmulatorStackContext, options: BucketCheckOptions): void {
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
    expect(statements.map((s) => s.Principal)).toEqual([{ AWS: `arn:aws:iam::${options.account(ctx)}:root` }, { Service: 'cloudfront.amazonaws.com' }]);
    expect(statements[1]).toMatchObject({ Action: 'kms:Decrypt', Condition: { StringEquals: { 'AWS:SourceArn': options.distributionArn(ctx) } } });
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
      Condition: { StringEquals: { 'AWS:SourceArn': options.distributionArn(ctx) } },
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
}
