import { customerManagedKeyProblem } from '../../kms';
import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { isFalse, isSet } from '../../synthesized';

export const RdsMasterUserSecretCmk = defineRule({
  id: 'PHI-RDS-12',
  name: 'RdsMasterUserSecretCmk',
  level: 'error',
  description: 'The master user secret that RDS manages in Secrets Manager is encrypted with a customer-managed KMS key (not aws/secretsmanager).',
  control: '§164.312(a)(2)(iv)',
  anchors: { cdkNag: 'SecretsManagerUsingKMSKey', checkov: '-' },
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  check(r, context) {
    const managed = r.config.manage_master_user_password;
    if (!isSet(managed) || isFalse(managed)) return NOT_APPLICABLE;
    const problem = customerManagedKeyProblem('master_user_secret_kms_key_id', r.config.master_user_secret_kms_key_id, context, 'aws/secretsmanager');
    return problem ? nonCompliant(problem, 'set master_user_secret_kms_key_id to a customer-managed aws_kms_key (the database key)') : COMPLIANT;
  },
});
