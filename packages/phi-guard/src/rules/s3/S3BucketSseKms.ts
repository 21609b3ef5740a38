import { customerManagedKeyProblem } from '../../kms';
import { COMPLIANT, defineRule, nonCompliant, RuleResult } from '../../rule';
import { block, blocks, describeUnknown, isUnknown, literalString, RuleContext } from '../../synthesized';
import { BucketSettingWriter, bucketSettingWriters, byWriter, isPhiStoreBucket } from './util';

const KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];

/** Why one writer of the default encryption is not SSE-KMS with a customer-managed key, or undefined. */
function writerProblem(writer: BucketSettingWriter, context: RuleContext): string | undefined {
  const rules = writer.inline ? blocks(block(writer.config.server_side_encryption_configuration)?.rule) : blocks(writer.config.rule);
  const defaults = rules.map((r) => block(r.apply_server_side_encryption_by_default)).filter((d): d is Record<string, unknown> => d !== undefined);
  if (defaults.length === 0) return 'sets no apply_server_side_encryption_by_default (S3 falls back to SSE-S3)';
  for (const d of defaults) {
    const algorithm = d.sse_algorithm;
    if (isUnknown(algorithm)) return `sse_algorithm is ${describeUnknown(algorithm)}`;
    if (!KMS_ALGORITHMS.includes(literalString(algorithm) ?? '')) return `sse_algorithm is ${String(algorithm ?? 'not set')}, not aws:kms`;
    const key = customerManagedKeyProblem('kms_master_key_id', d.kms_master_key_id, context, 'aws/s3');
    if (key) return key;
  }
  return undefined;
}

export const S3BucketSseKms = defineRule({
  id: 'PHI-S3-1',
  name: 'S3BucketSseKms',
  level: 'error',
  description:
    'S3 buckets encrypt objects by default with SSE-KMS and a customer-managed key (every encryption configuration of the bucket), so that reading PHI also needs kms:Decrypt.',
  control: '§164.312(a)(2)(iv)',
  anchors: { cdkNag: 'S3DefaultEncryptionKMS', checkov: 'CKV_AWS_145' },
  resourceTypes: ['aws_s3_bucket'],
  // Log delivery of ALB and S3 access logs supports SSE-S3 only: a bucket that only receives logs may be waived.
  waivable: { description: 'only on a bucket that only receives logs', test: (bucket, context) => !isPhiStoreBucket(bucket, context) },
  check(bucket, context): RuleResult {
    const writers = bucketSettingWriters(bucket, context, 'encryption');
    const fix = 'add one aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = "aws:kms" and kms_master_key_id = a customer-managed key';
    if (writers.length === 0) return nonCompliant('no aws_s3_bucket_server_side_encryption_configuration targets the bucket', fix);
    const problems = writers.flatMap((w) => {
      const p = writerProblem(w, context);
      return p ? [byWriter(writers, w, p)] : [];
    });
    return problems.length === 0 ? COMPLIANT : nonCompliant(`default encryption is not aws:kms with a customer-managed key: ${problems.join('; ')}`, fix);
  },
});
