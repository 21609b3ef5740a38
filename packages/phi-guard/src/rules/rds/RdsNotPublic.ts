import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { describeUnknown, isTrue, isUnknown } from '../../synthesized';

export const RdsNotPublic = defineRule({
  id: 'PHI-RDS-6',
  name: 'RdsNotPublic',
  level: 'error',
  description: 'RDS instances are not publicly accessible, so that PHI is reachable only from inside the VPC.',
  control: '§164.312(a)(1)',
  anchors: { cdkNag: 'RDSInstancePublicAccess', checkov: 'CKV_AWS_17' },
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster_instance'],
  waivable: false,
  check(r) {
    const v = r.config.publicly_accessible;
    const fix = 'set publicly_accessible = false and reach the database through the VPC';
    if (isUnknown(v)) return nonCompliant(`publicly_accessible is ${describeUnknown(v)}`, fix);
    return isTrue(v) ? nonCompliant('publicly_accessible is true', fix) : COMPLIANT;
  },
});
