import { customerManagedKeyProblem } from '../../kms';
import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { isFalse, isSet } from '../../synthesized';

export const RdsPerformanceInsightsCmk = defineRule({
  id: 'PHI-RDS-11',
  name: 'RdsPerformanceInsightsCmk',
  level: 'error',
  description: 'Performance Insights, where on, is encrypted with a customer-managed KMS key (not aws/rds): it keeps the text of the SQL statements, which carries PHI.',
  control: '§164.312(a)(2)(iv)',
  anchors: { cdkNag: '-', checkov: 'CKV_AWS_354' },
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster', 'aws_rds_cluster_instance'],
  check(r, context) {
    const enabled = r.config.performance_insights_enabled;
    // Off (or never turned on): nothing is collected. An unknown value may be on, so it is checked.
    if (!isSet(enabled) || isFalse(enabled)) return NOT_APPLICABLE;
    const problem = customerManagedKeyProblem('performance_insights_kms_key_id', r.config.performance_insights_kms_key_id, context, 'aws/rds');
    return problem ? nonCompliant(problem, 'set performance_insights_kms_key_id to a customer-managed aws_kms_key (the database key)') : COMPLIANT;
  },
});
