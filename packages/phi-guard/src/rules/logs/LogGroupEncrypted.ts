import { customerManagedKeyProblem } from '../../kms';
import { COMPLIANT, defineRule, nonCompliant } from '../../rule';

export const LogGroupEncrypted = defineRule({
  id: 'PHI-LOG-1',
  name: 'LogGroupEncrypted',
  level: 'error',
  description: 'CloudWatch log groups are encrypted with a customer-managed KMS key, because application and database logs can contain PHI.',
  control: '§164.312(a)(2)(iv)',
  anchors: { cdkNag: 'CloudWatchLogGroupEncrypted', checkov: 'CKV_AWS_158' },
  resourceTypes: ['aws_cloudwatch_log_group'],
  check(g, context) {
    const problem = customerManagedKeyProblem('kms_key_id', g.config.kms_key_id, context, 'of the CloudWatch Logs service');
    return problem ? nonCompliant(problem, 'set kms_key_id to a customer-managed aws_kms_key whose policy admits logs.<region>.amazonaws.com') : COMPLIANT;
  },
});
