import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { literalString } from '../../synthesized';

export const RdsNoLiteralPassword = defineRule({
  id: 'PHI-RDS-9',
  name: 'RdsNoLiteralPassword',
  level: 'error',
  description: 'The RDS master password is not a literal in the configuration; RDS manages it in Secrets Manager.',
  control: '§164.312(d)',
  anchors: { cdkNag: '-', checkov: '-' },
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  check(r) {
    const password = literalString(r.config.password ?? r.config.master_password);
    return password
      ? nonCompliant('the master password is a literal string in the configuration', 'remove password and set manage_master_user_password = true with master_user_secret_kms_key_id')
      : COMPLIANT;
  },
});
