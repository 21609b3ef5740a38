import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';

export interface AuditTrailProps {
  /** Name of the trail and prefix of its bucket, log group and key alias: lowercase, no PHI. */
  readonly name: string;
  /**
   * Days the trail's CloudWatch log group keeps events (the S3 copy is kept, versioned, with no expiry).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Keep the trail's bucket on `terraform destroy` unless it is empty.
   * @default false - the bucket refuses to be destroyed while it holds logs
   */
  readonly forceDestroy?: boolean;
}

/**
 * The audit trail of a region (45 CFR §164.312(b), audit controls): a CloudTrail trail with log-file
 * validation, encrypted with its own customer-managed key, delivered to a versioned, TLS-only,
 * non-public bucket and to an encrypted CloudWatch log group.
 */
export class AuditTrail extends Construct {
  public readonly trail: Cloudtrail;
  public readonly bucket: S3Bucket;
  public readonly kmsKey: KmsKey;
  public readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    if (!/^[a-z][a-z0-9-]{2,40}$/.test(props.name)) {
      throw new Error(`${this.node.path}: name must be 3-41 lowercase letters, digits or hyphens, starting with a letter (got '${props.name}')`);
    }
    const retention = props.logRetentionDays ?? 365;
    if (retention < 365) {
      throw new Error(`${this.node.path}: logRetentionDays must be at least 365 (got ${retention}): audit events are kept for a year online`);
    }
    const account = new DataAwsCallerIdentity(this, 'account');
    const partition = new DataAwsPartition(this, 'partition');
    const trailArn = `arn:${partition.partition}:cloudtrail:*:${account.accountId}:trail/${props.name}`;
    const accountRoot = `arn:${partition.partition}:iam::${account.accountId}:root`;

    const keyPolicy = new DataAwsIamPolicyDocument(this, 'key-policy', {
      statement: [
        { sid: 'AccountAdministration', actions: ['kms:*'], resources: ['*'], principals: [{ type: 'AWS', identifiers: [accountRoot] }] },
        {
          sid: 'CloudTrailEncrypt',
          actions: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
          resources: ['*'],
          principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
          condition: [{ test: 'StringLike', variable: 'kms:EncryptionContext:aws:cloudtrail:arn', values: [trailArn] }],
        },
        {
          sid: 'CloudWatchLogs',
          actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          resources: ['*'],
          principals: [{ type: 'Service', identifiers: ['logs.amazonaws.com'] }],
        },
      ],
    });
    this.kmsKey = new KmsKey(this, 'key', {
      description: `${props.name} audit trail`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: keyPolicy.json,
    });

    this.bucket = new S3Bucket(this, 'bucket', { bucketPrefix: `${props.name}-`, forceDestroy: props.forceDestroy ?? false });
    new S3BucketOwnershipControls(this, 'ownership', { bucket: this.bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketVersioningA(this, 'versioning', { bucket: this.bucket.id, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.kmsKey.arn }, bucketKeyEnabled: true }],
    });
    const bucketPolicy = new DataAwsIamPolicyDocument(this, 'bucket-policy-document', {
      statement: [
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          actions: ['s3:*'],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          principals: [{ type: '*', identifiers: ['*'] }],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
        {
          sid: 'CloudTrailAclCheck',
          actions: ['s3:GetBucketAcl'],
          resources: [this.bucket.arn],
          principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
        },
        {
          sid: 'CloudTrailWrite',
          actions: ['s3:PutObject'],
          resources: [`${this.bucket.arn}/AWSLogs/${account.accountId}/*`],
          principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
          condition: [{ test: 'StringEquals', variable: 's3:x-amz-acl', values: ['bucket-owner-full-control'] }],
        },
      ],
    });
    const policy = new S3BucketPolicy(this, 'bucket-policy', { bucket: this.bucket.id, policy: bucketPolicy.json });

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/phi-stack/cloudtrail/${props.name}`,
      retentionInDays: retention,
      kmsKeyId: this.kmsKey.arn,
    });
    const deliveryRole = new IamRole(this, 'delivery-role', {
      name: `${props.name}-trail-delivery`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    });
    new IamRolePolicy(this, 'delivery-policy', {
      role: deliveryRole.id,
      name: 'deliver-to-log-group',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${this.logGroup.arn}:log-stream:*` }],
      }),
    });

    this.trail = new Cloudtrail(this, 'trail', {
      name: props.name,
      s3BucketName: this.bucket.id,
      kmsKeyId: this.kmsKey.arn,
      enableLogFileValidation: true,
      enableLogging: true,
      includeGlobalServiceEvents: true,
      isMultiRegionTrail: false,
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: deliveryRole.arn,
      dependsOn: [policy],
    });
  }
}
