import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { isTrue } from '../../synthesized';

export const KmsKeyRotation = defineRule({
  id: 'PHI-KMS-1',
  name: 'KmsKeyRotation',
  level: 'error',
  description: 'Symmetric customer-managed KMS keys rotate their key material yearly.',
  control: '§164.312(a)(2)(iv)',
  anchors: { cdkNag: 'KMSBackingKeyRotationEnabled', checkov: 'CKV_AWS_7' },
  resourceTypes: ['aws_kms_key'],
  check(key) {
    const spec = key.config.customer_master_key_spec;
    const usage = key.config.key_usage;
    if ((spec !== undefined && spec !== 'SYMMETRIC_DEFAULT') || (usage !== undefined && usage !== 'ENCRYPT_DECRYPT')) return NOT_APPLICABLE;
    return isTrue(key.config.enable_key_rotation) ? COMPLIANT : nonCompliant('enable_key_rotation is not true', 'set enable_key_rotation = true');
  },
});
