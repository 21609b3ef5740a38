import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { describeUnknown, numberOf } from '../../synthesized';

export const LogGroupRetention = defineRule({
  id: 'PHI-LOG-2',
  name: 'LogGroupRetention',
  level: 'error',
  description: 'CloudWatch log groups have an explicit retention, so that audit records are kept for the period the organization documents and no longer.',
  control: '§164.312(b)',
  anchors: { cdkNag: 'CloudWatchLogGroupRetentionPeriod', checkov: 'CKV_AWS_66' },
  resourceTypes: ['aws_cloudwatch_log_group'],
  check(g) {
    const days = numberOf(g.config.retention_in_days);
    if (typeof days === 'number' && days > 0) return COMPLIANT;
    const got = days === 'expression' ? describeUnknown(g.config.retention_in_days) : `${days ?? 'not set'} (never expires)`;
    return nonCompliant(`retention_in_days is ${got}`, 'set retention_in_days, e.g. 365 or more for audit logs');
  },
});
