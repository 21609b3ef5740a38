import { defineRule, fromProblems } from '../../rule';
import { isSet, isTrue } from '../../synthesized';

export const ElastiCacheTransitEncryptionAuth = defineRule({
  id: 'PHI-EC-2',
  name: 'ElastiCacheTransitEncryptionAuth',
  level: 'error',
  description: 'ElastiCache requires TLS and authenticates clients with an AUTH token or RBAC user groups.',
  control: '§164.312(e)(1)',
  anchors: { cdkNag: 'ElastiCacheRedisClusterRedisAuth', checkov: 'CKV_AWS_31' },
  resourceTypes: ['aws_elasticache_replication_group'],
  optOutSettings: ['transitEncryption'],
  check(r) {
    const c = r.config;
    const problems: string[] = [];
    if (!isTrue(c.transit_encryption_enabled)) problems.push('transit_encryption_enabled is not true');
    if (c.transit_encryption_mode === 'preferred') problems.push('transit_encryption_mode is "preferred", which still accepts plaintext');
    if (!isSet(c.auth_token) && !isSet(c.user_group_ids)) problems.push('neither auth_token nor user_group_ids is set');
    return fromProblems(problems, 'set transit_encryption_enabled = true and auth_token (from Secrets Manager) or user_group_ids');
  },
});
