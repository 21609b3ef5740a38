// The props of the web tier and the public types and limits they use.
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { IKmsKey, IntegerLimit } from '@phi-stack/constructs-core';
import { PeakWindow } from './peak-windows';
import { ScheduledAction } from './scheduled-actions';

/** Range of `cpuTargetPercent`, the average CPU target tracking keeps the group at. */
export const CPU_TARGET_PERCENT: IntegerLimit = {
  min: 10,
  max: 90,
  why: 'below 10% the group idles at its maximum, above 90% it cannot absorb a spike before new instances are in service',
};

/** TLS policy of the HTTPS listener unless `sslPolicy` says otherwise: TLS 1.3 and 1.2 with forward secrecy. */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/** SSM public parameter of the latest Amazon Linux 2023 AMI (x86_64). */
export const DEFAULT_AMI_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';

/** Protocol between the ALB and the instances. */
export type TargetProtocol = 'HTTPS' | 'HTTP';

/** CPU credit option of burstable (T-family) instances. */
export type CpuCredits = 'standard' | 'unlimited';

/** Predictive scaling: off, forecasts only (to evaluate them), or forecasts that launch capacity ahead of load. */
export type PredictiveScalingMode = 'off' | 'forecast-only' | 'forecast-and-scale';

/**
 * Baseline CPU utilization per vCPU of the burstable instance sizes, in percent: above it an
 * instance spends CPU credits (AWS, "Key concepts for burstable performance instances").
 */
export const BURSTABLE_BASELINE_PERCENT: Readonly<Record<string, number>> = {
  nano: 5,
  micro: 10,
  small: 20,
  medium: 20,
  large: 30,
  xlarge: 40,
  '2xlarge': 40,
};

/** True for the burstable families that take a credit specification (t2, t3, t3a, t4g). */
export function isBurstableInstanceType(instanceType: string): boolean {
  return /^t(2|3|3a|4g)\./.test(instanceType);
}

/** Seconds a plan keeps a scheduled action after its last run: AWS may run an action up to two minutes late. */
export const SCHEDULE_EXPIRY_GRACE_SECONDS = 300;

