// The checks of RedisPhi's props, and the settings they resolve to.
import { dataTierPlacementProblems, kmsKeyProblem, logRetentionProblem, OPT_OUTS, optOutReasonProblem, Problems } from '@phi-stack/constructs-core';
import { Token } from 'cdktf';
import { REDIS_DEFAULT_APP_ACCESS_STRING, REDIS_MIN_SNAPSHOT_RETENTION_DAYS, REPLICAS_PER_NODE_GROUP, RedisPhiProps } from './props';

/** Parameters the construct owns. */
const OWNED_PARAMETERS = ['cluster-enabled'];

/** The settings of a RedisPhi after defaults and checks. */
export interface RedisPhiSettings {
  engineVersion: string;
  nodeType: string;
  port: number;
  clusterMode: boolean;
  numNodeGroups: number;
  replicasPerNodeGroup: number;
  multiAz: boolean;
  snapshotRetentionDays: number;
  snapshotWindow: string;
  maintenanceWindow: string;
  logRetentionDays: number;
  appAccessString: string;
}

const known = (value: unknown): boolean => value !== undefined && !Token.isUnresolved(value);

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Checks every prop of a RedisPhi at `path` (aws-cdk style errors: the path, the prop, the value
 * received and the way out) and returns the settings after defaults. Runs before any resource
 * exists and throws one Error naming every problem; a check that reads a value validated before it
 * (the shard count, the two windows) runs only when that value is valid.
 */
