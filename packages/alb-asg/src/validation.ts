// Validation of the web tier's props: every check runs before the first resource exists, every
// problem is collected (Problems) and thrown at once, and the settings (props after defaults) the
// resource families read are returned.
import { integerProblem, kmsKeyProblem, OPT_OUTS, optOutReasonProblem, Problems } from '@phi-stack/constructs-core';
import { Token } from 'cdktf';
import { AppAccess, validateAppAccess } from './instance-role';
import { DEFAULT_PEAK_WINDOWS, dstProblems, localTimeDstProblem, PeakCalendar, resolvePeakWindows, scheduleTimeZoneProblem } from './peak-windows';
import { AlbAsgProps, BURSTABLE_BASELINE_PERCENT, CPU_TARGET_PERCENT, CpuCredits, DEFAULT_SSL_POLICY, isBurstableInstanceType, PredictiveScalingMode, TargetProtocol } from './props';
import { CompiledSchedule, compileSchedule, MAX_SCHEDULED_ACTIONS } from './schedule-compiler';
import { cronProblem, isIsoUtc, isTimeZone, ScheduledAction } from './scheduled-actions';

/** The props of the web tier after validation and defaults, as the resource families read them. */
export interface AlbAsgSettings {
  readonly name: string;
  readonly sslPolicy: string;
  readonly deletionProtection: boolean;
  readonly targetProtocol: TargetProtocol;
  readonly appPort: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  readonly healthCheckIntervalSeconds: number;
  readonly deregistrationDelaySeconds: number;
  readonly healthCheckPath: string;
  readonly instanceType: string;
  readonly rootVolumeSizeGiB: number;
  /** The app-tier grants of the instance role. */
  readonly appAccess: AppAccess;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly desiredCapacity: number;
  readonly cpuTargetPercent: number;
  readonly predictiveScaling: PredictiveScalingMode;
  /** The credit option of a burstable type; undefined for other types. */
  readonly cpuCredits?: CpuCredits;
  readonly instanceRefreshCheckpointPercentages: number[];
  readonly instanceRefreshCheckpointDelaySeconds: number;
  /** The scheduled actions to apply: the raw ones as given, or those compiled from the peak windows. */
  readonly scheduledActions: ScheduledAction[];
  /** The peak calendar (undefined with raw `scheduledActions`). */
  readonly peakCalendar?: PeakCalendar;
  /** The compiled schedule (undefined with raw `scheduledActions`). */
  readonly schedule?: CompiledSchedule;
}

/**
 * Validates `props` of the AlbAsg at `path` and throws one Error naming every problem
 * (`<path>: <problem>`, or `<path>: <n> problems:` and a line each). A check that reads a value
 * validated before it (the capacities, the time zone, the schedule years) runs only when that value
 * is valid, so no problem is reported twice.
 */
