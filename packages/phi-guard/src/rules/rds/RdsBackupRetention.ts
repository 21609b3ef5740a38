import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { describeUnknown, numberOf } from '../../synthesized';
import { isReadReplica } from './util';

export const RdsBackupRetention = defineRule({
  id: 'PHI-RDS-5',
  name: 'RdsBackupRetention',
  level: 'error',
  description: 'RDS keeps automated backups for 7 to 35 days, so that PHI can be recovered to a point in time.',
  control: '§164.308(a)(7)(ii)(A)',
  anchors: { cdkNag: 'RDSInstanceBackupEnabled', checkov: 'CKV_AWS_133' },
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  check(r) {
    if (isReadReplica(r)) return NOT_APPLICABLE;
    const days = numberOf(r.config.backup_retention_period);
    const fix = 'set backup_retention_period between 7 and 35';
    if (days === 'expression') return nonCompliant(`backup_retention_period is ${describeUnknown(r.config.backup_retention_period)}`, fix);
    if (days === undefined) return nonCompliant('backup_retention_period is not set (the API default keeps 1 day)', fix);
    return days >= 7 && days <= 35 ? COMPLIANT : nonCompliant(`backup_retention_period is ${days} days`, fix);
  },
});
