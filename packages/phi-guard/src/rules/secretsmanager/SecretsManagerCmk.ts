import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { isSet } from '../../synthesized';

export const SecretsManagerCmk = defineRule({
  id: 'PHI-SM-1',
  name: 'SecretsManagerCmk',
  level: 'error',
  description: 'Secrets Manager secrets (database and cache credentials) are encrypted with a customer-managed KMS key.',
  control: '§164.312(a)(2)(iv)',
  anchors: { cdkNag: 'SecretsManagerUsingKMSKey', checkov: 'CKV_AWS_149' },
  resourceTypes: ['aws_secretsmanager_secret'],
  check(s) {
    return isSet(s.config.kms_key_id) ? COMPLIANT : nonCompliant('kms_key_id is not set, so the AWS-managed aws/secretsmanager key is used', 'set kms_key_id to a customer-managed aws_kms_key');
  },
});
