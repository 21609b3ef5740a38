import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { isTrue, unknownNote } from '../../synthesized';
import { LOAD_BALANCER_TYPES } from './util';

export const AlbDeletionProtection = defineRule({
  id: 'PHI-ALB-5',
  name: 'AlbDeletionProtection',
  level: 'error',
  description: 'Load balancers have deletion protection, so that a plan cannot take the PHI application offline by accident.',
  control: '§164.308(a)(7)(ii)(C)',
  anchors: { cdkNag: 'ELBDeletionProtectionEnabled', checkov: 'CKV_AWS_150' },
  resourceTypes: LOAD_BALANCER_TYPES,
  check(lb) {
    return isTrue(lb.config.enable_deletion_protection) ? COMPLIANT : nonCompliant(`enable_deletion_protection is not true${unknownNote(lb.config.enable_deletion_protection)}`, 'set enable_deletion_protection = true');
  },
});
