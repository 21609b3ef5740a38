// The props of RedisPhi and the constants they name.
import { DataTierPlacementProps, IKmsKey, IntegerLimit } from '@phi-stack/constructs-core';

/** Range of `replicasPerNodeGroup`. */
export const REPLICAS_PER_NODE_GROUP: IntegerLimit = { min: 1, max: 5, why: 'automatic failover needs at least one replica per shard and ElastiCache allows 5' };

/** The Redis logs delivered to CloudWatch Logs. */
export const REDIS_LOG_TYPES = ['slow-log', 'engine-log'] as const;

/** Snapshot retention below this needs a stated reason. */
export const REDIS_MIN_SNAPSHOT_RETENTION_DAYS = 15;

/**
 * Default access string of the app's IAM-authenticated user: every key, every command but the
 * dangerous ones (FLUSHALL, KEYS, CONFIG, DEBUG, ...).
 */
export const REDIS_DEFAULT_APP_ACCESS_STRING = 'on ~* +@all -@dangerous';

export interface RedisPhiProps extends DataTierPlacementProps {
  /**
   * Base of every resource name (replication group id, groups, secret, log groups): lowercase letters,
   * digits and single hyphens, 2-34 characters, starting with a letter. Two instances need two names.
   */
  readonly name: string;
  /**
   * Customer-managed key for at-rest encryption and the log groups.
   * @default - a key with rotation created for this cache
   */
  readonly kmsKey?: IKmsKey;
  /**
   * Redis engine version, 7.x (IAM authentication needs Redis OSS 7.0 or later). A major.minor
   * version lets patch versions upgrade automatically.
   * @default '7.1'
   */
  readonly engineVersion?: string;
  /**
   * Node type of every node.
   * @default 'cache.r7g.large'
   */
  readonly nodeType?: string;
  /**
   * Port Redis listens on. A non-default port keeps generic scanners off; clients read it from the outputs.
   * @default 6379
   */
  readonly port?: number;
  /**
   * Cluster mode (data sharded over `numNodeGroups` shards). Off: one shard with `replicasPerNodeGroup` replicas.
   * @default false
   */
  readonly clusterMode?: boolean;
  /**
   * Shards, only with `clusterMode` (1-500).
   * @default 1
   */
  readonly numNodeGroups?: number;
  /**
   * Replicas of each primary (1-5): at least one, so that a node can fail over to another AZ.
   * @default 1
   */
  readonly replicasPerNodeGroup?: number;
  /**
   * Place the nodes in different AZs and fail over across them.
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Why `multiAz` is off. Required when `multiAz` is false; lands in the `phi-stack:opt-out:multi-az` tag.
   * @default - none
   */
  readonly multiAzDisabledReason?: string;
  /**
   * Days automatic snapshots are kept (1-35).
   * @default 15
   */
  readonly snapshotRetentionDays?: number;
  /**
   * Why snapshots are kept fewer than 15 days. Required then; lands in the `phi-stack:opt-out:snapshot-retention` tag.
   * @default - none
   */
  readonly snapshotRetentionReducedReason?: string;
  /**
   * Daily snapshot window, UTC, `hh:mm-hh:mm`, at least an hour, clear of the maintenance window.
   * @default '03:00-05:00'
   */
  readonly snapshotWindow?: string;
  /**
   * Weekly maintenance window, UTC, `ddd:hh:mm-ddd:hh:mm`.
   * @default 'sun:05:30-sun:06:30'
   */
  readonly maintenanceWindow?: string;
  /**
   * Retention of the slow-log and engine-log groups, in days (a value CloudWatch Logs accepts).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Redis ACL access string of the app's IAM-authenticated user.
   * @default 'on ~* +@all -@dangerous'
   */
  readonly appAccessString?: string;
  /**
   * Extra parameters of the `redis7` parameter group, e.g. `{ 'maxmemory-policy': 'volatile-lru' }`.
   * `cluster-enabled` follows `clusterMode`.
   * @default - none
   */
  readonly parameters?: Record<string, string>;
  /**
   * Tags of every resource created here (on top of the provider's default tags).
   * @default - none
   */
  readonly tags?: Record<string, string>;
}
