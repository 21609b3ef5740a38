import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { isTrue, unknownNote } from '../../synthesized';
import { isReadReplica } from './util';

export const RdsDeletionProtection = defineRule({
  id: 'PHI-RDS-3',
  name: 'RdsDeletionProtection',
  level: 'error',
  description: 'RDS primaries and clusters have deletion protection, so that a plan cannot destroy PHI by accident.',
  control: '§164.308(a)(7)(ii)(A)',
  anchors: { cdkNag: 'RDSInstanceDeletionProtectionEnabled', checkov: 'CKV_AWS_293' },
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  check(r) {
    if (isReadReplica(r)) return NOT_APPLICABLE;
    const v = r.config.deletion_protection;
    return isTrue(v) ? COMPLIANT : nonCompliant(`deletion_protection is not enabled${unknownNote(v)}`, 'set deletion_protection = true');
  },
});
