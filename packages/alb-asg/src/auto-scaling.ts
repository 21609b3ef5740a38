// The Auto Scaling group of the instances, its scaling policies (CPU and request-count target
// tracking, predictive scaling) and its scheduled actions.
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { AutoscalingPolicy } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { AutoscalingSchedule } from '@cdktf/provider-aws/lib/autoscaling-schedule';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { TerraformLocal, Token } from 'cdktf';
import { Construct } from 'constructs';
import { AlbAsgContext } from './context';
import { SCHEDULE_EXPIRY_GRACE_SECONDS } from './props';
import { isoUtc } from './time-zones';

/** What the Auto Scaling group refers to. */
export interface AutoScalingDeps {
  readonly alb: Lb;
  readonly targetGroup: LbTargetGroup;
  readonly launchTemplate: LaunchTemplate;
}

/** The Auto Scaling group at `scope` with its policies and scheduled actions. */
export function createAutoScaling(scope: Construct, ctx: AlbAsgContext, deps: AutoScalingDeps): AutoscalingGroup {
  const { props, tags } = ctx;
  const {
    name,
    minCapacity,
    maxCapacity,
    desiredCapacity,
    cpuTargetPercent: cpuTarget,
    predictiveScaling: predictive,
    instanceRefreshCheckpointPercentages: checkpoints,
    instanceRefreshCheckpointDelaySeconds: checkpointDelay,
    scheduledActions: schedule,
    schedule: compiled,
  } = ctx.settings;
  const { targetGroup, launchTemplate } = deps;
  const groupTags = tags(`${name}-app`);
  // The schedule owns min_size once the group exists: Terraform sets it at creation only, to the
  // minimum in force at plan time (a group created during a peak starts at the peak), and ignores
  // it afterwards, so that an apply during a window never drops the group to its baseline.
  const scheduleOwnsMin = schedule.some((a) => a.minSize !== undefined);
  let creationMin: number | string = minCapacity;
  let creationDesired: number | string = desiredCapacity;
  if (compiled && scheduleOwnsMin) {
    const steps = new TerraformLocal(
      scope,
      'schedule-steps',
      compiled.steps.map(([at, min]) => [isoUtc(at), min]),
    );
    const inForce = `try(reverse([for s in local.${steps.friendlyUniqueId} : s[1] if timecmp(s[0], plantimestamp()) <= 0])[0], ${minCapacity})`;
    creationMin = `\${${inForce}}`;
    creationDesired = `\${max(${desiredCapacity}, ${inForce})}`;
  }
  const asg = new AutoscalingGroup(scope, 'asg', {
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

  new AutoscalingPolicy(scope, 'cpu-target', {
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
    new AutoscalingPolicy(scope, 'requests-target', {
      name: `${name}-requests-per-target`,
      autoscalingGroupName: asg.name,
      policyType: 'TargetTrackingScaling',
      estimatedInstanceWarmup: 300,
      targetTrackingConfiguration: {
        predefinedMetricSpecification: {
          predefinedMetricType: 'ALBRequestCountPerTarget',
          resourceLabel: `${deps.alb.arnSuffix}/${targetGroup.arnSuffix}`,
        },
        targetValue: props.requestCountPerTargetTarget,
      },
    });
  }
  if (predictive !== 'off') {
    new AutoscalingPolicy(scope, 'cpu-predictive', {
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
    new AutoscalingSchedule(scope, `schedule-${action.name}`, {
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
  return asg;
}

/**
 * A Terraform expression that is `before` in a plan made before `instant` and `after` from then on:
 * `${timecmp(plantimestamp(), "<instant>") < 0 ? before : after}` (see `evaluatePlanTimeGuard`).
 */
function planTimeGuard(instant: string, before: string, after: string): string {
  return `\${timecmp(plantimestamp(), "${instant}") < 0 ? ${before} : ${after}}`;
}
