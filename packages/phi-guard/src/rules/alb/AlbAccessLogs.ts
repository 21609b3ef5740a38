import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { block, isSet, isTrue, unknownNote } from '../../synthesized';
import { isApplicationLoadBalancer, LOAD_BALANCER_TYPES } from './util';

export const AlbAccessLogs = defineRule({
  id: 'PHI-ALB-4',
  name: 'AlbAccessLogs',
  level: 'error',
  description: 'ALBs write access logs to S3, so that every request for PHI is recorded.',
  control: '§164.312(b)',
  anchors: { cdkNag: 'ELBLoggingEnabled', checkov: 'CKV_AWS_91' },
  resourceTypes: LOAD_BALANCER_TYPES,
  check(lb) {
    if (!isApplicationLoadBalancer(lb)) return NOT_APPLICABLE;
    const logs = block(lb.config.access_logs);
    return logs && isTrue(logs.enabled) && isSet(logs.bucket)
      ? COMPLIANT
      : nonCompliant(`access_logs is not enabled${unknownNote(logs?.enabled)}`, 'set access_logs { enabled = true, bucket = <log bucket> }');
  },
});
