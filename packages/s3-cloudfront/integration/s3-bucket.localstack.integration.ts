// The S3 and KMS half of the s3-cloudfront example on LocalStack 4.14.0 (community edition, our image
// phi-stack/localstack:4.14.0 built by tools/emulator/localstack-image/build.sh).
//
// CloudFront is a paid LocalStack service, and S3CloudFront always creates its distribution (the
// bucket policy and the key policy name its ARN), so the example cannot be applied whole on the free
// edition and the module has no bucket-only variant. This suite synthesizes the example unchanged and
// applies the S3 and KMS resources of that JSON as synthesized: both buckets with their public access
// blocks, ownership, encryption, versioning, lifecycle, CORS, logging and policies, the key, its alias
// and policy. The aws_cloudfront_* resources and the outputs naming them are removed, and the
// distribution ARN in the two policies becomes a fixed ARN of the same form (id DISTRIBUTION_ID): it
// is only a condition value there. The whole example, CloudFront included, runs on moto in
// s3-cloudfront.integration.ts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DescribeKeyCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import {
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { App } from 'cdktf';
import { describeEmulatorStack, EmulatorStackContext, synthLocal, useLocalstackFlavor } from '@phi-stack/emulator';
import { PatientImagesExample } from '../examples/patient-images';

useLocalstackFlavor();

const REGION = 'us-east-1';
/** `bucketPrefix` of the example. */
const PREFIX = 'phi-example';
/** Stands in for the distribution's ARN in the policies (AWS's documentation example distribution id). */
const DISTRIBUTION_ID = 'EDFDVBD6EXAMPLE';

type TerraformJson = {
  resource: Record<string, Record<string, unknown>>;
  data: Record<string, Record<string, unknown>>;
  output?: Record<string, { value: unknown }>;
};

/** The example's cdk.tf.json without its CloudFront resources (see the head of this file); returns its path. */
function s3AndKmsOfTheExample(): string {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'phi-stack-s3-localstack-'));
  const synthesized = synthLocal((app: App) => {
    new PatientImagesExample(app, 's3-cloudfront-example', { region: REGION });
  }, path.join(scratch, 'cdktf.out'));
  const json = JSON.parse(fs.readFileSync(synthesized, 'utf8')) as TerraformJson;
  const cloudfront = Object.keys(json.resource).filter((type) => type.startsWith('aws_cloudfront_'));
  if (!cloudfront.includes('aws_cloudfront_distribution')) throw new Error('the example has no aws_cloudfront_distribution any more: revisit this suite');
  for (const type of cloudfront) delete json.resource[type];
  for (const [name, output] of Object.entries(json.output ?? {})) {
    if (JSON.stringify(output.value).includes('aws_cloudfront_')) delete json.output![name];
  }
  const partition = Object.keys(json.data.aws_partition)[0];
  const account = Object.keys(json.data.aws_caller_identity)[0];
  const arn = `arn:\${data.aws_partition.${partition}.partition}:cloudfront::\${data.aws_caller_identity.${account}.account_id}:distribution/${DISTRIBUTION_ID}`;
  let text = JSON.stringify(json, null, 2);
  const before = text;
  text = text.replace(/\$\{aws_cloudfront_distribution\.[^.}]+\.arn\}/g, arn);
  if (text === before) throw new Error('the example\'s policies no longer name the distribution ARN: revisit this suite');
  const left = text.match(/aws_cloudfront_[a-z_]+\.[^.}"]+/g);
  if (left) throw new Error(`the S3/KMS part of the example still references CloudFront: ${[...new Set(left)].join(', ')}`);
  const file = path.join(scratch, 's3-kms.cdk.tf.json');
  fs.writeFileSync(file, text);
  return file;
}

type Statement = { Sid: string; Effect: string; Principal: unknown; Action: string; Resource: unknown; Condition?: Record<string, Record<string, string>> };

const out = (ctx: EmulatorStackContext, key: string): string => ctx.outputs[key] as string;
/** The account LocalStack runs the stack in (000000000000 with the test credentials), from the key's ARN. */
const accountOf = (ctx: EmulatorStackContext): string => out(ctx, 'kmsKeyArn').split(':')[4];
const distributionArn = (ctx: EmulatorStackContext): string => `arn:aws:cloudfront::${accountOf(ctx)}:distribution/${DISTRIBUTION_ID}`;

