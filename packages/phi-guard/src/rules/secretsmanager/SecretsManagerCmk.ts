import { customerManagedKeyProblem } from '../../kms';
import { COMPLIANT, defineRule, nonCompliant } from '../../rule';

export const SecretsManagerCmk = defineRule({
  id: 'PHI-SM-1',
  name: 'SecretsManagerCmk',
  level: 'error',
  description: 'Secrets Manager secrets (database and cache credentials) are encrypted with a customer-managed KMS key (not aws/secretsmanager).',
  control: '§164.312(a)(2)(iv)',
  anchors: { cdkNag: 'SecretsManagerUsingKMSKey', checkov: 'CKV_AWS_149' },
  resourceTypes: ['aws_secretsmanager_secret'],
  check(s, context) {
    const problem = customerManagedKeyProblem('kms_key_id', s.config.kms_key_id, context, 'aws/secretsmanager');
    return problem ? nonCompliant(problem, 'set kms_key_id to a customer-managed aws_kms_key') : COMPLIANT;
  },
});
