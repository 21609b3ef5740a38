import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { isSet } from '../../synthesized';

export const CloudTrailEncrypted = defineRule({
  id: 'PHI-CT-1',
  name: 'CloudTrailEncrypted',
  level: 'error',
  description: 'CloudTrail log files are encrypted with a customer-managed KMS key.',
  control: '§164.312(a)(2)(iv)',
  anchors: { cdkNag: 'CloudTrailEncryptionEnabled', checkov: 'CKV_AWS_35' },
  resourceTypes: ['aws_cloudtrail'],
  check(t) {
    return isSet(t.config.kms_key_id) ? COMPLIANT : nonCompliant('kms_key_id is not set', 'set kms_key_id to a customer-managed aws_kms_key');
  },
});
