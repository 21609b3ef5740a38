import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { isTrue, unknownNote } from '../../synthesized';
import { isApplicationLoadBalancer, LOAD_BALANCER_TYPES } from './util';

export const AlbDropInvalidHeaders = defineRule({
  id: 'PHI-ALB-1',
  name: 'AlbDropInvalidHeaders',
  level: 'error',
  description: 'ALBs drop HTTP headers with invalid names, closing a request-smuggling path to the application that serves PHI.',
  control: '§164.312(c)(1)',
  anchors: { cdkNag: 'ALBHttpDropInvalidHeaderEnabled', checkov: 'CKV_AWS_131' },
  resourceTypes: LOAD_BALANCER_TYPES,
  check(lb) {
    if (!isApplicationLoadBalancer(lb)) return NOT_APPLICABLE;
    return isTrue(lb.config.drop_invalid_header_fields) ? COMPLIANT : nonCompliant(`drop_invalid_header_fields is not true${unknownNote(lb.config.drop_invalid_header_fields)}`, 'set drop_invalid_header_fields = true');
  },
});