async function bucketPolicy(s3: S3Client, bucket: string): Promise<Record<string, Statement>> {
  const { Policy } = await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }));
  const statements = (JSON.parse(Policy!) as { Statement: Statement[] }).Statement;
  return Object.fromEntries(statements.map((s) => [s.Sid, s]));
}

describeEmulatorStack(
  's3-cloudfront example, S3 and KMS only, on LocalStack',
  {
    region: REGION,
    synthesized: s3AndKmsOfTheExample(),
    // The object the encryption check writes stays in the versioned bucket; the teardown runbook empties both buckets.
    unprotectBeforeDestroy: true,
  },
  (ctx) => {
    let s3: S3Client;
    beforeAll(() => {
      s3 = new S3Client(ctx.clientConfig);
    });

    it('encrypts the image bucket with our KMS key and a bucket key, the log bucket with SSE-S3', async () => {
      const { ServerSideEncryptionConfiguration } = await s3.send(new GetBucketEncryptionCommand({ Bucket: out(ctx, 'bucketName') }));
      expect(ServerSideEncryptionConfiguration?.Rules).toEqual([
        { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: out(ctx, 'kmsKeyArn') }, BucketKeyEnabled: true },
      ]);
      const logs = await s3.send(new GetBucketEncryptionCommand({ Bucket: out(ctx, 'logBucketName') }));
      expect(logs.ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');
    });

    // Over plain HTTP: LocalStack's community edition does not evaluate bucket policies (IAM
    // enforcement is a Pro feature), so DenyInsecureTransport does not apply; what is checked is the default encryption.
    it('stores an upload without encryption headers under our key, with the bucket key', async () => {
      const Bucket = out(ctx, 'bucketName');
      await s3.send(new PutObjectCommand({ Bucket, Key: 'check/encryption.txt', Body: 'not phi' }));
      const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'check/encryption.txt' }));
      expect(head).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: out(ctx, 'kmsKeyArn'), BucketKeyEnabled: true });
    });

    it('uses a customer-managed key with rotation and an alias, decryptable by the distribution only', async () => {
      const kms = new KMSClient(ctx.clientConfig);
      const keyId = out(ctx, 'kmsKeyArn');
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
      expect(KeyMetadata).toMatchObject({ KeyManager: 'CUSTOMER', KeyState: 'Enabled', KeyUsage: 'ENCRYPT_DECRYPT' });
      expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled).toBe(true);
      const { Aliases = [] } = await kms.send(new ListAliasesCommand({ KeyId: KeyMetadata!.KeyId }));
      expect(Aliases.map((a) => a.AliasName)).toEqual([`alias/${PREFIX}-images`]);
      const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }));
      const statements = (JSON.parse(Policy!) as { Statement: Statement[] }).Statement;
      expect(statements.map((s) => s.Principal)).toEqual([{ AWS: `arn:aws:iam::${accountOf(ctx)}:root` }, { Service: 'cloudfront.amazonaws.com' }]);
      expect(statements[1]).toMatchObject({ Action: 'kms:Decrypt', Condition: { StringEquals: { 'AWS:SourceArn': distributionArn(ctx) } } });
    });

    it('blocks public access with all four flags on both buckets and enforces ownership', async () => {
      for (const bucket of [out(ctx, 'bucketName'), out(ctx, 'logBucketName')]) {
        const { PublicAccessBlockConfiguration } = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
        expect(PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
      }
      const images = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: out(ctx, 'bucketName') }));
      expect(images.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
      const logs = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: out(ctx, 'logBucketName') }));
      expect(logs.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerPreferred' }]);
    });

    it('has a bucket policy that denies insecure transport and wrong-key uploads and admits only the distribution', async () => {
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
        Condition: { StringEquals: { 'AWS:SourceArn': distributionArn(ctx) } },
      });
      const logPolicy = await bucketPolicy(s3, out(ctx, 'logBucketName'));
      expect(logPolicy.DenyInsecureTransport.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
      expect(logPolicy.AllowS3ServerAccessLogsFromTheImageBucket.Condition?.ArnLike).toEqual({ 'aws:SourceArn': bucketArn });
    });

    it('versions, logs, ages and opens CORS on the image bucket as configured', async () => {
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
  },
);