export interface AlbAsgProps {
  /** Name used in resource names and tags: lowercase letters, digits and hyphens, 2-24 characters. */
  readonly name: string;
  /** Id of the VPC of the ALB, the target group and the security groups. */
  readonly vpcId: string;
  /** Public subnets of the ALB, one per AZ (at least two). */
  readonly albSubnetIds: string[];
  /** Private subnets of the instances, one per AZ (at least two). */
  readonly appSubnetIds: string[];
  /** ARN of the ACM certificate of the HTTPS listener, in the stack's region. */
  readonly certificateArn: string;
  /**
   * TLS policy of the HTTPS listener; only TLS 1.2+ policies are accepted.
   * @default 'ELBSecurityPolicy-TLS13-1-2-2021-06'
   */
  readonly sslPolicy?: string;
  /**
   * CIDR blocks allowed to reach the ALB on 443 and 80.
   * @default ['0.0.0.0/0'] - a public web application
   */
  readonly albIngressCidrBlocks?: string[];
  /**
   * Whether the ALB is internal (no public addresses).
   * @default false
   */
  readonly internal?: boolean;
  /**
   * Deletion protection of the ALB.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Why deletion protection is off. Required when `deletionProtection` is false; lands in the tag
   * `phi-stack:opt-out:deletion-protection` of the ALB.
   * @default - none
   */
  readonly deletionProtectionDisabledReason?: string;
  /**
   * ARN of a WAFv2 web ACL (REGIONAL scope, same region) to associate with the ALB; the regional
   * stack passes its `WebAcl` with the AWS managed rule groups.
   * @default - no association
   */
  readonly webAclArn?: string;
  /**
   * Why the ALB runs without a web ACL. Exclusive with `webAclArn`; lands in the tag
   * `phi-stack:opt-out:waf` of the ALB, so that a missing WAF is a recorded decision.
   * @default - none
   */
  readonly webAclDisabledReason?: string;
  /**
   * Existing bucket for the ALB access logs. It must use SSE-S3 and let the regional ELB account write to it.
   * @default - a bucket created for this ALB (SSE-S3, versioned, TLS-only, public access blocked)
   */
  readonly accessLogsBucket?: S3Bucket;
  /**
   * Days after which access-log objects expire (created bucket only).
   * @default 365
   */
  readonly accessLogsExpirationDays?: number;
  /**
   * Let `terraform destroy` empty the created access-log bucket. Keep false where the logs are evidence.
   * @default false
   */
  readonly accessLogsForceDestroy?: boolean;
  /**
   * Port the application listens on.
   * @default 443
   */
  readonly appPort?: number;
  /**
   * Protocol from the ALB to the instances. HTTPS keeps PHI encrypted end to end.
   * @default 'HTTPS'
   */
  readonly targetProtocol?: TargetProtocol;
  /**
   * Why plain HTTP to the instances is acceptable. Required when `targetProtocol` is `HTTP`; lands in the tag
   * `phi-stack:opt-out:target-tls` of the target group.
   * @default - none
   */
  readonly targetProtocolHttpReason?: string;
  /**
   * Health check path.
   * @default '/health'
   */
  readonly healthCheckPath?: string;
  /**
   * Consecutive successes before a target is healthy (2-10).
   * @default 3
   */
  readonly healthyThreshold?: number;
  /**
   * Consecutive failures before a target is unhealthy (2-10).
   * @default 3
   */
  readonly unhealthyThreshold?: number;
  /**
   * Seconds between health checks (5-300).
   * @default 15
   */
  readonly healthCheckIntervalSeconds?: number;
  /**
   * Seconds the ALB waits for in-flight requests of a deregistering target (0-3600).
   * @default 30
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * Load-balancer cookie stickiness. Off, so that scale-in and instance refresh never strand a session.
   * @default false
   */
  readonly stickinessEnabled?: boolean;
  /**
   * AMI id of the instances: pinned, so the fleet rolls only when this value changes.
   * @default - the value of the SSM parameter `amiSsmParameterName` when the launch template is created
   */
  readonly imageId?: string;
  /**
   * SSM parameter that holds the AMI id (used when `imageId` is not given).
   * @default '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64'
   */
  readonly amiSsmParameterName?: string;
  /**
   * Follow `amiSsmParameterName` on every plan: each new AMI published there becomes a new launch
   * template version and an instance refresh of the whole fleet. Off by default, so that a new AWS
   * AMI does not roll the fleet unless asked (the template keeps the AMI it was created with; pin
   * a new one with `imageId`, or turn this on for a parameter your team publishes vetted AMIs to).
   * @default false
   */
  readonly amiAutoUpdate?: boolean;
  /**
   * CPU credit option of burstable instance types (t2, t3, t3a, t4g); only valid for those.
   * `standard` throttles an instance to its baseline (20% per vCPU on a t3.medium) once its
   * credits are spent, which a CPU target above the baseline reaches every day.
   * @default 'unlimited' for burstable types - sustained load above the baseline is billed as surplus credits instead of throttled
   */
  readonly cpuCredits?: CpuCredits;
  /**
   * EC2 instance type.
   * @default 't3.small'
   */
  readonly instanceType?: string;
  /**
   * Size of the root volume, in GiB (8-16384).
   * @default 20
   */
  readonly rootVolumeSizeGiB?: number;
  /**
   * Device name of the root volume (Amazon Linux uses /dev/xvda).
   * @default '/dev/xvda'
   */
  readonly rootDeviceName?: string;
  /**
   * Customer-managed key of the root volumes. Its policy must let the Auto Scaling service-linked role use it.
   * @default - a key created for this web tier, with rotation on
   */
  readonly kmsKey?: IKmsKey;
  /**
   * User data script (plain text; encoded by the construct).
   * @default - none
   */
  readonly userData?: string;
  /**
   * Detailed (1-minute) CloudWatch monitoring of the instances.
   * @default true
   */
  readonly detailedMonitoring?: boolean;
  /**
   * ARNs of the Secrets Manager secrets the app reads (`secretsmanager:GetSecretValue` on exactly these),
   * e.g. the RDS-managed master secret and the Redis AUTH token secret. Full secret ARNs, no wildcards.
   * @default - no secret access
   */
  readonly appSecretArns?: string[];
  /**
   * ARNs of the KMS keys that encrypt `appSecretArns`: the instances may `kms:Decrypt` with them through
   * Secrets Manager only (`kms:ViaService`).
   * @default - no KMS access for secrets
   */
  readonly appSecretKmsKeyArns?: string[];
  /**
   * SSM Parameter Store path of the app's configuration, e.g. `/phi-stack/phi-us-east-1/config`: the
   * instances may `ssm:GetParameter`, `ssm:GetParameters` and `ssm:GetParametersByPath` on that path and
   * below it only.
   * @default - no parameter access
   */
  readonly appConfigParameterPath?: string;
  /**
   * Resource ids (`DbiResourceId`, `db-...`; `DbInstance.resourceId`) of the RDS instances the app connects
   * to with IAM database authentication: grants `rds-db:connect` as `iamDatabaseAuthUserName` on each.
   * @default - no `rds-db:connect`
   */
  readonly iamDatabaseAuthResourceIds?: string[];
  /**
   * Database user the app connects as with IAM database authentication. Required with
   * `iamDatabaseAuthResourceIds`.
   * @default - none
   */
  readonly iamDatabaseAuthUserName?: string;
  /**
   * ARNs of the ElastiCache replication groups the app connects to with IAM authentication: grants
   * `elasticache:Connect` on them and on `iamCacheAuthUserArns`. Required with `iamCacheAuthUserArns`.
   * @default - no `elasticache:Connect`
   */
  readonly iamCacheAuthReplicationGroupArns?: string[];
  /**
   * ARNs of the ElastiCache users (authentication mode `iam`) the app connects as.
   * @default - none
   */
  readonly iamCacheAuthUserArns?: string[];
  /**
   * Minimum number of instances.
   * @default - the number of app subnets (one per AZ)
   */
  readonly minCapacity?: number;
  /**
   * Maximum number of instances; at least the number of app subnets.
   * @default - three times `minCapacity`
   */
  readonly maxCapacity?: number;
  /**
   * Desired number of instances at creation.
   * @default - `minCapacity`
   */
  readonly desiredCapacity?: number;
  /**
   * Seconds after launch before ELB health checks count.
   * @default 300
   */
  readonly healthCheckGracePeriodSeconds?: number;
  /**
   * Average CPU utilisation the group is kept at, in percent (10-90).
   * @default 65
   */
  readonly cpuTargetPercent?: number;
  /**
   * ALB requests per target per minute the group is kept at (`ALBRequestCountPerTarget` target
   * tracking beside the CPU policy): the requests one instance serves at `cpuTargetPercent`.
   * @default - no request-count policy
   */
  readonly requestCountPerTargetTarget?: number;
  /**
   * Predictive scaling on CPU (`PredictiveScaling` policy, metric pair `ASGCPUUtilization` at
   * `cpuTargetPercent`). `forecast-only` publishes forecasts without acting on them: run it for a
   * couple of weeks and compare before `forecast-and-scale`, which launches capacity ahead of the
   * forecast (never above `maxCapacity`).
   * @default 'off'
   */
  readonly predictiveScaling?: PredictiveScalingMode;
  /**
   * Peak windows of the schedule (weekly, yearly, once), each with its minimum. Windows stack: the
   * group's minimum is the largest minimum of the active windows, and `minCapacity` outside them.
   * Compiled at synth into non-overlapping scheduled actions (`compileSchedule`).
   * @default DEFAULT_PEAK_WINDOWS - weekends, Thanksgiving to Cyber Monday, Christmas and New Year, each at `peakMinCapacity`
   */
  readonly peakWindows?: PeakWindow[];
  /**
   * Raw scheduled actions, emitted as given instead of compiling `peakWindows`. They do not stack:
   * the last one to run wins. Pass `[]` for no schedule.
   * @default - the actions compiled from `peakWindows`
   */
  readonly scheduledActions?: ScheduledAction[];
  /**
   * Minimum size of the windows that set no `minCapacity`.
   * @default - twice `minCapacity`, capped at `maxCapacity`
   */
  readonly peakMinCapacity?: number;
  /**
   * IANA time zone of the peak windows (DST is followed: 07:00 stays 07:00 local), and of raw
   * actions that set none.
   * @default 'UTC'
   */
  readonly scheduleTimeZone?: string;
  /**
   * First year of the compiled horizon (local January 1). Actions that ran before a plan are left
   * out of it by a `plantimestamp()` guard, so this only moves once a year.
   * @default - the current UTC year at synth
   */
  readonly scheduleFromYear?: number;
  /**
   * Years of yearly and once windows compiled from `scheduleFromYear` (weekly windows go on after
   * the horizon). At most 125 scheduled actions fit a group.
   * @default 4
   */
  readonly scheduleYears?: number;
  /**
   * Local time (`HH:MM`) of the daily action that re-asserts the minimum outside the weekly windows,
   * so that a baseline changed in config, or by hand, holds again within a day even though
   * Terraform ignores `min_size` after creation. `false` for none.
   * @default '04:00'
   */
  readonly scheduleHoldTime?: string | false;
  /**
   * Percentages of the group replaced at each checkpoint of an instance refresh (ascending, the
   * last 100); the refresh pauses `instanceRefreshCheckpointDelaySeconds` at each.
   * @default [25, 50, 100]
   */
  readonly instanceRefreshCheckpointPercentages?: number[];
  /**
   * Seconds an instance refresh waits at each checkpoint (0-172800).
   * @default 600
   */
  readonly instanceRefreshCheckpointDelaySeconds?: number;
  /**
   * Roll an instance refresh back to the previous launch template version when it fails.
   * @default true
   */
  readonly instanceRefreshAutoRollback?: boolean;
  /**
   * Tags added to every resource of the construct (on top of the provider's default tags).
   * @default - `{ Name: <resource name> }` only
   */
  readonly tags?: Record<string, string>;
}
