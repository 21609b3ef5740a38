import { customerManagedKeyProblem } from '../../kms';
import { COMPLIANT, defineRule, nonCompliant } from '../../rule';

export const CloudTrailEncrypted = defineRule({
  id: 'PHI-CT-1',
  name: 'CloudTrailEncrypted',
  level: 'error',
  description: 'CloudTrail log files are encrypted with a customer-managed KMS key.',
  control: '§164.312(a)(2)(iv)',
  anchors: { cdkNag: 'CloudTrailEncryptionEnabled', checkov: 'CKV_AWS_35' },
  resourceTypes: ['aws_cloudtrail'],
  check(t, context) {
    const problem = customerManagedKeyProblem('kms_key_id', t.config.kms_key_id, context, '(none: SSE-S3 on the bucket)');
    return problem ? nonCompliant(problem, 'set kms_key_id to a customer-managed aws_kms_key') : COMPLIANT;
  },
});
