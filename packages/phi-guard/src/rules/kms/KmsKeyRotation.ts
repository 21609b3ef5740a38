import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { isTrue, isUnknown, unknownNote } from '../../synthesized';

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
    // Only a literal non-symmetric spec or usage is exempt: an unknown one may be symmetric.
    const exempt = (v: unknown, symmetric: string): boolean => v !== undefined && !isUnknown(v) && v !== symmetric;
    if (exempt(spec, 'SYMMETRIC_DEFAULT') || exempt(usage, 'ENCRYPT_DECRYPT')) return NOT_APPLICABLE;
    const rotation = key.config.enable_key_rotation;
    return isTrue(rotation) ? COMPLIANT : nonCompliant(`enable_key_rotation is not true${unknownNote(rotation)}`, 'set enable_key_rotation = true');
  },
});