export function validateAlbAsg(path: string, props: AlbAsgProps): AlbAsgSettings {
  const problems = new Problems(path);
  problems.add(kmsKeyProblem('kmsKey', props.kmsKey));
  const name = props.name;
  problems.check(/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/.test(name), () =>
    `name must be 2-24 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen (got '${name}'): it prefixes the ALB and target group names, which AWS caps at 32 characters`,
  );

  const azCount = props.appSubnetIds.length;
  problems.check(props.albSubnetIds.length >= 2, () => `albSubnetIds must list at least 2 subnets in different AZs (got ${props.albSubnetIds.length}): an ALB needs two AZs`);
  problems.check(azCount >= 2, () => `appSubnetIds must list at least 2 subnets in different AZs (got ${azCount}): one AZ is not highly available`);
  if (!Token.isUnresolved(props.certificateArn) && !/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(props.certificateArn)) {
    problems.add(`certificateArn must be an ACM certificate ARN like arn:aws:acm:us-east-1:123456789012:certificate/<id> (got '${props.certificateArn}')`);
  }
  const sslPolicy = props.sslPolicy ?? DEFAULT_SSL_POLICY;
  if (!/^ELBSecurityPolicy-(TLS13-1-[23]-|FS-1-2-|TLS-1-2-)/.test(sslPolicy)) {
    problems.add(`sslPolicy must be a TLS 1.2+ ELB policy such as ${DEFAULT_SSL_POLICY} (got '${sslPolicy}'): older policies allow TLS 1.0/1.1, which HIPAA guidance rules out`);
  }
  const deletionProtection = props.deletionProtection ?? true;
  problems.add(optOutReasonProblem(!deletionProtection, 'deletionProtectionDisabledReason', props.deletionProtectionDisabledReason, 'deletionProtection is false', OPT_OUTS.deletionProtection));
  if (props.webAclDisabledReason !== undefined) {
    if (props.webAclArn !== undefined) {
      problems.add(`webAclArn and webAclDisabledReason are exclusive (got both): drop webAclDisabledReason to attach the web ACL`);
    } else {
      problems.add(optOutReasonProblem(true, 'webAclDisabledReason', props.webAclDisabledReason, 'the ALB has no web ACL', OPT_OUTS.waf));
    }
  }
  const targetProtocol = props.targetProtocol ?? 'HTTPS';
  if (targetProtocol !== 'HTTPS' && targetProtocol !== 'HTTP') problems.add(`targetProtocol must be 'HTTPS' or 'HTTP' (got '${String(targetProtocol)}')`);
  problems.add(
    optOutReasonProblem(
      targetProtocol === 'HTTP',
      'targetProtocolHttpReason',
      props.targetProtocolHttpReason,
      "targetProtocol is 'HTTP' (PHI would cross the VPC unencrypted between the ALB and the instances)",
      OPT_OUTS.targetTls,
    ),
  );
  const appPort = props.appPort ?? 443;
  /** Records the problem of an integer prop out of [lo, hi]; true when the value is fine (or a token). */
  const intIn = (prop: string, value: number, lo: number, hi: number): boolean => {
    const ok = Token.isUnresolved(value) || (Number.isInteger(value) && value >= lo && value <= hi);
    problems.check(ok, () => `${prop} must be an integer between ${lo} and ${hi} (got ${value})`);
    return ok;
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
  problems.check(healthCheckPath.startsWith('/'), () => `healthCheckPath must start with / (got '${healthCheckPath}')`);
  const instanceType = props.instanceType ?? 't3.small';
  if (!Token.isUnresolved(instanceType) && !/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(instanceType)) problems.add(`instanceType must look like t3.small (got '${instanceType}')`);
  const rootVolumeSize = props.rootVolumeSizeGiB ?? 20;
  intIn('rootVolumeSizeGiB', rootVolumeSize, 8, 16384);
  // Removed props, still read from JavaScript callers: refused rather than silently ignored.
  for (const removed of ['imageBucketArn', 'imageBucketPrefix', 'imageBucketKmsKeyArn'] as const) {
    if ((props as unknown as Record<string, unknown>)[removed] !== undefined) {
      problems.add(`${removed} was removed (got '${String((props as unknown as Record<string, unknown>)[removed])}'): grant the bucket instead, images.grantReadWrite(web, 'images/') with an S3CloudFront, or bucketFromArn(scope, arn, { encryptionKey }).grantReadWrite(web, 'images/')`);
    }
  }
  (props.albIngressCidrBlocks ?? []).forEach((cidr, i) => {
    if (!Token.isUnresolved(cidr) && !isIpv4Cidr(cidr)) {
      problems.add(`albIngressCidrBlocks[${i}] must be an IPv4 CIDR block with no host bits set, like 203.0.113.0/24 (got '${cidr}'): the ALB security group admits clients from these blocks`);
    }
  });
  const appAccess = validateAppAccess(problems, props);

  const minCapacity = props.minCapacity ?? azCount;
  const maxCapacity = props.maxCapacity ?? minCapacity * 3;
  const desiredCapacity = props.desiredCapacity ?? minCapacity;
  // The checks below that compare capacities run only on capacities in range.
  const minOk = intIn('minCapacity', minCapacity, 0, 1000);
  const capacitiesOk = intIn('maxCapacity', maxCapacity, 1, 1000) && minOk;
  if (capacitiesOk && !(minCapacity <= desiredCapacity && desiredCapacity <= maxCapacity)) {
    problems.add(`capacities must satisfy minCapacity <= desiredCapacity <= maxCapacity (got ${minCapacity} <= ${desiredCapacity} <= ${maxCapacity})`);
  }
  if (capacitiesOk && maxCapacity < azCount) {
    problems.add(`maxCapacity must be at least the number of app subnets (got ${maxCapacity} for ${azCount} AZs): the group needs an instance per AZ to survive an AZ failure`);
  }
  intIn('healthCheckGracePeriodSeconds', props.healthCheckGracePeriodSeconds ?? 300, 0, 7200);
  const cpuTarget = props.cpuTargetPercent ?? 65;
  const cpuTargetProblem = integerProblem('cpuTargetPercent', cpuTarget, CPU_TARGET_PERCENT);
  problems.add(cpuTargetProblem);
  if (props.requestCountPerTargetTarget !== undefined) intIn('requestCountPerTargetTarget', props.requestCountPerTargetTarget, 1, 1000000);
  const predictive = props.predictiveScaling ?? 'off';
  if (!['off', 'forecast-only', 'forecast-and-scale'].includes(predictive)) {
    problems.add(`predictiveScaling must be 'off', 'forecast-only' or 'forecast-and-scale' (got '${String(predictive)}')`);
  }
  const burstable = !Token.isUnresolved(instanceType) && isBurstableInstanceType(instanceType);
  if (props.cpuCredits !== undefined && props.cpuCredits !== 'standard' && props.cpuCredits !== 'unlimited') {
    problems.add(`cpuCredits must be 'standard' or 'unlimited' (got '${String(props.cpuCredits)}')`);
  } else if (props.cpuCredits !== undefined && !burstable) {
    problems.add(`cpuCredits applies to burstable instance types (t2, t3, t3a, t4g) only (got cpuCredits '${props.cpuCredits}' on ${instanceType}): remove it`);
  }
  const cpuCredits: CpuCredits | undefined = burstable ? props.cpuCredits ?? 'unlimited' : undefined;
  if (cpuCredits === 'standard' && cpuTargetProblem === undefined) {
    const baseline = BURSTABLE_BASELINE_PERCENT[instanceType.split('.')[1]];
    if (baseline !== undefined && cpuTarget > baseline) {
      problems.add(
        `cpuTargetPercent ${cpuTarget} is above the ${baseline}% baseline of ${instanceType}, which cpuCredits 'standard' throttles to once its credits are spent: use cpuCredits 'unlimited', a target of at most ${baseline}, or a non-burstable type`,
      );
    }
  }
  const checkpoints = props.instanceRefreshCheckpointPercentages ?? [25, 50, 100];
  if (checkpoints.length === 0 || checkpoints.some((p, i) => !Number.isInteger(p) || p < 1 || p > 100 || (i > 0 && p <= checkpoints[i - 1])) || checkpoints[checkpoints.length - 1] !== 100) {
    problems.add(`instanceRefreshCheckpointPercentages must be ascending integers of 1-100 ending with 100 (got [${checkpoints.join(', ')}]): the last checkpoint replaces the whole fleet`);
  }
  const checkpointDelay = props.instanceRefreshCheckpointDelaySeconds ?? 600;
  intIn('instanceRefreshCheckpointDelaySeconds', checkpointDelay, 0, 172800);
  const timeZone = props.scheduleTimeZone ?? 'UTC';
  const zoneProblem = scheduleTimeZoneProblem(timeZone);
  const zoneOk = !zoneProblem && isTimeZone(timeZone);
  if (!zoneOk) problems.add(zoneProblem ?? `scheduleTimeZone must be an IANA time zone like America/New_York (got '${timeZone}')`);
  const peakMin = props.peakMinCapacity ?? Math.min(maxCapacity, minCapacity * 2);
  const peakOk = !capacitiesOk || (peakMin >= minCapacity && peakMin <= maxCapacity);
  if (!peakOk) problems.add(`peakMinCapacity must be between minCapacity and maxCapacity (got ${peakMin}, bounds ${minCapacity}-${maxCapacity})`);
  // Checked before the schedule, which is only built from valid capacities and a valid time zone.
  if (!props.accessLogsBucket) intIn('accessLogsExpirationDays', props.accessLogsExpirationDays ?? 365, 1, 36500);
  if (props.imageId !== undefined && (props.amiSsmParameterName !== undefined || props.amiAutoUpdate !== undefined)) {
    problems.add(`imageId pins the AMI, so amiSsmParameterName and amiAutoUpdate do not apply (got imageId '${props.imageId}' with ${props.amiSsmParameterName !== undefined ? 'amiSsmParameterName' : 'amiAutoUpdate'}): remove one`);
  }

  let schedule: ScheduledAction[] = [];
  let peakCalendar: PeakCalendar | undefined;
  let compiled: CompiledSchedule | undefined;
  if (props.scheduledActions !== undefined) {
    if (props.peakWindows !== undefined) problems.add('scheduledActions and peakWindows are exclusive (got both): raw actions do not stack, so pass either the windows or the actions');
    schedule = props.scheduledActions.map((a) => ({ ...a, ...(a.recurrence !== undefined ? { timeZone: a.timeZone ?? timeZone } : {}) }));
  } else {
    const fromYear = props.scheduleFromYear ?? new Date().getUTCFullYear();
    const years = props.scheduleYears ?? 4;
    const fromYearOk = intIn('scheduleFromYear', fromYear, 2000, 2200);
    const yearsOk = intIn('scheduleYears', years, 1, 10) && fromYearOk;
    if (capacitiesOk && peakOk && zoneOk && yearsOk) {
      const found = problems.list.length;
      const resolved = resolvePeakWindows(props.peakWindows ?? [...DEFAULT_PEAK_WINDOWS], { baseMinSize: minCapacity, peakMinSize: peakMin, maxSize: maxCapacity });
      if (resolved.problems.length > 0) problems.add(resolved.problems.join('; '));
      for (const w of resolved.windows) {
        if (w.minSize < minCapacity) problems.add(`peakWindows '${w.name}' minCapacity ${w.minSize} is below minCapacity ${minCapacity}: a window can only raise the minimum`);
      }
      const calendar: PeakCalendar = { timeZone, baseMinSize: minCapacity, windows: resolved.windows };
      const dst = dstProblems(calendar, fromYear, fromYear + years - 1);
      if (dst.length > 0) problems.add(dst.join('; '));
      const holdTime = props.scheduleHoldTime === false ? undefined : props.scheduleHoldTime ?? '04:00';
      if (holdTime !== undefined) problems.add(localTimeDstProblem(holdTime, timeZone, fromYear, fromYear + years - 1, 'scheduleHoldTime'));
      // The schedule is compiled from windows and a hold time without a problem only.
      if (problems.list.length === found) {
        peakCalendar = calendar;
        compiled = compileSchedule({ calendar, fromYear, years, holdTime });
        schedule = compiled.actions;
      }
    }
  }
  // Empty when the schedule was not built: its inputs have problems of their own.
  validateSchedule(problems, schedule);
  if (schedule.length > MAX_SCHEDULED_ACTIONS) {
    problems.add(
      `the schedule has ${schedule.length} scheduled actions, more than the ${MAX_SCHEDULED_ACTIONS} EC2 Auto Scaling allows per group: lower scheduleYears (got ${props.scheduleYears ?? 4}) or merge peak windows`,
    );
  }
  problems.throwIfAny();

  return {
    name,
    sslPolicy,
    deletionProtection,
    targetProtocol,
    appPort,
    healthyThreshold,
    unhealthyThreshold,
    healthCheckIntervalSeconds: interval,
    deregistrationDelaySeconds: deregistrationDelay,
    healthCheckPath,
    instanceType,
    rootVolumeSizeGiB: rootVolumeSize,
    appAccess,
    minCapacity,
    maxCapacity,
    desiredCapacity,
    cpuTargetPercent: cpuTarget,
    predictiveScaling: predictive,
    cpuCredits,
    instanceRefreshCheckpointPercentages: checkpoints,
    instanceRefreshCheckpointDelaySeconds: checkpointDelay,
    scheduledActions: schedule,
    peakCalendar,
    schedule: compiled,
  };
}

/** Records the problems of the scheduled actions of the group, raw or compiled. */
function validateSchedule(problems: Problems, actions: readonly ScheduledAction[]): void {
  const names = new Set<string>();
  const startTimes = new Map<string, string>();
  for (const a of actions) {
    const where = `scheduledActions '${a.name}'`;
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(a.name)) problems.add(`scheduledActions names must be lowercase letters, digits and hyphens (got '${a.name}')`);
    if (names.has(a.name)) problems.add(`${where} appears twice: names must be unique in the group`);
    names.add(a.name);
    if (a.recurrence === undefined && a.startTime === undefined) {
      problems.add(`${where} must set recurrence, startTime or both (got neither): a one-time action runs at startTime, a recurring one on its cron expression`);
    }
    if (a.recurrence === undefined && a.endTime !== undefined) problems.add(`${where} endTime needs a recurrence (got a one-time action with endTime '${a.endTime}'): remove endTime`);
    if (a.startTime !== undefined && a.endTime !== undefined && Date.parse(a.endTime) <= Date.parse(a.startTime)) {
      problems.add(`${where} endTime must be after startTime (got ${a.startTime} to ${a.endTime})`);
    }
    if (a.recurrence === undefined && a.startTime !== undefined) {
      if (startTimes.has(a.startTime)) problems.add(`${where} runs at ${a.startTime} like '${startTimes.get(a.startTime)}': AWS rejects two scheduled actions with the same start time, merge them`);
      startTimes.set(a.startTime, a.name);
    }
    if (a.recurrence !== undefined) {
      const problem = cronProblem(a.recurrence);
      if (problem) problems.add(`${where} has an invalid recurrence '${a.recurrence}': ${problem}`);
    }
    for (const [prop, value] of [['startTime', a.startTime], ['endTime', a.endTime]] as const) {
      if (value !== undefined && !isIsoUtc(value)) problems.add(`${where} ${prop} must be ISO 8601 in UTC like 2026-12-24T06:00:00Z (got '${value}')`);
    }
    if (a.timeZone !== undefined && !isTimeZone(a.timeZone)) problems.add(`${where} timeZone must be an IANA time zone like America/New_York (got '${a.timeZone}')`);
    if (a.minSize === undefined && a.maxSize === undefined && a.desiredCapacity === undefined) {
      problems.add(`${where} changes nothing: set at least one of minSize, maxSize and desiredCapacity`);
    }
    for (const [prop, value] of [['minSize', a.minSize], ['maxSize', a.maxSize], ['desiredCapacity', a.desiredCapacity]] as const) {
      if (value !== undefined && (!Number.isInteger(value) || value < 0)) problems.add(`${where} ${prop} must be a non-negative integer (got ${value})`);
    }
    const [lo, mid, hi] = [a.minSize, a.desiredCapacity, a.maxSize];
    if ((lo !== undefined && hi !== undefined && lo > hi) || (lo !== undefined && mid !== undefined && lo > mid) || (mid !== undefined && hi !== undefined && mid > hi)) {
      problems.add(`${where} must satisfy minSize <= desiredCapacity <= maxSize (got ${lo ?? '-'} <= ${mid ?? '-'} <= ${hi ?? '-'})`);
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
