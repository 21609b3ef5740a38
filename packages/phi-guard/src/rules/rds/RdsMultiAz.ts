import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { isTrue, unknownNote } from '../../synthesized';
import { isReadReplica } from './util';

export const RdsMultiAz = defineRule({
  id: 'PHI-RDS-2',
  name: 'RdsMultiAz',
  level: 'error',
  description: 'An RDS primary runs Multi-AZ, so that PHI stays available through the loss of an Availability Zone.',
  control: '§164.308(a)(7)(ii)(B)',
  anchors: { cdkNag: 'RDSMultiAZSupport', checkov: 'CKV_AWS_157' },
  resourceTypes: ['aws_db_instance'],
  check(r) {
    if (isReadReplica(r)) return NOT_APPLICABLE;
    return isTrue(r.config.multi_az) ? COMPLIANT : nonCompliant(`multi_az is not enabled on the primary${unknownNote(r.config.multi_az)}`, 'set multi_az = true');
  },
});
