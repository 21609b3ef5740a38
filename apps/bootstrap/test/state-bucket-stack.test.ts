import { App, Testing } from 'cdktf';
import { expectNoFindings, PhiGuard } from '@phi-stack/phi-guard';
import { StateBucketStack, StateBucketStackProps } from '../src/state-bucket-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function synth(props: Partial<StateBucketStackProps> = {}): Json {
  const app = Testing.app();
  const stack = new StateBucketStack(app, 'phi-bootstrap', { region: 'us-east-1', stateBucketName: 'phi-stack-tfstate-123456789012', target: 'aws', ...props });
  return JSON.parse(Testing.synth(stack));
}

/** The one resource of a type that belongs to the state bucket and key (logical ids `state-*`). */
const only = (json: Json, type: string): Json => {
  const all = Object.entries<Json>(json.resource[type] ?? {})
    .filter(([id]) => id.startsWith('state-'))
    .map(([, r]) => r);
  expect(all).toHaveLength(1);
  return all[0];
};

describe('StateBucketStack', () => {
  const json = synth();

  it('is checked by phi-guard in both modes and passes the whole pack', () => {
    for (const target of ['aws', 'local'] as const) {
      const stack = new StateBucketStack(Testing.app(), 'phi-bootstrap', { region: 'us-east-1', stateBucketName: 'phi-stack-tfstate-123456789012', target });
      expect(() => expectNoFindings(stack)).not.toThrow();
      const run = PhiGuard.evaluate(stack);
      expect(run.checks).toBeGreaterThan(20);
    }
  });

  it('logs every access to the state bucket into an SSE-S3 access-log bucket', () => {
    const logging = only(json, 'aws_s3_bucket_logging');
    expect(logging).toMatchObject({ bucket: '${aws_s3_bucket.state-bucket.id}', target_bucket: '${aws_s3_bucket.access-log-bucket.id}', target_prefix: 'state-bucket/' });
    expect(json.resource.aws_s3_bucket['access-log-bucket'].bucket).toBe('phi-stack-tfstate-123456789012-access-logs');
  });

  it('keeps its own state locally in aws mode: it cannot live in the bucket it creates', () => {
    expect(json.terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });
    expect(json.provider.aws[0].endpoints).toBeUndefined();
  });

  it('encrypts the bucket with its own rotating customer-managed key', () => {
    const key = only(json, 'aws_kms_key');
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    const policy = JSON.parse(key.policy);
    expect(policy.Statement.map((s: Json) => s.Principal)).toEqual([{ AWS: 'arn:${data.aws_partition.partition.partition}:iam::${data.aws_caller_identity.identity.account_id}:root' }]);
    const sse = only(json, 'aws_s3_bucket_server_side_encryption_configuration');
    expect(sse.bucket).toBe('${aws_s3_bucket.state-bucket.id}');
    expect(sse.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: '${aws_kms_key.state-key.arn}' }, bucket_key_enabled: true }]);
  });

  it('versions the bucket and protects it from destroy on a real account', () => {
    expect(only(json, 'aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    const bucket = only(json, 'aws_s3_bucket');
    expect(bucket.bucket).toBe('phi-stack-tfstate-123456789012');
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(bucket.force_destroy).toBeUndefined();
  });

  it('blocks all public access and enforces bucket-owner object ownership', () => {
    expect(only(json, 'aws_s3_bucket_public_access_block')).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(only(json, 'aws_s3_bucket_ownership_controls').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
  });

  it('denies every request that is not TLS 1.2 or later', () => {
    const policy = only(json, 'aws_s3_bucket_policy');
    expect(policy.depends_on).toEqual(['aws_s3_bucket_public_access_block.state-public-access']);
    const statements = JSON.parse(policy.policy).Statement as Json[];
    expect(statements).toEqual([
      expect.objectContaining({ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      expect.objectContaining({ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } }),
    ]);
    expect(statements[0].Resource).toEqual(['${aws_s3_bucket.state-bucket.arn}', '${aws_s3_bucket.state-bucket.arn}/*']);
  });

  it('uses no DynamoDB lock table (the apps lock with S3 use_lockfile)', () => {
    expect(Object.keys(json.resource).filter((t) => t.startsWith('aws_dynamodb'))).toEqual([]);
  });

  it('outputs the bucket name and ARN and the key ARN', () => {
    expect(Object.keys(json.output).sort()).toEqual(['stateBucketArn', 'stateBucketName', 'stateKmsKeyArn']);
  });

  it('points at the emulator in local mode and lets the throwaway bucket be destroyed', () => {
    const local = synth({ target: 'local' });
    expect(local.terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });
    expect(local.provider.aws[0].endpoints[0].s3).toBe('${var.emulator_endpoint}');
    expect(only(local, 'aws_s3_bucket').lifecycle).toBeUndefined();
  });

  it('rejects an invalid bucket name', () => {
    expect(() => synth({ stateBucketName: 'Phi_State' })).toThrow("phi-bootstrap: stateBucketName must be a valid S3 bucket name: 3-63 lowercase letters, digits and hyphens (got 'Phi_State')");
  });

  it('rejects a bucket name with consecutive hyphens', () => {
    expect(() => synth({ stateBucketName: 'phi--state' })).toThrow("stateBucketName must be a valid S3 bucket name: 3-63 lowercase letters, digits and hyphens (got 'phi--state')");
  });

  it('rejects a KMS deletion window outside 7-30 days', () => {
    expect(() => synth({ kmsKeyDeletionWindowInDays: 3 })).toThrow('phi-bootstrap: kmsKeyDeletionWindowInDays must be an integer between 7 and 30 (got 3)');
  });

  it('rejects a malformed region (through AwsTarget)', () => {
    const app = new App();
    expect(() => new StateBucketStack(app, 'b', { region: 'useast', stateBucketName: 'phi-stack-tfstate-1', target: 'local' })).toThrow("b/target: region must be an AWS region name like us-east-1 (got 'useast')");
  });
});
