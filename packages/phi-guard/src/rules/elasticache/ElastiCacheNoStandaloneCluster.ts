import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { isSet } from '../../synthesized';

export const ElastiCacheNoStandaloneCluster = defineRule({
  id: 'PHI-EC-5',
  name: 'ElastiCacheNoStandaloneCluster',
  level: 'error',
  description: 'Cache clusters belong to a replication group: a standalone aws_elasticache_cluster (and any Memcached) cannot encrypt or fail over.',
  control: '§164.312(a)(2)(iv)',
  anchors: { cdkNag: 'ElastiCacheRedisClusterEncryption', checkov: 'CKV_AWS_29' },
  resourceTypes: ['aws_elasticache_cluster'],
  check(r) {
    return isSet(r.config.replication_group_id)
      ? COMPLIANT
      : nonCompliant('the cache cluster is not a member of a replication group', 'use aws_elasticache_replication_group (Redis or Valkey) with encryption at rest and in transit');
  },
});
