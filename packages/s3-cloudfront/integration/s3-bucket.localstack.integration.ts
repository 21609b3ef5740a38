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
import { DescribeKeyCommand, KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { App } from 'cdktf';
import { describeEmulatorStack, EmulatorStackContext, synthLocal, useLocalstackFlavor } from '@phi-stack/emulator';
import { PatientImagesExample } from '../examples/patient-images';
import { bucketChecks, out, PREFIX, REGION } from './s3-bucket.checks';

useLocalstackFlavor();

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

/** The account LocalStack runs the stack in (000000000000 with the test credentials), from the key's ARN. */
const accountOf = (ctx: EmulatorStackContext): string => out(ctx, 'kmsKeyArn').split(':')[4];
const distributionArn = (ctx: EmulatorStackContext): string => `arn:aws:cloudfront::${accountOf(ctx)}:distribution/${DISTRIBUTION_ID}`;

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

    bucketChecks(ctx, { account: accountOf, distributionArn });

    // Over plain HTTP: LocalStack's community edition does not evaluate bucket policies (IAM
    // enforcement is a Pro feature), so DenyInsecureTransport does not apply; what is checked is the default encryption.
    it('stores an upload without encryption headers under our key, with the bucket key', async () => {
      const Bucket = out(ctx, 'bucketName');
      await s3.send(new PutObjectCommand({ Bucket, Key: 'check/encryption.txt', Body: 'not phi' }));
      const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'check/encryption.txt' }));
      expect(head).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: out(ctx, 'kmsKeyArn'), BucketKeyEnabled: true });
    });

    it('names the key with the scheme alias and, beside it, the alias from before the scheme', async () => {
      const kms = new KMSClient(ctx.clientConfig);
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: out(ctx, 'kmsKeyArn') }));
      const { Aliases = [] } = await kms.send(new ListAliasesCommand({ KeyId: KeyMetadata!.KeyId }));
      expect(Aliases.map((a) => a.AliasName).sort()).toEqual([`alias/${PREFIX}-images`, `alias/phi-stack/${PREFIX}/images`]);
    });
  },
);
