import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { describeUnknown, numberOf } from '../../synthesized';

export const ElastiCacheSnapshotRetention = defineRule({
  id: 'PHI-EC-4',
  name: 'ElastiCacheSnapshotRetention',
  level: 'error',
  description: 'ElastiCache keeps automatic snapshots for at least 15 days.',
  control: '§164.308(a)(7)(ii)(A)',
  anchors: { cdkNag: 'ElastiCacheRedisClusterAutomaticBackup', checkov: '-' },
  resourceTypes: ['aws_elasticache_replication_group'],
  check(r) {
    const days = numberOf(r.config.snapshot_retention_limit);
    if (typeof days === 'number' && days >= 15) return COMPLIANT;
    const got = days === 'expression' ? describeUnknown(r.config.snapshot_retention_limit) : String(days ?? 'not set');
    return nonCompliant(`snapshot_retention_limit is ${got}`, 'set snapshot_retention_limit to 15 or more');
  },
});
