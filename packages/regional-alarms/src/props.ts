// The props of RegionalAlarms and the defaults of their thresholds.

/** A threshold's range and why it is what it is. */
export interface ThresholdLimit {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  readonly why: string;
}

/** Ranges of the threshold props, checked at synth. */
export const THRESHOLD_LIMITS = {
  elb5xxCountThreshold: { min: 1, max: 1_000_000, integer: true, why: 'a count of 5xx responses per 5 minutes; 0 would alarm on every period with one error' },
  target5xxCountThreshold: { min: 1, max: 1_000_000, integer: true, why: 'a count of 5xx responses per 5 minutes; 0 would alarm on every period with one error' },
  unhealthyHostCountThreshold: { min: 1, max: 1000, integer: true, why: 'a number of targets; the alarm fires at or above it' },
  webCpuPercentThreshold: { min: 1, max: 100, integer: false, why: 'a percentage' },
  dbCpuPercentThreshold: { min: 1, max: 100, integer: false, why: 'a percentage' },
  dbFreeStorageGiBThreshold: { min: 1, max: 65536, integer: true, why: 'GiB of free storage; RDS MySQL volumes hold at most 64 TiB' },
  dbReplicaLagSecondsThreshold: { min: 1, max: 86400, integer: true, why: 'seconds of replica lag, at most a day' },
  cacheMemoryPercentThreshold: { min: 1, max: 100, integer: false, why: 'a percentage of maxmemory' },
  cacheEvictionsThreshold: { min: 0, max: 1_000_000, integer: true, why: 'a count of evicted keys per 5 minutes; the alarm fires above it' },
} as const satisfies Record<string, ThresholdLimit>;

/** The default thresholds (see each prop for the reason). */
export const DEFAULT_THRESHOLDS = {
  elb5xxCountThreshold: 10,
  target5xxCountThreshold: 10,
  unhealthyHostCountThreshold: 1,
  webCpuPercentThreshold: 85,
  dbCpuPercentThreshold: 80,
  dbFreeStorageGiBThreshold: 10,
  dbReplicaLagSecondsThreshold: 60,
  cacheMemoryPercentThreshold: 80,
  cacheEvictionsThreshold: 0,
} as const;

/** Most nodes of a non-cluster-mode replication group: a primary and 5 replicas. */
export const MAX_CACHE_NODE_COUNT = 6;

export interface RegionalAlarmsProps {
  /**
   * Base of every name (topic `<name>-alarms`, alarms `<name>-<metric>-<member>`, dashboard
   * `<name>`, rule `<name>-elasticache-events`): lowercase letters, digits and single hyphens,
   * 2-40 characters, starting with a letter.
   */
  readonly name: string;
  /** `arn_suffix` of the Application Load Balancer (`app/<name>/<id>`): the `LoadBalancer` dimension. */
  readonly loadBalancerArnSuffix: string;
  /** `arn_suffix` of the ALB's target group (`targetgroup/<name>/<id>`): the `TargetGroup` dimension. */
  readonly targetGroupArnSuffix: string;
  /** Name of the web tier's Auto Scaling group: the `AutoScalingGroupName` dimension of its CPU. */
  readonly autoScalingGroupName: string;
  /** Identifier of the RDS primary. */
  readonly primaryInstanceIdentifier: string;
  /**
   * Identifiers of the RDS read replicas: each gets CPU, storage and replica-lag alarms.
   * @default - none
   */
  readonly replicaInstanceIdentifiers?: string[];
  /** Id of the Redis replication group (cluster mode off): its nodes are `<id>-001`, `<id>-002`, … */
  readonly replicationGroupId: string;
  /** Nodes of the replication group (1-6, known at synth): the primary and its replicas. */
  readonly cacheNodeCount: number;
  /**
   * HTTPCode_ELB_5XX_Count (5xx the load balancer generates itself: no healthy target, timeouts)
   * per 5 minutes above which the alarm fires, on 2 periods in a row: a handful of errors during a
   * deploy stays quiet, a sustained outage does not.
   * @default 10
   */
  readonly elb5xxCountThreshold?: number;
  /**
   * HTTPCode_Target_5XX_Count (5xx the app returns) per 5 minutes above which the alarm fires, on 2
   * periods in a row, for the same reason as `elb5xxCountThreshold`.
   * @default 10
   */
  readonly target5xxCountThreshold?: number;
  /**
   * UnHealthyHostCount at or above which the alarm fires, on 3 one-minute periods in a row: one
   * unhealthy target for 3 minutes is already a failed instance the ASG should have replaced.
   * @default 1
   */
  readonly unhealthyHostCountThreshold?: number;
  /**
   * Average CPU % of the Auto Scaling group above which the alarm fires, on 3 five-minute periods:
   * above the target-tracking target (65 % in the apps), so it fires only when scaling has not caught up.
   * @default 85
   */
  readonly webCpuPercentThreshold?: number;
  /**
   * Average CPU % of each DB instance above which the alarm fires, on 3 five-minute periods: the
   * headroom a Multi-AZ failover or a replica's loss needs.
   * @default 80
   */
  readonly dbCpuPercentThreshold?: number;
  /**
   * Free storage of each DB instance, in GiB, below which the alarm fires (Minimum over 5 minutes):
   * storage autoscaling grows by at least 10 % when less than 10 % is free, so 10 GiB left means
   * autoscaling is at its maximum or not keeping up.
   * @default 10
   */
  readonly dbFreeStorageGiBThreshold?: number;
  /**
   * ReplicaLag of each read replica, in seconds, above which the alarm fires, on 5 one-minute
   * periods: reads a minute stale are visible to users.
   * @default 60
   */
  readonly dbReplicaLagSecondsThreshold?: number;
  /**
   * DatabaseMemoryUsagePercentage of each Redis node above which the alarm fires, on 3 five-minute
   * periods: above it, evictions of sessions start.
   * @default 80
   */
  readonly cacheMemoryPercentThreshold?: number;
  /**
   * Evictions of each Redis node per 5 minutes above which the alarm fires: an evicted session
   * logs a user out, so any eviction alarms; raise it for a cache that evicts by design.
   * @default 0
   */
  readonly cacheEvictionsThreshold?: number;
  /**
   * Tags of every resource created here (on top of the provider's default tags).
   * @default - none
   */
  readonly tags?: Record<string, string>;
}
