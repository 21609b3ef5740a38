import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { logRetentionProblem, OPT_OUTS, optOutTag, PhiKey, Problems, stackEnvironment } from '@phi-stack/constructs-core';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';

/** Why the access log bucket uses SSE-S3 (the `phi-stack:opt-out:encryption` tag; tag values allow no commas). */
const ACCESS_LOG_BUCKET_ENCRYPTION_REASON = 'S3 server access logging delivers to SSE-S3 buckets only and the logs hold request metadata not PHI';

export interface AuditTrailProps {
  /** Name of the trail and prefix of its bucket, log group and key alias: lowercase, no PHI. */
  readonly name: string;
  /**
   * Days the trail's CloudWatch log group keeps events (the S3 copy is kept, versioned, with no
   * expiry). At least 365; the regional stack passes the audit class of `LOG_RETENTION_POLICY`.
   * @default 2192 - six years, the audit class of the log retention policy
   */
  readonly logRetentionDays?: number;
  /**
   * Keep the trail's bucket on `terraform destroy` unless it is empty.
   * @default false - the bucket refuses to be destroyed while it holds logs
   */
  readonly forceDestroy?: boolean;
}

/**
 * The audit trail of a region (45 CFR §164.312(b), audit controls): a multi-region CloudTrail trail
 * with log-file validation, encrypted with its own customer-managed key, delivered to a versioned,
 * TLS-only, non-public bucket whose server access logs go to a second bucket, and to an encrypted
 * CloudWatch log group that alone may use the key through CloudWatch Logs.
 */
export class AuditTrail extends Construct {
  public readonly trail: Cloudtrail;
  public readonly bucket: S3Bucket;
  /** Receives the server access logs of `bucket` (who read the audit trail). */
  public readonly accessLogBucket: S3Bucket;
  public readonly kmsKey: KmsKey;
  public readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const problems = new Problems(this.node.path);
    if (!/^[a-z][a-z0-9-]{2,40}$/.test(props.name)) {
      problems.add(`name must be 3-41 lowercase letters, digits or hyphens, starting with a letter (got '${props.name}')`);
    }
    const retention = props.logRetentionDays ?? 2192;
    const retentionProblem = logRetentionProblem('logRetentionDays', retention);
    if (retentionProblem) problems.add(retentionProblem);
    else if (retention < 365) problems.add(`logRetentionDays must be at least 365 (got ${retention}): audit events are kept for a year online`);
    problems.throwIfAny();
    const { partition, region, callerIdentity: account } = stackEnvironment(this);
    const logGroupName = `/phi-stack/cloudtrail/${props.name}`;
    const logGroupArn = `arn:${partition.partition}:logs:${region.name}:${account.accountId}:log-group:${logGroupName}`;
    const trailArn = `arn:${partition.partition}:cloudtrail:*:${account.accountId}:trail/${props.name}`;

    // Id `key`, the key's id before it was a PhiKey: the key keeps its address.
    this.kmsKey = new PhiKey(this, 'key', {
      description: `${props.name} audit trail`,
      alias: { owner: props.name, purpose: 'audit-trail' },
      grants: [
        {
          sid: 'CloudTrailEncrypt',
          principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
          actions: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
          conditions: [{ test: 'StringLike', variable: 'kms:EncryptionContext:aws:cloudtrail:arn', values: [trailArn] }],
        },
        // CloudWatch Logs of this region, for this trail's log group only.
        PhiKey.cloudWatchLogsGrant('CloudWatchLogsForTheTrailLogGroup', region.name, logGroupArn),
      ],
    }).key;

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

    // Server access logs of the trail bucket (checkov CKV_AWS_18): who read or deleted audit logs.
    // The log bucket receives logs itself and so does not log its own access (it would recurse);
    // S3 server access logging supports SSE-S3 destinations only, not SSE-KMS.
    this.accessLogBucket = new S3Bucket(this, 'access-log-bucket', {
      bucketPrefix: `${props.name}-access-`,
      forceDestroy: props.forceDestroy ?? false,
      tags: optOutTag(OPT_OUTS.encryption, ACCESS_LOG_BUCKET_ENCRYPTION_REASON),
    });
    new S3BucketOwnershipControls(this, 'access-log-ownership', { bucket: this.accessLogBucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketPublicAccessBlock(this, 'access-log-public-access', {
      bucket: this.accessLogBucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketVersioningA(this, 'access-log-versioning', { bucket: this.accessLogBucket.id, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'access-log-encryption', {
      bucket: this.accessLogBucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    const accessLogPolicy = new DataAwsIamPolicyDocument(this, 'access-log-policy-document', {
      statement: [
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          actions: ['s3:*'],
          resources: [this.accessLogBucket.arn, `${this.accessLogBucket.arn}/*`],
          principals: [{ type: '*', identifiers: ['*'] }],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
        {
          sid: 'S3ServerAccessLogsOfTheTrailBucket',
          actions: ['s3:PutObject'],
          resources: [`${this.accessLogBucket.arn}/trail-bucket/*`],
          principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
          condition: [
            { test: 'ArnLike', variable: 'aws:SourceArn', values: [this.bucket.arn] },
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] },
          ],
        },
      ],
    });
    const accessLogBucketPolicy = new S3BucketPolicy(this, 'access-log-policy', { bucket: this.accessLogBucket.id, policy: accessLogPolicy.json });
    new S3BucketLoggingA(this, 'access-logging', {
      bucket: this.bucket.id,
      targetBucket: this.accessLogBucket.id,
      targetPrefix: 'trail-bucket/',
      dependsOn: [accessLogBucketPolicy],
    });

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: logGroupName,
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
      // Every region of the account (checkov CKV_AWS_67): activity where the platform does not run
      // is exactly what an audit has to see.
      isMultiRegionTrail: true,
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: deliveryRole.arn,
      dependsOn: [policy],
    });
  }
}
