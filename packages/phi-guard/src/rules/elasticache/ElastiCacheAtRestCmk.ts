import { customerManagedKeyProblem } from '../../kms';
import { defineRule, fromProblems } from '../../rule';
import { isTrue, unknownNote } from '../../synthesized';

export const ElastiCacheAtRestCmk = defineRule({
  id: 'PHI-EC-1',
  name: 'ElastiCacheAtRestCmk',
  level: 'error',
  description: 'ElastiCache encrypts data at rest with a customer-managed KMS key (not the AWS-managed default), because cached sessions and records are PHI.',
  control: '§164.312(a)(2)(iv)',
  anchors: { cdkNag: 'ElastiCacheRedisClusterEncryption', checkov: 'CKV_AWS_191' },
  resourceTypes: ['aws_elasticache_replication_group'],
  waivable: false,
  check(r, context) {
    const problems: string[] = [];
    const atRest = r.config.at_rest_encryption_enabled;
    if (!isTrue(atRest)) problems.push(`at_rest_encryption_enabled is not true${unknownNote(atRest)}`);
    const key = customerManagedKeyProblem('kms_key_id', r.config.kms_key_id, context, 'aws/elasticache');
    if (key) problems.push(key);
    return fromProblems(problems, 'set at_rest_encryption_enabled = true and kms_key_id to a customer-managed aws_kms_key');
  },
});
