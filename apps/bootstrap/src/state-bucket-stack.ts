import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { AwsTarget, DeployTarget } from '@phi-stack/aws-target';
import { Problems } from '@phi-stack/constructs-core';
import { PhiGuard } from '@phi-stack/phi-guard';
import { TerraformOutput, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';

export interface StateBucketStackProps {
  /** Region of the state bucket (the apps' `stateRegion`), e.g. `us-east-1`. */
  readonly region: string;
  /** Name of the state bucket; the regional apps' `stateBucket` must name the same bucket. */
  readonly stateBucketName: string;
  /**
   * Where the stack is applied.
   * @default - the value of `PHI_STACK_TARGET`, else `local`
   */
  readonly target?: DeployTarget;
  /**
   * Days KMS waits before deleting the state key once scheduled.
   * @default 30
   */
  readonly kmsKeyDeletionWindowInDays?: number;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/**
 * The remote-state bucket every app's S3 backend uses: KMS-encrypted with its own rotating key,
 * versioned (every state write is recoverable), all public access blocked, object ownership
 * enforced (no ACLs) and TLS-only. Locking is S3-native (`use_lockfile`): no DynamoDB table.
 *
 * The stack keeps its own state locally in both modes: it cannot keep it in the bucket it creates.
 */
export class StateBucketStack extends TerraformStack {
  public readonly awsTarget: AwsTarget;
  public readonly kmsKey: KmsKey;
  public readonly bucket: S3Bucket;
  /** Receives the server access logs of the state bucket: every read of state is recorded. */
  public readonly accessLogBucket: S3Bucket;

  constructor(scope: Construct, id: string, props: StateBucketStackProps) {
    super(scope, id);
    const problems = new Problems(this.node.path);
    const name = props.stateBucketName;
    if (!Token.isUnresolved(name) && (!BUCKET_NAME.test(name) || name.includes('--') || name.startsWith('xn--'))) {
      problems.add(`stateBucketName must be a valid S3 bucket name: 3-63 lowercase letters, digits and hyphens (got '${name}'): e.g. phi-stack-tfstate-<account id>`);
    }
    const window = props.kmsKeyDeletionWindowInDays ?? 30;
    if (!Token.isUnresolved(window) && (!Number.isInteger(window) || window < 7 || window > 30)) {
      problems.add(`kmsKeyDeletionWindowInDays must be an integer between 7 and 30 (got ${window}): KMS accepts no other waiting period`);
    }
    problems.throwIfAny();

    // The bootstrap stack cannot keep its state in the bucket it creates: it keeps it locally in
    // both modes (see README: where that state file lives).
    this.awsTarget = new AwsTarget(this, 'target', { region: props.region, target: props.target, remoteState: false });
    const local = this.awsTarget.target === 'local';

    const identity = new DataAwsCallerIdentity(this, 'identity');
    const partition = new DataAwsPartition(this, 'partition');
    const root = `arn:${partition.partition}:iam::${identity.accountId}:root`;

    this.kmsKey = new KmsKey(this, 'state-key', {
      description: `Encrypts Terraform state in s3://${name}`,
      enableKeyRotation: true,
      deletionWindowInDays: window,
      // The account root (that is, IAM policies in this account) administers the key; no wildcard principal.
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'AccountAdministersKeyThroughIam', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' }],
      }),
    });
    new KmsAlias(this, 'state-key-alias', { name: `alias/${name}`, targetKeyId: this.kmsKey.keyId });

    this.bucket = new S3Bucket(this, 'state-bucket', {
      bucket: name,
      // Losing the state bucket orphans every app's resources: Terraform refuses to destroy it on a
      // real account. The emulator is thrown away after each run, so there it may go.
      lifecycle: local ? undefined : { preventDestroy: true },
    });
    new S3BucketVersioningA(this, 'state-versioning', { bucket: this.bucket.id, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'state-encryption', {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.kmsKey.arn }, bucketKeyEnabled: true }],
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, 'state-public-access', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'state-ownership', { bucket: this.bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketPolicy(this, 'state-policy', {
      bucket: this.bucket.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            Sid: 'DenyOutdatedTls',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
            Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
          },
        ],
      }),
      // A policy put before the public access block could briefly count as public.
      dependsOn: [publicAccess],
    });

    // Server access logs of the state bucket (checkov CKV_AWS_18). Server access logging delivers
    // to SSE-S3 buckets only; the log bucket receives logs and so does not log itself.
    this.accessLogBucket = new S3Bucket(this, 'access-log-bucket', {
      bucket: `${name.slice(0, 51)}-access-logs`,
      lifecycle: local ? undefined : { preventDestroy: true },
      tags: { 'phi-stack:opt-out:encryption': 'S3 server access logging delivers to SSE-S3 buckets only and the logs hold request metadata not state' },
    });
    new S3BucketVersioningA(this, 'access-log-versioning', { bucket: this.accessLogBucket.id, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'access-log-encryption', {
      bucket: this.accessLogBucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    const logPublicAccess = new S3BucketPublicAccessBlock(this, 'access-log-public-access', {
      bucket: this.accessLogBucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'access-log-ownership', { bucket: this.accessLogBucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    const logPolicy = new S3BucketPolicy(this, 'access-log-policy', {
      bucket: this.accessLogBucket.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [this.accessLogBucket.arn, `${this.accessLogBucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            Sid: 'S3ServerAccessLogsOfTheStateBucket',
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: `${this.accessLogBucket.arn}/state-bucket/*`,
            Condition: { ArnLike: { 'aws:SourceArn': this.bucket.arn }, StringEquals: { 'aws:SourceAccount': identity.accountId } },
          },
        ],
      }),
      dependsOn: [logPublicAccess],
    });
    new S3BucketLoggingA(this, 'state-access-logging', { bucket: this.bucket.id, targetBucket: this.accessLogBucket.id, targetPrefix: 'state-bucket/', dependsOn: [logPolicy] });

    // The HIPAA rule pack checks this stack too: it holds the key and the bucket of every state.
    PhiGuard.apply(this);

    new TerraformOutput(this, 'stateBucketName', { value: this.bucket.bucket });
    new TerraformOutput(this, 'stateBucketArn', { value: this.bucket.arn });
    new TerraformOutput(this, 'stateKmsKeyArn', { value: this.kmsKey.arn });
  }
}
