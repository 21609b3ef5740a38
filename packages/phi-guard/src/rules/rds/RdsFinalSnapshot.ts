import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { describeUnknown, isTrue, isUnknown } from '../../synthesized';
import { isReadReplica } from './util';

export const RdsFinalSnapshot = defineRule({
  id: 'PHI-RDS-4',
  name: 'RdsFinalSnapshot',
  level: 'error',
  description: 'Deleting an RDS primary or cluster takes a final snapshot, so that PHI can be restored after a destroy.',
  control: '§164.308(a)(7)(ii)(A)',
  anchors: { cdkNag: '-', checkov: '-' },
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  check(r) {
    if (isReadReplica(r)) return NOT_APPLICABLE;
    const skip = r.config.skip_final_snapshot;
    const fix = 'set skip_final_snapshot = false and a final_snapshot_identifier';
    if (isUnknown(skip)) return nonCompliant(`skip_final_snapshot is ${describeUnknown(skip)}`, fix);
    return isTrue(skip) ? nonCompliant('skip_final_snapshot is true', fix) : COMPLIANT;
  },
});
