import { customerManagedKeyProblem } from '../../kms';
import { defineRule, fromProblems } from '../../rule';
import { describeUnknown, isFalse, isTrue, isUnknown } from '../../synthesized';
import { isReadReplica } from './util';

export const RdsStorageEncryptedCmk = defineRule({
  id: 'PHI-RDS-1',
  name: 'RdsStorageEncryptedCmk',
  level: 'error',
  description: 'RDS storage is encrypted with a customer-managed KMS key (not aws/rds), so that access to PHI at rest is governed by a key policy.',
  control: '§164.312(a)(2)(iv)',
  anchors: { cdkNag: 'RDSStorageEncrypted', checkov: 'CKV_AWS_16' },
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  waivable: false,
  check(r, context) {
    const c = r.config;
    const problems: string[] = [];
    if (isFalse(c.storage_encrypted)) problems.push('storage_encrypted is false');
    else if (isUnknown(c.storage_encrypted)) problems.push(`storage_encrypted is ${describeUnknown(c.storage_encrypted)}`);
    else if (!isReadReplica(r) && !isTrue(c.storage_encrypted)) problems.push('storage_encrypted is not set');
    const key = customerManagedKeyProblem('kms_key_id', c.kms_key_id, context, 'aws/rds');
    if (key) problems.push(key);
    return fromProblems(problems, 'set storage_encrypted = true and kms_key_id to a customer-managed aws_kms_key');
  },
});
