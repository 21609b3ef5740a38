import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { Connections, IConnectable, IGrantable, IKmsKey, IntegerLimit, integerProblem, IPrincipal, kmsKeyProblem, OPT_OUTS, optOutReasonProblem, optOutTag, rolePrincipal, stackEnvironment } from '@phi-stack/constructs-core';
import { AutoscalingPolicy } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { AutoscalingSchedule } from '@cdktf/provider-aws/lib/autoscaling-schedule';
import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Fn, TerraformLocal, Token } from 'cdktf';
import { Construct } from 'constructs';
import { DEFAULT_PEAK_WINDOWS, dstProblems, localTimeDstProblem, PeakCalendar, PeakWindow, resolvePeakWindows, scheduleTimeZoneProblem } from './peak-windows';
import { CompiledSchedule, compileSchedule, MAX_SCHEDULED_ACTIONS } from './schedule-compiler';
import { cronProblem, isIsoUtc, isTimeZone, ScheduledAction } from './scheduled-actions';
import { isoUtc } from './time-zones';

/** TLS policy of the HTTPS listener unless `sslPolicy` says otherwise: TLS 1.3 and 1.2 with forward secrecy. */

/** Range of `cpuTargetPercent`, the average CPU target tracking keeps the group at. */
export const CPU_TARGET_PERCENT: IntegerLimit = {
  min: 10,
  max: 90,
  why: 'below 10% the group idles at its maximum, above 90% it cannot absorb a spike before new instances are in service',
};

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

/**
 * The web tier: an internet-facing Application Load Balancer over the public subnets (HTTPS with
 * a TLS 1.2+ policy, HTTP only redirecting, access logs, optional WAF) in front of an Auto Scaling
 * group of IMDSv2-only, encrypted, private instances that scales on CPU and on a schedule.
 */
export class AlbAsg extends Construct implements IGrantable, IConnectable {
  /** The instance role, for grants: `images.grantReadWrite(web, 'images/')` adds a policy to it. */
  public readonly grantPrincipal: IPrincipal;
  /**
   * The instances' security group as a peer: `database.allowFrom(web)` opens the database's
   * ingress and the instances' egress (`app-out-<peer>`), both by group reference.
   */
  public readonly connections: Connections;
  /** The load balancer. */
  public readonly alb: Lb;
  /** ARN of the ALB. */
  public readonly albArn: string;
  /** DNS name of the ALB (the target of the app's DNS alias). */
  public readonly albDnsName: string;
  /** Route 53 hosted zone id of the ALB, for alias records. */
  public readonly albZoneId: string;
  /** ARN of the HTTPS listener. */
  public readonly httpsListenerArn: string;
  /** ARN of the HTTP listener (redirects to HTTPS). */
  public readonly httpListenerArn: string;
  /** ARN of the target group. */
  public readonly targetGroupArn: string;
  /** Name of the Auto Scaling group. */
  public readonly autoscalingGroupName: string;
  /** Id of the ALB's security group. */
  public readonly albSecurityGroupId: string;
  /** Id of the instances' security group: allow it on the database and cache security groups. */
  public readonly appSecurityGroupId: string;
  /** The ALB's security group (443 and 80 in, the app port to the instances out). */
  public readonly albSecurityGroup: SecurityGroup;
  /** The instances' security group (the app port from the ALB in; HTTPS out, plus `allowAppEgressTo`). */
  public readonly appSecurityGroup: SecurityGroup;
  /** The Auto Scaling group of the instances. */
  public readonly autoscalingGroup: AutoscalingGroup;
  /** Port the instances listen on (the target group's port). */
  public readonly appPort: number;
  /** Id of the launch template. */
  public readonly launchTemplateId: string;
  /** Name of the instance role. */
  public readonly instanceRoleName: string;
  /** ARN of the instance role. */
  public readonly instanceRoleArn: string;
  /** Name of the access-log bucket. */
  public readonly accessLogsBucketName: string;
  /** The key that encrypts the root volumes. */
  public readonly kmsKey: IKmsKey;
  /** The scheduled actions applied, after defaults. */
  public readonly scheduledActions: readonly ScheduledAction[];
  /** The peak calendar the schedule was compiled from (undefined with raw `scheduledActions`). */
  public readonly peakCalendar?: PeakCalendar;
  /** The compiled schedule: actions, change points and horizon (undefined with raw `scheduledActions`). */
  public readonly schedule?: CompiledSchedule;