export function validateRedisPhi(path: string, props: RedisPhiProps): RedisPhiSettings {
  const problems = new Problems(path);
  problems.add(kmsKeyProblem('kmsKey', props.kmsKey));
  /** Records the problem of a sizing integer (a token or out of [min, max]); true when the value is fine. */
  const concreteInt = (prop: string, value: number, min: number, max: number, why: string): boolean => {
    if (Token.isUnresolved(value)) problems.add(`${prop} must be a number known at synth time (got a token): it sizes the replication group`);
    else if (!Number.isInteger(value) || value < min || value > max) problems.add(`${prop} must be between ${min} and ${max} (got ${value}): ${why}`);
    else return true;
    return false;
  };

  if (!Token.isUnresolved(props.name) && (!/^[a-z][a-z0-9-]{1,33}$/.test(props.name) || props.name.includes('--') || props.name.endsWith('-'))) {
    problems.add(`name must be 2-34 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen (got '${props.name}'): it is the replication group id, e.g. 'sessions'`);
  }
  for (const problem of dataTierPlacementProblems(props)) problems.add(problem);

  const engineVersion = props.engineVersion ?? '7.1';
  if (known(engineVersion) && !/^7\.\d+$/.test(engineVersion)) {
    problems.add(`engineVersion must be a Redis 7 version like 7.1 (got '${engineVersion}'): the parameter group is built for the redis7 family`);
  }
  const nodeType = props.nodeType ?? 'cache.r7g.large';
  if (known(nodeType) && !/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(nodeType)) problems.add(`nodeType must be an ElastiCache node type like cache.r7g.large (got '${nodeType}')`);
  if (known(nodeType) && /^cache\.t[12]\./.test(nodeType)) problems.add(`nodeType must support encryption at rest and in transit (got '${nodeType}'): use cache.t3 or newer`);

  const port = props.port ?? 6379;
  if (known(port) && (!Number.isInteger(port) || port < 1024 || port > 65535)) problems.add(`port must be between 1024 and 65535 (got ${port}): ElastiCache accepts unprivileged ports only`);

  const clusterMode = props.clusterMode ?? false;
  const numNodeGroups = props.numNodeGroups ?? 1;
  const numNodeGroupsOk = concreteInt('numNodeGroups', numNodeGroups, 1, 500, 'ElastiCache Redis supports 1-500 shards');
  if (numNodeGroupsOk && !clusterMode && numNodeGroups !== 1) problems.add(`numNodeGroups must be 1 unless clusterMode is true (got ${numNodeGroups}): set clusterMode: true to shard the data`);
  const replicasPerNodeGroup = props.replicasPerNodeGroup ?? 1;
  concreteInt('replicasPerNodeGroup', replicasPerNodeGroup, REPLICAS_PER_NODE_GROUP.min, REPLICAS_PER_NODE_GROUP.max, REPLICAS_PER_NODE_GROUP.why);

  const multiAz = props.multiAz ?? true;
  problems.add(optOutReasonProblem(!multiAz, 'multiAzDisabledReason', props.multiAzDisabledReason, 'multiAz is false', OPT_OUTS.multiAz));

  const snapshotRetentionDays = props.snapshotRetentionDays ?? REDIS_MIN_SNAPSHOT_RETENTION_DAYS;
  if (known(snapshotRetentionDays)) {
    if (!Number.isInteger(snapshotRetentionDays) || snapshotRetentionDays < 1 || snapshotRetentionDays > 35) {
      problems.add(`snapshotRetentionDays must be between 1 and 35 (got ${snapshotRetentionDays}): cached PHI must be restorable, 0 would turn snapshots off`);
    } else {
      problems.add(
        optOutReasonProblem(
          snapshotRetentionDays < REDIS_MIN_SNAPSHOT_RETENTION_DAYS,
          'snapshotRetentionReducedReason',
          props.snapshotRetentionReducedReason,
          `snapshotRetentionDays is ${snapshotRetentionDays}, below ${REDIS_MIN_SNAPSHOT_RETENTION_DAYS}`,
          OPT_OUTS.snapshotRetention,
        ),
      );
    }
  }
  const hhmm = '([01]\\d|2[0-3]):[0-5]\\d';
  const snapshotWindow = props.snapshotWindow ?? '03:00-05:00';
  // The overlap of the two windows is checked only on two well-formed windows.
  let windowsOk = known(snapshotWindow);
  if (known(snapshotWindow)) {
    if (!new RegExp(`^${hhmm}-${hhmm}$`).test(snapshotWindow)) {
      problems.add(`snapshotWindow must be a UTC range hh:mm-hh:mm (got '${snapshotWindow}'), e.g. '03:00-05:00'`);
      windowsOk = false;
    } else {
      const [start, end] = snapshotWindow.split('-').map(minutesOf);
      if ((end - start + 1440) % 1440 < 60) problems.add(`snapshotWindow must last at least 60 minutes (got '${snapshotWindow}'): ElastiCache needs an hour to snapshot`);
    }
  }
  const maintenanceWindow = props.maintenanceWindow ?? 'sun:05:30-sun:06:30';
  const day = '(mon|tue|wed|thu|fri|sat|sun)';
  if (known(maintenanceWindow) && !new RegExp(`^${day}:${hhmm}-${day}:${hhmm}$`).test(maintenanceWindow)) {
    problems.add(`maintenanceWindow must be a UTC range ddd:hh:mm-ddd:hh:mm (got '${maintenanceWindow}'), e.g. 'sun:05:30-sun:06:30'`);
    windowsOk = false;
  }
  if (windowsOk && known(maintenanceWindow)) {
    const overlap = windowsOverlap(snapshotWindow, maintenanceWindow);
    if (overlap === 'short') problems.add(`maintenanceWindow must last at least 60 minutes (got '${maintenanceWindow}'): ElastiCache refuses a shorter one`);
    else if (overlap) {
      problems.add(`snapshotWindow '${snapshotWindow}' overlaps maintenanceWindow '${maintenanceWindow}' on ${overlap}: ElastiCache refuses overlapping windows (InvalidParameterCombination); move one of them`);
    }
  }
  const logRetentionDays = props.logRetentionDays ?? 365;
  if (known(logRetentionDays)) problems.add(logRetentionProblem('logRetentionDays', logRetentionDays));
  const appAccessString = props.appAccessString ?? REDIS_DEFAULT_APP_ACCESS_STRING;
  if (known(appAccessString) && (!/^on(\s|$)/.test(appAccessString.trim()) || /(^|\s)nopass(\s|$)/.test(appAccessString) || /(^|\s)[>#]/.test(appAccessString))) {
    problems.add(`appAccessString must start with 'on' and set no password ('nopass', '>' or '#') (got '${appAccessString}'): the app user authenticates with IAM tokens only, e.g. '${REDIS_DEFAULT_APP_ACCESS_STRING}'`);
  }
  const owned = Object.keys(props.parameters ?? {}).filter((key) => OWNED_PARAMETERS.includes(key));
  if (owned.length > 0) problems.add(`parameters must not set ${owned.join(', ')} (got ${owned.map((k) => `${k}=${props.parameters![k]}`).join(', ')}): use clusterMode`);

  problems.throwIfAny();

  return {
    engineVersion,
    nodeType,
    port,
    clusterMode,
    numNodeGroups,
    replicasPerNodeGroup,
    multiAz,
    snapshotRetentionDays,
    snapshotWindow,
    maintenanceWindow,
    logRetentionDays,
    appAccessString,
  };
}

const WEEK_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WEEK = 7 * 1440;

/**
 * Where a daily snapshot window (`hh:mm-hh:mm`) and a weekly maintenance window
 * (`ddd:hh:mm-ddd:hh:mm`) overlap, both in UTC and either may wrap: the day of the first shared
 * minute, `'short'` for a maintenance window under an hour, or undefined when they are clear.
 */
export function windowsOverlap(snapshotWindow: string, maintenanceWindow: string): string | 'short' | undefined {
  const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const [from, to] = maintenanceWindow.split('-');
  const mStart = WEEK_DAYS.indexOf(from.slice(0, 3)) * 1440 + minutes(from.slice(4));
  const mLength = (WEEK_DAYS.indexOf(to.slice(0, 3)) * 1440 + minutes(to.slice(4)) - mStart + WEEK) % WEEK;
  if (mLength < 60) return 'short';
  const [sFrom, sTo] = snapshotWindow.split('-').map(minutes);
  const sLength = (sTo - sFrom + 1440) % 1440;
  for (let d = 0; d < 7; d++) {
    const sStart = d * 1440 + sFrom;
    // Two intervals on a circle of one week overlap when either starts inside the other.
    const inside = (point: number, start: number, length: number) => (point - start + WEEK) % WEEK < length;
    if (inside(sStart, mStart, mLength)) return WEEK_DAYS[d];
    if (inside(mStart, sStart, sLength)) return WEEK_DAYS[Math.floor(mStart / 1440)];
  }
  return undefined;
}
