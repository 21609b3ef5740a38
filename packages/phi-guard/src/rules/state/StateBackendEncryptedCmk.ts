import { defineRule, fromProblems, NOT_APPLICABLE } from '../../rule';
import { isExpression, isSet, isTrue, literalString } from '../../synthesized';

/** A KMS key ARN (the S3 backend sends `kms_key_id` as the SSE-KMS key id of every state object). */
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/**
 * Terraform state holds every attribute of every resource (endpoints, ARNs, and any secret a
 * provider does not mark write-only), so the S3 backend must encrypt it with the customer-managed
 * state key the bootstrap app creates. `encrypt = true` alone asks S3 for SSE-S3 (AES256): the key
 * is then never used and key policy and CloudTrail never see a state read.
 */
export const StateBackendEncryptedCmk = defineRule({
  id: 'PHI-TF-1',
  name: 'StateBackendEncryptedCmk',
  level: 'error',
  description: 'The S3 state backend encrypts state with the bootstrap customer-managed KMS key (encrypt and kms_key_id), not SSE-S3.',
  control: '§164.312(a)(2)(iv)',
  anchors: { cdkNag: '-', checkov: '-' },
  resourceTypes: ['s3'],
  check(b) {
    if (b.kind !== 'backend') return NOT_APPLICABLE;
    const c = b.config;
    const problems: string[] = [];
    if (!isTrue(c.encrypt)) problems.push('encrypt is not true');
    if (!isSet(c.kms_key_id)) problems.push('kms_key_id is not set, so state objects are encrypted with AES256 (SSE-S3) instead of the state key');
    else {
      const key = literalString(c.kms_key_id);
      if (key !== undefined && !KMS_KEY_ARN.test(key)) problems.push(`kms_key_id '${key}' is not a KMS key ARN`);
      else if (key === undefined && !isExpression(c.kms_key_id)) problems.push('kms_key_id is not a string');
    }
    if (isSet(c.sse_customer_key)) problems.push('sse_customer_key is set: SSE-C keeps the key outside KMS and in every operator environment');
    return fromProblems(problems, "pass AwsTarget's stateKmsKeyArn (the bootstrap app's stateKmsKeyArn output), which sets encrypt = true and kms_key_id");
  },
});
