import { defineRule, fromProblems } from '../../rule';
import { describeUnknown, isSet, isTrue, isUnknown, literalString, unknownNote } from '../../synthesized';

export const ElastiCacheTransitEncryptionAuth = defineRule({
  id: 'PHI-EC-2',
  name: 'ElastiCacheTransitEncryptionAuth',
  level: 'error',
  description: 'ElastiCache requires TLS (transit_encryption_mode "required") and authenticates clients with an AUTH token or RBAC user groups.',
  control: '§164.312(e)(1)',
  anchors: { cdkNag: 'ElastiCacheRedisClusterRedisAuth', checkov: 'CKV_AWS_31' },
  resourceTypes: ['aws_elasticache_replication_group'],
  waivable: false,
  check(r) {
    const c = r.config;
    const problems: string[] = [];
    if (!isTrue(c.transit_encryption_enabled)) problems.push(`transit_encryption_enabled is not true${unknownNote(c.transit_encryption_enabled)}`);
    // Unset means "required" once transit encryption is on; "preferred" still accepts plaintext.
    const mode = c.transit_encryption_mode;
    if (isUnknown(mode)) problems.push(`transit_encryption_mode is ${describeUnknown(mode)}`);
    else if (mode !== undefined && literalString(mode) !== 'required') problems.push(`transit_encryption_mode is "${String(mode)}", which still accepts plaintext`);
    // A reference is how a token from Secrets Manager (or an RBAC group of the stack) is wired: set is what counts.
    if (!isSet(c.auth_token) && !isSet(c.user_group_ids)) problems.push('neither auth_token nor user_group_ids is set');
    return fromProblems(problems, 'set transit_encryption_enabled = true and auth_token (from Secrets Manager) or user_group_ids');
  },
});
