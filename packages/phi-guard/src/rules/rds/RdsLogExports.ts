import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { describeUnknown, isExpression, isSet, literalString, stringList } from '../../synthesized';

export const RdsLogExports = defineRule({
  id: 'PHI-RDS-7',
  name: 'RdsLogExports',
  level: 'error',
  description: 'RDS exports its logs to CloudWatch (MySQL and MariaDB: including the audit log), so that access to PHI is recorded.',
  control: '§164.312(b)',
  anchors: { cdkNag: 'RDSLoggingEnabled', checkov: 'CKV_AWS_129' },
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  check(r) {
    const exports = r.config.enabled_cloudwatch_logs_exports;
    const fix = 'set enabled_cloudwatch_logs_exports, e.g. ["audit", "error", "general", "slowquery"] for MySQL';
    if (isExpression(exports)) return nonCompliant(`enabled_cloudwatch_logs_exports is ${describeUnknown(exports)}`, fix);
    if (!isSet(exports)) return nonCompliant('enabled_cloudwatch_logs_exports is empty', fix);
    const engine = literalString(r.config.engine) ?? '';
    const list = stringList(exports);
    if (/mysql|mariadb/.test(engine) && !list.includes('audit')) {
      return nonCompliant(`enabled_cloudwatch_logs_exports lacks "audit" (got ${list.join(', ')})`, fix);
    }
    return COMPLIANT;
  },
});
