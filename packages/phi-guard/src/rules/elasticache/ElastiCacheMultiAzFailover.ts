import { defineRule, fromProblems } from '../../rule';
import { isTrue, unknownNote } from '../../synthesized';

export const ElastiCacheMultiAzFailover = defineRule({
  id: 'PHI-EC-3',
  name: 'ElastiCacheMultiAzFailover',
  level: 'error',
  description: 'ElastiCache replication groups fail over automatically across Availability Zones.',
  control: '§164.308(a)(7)(ii)(B)',
  anchors: { cdkNag: 'ElastiCacheRedisClusterMultiAZ', checkov: '-' },
  resourceTypes: ['aws_elasticache_replication_group'],
  check(r) {
    const problems: string[] = [];
    if (!isTrue(r.config.automatic_failover_enabled)) problems.push(`automatic_failover_enabled is not true${unknownNote(r.config.automatic_failover_enabled)}`);
    if (!isTrue(r.config.multi_az_enabled)) problems.push(`multi_az_enabled is not true${unknownNote(r.config.multi_az_enabled)}`);
    return fromProblems(problems, 'set automatic_failover_enabled = true and multi_az_enabled = true with at least one replica');
  },
});
