import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { block, blocks, isExpression, isSet } from '../../synthesized';
import { bucketCompanions } from './util';

function kmsDefault(rules: unknown): boolean {
  return blocks(rules).some((rule) => {
    const d = block(rule.apply_server_side_encryption_by_default);
    if (!d) return false;
    const algorithm = d.sse_algorithm;
    return (algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse' || isExpression(algorithm)) && isSet(d.kms_master_key_id);
  });
}

export const S3BucketSseKms = defineRule({
  id: 'PHI-S3-1',
  name: 'S3BucketSseKms',
  level: 'error',
  description: 'S3 buckets encrypt objects by default with SSE-KMS and a customer-managed key, so that reading PHI also needs kms:Decrypt.',
  control: '§164.312(a)(2)(iv)',
  anchors: { cdkNag: 'S3DefaultEncryptionKMS', checkov: 'CKV_AWS_145' },
  resourceTypes: ['aws_s3_bucket'],
  optOutSettings: ['encryption', 'kmsKey'],
  check(bucket, context) {
    const configs = bucketCompanions(bucket, context, 'aws_s3_bucket_server_side_encryption_configuration');
    const inline = block(bucket.config.server_side_encryption_configuration);
    if (configs.some((c) => kmsDefault(c.config.rule)) || (inline && kmsDefault(inline.rule))) return COMPLIANT;
    return nonCompliant(
      configs.length || inline ? 'default encryption is not aws:kms with a kms_master_key_id' : 'no aws_s3_bucket_server_side_encryption_configuration targets the bucket',
      'add an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = "aws:kms" and kms_master_key_id = a customer-managed key',
    );
  },
});