  constructor(scope: Construct, id: string, props: AlbAsgProps) {
    super(scope, id);
    const keyProblem = kmsKeyProblem('kmsKey', props.kmsKey);
    if (keyProblem) throw new Error(`${this.node.path}: ${keyProblem}`);
    const path = this.node.path;
    const fail = (message: string): never => {
      throw new Error(`${path}: ${message}`);
    };
    const name = props.name;
    if (!/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/.test(name)) {
      fail(`name must be 2-24 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen (got '${name}'): it prefixes the ALB and target group names, which AWS caps at 32 characters`);
    }
    const tags = (resourceName: string, extra: Record<string, string> = {}): Record<string, string> => ({ ...props.tags, Name: resourceName, ...extra });

    // ---- Validation
    const azCount = props.appSubnetIds.length;
    if (props.albSubnetIds.length < 2) fail(`albSubnetIds must list at least 2 subnets in different AZs (got ${props.albSubnetIds.length}): an ALB needs two AZs`);
    if (azCount < 2) fail(`appSubnetIds must list at least 2 subnets in different AZs (got ${azCount}): one AZ is not highly available`);
    if (!Token.isUnresolved(props.certificateArn) && !/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(props.certificateArn)) {
      fail(`certificateArn must be an ACM certificate ARN like arn:aws:acm:us-east-1:123456789012:certificate/<id> (got '${props.certificateArn}')`);
    }
    const sslPolicy = props.sslPolicy ?? DEFAULT_SSL_POLICY;
    if (!/^ELBSecurityPolicy-(TLS13-1-[23]-|FS-1-2-|TLS-1-2-)/.test(sslPolicy)) {
      fail(`sslPolicy must be a TLS 1.2+ ELB policy such as ${DEFAULT_SSL_POLICY} (got '${sslPolicy}'): older policies allow TLS 1.0/1.1, which HIPAA guidance rules out`);
    }
    const deletionProtection = props.deletionProtection ?? true;
    const deletionReason = optOutReasonProblem(!deletionProtection, 'deletionProtectionDisabledReason', props.deletionProtectionDisabledReason, 'deletionProtection is false', OPT_OUTS.deletionProtection);
    if (deletionReason) fail(deletionReason);
    if (props.webAclDisabledReason !== undefined) {
      if (props.webAclArn !== undefined) {
        fail(`webAclArn and webAclDisabledReason are exclusive (got both): drop webAclDisabledReason to attach the web ACL`);
      }
      const wafReason = optOutReasonProblem(true, 'webAclDisabledReason', props.webAclDisabledReason, 'the ALB has no web ACL', OPT_OUTS.waf);
      if (wafReason) fail(wafReason);
    }
    const targetProtocol = props.targetProtocol ?? 'HTTPS';
    if (targetProtocol !== 'HTTPS' && targetProtocol !== 'HTTP') fail(`targetProtocol must be 'HTTPS' or 'HTTP' (got '${String(targetProtocol)}')`);
    const httpReason = optOutReasonProblem(
      targetProtocol === 'HTTP',
      'targetProtocolHttpReason',
      props.targetProtocolHttpReason,
      "targetProtocol is 'HTTP' (PHI would cross the VPC unencrypted between the ALB and the instances)",
      OPT_OUTS.targetTls,
    );
    if (httpReason) fail(httpReason);
    const appPort = props.appPort ?? 443;
    const intIn = (prop: string, value: number, lo: number, hi: number, why = ''): void => {
      if (!Token.isUnresolved(value) && (!Number.isInteger(value) || value < lo || value > hi)) fail(`${prop} must be an integer between ${lo} and ${hi} (got ${value})${why}`);
    };
    intIn('appPort', appPort, 1, 65535);
    const healthyThreshold = props.healthyThreshold ?? 3;
    const unhealthyThreshold = props.unhealthyThreshold ?? 3;
    const interval = props.healthCheckIntervalSeconds ?? 15;
    const deregistrationDelay = props.deregistrationDelaySeconds ?? 30;
    intIn('healthyThreshold', healthyThreshold, 2, 10);
    intIn('unhealthyThreshold', unhealthyThreshold, 2, 10);
    intIn('healthCheckIntervalSeconds', interval, 5, 300);
    intIn('deregistrationDelaySeconds', deregistrationDelay, 0, 3600);
    const healthCheckPath = props.healthCheckPath ?? '/health';
    if (!healthCheckPath.startsWith('/')) fail(`healthCheckPath must start with / (got '${healthCheckPath}')`);
    const instanceType = props.instanceType ?? 't3.small';
    if (!Token.isUnresolved(instanceType) && !/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(instanceType)) fail(`instanceType must look like t3.small (got '${instanceType}')`);
    const rootVolumeSize = props.rootVolumeSizeGiB ?? 20;
    intIn('rootVolumeSizeGiB', rootVolumeSize, 8, 16384);
    // Removed props, still read from JavaScript callers: refused rather than silently ignored.
    for (const removed of ['imageBucketArn', 'imageBucketPrefix', 'imageBucketKmsKeyArn'] as const) {
      if ((props as unknown as Record<string, unknown>)[removed] !== undefined) {
        fail(`${removed} was removed (got '${String((props as unknown as Record<string, unknown>)[removed])}'): grant the bucket instead, images.grantReadWrite(web, 'images/') with an S3CloudFront, or bucketFromArn(scope, arn, { encryptionKey }).grantReadWrite(web, 'images/')`);
      }
    }
    (props.albIngressCidrBlocks ?? []).forEach((cidr, i) => {
      if (!Token.isUnresolved(cidr) && !isIpv4Cidr(cidr)) {
        fail(`albIngressCidrBlocks[${i}] must be an IPv4 CIDR block with no host bits set, like 203.0.113.0/24 (got '${cidr}'): the ALB security group admits clients from these blocks`);
      }
    });
    const appAccess = validateAppAccess(fail, props);

    const minCapacity = props.minCapacity ?? azCount;
    const maxCapacity = props.maxCapacity ?? minCapacity * 3;
    const desiredCapacity = props.desiredCapacity ?? minCapacity;
    intIn('minCapacity', minCapacity, 0, 1000);
    intIn('maxCapacity', maxCapacity, 1, 1000);
    if (!(minCapacity <= desiredCapacity && desiredCapacity <= maxCapacity)) {
      fail(`capacities must satisfy minCapacity <= desiredCapacity <= maxCapacity (got ${minCapacity} <= ${desiredCapacity} <= ${maxCapacity})`);
    }
    if (maxCapacity < azCount) {
      fail(`maxCapacity must be at least the number of app subnets (got ${maxCapacity} for ${azCount} AZs): the group needs an instance per AZ to survive an AZ failure`);
    }
    intIn('healthCheckGracePeriodSeconds', props.healthCheckGracePeriodSeconds ?? 300, 0, 7200);
    const cpuTarget = props.cpuTargetPercent ?? 65;
    const cpuTargetProblem = integerProblem('cpuTargetPercent', cpuTarget, CPU_TARGET_PERCENT);
    if (cpuTargetProblem) fail(cpuTargetProblem);
    if (props.requestCountPerTargetTarget !== undefined) intIn('requestCountPerTargetTarget', props.requestCountPerTargetTarget, 1, 1000000);
    const predictive = props.predictiveScaling ?? 'off';
    if (!['off', 'forecast-only', 'forecast-and-scale'].includes(predictive)) {
      fail(`predictiveScaling must be 'off', 'forecast-only' or 'forecast-and-scale' (got '${String(predictive)}')`);
    }
    const burstable = !Token.isUnresolved(instanceType) && isBurstableInstanceType(instanceType);
    if (props.cpuCredits !== undefined && props.cpuCredits !== 'standard' && props.cpuCredits !== 'unlimited') {
      fail(`cpuCredits must be 'standard' or 'unlimited' (got '${String(props.cpuCredits)}')`);
    }
    if (props.cpuCredits !== undefined && !burstable) {
      fail(`cpuCredits applies to burstable instance types (t2, t3, t3a, t4g) only (got cpuCredits '${props.cpuCredits}' on ${instanceType}): remove it`);
    }
    const cpuCredits: CpuCredits | undefined = burstable ? props.cpuCredits ?? 'unlimited' : undefined;
    if (cpuCredits === 'standard') {
      const baseline = BURSTABLE_BASELINE_PERCENT[instanceType.split('.')[1]];
      if (baseline !== undefined && cpuTarget > baseline) {
        fail(
          `cpuTargetPercent ${cpuTarget} is above the ${baseline}% baseline of ${instanceType}, which cpuCredits 'standard' throttles to once its credits are spent: use cpuCredits 'unlimited', a target of at most ${baseline}, or a non-burstable type`,
        );
      }
    }
    const checkpoints = props.instanceRefreshCheckpointPercentages ?? [25, 50, 100];
    if (checkpoints.length === 0 || checkpoints.some((p, i) => !Number.isInteger(p) || p < 1 || p > 100 || (i > 0 && p <= checkpoints[i - 1])) || checkpoints[checkpoints.length - 1] !== 100) {
      fail(`instanceRefreshCheckpointPercentages must be ascending integers of 1-100 ending with 100 (got [${checkpoints.join(', ')}]): the last checkpoint replaces the whole fleet`);
    }
    const checkpointDelay = props.instanceRefreshCheckpointDelaySeconds ?? 600;
    intIn('instanceRefreshCheckpointDelaySeconds', checkpointDelay, 0, 172800);
    const timeZone = props.scheduleTimeZone ?? 'UTC';
    const zoneProblem = scheduleTimeZoneProblem(timeZone);
    if (zoneProblem || !isTimeZone(timeZone)) fail(zoneProblem ?? `scheduleTimeZone must be an IANA time zone like America/New_York (got '${timeZone}')`);
    const peakMin = props.peakMinCapacity ?? Math.min(maxCapacity, minCapacity * 2);
    if (peakMin < minCapacity || peakMin > maxCapacity) {
      fail(`peakMinCapacity must be between minCapacity and maxCapacity (got ${peakMin}, bounds ${minCapacity}-${maxCapacity})`);
    }
    let schedule: ScheduledAction[];
    if (props.scheduledActions !== undefined) {
      if (props.peakWindows !== undefined) fail('scheduledActions and peakWindows are exclusive (got both): raw actions do not stack, so pass either the windows or the actions');
      schedule = props.scheduledActions.map((a) => ({ ...a, ...(a.recurrence !== undefined ? { timeZone: a.timeZone ?? timeZone } : {}) }));
    } else {
      const fromYear = props.scheduleFromYear ?? new Date().getUTCFullYear();
      const years = props.scheduleYears ?? 4;
      intIn('scheduleFromYear', fromYear, 2000, 2200);
      intIn('scheduleYears', years, 1, 10);
      const resolved = resolvePeakWindows(props.peakWindows ?? [...DEFAULT_PEAK_WINDOWS], { baseMinSize: minCapacity, peakMinSize: peakMin, maxSize: maxCapacity });
      if (resolved.problems.length > 0) fail(resolved.problems.join('; '));
      for (const w of resolved.windows) {
        if (w.minSize < minCapacity) fail(`peakWindows '${w.name}' minCapacity ${w.minSize} is below minCapacity ${minCapacity}: a window can only raise the minimum`);
      }
      const calendar: PeakCalendar = { timeZone, baseMinSize: minCapacity, windows: resolved.windows };
      const dst = dstProblems(calendar, fromYear, fromYear + years - 1);
      if (dst.length > 0) fail(dst.join('; '));
      const holdTime = props.scheduleHoldTime === false ? undefined : props.scheduleHoldTime ?? '04:00';
      if (holdTime !== undefined) {
        const problem = localTimeDstProblem(holdTime, timeZone, fromYear, fromYear + years - 1, 'scheduleHoldTime');
        if (problem) fail(problem);
      }
      this.peakCalendar = calendar;
      this.schedule = compileSchedule({ calendar, fromYear, years, holdTime });
      schedule = this.schedule.actions;
    }
    validateSchedule(fail, schedule);
    if (schedule.length > MAX_SCHEDULED_ACTIONS) {
      fail(
        `the schedule has ${schedule.length} scheduled actions, more than the ${MAX_SCHEDULED_ACTIONS} EC2 Auto Scaling allows per group: lower scheduleYears (got ${props.scheduleYears ?? 4}) or merge peak windows`,
      );
    }
    this.scheduledActions = schedule;

    // ---- Context
    const { partition, region, callerIdentity: caller } = stackEnvironment(this);
    const accountRoot = `arn:${partition.partition}:iam::${caller.accountId}:root`;

    // ---- Access-log bucket. ALB access logs support SSE-S3 only (not SSE-KMS), so this bucket
    // is the one place where the stack uses AES256 instead of a customer-managed key.
    const logPrefix = name;
    let logBucket: S3Bucket;
    let logBucketPolicy: S3BucketPolicy | undefined;
    if (props.accessLogsBucket) {
      logBucket = props.accessLogsBucket;
    } else {
      intIn('accessLogsExpirationDays', props.accessLogsExpirationDays ?? 365, 1, 36500);
      logBucket = new S3Bucket(this, 'access-logs', {
        bucketPrefix: `${name}-alb-logs-`,
        forceDestroy: props.accessLogsForceDestroy ?? false,
        tags: tags(`${name}-alb-logs`, optOutTag(OPT_OUTS.encryption, 'ALB access-log delivery supports only SSE-S3 on the destination bucket')),
      });
      new S3BucketPublicAccessBlock(this, 'access-logs-pab', {
        bucket: logBucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      new S3BucketOwnershipControls(this, 'access-logs-ownership', { bucket: logBucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
      new S3BucketVersioningA(this, 'access-logs-versioning', { bucket: logBucket.id, versioningConfiguration: { status: 'Enabled' } });
      new S3BucketServerSideEncryptionConfigurationA(this, 'access-logs-sse', {
        bucket: logBucket.id,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
      });
      new S3BucketLifecycleConfiguration(this, 'access-logs-lifecycle', {
        bucket: logBucket.id,
        rule: [
          {
            id: 'expire-access-logs',
            status: 'Enabled',
            filter: [{ prefix: '' }],
            expiration: [{ days: props.accessLogsExpirationDays ?? 365 }],
            noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
            abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          },
        ],
      });
      const elbAccount = new DataAwsElbServiceAccount(this, 'elb-account');
      const objects = `${logBucket.arn}/${logPrefix}/AWSLogs/${caller.accountId}/*`;
      const policy = new DataAwsIamPolicyDocument(this, 'access-logs-policy-doc', {
        statement: [
          {
            // Regions launched before August 2022 deliver as the regional ELB account.
            sid: 'ElbAccountWritesAccessLogs',
            effect: 'Allow',
            principals: [{ type: 'AWS', identifiers: [elbAccount.arn] }],
            actions: ['s3:PutObject'],
            resources: [objects],
          },
          {
            // Newer regions deliver through the log-delivery service principal.
            sid: 'LogDeliveryWritesAccessLogs',
            effect: 'Allow',
            principals: [{ type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] }],
            actions: ['s3:PutObject'],
            resources: [objects],
          },
          {
            sid: 'DenyInsecureTransport',
            effect: 'Deny',
            principals: [{ type: 'AWS', identifiers: ['*'] }],
            actions: ['s3:*'],
            resources: [logBucket.arn, `${logBucket.arn}/*`],
            condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
          },
        ],
      });
      logBucketPolicy = new S3BucketPolicy(this, 'access-logs-policy', { bucket: logBucket.id, policy: policy.json });
    }
    this.accessLogsBucketName = logBucket.bucket;

    // ---- Security groups
    const albSg = new SecurityGroup(this, 'alb-sg', {
      name: `${name}-alb`,
      description: `ALB of ${name}: HTTPS and HTTP (redirect) in, app port to the instances out`,
      vpcId: props.vpcId,
      tags: tags(`${name}-alb`),
    });
    const appSg = new SecurityGroup(this, 'app-sg', {
      name: `${name}-app`,
      description: `Instances of ${name}: app port from the ALB only`,
      vpcId: props.vpcId,
      tags: tags(`${name}-app`),
    });
    (props.albIngressCidrBlocks ?? ['0.0.0.0/0']).forEach((cidr, i) => {
      for (const port of [443, 80]) {
        new VpcSecurityGroupIngressRule(this, `alb-in-${port}-${i}`, {
          securityGroupId: albSg.id,
          description: port === 443 ? 'HTTPS from clients' : 'HTTP from clients (redirected to HTTPS)',
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          cidrIpv4: cidr,
        });
      }
    });
    new VpcSecurityGroupEgressRule(this, 'alb-out-app', {
      securityGroupId: albSg.id,
      description: 'App port and health checks to the instances',
      ipProtocol: 'tcp',
      fromPort: appPort,
      toPort: appPort,
      referencedSecurityGroupId: appSg.id,
    });
    new VpcSecurityGroupIngressRule(this, 'app-in-alb', {
      securityGroupId: appSg.id,
      description: 'App port from the ALB only',
      ipProtocol: 'tcp',
      fromPort: appPort,
      toPort: appPort,
      referencedSecurityGroupId: albSg.id,
    });
    new VpcSecurityGroupEgressRule(this, 'app-out-https', {
      securityGroupId: appSg.id,
      description: 'HTTPS to AWS APIs (through endpoints or NAT) and package repositories',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '0.0.0.0/0',
    });
    this.albSecurityGroupId = albSg.id;
    this.appSecurityGroupId = appSg.id;
    this.albSecurityGroup = albSg;
    this.appSecurityGroup = appSg;
    this.connections = new Connections({ scope: this, securityGroupId: appSg.id, name: 'app', defaultPort: appPort, egressIdPrefix: 'app-out' });
    this.appPort = appPort;

    // ---- Load balancer
    this.alb = new Lb(this, 'alb', {
      name: `${name}-alb`,
      loadBalancerType: 'application',
      internal: props.internal ?? false,
      securityGroups: [albSg.id],
      subnets: props.albSubnetIds,
      dropInvalidHeaderFields: true,
      enableDeletionProtection: deletionProtection,
      desyncMitigationMode: 'strictest',
      enableHttp2: true,
      idleTimeout: 60,
      accessLogs: { bucket: logBucket.bucket, prefix: logPrefix, enabled: true },
      tags: tags(
        `${name}-alb`,
        {
          ...(deletionProtection ? {} : optOutTag(OPT_OUTS.deletionProtection, props.deletionProtectionDisabledReason!)),
          ...(props.webAclDisabledReason !== undefined ? optOutTag(OPT_OUTS.waf, props.webAclDisabledReason) : {}),
        },
      ),
      // ELB checks that it can write to the bucket when access logs are turned on.
      dependsOn: logBucketPolicy ? [logBucketPolicy] : undefined,
    });
    if (props.webAclArn) {
      new Wafv2WebAclAssociation(this, 'waf', { resourceArn: this.alb.arn, webAclArn: props.webAclArn });
    }

    const targetGroup = new LbTargetGroup(this, 'tg', {
      name: `${name}-tg`,
      vpcId: props.vpcId,
      port: appPort,
      protocol: targetProtocol,
      targetType: 'instance',
      deregistrationDelay: String(deregistrationDelay),
      healthCheck: {
        enabled: true,
        path: healthCheckPath,
        protocol: targetProtocol,
        port: 'traffic-port',
        healthyThreshold,
        unhealthyThreshold,
        interval,
        timeout: Math.min(10, interval - 1),
        matcher: '200',
      },
      stickiness: { type: 'lb_cookie', enabled: props.stickinessEnabled ?? false, cookieDuration: 3600 },
      tags: tags(`${name}-tg`, targetProtocol === 'HTTP' ? optOutTag(OPT_OUTS.targetTls, props.targetProtocolHttpReason!) : {}),
    });

    const https = new LbListener(this, 'https', {
      loadBalancerArn: this.alb.arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy,
      certificateArn: props.certificateArn,
      defaultAction: [{ type: 'forward', targetGroupArn: targetGroup.arn }],
      tags: tags(`${name}-https`),
    });
    const http = new LbListener(this, 'http', {
      loadBalancerArn: this.alb.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
      tags: tags(`${name}-http`),
    });

    // ---- KMS key of the root volumes
    if (props.kmsKey) {
      this.kmsKey = props.kmsKey;
    } else {
      const asgRole = `arn:${partition.partition}:iam::${caller.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
      const keyPolicy = new DataAwsIamPolicyDocument(this, 'kms-policy', {
        statement: [
          {
            // The account's IAM policies decide who administers the key; no other principal gets in.
            sid: 'AccountRootManagesKey',
            effect: 'Allow',
            principals: [{ type: 'AWS', identifiers: [accountRoot] }],
            actions: ['kms:*'],
            resources: ['*'],
          },
          {
            // Auto Scaling launches the instances and so creates their encrypted volumes.
            sid: 'AutoScalingUsesKeyForVolumes',
            effect: 'Allow',
            principals: [{ type: 'AWS', identifiers: [asgRole] }],
            actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
            resources: ['*'],
          },
          {
            sid: 'AutoScalingGrantsForVolumes',
            effect: 'Allow',
            principals: [{ type: 'AWS', identifiers: [asgRole] }],
            actions: ['kms:CreateGrant'],
            resources: ['*'],
            condition: [{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }],
          },
        ],
      });
      this.kmsKey = new KmsKey(this, 'kms-key', {
        description: `Encrypts the EBS volumes of ${name}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: keyPolicy.json,
        tags: tags(`${name}-ebs`),
      });
      new KmsAlias(this, 'kms-alias', { name: `alias/phi-stack/${name}/ebs`, targetKeyId: this.kmsKey.keyId });
    }

    // ---- Instance role: SSM core, the image prefix and its key, the app's config path, secrets and their keys only
    const assume = new DataAwsIamPolicyDocument(this, 'instance-assume', {
      statement: [{ effect: 'Allow', principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }], actions: ['sts:AssumeRole'] }],
    });
    const role = new IamRole(this, 'instance-role', { name: `${name}-instance`, assumeRolePolicy: assume.json, tags: tags(`${name}-instance`) });
    new IamRolePolicyAttachment(this, 'instance-ssm', {
      role: role.name,
      policyArn: `arn:${partition.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
    });
    this.grantPrincipal = rolePrincipal(this, role, 'instance-');
    const appStatements = appAccessStatements(appAccess, { partition: partition.partition, region: region.name, account: caller.accountId });
    if (appStatements.length > 0) {
      const doc = new DataAwsIamPolicyDocument(this, 'instance-app-doc', { statement: appStatements });
      new IamRolePolicy(this, 'instance-app', { name: 'app-config-and-secrets', role: role.id, policy: doc.json });
    }
    const profile = new IamInstanceProfile(this, 'instance-profile', { name: `${name}-instance`, role: role.name, tags: tags(`${name}-instance`) });
    this.instanceRoleName = role.name;
    this.instanceRoleArn = role.arn;

    // ---- Launch template
    let imageId = props.imageId;
    if (imageId !== undefined && (props.amiSsmParameterName !== undefined || props.amiAutoUpdate !== undefined)) {
      fail(`imageId pins the AMI, so amiSsmParameterName and amiAutoUpdate do not apply (got imageId '${imageId}' with ${props.amiSsmParameterName !== undefined ? 'amiSsmParameterName' : 'amiAutoUpdate'}): remove one`);
    }
    // Following the parameter rolls the fleet on every AMI published to it: opt-in only.
    const followAmiParameter = imageId === undefined && (props.amiAutoUpdate ?? false);
    if (imageId === undefined) {
      const param = new DataAwsSsmParameter(this, 'ami', { name: props.amiSsmParameterName ?? DEFAULT_AMI_PARAMETER });
      // The parameter is a public AMI id, not a secret: unwrap the provider's sensitive marking.
      imageId = Fn.nonsensitive(param.value);
    }
    const launchTemplate = new LaunchTemplate(this, 'lt', {
      name: `${name}-app`,
      description: `Instances of ${name}`,
      imageId,
      instanceType,
      // Burstable types: the credit option is a decision, not an account default.
      creditSpecification: cpuCredits !== undefined ? { cpuCredits } : undefined,
      // The AMI read from SSM is kept after creation unless amiAutoUpdate asks to follow it.
      lifecycle: props.imageId === undefined && !followAmiParameter ? { ignoreChanges: ['image_id'] } : undefined,
      updateDefaultVersion: true,
      iamInstanceProfile: { arn: profile.arn },
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1, instanceMetadataTags: 'disabled' },
      monitoring: { enabled: props.detailedMonitoring ?? true },
      networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: 'false', securityGroups: [appSg.id], deleteOnTermination: 'true' }],
      blockDeviceMappings: [
        {
          deviceName: props.rootDeviceName ?? '/dev/xvda',
          ebs: { volumeType: 'gp3', volumeSize: rootVolumeSize, encrypted: 'true', kmsKeyId: this.kmsKey.arn, deleteOnTermination: 'true' },
        },
      ],
      userData: encodeUserData(props.userData),
      tagSpecifications: [
        { resourceType: 'instance', tags: tags(`${name}-app`) },
        { resourceType: 'volume', tags: tags(`${name}-app`) },
      ],
      tags: tags(`${name}-app`),
    });
    this.launchTemplateId = launchTemplate.id;

    // ---- Auto Scaling group
    const groupTags = tags(`${name}-app`);
    // The schedule owns min_size once the group exists: Terraform sets it at creation only, to the
    // minimum in force at plan time (a group created during a peak starts at the peak), and ignores
    // it afterwards, so that an apply during a window never drops the group to its baseline.
    const scheduleOwnsMin = schedule.some((a) => a.minSize !== undefined);
    let creationMin: number | string = minCapacity;
    let creationDesired: number | string = desiredCapacity;
    if (this.schedule && scheduleOwnsMin) {
      const steps = new TerraformLocal(
        this,
        'schedule-steps',
        this.schedule.steps.map(([at, min]) => [isoUtc(at), min]),
      );
      const inForce = `try(reverse([for s in local.${steps.friendlyUniqueId} : s[1] if timecmp(s[0], plantimestamp()) <= 0])[0], ${minCapacity})`;
      creationMin = `\${${inForce}}`;
      creationDesired = `\${max(${desiredCapacity}, ${inForce})}`;
    }
    const asg = new AutoscalingGroup(this, 'asg', {
      name: `${name}-app`,
      minSize: typeof creationMin === 'number' ? creationMin : Token.asNumber(creationMin),
      maxSize: maxCapacity,
      desiredCapacity: typeof creationDesired === 'number' ? creationDesired : Token.asNumber(creationDesired),
      vpcZoneIdentifier: props.appSubnetIds,
      targetGroupArns: [targetGroup.arn],
      healthCheckType: 'ELB',
      healthCheckGracePeriod: props.healthCheckGracePeriodSeconds ?? 300,
      capacityRebalance: false,
      launchTemplate: { id: launchTemplate.id, version: Token.asString(launchTemplate.latestVersion) },
      // Launch before terminate (100-110% healthy), pause at each checkpoint, roll back on failure.
      // Refreshes start only when the launch template changes: a new AMI from SSM does not change
      // it unless amiAutoUpdate is on.
      instanceRefresh: {
        strategy: 'Rolling',
        preferences: {
          minHealthyPercentage: 100,
          maxHealthyPercentage: 110,
          instanceWarmup: String(props.healthCheckGracePeriodSeconds ?? 300),
          checkpointPercentages: checkpoints,
          checkpointDelay: String(checkpointDelay),
          autoRollback: props.instanceRefreshAutoRollback ?? true,
          skipMatching: true,
        },
      },
      metricsGranularity: '1Minute',
      enabledMetrics: [
        'GroupMinSize',
        'GroupMaxSize',
        'GroupDesiredCapacity',
        'GroupInServiceInstances',
        'GroupPendingInstances',
        'GroupStandbyInstances',
        'GroupTerminatingInstances',
        'GroupTotalInstances',
      ],
      tag: Object.entries(groupTags).map(([key, value]) => ({ key, value, propagateAtLaunch: false })),
      // Target tracking (and predictive scaling) own desired capacity after creation; the schedule owns min_size.
      lifecycle: { ignoreChanges: scheduleOwnsMin ? ['desired_capacity', 'min_size'] : ['desired_capacity'] },
    });
    this.autoscalingGroupName = asg.name;
    this.autoscalingGroup = asg;

    new AutoscalingPolicy(this, 'cpu-target', {
      // The target is not in the name: a retune is an in-place update, not a replacement.
      name: `${name}-cpu-target`,
      autoscalingGroupName: asg.name,
      policyType: 'TargetTrackingScaling',
      estimatedInstanceWarmup: 300,
      targetTrackingConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: 'ASGAverageCPUUtilization' },
        targetValue: cpuTarget,
      },
    });
    if (props.requestCountPerTargetTarget !== undefined) {
      new AutoscalingPolicy(this, 'requests-target', {
        name: `${name}-requests-per-target`,
        autoscalingGroupName: asg.name,
        policyType: 'TargetTrackingScaling',
        estimatedInstanceWarmup: 300,
        targetTrackingConfiguration: {
          predefinedMetricSpecification: {
            predefinedMetricType: 'ALBRequestCountPerTarget',
            resourceLabel: `${this.alb.arnSuffix}/${targetGroup.arnSuffix}`,
          },
          targetValue: props.requestCountPerTargetTarget,
        },
      });
    }
    if (predictive !== 'off') {
      new AutoscalingPolicy(this, 'cpu-predictive', {
        name: `${name}-cpu-predictive`,
        autoscalingGroupName: asg.name,
        policyType: 'PredictiveScaling',
        predictiveScalingConfiguration: {
          mode: predictive === 'forecast-and-scale' ? 'ForecastAndScale' : 'ForecastOnly',
          // Launch five minutes ahead of the forecast, never above the group's maximum.
          schedulingBufferTime: '300',
          maxCapacityBreachBehavior: 'HonorMaxCapacity',
          metricSpecification: { targetValue: cpuTarget, predefinedMetricPairSpecification: { predefinedMetricType: 'ASGCPUUtilization' } },
        },
      });
    }
    const grace = SCHEDULE_EXPIRY_GRACE_SECONDS * 1000;
    for (const action of schedule) {
      // AWS deletes a one-time action once it ran and a recurring one at its end time, and rejects
      // start times in the past. The plan-time guards keep both out of any plan made after them,
      // so that re-planning never re-creates what already ran.
      const lastRun = action.recurrence === undefined ? action.startTime : action.endTime;
      const recurringStart = action.recurrence !== undefined ? action.startTime : undefined;
      new AutoscalingSchedule(this, `schedule-${action.name}`, {
        count: lastRun !== undefined ? Token.asNumber(planTimeGuard(isoUtc(Date.parse(lastRun) + grace), '1', '0')) : undefined,
        autoscalingGroupName: asg.name,
        scheduledActionName: action.name,
        recurrence: action.recurrence,
        startTime: recurringStart !== undefined ? planTimeGuard(recurringStart, JSON.stringify(recurringStart), 'null') : action.startTime,
        endTime: action.endTime,
        timeZone: action.recurrence ? action.timeZone : undefined,
        // -1 leaves the value unchanged.
        minSize: action.minSize ?? -1,
        maxSize: action.maxSize ?? -1,
        desiredCapacity: action.desiredCapacity ?? -1,
        // AWS reports a recurring action's next run as its start time: never send that back.
        lifecycle: action.recurrence !== undefined ? { ignoreChanges: ['start_time'] } : undefined,
      });
    }

    // ---- Outputs
    this.albArn = this.alb.arn;
    this.albDnsName = this.alb.dnsName;
    this.albZoneId = this.alb.zoneId;
    this.httpsListenerArn = https.arn;
    this.httpListenerArn = http.arn;
    this.targetGroupArn = targetGroup.arn;
  }

  /**
   * Lets the instances open TCP connections to another security group on one port, e.g. the
   * database's. Terraform removes AWS's default allow-all egress from the groups it creates, so
   * the instances reach nothing but HTTPS until a rule like this one exists. The rule references
   * the group, not a CIDR; its construct id is `app-out-<id>`.
   *
   * ```ts
   * web.allowAppEgressTo('mysql', database.securityGroupId, 3306);
   * ```
   */
  public allowAppEgressTo(id: string, securityGroupId: string, port: number, description?: string): VpcSecurityGroupEgressRule {
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    if (!/^[a-z][a-z0-9-]{0,40}$/.test(id)) fail(`allowAppEgressTo id must be 1-41 lowercase letters, digits or hyphens (got '${id}'): it becomes the construct id app-out-${id}`);
    if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`allowAppEgressTo port must be an integer between 1 and 65535 (got ${port})`);
    if (!Token.isUnresolved(securityGroupId) && !/^sg-[0-9a-f]{8,17}$/.test(securityGroupId)) {
      fail(`allowAppEgressTo securityGroupId must be a security group id like sg-0123456789abcdef0 or a reference to one (got '${securityGroupId}')`);
    }
    return this.connections.addEgressRule(id, securityGroupId, port, description);
  }
}

/**
 * A Terraform expression that is `before` in a plan made before `instant` and `after` from then on:
 * `${timecmp(plantimestamp(), "<instant>") < 0 ? before : after}` (see `evaluatePlanTimeGuard`).
 */
function planTimeGuard(instant: string, before: string, after: string): string {
  return `\${timecmp(plantimestamp(), "${instant}") < 0 ? ${before} : ${after}}`;
}

/**
 * Base64 of the user data. Literal scripts are encoded here, so that `${...}` and quotes in a
 * shell script never reach Terraform's template syntax; tokens are encoded by Terraform.
 */
function encodeUserData(userData: string | undefined): string | undefined {
  if (userData === undefined) return undefined;
  return Token.isUnresolved(userData) ? Fn.base64encode(userData) : Buffer.from(userData, 'utf8').toString('base64');
}

function validateSchedule(fail: (message: string) => never, actions: readonly ScheduledAction[]): void {
  const names = new Set<string>();
  const startTimes = new Map<string, string>();
  for (const a of actions) {
    const where = `scheduledActions '${a.name}'`;
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(a.name)) fail(`scheduledActions names must be lowercase letters, digits and hyphens (got '${a.name}')`);
    if (names.has(a.name)) fail(`${where} appears twice: names must be unique in the group`);
    names.add(a.name);
    if (a.recurrence === undefined && a.startTime === undefined) {
      fail(`${where} must set recurrence, startTime or both (got neither): a one-time action runs at startTime, a recurring one on its cron expression`);
    }
    if (a.recurrence === undefined && a.endTime !== undefined) fail(`${where} endTime needs a recurrence (got a one-time action with endTime '${a.endTime}'): remove endTime`);
    if (a.startTime !== undefined && a.endTime !== undefined && Date.parse(a.endTime) <= Date.parse(a.startTime)) {
      fail(`${where} endTime must be after startTime (got ${a.startTime} to ${a.endTime})`);
    }
    if (a.recurrence === undefined && a.startTime !== undefined) {
      if (startTimes.has(a.startTime)) fail(`${where} runs at ${a.startTime} like '${startTimes.get(a.startTime)}': AWS rejects two scheduled actions with the same start time, merge them`);
      startTimes.set(a.startTime, a.name);
    }
    if (a.recurrence !== undefined) {
      const problem = cronProblem(a.recurrence);
      if (problem) fail(`${where} has an invalid recurrence '${a.recurrence}': ${problem}`);
    }
    for (const [prop, value] of [['startTime', a.startTime], ['endTime', a.endTime]] as const) {
      if (value !== undefined && !isIsoUtc(value)) fail(`${where} ${prop} must be ISO 8601 in UTC like 2026-12-24T06:00:00Z (got '${value}')`);
    }
    if (a.timeZone !== undefined && !isTimeZone(a.timeZone)) fail(`${where} timeZone must be an IANA time zone like America/New_York (got '${a.timeZone}')`);
    if (a.minSize === undefined && a.maxSize === undefined && a.desiredCapacity === undefined) {
      fail(`${where} changes nothing: set at least one of minSize, maxSize and desiredCapacity`);
    }
    for (const [prop, value] of [['minSize', a.minSize], ['maxSize', a.maxSize], ['desiredCapacity', a.desiredCapacity]] as const) {
      if (value !== undefined && (!Number.isInteger(value) || value < 0)) fail(`${where} ${prop} must be a non-negative integer (got ${value})`);
    }
    const [lo, mid, hi] = [a.minSize, a.desiredCapacity, a.maxSize];
    if ((lo !== undefined && hi !== undefined && lo > hi) || (lo !== undefined && mid !== undefined && lo > mid) || (mid !== undefined && hi !== undefined && mid > hi)) {
      fail(`${where} must satisfy minSize <= desiredCapacity <= maxSize (got ${lo ?? '-'} <= ${mid ?? '-'} <= ${hi ?? '-'})`);
    }
  }
}

/** An IPv4 CIDR block: four octets 0-255, a prefix 0-32 and no host bits set. */
function isIpv4Cidr(cidr: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return false;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return false;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const block = 2 ** (32 - prefix);
  return address % block === 0;
}

/** Longest ARN prefix of an SSM parameter (partition, region and account included) before its name. */
const SSM_PARAMETER_ARN_PREFIX_MAX = 'arn:aws-us-gov:ssm:ap-southeast-7:123456789012:parameter'.length;
/** SSM caps a parameter's name, counted with its ARN, at 1011 characters. */
const SSM_PARAMETER_ARN_MAX = 1011;
/** SSM caps a parameter hierarchy at 15 levels. */
const SSM_MAX_LEVELS = 15;

/** The app-tier grants of the instance role, validated. */
interface AppAccess {
  readonly secretArns: string[];
  readonly secretKmsKeyArns: string[];
  readonly configParameterPath?: string;
  readonly dbResourceIds: string[];
  readonly dbUserName?: string;
  readonly cacheConnectArns: string[];
}

function validateAppAccess(fail: (message: string) => never, props: AlbAsgProps): AppAccess {
  const known = (value: string): boolean => !Token.isUnresolved(value);
  const secretArns = props.appSecretArns ?? [];
  // Names of secrets that services manage start with `<service>!` (RDS: `rds!db-<id>`); `*` and `?` never pass.
  secretArns.forEach((arn, i) => {
    if (known(arn) && !/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@!-]+$/.test(arn)) {
      fail(`appSecretArns[${i}] must be a full Secrets Manager secret ARN like arn:aws:secretsmanager:us-east-1:123456789012:secret:app-db-AbCdEf, without wildcards (got '${arn}'): the instances may read exactly the secrets listed`);
    }
  });
  const secretKmsKeyArns = props.appSecretKmsKeyArns ?? [];
  if (secretKmsKeyArns.length > 0 && secretArns.length === 0) {
    fail(`appSecretKmsKeyArns needs appSecretArns (got ${secretKmsKeyArns.length} key(s) and no secret): the keys are granted for decrypting those secrets through Secrets Manager only`);
  }
  secretKmsKeyArns.forEach((arn, i) => {
    if (known(arn) && !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(arn)) {
      fail(`appSecretKmsKeyArns[${i}] must be a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/<key id> (got '${arn}'): IAM matches kms:Decrypt on the key ARN, not on an alias or a wildcard`);
    }
  });

  const path = props.appConfigParameterPath;
  if (path !== undefined && known(path)) {
    if (!/^(\/[A-Za-z0-9_.-]+)+$/.test(path)) {
      fail(`appConfigParameterPath must be an SSM path like /phi-stack/phi-us-east-1/config: a leading /, segments of letters, digits, '_', '.' or '-', no trailing / and no wildcard (got '${path}')`);
    }
    if (/^\/(aws|ssm)/i.test(path)) fail(`appConfigParameterPath must not begin with /aws or /ssm (got '${path}'): SSM reserves those prefixes`);
    const levels = path.split('/').length - 1;
    if (levels >= SSM_MAX_LEVELS) {
      fail(`appConfigParameterPath must have at most ${SSM_MAX_LEVELS - 1} levels (got ${levels} in '${path}'): the parameters under it add one more and SSM allows ${SSM_MAX_LEVELS}`);
    }
    if (SSM_PARAMETER_ARN_PREFIX_MAX + path.length + 2 > SSM_PARAMETER_ARN_MAX) {
      fail(`appConfigParameterPath is too long (got ${path.length} characters): with its ARN prefix and a parameter name it must fit in the ${SSM_PARAMETER_ARN_MAX} characters SSM allows; use a shorter path`);
    }
  }

  const dbResourceIds = props.iamDatabaseAuthResourceIds ?? [];
  const dbUserName = props.iamDatabaseAuthUserName;
  if (dbResourceIds.length > 0 && dbUserName === undefined) {
    fail('iamDatabaseAuthResourceIds needs iamDatabaseAuthUserName (got no user name): rds-db:connect is granted for one database user, never for all');
  }
  if (dbUserName !== undefined && dbResourceIds.length === 0) {
    fail(`iamDatabaseAuthUserName needs iamDatabaseAuthResourceIds (got user '${dbUserName}' and no resource id): pass the DbiResourceId of each instance the app connects to, e.g. database.primary.resourceId`);
  }
  dbResourceIds.forEach((id, i) => {
    if (known(id) && !/^db-[A-Z0-9]+$/.test(id)) {
      fail(`iamDatabaseAuthResourceIds[${i}] must be an RDS DbiResourceId like db-ABCDEFGHIJKLMNOPQRSTUVWXY1 (got '${id}'): IAM authentication is granted per instance resource id, not per identifier`);
    }
  });
  if (dbUserName !== undefined && known(dbUserName) && !/^[A-Za-z0-9_]{1,32}$/.test(dbUserName)) {
    fail(`iamDatabaseAuthUserName must be a MySQL user name of 1-32 letters, digits or underscores (got '${dbUserName}'): it ends the rds-db:connect resource ARN, where a wildcard would admit every user`);
  }
  const cacheGroups = props.iamCacheAuthReplicationGroupArns ?? [];
  const cacheUsers = props.iamCacheAuthUserArns ?? [];
  if ((cacheGroups.length === 0) !== (cacheUsers.length === 0)) {
    fail(
      `iamCacheAuthReplicationGroupArns and iamCacheAuthUserArns go together (got ${cacheGroups.length} replication group(s) and ${cacheUsers.length} user(s)): elasticache:Connect needs both the cache and the user ARN`,
    );
  }
  cacheGroups.forEach((arn, i) => {
    if (known(arn) && !/^arn:aws[a-z-]*:elasticache:[a-z0-9-]+:\d{12}:replicationgroup:[a-z][a-z0-9-]*$/.test(arn)) {
      fail(`iamCacheAuthReplicationGroupArns[${i}] must be an ElastiCache replication group ARN like arn:aws:elasticache:us-east-1:123456789012:replicationgroup:sessions, without wildcards (got '${arn}')`);
    }
  });
  cacheUsers.forEach((arn, i) => {
    if (known(arn) && !/^arn:aws[a-z-]*:elasticache:[a-z0-9-]+:\d{12}:user:[a-z][a-z0-9-]*$/.test(arn)) {
      fail(`iamCacheAuthUserArns[${i}] must be an ElastiCache user ARN like arn:aws:elasticache:us-east-1:123456789012:user:sessions-app, without wildcards (got '${arn}')`);
    }
  });
  // Literal duplicates are listed once; tokens are distinct strings and pass through as given.
  return {
    secretArns: [...new Set(secretArns)],
    secretKmsKeyArns: [...new Set(secretKmsKeyArns)],
    configParameterPath: path,
    dbResourceIds: [...new Set(dbResourceIds)],
    dbUserName,
    cacheConnectArns: [...new Set([...cacheGroups, ...cacheUsers])],
  };
}

/** The statements of the instance role's `app-config-and-secrets` policy: exactly the app's config, secrets, keys and database user. */
function appAccessStatements(access: AppAccess, ctx: { partition: string; region: string; account: string }): DataAwsIamPolicyDocumentStatement[] {
  const statements: DataAwsIamPolicyDocumentStatement[] = [];
  if (access.configParameterPath !== undefined) {
    const pathArn = `arn:${ctx.partition}:ssm:${ctx.region}:${ctx.account}:parameter${access.configParameterPath}`;
    statements.push({
      // GetParametersByPath is authorized against the requested path; GetParameter(s) against each parameter.
      sid: 'ReadAppConfigParameters',
      effect: 'Allow',
      actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
      resources: [pathArn, `${pathArn}/*`],
    });
  }
  if (access.secretArns.length > 0) {
    statements.push({ sid: 'ReadAppSecrets', effect: 'Allow', actions: ['secretsmanager:GetSecretValue'], resources: access.secretArns });
  }
  if (access.secretKmsKeyArns.length > 0) {
    statements.push({
      sid: 'DecryptAppSecretsThroughSecretsManager',
      effect: 'Allow',
      actions: ['kms:Decrypt'],
      resources: access.secretKmsKeyArns,
      condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`secretsmanager.${ctx.region}.amazonaws.com`] }],
    });
  }
  if (access.dbResourceIds.length > 0) {
    statements.push({
      sid: 'ConnectToDatabaseWithIamAuth',
      effect: 'Allow',
      actions: ['rds-db:connect'],
      resources: access.dbResourceIds.map((id) => `arn:${ctx.partition}:rds-db:${ctx.region}:${ctx.account}:dbuser:${id}/${access.dbUserName}`),
    });
  }
  if (access.cacheConnectArns.length > 0) {
    // ElastiCache IAM authentication: the role signs a token for the user; Connect is authorized on
    // both the replication group and the user.
    statements.push({ sid: 'ConnectToCacheWithIamAuth', effect: 'Allow', actions: ['elasticache:Connect'], resources: access.cacheConnectArns });
  }
  return statements;
}
