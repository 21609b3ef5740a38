import { defineRule, fromProblems } from '../../rule';
import { isSet, isTrue } from '../../synthesized';

export const ElastiCacheAtRestCmk = defineRule({
  id: 'PHI-EC-1',
  name: 'ElastiCacheAtRestCmk',
  level: 'error',
  description: 'ElastiCache encrypts data at rest with a customer-managed KMS key, because cached sessions and records are PHI.',
  control: '§164.312(a)(2)(iv)',
  anchors: { cdkNag: 'ElastiCacheRedisClusterEncryption', checkov: 'CKV_AWS_191' },
  resourceTypes: ['aws_elasticache_replication_group'],
  optOutSettings: ['atRestEncryption', 'kmsKey'],
  check(r) {
    const problems: string[] = [];
    if (!isTrue(r.config.at_rest_encryption_enabled)) problems.push('at_rest_encryption_enabled is not true');
    if (!isSet(r.config.kms_key_id)) problems.push('kms_key_id is not set');
    return fromProblems(problems, 'set at_rest_encryption_enabled = true and kms_key_id to a customer-managed aws_kms_key');
  },
});
