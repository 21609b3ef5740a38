import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { isTrue, unknownNote } from '../../synthesized';

export const CloudTrailLogFileValidation = defineRule({
  id: 'PHI-CT-2',
  name: 'CloudTrailLogFileValidation',
  level: 'error',
  description: 'CloudTrail signs its log files, so that tampering with the audit trail is detectable.',
  control: '§164.312(c)(2)',
  anchors: { cdkNag: 'CloudTrailLogFileValidationEnabled', checkov: 'CKV_AWS_36' },
  resourceTypes: ['aws_cloudtrail'],
  check(t) {
    return isTrue(t.config.enable_log_file_validation) ? COMPLIANT : nonCompliant(`enable_log_file_validation is not true${unknownNote(t.config.enable_log_file_validation)}`, 'set enable_log_file_validation = true');
  },
});
